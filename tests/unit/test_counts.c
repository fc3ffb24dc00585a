/* test_counts.c — the article counters (core migration 2, store/schema_core.c): after every
 * kind of change (insert, fold, unfold, read, unread, upsert, article delete with copies,
 * feed removal, user removal) the counter tables equal a recount from the rows, and a
 * database written at core v1 gets them backfilled when opened. The sync APIs' counts
 * (csync_total, csync_unread_counts) are checked against a per-row count of the ONCE rule,
 * and the merge walk of csync_unread_ids against the per-row item query. */
#include "t.h"
#include "t_db.h"
#include "serve/clientsync.h"
#include "store/feeds.h"
#include "store/schema.h"
#include "store/store.h"

#include <sqlite3.h>

#define CF "CASE WHEN a.canonical_id IS NULL THEN 0 ELSE coalesce((SELECT c.feed_id FROM articles c" \
	" WHERE c.id = a.canonical_id), -1) END"
#define RECOUNT_FEED "SELECT a.feed_id, " CF ", count(*) FROM articles a WHERE true GROUP BY 1, 2"
#define RECOUNT_READ "SELECT x.user_id, a.feed_id, " CF ", count(*) FROM article_state x" \
	" JOIN articles a ON a.id = x.article_id WHERE x.read GROUP BY 1, 2, 3"

static int64_t one(struct store *st, const char *sql)
{
	sqlite3_stmt *q = NULL;
	int64_t v = -999;
	if (sqlite3_prepare_v2(store_db(st), sql, -1, &q, NULL) != SQLITE_OK) {
		printf("  sql: %s\n", sqlite3_errmsg(store_db(st)));
		return v;
	}
	if (sqlite3_step(q) == SQLITE_ROW)
		v = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return v;
}

/* Rows that differ between the counters and a recount (zero-count rows are allowed). */
static int64_t mismatches(struct store *st)
{
	return one(st, "SELECT (SELECT count(*) FROM (SELECT feed_id, bucket, n FROM feed_counts WHERE n != 0"
		       " EXCEPT " RECOUNT_FEED ")) + (SELECT count(*) FROM (" RECOUNT_FEED
		       " EXCEPT SELECT feed_id, bucket, n FROM feed_counts))"
		       " + (SELECT count(*) FROM (SELECT user_id, feed_id, bucket, n FROM read_counts WHERE n != 0"
		       " EXCEPT " RECOUNT_READ ")) + (SELECT count(*) FROM (" RECOUNT_READ
		       " EXCEPT SELECT user_id, feed_id, bucket, n FROM read_counts))");
}

static int run(struct store *st, const char *sql)
{
	char *err = NULL;
	int rc = store_exec(st, sql, &err);
	if (rc < 0) {
		printf("  exec: %s\n", err);
		free(err);
	}
	return rc;
}

/* Three feeds; user 1 reads feeds 1 and 2, user 2 reads 2 and 3. Articles 1-6 canonical,
 * 7 a copy of 1 in feed 2 (user 1 sees 1 instead, user 2 sees 7), 8 a copy of 5 in feed 1
 * (user 1 sees it: 5 is in a feed user 1 does not read). Each sees 5 articles. */
static const char seed_sql[] =
	"INSERT INTO users(id, name) VALUES (2, 'two');"
	"INSERT INTO feeds(id, url) VALUES (1, 'http://a/1'), (2, 'http://a/2'), (3, 'http://a/3');"
	"INSERT INTO subscriptions(user_id, feed_id) VALUES (1, 1), (1, 2), (2, 2), (2, 3);"
	"INSERT INTO articles(id, feed_id, dedup_key, fetched) VALUES (1, 1, 'g:1', 1), (2, 1, 'g:2', 2),"
	" (3, 2, 'g:3', 3), (4, 2, 'g:4', 4), (5, 3, 'g:5', 5), (6, 3, 'g:6', 6);"
	"INSERT INTO articles(id, feed_id, dedup_key, fetched, canonical_id) VALUES (7, 2, 'g:7', 7, 1), (8, 1, 'g:8', 8, 5);"
	"INSERT INTO article_state(user_id, article_id, read) VALUES (1, 1, 1), (1, 7, 1), (2, 7, 1), (2, 5, 1), (1, 8, 0);";

