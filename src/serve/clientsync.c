/*
 * clientsync.c — visible items, ordering and read/star state for the sync APIs.
 *
 * One SELECT serves every stream. Its bounds (time range, id range, continuation) are
 * always bound (open bounds as INT64_MIN/MAX) so SQLite can turn them into index ranges;
 * only the cheap per-row filters (folder, read, starred) use "?N IS NULL OR ..." forms.
 * Listing everything walks the index on the item time (web_articles_ts, serve/web_schema.c:
 * articles(coalesce(published, fetched), id, feed_id, canonical_id)) and checks
 * each row's subscription, so the first page of 100,000 articles reads ~20 rows, not all;
 * a feed stream lets the planner start from that feed's rows instead. Each (scope, order)
 * pair is its own cached statement; no user text reaches SQL except through bindings.
 * Read marks go through one INSERT ... SELECT over the copy group (the canonical and every
 * article whose canonical_id is it).
 */
#include "serve/clientsync.h"
#include "serve/itemidx.h"
#include "extract/extract.h"
#include "store/articles.h"
#include "util/buf.h"
#include "util/util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define TS "coalesce(a.published, a.fetched)"

#define COLS "SELECT a.id, a.feed_id, " TS ", a.published, a.fetched, a.url, a.title, a.author, a.html, " \
	     "a.content, a.summary, a.text, a.enclosures, a.image, f.url, coalesce(s.title, f.title, f.url), "  \
	     "f.site_url, s.folder, coalesce(r.read, 0), coalesce(r.starred, 0) "

#define FEEDS_J "JOIN feeds f ON f.id = a.feed_id "
#define STATE_J "LEFT JOIN article_state r ON r.user_id = ?1 AND r.article_id = a.id "
/* CROSS JOIN keeps articles the outer loop, so ORDER BY walks an index and stops early:
 * web_articles_ts for time orders, web_articles_id_ts for id orders (both carry feed_id and
 * canonical_id, serve/web_schema.c, so the walk never reads an article row it drops). */
#define FROM_ALL(idx) "FROM articles a " idx " CROSS JOIN subscriptions s ON s.feed_id = a.feed_id AND s.user_id = ?1 "
#define BY_TIME ""
#define BY_ID "INDEXED BY web_articles_id_ts"
#define FROM "FROM articles a JOIN subscriptions s ON s.feed_id = a.feed_id AND s.user_id = ?1 "

/* Folded copies appear once: hide a copy when the user also sees its canonical (looked up
 * in the covering index, not the article row). */
#define ONCE STORE_SQL_SHOWN_ONCE("?1", "INDEXED BY web_articles_id_ts") " "

#define FILTERS "AND (?3 IS NULL OR s.folder = ?3) "                                               \
		"AND (?4 = 0 OR coalesce(r.read, 0) = 1) AND (?5 = 0 OR coalesce(r.starred, 0) = 1) "  \
		"AND (?6 = 0 OR coalesce(r.read, 0) = 0) AND (?7 = 0 OR coalesce(r.starred, 0) = 0) "  \
		"AND " TS " >= ?8 AND " TS " < ?9 AND a.id > ?10 AND a.id < ?11 "

#define NEWEST "AND (" TS ", a.id) < (?12, ?13) ORDER BY " TS " DESC, a.id DESC LIMIT ?14"
#define OLDEST "AND (" TS ", a.id) > (?12, ?13) ORDER BY " TS " ASC, a.id ASC LIMIT ?14"
#define ID_ASC "AND ?12 IS NOT NULL AND ?13 IS NOT NULL ORDER BY a.id ASC LIMIT ?14"
#define ID_DESC "AND ?12 IS NOT NULL AND ?13 IS NOT NULL ORDER BY a.id DESC LIMIT ?14"

#define ALL(idx) COLS FROM_ALL(idx) FEEDS_J STATE_J "WHERE " ONCE FILTERS "AND ?2 = 0 "
#define FEED COLS FROM FEEDS_J STATE_J "WHERE a.feed_id = ?2 AND " ONCE FILTERS
/* ids_only: the same query reading no article text and no feed row. */
#define COLS_ID "SELECT a.id, a.feed_id, " TS " "
#define ALL_ID(idx) COLS_ID FROM_ALL(idx) STATE_J "WHERE " ONCE FILTERS "AND ?2 = 0 "
#define FEED_ID COLS_ID FROM STATE_J "WHERE a.feed_id = ?2 AND " ONCE FILTERS

