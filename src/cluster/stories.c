/*
 * stories.c — the read side of stories (contract and JSON shapes in stories.h), and split.
 * Ranking reads the most recently active stories (at most TOP_SCAN), scores them with
 * rank_score and sorts in C: the formula stays in one place (rank.c), not in SQL.
 */
#include "cluster/stories.h"
#include "cluster/rank.h"
#include "cluster/update.h"
#include "store/articles.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

#define TOP_SCAN 5000
#define COPIES_MAX 200
#define OUTLETS_MAX 50
#define THREAD_MAX 200
#define ART_TIME "(CASE WHEN a.published IS NULL OR a.published > a.fetched + 86400 THEN a.fetched ELSE a.published END)"

static json_t *jtime(int64_t t)
{
	char b[DATE_ISO_LEN];
	return json_string(date_format(t, b));
}

static json_t *jtext(sqlite3_stmt *q, int i)
{
	const unsigned char *s = sqlite3_column_text(q, i);
	return s ? json_string((const char *)s) : json_null();
}

#define STORY_COLS "s.id, s.thread_id, s.title, s.url, s.first_seen, s.last_seen, s.articles, s.copies, s.sources"

struct srow {
	json_t *obj;
	double score;
	int64_t id;
};

static double row_score(sqlite3_stmt *q, int64_t now)
{
	struct rank_input in = { sqlite3_column_int64(q, 8), sqlite3_column_int64(q, 6),
				 sqlite3_column_int64(q, 7), sqlite3_column_int64(q, 4),
				 sqlite3_column_int64(q, 5) };
	return rank_score(&in, now);
}

static json_t *summary(sqlite3_stmt *q, double score)
{
	return json_pack("{s:I, s:I, s:o, s:o, s:o, s:o, s:I, s:I, s:I, s:f}",
		"id", (json_int_t)sqlite3_column_int64(q, 0), "thread", (json_int_t)sqlite3_column_int64(q, 1),
		"title", jtext(q, 2), "url", jtext(q, 3), "first_seen", jtime(sqlite3_column_int64(q, 4)),
		"last_seen", jtime(sqlite3_column_int64(q, 5)), "articles", (json_int_t)sqlite3_column_int64(q, 6),
		"copies", (json_int_t)sqlite3_column_int64(q, 7), "sources", (json_int_t)sqlite3_column_int64(q, 8),
		"score", score);
}

static int outlets(struct store *st, json_t *s, int64_t id, char **err)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT DISTINCT coalesce(f.title, f.url) FROM articles a"
		" JOIN feeds f ON f.id = a.feed_id WHERE a.story_id = ?1 LIMIT ?2", err);
	json_t *arr = json_array();
	if (!q) {
		json_decref(arr);
		return -1;
	}
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_int(q, 2, OUTLETS_MAX);
	while (sqlite3_step(q) == SQLITE_ROW)
		json_array_append_new(arr, jtext(q, 0));
	sqlite3_reset(q);
	json_object_set_new(s, "outlets", arr);
	return 0;
}

static int unread(struct store *st, json_t *s, int64_t id, int64_t user, char **err)
{
	/* A copy counts only when its canonical's feed is not the user's (then nothing else
	 * stands for it), as the readers list them: copies are never unread twice. */
	sqlite3_stmt *q = store_prepare(st, "SELECT count(*) FROM articles a JOIN subscriptions u"
		" ON u.feed_id = a.feed_id AND u.user_id = ?2 WHERE a.story_id = ?1 AND NOT EXISTS"
		" (SELECT 1 FROM article_state x WHERE x.user_id = ?2 AND x.article_id = a.id AND x.read)"
		" AND " STORE_SQL_SHOWN_ONCE("?2", ""), err);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_int64(q, 2, user);
	if (sqlite3_step(q) == SQLITE_ROW)
		json_object_set_new(s, "unread", json_integer(sqlite3_column_int64(q, 0)));
	sqlite3_reset(q);
	return 0;
}

/* ---- why ---- */

