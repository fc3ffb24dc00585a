/* test_store.c — migrations, feeds, subscriptions, article upsert idempotence, one-value
 * lookups (store_text_by_id, store_row_exists). */
#include "t.h"
#include "t_db.h"
#include "store/articles.h"
#include "store/feeds.h"
#include "store/store.h"
#include "util/date.h"
#include "util/util.h"

#include <pthread.h>
#include <time.h>
#include <unistd.h>


static struct store *fresh(void)
{
	struct store *st = t_db_open("store");
	return st;
}

static void cleanup(struct store *st)
{
	t_db_close(st);
}

static void migrates_and_reopens(void)
{
	struct store *st = fresh(), *again = NULL;
	char *err = NULL;
	T_REQUIRE(st);
	store_close(st);
	T_CHECK(store_open(t_db_path, &again, &err) == 0);
	cleanup(again);
}

static void feeds_roundtrip(void)
{
	struct store *st = fresh();
	struct store_feed *fs = NULL;
	size_t n = 0;
	int64_t id = 0, id2 = 0;
	int created = 0;
	char *err = NULL;
	T_REQUIRE(st);
	T_CHECK(store_feed_add(st, 1, "http://a.example/feed", "feed", "A", "News", &id, &created, &err) == 0);
	T_CHECK(created == 1);
	T_CHECK(store_feed_add(st, 1, "http://a.example/feed", "feed", NULL, NULL, &id2, &created, &err) == 0);
	T_CHECK(created == 0 && id2 == id);
	T_CHECK(store_feeds_list(st, 1, &fs, &n, &err) == 0);
	T_CHECK(n == 1);
	if (n == 1) {
		T_STREQ(fs[0].title, "A");
		T_STREQ(fs[0].folder, "News");
	}
	store_feeds_free(fs, n);
	T_CHECK(store_feed_find(st, "http://a.example/feed", &id2, &err) == 0 && id2 == id);
	T_CHECK(store_feed_remove(st, 1, id, &err) == 0);
	T_CHECK(store_feed_find(st, "http://a.example/feed", &id2, &err) == 1);
	cleanup(st);
}

static void upsert_is_idempotent(void)
{
	struct store *st = fresh();
	int64_t fid;
	int created, is_new;
	char *err = NULL;
	struct store_article a = { 0 };
	T_REQUIRE(st);
	T_REQUIRE(store_feed_add(st, 1, "http://a.example/feed", "feed", NULL, NULL, &fid, &created, &err) == 0);
	a.feed_id = fid;
	a.guid = "urn:1";
	a.url = "http://A.example/x?utm_source=rss";
	a.title = "Hello";
	a.text = "one two three";
	a.published = date_parse("2024-01-01T00:00:00Z");
	a.updated = DATE_NONE;
	a.fetched = 1700000000;
	T_CHECK(articles_upsert(st, &a, &is_new, &err) == 0 && is_new == 1);
	T_CHECK(articles_upsert(st, &a, &is_new, &err) == 0 && is_new == 2);
	a.text = "one two three four";
	T_CHECK(articles_upsert(st, &a, &is_new, &err) == 0 && is_new == 0);
	{
		sqlite3_stmt *q = store_prepare(st, "SELECT count(*), max(url), max(words) FROM articles", &err);
		T_REQUIRE(q && sqlite3_step(q) == SQLITE_ROW);
		T_CHECK(sqlite3_column_int(q, 0) == 1);
		T_STREQ((const char *)sqlite3_column_text(q, 1), "http://a.example/x");
		T_CHECK(sqlite3_column_int(q, 2) == 4);
		sqlite3_reset(q);
	}
	cleanup(st);
}

static void counts_words(void)
{
	T_CHECK(articles_count_words("Hello, world! It's 2024.") == 4);
	T_CHECK(articles_count_words("") == 0);
	T_CHECK(articles_count_words("Привет мир") == 2);
}

/* A background writer committing transaction after transaction (the refresher importing)
 * and a foreground request waiting for the lock: the request gets in before the run ends.
 * Without the yield it waited through all of it (SQLite's busy handler sleeps up to 100 ms
 * and the lock is free only for microseconds between transactions). The assertion is an
 * order, not a duration: fewer than all BG_TXNS transactions came before the request. */
#define BG_TXNS 40
static int bg_started;
static pthread_mutex_t bg_mu = PTHREAD_MUTEX_INITIALIZER;