/* Starred items: driven from the user's few starred state rows (the partial index
 * web_state_starred, serve/web_schema.c) and sorted, instead of walking every article. */
#define FROM_STAR "FROM article_state r INDEXED BY web_state_starred CROSS JOIN articles a ON a.id = r.article_id " \
		  "CROSS JOIN subscriptions s ON s.feed_id = a.feed_id AND s.user_id = ?1 "
#define STAR COLS FROM_STAR FEEDS_J "WHERE r.user_id = ?1 AND r.starred = 1 AND " ONCE FILTERS "AND ?2 = 0 "
#define STAR_ID COLS_ID FROM_STAR "WHERE r.user_id = ?1 AND r.starred = 1 AND " ONCE FILTERS "AND ?2 = 0 "

/* [ids_only][0: every subscribed feed, 1: one feed, 2: starred][enum csync_order]. */
static const char *const sql_list[2][3][4] = {
	{ { ALL(BY_TIME) NEWEST, ALL(BY_TIME) OLDEST, ALL(BY_ID) ID_ASC, ALL(BY_ID) ID_DESC },
	  { FEED NEWEST, FEED OLDEST, FEED ID_ASC, FEED ID_DESC },
	  { STAR NEWEST, STAR OLDEST, STAR ID_ASC, STAR ID_DESC } },
	{ { ALL_ID(BY_TIME) NEWEST, ALL_ID(BY_TIME) OLDEST, ALL_ID(BY_ID) ID_ASC, ALL_ID(BY_ID) ID_DESC },
	  { FEED_ID NEWEST, FEED_ID OLDEST, FEED_ID ID_ASC, FEED_ID ID_DESC },
	  { STAR_ID NEWEST, STAR_ID OLDEST, STAR_ID ID_ASC, STAR_ID ID_DESC } },
};

static const char sql_by_id[] = COLS FROM FEEDS_J STATE_J "WHERE a.id = ?2 AND " ONCE;

void csync_query_init(struct csync_query *q, int64_t user)
{
	memset(q, 0, sizeof *q);
	q->user = user;
	q->ts_min = q->ts_max = q->id_above = q->id_below = CSYNC_NONE;
	q->order = CSYNC_NEWEST;
	q->limit = 20;
}

static const char *col_s(sqlite3_stmt *q, int i)
{
	return (const char *)sqlite3_column_text(q, i);
}

static void row_item(sqlite3_stmt *q, struct csync_item *it)
{
	it->id = sqlite3_column_int64(q, 0);
	it->feed_id = sqlite3_column_int64(q, 1);
	it->ts = sqlite3_column_int64(q, 2);
	it->published = sqlite3_column_type(q, 3) == SQLITE_NULL ? CSYNC_NONE : sqlite3_column_int64(q, 3);
	it->fetched = sqlite3_column_int64(q, 4);
	it->url = col_s(q, 5);
	it->title = col_s(q, 6);
	it->author = col_s(q, 7);
	it->html = col_s(q, 8);
	it->content = col_s(q, 9);
	it->summary = col_s(q, 10);
	it->text = col_s(q, 11);
	it->enclosures = col_s(q, 12);
	it->image = col_s(q, 13);
	it->feed_url = col_s(q, 14);
	it->feed_title = col_s(q, 15);
	it->site_url = col_s(q, 16);
	it->folder = col_s(q, 17);
	it->read = sqlite3_column_int(q, 18);
	it->starred = sqlite3_column_int(q, 19);
}

static void bind_opt(sqlite3_stmt *q, int i, int64_t v)
{
	if (v == CSYNC_NONE)
		sqlite3_bind_null(q, i);
	else
		sqlite3_bind_int64(q, i, v);
}

static int64_t or_default(int64_t v, int64_t dflt)
{
	return v == CSYNC_NONE ? dflt : v;
}

