/*
 * web_feeds.c — the feeds page: subscriptions with their folder, full-text setting, last
 * fetch and error; add by URL (feed or site, discovered), remove, import and export OPML.
 */
#include "serve/reader.h"
#include "serve/serve.h"
#include "serve/web.h"
#include "util/date.h"
#include "util/util.h"

#include <string.h>

static void fulltext_select(struct buf *b, const char *cur)
{
	static const char *const opts[] = { "auto", "always", "never" };
	buf_puts(b, "<select name=\"fulltext\" aria-label=\"Full text\">");
	for (int i = 0; i < 3; i++)
		buf_printf(b, "<option value=\"%s\"%s>full text: %s</option>", opts[i],
			   !strcmp(cur, opts[i]) ? " selected" : "", opts[i]);
	buf_puts(b, "</select>");
}

static void feed_row(struct buf *b, struct http_req *req, json_t *f)
{
	long long id = (long long)json_integer_value(json_object_get(f, "id"));
	const char *err = web_jstr(f, "last_error"), *lf = web_jstr(f, "last_fetch");
	buf_printf(b, "<li class=\"feed item\" data-id=\"%lld\" data-href=\"/articles?view=all&amp;feed=%lld\">"
		      "<div><a class=\"title\" href=\"/articles?view=all&amp;feed=%lld\">", id, id, id);
	http_escape(b, web_jstr(f, "title"));
	buf_printf(b, "</a> <span class=\"meta\">%lld articles, %lld unread · last fetch ",
		   (long long)json_integer_value(json_object_get(f, "articles")),
		   (long long)json_integer_value(json_object_get(f, "unread")));
	web_time(b, *lf ? date_parse(lf) : DATE_NONE);
	buf_puts(b, "</span><div class=\"url\">");
	http_escape(b, web_jstr(f, "url"));
	buf_puts(b, "</div>");
	if (*err) {
		buf_puts(b, "<p class=\"error\">Error: ");
		http_escape(b, err);
		buf_puts(b, "</p>");
	}
	buf_printf(b, "</div><form method=\"post\" action=\"/feeds/%lld\" class=\"inline feedset\">", id);
	web_csrf_field(b, req);
	buf_puts(b, "<input name=\"folder\" placeholder=\"folder\" aria-label=\"Folder\" value=\"");
	http_escape(b, web_jstr(f, "folder"));
	buf_puts(b, "\">");
	fulltext_select(b, web_jstr(f, "fulltext"));
	buf_printf(b, "<button type=\"submit\">Save</button></form>"
		      "<form method=\"post\" action=\"/feeds/%lld/remove\" class=\"inline\">", id);
	web_csrf_field(b, req);
	buf_puts(b, "<button type=\"submit\" class=\"danger\">Remove</button></form></li>");
}

static void feeds_render(struct http_req *req, struct http_resp *resp, const char *msg, int is_error)
{
	json_t *feeds = NULL, *f;
	char *err = NULL;
	size_t i;
	struct buf *b = &resp->body;
	if (reader_feeds(req->st, req->user_id, &feeds, &err)) {
		web_error(resp, 500, err);
		free(err);
		return;
	}
	web_begin(req, resp, "Feeds", "feeds");
	buf_puts(b, "<h1>Feeds</h1>");
	if (msg) {
		buf_printf(b, "<p class=\"%s\" role=\"status\">", is_error ? "error" : "notice");
		http_escape(b, msg);
		buf_puts(b, "</p>");
	}
	buf_puts(b, "<section class=\"card\"><h2>Add a feed</h2><form method=\"post\" action=\"/feeds/add\" class=\"row\">");
	web_csrf_field(b, req);
	buf_puts(b, "<input name=\"url\" type=\"url\" required placeholder=\"https://example.com/ or its feed URL\" "
		    "aria-label=\"Feed or site URL\"><input name=\"folder\" placeholder=\"folder (optional)\" "
		    "aria-label=\"Folder\"><button type=\"submit\">Add</button></form>"
		    "<form method=\"post\" action=\"/feeds/import\" enctype=\"multipart/form-data\" class=\"row\">");
	web_csrf_field(b, req);
	buf_puts(b, "<label>Import OPML <input type=\"file\" name=\"opml\" accept=\".opml,.xml,text/xml\" required>"
		    "</label><button type=\"submit\">Import</button></form>"
		    "<p><a href=\"/feeds/export.opml\" download>Export OPML</a></p></section>");
	buf_printf(b, "<ul class=\"feeds list\">");
	json_array_foreach(feeds, i, f) {
		const char *folder = web_jstr(f, "folder");
		const char *prev = i ? web_jstr(json_array_get(feeds, i - 1), "folder") : NULL;
		if (!prev || strcmp(prev, folder)) {
			buf_puts(b, "<li class=\"folder\"><h2>");
			if (*folder) {
				buf_puts(b, "<a href=\"/articles?folder=");
				http_urlencode(b, folder);
				buf_puts(b, "\">");
				http_escape(b, folder);
				buf_puts(b, "</a>");
			} else
				buf_puts(b, "No folder");
			buf_puts(b, "</h2></li>");
		}
		feed_row(b, req, f);
	}
	buf_puts(b, "</ul>");
	if (!json_array_size(feeds))
		buf_puts(b, "<p class=\"empty\">No subscriptions yet.</p>");
	json_decref(feeds);
	web_end(req, resp);
}

/* The notices a redirect back to the feeds page may ask for, by code: the URL names one of
 * these and never carries text (a link with ?msg=ANY+TEXT would otherwise show that text on
 * our page, as Miniflux and FreshRSS avoid by flashing known messages). An unknown code shows
 * nothing; n= is a count or feed id, read as a number only. */
