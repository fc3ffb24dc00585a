/*
 * reader.c — user-scoped queries behind the web pages and the JSON API.
 *
 * Every query joins subscriptions on (feed_id, user_id), so scoping is in the SQL, not in
 * a check someone could forget. Folded copies appear once, under their canonical article:
 * lists show canonical articles, and a copy only when the user does not read its
 * canonical's feed (then nothing else stands for it; the sync APIs' rule, VISIBLE_ONCE).
 * The article-time order uses
 * the expression index web_articles_ts (serve/web_schema.c) so a page of 50 out of
 * 100,000 articles walks 50 index entries, not the table.
 */
#include "serve/reader.h"
#include "extract/extract.h"
#include "serve/http.h"
#include "store/articles.h"
#include "store/feeds.h"
#include "util/date.h"
#include "util/util.h"

#include <inttypes.h>
#include <string.h>

#define ARTICLE_COLS                                                                                   \
	"a.id, a.feed_id, coalesce(s.title, f.title, f.url), s.folder, a.title, a.url, a.author,"       \
	" coalesce(a.published, a.fetched), a.words, a.image, coalesce(x.read, 0), coalesce(x.starred, 0)," \
	" a.story_id, CASE WHEN a.text IS NULL OR a.text = '' THEN substr(a.summary, 1, 2000) END,"   \
	" substr(a.text, 1, 300)"
#define ARTICLE_FROM                                                                             \
	" FROM articles a JOIN subscriptions s ON s.feed_id = a.feed_id AND s.user_id = ?1"       \
	" JOIN feeds f ON f.id = a.feed_id"                                                       \
	" LEFT JOIN article_state x ON x.user_id = ?1 AND x.article_id = a.id"

static json_t *col_str(sqlite3_stmt *q, int i)
{
	const unsigned char *s = sqlite3_column_text(q, i);
	return s ? json_string((const char *)s) : json_null();
}

static json_t *col_time(sqlite3_stmt *q, int i)
{
	char iso[DATE_ISO_LEN];
	if (sqlite3_column_type(q, i) == SQLITE_NULL)
		return json_null();
	return json_string(date_format(sqlite3_column_int64(q, i), iso));
}

static json_t *col_id(sqlite3_stmt *q, int i)
{
	return sqlite3_column_type(q, i) == SQLITE_NULL ? json_null() : json_integer(sqlite3_column_int64(q, i));
}

static int minutes(int64_t words)
{
	int64_t m = (words + 229) / 230;
	return m < 1 ? 1 : (int)(m > 100000 ? 100000 : m);
}

static json_t *article_row(sqlite3_stmt *q)
{
	json_t *o = json_object();
	int64_t words = sqlite3_column_int64(q, 8);
	json_object_set_new(o, "id", json_integer(sqlite3_column_int64(q, 0)));
	json_object_set_new(o, "feed", json_integer(sqlite3_column_int64(q, 1)));
	json_object_set_new(o, "feed_title", col_str(q, 2));
	json_object_set_new(o, "folder", col_str(q, 3));
	json_object_set_new(o, "title", col_str(q, 4));
	json_object_set_new(o, "url", col_str(q, 5));
	json_object_set_new(o, "author", col_str(q, 6));
	json_object_set_new(o, "published", col_time(q, 7));
	json_object_set_new(o, "words", json_integer(words));
	json_object_set_new(o, "minutes", json_integer(minutes(words)));
	json_object_set_new(o, "image", col_str(q, 9));
	json_object_set_new(o, "read", json_boolean(sqlite3_column_int(q, 10)));
	json_object_set_new(o, "starred", json_boolean(sqlite3_column_int(q, 11)));
	json_object_set_new(o, "story_id", col_id(q, 12));
	{
		char cur[48];
		snprintf(cur, sizeof cur, "%lld_%lld", (long long)sqlite3_column_int64(q, 7),
			 (long long)sqlite3_column_int64(q, 0));
		json_object_set_new(o, "cursor", json_string(cur));
	}
	if (sqlite3_column_type(q, 13) == SQLITE_NULL) {
		json_object_set_new(o, "summary", col_str(q, 14));   /* the stored plain text */
	} else {	/* no text: the feed's summary, which may be HTML; lists show text only */
		const char *sum = (const char *)sqlite3_column_text(q, 13);
		char *t = extract_fragment_text(sum, strlen(sum));
		json_object_set_new(o, "summary", json_string(t));
		free(t);
	}
	return o;
}

