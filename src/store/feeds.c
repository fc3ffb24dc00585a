/*
 * feeds.c — feed and subscription rows. Feeds are shared between users: removing a
 * subscription deletes the feed only when it was the last one.
 */
#include "store/feeds.h"
#include "util/util.h"

#include <stdlib.h>

#include <string.h>

static char *col_text(sqlite3_stmt *q, int i)
{
	const unsigned char *t = sqlite3_column_text(q, i);
	return t ? xstrdup((const char *)t) : NULL;
}

static int64_t col_i64(sqlite3_stmt *q, int i, int64_t dflt)
{
	return sqlite3_column_type(q, i) == SQLITE_NULL ? dflt : sqlite3_column_int64(q, i);
}

/* ?1 user, ?2 feed, ?3 title, ?4 folder (NULL: keep what is stored). */
static void bind_sub(sqlite3_stmt *q, int64_t user_id, int64_t feed_id, const char *title, const char *folder)
{
	sqlite3_bind_int64(q, 1, user_id);
	sqlite3_bind_int64(q, 2, feed_id);
	sqlite3_bind_text(q, 3, title, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, folder, -1, SQLITE_STATIC);
}

int store_feed_add(struct store *st, int64_t user_id, const char *url, const char *kind,
		   const char *title, const char *folder, int64_t *id, int *created, char **err)
{
	sqlite3_stmt *q;
	*created = 0;
	q = store_prepare(st, "INSERT INTO feeds(url, kind, title) VALUES (?, ?, ?) ON CONFLICT(url) DO NOTHING", err);
	if (!q)
		return -1;
	sqlite3_bind_text(q, 1, url, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, kind ? kind : "feed", -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, title, -1, SQLITE_STATIC);
	if (store_step_done(st, q, "adding feed", err) < 0)
		return -1;
	if (store_feed_find(st, url, id, err) != 0) {
		if (!*err)
			*err = xstrdup("adding feed: row vanished");
		return -1;
	}
	/* Insert, else update: an upsert counts one change either way, and *created must tell
	 * a new subscription of this user from one they had (the feed row may be another
	 * user's). */
	q = store_prepare(st, "INSERT INTO subscriptions(user_id, feed_id, title, folder) VALUES (?, ?, ?, ?) "
			      "ON CONFLICT(user_id, feed_id) DO NOTHING", err);
	if (!q)
		return -1;
	bind_sub(q, user_id, *id, title, folder);
	if (store_step_done(st, q, "subscribing", err) < 0)
		return -1;
	*created = sqlite3_changes(store_db(st)) > 0;
	if (*created)
		return 0;
	q = store_prepare(st, "UPDATE subscriptions SET title = coalesce(?3, title), folder = coalesce(?4, folder)"
			      " WHERE user_id = ?1 AND feed_id = ?2", err);
	if (!q)
		return -1;
	bind_sub(q, user_id, *id, title, folder);
	return store_step_done(st, q, "subscribing", err);
}

int store_feed_keep_site_url(struct store *st, int64_t id, const char *site, char **err)
{
	sqlite3_stmt *q = store_prepare(st, "UPDATE feeds SET site_url = ? WHERE id = ? AND site_url IS NULL", err);
	if (!q)
		return -1;
	sqlite3_bind_text(q, 1, site, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, id);
	return store_step_done(st, q, "storing the site URL", err);
}

int store_feed_find(struct store *st, const char *id_or_url, int64_t *id, char **err)
{
	sqlite3_stmt *q;
	int64_t n;
	int rc;
	*err = NULL;
	if (str_to_i64(id_or_url, &n) == 0) {
		q = store_prepare(st, "SELECT id FROM feeds WHERE id = ?", err);
		if (!q)
			return -1;
		sqlite3_bind_int64(q, 1, n);
	} else {
		q = store_prepare(st, "SELECT id FROM feeds WHERE url = ?", err);
		if (!q)
			return -1;
		sqlite3_bind_text(q, 1, id_or_url, -1, SQLITE_STATIC);
	}
	rc = store_step_row(st, q, "finding feed", err);
	if (rc == 0) {
		*id = sqlite3_column_int64(q, 0);
		sqlite3_reset(q);
	}
	return rc;
}

#define FEED_COLS                                                                               \
	"f.id, f.url, f.kind, coalesce(s.title, f.title), f.site_url, f.description, s.folder, " \
	"f.etag, f.last_modified, f.last_error, f.fulltext, f.last_fetch, f.last_success, "      \
	"f.next_fetch, f.interval, f.last_status, f.error_count, "                              \
	"coalesce((SELECT sum(c.n) FROM feed_counts c WHERE c.feed_id = f.id), 0), "            \
	"coalesce((SELECT sum(r.n) FROM read_counts r WHERE r.user_id = s.user_id AND r.feed_id = f.id), 0) "

