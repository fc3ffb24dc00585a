/*
 * serve — the server setup: which modules' routes are mounted, the authentication
 * middleware every non-public route passes through, and the login/first-run/logout pages.
 *
 * Adding a module (e.g. the Google Reader API): write `void greader_routes(struct
 * http_router *r)` in its own file and add one line to serve_routes in serve.c.
 *
 * Authentication (serve_auth, installed with http_router_set_auth):
 *   HTTP_SESSION routes (pages): the session cookie (SERVE_COOKIE) must be live, else a 303
 *     to /setup (no account yet) or /login?next=...; unsafe methods need the session's CSRF
 *     token in the form field "csrf" or the X-CSRF-Token header, else 403.
 *   HTTP_API routes (/api/v1): "Authorization: Bearer TOKEN" (an API token; no CSRF needed,
 *     a browser never sends it on its own), or the session cookie plus X-CSRF-Token on unsafe
 *     methods; else 401/403 JSON.
 * Cookies are HttpOnly, SameSite=Lax, Path=/, and Secure when the request came over TLS
 * (X-Forwarded-Proto: https from a local proxy).
 * Thread-safety: everything runs on the worker threads with the request's store.
 */
#ifndef SERVE_SERVE_H
#define SERVE_SERVE_H
#include "serve/http.h"

#define SERVE_COOKIE "nf_session"

/* Every route of the application, in order. */
void serve_routes(struct http_router *r);
int serve_auth(struct http_req *req, struct http_resp *resp, int flags);
/* Whether users may add feeds on loopback/private addresses (serve --allow-private). */
void serve_set_allow_private(int on);
int serve_allow_private(const struct http_req *req);
void api_routes(struct http_router *r);      /* serve/api.c: /api/v1 */
void api_stories_routes(struct http_router *r); /* serve/api_stories.c: /api/v1/stories */
/* Shared by the API files: answer 404 (rc > 0, with notfound) or 500 (err, which is freed);
 * and 200 with a JSON body (takes the reference). Both return 0, the handler's result. */
int api_fail(struct http_resp *resp, int rc, char *err, const char *notfound);
int api_ok_json(struct http_resp *resp, json_t *v);
#endif