static void why_text(json_t *w)
{
	const char *kind = json_string_value(json_object_get(w, "kind"));
	json_t *ents = json_object_get(w, "entities"), *terms = json_object_get(w, "terms"), *v;
	struct buf b = BUF_INIT(4096);
	double score = json_number_value(json_object_get(w, "score"));
	size_t i;
	if (!kind)
		kind = "";
	if (!strcmp(kind, "fold")) {
		buf_printf(&b, "same article as #%lld: about %.0f%% of its phrases shared",
			   (long long)json_integer_value(json_object_get(w, "target")), score * 100);
		if (json_is_number(json_object_get(w, "containment")))
			buf_printf(&b, ", %.0f%% of the shorter copy inside the longer",
				   json_number_value(json_object_get(w, "containment")) * 100);
	} else if (!strcmp(kind, "join")) {
		buf_printf(&b, "grouped because: similarity %.2f", score);
		if (json_is_integer(json_object_get(w, "via")))
			buf_printf(&b, " with #%lld, an earlier headline of the story",
				   (long long)json_integer_value(json_object_get(w, "via")));
		if (json_array_size(ents)) {
			buf_puts(&b, "; shared names: ");
			json_array_foreach(ents, i, v)
				buf_printf(&b, "%s%s", i ? ", " : "", json_string_value(v));
		}
		if (json_array_size(terms)) {
			buf_puts(&b, "; shared terms: ");
			json_array_foreach(terms, i, v)
				buf_printf(&b, "%s%s", i ? ", " : "", json_string_value(v));
		}
	} else if (!strcmp(kind, "split")) {
		buf_puts(&b, "split out of its story by a reader");
	} else {
		buf_puts(&b, "started this story: no recent story was similar enough");
		if (json_is_integer(json_object_get(w, "target")))
			buf_printf(&b, "; same thread as story #%lld",
				   (long long)json_integer_value(json_object_get(w, "target")));
	}
	json_object_set_new(w, "text", json_string(b.data ? b.data : ""));
	buf_release(&b);
}

static json_t *jarray_text(sqlite3_stmt *q, int i)
{
	const char *s = (const char *)sqlite3_column_text(q, i);
	json_t *a = s ? json_loads(s, 0, NULL) : NULL;
	if (!json_is_array(a)) {
		json_decref(a);
		a = json_array();
	}
	return a;
}

/* why from columns kind..terms, via starting at column c (NULL kind: none recorded). */
static json_t *why_obj(sqlite3_stmt *q, int c)
{
	json_t *w;
	if (sqlite3_column_type(q, c) == SQLITE_NULL)
		return json_null();
	w = json_pack("{s:o, s:f, s:o, s:o}", "kind", jtext(q, c), "score", sqlite3_column_double(q, c + 2),
		      "entities", jarray_text(q, c + 4), "terms", jarray_text(q, c + 5));
	if (sqlite3_column_type(q, c + 1) != SQLITE_NULL)
		json_object_set_new(w, "target", json_integer(sqlite3_column_int64(q, c + 1)));
	if (sqlite3_column_type(q, c + 3) != SQLITE_NULL)
		json_object_set_new(w, "containment", json_real(sqlite3_column_double(q, c + 3)));
	if (sqlite3_column_type(q, c + 6) != SQLITE_NULL)
		json_object_set_new(w, "via", json_integer(sqlite3_column_int64(q, c + 6)));
	why_text(w);
	return w;
}

#define ART_COLS "a.id, a.title, a.url, coalesce(f.title, f.url), " ART_TIME ", w.kind, w.target, w.score," \
		 " w.containment, w.entities, w.terms, w.via FROM articles a JOIN feeds f ON f.id = a.feed_id" \
		 " LEFT JOIN story_why w ON w.article_id = a.id"

static json_t *article_obj(sqlite3_stmt *q)
{
	return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o}", "id", (json_int_t)sqlite3_column_int64(q, 0),
		"title", jtext(q, 1), "url", jtext(q, 2), "source", jtext(q, 3),
		"published", jtime(sqlite3_column_int64(q, 4)), "why", why_obj(q, 5));
}