static void bind_query(sqlite3_stmt *s, const struct csync_query *q)
{
	int limit = q->limit < 1 ? 1 : q->limit > CSYNC_MAX_LIMIT ? CSYNC_MAX_LIMIT : q->limit;
	int64_t lo = or_default(q->ts_min, INT64_MIN), hi = or_default(q->ts_max, INT64_MAX);
	int64_t cts = q->order == CSYNC_OLDEST ? INT64_MIN : INT64_MAX, cid = cts;
	if (q->has_cont) {
		cts = q->cont_ts;
		cid = q->cont_id;
		/* The continuation also narrows the time range, so the index range starts there. */
		if (q->order == CSYNC_NEWEST && cts < INT64_MAX && cts + 1 < hi)
			hi = cts + 1;
		if (q->order == CSYNC_OLDEST && cts > lo)
			lo = cts;
	}
	sqlite3_bind_int64(s, 1, q->user);
	sqlite3_bind_int64(s, 2, q->feed_id);
	if (q->folder)
		sqlite3_bind_text(s, 3, q->folder, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(s, 4, q->only_read);
	sqlite3_bind_int(s, 5, q->only_starred);
	sqlite3_bind_int(s, 6, q->exclude_read);
	sqlite3_bind_int(s, 7, q->exclude_starred);
	sqlite3_bind_int64(s, 8, lo);
	sqlite3_bind_int64(s, 9, hi);
	sqlite3_bind_int64(s, 10, or_default(q->id_above, INT64_MIN));
	sqlite3_bind_int64(s, 11, or_default(q->id_below, INT64_MAX));
	sqlite3_bind_int64(s, 12, cts);
	sqlite3_bind_int64(s, 13, cid);
	sqlite3_bind_int(s, 14, limit);
}

static int run_rows(struct store *st, sqlite3_stmt *s, csync_fn fn, void *ctx, int *n, char **err)
{
	struct csync_item it;
	int rc, count = 0, stop = 0;
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		memset(&it, 0, sizeof it);
		if (sqlite3_column_count(s) > 3) {
			row_item(s, &it);
		} else {
			it.id = sqlite3_column_int64(s, 0);
			it.feed_id = sqlite3_column_int64(s, 1);
			it.ts = sqlite3_column_int64(s, 2);
		}
		count++;
		stop = fn(&it, ctx);
	}
	if (stop)
		rc = SQLITE_DONE;
	sqlite3_reset(s);
	if (n)
		*n = count;
	if (rc != SQLITE_DONE) {
		*err = store_errmsg(st, "listing items");
		return -1;
	}
	return 0;
}

static int fast_ids(struct store *st, const struct csync_query *q, csync_fn fn, void *ctx, int *n, char **err);

int csync_each(struct store *st, const struct csync_query *q, csync_fn fn, void *ctx, int *n, char **err)
{
	unsigned o = (unsigned)q->order;
	sqlite3_stmt *s;
	int rc;
	if (o > CSYNC_ID_DESC)
		o = CSYNC_NEWEST;
	/* Long id lists over every subscription come from the in-memory item index. */
	if (q->ids_only && !q->feed_id && !q->only_starred && !q->exclude_starred && q->limit >= CSYNC_FAST_MIN &&
	    (rc = fast_ids(st, q, fn, ctx, n, err)) <= 0)
		return rc;
	s = store_prepare(st, sql_list[q->ids_only != 0][q->feed_id ? 1 : q->only_starred ? 2 : 0][o], err);
	if (!s)
		return -1;
	bind_query(s, q);
	return run_rows(st, s, fn, ctx, n, err);
}

int csync_get(struct store *st, int64_t user, int64_t id, csync_fn fn, void *ctx, char **err)
{
	sqlite3_stmt *s = store_prepare(st, sql_by_id, err);
	int n = 0;
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, user);
	sqlite3_bind_int64(s, 2, id);
	if (run_rows(st, s, fn, ctx, &n, err) < 0)
		return -1;
	return n ? 0 : 1;
}

/* The copy-group root of an article the user can see (subscribed feed), or 0. Visibility
 * here is "in a subscribed feed", not ONCE: a client may hold the id of a copy it saw
 * before its canonical arrived, and marking it must still work. */
static int64_t visible_root(struct store *st, int64_t user, int64_t id, char **err)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT coalesce(a.canonical_id, a.id) FROM articles a JOIN subscriptions s"
					    " ON s.feed_id = a.feed_id AND s.user_id = ? WHERE a.id = ?", err);
	int64_t root = 0;
	int rc;
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, user);
	sqlite3_bind_int64(q, 2, id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		root = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		*err = store_errmsg(st, "finding item");
		return -1;
	}
	return root;
}

int csync_set_read(struct store *st, int64_t user, int64_t id, int read, char **err)
{
	int64_t root = visible_root(st, user, id, err);
	sqlite3_stmt *q;
	if (root <= 0)
		return root < 0 ? -1 : 1;
	q = store_prepare(st, "INSERT INTO article_state(user_id, article_id, read, updated)"
			      " SELECT ?1, x.id, ?3, unixepoch() FROM articles x WHERE x.id = ?2 OR x.canonical_id = ?2"
			      " ON CONFLICT(user_id, article_id) DO UPDATE SET read = excluded.read,"
			      " updated = excluded.updated", err);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, user);
	sqlite3_bind_int64(q, 2, root);
	sqlite3_bind_int(q, 3, read ? 1 : 0);
	return store_step_done(st, q, "marking read", err);
}

