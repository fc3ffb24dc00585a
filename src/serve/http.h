/*
 * http — the HTTP server core: a libmicrohttpd wrapper with a router, parsed requests,
 * buffered responses and the security headers every response carries.
 *
 * Model: MHD runs its own poll thread plus a pool of worker threads
 * (MHD_USE_INTERNAL_POLLING_THREAD + MHD_OPTION_THREAD_POOL_SIZE). A request is buffered
 * whole (body capped at HTTP_MAX_BODY; 413 past it, decided from Content-Length before the
 * body is read when possible), parsed (query, urlencoded or multipart form, JSON), routed to
 * one handler, and answered with one buffered response. Slow clients are cut off after
 * HTTP_TIMEOUT_S of inactivity; headers are bounded by the per-connection memory limit
 * (HTTP_CONN_MEMORY; MHD answers 431/400 past it).
 *
 * Threads and the database: each worker thread opens its own struct store on first use
 * (SQLite connection, WAL); req->st is that thread's store. Handlers must not keep it past
 * the request. The stores are closed by http_server_stop.
 *
 * Routes: a module exposes one registration function and the server setup (serve.c,
 * serve_routes) calls it once:
 *
 *     void greader_routes(struct http_router *r)
 *     {
 *             http_route(r, "POST", "/accounts/ClientLogin", HTTP_PUBLIC, greader_login);
 *             http_route(r, "*", "/reader/api/0/" "*", HTTP_PUBLIC, greader_dispatch);
 *     }
 *
 * Patterns: literal segments, ":name" captures one segment (read it with http_param), and
 * a final "*" matches the rest of the path (read it with http_param(req, "*")). The method
 * "*" matches any method. Routes are tried in registration order; first match wins.
 * The query string is never part of the pattern.
 *
 * Authentication: http.c knows nothing of accounts. The server setup installs one
 * middleware (http_router_set_auth) that runs before every handler whose flags are not
 * HTTP_PUBLIC; it fills req->user_id / req->csrf or answers itself (login redirect, 401,
 * 403 on a missing CSRF token). Routes flagged HTTP_PUBLIC do their own authentication
 * (Google Reader's GoogleLogin auth, Fever's api_key).
 *
 * Response cache: a GET to a route flagged HTTP_CACHE is answered from the worker thread's
 * cache when the same user, session (CSRF token) and URL (path + query) got a 200 answer
 * less than HTTP_CACHE_TTL_S seconds ago and nothing changed since: every unsafe-method
 * request, and every http_cache_bump, invalidates all entries, and so does any commit from
 * another connection (SQLite's PRAGMA data_version: other threads, the refresher, the
 * command line). Handlers that write on a GET must call http_cache_bump. Answers that set
 * headers (cookies, redirects) are never cached. The TTL bounds staleness of relative times.
 * A hit costs no database access while nothing has committed since the entry was filled
 * (the WAL-index header's commit stamp, read from the -shm file without a transaction) and
 * the request's credentials were accepted at that same stamp within the last 30 s; else it
 * takes the transaction path above. So a revoked token or ended session (a commit) is never
 * honoured from the cache.
 *
 * Ownership: everything reachable from struct http_req belongs to the request and lives
 * until the handler returns. The handler fills struct http_resp; http.c sends and frees it.
 * Thread-safety: routes are registered before http_server_start and read-only afterwards.
 */
#ifndef SERVE_HTTP_H
#define SERVE_HTTP_H
#include "store/store.h"
#include "util/buf.h"
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#define HTTP_MAX_BODY (1024 * 1024)      /* request body cap; 413 past it */
#define HTTP_MAX_RESPONSE (64 * 1024 * 1024)
#define HTTP_CONN_MEMORY (32 * 1024)     /* per-connection memory: request line + headers (MHD zeroes it per request) */
#define HTTP_TIMEOUT_S 15                /* idle connection timeout (slow clients) */
/* Query + form fields per request; past it the request is refused (413), never cut short:
 * a sync client marking items read sends one i= field per item, and a 1 MB body holds
 * about 17,000 long-form ids. */
#define HTTP_MAX_FIELDS 20000
#define HTTP_MAX_PARAMS 8                /* path captures */

/* Route flags. */
#define HTTP_PUBLIC 0          /* no middleware: the handler authenticates if it must */
#define HTTP_SESSION 1         /* browser page: logged-in session, else redirect to /login */
#define HTTP_API 2             /* JSON API: Bearer token or session; else 401 JSON */
#define HTTP_NO_CSRF 4         /* with HTTP_SESSION/HTTP_API: unsafe methods need no CSRF */
#define HTTP_CACHE 8           /* GET answers may be reused, see "Response cache" above */

#define HTTP_CACHE_SLOTS 32
#define HTTP_CACHE_TTL_S 60

/* How the middleware authenticated the request. */
enum http_auth { HTTP_AUTH_NONE = 0, HTTP_AUTH_SESSION_COOKIE, HTTP_AUTH_TOKEN };

struct http_kv {
	char *name, *value;
	size_t value_len;            /* values may hold NUL bytes (uploaded files) */
	char *filename;              /* multipart file fields: the client's file name, else NULL */
};

