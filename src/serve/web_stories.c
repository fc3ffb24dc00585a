/*
 * web_stories.c — top stories (the home page) and the story page, from cluster/stories.h.
 *
 * Stories are global (clustering runs once for everyone); what a user sees of them is
 * scoped here: a story is listed only if one of its articles comes from the user's
 * subscriptions, and the story page lists only those articles. The per-story extras the
 * cluster API does not carry (lead image, reading time, unread count, the articles-per-hour
 * sparkline) come from one indexed query on articles.story_id per listed story.
 */
#include "cluster/stories.h"
#include "serve/serve.h"
#include "serve/web.h"
#include "store/articles.h"
#include "util/date.h"
#include "util/util.h"

#include <string.h>

#define SPARK_BUCKETS 24
#define STORY_MAX_ROWS 2000   /* articles read per story for the extras */

struct story_extra {
	int visible, shown, unread;   /* rows the user reads; of them, entries listed (see extra_load) */
	int64_t words;            /* words of the longest article: the reading time */
	char *image;
	int spark[SPARK_BUCKETS];
	int64_t t0, t1;
};

static int link_ok(const char *u)
{
	return str_istartswith(u, "http://") || str_istartswith(u, "https://");
}

static void extra_load(struct store *st, int64_t user, int64_t story, int64_t t0, int64_t t1,
		       struct story_extra *x)
{
	/* Column 5: the row is an entry of the user's timeline: a canonical, or a copy whose
	 * canonical's feed the user does not read (the story page and the sync APIs list it
	 * then). Counting copies too gave "3 articles · 5 unread". */
	sqlite3_stmt *q = store_prepare(st,
		"SELECT coalesce(a.published, a.fetched), a.words, a.image,"
		" EXISTS(SELECT 1 FROM subscriptions s WHERE s.feed_id = a.feed_id AND s.user_id = ?1),"
		" coalesce((SELECT x.read FROM article_state x WHERE x.user_id = ?1 AND x.article_id = a.id), 0),"
		" " STORE_SQL_SHOWN_ONCE("?1", "")
		" FROM articles a INDEXED BY articles_story WHERE a.story_id = ?2 LIMIT ?3", NULL);
	int64_t span;
	memset(x, 0, sizeof *x);
	x->t0 = t0;
	x->t1 = t1 > t0 ? t1 : t0 + 3600;
	span = x->t1 - x->t0;
	if (!q)
		return;
	sqlite3_bind_int64(q, 1, user);
	sqlite3_bind_int64(q, 2, story);
	sqlite3_bind_int(q, 3, STORY_MAX_ROWS);
	while (sqlite3_step(q) == SQLITE_ROW) {
		int64_t t = sqlite3_column_int64(q, 0), w = sqlite3_column_int64(q, 1);
		int64_t k = span > 0 ? (t - x->t0) * SPARK_BUCKETS / (span + 1) : 0;
		const char *img = (const char *)sqlite3_column_text(q, 2);
		if (sqlite3_column_int(q, 3)) {
			x->visible++;
			if (sqlite3_column_int(q, 5)) {
				x->shown++;
				x->unread += !sqlite3_column_int(q, 4);
			}
		}
		if (w > x->words)
			x->words = w;
		if (!x->image && img && link_ok(img))
			x->image = xstrdup(img);
		x->spark[k < 0 ? 0 : (k >= SPARK_BUCKETS ? SPARK_BUCKETS - 1 : k)]++;
	}
	sqlite3_reset(q);
}

/* Articles per time bucket as an inline SVG polyline (no script, no external resource). */
static void sparkline(struct buf *b, const struct story_extra *x)
{
	int max = 1;
	for (int i = 0; i < SPARK_BUCKETS; i++)
		if (x->spark[i] > max)
			max = x->spark[i];
	buf_printf(b, "<svg class=\"spark\" viewBox=\"0 0 %d 20\" width=\"96\" height=\"20\" role=\"img\" "
		      "aria-label=\"articles over time\"><polyline fill=\"none\" stroke=\"currentColor\" "
		      "stroke-width=\"1.5\" points=\"", (SPARK_BUCKETS - 1) * 4);
	for (int i = 0; i < SPARK_BUCKETS; i++)
		buf_printf(b, "%d,%d ", i * 4, 19 - x->spark[i] * 17 / max);
	buf_puts(b, "\"/></svg>");
}

static void outlets(struct buf *b, json_t *s)
{
	json_t *o;
	size_t i;
	json_array_foreach(json_object_get(s, "outlets"), i, o) {
		if (i == 6) {
			buf_printf(b, " and %zu more", json_array_size(json_object_get(s, "outlets")) - 6);
			break;
		}
		if (i)
			buf_puts(b, ", ");
		http_escape(b, json_string_value(o));
	}
}