static int step_rows(struct store *st, sqlite3_stmt *q, json_t *arr, json_t *(*row)(sqlite3_stmt *),
		     const char *what, char **err)
{
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		json_array_append_new(arr, row(q));
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
	if (rc != SQLITE_DONE) {
		*err = store_errmsg(st, what);
		return -1;
	}
	return 0;
}

/* The FROM clause that drives each kind of list: SQLite's planner, given bound parameters
 * it cannot see, would start from subscriptions and sort every article; these orders walk
 * an index in the list's own order and stop after LIMIT rows. */
/* A copy is listed when the user does not read its canonical's feed (looked up in the
 * covering id index; canonical rows never run the subquery). Listing canonicals alone hid
 * every wire copy from a user reading only the outlets that ran it. */
#define VISIBLE_ONCE STORE_SQL_SHOWN_ONCE("?1", "INDEXED BY web_articles_id_ts")
#define LIST_REST                                                                                \
	" JOIN feeds f ON f.id = a.feed_id"                                                       \
	" WHERE " VISIBLE_ONCE " AND (?3 IS NULL OR s.folder = ?3)"                                \
	" AND CASE ?5 WHEN 0 THEN coalesce(x.read, 0) = 0 WHEN 2 THEN x.starred = 1"              \
	"  WHEN 3 THEN x.read = 1 ELSE 1 END"
/* ?8, ?9: the keyset cursor (INT64_MAX: none); the time bound alone lets the index range
 * start at the cursor, the row value settles ties. */
#define LIST_ORDER " AND coalesce(a.published, a.fetched) <= ?8 AND (coalesce(a.published, a.fetched), a.id) < (?8, ?9)" \
	" ORDER BY coalesce(a.published, a.fetched) DESC, a.id DESC LIMIT ?6 OFFSET ?7"
#define SUB_JOIN " JOIN subscriptions s ON s.feed_id = a.feed_id AND s.user_id = ?1"
#define STATE_JOIN " LEFT JOIN article_state x ON x.user_id = ?1 AND x.article_id = a.id"

int reader_cursor_parse(const char *s, struct reader_filter *f)
{
	const char *us = s ? strchr(s, '_') : NULL;
	char ts[24];
	int64_t t, id;
	if (!us || us == s || (size_t)(us - s) >= sizeof ts)
		return -1;
	memcpy(ts, s, (size_t)(us - s));
	ts[us - s] = 0;
	if (str_to_i64(ts, &t) || str_to_i64(us + 1, &id))
		return -1;
	f->has_before = 1;
	f->before_ts = t;
	f->before_id = id;
	return 0;
}

static const char *const list_sql[] = {
	/* any: newest first along web_articles_ts */
	"SELECT " ARTICLE_COLS " FROM articles a INDEXED BY web_articles_ts"
	" CROSS JOIN subscriptions s ON s.feed_id = a.feed_id AND s.user_id = ?1" STATE_JOIN LIST_REST
	" AND ?2 = 0 AND ?4 = 0" LIST_ORDER,
	/* one feed: web_articles_feed_ts (copies included, in time order) */
	"SELECT " ARTICLE_COLS " FROM articles a INDEXED BY web_articles_feed_ts" SUB_JOIN STATE_JOIN LIST_REST
	" AND a.feed_id = ?2 AND ?4 = 0" LIST_ORDER,
	/* one story: its few articles */
	"SELECT " ARTICLE_COLS " FROM articles a INDEXED BY articles_story" SUB_JOIN STATE_JOIN LIST_REST
	" AND a.story_id = ?4 AND ?2 = ?2" LIST_ORDER,
	/* starred: the user's starred rows first, then their articles */
	"SELECT " ARTICLE_COLS " FROM article_state x INDEXED BY web_state_starred CROSS JOIN articles a ON a.id = x.article_id" SUB_JOIN
	LIST_REST " AND x.user_id = ?1 AND x.starred = 1 AND ?2 = ?2 AND ?4 = ?4" LIST_ORDER,
	/* read, few read marks: a page of ids from the user's read rows (web_state_read) and the
	 * covering id index, sorted, then the article rows of that page only */
	"SELECT " ARTICLE_COLS " FROM (SELECT a.id AS pid FROM article_state x INDEXED BY web_state_read"
	" CROSS JOIN articles a INDEXED BY web_articles_id_ts ON a.id = x.article_id" SUB_JOIN
	" WHERE " VISIBLE_ONCE " AND (?3 IS NULL OR s.folder = ?3) AND x.user_id = ?1 AND x.read = 1"
	" AND ?2 = ?2 AND ?4 = ?4 AND ?5 = ?5" LIST_ORDER ") p CROSS JOIN articles a ON a.id = p.pid" SUB_JOIN
	" JOIN feeds f ON f.id = a.feed_id" STATE_JOIN
	" ORDER BY coalesce(a.published, a.fetched) DESC, a.id DESC",
};