static int copies(struct store *st, json_t *e, int64_t id, char **err)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT " ART_COLS " WHERE a.canonical_id = ?1"
		" ORDER BY " ART_TIME ", a.id LIMIT ?2", err);
	json_t *arr = json_array();
	if (!q) {
		json_decref(arr);
		return -1;
	}
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_int(q, 2, COPIES_MAX);
	while (sqlite3_step(q) == SQLITE_ROW) {
		json_t *c = article_obj(q);
		json_object_del(c, "title");
		json_array_append_new(arr, c);
	}
	sqlite3_reset(q);
	json_object_set_new(e, "copies", arr);
	return 0;
}

/* Canonical entries [offset, offset + limit) in timeline order. OFFSET still sorts the
 * story's canonicals (no index has ART_TIME per story), which is what one page costs anyway;
 * the copies are read for the page's entries only. */
int stories_timeline_json(struct store *st, int64_t story_id, int64_t offset, int limit, json_t **out, char **err)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT " ART_COLS " WHERE a.story_id = ?1 AND a.canonical_id IS NULL"
		" ORDER BY " ART_TIME ", a.id LIMIT ?2 OFFSET ?3", err);
	json_t *arr, *e;
	int64_t *ids = NULL;
	size_t n = 0, cap = 0, i;
	int rc = 0;
	*out = NULL;
	if (!q)
		return -1;
	arr = json_array();
	sqlite3_bind_int64(q, 1, story_id);
	sqlite3_bind_int(q, 2, limit < 0 ? 0 : limit > STORIES_TIMELINE_MAX ? STORIES_TIMELINE_MAX : limit);
	sqlite3_bind_int64(q, 3, offset < 0 ? 0 : offset);
	while (sqlite3_step(q) == SQLITE_ROW) {
		xgrow((void **)&ids, &cap, n + 1, sizeof *ids);
		ids[n++] = sqlite3_column_int64(q, 0);
		json_array_append_new(arr, article_obj(q));
	}
	sqlite3_reset(q);
	json_array_foreach(arr, i, e)
		if (rc == 0)
			rc = copies(st, e, ids[i], err);
	free(ids);
	if (rc) {
		json_decref(arr);
		return -1;
	}
	*out = arr;
	return 0;
}

static int timeline(struct store *st, json_t *s, int64_t id, char **err)
{
	json_t *arr = NULL;
	if (stories_timeline_json(st, id, 0, STORIES_TIMELINE_MAX, &arr, err))
		return -1;
	json_object_set_new(s, "timeline", arr);
	return 0;
}

/* ---- public ---- */

static int64_t stories_now(struct store *st)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT max(last_seen) FROM stories WHERE merged_into IS NULL", NULL);
	int64_t now = 0;
	if (q && sqlite3_step(q) == SQLITE_ROW)
		now = sqlite3_column_int64(q, 0);
	if (q)
		sqlite3_reset(q);
	return now;
}

static int cmp_srow(const void *a, const void *b)
{
	const struct srow *x = a, *y = b;
	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return x->id < y->id ? 1 : x->id > y->id ? -1 : 0;
}

static int decorate(struct store *st, json_t *s, const struct stories_query *q, char **err)
{
	int64_t id = json_integer_value(json_object_get(s, "id"));
	if (outlets(st, s, id, err))
		return -1;
	if (q->user_id > 0 && unread(st, s, id, q->user_id, err))
		return -1;
	if (q->with_articles && timeline(st, s, id, err))
		return -1;
	return 0;
}

/* One summary by id, for the ranked few: the scan keeps only ids and scores, so a window
 * of thousands of stories costs no JSON (the web's top page renders in a few ms). */
static json_t *summary_by_id(struct store *st, int64_t id, double score)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT " STORY_COLS " FROM stories s WHERE s.id = ?1", NULL);
	json_t *o = NULL;
	if (!q)
		return NULL;
	sqlite3_bind_int64(q, 1, id);
	if (sqlite3_step(q) == SQLITE_ROW)
		o = summary(q, score);
	sqlite3_reset(q);
	return o;
}