int csync_set_starred(struct store *st, int64_t user, int64_t id, int starred, char **err)
{
	int64_t root = visible_root(st, user, id, err);
	sqlite3_stmt *q;
	if (root <= 0)
		return root < 0 ? -1 : 1;
	q = store_prepare(st, "INSERT INTO article_state(user_id, article_id, starred, updated) VALUES (?1, ?2, ?3, unixepoch())"
			      " ON CONFLICT(user_id, article_id) DO UPDATE SET starred = excluded.starred,"
			      " updated = excluded.updated", err);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, user);
	sqlite3_bind_int64(q, 2, id);
	sqlite3_bind_int(q, 3, starred ? 1 : 0);
	return store_step_done(st, q, "starring", err);
}

/* A mark's scope: the articles of the user's subscriptions, narrowed by feed (?2), folder
 * (?3), time (?4, ?5: which clock) and story (?6). Every article whose copy-group root
 * (coalesce(canonical_id, id)) is the root of one of them is marked. Two access paths for
 * the one rule: a narrow scope (a feed, a story) collects its roots first, then marks each
 * root by its primary key and its copies through articles_canonical, costing its own rows
 * and their groups; a wide one (a folder, everything) scans articles_canonical (covering:
 * id and canonical_id) once and probes the roots, which is cheaper when the roots are most
 * articles (100,000 articles, one user, CPU: all 645 ms by scan vs 900 ms by roots; one
 * feed 24 vs 18 ms). */
#define MARK_SCOPE " JOIN subscriptions s ON s.feed_id = a.feed_id AND s.user_id = ?1"                 \
		   " WHERE (?2 = 0 OR a.feed_id = ?2) AND (?3 IS NULL OR s.folder = ?3)"                  \
		   " AND (?4 IS NULL OR CASE WHEN ?5 THEN coalesce(a.published, a.fetched) ELSE a.fetched END <= ?4)"
#define MARK_INTO "INSERT INTO article_state(user_id, article_id, read, updated) SELECT ?1, x.id, 1, unixepoch() "
#define MARK_UPSERT " ON CONFLICT(user_id, article_id) DO UPDATE SET read = 1, updated = excluded.updated"
#define MARK_ROOTS(from, story) "WITH roots(r) AS (SELECT coalesce(a.canonical_id, a.id) FROM " from MARK_SCOPE \
				" AND " story ") " MARK_INTO                                                       \
				"FROM articles x WHERE x.id IN roots OR x.canonical_id IN roots" MARK_UPSERT

static const char sql_mark_wide[] = MARK_INTO "FROM articles x WHERE coalesce(x.canonical_id, x.id) IN"
				    " (SELECT coalesce(a.canonical_id, a.id) FROM articles a" MARK_SCOPE " AND ?6 = 0)"
				    MARK_UPSERT;
static const char sql_mark_feed[] = MARK_ROOTS("articles a", "?6 = 0");
static const char sql_mark_story[] = MARK_ROOTS("articles a INDEXED BY articles_story", "a.story_id = ?6");

int csync_mark_read(struct store *st, int64_t user, const struct csync_mark *m, int64_t *marked, char **err)
{
	sqlite3_stmt *q = store_prepare(st, m->story_id > 0 ? sql_mark_story : m->feed_id > 0 ? sql_mark_feed : sql_mark_wide, err);
	if (marked)
		*marked = 0;
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, user);
	sqlite3_bind_int64(q, 2, m->feed_id > 0 ? m->feed_id : 0);
	if (m->folder)
		sqlite3_bind_text(q, 3, m->folder, -1, SQLITE_TRANSIENT);
	bind_opt(q, 4, m->before);
	sqlite3_bind_int(q, 5, m->clock == CSYNC_ITEM_TIME);
	sqlite3_bind_int64(q, 6, m->story_id > 0 ? m->story_id : 0);
	if (store_step_done(st, q, "marking all read", err) < 0)
		return -1;
	if (marked)
		*marked = sqlite3_changes(store_db(st));
	return 0;
}

int csync_mark_all_read(struct store *st, int64_t user, int64_t feed_id, const char *folder,
			int64_t before, enum csync_clock clock, char **err)
{
	struct csync_mark m = { .feed_id = feed_id, .folder = folder, .before = before, .clock = clock };
	return csync_mark_read(st, user, &m, NULL, err);
}