static void story_card(struct buf *b, json_t *s, const struct story_extra *x)
{
	int64_t id = web_jint(s, "id");
	buf_printf(b, "<article class=\"item story%s\" data-id=\"%lld\" data-href=\"/story/%lld\" data-story=\"1\">",
		   x->unread ? "" : " read", (long long)id, (long long)id);
	if (x->image) {
		buf_puts(b, "<img class=\"lead\" loading=\"lazy\" alt=\"\" referrerpolicy=\"no-referrer\" src=\"");
		http_escape(b, x->image);
		buf_puts(b, "\">");
	}
	buf_printf(b, "<div><h2><a href=\"/story/%lld\">", (long long)id);
	http_escape(b, *web_jstr(s, "title") ? web_jstr(s, "title") : "(untitled)");
	buf_printf(b, "</a></h2><p class=\"meta\"><span class=\"outlets\">%lld outlet%s: ", (long long)web_jint(s, "sources"),
		   web_jint(s, "sources") == 1 ? "" : "s");
	outlets(b, s);
	buf_puts(b, "</span></p><p class=\"meta\">first ");
	web_time(b, web_jtime(s, "first_seen"));
	buf_puts(b, " · last ");
	web_time(b, web_jtime(s, "last_seen"));
	buf_printf(b, " · %d min read · %d article%s", web_reading_minutes(x->words), x->shown, x->shown == 1 ? "" : "s");
	if (x->unread)
		buf_printf(b, " · <strong>%d unread</strong>", x->unread);
	buf_puts(b, " ");
	sparkline(b, x);
	buf_puts(b, "</p></div></article>");
}

int64_t web_top_since(struct store *st)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT max(last_seen) FROM stories", NULL);
	int64_t t = 0;
	if (q && sqlite3_step(q) == SQLITE_ROW && sqlite3_column_type(q, 0) != SQLITE_NULL)
		t = sqlite3_column_int64(q, 0) - WEB_TOP_WINDOW;
	if (q)
		sqlite3_reset(q);
	return t;
}

static int top_page(struct http_req *req, struct http_resp *resp)
{
	struct stories_query q = { 40, 0, 0, 0 };
	json_t *arr = NULL, *s;
	char *err = NULL;
	struct story_extra *x;
	size_t i, n, shown = 0;
	struct buf *b = &resp->body;
	/* q.user_id stays 0: extra_load counts this user's unread articles itself. */
	q.since = web_top_since(req->st);
	if (stories_top_json(req->st, &q, &arr, &err)) {
		web_error(resp, 500, err);
		free(err);
		return 0;
	}
	n = json_array_size(arr);
	x = xcalloc(n ? n : 1, sizeof *x);
	json_array_foreach(arr, i, s)
		extra_load(req->st, req->user_id, web_jint(s, "id"), web_jtime(s, "first_seen"), web_jtime(s, "last_seen"), &x[i]);
	web_begin(req, resp, "Top stories", "stories");
	buf_puts(b, "<div class=\"bar\"><h1>Top stories</h1><form method=\"post\" action=\"/articles/mark-all-read\" class=\"inline\">");
	web_csrf_field(b, req);
	buf_puts(b, "<input type=\"hidden\" name=\"next\" value=\"/\"><button type=\"submit\" id=\"mark-all\">Mark all read</button></form></div><div class=\"list\">");
	/* Unread first, each group in rank order. */
	for (int pass = 0; pass < 2; pass++)
		json_array_foreach(arr, i, s)
			if (x[i].visible && (pass == 0) == (x[i].unread > 0)) {
				story_card(b, s, &x[i]);
				shown++;
			}
	if (!shown)
		buf_puts(b, "<p class=\"empty\">No stories yet. <a href=\"/feeds\">Add feeds</a>; stories appear as "
			    "articles arrive. Meanwhile, <a href=\"/articles?view=all\">all articles</a>.</p>");
	buf_puts(b, "</div>");
	for (i = 0; i < n; i++)
		free(x[i].image);
	free(x);
	json_decref(arr);
	web_end(req, resp);
	return 0;
}

static void why_line(struct buf *b, json_t *why)
{
	const char *t = web_jstr(why, "text");
	if (!*t)
		return;
	buf_puts(b, "<p class=\"why\">");
	http_escape(b, t);
	buf_puts(b, "</p>");
}

/* The copies of a timeline entry as "Also published by …", leaving out `skip` (the copy
 * standing in for an unread-able canonical) and naming `canon` (that canonical's source,
 * not a link) when it is not NULL. */
