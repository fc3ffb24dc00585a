/*
 * web_pages.c — article lists (unread / starred / all / per feed / per folder), the reader
 * view, the feeds page and search, rendered from the reader layer's JSON so the pages and
 * the API show the same thing.
 *
 * Lists are <article class="item"> elements carrying data-id and data-href; app.js moves
 * through them with j/k and acts on the current one. Without JavaScript every action is
 * still a plain form post (with the CSRF token) that redirects back.
 */
#include "serve/reader.h"
#include "serve/serve.h"
#include "serve/web.h"
#include "util/date.h"
#include "util/util.h"

#include <string.h>

static void esc(struct buf *b, const char *s)
{
	http_escape(b, s);
}

/* Only http(s) links are rendered as links; anything else (javascript:, data:) is text. */
static int link_ok(const char *u)
{
	return str_istartswith(u, "http://") || str_istartswith(u, "https://");
}

static void state_form(struct buf *b, struct http_req *req, int64_t id, const char *what, int on,
		       const char *label_on, const char *label_off)
{
	buf_printf(b, "<form method=\"post\" action=\"/article/%lld/%s\" class=\"inline\">", (long long)id, what);
	web_csrf_field(b, req);
	buf_printf(b, "<input type=\"hidden\" name=\"value\" value=\"%d\">", on ? 0 : 1);
	buf_puts(b, "<input type=\"hidden\" name=\"next\" value=\"");
	esc(b, req->path);
	if (req->n_query) {
		buf_putc(b, '?');
		for (size_t i = 0; i < req->n_query; i++) {
			if (i)
				buf_puts(b, "&amp;");
			http_urlencode(b, req->query[i].name);
			buf_putc(b, '=');
			http_urlencode(b, req->query[i].value);
		}
	}
	buf_printf(b, "\"><button type=\"submit\" class=\"%s\" data-action=\"%s\">%s</button></form>", what,
		   what, on ? label_on : label_off);
}