/* The counters core migration 2 keeps (store/schema_core.c): a bucket of a feed's articles
 * is visible to the user unless it holds copies whose canonical's feed the user also reads
 * (the ONCE rule applied per bucket, not per row). SUBS is materialized once; each NOT IN is
 * then an in-memory probe, so the counts cost one pass over the user's counter rows. */
#define SUBS "WITH subs AS (SELECT feed_id FROM subscriptions WHERE user_id = ?1),"
#define SEEN "seen AS (SELECT c.feed_id, sum(c.n) n FROM feed_counts c WHERE c.feed_id IN subs"     \
	     " AND (c.bucket <= 0 OR c.bucket NOT IN subs) GROUP BY c.feed_id)"
#define READ "rd AS (SELECT r.feed_id, sum(r.n) n FROM read_counts r WHERE r.user_id = ?1"         \
	     " AND r.feed_id IN subs AND (r.bucket <= 0 OR r.bucket NOT IN subs) GROUP BY r.feed_id)"

int csync_unread_counts(struct store *st, int64_t user, csync_count_fn fn, void *ctx, char **err)
{
	sqlite3_stmt *q = store_prepare(st, SUBS SEEN "," READ " SELECT s.feed_id, f.url, s.folder,"
					    " seen.n - coalesce(rd.n, 0), coalesce(f.last_success, 0) FROM seen"
					    " JOIN subscriptions s ON s.user_id = ?1 AND s.feed_id = seen.feed_id"
					    " JOIN feeds f ON f.id = seen.feed_id LEFT JOIN rd ON rd.feed_id = seen.feed_id", err);
	int rc;
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, user);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		if (sqlite3_column_int64(q, 3) > 0)
			fn(sqlite3_column_int64(q, 0), col_s(q, 1), col_s(q, 2), sqlite3_column_int64(q, 3),
			   sqlite3_column_int64(q, 4), ctx);
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		*err = store_errmsg(st, "counting unread");
		return -1;
	}
	return 0;
}

/* Escape text for HTML (the five characters that matter). */
static void escape_into(struct buf *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': buf_puts(b, "&amp;"); break;
		case '<': buf_puts(b, "&lt;"); break;
		case '>': buf_puts(b, "&gt;"); break;
		case '"': buf_puts(b, "&quot;"); break;
		case '\'': buf_puts(b, "&#39;"); break;
		default: buf_putc(b, *s);
		}
	}
}

char *csync_item_html(const struct csync_item *it)
{
	const char *src = it->content && *it->content ? it->content : it->summary;
	struct buf b = BUF_INIT(0);
	if (it->html && *it->html)
		return xstrdup(it->html);
	if (src && *src)
		return extract_sanitize_fragment(src, strlen(src), it->url);
	buf_puts(&b, "<p>");
	escape_into(&b, it->text ? it->text : "");
	buf_puts(&b, "</p>");
	return buf_detach(&b, NULL);
}

int64_t csync_total(struct store *st, int64_t user)
{
	sqlite3_stmt *q = store_prepare(st, SUBS SEEN " SELECT coalesce(sum(n), 0) FROM seen", NULL);
	int64_t n = 0;
	if (!q)
		return 0;
	sqlite3_bind_int64(q, 1, user);
	if (sqlite3_step(q) == SQLITE_ROW)
		n = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	return n;
}

/* ---- unread ids by merge ---- */

#define MERGE_SPAN_MAX (8 * 1024 * 1024)   /* ids remembered for the canonical lookup */

struct idmerge {
	int64_t *subs;               /* subscribed feed ids, ascending */
	size_t nsubs;
	int64_t base;                /* feed_of[id - base]: the feed of each id walked so far */
	int32_t *feed_of;
	size_t span;
	sqlite3_stmt *canon;         /* fallback: the feed of an id outside feed_of */
};

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

static int subscribed(const struct idmerge *m, int64_t feed)
{
	return m->nsubs && bsearch(&feed, m->subs, m->nsubs, sizeof *m->subs, cmp_i64) != NULL;
}

/* Does the user see the row canonical_id points at? (Then the copy is left out: ONCE.) */
static int canonical_seen(struct idmerge *m, int64_t canon)
{
	int64_t feed = 0;
	if (canon >= m->base && (size_t)(canon - m->base) < m->span && m->feed_of[canon - m->base])
		feed = m->feed_of[canon - m->base];
	else {
		sqlite3_bind_int64(m->canon, 1, canon);
		if (sqlite3_step(m->canon) == SQLITE_ROW)
			feed = sqlite3_column_int64(m->canon, 0);
		sqlite3_reset(m->canon);
	}
	return feed && subscribed(m, feed);
}