static void copies_line(struct buf *b, struct http_req *req, json_t *e, int64_t skip, const char *canon)
{
	json_t *c;
	size_t i, n = 0;
	json_array_foreach(json_object_get(e, "copies"), i, c) {
		int64_t cid = web_jint(c, "id");
		int vis;
		if (cid == skip)
			continue;
		vis = web_article_visible(req->st, req->user_id, cid);
		buf_puts(b, n++ ? ", " : "<p class=\"copies\">Also published by ");
		if (vis)
			buf_printf(b, "<a href=\"/article/%lld\">", (long long)cid);
		else
			buf_puts(b, "<span>");
		http_escape(b, web_jstr(c, "source"));
		buf_puts(b, vis ? "</a>" : "</span>");
	}
	if (canon) {
		buf_puts(b, n++ ? ", " : "<p class=\"copies\">Also published by ");
		buf_puts(b, "<span>");
		http_escape(b, canon);
		buf_puts(b, "</span>");
	}
	if (n)
		buf_puts(b, "</p>");
}

char *web_article_title(struct store *st, int64_t id)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT title FROM articles WHERE id = ?", NULL);
	char *t = NULL;
	if (!q)
		return NULL;
	sqlite3_bind_int64(q, 1, id);
	if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_text(q, 0))
		t = xstrdup((const char *)sqlite3_column_text(q, 0));
	sqlite3_reset(q);
	return t;
}

/* One timeline row: `a` is the article shown (the canonical e, or one of its copies when
 * the user does not read the canonical's feed), with `title` its headline. */
static void timeline_row(struct buf *b, struct http_req *req, json_t *e, json_t *a, const char *title,
			 int64_t story)
{
	int64_t id = web_jint(a, "id");
	int stand_in = a != e;
	buf_printf(b, "<li class=\"item\" data-id=\"%lld\" data-href=\"/article/%lld\">", (long long)id, (long long)id);
	web_time(b, web_jtime(a, "published"));
	buf_printf(b, " <span class=\"feed\">");
	http_escape(b, web_jstr(a, "source"));
	buf_printf(b, "</span> <a href=\"/article/%lld\">", (long long)id);
	http_escape(b, title && *title ? title : "(untitled)");
	buf_puts(b, "</a>");
	why_line(b, json_object_get(a, "why"));
	copies_line(b, req, e, stand_in ? id : 0, stand_in ? web_jstr(e, "source") : NULL);
	buf_printf(b, "<form method=\"post\" action=\"/story/%lld/split\" class=\"inline\">", (long long)story);
	web_csrf_field(b, req);
	buf_printf(b, "<input type=\"hidden\" name=\"article\" value=\"%lld\"><button type=\"submit\" "
		      "class=\"small\" title=\"This article does not belong here\">Split this article out</button></form></li>",
		   (long long)id);
}

/* A timeline entry as this user sees it: the canonical when they read its feed; else each
 * copy they do read (as the sync APIs show them: nothing else stands for it). Returns the
 * rows written, so a story the user reaches only through copies is not a 404. */
static size_t timeline_entry(struct buf *b, struct http_req *req, json_t *e, int64_t story)
{
	json_t *c;
	size_t i, rows = 0;
	if (web_article_visible(req->st, req->user_id, web_jint(e, "id"))) {
		timeline_row(b, req, e, e, web_jstr(e, "title"), story);
		return 1;
	}
	json_array_foreach(json_object_get(e, "copies"), i, c) {
		char *title;
		if (!web_article_visible(req->st, req->user_id, web_jint(c, "id")))
			continue;
		rows++;
		title = web_article_title(req->st, web_jint(c, "id"));
		timeline_row(b, req, e, c, title, story);
		free(title);
	}
	return rows;
}

static void related(struct buf *b, struct http_req *req, int64_t story)
{
	json_t *t = NULL, *s;
	char *err = NULL;
	size_t i, shown = 0;
	if (stories_thread_json(req->st, story, &t, &err)) {
		free(err);
		return;
	}
	json_array_foreach(json_object_get(t, "stories"), i, s) {
		if (web_jint(s, "id") == story || !web_story_visible(req->st, req->user_id, web_jint(s, "id")))
			continue;   /* another user's story: its headline is one of their articles' */
		if (!shown++)
			buf_puts(b, "<aside class=\"related\"><h2>Related stories in this thread</h2><ul>");
		buf_printf(b, "<li><a href=\"/story/%lld\">", (long long)web_jint(s, "id"));
		http_escape(b, web_jstr(s, "title"));
		buf_puts(b, "</a> ");
		web_time(b, web_jtime(s, "first_seen"));
		buf_puts(b, "</li>");
	}
	if (shown)
		buf_puts(b, "</ul></aside>");
	json_decref(t);
}

