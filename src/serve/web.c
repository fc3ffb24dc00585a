/*
 * web.c — the page frame and helpers every page shares, and the static-asset handler.
 *
 * The frame puts the CSRF token in a <meta> for app.js and links the one stylesheet and
 * the one script (both from /static/, cached for a day; their names carry no version, so
 * a day is the most a stale asset can live).
 */
#include "serve/web.h"
#include "serve/clientsync.h"
#include "util/date.h"
#include "util/log.h"
#include "util/util.h"

#include <string.h>
#include <time.h>

void web_csrf_field(struct buf *b, const struct http_req *req)
{
	buf_puts(b, "<input type=\"hidden\" name=\"csrf\" value=\"");
	http_escape(b, req->csrf ? req->csrf : "");
	buf_puts(b, "\">");
}

static void nav_link(struct buf *b, const char *href, const char *label, const char *key,
		     const char *active)
{
	buf_printf(b, "<a href=\"%s\"%s>%s</a>", href,
		   active && !strcmp(active, key) ? " aria-current=\"page\"" : "", label);
}

void web_begin(struct http_req *req, struct http_resp *resp, const char *title, const char *active)
{
	struct buf *b = &resp->body;
	const char *q = http_query(req, "q");
	buf_puts(b, "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
		    "<meta name=\"color-scheme\" content=\"light dark\">"
		    "<meta name=\"referrer\" content=\"no-referrer\">");
	buf_puts(b, "<meta name=\"csrf-token\" content=\"");
	http_escape(b, req->csrf ? req->csrf : "");
	buf_puts(b, "\"><title>");
	http_escape(b, title);
	buf_puts(b, " · newsfold</title><link rel=\"stylesheet\" href=\"/static/style.css\">"
		    "<script src=\"/static/app.js\" defer></script></head><body>"
		    "<header class=\"top\"><a class=\"brand\" href=\"/\">newsfold</a><nav>");
	if (req->user_id) {
		nav_link(b, "/", "Top stories", "stories", active);
		nav_link(b, "/articles", "Unread", "unread", active);
		nav_link(b, "/articles?view=starred", "Starred", "starred", active);
		nav_link(b, "/articles?view=all", "All", "all", active);
		nav_link(b, "/feeds", "Feeds", "feeds", active);
		buf_puts(b, "</nav><form class=\"search\" action=\"/search\" method=\"get\" role=\"search\">"
			    "<input id=\"q\" type=\"search\" name=\"q\" placeholder=\"Search (/)\" value=\"");
		http_escape(b, q ? q : "");
		buf_puts(b, "\" aria-label=\"Search\"></form><form class=\"logout\" action=\"/logout\" method=\"post\">");
		web_csrf_field(b, req);
		buf_puts(b, "<button type=\"submit\">Log out</button></form>");
	} else {
		buf_puts(b, "</nav>");
	}
	buf_puts(b, "</header><main id=\"main\">");
}

void web_end(struct http_req *req, struct http_resp *resp)
{
	(void)req;
	buf_puts(&resp->body,
		 "</main><div id=\"help\" class=\"help\" hidden><h2>Keyboard shortcuts</h2><dl>"
		 "<dt>j / k</dt><dd>next / previous item</dd><dt>o</dt><dd>open</dd>"
		 "<dt>m</dt><dd>toggle read</dd><dt>s</dt><dd>toggle star</dd>"
		 "<dt>/</dt><dd>search</dd><dt>?</dt><dd>this help</dd></dl>"
		 "<p>Press Esc to close.</p></div></body></html>\n");
}

void web_time(struct buf *b, int64_t t)
{
	char iso[DATE_ISO_LEN];
	int64_t d;
	if (t == DATE_NONE || t <= 0) {
		buf_puts(b, "<time>unknown</time>");
		return;
	}
	d = (int64_t)time(NULL) - t;
	buf_printf(b, "<time datetime=\"%s\" title=\"%s\">", date_format(t, iso), iso);
	if (d < 0)
		buf_printf(b, "%.10s", iso);
	else if (d < 60)
		buf_puts(b, "just now");
	else if (d < 3600)
		buf_printf(b, "%lld min ago", (long long)(d / 60));
	else if (d < 86400)
		buf_printf(b, "%lld h ago", (long long)(d / 3600));
	else if (d < 86400 * 30)
		buf_printf(b, "%lld d ago", (long long)(d / 86400));
	else
		buf_printf(b, "%.10s", iso);
	buf_puts(b, "</time>");
}