static int load_subs(struct store *st, int64_t user, struct idmerge *m, char **err)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT feed_id FROM subscriptions WHERE user_id = ?1 ORDER BY feed_id", err);
	size_t cap = 0;
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, user);
	while (sqlite3_step(q) == SQLITE_ROW) {
		xgrow((void **)&m->subs, &cap, m->nsubs + 1, sizeof *m->subs);
		m->subs[m->nsubs++] = sqlite3_column_int64(q, 0);
	}
	sqlite3_reset(q);
	return 0;
}

/* Walk the id index (a) against the read marks (r), both ascending. 0, or -1 when a step
 * failed (the caller reports it). */
static int merge_walk(struct idmerge *m, sqlite3_stmt *a, sqlite3_stmt *r, csync_fn fn, void *ctx)
{
	int rc, count = 0;
	int64_t read_id = sqlite3_step(r) == SQLITE_ROW ? sqlite3_column_int64(r, 0) : INT64_MAX;
	while (count < CSYNC_MAX_LIMIT && (rc = sqlite3_step(a)) == SQLITE_ROW) {
		struct csync_item it;
		int64_t id = sqlite3_column_int64(a, 0), feed = sqlite3_column_int64(a, 1);
		if (!m->feed_of) {
			m->base = id;
			m->feed_of = xcalloc(m->span, sizeof *m->feed_of);
		}
		if (id - m->base < (int64_t)m->span && feed > 0 && feed <= INT32_MAX)
			m->feed_of[id - m->base] = (int32_t)feed;
		while (read_id < id)
			read_id = sqlite3_step(r) == SQLITE_ROW ? sqlite3_column_int64(r, 0) : INT64_MAX;
		if (read_id == id || !subscribed(m, feed))
			continue;
		if (sqlite3_column_type(a, 2) != SQLITE_NULL && canonical_seen(m, sqlite3_column_int64(a, 2)))
			continue;
		memset(&it, 0, sizeof it);
		it.id = id;
		it.feed_id = feed;
		count++;
		if (fn(&it, ctx))
			return 0;
	}
	return count >= CSYNC_MAX_LIMIT || rc == SQLITE_DONE ? 0 : -1;
}

/* How many ids feed_of must cover: the id range, capped at MERGE_SPAN_MAX. */
static size_t id_span(struct store *st)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT coalesce(max(id) - min(id) + 1, 1) FROM articles", NULL);
	size_t span = MERGE_SPAN_MAX;
	if (q && sqlite3_step(q) == SQLITE_ROW && sqlite3_column_int64(q, 0) < (int64_t)span)
		span = (size_t)sqlite3_column_int64(q, 0);
	if (q)
		sqlite3_reset(q);
	return span;
}

static int fast_unread_ids(struct store *st, int64_t user, csync_fn fn, void *ctx, char **err);

int csync_unread_ids(struct store *st, int64_t user, csync_fn fn, void *ctx, char **err)
{
	struct idmerge m = { 0 };
	int fast = fast_unread_ids(st, user, fn, ctx, err);
	if (fast <= 0)
		return fast;
	sqlite3_stmt *a = store_prepare(st, "SELECT id, feed_id, canonical_id FROM articles INDEXED BY web_articles_id_ts"
					    " ORDER BY id", err);
	sqlite3_stmt *r = a ? store_prepare(st, "SELECT article_id FROM article_state WHERE user_id = ?1 AND read"
						" ORDER BY article_id", err) : NULL;
	int rc = -1;
	if (!a || !r)
		goto out;
	m.canon = store_prepare(st, "SELECT feed_id FROM articles WHERE id = ?1", err);
	if (!m.canon || load_subs(st, user, &m, err) < 0)
		goto out;
	m.span = id_span(st);
	sqlite3_bind_int64(r, 1, user);
	rc = merge_walk(&m, a, r, fn, ctx);
	if (rc < 0)
		*err = store_errmsg(st, "listing unread ids");
out:
	if (a)
		sqlite3_reset(a);
	if (r)
		sqlite3_reset(r);
	free(m.subs);
	free(m.feed_of);
	return rc;
}

int csync_buf_i64(struct buf *b, int64_t v)
{
	char tmp[24], *p = tmp + sizeof tmp;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	return buf_append(b, p, (size_t)(tmp + sizeof tmp - p));
}