struct http_req {
	const char *method;          /* "GET", "POST", ... */
	const char *path;            /* URL path, percent-decoded by MHD, no query string */
	const char *client;          /* client address text ("127.0.0.1") */
	struct http_kv *query;       /* query-string fields */
	size_t n_query;
	struct http_kv *form;        /* urlencoded or multipart body fields */
	size_t n_form;
	json_t *json;                /* parsed body when Content-Type is application/json */
	const char *body;            /* raw body (NUL-terminated), NULL when empty */
	size_t body_len;
	struct store *st;            /* this worker thread's store */
	/* Filled by the auth middleware. */
	int64_t user_id;             /* 0: anonymous */
	char *csrf;                  /* the session's CSRF token (NULL for token auth) */
	enum http_auth auth;
	/* Filled by the router. */
	const char *param_name[HTTP_MAX_PARAMS];
	char *param_value[HTTP_MAX_PARAMS];
	int n_params;
	void *conn;                  /* struct MHD_Connection *, for http_header/http_cookie */
	void *server;                /* the http_server, for handlers that need its config */
	void *cache;                 /* the worker thread's response cache (http.c) */
	int read_txn;                /* http.c: the router opened a read transaction */
};

struct http_header_kv {
	char *name, *value;
};

struct http_resp {
	int status;                  /* 200 unless set */
	const char *content_type;    /* static string; default "text/html; charset=utf-8" */
	struct buf body;             /* capped at HTTP_MAX_RESPONSE */
	struct http_header_kv *headers;
	size_t n_headers, cap_headers;
};

typedef int (*http_handler)(struct http_req *req, struct http_resp *resp);
/* Middleware: return 0 to continue to the handler, or fill resp and return 1 to answer. */
typedef int (*http_auth_fn)(struct http_req *req, struct http_resp *resp, int flags);

struct http_router;
struct http_router *http_router_new(void);
void http_router_free(struct http_router *r);
void http_route(struct http_router *r, const char *method, const char *pattern, int flags,
		http_handler h);
void http_router_set_auth(struct http_router *r, http_auth_fn fn);
/* The 404 handler (default: plain "not found"). */
void http_router_set_notfound(struct http_router *r, http_handler h);
/* Route and run a request already parsed (used by the server and by unit tests).
 * Returns the handler's value. Captures are stored in req. */
int http_dispatch(struct http_router *r, struct http_req *req, struct http_resp *resp);

/* Request accessors: NULL when absent. http_header/http_cookie need a live connection. */
const char *http_query(const struct http_req *req, const char *name);
const char *http_form(const struct http_req *req, const char *name);
const struct http_kv *http_form_field(const struct http_req *req, const char *name);
const char *http_param(const struct http_req *req, const char *name);
const char *http_header(const struct http_req *req, const char *name);
const char *http_cookie(const struct http_req *req, const char *name);
/* The named field from the query, then the form, then the top-level JSON string member. */
const char *http_arg(const struct http_req *req, const char *name);
/* Parse a decimal id argument; 0 on success, -1 when absent or not a positive integer. */
int http_arg_id(const struct http_req *req, const char *name, int64_t *id);
int http_is_unsafe_method(const struct http_req *req);  /* not GET/HEAD/OPTIONS */

/* Responses. */
void http_resp_init(struct http_resp *resp);
void http_resp_release(struct http_resp *resp);
void http_resp_header(struct http_resp *resp, const char *name, const char *value);
/* Sets status, content type application/json and the body; takes the reference to v. */
int http_resp_json(struct http_resp *resp, int status, json_t *v);
/* {"error": msg} with status; returns 0 so handlers can `return http_resp_error(...)`. */
int http_resp_error(struct http_resp *resp, int status, const char *msg);
int http_resp_redirect(struct http_resp *resp, const char *location);  /* 303 See Other */
int http_resp_text(struct http_resp *resp, int status, const char *text);

/* HTML escaping: the one function every page uses for text and attribute values
 * (& < > " ' escaped). -1 only when the response cap is reached. */
int http_escape(struct buf *b, const char *s);
int http_escape_n(struct buf *b, const char *s, size_t n);
/* Percent-encode for a URL query value. */
int http_urlencode(struct buf *b, const char *s);

/* The server. listen is "HOST:PORT" (HOST a literal IPv4 address or "localhost");
 * port 0 picks a free one (read it back with http_server_port). db_path is opened by
 * each worker thread. */
struct http_server;
int http_server_start(struct http_router *r, const char *listen, const char *db_path,
		      int threads, struct http_server **out, char **err);
int http_server_port(const struct http_server *s);
void http_server_stop(struct http_server *s);  /* NULL-safe; closes the thread stores */
/* Invalidate every cached response (after a write a GET handler made). Thread-safe. */
void http_cache_bump(void);
/* Turn the response cache off (serve --no-cache, to measure handlers). Before start. */
void http_cache_enable(int on);
/* Idle connection timeout in seconds (serve --timeout; 0: HTTP_TIMEOUT_S). Before start. */
void http_set_timeout(unsigned seconds);
#endif