int stories_top_json(struct store *st, const struct stories_query *q, json_t **out, char **err)
{
	/* The columns row_score reads, at their STORY_COLS positions; no text, so the scan can
	 * stay in an index (web_stories_rank, serve/web_schema.c). */
	sqlite3_stmt *s = store_prepare(st, "SELECT s.id, 0, NULL, NULL, s.first_seen, s.last_seen, s.articles,"
		" s.copies, s.sources FROM stories s WHERE s.merged_into IS NULL"
		" AND s.last_seen >= ?1 ORDER BY s.last_seen DESC LIMIT ?2", err);
	struct srow *rows = NULL;
	size_t n = 0, cap = 0, i, limit = q->limit <= 0 ? 30 : (q->limit > 1000 ? 1000 : (size_t)q->limit);
	int64_t now = stories_now(st);
	int rc = 0;
	*out = NULL;
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, q->since == DATE_NONE ? INT64_MIN : q->since);
	sqlite3_bind_int(s, 2, TOP_SCAN);
	while (sqlite3_step(s) == SQLITE_ROW) {
		xgrow((void **)&rows, &cap, n + 1, sizeof *rows);
		rows[n].score = row_score(s, now);
		rows[n].id = sqlite3_column_int64(s, 0);
		rows[n].obj = NULL;
		n++;
	}
	sqlite3_reset(s);
	if (n)
		qsort(rows, n, sizeof *rows, cmp_srow);
	*out = json_array();
	for (i = 0; i < n && i < limit && rc == 0; i++) {
		json_t *o = summary_by_id(st, rows[i].id, rows[i].score);
		if (!o)   /* gone since the scan (a concurrent merge) */
			continue;
		rc = decorate(st, o, q, err);
		json_array_append_new(*out, o);
	}
	free(rows);
	if (rc) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

/* The story row (following a merge once); NULL and *err when there is none. */
static json_t *story_row(struct store *st, int64_t id, char **err)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT " STORY_COLS ", s.merged_into FROM stories s WHERE s.id = ?1", err);
	json_t *o = NULL;
	int64_t into = -1;
	if (!q)
		return NULL;
	sqlite3_bind_int64(q, 1, id);
	if (sqlite3_step(q) == SQLITE_ROW) {
		if (sqlite3_column_type(q, 9) != SQLITE_NULL)
			into = sqlite3_column_int64(q, 9);
		else
			o = summary(q, row_score(q, stories_now(st)));
	}
	sqlite3_reset(q);
	if (into >= 0 && into != id)
		return story_row(st, into, err);
	if (!o)
		*err = xasprintf("no story %lld", (long long)id);
	return o;
}

static int detail(struct store *st, int64_t story_id, int with_timeline, json_t **out, char **err)
{
	struct stories_query q = { 1, DATE_NONE, 0, with_timeline };
	*out = story_row(st, story_id, err);
	if (!*out)
		return -1;
	if (decorate(st, *out, &q, err)) {
		json_decref(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

int stories_detail_json(struct store *st, int64_t story_id, json_t **out, char **err)
{
	return detail(st, story_id, 1, out, err);
}

int stories_head_json(struct store *st, int64_t story_id, json_t **out, char **err)
{
	return detail(st, story_id, 0, out, err);
}

int stories_thread_json(struct store *st, int64_t story_id, json_t **out, char **err)
{
	json_t *s = story_row(st, story_id, err), *arr;
	sqlite3_stmt *q;
	int64_t thread, now = stories_now(st);
	*out = NULL;
	if (!s)
		return -1;
	thread = json_integer_value(json_object_get(s, "thread"));
	json_decref(s);
	q = store_prepare(st, "SELECT " STORY_COLS " FROM stories s WHERE s.thread_id = ?1 AND"
		" s.merged_into IS NULL ORDER BY s.first_seen, s.id LIMIT ?2", err);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, thread);
	sqlite3_bind_int(q, 2, THREAD_MAX);
	arr = json_array();
	while (sqlite3_step(q) == SQLITE_ROW)
		json_array_append_new(arr, summary(q, row_score(q, now)));
	sqlite3_reset(q);
	*out = json_pack("{s:I, s:o}", "id", (json_int_t)thread, "stories", arr);
	return 0;
}

/* ---- split ---- */

static int exec_ids(struct store *st, const char *sql, int64_t a, int64_t b, char **err)
{
	sqlite3_stmt *q = store_prepare(st, sql, err);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, a);
	sqlite3_bind_int64(q, 2, b);
	return store_step_done(st, q, "splitting the story", err);
}

static int64_t query_id(struct store *st, const char *sql, int64_t a, int64_t b)
{
	sqlite3_stmt *q = store_prepare(st, sql, NULL);
	int64_t v = -1;
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, a);
	sqlite3_bind_int64(q, 2, b);
	if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_type(q, 0) != SQLITE_NULL)
		v = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	return v;
}