int64_t web_story_entries(struct store *st, int64_t user, int64_t story)
{
	/* The same rule as extra_load's column 5 and timeline_entry. */
	sqlite3_stmt *q = store_prepare(st,
		"SELECT count(*) FROM articles a INDEXED BY articles_story WHERE a.story_id = ?2"
		" AND EXISTS(SELECT 1 FROM subscriptions s WHERE s.feed_id = a.feed_id AND s.user_id = ?1)"
		" AND " STORE_SQL_SHOWN_ONCE("?1", ""), NULL);
	int64_t n = -1;
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, user);
	sqlite3_bind_int64(q, 2, story);
	if (sqlite3_step(q) == SQLITE_ROW)
		n = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	return n;
}

/* 1234567 as "1,234,567". */
static void thousands(struct buf *b, int64_t n)
{
	char d[24];
	int len = snprintf(d, sizeof d, "%lld", (long long)(n < 0 ? 0 : n));
	for (int i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			buf_putc(b, ',');
		buf_putc(b, d[i]);
	}
}

/* The timeline is cut at its first entries (cluster/stories.c); say so rather than hide
 * the rest silently. */
static void cut_notice(struct buf *b, size_t shown, int64_t total)
{
	if (total <= (int64_t)shown)
		return;
	buf_puts(b, "<p class=\"notice\" role=\"status\">Showing the first ");
	thousands(b, (int64_t)shown);
	buf_puts(b, " of ");
	thousands(b, total);
	buf_puts(b, " articles of this story (oldest first).</p>");
}

static int story_page(struct http_req *req, struct http_resp *resp)
{
	int64_t id;
	json_t *d = NULL, *e;
	char *err = NULL;
	size_t i, shown = 0;
	struct buf *b = &resp->body;
	struct buf rows;
	if (str_to_i64(http_param(req, "id"), &id) || id <= 0)
		return web_error(resp, 404, "No such story.");
	if (stories_detail_json(req->st, id, &d, &err)) {
		web_error(resp, 404, "No such story.");
		free(err);
		return 0;
	}
	/* The rows first, in a buffer of their own: whether the user sees any decides between
	 * the page and a 404, and they are written once. */
	buf_init(&rows, b->max);
	json_array_foreach(json_object_get(d, "timeline"), i, e)
		shown += timeline_entry(&rows, req, e, id);
	if (!shown) {
		buf_release(&rows);
		json_decref(d);
		return web_error(resp, 404, "No such story.");
	}
	web_begin(req, resp, web_jstr(d, "title"), NULL);
	buf_printf(b, "<article class=\"storypage\" data-story=\"%lld\"><h1>", (long long)id);
	http_escape(b, web_jstr(d, "title"));
	buf_printf(b, "</h1><p class=\"meta\">%lld outlet%s: ", (long long)web_jint(d, "sources"), web_jint(d, "sources") == 1 ? "" : "s");
	outlets(b, d);
	buf_puts(b, " · first ");
	web_time(b, web_jtime(d, "first_seen"));
	buf_puts(b, " · last ");
	web_time(b, web_jtime(d, "last_seen"));
	buf_puts(b, "</p><form method=\"post\" action=\"/articles/mark-all-read\" class=\"inline\">");
	web_csrf_field(b, req);
	buf_printf(b, "<input type=\"hidden\" name=\"story\" value=\"%lld\"><input type=\"hidden\" name=\"next\" "
		      "value=\"/story/%lld\"><button type=\"submit\">Mark story read</button></form>"
		      "<h2>Coverage timeline</h2>", (long long)id, (long long)id);
	cut_notice(b, shown, web_story_entries(req->st, req->user_id, id));
	buf_puts(b, "<ol class=\"timeline list\">");
	buf_append(b, rows.data, rows.len);
	buf_release(&rows);
	buf_puts(b, "</ol>");
	related(b, req, id);
	buf_puts(b, "</article>");
	json_decref(d);
	web_end(req, resp);
	return 0;
}

static int split_post(struct http_req *req, struct http_resp *resp)
{
	int64_t art;
	char *err = NULL, *to;
	if (http_arg_id(req, "article", &art) || !web_article_visible(req->st, req->user_id, art))
		return web_error(resp, 404, "No such article.");
	if (stories_split(req->st, art, &err)) {
		web_error(resp, 400, err ? err : "cannot split");
		free(err);
		return 0;
	}
	to = xasprintf("/story/%lld", (long long)art);
	http_resp_redirect(resp, to);
	free(to);
	return 0;
}

void web_stories_routes(struct http_router *r)
{
	http_route(r, "GET", "/", HTTP_SESSION | HTTP_CACHE, top_page);
	http_route(r, "GET", "/story/:id", HTTP_SESSION | HTTP_CACHE, story_page);
	http_route(r, "POST", "/story/:id/split", HTTP_SESSION, split_post);
}
