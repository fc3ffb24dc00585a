/*
 * serve.c — route table, authentication middleware, login / first-run / logout pages.
 *
 * The login and first-run forms are posted before any session exists, so their CSRF token
 * is a double-submit one: a random value in a short-lived HttpOnly cookie (nf_pre) that the
 * form must echo. A cross-site page can make the browser send the cookie but cannot read it
 * to fill the field. After login every form uses the session's own token.
 */
#include "serve/serve.h"
#include "serve/auth.h"
#include "serve/fever.h"
#include "serve/greader.h"
#include "serve/web.h"
#include "util/log.h"
#include "util/util.h"

#include <sodium.h>
#include <string.h>

#define PRE_COOKIE "nf_pre"

static int allow_private;   /* set once before the server starts */

void serve_set_allow_private(int on)
{
	allow_private = on;
}

int serve_allow_private(const struct http_req *req)
{
	(void)req;
	return allow_private;
}

/* ---- middleware ---- */

static const char *given_csrf(const struct http_req *req)
{
	const char *t = http_header(req, "X-CSRF-Token");
	return t ? t : http_form(req, "csrf");
}

static int bearer(const struct http_req *req, const char **tok)
{
	const char *h = http_header(req, "Authorization");
	if (!h || !str_istartswith(h, "Bearer "))
		return 0;
	*tok = h + 7;
	while (**tok == ' ')
		(*tok)++;
	return 1;
}

static int deny(struct http_req *req, struct http_resp *resp, int flags, int status, const char *msg)
{
	if (flags & HTTP_API)
		http_resp_error(resp, status, msg);
	else if (status == 401) {
		struct buf to = BUF_INIT(4096);
		buf_puts(&to, auth_needs_setup(req->st) == 1 ? "/setup" : "/login?next=");
		if (!auth_needs_setup(req->st) && http_urlencode(&to, web_safe_next(req->path)))
			buf_reset(&to);
		http_resp_redirect(resp, to.len ? to.data : "/login");
		buf_release(&to);
	} else
		web_error(resp, status, msg);
	return 1;
}

int serve_auth(struct http_req *req, struct http_resp *resp, int flags)
{
	const char *tok = NULL, *cookie;
	int64_t uid = 0;
	if ((flags & HTTP_API) && bearer(req, &tok)) {
		if (auth_token_check(req->st, tok, &uid) != AUTH_OK || uid <= 0)
			return deny(req, resp, flags, 401, "invalid API token");
		req->user_id = uid;
		req->auth = HTTP_AUTH_TOKEN;
		return 0;
	}
	cookie = http_cookie(req, SERVE_COOKIE);
	free(req->csrf);
	req->csrf = NULL;
	if (!cookie || auth_session_check(req->st, cookie, &uid, &req->csrf) != AUTH_OK || uid <= 0)
		return deny(req, resp, flags, 401, "authentication required (session cookie or Bearer token)");
	req->user_id = uid;
	req->auth = HTTP_AUTH_SESSION_COOKIE;
	if (http_is_unsafe_method(req) && !(flags & HTTP_NO_CSRF) &&
	    !auth_csrf_equal(req->csrf, given_csrf(req)))
		return deny(req, resp, flags, 403, "missing or wrong CSRF token; reload the page and retry");
	return 0;
}

/* ---- cookies ---- */

static int over_tls(const struct http_req *req)
{
	const char *p = http_header(req, "X-Forwarded-Proto");
	return p && !str_casecmp(p, "https");
}

static void set_cookie(struct http_req *req, struct http_resp *resp, const char *name,
		       const char *value, int max_age)
{
	char *c = xasprintf("%s=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=%d%s", name, value, max_age,
			    over_tls(req) ? "; Secure" : "");
	http_resp_header(resp, "Set-Cookie", c);
	free(c);
}

/* A fresh pre-session token, set as a cookie; returned for the form (caller frees). */
static char *pre_token(struct http_req *req, struct http_resp *resp)
{
	unsigned char raw[32];
	char hex[65];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
	set_cookie(req, resp, PRE_COOKIE, hex, 3600);
	return xstrdup(hex);
}

static int pre_ok(const struct http_req *req)
{
	const char *c = http_cookie(req, PRE_COOKIE), *f = http_form(req, "csrf");
	return c && f && strlen(c) == 64 && auth_csrf_equal(c, f);
}

/* ---- login / setup / logout ---- */

