/*
 * web_stories.c — top stories (the home page) and the story page, from cluster/stories.h.
 *
 * Stories are global (clustering runs once for everyone); what a user sees of them is
 * scoped here: a story is listed only if one of its articles comes from the user's
 * subscriptions, and the story page lists only those articles. The per-story extras the
 * cluster API does not carry (lead image, reading time, unread count, the articles-per-hour
 * sparkline) come from one indexed query on articles.story_id per listed story.
 * A story's rows as one user sees them (the rule: entry_rows) are walked a page at a time by
 * web_story_timeline, for the story page here and the API's story detail (api_stories.c).
 */
#include "cluster/stories.h"
#include "serve/serve.h"
#include "serve/web.h"
#include "store/articles.h"
#include "util/date.h"
#include "util/log.h"
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
	return store_text_by_id(st, "SELECT title FROM articles WHERE id = ?1", &id, 1);
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

/* ---- the user's timeline, by pages (web.h) ---- */

#define WALK_PAGES_MAX 1000   /* timeline queries a walk makes at most (bounds a corrupt story) */
#define WALK_CHUNK_MIN 16

struct walk {
	struct web_timeline *t;
	web_timeline_fn fn;
	void *ctx;
	int64_t row;   /* the next row's number */
	int stop;      /* the row after the page was seen */
};

static void walk_row(struct walk *w, json_t *e, json_t *a)
{
	if (w->row++ < w->t->offset)
		return;
	if (w->t->rows < w->t->limit) {
		w->fn(e, a, w->ctx);
		w->t->rows++;
		return;
	}
	w->t->more = 1;
	w->stop = 1;
}

/* The rule (web.h): the canonical when the user reads its feed, else each copy they read. */
static void entry_rows(struct store *st, int64_t user, json_t *e, struct walk *w)
{
	json_t *c;
	size_t i;
	if (web_article_visible(st, user, web_jint(e, "id"))) {
		walk_row(w, e, e);
		return;
	}
	json_array_foreach(json_object_get(e, "copies"), i, c)
		if (!w->stop && web_article_visible(st, user, web_jint(c, "id")))
			walk_row(w, e, c);
}

int web_story_timeline(struct store *st, int64_t user, int64_t story, struct web_timeline *t,
		       web_timeline_fn fn, void *ctx, char **err)
{
	struct walk w = { t, fn, ctx, 0, 0 };
	int64_t pos = 0, want;
	int chunk;
	if (t->offset < 0)
		t->offset = 0;
	if (t->limit < 1)
		t->limit = 1;
	t->rows = t->walked = 0;
	t->more = 0;
	/* Entries read per query: as many as the rows wanted (a reader of every entry needs no
	 * more), doubling while a user's rows are sparser than the entries, at most a full
	 * query: a 10-row page of a long story reads tens of entries, not 1,000. */
	want = t->offset + t->limit + 1;
	chunk = want < WALK_CHUNK_MIN ? WALK_CHUNK_MIN : want > STORIES_TIMELINE_MAX ? STORIES_TIMELINE_MAX : (int)want;
	for (int page = 0; page < WALK_PAGES_MAX && !w.stop; page++) {
		json_t *arr = NULL, *e;
		size_t i, n;
		if (stories_timeline_json(st, story, pos, chunk, &arr, err))
			return -1;
		n = json_array_size(arr);
		json_array_foreach(arr, i, e) {
			if (w.stop)
				break;
			entry_rows(st, user, e, &w);
		}
		json_decref(arr);
		if (n < (size_t)chunk)
			break;
		pos += (int64_t)n;
		chunk = chunk > STORIES_TIMELINE_MAX / 2 ? STORIES_TIMELINE_MAX : chunk * 2;
	}
	t->walked = w.row;
	return 0;
}

struct page_rows {
	struct buf *b;
	struct http_req *req;
	int64_t story;
};

/* One row of the story page: the canonical with its own headline, or a copy standing in for
 * it with the copy's headline (the timeline carries the canonical's). */