/* Which list_sql drives f. The read view of a user with few read marks starts from them
 * (kind 4: every mark costs about 4 index rows of the time walk); with many, the time walk
 * (kind 0) finds a page of read rows sooner: it passes about (offset + limit) * articles /
 * marks rows. Both return the same rows in the same order; the counts come from the counter
 * tables (a few hundred rows), never the marks or the articles. */
static int list_kind(struct store *st, int64_t user, const struct reader_filter *f, int want, char **err)
{
	sqlite3_stmt *q;
	int64_t marks, total;
	int rc;
	if (f->story_id || f->feed_id)
		return f->story_id ? 2 : 1;
	if (f->view == READER_STARRED)
		return 3;
	if (f->view != READER_READ)
		return 0;
	q = store_prepare(st, "SELECT (SELECT coalesce(sum(n), 0) FROM read_counts WHERE user_id = ?1),"
			  " (SELECT coalesce(sum(c.n), 0) FROM subscriptions s JOIN feed_counts c ON c.feed_id = s.feed_id"
			  " WHERE s.user_id = ?1)", err);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, user);
	rc = store_step_row(st, q, "counting read marks", err);
	if (rc)
		return -1;
	marks = sqlite3_column_int64(q, 0);
	total = sqlite3_column_int64(q, 1);
	sqlite3_reset(q);
	/* marks and total are row counts (< 2^40), want <= 10,200: no overflow */
	return 4 * marks * marks <= (int64_t)want * total ? 4 : 0;
}

int reader_articles(struct store *st, int64_t user, const struct reader_filter *f, json_t **out, char **err)
{
	int limit = f->limit <= 0 ? 50 : f->limit > READER_MAX_LIMIT ? READER_MAX_LIMIT : f->limit;
	int offset = f->offset < 0 ? 0 : f->offset > 10000 ? 10000 : f->offset;
	int kind = list_kind(st, user, f, offset + limit, err);
	sqlite3_stmt *q = kind < 0 ? NULL : store_prepare(st, list_sql[kind], err);
	json_t *arr;
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, user);
	sqlite3_bind_int64(q, 2, f->feed_id);
	if (f->folder)
		sqlite3_bind_text(q, 3, f->folder, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(q, 4, f->story_id);
	sqlite3_bind_int(q, 5, (int)f->view);
	sqlite3_bind_int(q, 6, limit);
	sqlite3_bind_int(q, 7, offset);
	sqlite3_bind_int64(q, 8, f->has_before ? f->before_ts : INT64_MAX);
	sqlite3_bind_int64(q, 9, f->has_before ? f->before_id : INT64_MAX);
	arr = json_array();
	if (step_rows(st, q, arr, article_row, "listing articles", err)) {
		json_decref(arr);
		return -1;
	}
	*out = arr;
	return 0;
}

static json_t *copy_row(sqlite3_stmt *q)
{
	return json_pack("{s:I,s:o,s:o}", "id", (json_int_t)sqlite3_column_int64(q, 0), "feed_title",
			 col_str(q, 1), "url", col_str(q, 2));
}

/* Copies folded under article id, from any outlet (the user sees that others ran it). */
static int add_copies(struct store *st, int64_t id, json_t *o, char **err)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT a.id, coalesce(f.title, f.url), a.url FROM articles a INDEXED BY articles_canonical"
		" JOIN feeds f ON f.id = a.feed_id"
		" WHERE a.canonical_id = ?1 ORDER BY coalesce(a.published, a.fetched) LIMIT 100", err);
	json_t *arr = json_array();
	if (!q || (sqlite3_bind_int64(q, 1, id), step_rows(st, q, arr, copy_row, "listing copies", err))) {
		json_decref(arr);
		return -1;
	}
	json_object_set_new(o, "copies", arr);
	return 0;
}