static void form_page(struct http_req *req, struct http_resp *resp, int setup, const char *msg)
{
	struct buf *b = &resp->body;
	char *tok = pre_token(req, resp);
	const char *next = web_safe_next(http_arg(req, "next"));
	web_begin(req, resp, setup ? "Welcome" : "Log in", NULL);
	buf_puts(b, "<section class=\"card narrow\">");
	if (setup)
		buf_puts(b, "<h1>Welcome to newsfold</h1><p>Create the administrator account to start.</p>");
	else
		buf_puts(b, "<h1>Log in</h1>");
	if (msg) {
		buf_puts(b, "<p class=\"error\" role=\"alert\">");
		http_escape(b, msg);
		buf_puts(b, "</p>");
	}
	buf_printf(b, "<form method=\"post\" action=\"%s\" class=\"stack\">", setup ? "/setup" : "/login");
	buf_puts(b, "<input type=\"hidden\" name=\"csrf\" value=\"");
	http_escape(b, tok);
	buf_puts(b, "\"><input type=\"hidden\" name=\"next\" value=\"");
	http_escape(b, next);
	buf_puts(b, "\"><label>User name <input name=\"name\" autocomplete=\"username\" required autofocus></label>"
		    "<label>Password <input name=\"password\" type=\"password\" required minlength=\"8\" autocomplete=\"");
	buf_printf(b, "%s\"></label><button type=\"submit\">%s</button></form></section>",
		   setup ? "new-password" : "current-password", setup ? "Create account" : "Log in");
	web_end(req, resp);
	free(tok);
}

static int start_session(struct http_req *req, struct http_resp *resp, int64_t uid)
{
	char *tok = NULL, *csrf = NULL, *err = NULL;
	if (auth_session_new(req->st, uid, &tok, &csrf, &err) != AUTH_OK) {
		web_error(resp, 500, err ? err : "cannot start a session");
		free(err);
		return 0;
	}
	set_cookie(req, resp, SERVE_COOKIE, tok, 30 * 86400);
	set_cookie(req, resp, PRE_COOKIE, "", 0);
	http_resp_redirect(resp, web_safe_next(http_form(req, "next")));
	free(tok);
	free(csrf);
	return 0;
}

static int login_get(struct http_req *req, struct http_resp *resp)
{
	if (auth_needs_setup(req->st) == 1)
		return http_resp_redirect(resp, "/setup");
	form_page(req, resp, 0, NULL);
	return 0;
}

static int login_post(struct http_req *req, struct http_resp *resp)
{
	const char *name = http_form(req, "name"), *pw = http_form(req, "password");
	int64_t uid = 0;
	char *err = NULL;
	int rc;
	if (!pre_ok(req)) {
		resp->status = 403;
		form_page(req, resp, 0, "The form expired; please try again.");
		return 0;
	}
	rc = auth_login(req->st, name ? name : "", pw ? pw : "", req->client, &uid, &err);
	free(err);
	if (rc == AUTH_OK)
		return start_session(req, resp, uid);
	resp->status = rc == AUTH_LIMITED ? 429 : 401;
	form_page(req, resp, 0, rc == AUTH_LIMITED ? "Too many attempts; wait a minute and retry."
						   : "Wrong user name or password.");
	return 0;
}

static int setup_get(struct http_req *req, struct http_resp *resp)
{
	if (auth_needs_setup(req->st) != 1)
		return http_resp_redirect(resp, "/login");
	form_page(req, resp, 1, NULL);
	return 0;
}

static int setup_post(struct http_req *req, struct http_resp *resp)
{
	const char *name = http_form(req, "name"), *pw = http_form(req, "password");
	int64_t uid = 0;
	char *err = NULL;
	if (auth_needs_setup(req->st) != 1)
		return web_error(resp, 403, "the administrator account already exists; log in instead");
	if (!pre_ok(req)) {
		resp->status = 403;
		form_page(req, resp, 1, "The form expired; please try again.");
		return 0;
	}
	if (auth_user_add(req->st, name ? name : "", pw ? pw : "", 1, &uid, &err) != AUTH_OK) {
		resp->status = 400;
		form_page(req, resp, 1, err ? err : "cannot create the account");
		free(err);
		return 0;
	}
	log_info("serve: administrator account created from the first-run page");
	return start_session(req, resp, uid);
}

static int logout_post(struct http_req *req, struct http_resp *resp)
{
	const char *c = http_cookie(req, SERVE_COOKIE);
	if (c)
		auth_session_end(req->st, c);
	set_cookie(req, resp, SERVE_COOKIE, "", 0);
	return http_resp_redirect(resp, "/login");
}

static int not_found(struct http_req *req, struct http_resp *resp)
{
	if (str_startswith(req->path, "/api/"))
		return http_resp_error(resp, 404, "no such endpoint");
	return web_error(resp, 404, "There is nothing at this address.");
}

void serve_routes(struct http_router *r)
{
	http_router_set_auth(r, serve_auth);
	http_router_set_notfound(r, not_found);
	http_route(r, "GET", "/login", HTTP_PUBLIC, login_get);
	http_route(r, "POST", "/login", HTTP_PUBLIC, login_post);
	http_route(r, "GET", "/setup", HTTP_PUBLIC, setup_get);
	http_route(r, "POST", "/setup", HTTP_PUBLIC, setup_post);
	http_route(r, "POST", "/logout", HTTP_SESSION, logout_post);
	api_routes(r);
	api_stories_routes(r);
	web_routes(r);
	/* Other modules mount here, one line each (see http.h). */
	greader_routes(r);
	fever_routes(r);
}