static void page_row(json_t *e, json_t *a, void *ctx)
{
	struct page_rows *p = ctx;
	char *title = a == e ? NULL : web_article_title(p->req->st, web_jint(a, "id"));
	timeline_row(p->b, p->req, e, a, a == e ? web_jstr(e, "title") : title, p->story);
	free(title);
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

/* The count of story's timeline rows as user sees them: the rule of entry_rows in one SQL
 * count, so a page can say "of N" without walking the rest. -1 on a database error. */
static int64_t story_entries(struct store *st, int64_t user, int64_t story)
{
	/* The same rule as extra_load's column 5. */
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

int64_t web_timeline_total(struct store *st, int64_t user, int64_t story, const struct web_timeline *t)
{
	/* A walk that reached the end counted every row; one that stopped after the page asks
	 * the count, which cannot be fewer than the rows seen. */
	int64_t n = t->more ? story_entries(st, user, story) : t->walked;
	return n < t->walked ? t->walked : n;
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

/* Rows of one story page: a page of the timeline is never cut silently. */
#define WEB_TIMELINE_PAGE 100
/* Offsets are clamped here before any arithmetic: far past any real story, far from overflow. */
#define WEB_TIMELINE_OFFSET_MAX 100000000

/* "Entries 101–200 of 1,234, oldest first." when the page is not the whole timeline. */
static void page_notice(struct buf *b, const struct web_timeline *t, int64_t total)
{
	if (t->offset == 0 && !t->more && total <= t->rows)
		return;
	buf_puts(b, "<p class=\"notice\" role=\"status\">Entries ");
	thousands(b, t->offset + 1);
	buf_puts(b, "–");
	thousands(b, t->offset + t->rows);
	buf_puts(b, " of ");
	thousands(b, total);
	buf_puts(b, " of this story, oldest first.</p>");
}

/* Links to the neighbouring pages: numbers only, built here, so no request text reaches
 * the href (nothing to escape, nothing to redirect elsewhere). */
static void page_nav(struct buf *b, int64_t story, const struct web_timeline *t)
{
	if (t->offset == 0 && !t->more)
		return;
	buf_puts(b, "<nav class=\"pager\" aria-label=\"Timeline pages\">");
	if (t->offset == 0) {
		buf_puts(b, "<span></span>");   /* keeps "Newer" on the right (.pager spreads its two ends) */
	} else {
		int64_t prev = t->offset > WEB_TIMELINE_PAGE ? t->offset - WEB_TIMELINE_PAGE : 0;
		if (prev)
			buf_printf(b, "<a rel=\"prev\" href=\"/story/%lld?offset=%lld\">← Older entries</a>", (long long)story,
				   (long long)prev);
		else
			buf_printf(b, "<a rel=\"prev\" href=\"/story/%lld\">← Older entries</a>", (long long)story);
	}
	if (t->more)
		buf_printf(b, "<a rel=\"next\" href=\"/story/%lld?offset=%lld\">Newer entries →</a>", (long long)story,
			   (long long)(t->offset + t->rows));
	buf_puts(b, "</nav>");
}

/* ?offset=N: absent is 0, negative 0, huge WEB_TIMELINE_OFFSET_MAX; anything but a number
 * is -1 (a 400). */
static int64_t page_offset(const struct http_req *req)
{
	const char *s = http_query(req, "offset");
	int64_t v;
	if (!s)
		return 0;
	if (str_to_i64(s, &v))
		return -1;
	return v < 0 ? 0 : v > WEB_TIMELINE_OFFSET_MAX ? WEB_TIMELINE_OFFSET_MAX : v;
}

/* The page's rows into `rows`. An offset past the user's last row shows the last page (a
 * second walk, only then). 0, or -1 on a database error. */
static int page_walk(struct http_req *req, int64_t story, struct web_timeline *t, struct buf *rows)
{
	struct page_rows p = { rows, req, story };
	char *err = NULL;
	int rc = web_story_timeline(req->st, req->user_id, story, t, page_row, &p, &err);
	if (rc == 0 && t->rows == 0 && t->walked > 0) {
		t->offset = (t->walked - 1) / WEB_TIMELINE_PAGE * WEB_TIMELINE_PAGE;
		rc = web_story_timeline(req->st, req->user_id, story, t, page_row, &p, &err);
	}
	if (rc)
		log_warn("serve: story %lld timeline: %s", (long long)story, err ? err : "?");
	free(err);
	return rc;
}

static void story_head(struct buf *b, struct http_req *req, json_t *d, int64_t id, int64_t offset)
{
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
		      "value=\"/story/%lld", (long long)id, (long long)id);
	if (offset > 0)
		buf_printf(b, "?offset=%lld", (long long)offset);
	buf_puts(b, "\"><button type=\"submit\">Mark story read</button></form><h2>Coverage timeline</h2>");
}

static int story_page(struct http_req *req, struct http_resp *resp)
{
	int64_t id, sid;
	json_t *d = NULL;
	char *err = NULL;
	struct buf *b = &resp->body;
	struct buf rows;
	struct web_timeline t = { .limit = WEB_TIMELINE_PAGE };
	if (str_to_i64(http_param(req, "id"), &id) || id <= 0)
		return web_error(resp, 404, "No such story.");
	if ((t.offset = page_offset(req)) < 0)
		return web_error(resp, 400, "The page offset must be a number.");
	if (stories_head_json(req->st, id, &d, &err)) {
		web_error(resp, 404, "No such story.");
		free(err);
		return 0;
	}
	sid = web_jint(d, "id");   /* a merged story's: the head followed the merge, as the detail did */
	/* The rows first, in a buffer of their own: whether the user sees any decides between
	 * the page and a 404, and they are written once. */
	buf_init(&rows, b->max);
	if (page_walk(req, sid, &t, &rows) || t.rows == 0) {
		buf_release(&rows);
		json_decref(d);
		return web_error(resp, 404, "No such story.");
	}
	web_begin(req, resp, web_jstr(d, "title"), NULL);
	story_head(b, req, d, id, t.offset);
	page_notice(b, &t, web_timeline_total(req->st, req->user_id, sid, &t));
	page_nav(b, id, &t);
	buf_printf(b, "<ol class=\"timeline list\" start=\"%lld\">", (long long)(t.offset + 1));
	buf_append(b, rows.data, rows.len);
	buf_release(&rows);
	buf_puts(b, "</ol>");
	page_nav(b, id, &t);
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