static void *bg_writer(void *arg)
{
	struct store *st = NULL;
	char *err = NULL;
	struct timespec hold = { 0, 20 * 1000000 };
	(void)arg;
	if (store_open(t_db_path, &st, &err)) {
		free(err);
		return NULL;
	}
	store_set_background(st, 1);
	for (int i = 0; i < BG_TXNS; i++) {
		if (store_begin(st, &err))
			break;
		store_exec(st, "INSERT INTO settings(key, value) VALUES ('bg' || (SELECT count(*) FROM settings), 'x')", NULL);
		pthread_mutex_lock(&bg_mu);
		bg_started = 1;
		pthread_mutex_unlock(&bg_mu);
		nanosleep(&hold, NULL);   /* a batch's work, holding the lock */
		if (store_commit(st, &err))
			break;
	}
	free(err);
	store_close(st);
	return NULL;
}

static void foreground_writer_not_starved(void)
{
	struct store *st = fresh();
	pthread_t th;
	char *err = NULL;
	int started = 0, before = -1;
	sqlite3_stmt *q;
	T_REQUIRE(st);
	T_REQUIRE(pthread_create(&th, NULL, bg_writer, NULL) == 0);
	while (!started) {   /* until the background run holds the lock */
		usleep(1000);
		pthread_mutex_lock(&bg_mu);
		started = bg_started;
		pthread_mutex_unlock(&bg_mu);
	}
	store_foreground_enter();
	if (store_begin(st, &err) == 0) {
		q = store_prepare(st, "SELECT count(*) FROM settings WHERE key LIKE 'bg%'", &err);
		if (q && sqlite3_step(q) == SQLITE_ROW)
			before = sqlite3_column_int(q, 0);
		if (q)
			sqlite3_reset(q);
		store_commit(st, &err);
	}
	store_foreground_leave();
	pthread_join(th, NULL);
	printf("  note: the foreground write came after %d of %d background transactions\n", before, BG_TXNS);
	T_CHECK(before >= 1 && before < BG_TXNS);
	free(err);
	cleanup(st);
}

/* A value, a NULL value, no row, two bound ids, and a statement that does not prepare: the
 * last three are all NULL. */
static void text_by_id(void)
{
	struct store *st = fresh();
	char *err = NULL, *v;
	int64_t one = 1, two = 2, none = 99, both[2] = { 1, 2 };
	T_REQUIRE(st);
	T_REQUIRE(store_exec(st, "CREATE TABLE t(id INTEGER PRIMARY KEY, k INTEGER, v TEXT);"
				 "INSERT INTO t VALUES (1, 2, 'first'), (2, 0, NULL)", &err) == 0);
	v = store_text_by_id(st, "SELECT v FROM t WHERE id = ?1", &one, 1);
	T_STREQ(v, "first");
	free(v);
	T_CHECK(store_text_by_id(st, "SELECT v FROM t WHERE id = ?1", &two, 1) == NULL);
	T_CHECK(store_text_by_id(st, "SELECT v FROM t WHERE id = ?1", &none, 1) == NULL);
	v = store_text_by_id(st, "SELECT v || k FROM t WHERE id = ?1 AND k = ?2", both, 2);
	T_STREQ(v, "first2");
	free(v);
	T_CHECK(store_text_by_id(st, "SELECT nothing FROM nowhere WHERE id = ?1", &one, 1) == NULL);
	free(err);
	cleanup(st);
}

static void row_exists(void)
{
	struct store *st = fresh();
	char *err = NULL;
	int64_t hit[2] = { 1, 2 }, miss[2] = { 1, 0 }, none = 99;
	T_REQUIRE(st);
	T_REQUIRE(store_exec(st, "CREATE TABLE t(id INTEGER PRIMARY KEY, k INTEGER);"
				 "INSERT INTO t VALUES (1, 2), (2, 0)", &err) == 0);
	T_CHECK(store_row_exists(st, "SELECT 1 FROM t WHERE id = ?1 AND k = ?2", hit, 2));
	T_CHECK(!store_row_exists(st, "SELECT 1 FROM t WHERE id = ?1 AND k = ?2", miss, 2));
	T_CHECK(!store_row_exists(st, "SELECT 1 FROM t WHERE id = ?1", &none, 1));
	T_CHECK(!store_row_exists(st, "SELECT 1 FROM nowhere WHERE id = ?1", &none, 1));
	free(err);
	cleanup(st);
}

int main(void)
{
	T_RUN(migrates_and_reopens);
	T_RUN(feeds_roundtrip);
	T_RUN(upsert_is_idempotent);
	T_RUN(counts_words);
	T_RUN(foreground_writer_not_starved);
	T_RUN(text_by_id);
	T_RUN(row_exists);
	return t_done();
}
