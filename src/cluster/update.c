/*
 * update.c — rebuild (replay stored decisions), then batches: read up to a batch of
 * unassigned rows into memory (so no statement is stepping over rows we update), decide each
 * with the engine, write the decision, recount the stories the batch touched, commit.
 */
#include "cluster/update.h"
#include "cluster/engine.h"
#include "util/date.h"
#include "util/util.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define ART_TIME "(CASE WHEN published IS NULL OR published > fetched + 86400 THEN fetched ELSE published END)"

struct row {
	int64_t id, published, fetched, story, canonical, thread;
	char *title, *text, *url, *lang;
};

static char *col_dup(sqlite3_stmt *q, int i)
{
	const unsigned char *s = sqlite3_column_text(q, i);
	return s ? xstrdup((const char *)s) : NULL;
}

/* Summaries may hold markup: keep the text between tags. */
static char *strip_tags(char *s)
{
	char *r = s, *w = s;
	int in = 0;
	if (!s)
		return s;
	for (; *r; r++) {
		if (*r == '<')
			in = 1;
		else if (*r == '>' && in) {
			in = 0;
			*w++ = ' ';
		} else if (!in)
			*w++ = *r;
	}
	*w = 0;
	return s;
}

static void row_read(sqlite3_stmt *q, struct row *r)
{
	memset(r, 0, sizeof *r);
	r->id = sqlite3_column_int64(q, 0);
	r->title = col_dup(q, 1);
	r->text = col_dup(q, 2);
	if (!r->text || !*r->text) {
		free(r->text);
		r->text = strip_tags(col_dup(q, 3));
	}
	r->lang = col_dup(q, 4);
	r->published = sqlite3_column_type(q, 5) == SQLITE_NULL ? DATE_NONE : sqlite3_column_int64(q, 5);
	r->fetched = sqlite3_column_int64(q, 6);
	if (r->published == DATE_NONE || r->published > r->fetched + 86400)
		r->published = r->fetched;
	r->url = col_dup(q, 7);
	r->story = sqlite3_column_type(q, 8) == SQLITE_NULL ? -1 : sqlite3_column_int64(q, 8);
	r->canonical = sqlite3_column_type(q, 9) == SQLITE_NULL ? -1 : sqlite3_column_int64(q, 9);
	r->thread = sqlite3_column_type(q, 10) == SQLITE_NULL ? r->story : sqlite3_column_int64(q, 10);
}

static void row_release(struct row *r)
{
	free(r->title);
	free(r->text);
	free(r->url);
	free(r->lang);
}

static struct cluster_article row_article(const struct row *r)
{
	struct cluster_article a;
	memset(&a, 0, sizeof a);
	a.key = r->id;
	a.title = r->title;
	a.text = r->text;
	a.lang = r->lang;
	a.url = r->url;
	a.published = r->published;
	return a;
}

#define ROW_COLS "a.id, a.title, a.text, a.summary, a.lang, a.published, a.fetched, a.url," \
		 " a.story_id, a.canonical_id, s.thread_id FROM articles a LEFT JOIN stories s ON s.id = a.story_id"

static int rebuild(struct store *st, struct cluster_engine *e, char **err)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT " ROW_COLS " WHERE a.story_id IS NOT NULL AND a.fetched >="
		" (SELECT max(fetched) FROM articles WHERE story_id IS NOT NULL) - ?1 ORDER BY a.id", err);
	int rc;
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, (int64_t)CLUSTER_REBUILD_DAYS * 86400);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct row r;
		struct cluster_article a;
		row_read(q, &r);
		a = row_article(&r);
		cluster_engine_replay(e, &a, r.story, r.thread, r.canonical);
		row_release(&r);
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		*err = store_errmsg(st, "reading stored stories");
		return -1;
	}
	return 0;
}