int reader_article(struct store *st, int64_t user, int64_t id, json_t **out, char **err)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT " ARTICLE_COLS ", coalesce(a.html, a.content, a.summary), a.text" ARTICLE_FROM
		" WHERE a.id = ?2", err);
	json_t *o;
	int rc;
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, user);
	sqlite3_bind_int64(q, 2, id);
	rc = store_step_row(st, q, "reading article", err);
	if (rc)
		return rc;
	o = article_row(q);
	{
		const char *html = (const char *)sqlite3_column_text(q, 15);
		const char *url = (const char *)sqlite3_column_text(q, 5);
		char *clean;
		if (html && *html) {
			clean = extract_sanitize_fragment(html, strlen(html), url);
		} else {
			/* Plain text only: escape it and keep its paragraphs. */
			struct buf b = BUF_INIT(0);
			const char *t = (const char *)sqlite3_column_text(q, 16);
			buf_puts(&b, "<p>");
			for (const char *p = t ? t : ""; *p; p++) {
				if (p[0] == '\n' && p[1] == '\n') {
					buf_puts(&b, "</p><p>");
					while (p[1] == '\n')
						p++;
				} else
					http_escape_n(&b, p, 1);
			}
			buf_puts(&b, "</p>");
			clean = buf_detach(&b, NULL);
		}
		json_object_set_new(o, "html", json_string(clean));
		free(clean);
	}
	sqlite3_reset(q);
	if (add_copies(st, id, o, err)) {
		json_decref(o);
		return -1;
	}
	*out = o;
	return 0;
}

/* User text → an FTS5 query of quoted terms, so operators and quotes in input are inert.
 * One FTS5 form is kept, because readers type it: a term ending in '*' (with at least
 * READER_PREFIX_MIN bytes before it) is a prefix query, "harb"* finding "harbour"; a
 * shorter one is the bare word (a prefix of one letter would match most of the index). */
#define READER_PREFIX_MIN 2
static char *fts_query(const char *in)
{
	struct buf b = BUF_INIT(1024);
	int terms = 0;
	const char *p = in;
	size_t n = strlen(in) > 256 ? 256 : strlen(in);
	const char *end = in + n;
	while (p < end && terms < 16) {
		const char *s, *e;
		int prefix;
		while (p < end && ascii_isspace((unsigned char)*p))
			p++;
		s = p;
		while (p < end && !ascii_isspace((unsigned char)*p))
			p++;
		if (p == s)
			break;
		for (e = p; e > s && e[-1] == '*'; e--)
			;
		if (e == s)
			continue;   /* only stars: no word */
		prefix = e < p && e - s >= READER_PREFIX_MIN;
		buf_puts(&b, terms ? " \"" : "\"");
		for (const char *c = s; c < e; c++)
			if (*c == '"')
				buf_puts(&b, "\"\"");
			else
				buf_putc(&b, *c);
		buf_puts(&b, prefix ? "\"*" : "\"");
		terms++;
	}
	return terms ? buf_detach(&b, NULL) : (buf_release(&b), NULL);
}

/* snippet() output with \x01 \x02 around hits → escaped HTML with <mark>. */
static json_t *snippet_html(const char *s)
{
	struct buf b = BUF_INIT(0);
	json_t *j;
	for (const char *p = s ? s : ""; *p; p++) {
		if (*p == '\x01')
			buf_puts(&b, "<mark>");
		else if (*p == '\x02')
			buf_puts(&b, "</mark>");
		else
			http_escape_n(&b, p, 1);
	}
	j = json_string(b.data ? b.data : "");
	buf_release(&b);
	return j ? j : json_string("");
}

static json_t *search_row(sqlite3_stmt *q)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(sqlite3_column_int64(q, 0)));
	json_object_set_new(o, "title", col_str(q, 2));
	json_object_set_new(o, "url", col_str(q, 3));
	json_object_set_new(o, "feed_title", col_str(q, 4));
	json_object_set_new(o, "published", col_time(q, 5));
	json_object_set_new(o, "read", json_boolean(sqlite3_column_int(q, 6)));
	json_object_set_new(o, "snippet_html", snippet_html((const char *)sqlite3_column_text(q, 7)));
	json_object_set_new(o, "story_id", col_id(q, 1));
	return o;
}