/* One list item; shared by lists, story pages (web_stories.c has its own) and search. */
static void article_item(struct buf *b, struct http_req *req, json_t *a)
{
	int64_t id = web_jint(a, "id");
	int read = json_is_true(json_object_get(a, "read"));
	int star = json_is_true(json_object_get(a, "starred"));
	buf_printf(b, "<article class=\"item%s\" data-id=\"%lld\" data-href=\"/article/%lld\">",
		   read ? " read" : "", (long long)id, (long long)id);
	buf_printf(b, "<h2><a href=\"/article/%lld\">", (long long)id);
	esc(b, *web_jstr(a, "title") ? web_jstr(a, "title") : "(untitled)");
	buf_puts(b, "</a></h2><p class=\"meta\"><span class=\"feed\">");
	esc(b, web_jstr(a, "feed_title"));
	buf_puts(b, "</span> · ");
	web_time(b, web_jtime(a, "published"));
	buf_printf(b, " · %lld min read", (long long)web_jint(a, "minutes"));
	buf_puts(b, "</p><p class=\"summary\">");
	{
		const char *s = web_jstr(a, "summary");
		size_t n = strlen(s) > 240 ? 240 : strlen(s);
		while (n > 0 && n < strlen(s) && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;   /* never cut inside a UTF-8 sequence */
		http_escape_n(b, s, n);
		if (n < strlen(s))
			buf_puts(b, "…");
	}
	buf_puts(b, "</p><div class=\"actions\">");
	state_form(b, req, id, "read", read, "Mark unread", "Mark read");
	state_form(b, req, id, "star", star, "★ Unstar", "☆ Star");
	buf_puts(b, "</div></article>");
}

static enum reader_view parse_view(const char *v, const char **key)
{
	static const struct { const char *name; enum reader_view view; } views[] = {
		{ "unread", READER_UNREAD }, { "all", READER_ALL }, { "starred", READER_STARRED }, { "read", READER_READ },
	};
	for (size_t i = 0; i < sizeof views / sizeof views[0]; i++)
		if (v && !strcmp(v, views[i].name)) {
			*key = views[i].name;
			return views[i].view;
		}
	*key = "unread";
	return READER_UNREAD;
}

static void folder_nav(struct buf *b, struct http_req *req, const char *view, const char *current)
{
	json_t *folders = NULL, *f;
	char *err = NULL;
	size_t i;
	if (reader_folders(req->st, req->user_id, &folders, &err)) {
		free(err);
		return;
	}
	if (json_array_size(folders)) {
		buf_puts(b, "<nav class=\"folders\" aria-label=\"Folders\">Folders: ");
		json_array_foreach(folders, i, f) {
			const char *name = json_string_value(f);
			buf_printf(b, "<a href=\"/articles?view=%s&amp;folder=", view);
			http_urlencode(b, name);
			buf_printf(b, "\"%s>", current && !strcmp(current, name) ? " aria-current=\"page\"" : "");
			esc(b, name);
			buf_puts(b, "</a> ");
		}
		buf_puts(b, "</nav>");
	}
	json_decref(folders);
}

/* The list's own URL with page=N, or with before=CURSOR when cursor is set. */
static void list_query_link(struct buf *b, const char *view, const char *folder, int64_t feed, int page,
			    const char *cursor)
{
	buf_printf(b, "/articles?view=%s", view);
	if (folder) {
		buf_puts(b, "&amp;folder=");
		http_urlencode(b, folder);
	}
	if (feed)
		buf_printf(b, "&amp;feed=%lld", (long long)feed);
	if (cursor) {
		buf_puts(b, "&amp;before=");
		http_urlencode(b, cursor);
	} else if (page > 0)
		buf_printf(b, "&amp;page=%d", page);
}

static int articles_page(struct http_req *req, struct http_resp *resp)
{
	struct reader_filter f = { 0 };
	const char *key, *p = http_query(req, "page");
	int64_t page = 0;
	json_t *arr = NULL, *a;
	char *err = NULL;
	size_t i;
	struct buf *b = &resp->body;
	f.view = parse_view(http_query(req, "view"), &key);
	f.folder = http_query(req, "folder");
	if (f.folder && !*f.folder)
		f.folder = NULL;
	if (http_query(req, "feed") && str_to_i64(http_query(req, "feed"), &f.feed_id))
		f.feed_id = 0;
	if (p && (str_to_i64(p, &page) || page < 0 || page > 200))
		page = 0;
	f.limit = 50;
	/* Older pages go by cursor (keyset: page 50 reads 50 rows, not 2,500); page=N still
	 * works for old links. */
	if (http_query(req, "before") && reader_cursor_parse(http_query(req, "before"), &f) == 0)
		page = 0;
	f.offset = (int)page * 50;
	if (reader_articles(req->st, req->user_id, &f, &arr, &err)) {
		web_error(resp, 500, err);
		free(err);
		return 0;
	}
	web_begin(req, resp, f.view == READER_STARRED ? "Starred" : f.view == READER_ALL ? "All articles" : "Unread", key);
	buf_printf(b, "<div class=\"bar\"><h1>%s", f.view == READER_STARRED ? "Starred" :
		   f.view == READER_ALL ? "All articles" : f.view == READER_READ ? "Read" : "Unread");
	if (f.folder) {
		buf_puts(b, " in ");
		esc(b, f.folder);
	}
	buf_puts(b, "</h1><form method=\"post\" action=\"/articles/mark-all-read\" class=\"inline\">");
	web_csrf_field(b, req);
	if (f.folder) {
		buf_puts(b, "<input type=\"hidden\" name=\"folder\" value=\"");
		esc(b, f.folder);
		buf_puts(b, "\">");
	}
	if (f.feed_id)
		buf_printf(b, "<input type=\"hidden\" name=\"feed\" value=\"%lld\">", (long long)f.feed_id);
	buf_puts(b, "<button type=\"submit\" id=\"mark-all\">Mark all read</button></form></div>");
	folder_nav(b, req, key, f.folder);
	buf_puts(b, "<div class=\"list\">");
	json_array_foreach(arr, i, a)
		article_item(b, req, a);
	if (!json_array_size(arr))
		buf_puts(b, "<p class=\"empty\">Nothing here. <a href=\"/feeds\">Add a feed</a> or look at "
			    "<a href=\"/articles?view=all\">all articles</a>.</p>");
	buf_puts(b, "</div><nav class=\"pager\">");
	if (page > 0 || f.has_before) {
		buf_puts(b, "<a href=\"");
		list_query_link(b, key, f.folder, f.feed_id, f.has_before ? 0 : (int)page - 1, NULL);
		buf_puts(b, f.has_before ? "\">← Newest</a> " : "\">← Newer</a> ");
	}
	if (json_array_size(arr) == 50) {
		buf_puts(b, "<a href=\"");
		list_query_link(b, key, f.folder, f.feed_id, 0,
				json_string_value(json_object_get(json_array_get(arr, 49), "cursor")));
		buf_puts(b, "\">Older →</a>");
	}
	buf_puts(b, "</nav>");
	json_decref(arr);
	web_end(req, resp);
	return 0;
}

static int article_id(struct http_req *req, int64_t *id)
{
	return str_to_i64(http_param(req, "id") ? http_param(req, "id") : "", id) || *id <= 0 ? -1 : 0;
}

static int reader_page(struct http_req *req, struct http_resp *resp)
{
	int64_t id;
	json_t *a = NULL, *c;
	char *err = NULL;
	struct buf *b = &resp->body;
	size_t i;
	int rc;
	if (article_id(req, &id))
		return web_error(resp, 404, "No such article.");
	rc = reader_article(req->st, req->user_id, id, &a, &err);
	if (rc) {
		web_error(resp, rc > 0 ? 404 : 500, rc > 0 ? "No such article." : err);
		free(err);
		return 0;
	}
	/* Opening an article reads it, as every feed reader does; "m" undoes it. */
	if (!json_is_true(json_object_get(a, "read")) && !http_query(req, "keep"))
		web_set_state(req->st, req->user_id, id, "read", 1);
	web_begin(req, resp, *web_jstr(a, "title") ? web_jstr(a, "title") : "Article", NULL);
	buf_printf(b, "<article class=\"reader item\" data-id=\"%lld\" data-href=\"/article/%lld\"><h1>",
		   (long long)id, (long long)id);
	esc(b, *web_jstr(a, "title") ? web_jstr(a, "title") : "(untitled)");
	buf_puts(b, "</h1><p class=\"meta\"><span class=\"feed\">");
	esc(b, web_jstr(a, "feed_title"));
	buf_puts(b, "</span>");
	if (*web_jstr(a, "author")) {
		buf_puts(b, " · ");
		esc(b, web_jstr(a, "author"));
	}
	buf_puts(b, " · ");
	web_time(b, web_jtime(a, "published"));
	buf_printf(b, " · <span class=\"minutes\">%lld min read</span>", (long long)web_jint(a, "minutes"));
	if (link_ok(web_jstr(a, "url"))) {
		buf_puts(b, " · <a class=\"original\" rel=\"noopener noreferrer\" href=\"");
		esc(b, web_jstr(a, "url"));
		buf_puts(b, "\">Original</a>");
	}
	if (json_is_integer(json_object_get(a, "story_id")))
		buf_printf(b, " · <a href=\"/story/%lld\">Story</a>", (long long)web_jint(a, "story_id"));
	buf_puts(b, "</p><div class=\"actions\">");
	state_form(b, req, id, "read", 1, "Mark unread", "Mark read");
	state_form(b, req, id, "star", json_is_true(json_object_get(a, "starred")), "★ Unstar", "☆ Star");
	buf_puts(b, "</div><div class=\"content\">");
	/* Sanitized by extract_sanitize_fragment in reader_article: the only unescaped insert. */
	buf_puts(b, web_jstr(a, "html"));
	buf_puts(b, "</div>");
	if (json_array_size(json_object_get(a, "copies"))) {
		buf_puts(b, "<aside class=\"copies\"><h2>Also published by</h2><ul>");
		json_array_foreach(json_object_get(a, "copies"), i, c) {
			buf_printf(b, "<li><a href=\"/article/%lld\">", (long long)web_jint(c, "id"));
			esc(b, web_jstr(c, "feed_title"));
			buf_puts(b, "</a></li>");
		}
		buf_puts(b, "</ul></aside>");
	}
	buf_puts(b, "</article>");
	json_decref(a);
	web_end(req, resp);
	return 0;
}

static int set_state(struct http_req *req, struct http_resp *resp, const char *field)
{
	int64_t id;
	const char *v = http_arg(req, "value");
	if (article_id(req, &id) || !web_article_visible(req->st, req->user_id, id))
		return web_error(resp, 404, "No such article.");
	if (web_set_state(req->st, req->user_id, id, field, !v || strcmp(v, "0")))
		return web_error(resp, 500, "could not save");
	return http_resp_redirect(resp, web_safe_next(http_form(req, "next")));
}

static int read_post(struct http_req *req, struct http_resp *resp)
{
	return set_state(req, resp, "read");
}

static int star_post(struct http_req *req, struct http_resp *resp)
{
	return set_state(req, resp, "starred");
}

static int mark_all_post(struct http_req *req, struct http_resp *resp)
{
	int64_t feed = 0, story = 0;
	const char *folder = http_form(req, "folder");
	if (http_form(req, "feed") && str_to_i64(http_form(req, "feed"), &feed))
		feed = 0;
	if (http_form(req, "story") && str_to_i64(http_form(req, "story"), &story))
		story = 0;
	if (web_mark_all_read(req->st, req->user_id, feed, folder && *folder ? folder : NULL, story) < 0)
		return web_error(resp, 500, "could not save");
	return http_resp_redirect(resp, web_safe_next(http_form(req, "next") ? http_form(req, "next") : "/articles"));
}

static int search_page(struct http_req *req, struct http_resp *resp)
{
	const char *q = http_query(req, "q");
	json_t *groups = NULL, *g, *a;
	char *err = NULL;
	size_t i, j;
	struct buf *b = &resp->body;
	if (reader_search(req->st, req->user_id, q ? q : "", 100, &groups, &err)) {
		web_error(resp, 500, err);
		free(err);
		return 0;
	}
	web_begin(req, resp, "Search", "search");
	buf_puts(b, "<h1>Search</h1>");
	if (q && *q) {
		buf_printf(b, "<p class=\"meta\">%zu stories match “", json_array_size(groups));
		esc(b, q);
		buf_puts(b, "”.</p>");
	}
	buf_puts(b, "<div class=\"list\">");
	json_array_foreach(groups, i, g) {
		json_t *arts = json_object_get(g, "articles");
		buf_puts(b, "<section class=\"group\"><h2>");
		if (json_is_integer(json_object_get(g, "story_id")))
			buf_printf(b, "<a href=\"/story/%lld\">", (long long)web_jint(g, "story_id"));
		else
			buf_printf(b, "<a href=\"/article/%lld\">", (long long)web_jint(json_array_get(arts, 0), "id"));
		esc(b, *web_jstr(g, "title") ? web_jstr(g, "title") : "(untitled)");
		buf_puts(b, "</a></h2>");
		json_array_foreach(arts, j, a) {
			int64_t id = web_jint(a, "id");
			buf_printf(b, "<div class=\"item hit%s\" data-id=\"%lld\" data-href=\"/article/%lld\">",
				   json_is_true(json_object_get(a, "read")) ? " read" : "", (long long)id, (long long)id);
			buf_printf(b, "<a href=\"/article/%lld\">", (long long)id);
			esc(b, *web_jstr(a, "title") ? web_jstr(a, "title") : "(untitled)");
			buf_puts(b, "</a> <span class=\"meta\">");
			esc(b, web_jstr(a, "feed_title"));
			buf_puts(b, " · ");
			web_time(b, web_jtime(a, "published"));
			/* snippet_html is built escaped, with only <mark> added, in reader.c. */
			buf_printf(b, "</span><p class=\"snippet\">%s</p></div>", web_jstr(a, "snippet_html"));
		}
		buf_puts(b, "</section>");
	}
	if (q && *q && !json_array_size(groups))
		buf_puts(b, "<p class=\"empty\">No matches.</p>");
	buf_puts(b, "</div>");
	json_decref(groups);
	web_end(req, resp);
	return 0;
}

void web_pages_routes(struct http_router *r)
{
	http_route(r, "GET", "/articles", HTTP_SESSION | HTTP_CACHE, articles_page);
	http_route(r, "POST", "/articles/mark-all-read", HTTP_SESSION, mark_all_post);
	http_route(r, "GET", "/article/:id", HTTP_SESSION, reader_page);
	http_route(r, "POST", "/article/:id/read", HTTP_SESSION, read_post);
	http_route(r, "POST", "/article/:id/star", HTTP_SESSION, star_post);
	http_route(r, "GET", "/search", HTTP_SESSION | HTTP_CACHE, search_page);
	web_feeds_routes(r);
}