/* The ONCE rule counted row by row, as clientsync's item lists apply it. */
static int64_t once_total(struct store *st, int64_t user, int unread)
{
	char sql[1024];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM articles a JOIN subscriptions s ON s.feed_id = a.feed_id"
		 " AND s.user_id = %lld WHERE (a.canonical_id IS NULL OR NOT EXISTS (SELECT 1 FROM articles c"
		 " JOIN subscriptions s2 ON s2.feed_id = c.feed_id AND s2.user_id = %lld WHERE c.id = a.canonical_id))"
		 " AND (%d = 0 OR NOT EXISTS (SELECT 1 FROM article_state x WHERE x.user_id = %lld"
		 " AND x.article_id = a.id AND x.read))", (long long)user, (long long)user, unread, (long long)user);
	return one(st, sql);
}

static void sum_count(int64_t feed, const char *url, const char *folder, int64_t count, int64_t newest, void *ctx)
{
	*(int64_t *)ctx += count;
}

/* The ids an item callback sees, in order, as one string. */
static int ids_cb(const struct csync_item *it, void *ctx)
{
	char n[24];
	snprintf(n, sizeof n, "%lld,", (long long)it->id);
	strncat((char *)ctx, n, 512 - strlen((char *)ctx) - 1);
	return 0;
}

/* csync_unread_ids (from the item index, serve/itemidx.h) lists what the per-row query does;
 * and every long ids_only list (the index too, limit >= CSYNC_FAST_MIN) equals the same
 * query answered by SQL (a short limit), in each order and filter. The checks run after
 * each kind of change, so a stale index would show. */
static void check_unread_ids(struct store *st, int64_t user)
{
	char a[512] = "", b[512] = "", *err = NULL;
	struct csync_query q;
	csync_query_init(&q, user);
	q.order = CSYNC_ID_ASC;
	q.limit = CSYNC_FAST_MIN - 1;   /* SQL, row by row */
	q.ids_only = 1;
	q.exclude_read = 1;
	T_CHECK(csync_each(st, &q, ids_cb, a, NULL, &err) == 0);
	T_CHECK(csync_unread_ids(st, user, ids_cb, b, &err) == 0);
	if (strcmp(a, b))
		printf("  user %lld: per-row %s merge %s\n", (long long)user, a, b);
	T_CHECK(strcmp(a, b) == 0);
	for (int order = CSYNC_NEWEST; order <= CSYNC_ID_DESC; order++)
		for (int filter = 0; filter < 3; filter++) {
			char sql[512] = "", idx[512] = "";
			q.order = (enum csync_order)order;
			q.exclude_read = filter == 1;
			q.only_read = filter == 2;
			q.limit = CSYNC_FAST_MIN - 1;
			T_CHECK(csync_each(st, &q, ids_cb, sql, NULL, &err) == 0);
			q.limit = CSYNC_FAST_MIN;
			T_CHECK(csync_each(st, &q, ids_cb, idx, NULL, &err) == 0);
			if (strcmp(sql, idx))
				printf("  user %lld order %d filter %d: sql %s index %s\n", (long long)user, order, filter, sql, idx);
			T_CHECK(strcmp(sql, idx) == 0);
		}
}

static void check_sync_counts(struct store *st)
{
	char *err = NULL;
	for (int64_t u = 1; u <= 2; u++) {
		int64_t unread = 0;
		check_unread_ids(st, u);
		T_CHECK(csync_total(st, u) == once_total(st, u, 0));
		T_CHECK(csync_unread_counts(st, u, sum_count, &unread, &err) == 0);
		T_CHECK(unread == once_total(st, u, 1));
	}
}