static int load_batch(struct store *st, struct row *rows, size_t *n, char **err)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT " ROW_COLS " WHERE a.story_id IS NULL ORDER BY a.id LIMIT ?1", err);
	int rc = SQLITE_DONE;
	*n = 0;
	if (!q)
		return -1;
	sqlite3_bind_int(q, 1, CLUSTER_UPDATE_BATCH);
	while (*n < CLUSTER_UPDATE_BATCH && (rc = sqlite3_step(q)) == SQLITE_ROW)
		row_read(q, &rows[(*n)++]);
	sqlite3_reset(q);
	if (*n < CLUSTER_UPDATE_BATCH && rc != SQLITE_DONE) {
		*err = store_errmsg(st, "reading new articles");
		return -1;
	}
	return 0;
}

static char *words_json(const char *const *w, int n)
{
	json_t *a = json_array();
	char *s;
	int i;
	for (i = 0; i < n; i++)
		json_array_append_new(a, json_string(w[i]));
	s = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	return s;
}

static int save_why(struct store *st, const struct row *row, const struct cluster_result *r, char **err)
{
	static const char *const kinds[] = { "new", "join", "fold", "split" };
	sqlite3_stmt *q = store_prepare(st, "INSERT OR REPLACE INTO story_why(article_id, kind, target,"
		" score, containment, entities, terms, via) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", err);
	char *ents, *terms;
	int rc;
	if (!q)
		return -1;
	ents = words_json(r->entities, r->nentities);
	terms = words_json(r->terms, r->nterms);
	sqlite3_bind_int64(q, 1, row->id);
	sqlite3_bind_text(q, 2, kinds[r->kind], -1, SQLITE_STATIC);
	if (r->kind == CLUSTER_FOLD)
		sqlite3_bind_int64(q, 3, r->duplicate_of);
	else if (r->kind == CLUSTER_JOIN)
		sqlite3_bind_int64(q, 3, r->story);
	else if (r->thread_from >= 0)
		sqlite3_bind_int64(q, 3, r->thread_from);
	else
		sqlite3_bind_null(q, 3);
	sqlite3_bind_double(q, 4, r->score);
	if (r->kind == CLUSTER_FOLD)
		sqlite3_bind_double(q, 5, r->containment);
	else
		sqlite3_bind_null(q, 5);
	sqlite3_bind_text(q, 6, ents, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 7, terms, -1, SQLITE_TRANSIENT);
	if (r->via >= 0)
		sqlite3_bind_int64(q, 8, r->via);
	else
		sqlite3_bind_null(q, 8);
	rc = store_step_done(st, q, "saving stories", err);
	free(ents);
	free(terms);
	return rc;
}

static int save_new_story(struct store *st, const struct row *row, const struct cluster_result *r, char **err)
{
	sqlite3_stmt *q = store_prepare(st, "INSERT OR REPLACE INTO stories(id, thread_id, title, url,"
		" first_seen, last_seen, articles, copies, sources) VALUES (?1, ?2, ?3, ?4, ?5, ?5, 1, 0, 1)", err);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, r->story);
	sqlite3_bind_int64(q, 2, r->thread);
	sqlite3_bind_text(q, 3, row->title, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, row->url, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 5, row->published);
	return store_step_done(st, q, "saving stories", err);
}

static int save_merge(struct store *st, int64_t into, int64_t from, char **err)
{
	sqlite3_stmt *q = store_prepare(st, "UPDATE articles SET story_id = ?1 WHERE story_id = ?2", err);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, into);
	sqlite3_bind_int64(q, 2, from);
	if (store_step_done(st, q, "saving stories", err))
		return -1;
	q = store_prepare(st, "UPDATE stories SET merged_into = ?1 WHERE id = ?2", err);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, into);
	sqlite3_bind_int64(q, 2, from);
	return store_step_done(st, q, "saving stories", err);
}

static int save_article(struct store *st, const struct row *row, const struct cluster_result *r, char **err)
{
	sqlite3_stmt *q = store_prepare(st, "UPDATE articles SET story_id = ?2, canonical_id = ?3 WHERE id = ?1", err);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, row->id);
	sqlite3_bind_int64(q, 2, r->story);
	if (r->duplicate_of >= 0)
		sqlite3_bind_int64(q, 3, r->duplicate_of);
	else
		sqlite3_bind_null(q, 3);
	return store_step_done(st, q, "saving stories", err);
}