const char *web_jstr(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

int64_t web_jint(json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

int64_t web_jtime(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? date_parse(s) : DATE_NONE;
}

int web_reading_minutes(int64_t words)
{
	int64_t m = (words + 229) / 230;
	return m < 1 ? 1 : (int)(m > 100000 ? 100000 : m);
}

int web_error(struct http_resp *resp, int status, const char *msg)
{
	struct buf *b = &resp->body;
	resp->status = status;
	resp->content_type = "text/html; charset=utf-8";
	buf_reset(b);
	buf_puts(b, "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
		    "<title>Error · newsfold</title><link rel=\"stylesheet\" href=\"/static/style.css\"></head>"
		    "<body><main id=\"main\"><h1>");
	buf_printf(b, "%d</h1><p>", status);
	http_escape(b, msg);
	buf_puts(b, "</p><p><a href=\"/\">Back to newsfold</a></p></main></body></html>\n");
	return 0;
}

int web_article_visible(struct store *st, int64_t user_id, int64_t article_id)
{
	const int64_t ids[] = {article_id, user_id};
	return store_row_exists(st,
		"SELECT 1 FROM articles a JOIN subscriptions s ON s.feed_id = a.feed_id"
		" WHERE a.id = ?1 AND s.user_id = ?2", ids, 2);
}

int web_story_visible(struct store *st, int64_t user_id, int64_t story_id)
{
	const int64_t ids[] = {user_id, story_id};
	return store_row_exists(st,
		"SELECT 1 FROM articles a INDEXED BY articles_story JOIN subscriptions s ON s.feed_id = a.feed_id"
		" AND s.user_id = ?1 WHERE a.story_id = ?2 LIMIT 1", ids, 2);
}

/* Read marks go to the whole copy group (the canonical and every copy of it), as the
 * sync APIs do: reading a wire story under one outlet's headline reads it everywhere, and
 * "also published by" links do not leave the canonical unread. Stars stay per article. */
int web_set_state(struct store *st, int64_t user_id, int64_t article_id, const char *field, int value)
{
	char *err = NULL;
	int rc;
	store_foreground_enter();   /* also on GET /article/ID, which reads it */
	rc = !strcmp(field, "starred") ? csync_set_starred(st, user_id, article_id, value, &err)
				       : csync_set_read(st, user_id, article_id, value, &err);
	store_foreground_leave();
	if (rc < 0)
		log_warn("serve: saving %s of article %lld: %s", field, (long long)article_id, err ? err : "?");
	free(err);
	http_cache_bump();
	return rc < 0 ? -1 : 0;
}

/* The sync APIs' mark-all (csync_mark_read), with the story scope the story page adds: the
 * same copy-group rule as web_set_state, so "Mark all read" on a feed that carries wire
 * copies also reads their canonicals (and the copies elsewhere of its own canonicals). */
int web_mark_all_read(struct store *st, int64_t user_id, int64_t feed_id, const char *folder,
		      int64_t story_id)
{
	struct csync_mark m = { .feed_id = feed_id, .folder = folder, .story_id = story_id, .before = CSYNC_NONE };
	int64_t n = 0;
	char *err = NULL;
	int rc;
	rc = csync_mark_read(st, user_id, &m, &n, &err);   /* POST only: http.c brackets it */
	if (rc < 0)
		log_warn("serve: marking all read: %s", err ? err : "?");
	free(err);
	http_cache_bump();
	return rc < 0 ? -1 : n > INT32_MAX ? INT32_MAX : (int)n;
}

/* Browsers drop tabs and newlines from a URL before reading it and take '\\' for '/', so
 * "/<TAB>/evil.example" is "//evil.example", another site: a local path must hold no
 * control character at all, and its second character must not make it protocol-relative. */
const char *web_safe_next(const char *next)
{
	if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\')
		return "/";
	for (const char *p = next; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return "/";
	return next;
}

static int static_asset(struct http_req *req, struct http_resp *resp)
{
	const char *name = http_param(req, "*");
	for (const struct web_asset *a = web_assets; a->name; a++) {
		if (strcmp(a->name, name))
			continue;
		resp->content_type = a->type;
		http_resp_header(resp, "Cache-Control", "public, max-age=86400");
		buf_append(&resp->body, a->data, a->len);
		return 0;
	}
	return http_resp_text(resp, 404, "no such file\n");
}

void web_routes(struct http_router *r)
{
	http_route(r, "GET", "/static/*", HTTP_PUBLIC, static_asset);
	web_pages_routes(r);
	web_stories_routes(r);
}