/* Fold the flat, rank-ordered hits into groups by story, keeping rank order of groups. */
static json_t *group_by_story(json_t *hits)
{
	json_t *groups = json_array(), *index = json_object(), *h;
	size_t i;
	json_array_foreach(hits, i, h) {
		json_t *sid = json_object_get(h, "story_id"), *g;
		char key[32];
		if (json_is_integer(sid))
			snprintf(key, sizeof key, "s%lld", (long long)json_integer_value(sid));
		else
			snprintf(key, sizeof key, "a%lld", (long long)json_integer_value(json_object_get(h, "id")));
		g = json_object_get(index, key);
		if (!g) {
			g = json_pack("{s:O,s:O,s:[]}", "story_id", sid, "title", json_object_get(h, "title"), "articles");
			json_array_append_new(groups, g);
			json_object_set(index, key, g);
		}
		json_array_append(json_object_get(g, "articles"), h);
	}
	json_decref(index);
	return groups;
}

/* Ranking: bm25 with a title match weighing READER_TITLE_WEIGHT body matches, over the
 * user's READER_RANK_WINDOW newest visible matches (all of them when there are fewer, as
 * with most real queries). Scoring every match of a term found in most of 100,000 articles
 * costs tens of milliseconds; the window keeps a search page under the 10 ms every page
 * has, and a search box is mostly asked about recent news. Step 1 picks the ids (the FTS
 * doclist walked newest first, visibility read from the covering id index); step 2 fetches
 * each hit with its snippet, so snippets are built for the shown rows only. */
static const char search_rank_sql[] =
	"WITH ranked AS (SELECT f.rowid AS id, bm25(articles_fts, ?5, 1.0) AS score FROM articles_fts f"
	" JOIN articles a INDEXED BY web_articles_id_ts ON a.id = f.rowid"
	" JOIN subscriptions s ON s.feed_id = a.feed_id AND s.user_id = ?1"
	" WHERE articles_fts MATCH ?2 AND " VISIBLE_ONCE " ORDER BY f.rowid DESC LIMIT ?4)"
	" SELECT id FROM ranked ORDER BY score, id DESC LIMIT ?3";

/* Step 2: one walk of the window's id range; the id list (a JSON array, ?5) is tested
 * before the snippet is built, so only the shown rows pay for one. */
static const char search_hit_sql[] =
	"SELECT a.id, a.story_id, a.title, a.url, coalesce(s.title, f.title, f.url),"
	" coalesce(a.published, a.fetched), coalesce(x.read, 0),"
	" snippet(articles_fts, -1, char(1), char(2), '…', 24)"
	" FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid"
	" JOIN subscriptions s ON s.feed_id = a.feed_id AND s.user_id = ?1"
	" JOIN feeds f ON f.id = a.feed_id"
	" LEFT JOIN article_state x ON x.user_id = ?1 AND x.article_id = a.id"
	" WHERE articles_fts MATCH ?2 AND articles_fts.rowid >= ?3 AND articles_fts.rowid <= ?4"
	" AND +articles_fts.rowid IN (SELECT value FROM json_each(?5))";

/* The ranked ids, best first, into ids (at most max). -1 on a database error. */
static int search_ids(struct store *st, int64_t user, const char *fq, int64_t *ids, int max, int *n, char **err)
{
	sqlite3_stmt *q = store_prepare(st, search_rank_sql, err);
	int rc;
	*n = 0;
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, user);
	sqlite3_bind_text(q, 2, fq, -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 3, max);
	sqlite3_bind_int(q, 4, READER_RANK_WINDOW);
	sqlite3_bind_double(q, 5, READER_TITLE_WEIGHT);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW && *n < max)
		ids[(*n)++] = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		*err = store_errmsg(st, "searching");
		return -1;
	}
	return 0;
}