static const struct {
	const char *code, *text, *after_n;   /* after_n: NULL when the notice takes no number */
} notices[] = {
	{ "added", "Subscribed (feed ", ")." },
	{ "saved", "Saved.", NULL },
	{ "removed", "Removed.", NULL },
	{ "imported", "Imported ", " new subscriptions." },
};

static char *notice_text(struct http_req *req)
{
	const char *code = http_query(req, "msg"), *ns = http_query(req, "n");
	int64_t n = 0;
	if (!code)
		return NULL;
	for (size_t i = 0; i < sizeof notices / sizeof *notices; i++) {
		if (strcmp(code, notices[i].code))
			continue;
		if (!notices[i].after_n)
			return xstrdup(notices[i].text);
		if (!ns || str_to_i64(ns, &n) || n < 0)
			return NULL;
		return xasprintf("%s%lld%s", notices[i].text, (long long)n, notices[i].after_n);
	}
	return NULL;
}

static int feeds_page(struct http_req *req, struct http_resp *resp)
{
	char *m = notice_text(req);
	feeds_render(req, resp, m, 0);
	free(m);
	return 0;
}

/* Success: back to the feeds page (POST/redirect/GET) with a notice code and its number. */
static int redirect_notice(struct http_resp *resp, const char *code, long long n)
{
	char to[96];
	if (n >= 0)
		snprintf(to, sizeof to, "/feeds?msg=%s&n=%lld", code, n);
	else
		snprintf(to, sizeof to, "/feeds?msg=%s", code);
	return http_resp_redirect(resp, to);
}

/* Failure: the feeds page itself answers the POST with the error (400), so its text comes
 * from the server, never from a URL. */
static int show_error(struct http_req *req, struct http_resp *resp, const char *msg)
{
	feeds_render(req, resp, msg, 1);
	if (resp->status == 200)
		resp->status = 400;
	return 0;
}

static int add_post(struct http_req *req, struct http_resp *resp)
{
	const char *url = http_form(req, "url"), *folder = http_form(req, "folder");
	int64_t feed = 0;
	char *err = NULL;
	if (!url || !*url)
		return show_error(req, resp, "Give a feed or site URL.");
	if (reader_feed_add(req->st, req->user_id, url, folder && *folder ? folder : NULL,
			    serve_allow_private(req), &feed, &err)) {
		show_error(req, resp, err ? err : "could not add the feed");
		free(err);
		return 0;
	}
	return redirect_notice(resp, "added", (long long)feed);
}

static int feed_id(struct http_req *req, int64_t *id)
{
	return str_to_i64(http_param(req, "id") ? http_param(req, "id") : "", id) || *id <= 0 ? -1 : 0;
}

/* The answer to a change of one feed: 404 when it is not the user's, else back to the
 * feeds page with the error (which this frees) or with ok. */
static int feed_done(struct http_req *req, struct http_resp *resp, int rc, char *err, const char *ok)
{
	if (rc > 0) {
		free(err);
		return web_error(resp, 404, "No such feed.");
	}
	if (rc < 0) {
		show_error(req, resp, err ? err : "could not change the feed");
		free(err);
		return 0;
	}
	return redirect_notice(resp, ok, -1);
}

static int update_post(struct http_req *req, struct http_resp *resp)
{
	int64_t id;
	char *err = NULL;
	int rc;
	if (feed_id(req, &id))
		return web_error(resp, 404, "No such feed.");
	rc = reader_feed_update(req->st, req->user_id, id, http_form(req, "title"), http_form(req, "folder"),
				http_form(req, "fulltext"), &err);
	return feed_done(req, resp, rc, err, "saved");
}

static int remove_post(struct http_req *req, struct http_resp *resp)
{
	int64_t id;
	char *err = NULL;
	int rc;
	if (feed_id(req, &id))
		return web_error(resp, 404, "No such feed.");
	rc = reader_feed_remove(req->st, req->user_id, id, &err);
	return feed_done(req, resp, rc, err, "removed");
}

static int import_post(struct http_req *req, struct http_resp *resp)
{
	const struct http_kv *f = http_form_field(req, "opml");
	int added = 0;
	char *err = NULL;
	if (!f || !f->value_len)
		return show_error(req, resp, "Choose an OPML file to import.");
	if (reader_import_opml(req->st, req->user_id, f->value, f->value_len, &added, &err)) {
		show_error(req, resp, err ? err : "could not import");
		free(err);
		return 0;
	}
	return redirect_notice(resp, "imported", added);
}

static int export_get(struct http_req *req, struct http_resp *resp)
{
	char *err = NULL;
	if (reader_export_opml(req->st, req->user_id, &resp->body, &err)) {
		web_error(resp, 500, err);
		free(err);
		return 0;
	}
	resp->content_type = "text/x-opml; charset=utf-8";
	http_resp_header(resp, "Content-Disposition", "attachment; filename=\"newsfold.opml\"");
	return 0;
}

void web_feeds_routes(struct http_router *r)
{
	http_route(r, "GET", "/feeds", HTTP_SESSION | HTTP_CACHE, feeds_page);
	http_route(r, "POST", "/feeds/add", HTTP_SESSION, add_post);
	http_route(r, "POST", "/feeds/import", HTTP_SESSION, import_post);
	http_route(r, "GET", "/feeds/export.opml", HTTP_SESSION, export_get);
	http_route(r, "POST", "/feeds/:id", HTTP_SESSION, update_post);
	http_route(r, "POST", "/feeds/:id/remove", HTTP_SESSION, remove_post);
}
