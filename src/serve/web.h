/*
 * web — the server-rendered web reader: page frame, shared helpers, and the routes.
 *
 * Pages are built into resp->body with buf_printf; every piece of text that did not come
 * from a literal in our source goes through http_escape (or web_attr/web_text, which are
 * the same function). Article HTML from feeds is only ever inserted after
 * extract_sanitize_fragment. JavaScript lives in src/serve/static/app.js (served from
 * /static/, embedded in the binary by src/serve/embed.sh), never inline, so the CSP
 * `script-src 'self'` holds. Every form carries the session's CSRF token (web_csrf_field);
 * fetch() calls send it as X-CSRF-Token, read from <meta name="csrf-token">.
 *
 * User scoping: a user sees only articles of feeds they subscribe to (web_article_visible);
 * another user's article id answers 404, the same as a missing one.
 * Thread-safety: handlers run on the worker threads with req->st; no shared state.
 */
#ifndef SERVE_WEB_H
#define SERVE_WEB_H
#include "serve/http.h"
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

struct web_asset {
	const char *name, *type;
	const unsigned char *data;
	size_t len;
};
extern const struct web_asset web_assets[];   /* generated; ends with a NULL name */

void web_routes(struct http_router *r);        /* pages: web_pages.c, web_stories.c */
void web_pages_routes(struct http_router *r);   /* feeds, articles, reader, search */
void web_stories_routes(struct http_router *r); /* top stories, story page */
void web_feeds_routes(struct http_router *r);   /* feeds page, add/remove, OPML */

/* Page frame: <head>, top bar with navigation and search; web_end closes it. */
void web_begin(struct http_req *req, struct http_resp *resp, const char *title, const char *active);
void web_end(struct http_req *req, struct http_resp *resp);
void web_csrf_field(struct buf *b, const struct http_req *req);
/* <time> with an ISO datetime attribute and a short human form ("3 h ago"). */
void web_time(struct buf *b, int64_t t);
/* Reading time in minutes at 230 words a minute, at least 1. */
int web_reading_minutes(int64_t words);
/* An error page with status. Returns 0. */
int web_error(struct http_resp *resp, int status, const char *msg);
/* 1 when user_id subscribes to the feed of article id, 0 if not (or no such article). */
int web_article_visible(struct store *st, int64_t user_id, int64_t article_id);
/* An article's own headline (caller frees), NULL when none. */
char *web_article_title(struct store *st, int64_t id);
/* A story's timeline as one user sees it, a page at a time: the story page and the API's
 * story detail both list these rows. The rule, per timeline entry e (a canonical, oldest
 * first, cluster/stories.h): the canonical itself when the user reads its feed, else each
 * copy of it they do read (standing in for it: nothing else does); other users' articles
 * never. Rows are numbered from 0 in that order; a page is rows [offset, offset + limit). */
struct web_timeline {
	int64_t offset;   /* in: the first row wanted (negative reads as 0) */
	int limit;        /* in: rows wanted (below 1 reads as 1) */
	int64_t rows;     /* out: rows delivered */
	int more;         /* out: 1 when a row follows the page */
	int64_t walked;   /* out: rows walked; when !more, every row the user has */
};
/* fn(e, a, ctx) per row: e the timeline entry, a the article shown (e itself, or the copy of
 * e standing in for it); both live until fn returns. Reading goes by pages of
 * STORIES_TIMELINE_MAX entries up to the page's end (a page at row N walks N rows: the rule
 * needs each entry's visibility). 0, or -1 and *err (caller frees). */
typedef void (*web_timeline_fn)(json_t *e, json_t *a, void *ctx);
int web_story_timeline(struct store *st, int64_t user_id, int64_t story_id, struct web_timeline *t,
		       web_timeline_fn fn, void *ctx, char **err);
/* The user's rows in all after a walk t: counted by the walk when it reached the end, else
 * by one SQL count of the same rule (at least the rows walked). */
int64_t web_timeline_total(struct store *st, int64_t user_id, int64_t story_id, const struct web_timeline *t);
/* 1 when one of story_id's articles is in user_id's subscriptions, else 0. */
int web_story_visible(struct store *st, int64_t user_id, int64_t story_id);
/* Set read (0/1: the article and its copy group, canonical and copies) or starred (0/1: the
 * one article); -1 on a database error. */
int web_set_state(struct store *st, int64_t user_id, int64_t article_id, const char *field, int value);
/* Mark every article of the user's subscriptions read, optionally only one feed (feed_id >
 * 0), one folder (folder non-NULL) or one story (story_id > 0), each with its whole copy
 * group (csync_mark_read: the rule web_set_state follows). Returns rows marked or -1. */
int web_mark_all_read(struct store *st, int64_t user_id, int64_t feed_id, const char *folder,
		      int64_t story_id);
/* The window top stories are ranked from: stories active in the WEB_TOP_WINDOW seconds
 * before the newest one (ranking favours recent coverage anyway; the window keeps the
 * ranking's scan small with a long history). 0 when there are no stories. */
#define WEB_TOP_WINDOW (3 * 86400)
int64_t web_top_since(struct store *st);
/* Members of the JSON rows pages are built from (the API's shapes): a missing string reads
 * as "", a missing integer as 0, a missing or unparseable time as DATE_NONE. */
const char *web_jstr(json_t *o, const char *k);
int64_t web_jint(json_t *o, const char *k);
int64_t web_jtime(json_t *o, const char *k);
/* Validate a same-site redirect target ("/..." but not "//...", "/\\...", nor with any control
 * character, which browsers drop: "/<TAB>/x" is "//x"); else "/". */
const char *web_safe_next(const char *next);
#endif