/* Step 2 for the ranked ids: the hits, put back in rank order into hits. */
static int search_hits(struct store *st, int64_t user, const char *fq, const int64_t *ids, int n, json_t *hits,
		       char **err)
{
	sqlite3_stmt *q = store_prepare(st, search_hit_sql, err);
	json_t *rows[READER_MAX_LIMIT] = { 0 }, *got = json_array();
	struct buf list = BUF_INIT(0);
	int64_t lo = INT64_MAX, hi = INT64_MIN;
	size_t k;
	json_t *h;
	int rc;
	if (!q) {
		json_decref(got);
		return -1;
	}
	buf_putc(&list, '[');
	for (int i = 0; i < n; i++) {
		buf_printf(&list, "%s%" PRId64, i ? "," : "", ids[i]);
		lo = ids[i] < lo ? ids[i] : lo;
		hi = ids[i] > hi ? ids[i] : hi;
	}
	buf_putc(&list, ']');
	sqlite3_bind_int64(q, 1, user);
	sqlite3_bind_text(q, 2, fq, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, lo);
	sqlite3_bind_int64(q, 4, hi);
	sqlite3_bind_text(q, 5, list.data, (int)list.len, SQLITE_STATIC);
	rc = step_rows(st, q, got, search_row, "searching", err);
	buf_release(&list);
	json_array_foreach(got, k, h) {
		int64_t id = json_integer_value(json_object_get(h, "id"));
		for (int i = 0; i < n; i++)
			if (ids[i] == id && !rows[i])
				rows[i] = h;
	}
	for (int i = 0; i < n; i++)
		if (rows[i])
			json_array_append(hits, rows[i]);
	json_decref(got);
	return rc;
}

int reader_search(struct store *st, int64_t user, const char *query, int limit, json_t **out, char **err)
{
	char *fq = fts_query(query ? query : "");
	int64_t ids[READER_MAX_LIMIT];
	int n = 0, rc = -1;
	json_t *hits = json_array();
	if (!fq) {
		*out = hits;
		return 0;
	}
	limit = limit > 0 && limit <= READER_MAX_LIMIT ? limit : 100;
	if (search_ids(st, user, fq, ids, limit, &n, err) < 0 || (n && search_hits(st, user, fq, ids, n, hits, err) < 0))
		goto out;
	*out = group_by_story(hits);
	rc = 0;
out:
	json_decref(hits);
	free(fq);
	return rc;
}

static json_t *feed_row(sqlite3_stmt *q)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(sqlite3_column_int64(q, 0)));
	json_object_set_new(o, "url", col_str(q, 1));
	json_object_set_new(o, "title", col_str(q, 2));
	json_object_set_new(o, "site_url", col_str(q, 3));
	json_object_set_new(o, "folder", col_str(q, 4));
	json_object_set_new(o, "kind", col_str(q, 5));
	json_object_set_new(o, "fulltext", col_str(q, 6));
	json_object_set_new(o, "last_fetch", col_time(q, 7));
	json_object_set_new(o, "last_success", col_time(q, 8));
	json_object_set_new(o, "last_status", col_id(q, 9));
	json_object_set_new(o, "last_error", col_str(q, 10));
	json_object_set_new(o, "error_count", json_integer(sqlite3_column_int64(q, 11)));
	json_object_set_new(o, "next_fetch", col_time(q, 12));
	json_object_set_new(o, "articles", json_integer(sqlite3_column_int64(q, 13)));
	json_object_set_new(o, "unread", json_integer(sqlite3_column_int64(q, 14)));
	return o;
}

/* Per-feed totals and read counts of what the lists show (VISIBLE_ONCE) from the counters
 * core migration 2 keeps (store/schema_core.c): bucket 0 (canonicals) and -1, and the
 * copies whose canonical's feed (their bucket) the user does not read. A few hundred
 * counter rows, not every article. */