/* Kept exact by recounting rather than incrementing. */
int cluster_story_recount(struct store *st, int64_t story, char **err)
{
	sqlite3_stmt *q = store_prepare(st, "UPDATE stories SET"
		" articles = (SELECT count(*) FROM articles WHERE story_id = ?1 AND canonical_id IS NULL),"
		" copies = (SELECT count(*) FROM articles WHERE story_id = ?1 AND canonical_id IS NOT NULL),"
		" sources = (SELECT count(DISTINCT feed_id) FROM articles WHERE story_id = ?1),"
		" first_seen = coalesce((SELECT min" ART_TIME " FROM articles WHERE story_id = ?1), first_seen),"
		" last_seen = coalesce((SELECT max" ART_TIME " FROM articles WHERE story_id = ?1), last_seen)"
		" WHERE id = ?1", err);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, story);
	return store_step_done(st, q, "saving stories", err);
}

/* A young story found its thread on a later article. */
static int save_thread(struct store *st, const struct cluster_result *r, char **err)
{
	sqlite3_stmt *q = store_prepare(st, "UPDATE stories SET thread_id = ?2 WHERE id = ?1", err);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, r->story);
	sqlite3_bind_int64(q, 2, r->thread);
	return store_step_done(st, q, "saving stories", err);
}

static int save(struct store *st, const struct row *row, const struct cluster_result *r, char **err)
{
	if (r->kind == CLUSTER_NEW && save_new_story(st, row, r, err))
		return -1;
	if (r->merged >= 0 && save_merge(st, r->story, r->merged, err))
		return -1;
	if (r->kind == CLUSTER_JOIN && r->thread_from >= 0 && save_thread(st, r, err))
		return -1;
	if (save_article(st, row, r, err) || save_why(st, row, r, err))
		return -1;
	return 0;
}

static int add_touched(int64_t **t, size_t *n, size_t *cap, int64_t id)
{
	size_t i;
	for (i = 0; i < *n; i++)
		if ((*t)[i] == id)
			return 0;
	xgrow((void **)t, cap, *n + 1, sizeof **t);
	(*t)[(*n)++] = id;
	return 0;
}

static int run_batch(struct store *st, struct cluster_engine *e, struct row *rows, size_t n, char **err)
{
	int64_t *touched = NULL;
	size_t nt = 0, ct = 0, i;
	int rc = -1;
	if (store_begin(st, err))
		return -1;
	for (i = 0; i < n; i++) {
		struct cluster_article a = row_article(&rows[i]);
		struct cluster_result r;
		cluster_engine_add(e, &a, &r);
		if (save(st, &rows[i], &r, err))
			goto out;
		add_touched(&touched, &nt, &ct, r.story);
	}
	for (i = 0; i < nt; i++)
		if (cluster_story_recount(st, touched[i], err))
			goto out;
	rc = store_commit(st, err);
out:
	if (rc)
		store_rollback(st);
	free(touched);
	return rc;
}

int cluster_update(struct store *st, char **err)
{
	struct cluster_engine *e = cluster_engine_new(NULL);
	struct row *rows = xcalloc(CLUSTER_UPDATE_BATCH, sizeof *rows);
	size_t n = 0, i;
	int total = 0, rc = -1;
	if (rebuild(st, e, err))
		goto out;
	for (;;) {
		if (load_batch(st, rows, &n, err))
			goto out;
		if (n == 0)
			break;
		if (run_batch(st, e, rows, n, err))
			goto out;
		for (i = 0; i < n; i++)
			row_release(&rows[i]);
		total += (int)n;
		n = 0;
	}
	rc = total;
out:
	for (i = 0; i < n; i++)
		row_release(&rows[i]);
	free(rows);
	cluster_engine_free(e);
	return rc;
}