static void row_to_feed(sqlite3_stmt *q, struct store_feed *f)
{
	memset(f, 0, sizeof *f);
	f->id = sqlite3_column_int64(q, 0);
	f->url = col_text(q, 1);
	f->kind = col_text(q, 2);
	f->title = col_text(q, 3);
	f->site_url = col_text(q, 4);
	f->description = col_text(q, 5);
	f->folder = col_text(q, 6);
	f->etag = col_text(q, 7);
	f->last_modified = col_text(q, 8);
	f->last_error = col_text(q, 9);
	f->fulltext = col_text(q, 10);
	f->last_fetch = col_i64(q, 11, 0);
	f->last_success = col_i64(q, 12, 0);
	f->next_fetch = col_i64(q, 13, 0);
	f->interval = col_i64(q, 14, 3600);
	f->last_status = (int)col_i64(q, 15, 0);
	f->error_count = (int)col_i64(q, 16, 0);
	f->n_articles = col_i64(q, 17, 0);
	f->n_unread = f->n_articles - col_i64(q, 18, 0);   /* counters: core migration 2 */
}

static int collect(struct store *st, sqlite3_stmt *q, struct store_feed **out, size_t *n, char **err)
{
	size_t cap = 0;
	int rc;
	*out = NULL;
	*n = 0;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		xgrow((void **)out, &cap, *n + 1, sizeof **out);
		row_to_feed(q, &(*out)[(*n)++]);
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		*err = store_errmsg(st, "listing feeds");
		store_feeds_free(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

int store_feed_get(struct store *st, int64_t user_id, int64_t id, struct store_feed *out, char **err)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT " FEED_COLS "FROM feeds f LEFT JOIN subscriptions s "
					    "ON s.feed_id = f.id AND s.user_id = ? WHERE f.id = ?", err);
	int rc;
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, user_id);
	sqlite3_bind_int64(q, 2, id);
	rc = store_step_row(st, q, "reading feed", err);
	if (rc == 0) {
		row_to_feed(q, out);
		sqlite3_reset(q);
	}
	return rc;
}

int store_feeds_list(struct store *st, int64_t user_id, struct store_feed **out, size_t *n, char **err)
{
	sqlite3_stmt *q;
	if (user_id)
		q = store_prepare(st, "SELECT " FEED_COLS "FROM feeds f JOIN subscriptions s ON s.feed_id = f.id "
				      "WHERE s.user_id = ? ORDER BY s.folder IS NOT NULL, s.folder, "
				      "coalesce(s.title, f.title, f.url) COLLATE NOCASE", err);
	else
		q = store_prepare(st, "SELECT " FEED_COLS "FROM feeds f LEFT JOIN subscriptions s ON s.feed_id = f.id "
				      "AND s.user_id = ? ORDER BY f.id", err);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, user_id ? user_id : STORE_LOCAL_USER);
	return collect(st, q, out, n, err);
}

int store_feeds_due(struct store *st, int64_t now, int force, struct store_feed **out, size_t *n, char **err)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT " FEED_COLS "FROM feeds f LEFT JOIN subscriptions s "
					    "ON s.feed_id = f.id AND s.user_id = 1 "
					    "WHERE f.kind = 'feed' AND (? OR f.next_fetch <= ?) ORDER BY f.next_fetch, f.id", err);
	if (!q)
		return -1;
	sqlite3_bind_int(q, 1, force);
	sqlite3_bind_int64(q, 2, now);
	return collect(st, q, out, n, err);
}

int store_feed_remove(struct store *st, int64_t user_id, int64_t id, char **err)
{
	sqlite3_stmt *q;
	if (store_begin(st, err) < 0)
		return -1;
	q = store_prepare(st, "DELETE FROM subscriptions WHERE user_id = ? AND feed_id = ?", err);
	if (!q)
		goto fail;
	sqlite3_bind_int64(q, 1, user_id);
	sqlite3_bind_int64(q, 2, id);
	if (store_step_done(st, q, "unsubscribing", err) < 0)
		goto fail;
	q = store_prepare(st, "DELETE FROM feeds WHERE id = ? AND NOT EXISTS "
			      "(SELECT 1 FROM subscriptions WHERE feed_id = ?)", err);
	if (!q)
		goto fail;
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_int64(q, 2, id);
	if (store_step_done(st, q, "removing feed", err) < 0)
		goto fail;
	return store_commit(st, err);
fail:
	store_rollback(st);
	return -1;
}

void store_feed_release(struct store_feed *f)
{
	if (!f)
		return;
	free(f->url);
	free(f->kind);
	free(f->title);
	free(f->site_url);
	free(f->description);
	free(f->folder);
	free(f->etag);
	free(f->last_modified);
	free(f->last_error);
	free(f->fulltext);
	memset(f, 0, sizeof *f);
}

void store_feeds_free(struct store_feed *f, size_t n)
{
	for (size_t i = 0; i < n; i++)
		store_feed_release(&f[i]);
	free(f);
}