static int add_counts(struct store *st, int64_t user, json_t *arr, char **err)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT coalesce((SELECT sum(n) FROM feed_counts WHERE feed_id = ?2 AND (bucket <= 0 OR bucket NOT IN"
		"  (SELECT feed_id FROM subscriptions WHERE user_id = ?1))), 0),"
		" coalesce((SELECT sum(n) FROM read_counts WHERE user_id = ?1 AND feed_id = ?2 AND (bucket <= 0 OR bucket"
		"  NOT IN (SELECT feed_id FROM subscriptions WHERE user_id = ?1))), 0)", err);
	json_t *f;
	size_t i;
	if (!q)
		return -1;
	json_array_foreach(arr, i, f) {
		sqlite3_bind_int64(q, 1, user);
		sqlite3_bind_int64(q, 2, json_integer_value(json_object_get(f, "id")));
		if (sqlite3_step(q) == SQLITE_ROW) {
			int64_t n = sqlite3_column_int64(q, 0), r = sqlite3_column_int64(q, 1);
			json_object_set_new(f, "articles", json_integer(n));
			json_object_set_new(f, "unread", json_integer(n > r ? n - r : 0));
		}
		sqlite3_reset(q);
	}
	return 0;
}

int reader_feeds(struct store *st, int64_t user, json_t **out, char **err)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT f.id, f.url, coalesce(s.title, f.title, f.url), f.site_url, s.folder, f.kind, f.fulltext,"
		" f.last_fetch, f.last_success, f.last_status, f.last_error, f.error_count, f.next_fetch, 0, 0"
		" FROM subscriptions s JOIN feeds f ON f.id = s.feed_id WHERE s.user_id = ?1"
		" ORDER BY coalesce(s.folder, '') COLLATE NOCASE, coalesce(s.title, f.title, f.url) COLLATE NOCASE", err);
	json_t *arr = json_array();
	if (!q || (sqlite3_bind_int64(q, 1, user), step_rows(st, q, arr, feed_row, "listing feeds", err)) ||
	    add_counts(st, user, arr, err)) {
		json_decref(arr);
		return -1;
	}
	*out = arr;
	return 0;
}

static json_t *folder_row(sqlite3_stmt *q)
{
	return col_str(q, 0);
}

int reader_folders(struct store *st, int64_t user, json_t **out, char **err)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT DISTINCT folder FROM subscriptions WHERE user_id = ?1 AND folder IS NOT NULL AND folder != ''"
		" ORDER BY folder COLLATE NOCASE", err);
	json_t *arr = json_array();
	if (!q || (sqlite3_bind_int64(q, 1, user), step_rows(st, q, arr, folder_row, "listing folders", err))) {
		json_decref(arr);
		return -1;
	}
	*out = arr;
	return 0;
}

static int subscribed(struct store *st, int64_t user, int64_t feed)
{
	const int64_t ids[] = {user, feed};
	return store_row_exists(st, "SELECT 1 FROM subscriptions WHERE user_id = ?1 AND feed_id = ?2", ids, 2);
}

static int exec_bound(struct store *st, const char *sql, int64_t user, int64_t feed, const char *text,
		      const char *what, char **err)
{
	sqlite3_stmt *q = store_prepare(st, sql, err);
	int rc;
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, user);
	sqlite3_bind_int64(q, 2, feed);
	if (text && *text)
		sqlite3_bind_text(q, 3, text, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(q, 3);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
	if (rc != SQLITE_DONE) {
		*err = store_errmsg(st, what);
		return -1;
	}
	return 0;
}

int reader_feed_update(struct store *st, int64_t user, int64_t feed, const char *title,
		       const char *folder, const char *fulltext, char **err)
{
	if (!subscribed(st, user, feed))
		return 1;
	if (fulltext && strcmp(fulltext, "auto") && strcmp(fulltext, "always") && strcmp(fulltext, "never")) {
		*err = xstrdup("fulltext must be auto, always or never");
		return -1;
	}
	if (title && exec_bound(st, "UPDATE subscriptions SET title = ?3 WHERE user_id = ?1 AND feed_id = ?2",
				user, feed, title, "renaming feed", err))
		return -1;
	if (folder && exec_bound(st, "UPDATE subscriptions SET folder = ?3 WHERE user_id = ?1 AND feed_id = ?2",
				 user, feed, folder, "moving feed", err))
		return -1;
	/* The full-text setting is on the shared feed row: the fetch is shared too. */
	if (fulltext && exec_bound(st, "UPDATE feeds SET fulltext = ?3 WHERE ?1 > 0 AND id = ?2", user, feed,
				   fulltext, "changing full-text setting", err))
		return -1;
	return 0;
}

int reader_feed_remove(struct store *st, int64_t user, int64_t feed, char **err)
{
	if (!subscribed(st, user, feed))
		return 1;
	return store_feed_remove(st, user, feed, err);
}