/* ---- id lists from the in-memory item index (serve/itemidx.h) ---- */

#define FEED_MAP_MAX (1 << 20)   /* feed ids mapped in a byte table; larger ids use bsearch */

struct subset {
	int64_t *all, *scope;        /* subscribed feeds, ascending: all of them, and the query's folder's */
	size_t nall, nscope;
	uint8_t *map;                /* map[feed]: 1 subscribed, 3 also in the query's folder; NULL: none */
	int64_t map_n;
	int64_t *read;               /* the user's read article ids, ascending (when asked for) */
	size_t nread;
};

static int has_id(const int64_t *a, size_t n, int64_t v)
{
	return n && bsearch(&v, a, n, sizeof *a, cmp_i64) != NULL;
}

/* 1 when the user reads feed f at all (scope 0) or in the query's folder (scope 1). */
static int sub_has(const struct subset *s, int64_t f, int scope)
{
	if (s->map)
		return f > 0 && f < s->map_n && (s->map[f] & (scope ? 2 : 1));
	return scope ? has_id(s->scope, s->nscope, f) : has_id(s->all, s->nall, f);
}

static void subset_map(struct subset *s)
{
	int64_t max = s->nall ? s->all[s->nall - 1] : 0;
	if (max <= 0 || max >= FEED_MAP_MAX || s->all[0] <= 0)
		return;
	s->map_n = max + 1;
	s->map = xcalloc((size_t)s->map_n, 1);
	for (size_t i = 0; i < s->nall; i++)
		s->map[s->all[i]] |= 1;
	for (size_t i = 0; i < s->nscope; i++)
		s->map[s->scope[i]] |= 2;
}

static void subset_release(struct subset *s)
{
	free(s->map);
	free(s->all);
	free(s->scope);
	free(s->read);
}

static int load_subset(struct store *st, int64_t user, const char *folder, int with_read, struct subset *s, char **err)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT feed_id, folder FROM subscriptions WHERE user_id = ?1 ORDER BY feed_id", err);
	size_t ca = 0, cs = 0, cr = 0;
	int rc;
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, user);
	while (sqlite3_step(q) == SQLITE_ROW) {
		int64_t f = sqlite3_column_int64(q, 0);
		const char *fo = col_s(q, 1);
		xgrow((void **)&s->all, &ca, s->nall + 1, sizeof *s->all);
		s->all[s->nall++] = f;
		if (!folder || (fo && !strcmp(fo, folder))) {
			xgrow((void **)&s->scope, &cs, s->nscope + 1, sizeof *s->scope);
			s->scope[s->nscope++] = f;
		}
	}
	sqlite3_reset(q);
	subset_map(s);
	if (!with_read)
		return 0;
	q = store_prepare(st, "SELECT article_id FROM article_state WHERE user_id = ?1 AND read ORDER BY article_id", err);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, user);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		xgrow((void **)&s->read, &cr, s->nread + 1, sizeof *s->read);
		s->read[s->nread++] = sqlite3_column_int64(q, 0);
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		*err = store_errmsg(st, "reading read marks");
		return -1;
	}
	return 0;
}

/* The ONCE rule on the index: a copy is hidden when the user reads its canonical's feed. */
static int copy_hidden(const struct subset *s, const struct itemidx_row *r)
{
	return r->cfeed && sub_has(s, r->cfeed, 0);
}

static void emit_row(struct csync_item *it, const struct itemidx_row *r)
{
	memset(it, 0, sizeof *it);
	it->id = r->id;
	it->feed_id = r->feed;
	it->ts = r->ts;
}

static int fast_unread_ids(struct store *st, int64_t user, csync_fn fn, void *ctx, char **err)
{
	struct subset s = { 0 };
	struct itemidx *x = itemidx_get(st, err);
	size_t rd = 0;
	int count = 0;
	if (!x)
		return *err ? -1 : 1;
	if (load_subset(st, user, NULL, 1, &s, err) < 0) {
		itemidx_put(x);
		subset_release(&s);
		return -1;
	}
	for (size_t i = 0; i < x->n && count < CSYNC_MAX_LIMIT; i++) {
		const struct itemidx_row *r = &x->by_id[i];
		struct csync_item it;
		while (rd < s.nread && s.read[rd] < r->id)   /* both ascending: a merge */
			rd++;
		if ((rd < s.nread && s.read[rd] == r->id) || !sub_has(&s, r->feed, 0) || copy_hidden(&s, r))
			continue;
		emit_row(&it, r);
		count++;
		if (fn(&it, ctx))
			break;
	}
	itemidx_put(x);
	subset_release(&s);
	return 0;
}