/* New story row `id` for the article `id`, in thread `thread`. */
static int story_insert(struct store *st, int64_t id, int64_t thread, char **err)
{
	return exec_ids(st, "INSERT OR REPLACE INTO stories(id, thread_id, title, url, first_seen, last_seen)"
		" SELECT id, ?2, title, url, coalesce(published, fetched), coalesce(published, fetched)"
		" FROM articles WHERE id = ?1", id, thread, err);
}

/* Move the article and its copies out of story `old` (the rest stays together). */
static int split_moves(struct store *st, int64_t art, int64_t old, char **err)
{
	if (old == art) {
		/* the article started its story: the others move to a story named after the
		 * earliest of them, in the same thread */
		int64_t rest = query_id(st, "SELECT min(id) FROM articles WHERE story_id = ?1 AND id != ?2"
			" AND (canonical_id IS NULL OR canonical_id != ?2)", old, art);
		int64_t thread = query_id(st, "SELECT thread_id FROM stories WHERE id = ?1 AND ?2 = ?2", old, 0);
		if (rest < 0)
			return 0;
		if (story_insert(st, rest, thread < 0 ? rest : thread, err) ||
		    exec_ids(st, "UPDATE articles SET story_id = ?2 WHERE story_id = ?1 AND id != ?1"
			     " AND (canonical_id IS NULL OR canonical_id != ?1)", old, rest, err) ||
		    exec_ids(st, "UPDATE stories SET thread_id = ?1, title = (SELECT title FROM articles"
			     " WHERE id = ?1) WHERE id = ?1 AND ?2 = ?2", art, 0, err))
			return -1;
		return cluster_story_recount(st, rest, err);
	}
	if (story_insert(st, art, art, err) ||
	    exec_ids(st, "UPDATE articles SET story_id = ?1 WHERE (id = ?1 OR canonical_id = ?1) AND ?2 = ?2", art, 0, err))
		return -1;
	return cluster_story_recount(st, old, err);
}

int stories_split(struct store *st, int64_t article_id, char **err)
{
	int64_t old = query_id(st, "SELECT story_id FROM articles WHERE id = ?1 AND ?2 = ?2", article_id, 0);
	if (old < 0) {
		*err = xasprintf("article %lld is not in a story", (long long)article_id);
		return -1;
	}
	if (store_begin(st, err))
		return -1;
	if (exec_ids(st, "UPDATE articles SET canonical_id = NULL WHERE id = ?1 AND ?2 = ?2", article_id, 0, err) ||
	    split_moves(st, article_id, old, err) ||
	    exec_ids(st, "INSERT OR REPLACE INTO story_why(article_id, kind, target, score, entities, terms)"
		     " VALUES (?1, 'split', ?2, 0, '[]', '[]')", article_id, old, err) ||
	    cluster_story_recount(st, article_id, err) || store_commit(st, err)) {
		store_rollback(st);
		return -1;
	}
	return 0;
}
