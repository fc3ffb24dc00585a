/*
 * clientsync — the item layer the two sync APIs share (Google Reader in greader.c, Fever in
 * fever.c): which articles a user sees, in which order, and what marking one does.
 *
 * Visibility: a user sees the articles of the feeds they subscribe to. Folded copies appear
 * once: an article whose canonical_id points at an article the user can also see is left
 * out (its canonical stands for it); a copy whose canonical lives in a feed the user does
 * not read is shown, since nothing else stands for it. An id the user cannot see is "not
 * found" (1), never an error, so other users' ids reveal nothing.
 * Read state is per story copy group: marking an article read or unread marks its
 * canonical and every copy of that canonical the same way. Stars apply to the one article.
 *
 * Ownership: the item passed to a callback and its strings live until the callback returns.
 * Errors: -1 and *err (caller frees). Limits: a query returns at most CSYNC_MAX_LIMIT rows.
 * Thread-safety: one store per thread (the request's).
 */
#ifndef SERVE_CLIENTSYNC_H
#define SERVE_CLIENTSYNC_H
#include "store/store.h"
#include "util/buf.h"
#include <stdint.h>

#define CSYNC_MAX_LIMIT 100000
#define CSYNC_NONE INT64_MIN
/* An ids_only query over every subscription (or a folder) asking for at least this many rows
 * is answered from the in-memory item index (serve/itemidx.h); shorter pages stop early in
 * SQL, which is cheaper than reading the user's read marks. */
#define CSYNC_FAST_MIN 2000

struct csync_item {
	int64_t id, feed_id, ts, published, fetched;   /* ts: published, else fetched */
	const char *url, *title, *author, *html, *content, *summary, *text, *enclosures, *image;
	const char *feed_url, *feed_title, *site_url, *folder;
	int read, starred;
};

enum csync_order { CSYNC_NEWEST = 0, CSYNC_OLDEST, CSYNC_ID_ASC, CSYNC_ID_DESC };

struct csync_query {
	int64_t user;
	int64_t feed_id;           /* 0: any */
	const char *folder;        /* NULL: any */
	int only_read, only_starred, exclude_read, exclude_starred;
	int64_t ts_min, ts_max;    /* ts >= ts_min, ts < ts_max; CSYNC_NONE: no bound */
	int64_t id_above, id_below;/* id > id_above, id < id_below; CSYNC_NONE: no bound */
	/* Keyset continuation for CSYNC_NEWEST/OLDEST: rows strictly after (cont_ts, cont_id). */
	int has_cont;
	int64_t cont_ts, cont_id;
	enum csync_order order;
	int limit;                 /* 1..CSYNC_MAX_LIMIT */
	int ids_only;              /* items carry only id, feed_id and ts (cheap id lists) */
};

/* A query with no filters: every bound CSYNC_NONE, newest first, limit 20. */
void csync_query_init(struct csync_query *q, int64_t user);

typedef int (*csync_fn)(const struct csync_item *it, void *ctx);   /* non-zero stops */
/* Call fn for each matching row; *n (may be NULL) counts rows delivered. */
int csync_each(struct store *st, const struct csync_query *q, csync_fn fn, void *ctx, int *n, char **err);
/* Call fn for article id if user sees it; 0 done, 1 not visible, -1 error. */
int csync_get(struct store *st, int64_t user, int64_t id, csync_fn fn, void *ctx, char **err);

/* 0 done, 1 not visible, -1 error. */
int csync_set_read(struct store *st, int64_t user, int64_t id, int read, char **err);
int csync_set_starred(struct store *st, int64_t user, int64_t id, int starred, char **err);
/* Which time `before` bounds: the arrival (fetched: Fever's "before" is the time of the
 * client's last items request) or the item's own time as the APIs show it (published, else
 * fetched: Google Reader's "ts" is an item timestampUsec the client has seen). */
enum csync_clock { CSYNC_FETCHED = 0, CSYNC_ITEM_TIME };
/* What a mark-all-read covers: the articles of the user's subscriptions, narrowed to one feed
 * (feed_id > 0), one folder (folder non-NULL), one story (story_id > 0) and to those whose
 * `clock` time is at or before `before` (CSYNC_NONE: no bound). Zero-initialized (but for
 * before = CSYNC_NONE) it is everything. */
struct csync_mark {
	int64_t feed_id;
	const char *folder;
	int64_t story_id;
	int64_t before;
	enum csync_clock clock;
};
/* Mark read every copy group with an article in m's scope, whole: the canonical and every
 * copy, whatever feed each is in (the rule csync_set_read follows for one article). The one
 * implementation behind Google Reader, Fever, the web reader and the JSON API. *marked (may
 * be NULL): article rows written, copies in other feeds and rows already read included. */
int csync_mark_read(struct store *st, int64_t user, const struct csync_mark *m, int64_t *marked, char **err);
/* csync_mark_read over a feed (feed_id) or folder (folder) or all (both unset), no story. */
int csync_mark_all_read(struct store *st, int64_t user, int64_t feed_id, const char *folder,
			int64_t before, enum csync_clock clock, char **err);
/* Unread count per subscribed feed with unread items: fn(feed_id, feed_url, folder, count,
 * newest), newest being the feed's last successful fetch (a cheap upper bound of its
 * newest item's arrival, which is what clients compare against). */
typedef void (*csync_count_fn)(int64_t feed_id, const char *feed_url, const char *folder,
			       int64_t count, int64_t newest, void *ctx);
int csync_unread_counts(struct store *st, int64_t user, csync_count_fn fn, void *ctx, char **err);

/* The item's HTML, always sanitized: the extractor's html when the article has one, else
 * the feed's content or summary through extract_sanitize_fragment, else the text escaped
 * in a <p>. Nothing from a feed goes to a client unsanitized. Caller frees. */
char *csync_item_html(const struct csync_item *it);
/* How many items the user sees (copies counted once). */
int64_t csync_total(struct store *st, int64_t user);
/* Every unread item id the user sees, ascending: the same set as csync_each with
 * exclude_read and CSYNC_ID_ASC, computed as a merge (one walk of the id index, one of the
 * user's read marks, subscriptions in memory) instead of two lookups per article. Items
 * carry only id and feed_id. At most CSYNC_MAX_LIMIT ids. */
int csync_unread_ids(struct store *st, int64_t user, csync_fn fn, void *ctx, char **err);
/* Append the decimal form of v to b (no printf: id lists write tens of thousands). -1 when
 * b's cap is reached. */
int csync_buf_i64(struct buf *b, int64_t v);
#endif