static void counters_follow_every_change(void)
{
	struct store *st = t_db_open("counts");
	char *err = NULL;
	T_REQUIRE(st);
	T_REQUIRE(run(st, seed_sql) == 0);
	T_CHECK(mismatches(st) == 0);
	T_CHECK(one(st, "SELECT n FROM feed_counts WHERE feed_id = 2 AND bucket = 1") == 1);
	T_CHECK(csync_total(st, 1) == 5 && csync_total(st, 2) == 5);
	check_sync_counts(st);
	/* read, unread, upserts (the readers' own statements), stars leave counts alone */
	T_CHECK(run(st, "INSERT INTO article_state(user_id, article_id, read) VALUES (1, 2, 1)"
			" ON CONFLICT(user_id, article_id) DO UPDATE SET read = 1;"
			"INSERT INTO article_state(user_id, article_id, read) VALUES (1, 1, 0)"
			" ON CONFLICT(user_id, article_id) DO UPDATE SET read = 0;"
			"INSERT INTO article_state(user_id, article_id, starred) VALUES (1, 3, 1)"
			" ON CONFLICT(user_id, article_id) DO UPDATE SET starred = 1;"
			"UPDATE article_state SET read = 1 WHERE user_id = 1 AND article_id = 8;") == 0);
	T_CHECK(mismatches(st) == 0);
	check_sync_counts(st);
	/* fold, refold, unfold */
	T_CHECK(run(st, "UPDATE articles SET canonical_id = 3 WHERE id = 4;"
			"UPDATE articles SET canonical_id = 5 WHERE id = 7;"
			"UPDATE articles SET canonical_id = NULL WHERE id = 8;") == 0);
	T_CHECK(mismatches(st) == 0);
	check_sync_counts(st);
	/* deleting a canonical with copies: they become canonical (ON DELETE SET NULL) */
	T_CHECK(run(st, "DELETE FROM articles WHERE id = 5") == 0);
	T_CHECK(one(st, "SELECT canonical_id IS NULL FROM articles WHERE id = 7") == 1);
	T_CHECK(mismatches(st) == 0);
	check_sync_counts(st);
	/* removing a user, then a feed nobody reads any more (articles cascade) */
	T_CHECK(run(st, "DELETE FROM users WHERE id = 2") == 0);
	T_CHECK(mismatches(st) == 0);
	T_CHECK(one(st, "SELECT count(*) FROM read_counts WHERE user_id = 2") == 0);
	T_CHECK(store_feed_remove(st, 1, 1, &err) == 0);
	T_CHECK(one(st, "SELECT count(*) FROM articles WHERE feed_id = 1") == 0);
	T_CHECK(one(st, "SELECT count(*) FROM feed_counts WHERE feed_id = 1") == 0);
	T_CHECK(mismatches(st) == 0);
	check_sync_counts(st);
	t_db_close(st);
}

/* A database as core v1 left it (no counters) with data in it: opening it applies core 2,
 * whose backfill must equal the recount. */
static void old_database_is_backfilled(void)
{
	struct store *st = t_db_open("counts-old");
	sqlite3 *db = NULL;
	char *msg = NULL;
	T_REQUIRE(st);
	store_close(st);
	unlink(t_db_path);
	T_REQUIRE(sqlite3_open(t_db_path, &db) == SQLITE_OK);
	T_CHECK(sqlite3_exec(db, store_core_schema.migrations[0], NULL, NULL, &msg) == SQLITE_OK);
	T_CHECK(sqlite3_exec(db, "CREATE TABLE schema_versions(module TEXT PRIMARY KEY, version INTEGER NOT NULL);"
				 "INSERT INTO schema_versions VALUES ('core', 1);", NULL, NULL, &msg) == SQLITE_OK);
	T_CHECK(sqlite3_exec(db, seed_sql, NULL, NULL, &msg) == SQLITE_OK);
	if (msg)
		printf("  sqlite: %s\n", msg);
	sqlite3_free(msg);
	sqlite3_close(db);
	st = NULL;
	T_REQUIRE(store_open(t_db_path, &st, &msg) == 0);
	T_CHECK(one(st, "SELECT version FROM schema_versions WHERE module = 'core'") >= 2);
	T_CHECK(one(st, "SELECT sum(n) FROM feed_counts") == 8);
	T_CHECK(one(st, "SELECT sum(n) FROM read_counts") == 4);
	T_CHECK(mismatches(st) == 0);
	check_sync_counts(st);
	/* the triggers work on the migrated database too */
	T_CHECK(run(st, "UPDATE article_state SET read = 0 WHERE article_id = 7") == 0);
	T_CHECK(mismatches(st) == 0);
	t_db_close(st);
}

int main(void)
{
	T_RUN(counters_follow_every_change);
	T_RUN(old_database_is_backfilled);
	return t_done();
}