/* The read marks as a bitmap over the index's id range, when that range is not much wider
 * than the index (ids are dense in practice); else rd_has falls back to bsearch. */
struct readset {
	const struct subset *s;
	uint64_t *bits;
	int64_t base, span;
};

static void readset_init(struct readset *rs, const struct subset *s, const struct itemidx *x)
{
	memset(rs, 0, sizeof *rs);
	rs->s = s;
	if (!x->n || !s->nread)
		return;
	rs->base = x->by_id[0].id;
	rs->span = x->by_id[x->n - 1].id - rs->base + 1;
	if (rs->span <= 0 || (uint64_t)rs->span > 64 * (uint64_t)x->n + 4096)
		return;
	rs->bits = xcalloc((size_t)(rs->span + 63) / 64, sizeof *rs->bits);
	for (size_t i = 0; i < s->nread; i++) {
		int64_t o = s->read[i] - rs->base;
		if (o >= 0 && o < rs->span)
			rs->bits[o / 64] |= (uint64_t)1 << (o % 64);
	}
}

static int rd_has(const struct readset *rs, int64_t id)
{
	int64_t o = id - rs->base;
	if (!rs->bits)
		return has_id(rs->s->read, rs->s->nread, id);
	return o >= 0 && o < rs->span && (rs->bits[o / 64] >> (o % 64) & 1);
}

/* Does row r pass q's bounds and read filters (not its order or continuation)? */
static int fast_row_ok(const struct csync_query *q, const struct subset *s, const struct readset *rs,
		       const struct itemidx_row *r)
{
	if ((q->ts_min != CSYNC_NONE && r->ts < q->ts_min) || (q->ts_max != CSYNC_NONE && r->ts >= q->ts_max) ||
	    (q->id_above != CSYNC_NONE && r->id <= q->id_above) || (q->id_below != CSYNC_NONE && r->id >= q->id_below))
		return 0;
	if (!sub_has(s, r->feed, 1))
		return 0;
	if ((q->only_read || q->exclude_read) && rd_has(rs, r->id) != (q->only_read != 0))
		return 0;
	return !copy_hidden(s, r);
}

/* Strictly after the continuation (cont_ts, cont_id) in the query's time order? */
static int after_cont(const struct csync_query *q, int64_t ts, int64_t id)
{
	if (!q->has_cont || q->order == CSYNC_ID_ASC || q->order == CSYNC_ID_DESC)
		return 1;
	if (q->order == CSYNC_OLDEST)
		return ts > q->cont_ts || (ts == q->cont_ts && id > q->cont_id);
	return ts < q->cont_ts || (ts == q->cont_ts && id < q->cont_id);
}

/* The k-th row of x in the query's order. */
static const struct itemidx_row *fast_row(const struct csync_query *q, const struct itemidx *x, size_t k)
{
	switch (q->order) {
	case CSYNC_OLDEST: return &x->by_time[x->n - 1 - k];
	case CSYNC_ID_ASC: return &x->by_id[k];
	case CSYNC_ID_DESC: return &x->by_id[x->n - 1 - k];
	default: return &x->by_time[k];
	}
}

/* csync_each for ids_only over every subscription (or one folder), from the item index.
 * 0 done, 1 not possible here (the caller uses SQL), -1 error. */
static int fast_ids(struct store *st, const struct csync_query *q, csync_fn fn, void *ctx, int *n, char **err)
{
	struct subset s = { 0 };
	struct readset rs;
	struct itemidx *x = itemidx_get(st, err);
	int limit = q->limit > CSYNC_MAX_LIMIT ? CSYNC_MAX_LIMIT : q->limit, count = 0;
	if (!x)
		return *err ? -1 : 1;
	if (load_subset(st, q->user, q->folder, q->only_read || q->exclude_read, &s, err) < 0) {
		itemidx_put(x);
		subset_release(&s);
		return -1;
	}
	readset_init(&rs, &s, x);
	for (size_t k = 0; k < x->n && count < limit; k++) {
		const struct itemidx_row *r = fast_row(q, x, k);
		struct csync_item it;
		if (!after_cont(q, r->ts, r->id) || !fast_row_ok(q, &s, &rs, r))
			continue;
		emit_row(&it, r);
		count++;
		if (fn(&it, ctx))
			break;
	}
	if (n)
		*n = count;
	free(rs.bits);
	itemidx_put(x);
	subset_release(&s);
	return 0;
}
