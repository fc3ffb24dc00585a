/* test_reader.c — the reader layer's article lists: the read view (which starts from the
 * user's read marks when they are few, serve/reader.c list_kind) lists exactly the "all"
 * view's read rows, in the same order, page by page (limit, offset, cursor, folder), for a
 * mix of read and unread rows over several feeds, folded copies, tied times and two users.
 * And the web's mark-all-read (web_mark_all_read, also the JSON API's): it marks whole copy
 * groups, as reading one article does, in each scope (feed, folder, story). */
#include "t.h"
#include "t_db.h"
#include "serve/reader.h"
#include "serve/web.h"
#include "store/store.h"

#include <sqlite3.h>
#include <string.h>

#define N_ART 200

static int exec(struct store *st, const char *sql)
{
	char *err = NULL;
	if (store_exec(st, sql, &err) < 0) {
		printf("  sql: %s\n", err);
		free(err);
		return -1;
	}
	return 0;
}

/* Users 1 (alice) and 2 (bob). Feeds 1-4; alice reads 1, 2 (folder News) and 3, bob 1 and 4.
 * Article i is in feed 1 + i % 4 at time 1000 + i / 3 (three-way ties settled by id); every
 * 7th has no published time (fetched counts); every 10th from the 5th is a copy of the one
 * before it (another feed). */
static struct store *fresh(void)
{
	struct store *st = t_db_open("reader");
	char sql[512];
	if (!st)
		return NULL;
	if (exec(st, "INSERT INTO users(id, name) VALUES (2, 'bob');"
		     "INSERT INTO feeds(id, url) VALUES (1, 'http://x/1'), (2, 'http://x/2'), (3, 'http://x/3'), (4, 'http://x/4');"
		     "INSERT INTO subscriptions(user_id, feed_id, folder) VALUES (1, 1, 'News'), (1, 2, 'News'),"
		     " (1, 3, NULL), (2, 1, NULL), (2, 4, NULL)"))
		goto fail;
	for (int i = 1; i <= N_ART; i++) {
		char canon[24] = "NULL", pub[24] = "NULL";
		if (i % 10 == 5)
			snprintf(canon, sizeof canon, "%d", i - 1);
		if (i % 7)
			snprintf(pub, sizeof pub, "%d", 1000 + i / 3);
		snprintf(sql, sizeof sql,
			 "INSERT INTO articles(id, feed_id, dedup_key, url, title, published, fetched, text, canonical_id)"
			 " VALUES (%d, %d, 'g:%d', 'http://x/a/%d', 'T %d', %s, %d, 'body %d', %s)",
			 i, 1 + i % 4, i, i, i, pub, 1000 + i / 3, i, canon);
		if (exec(st, sql))
			goto fail;
	}
	/* bob reads every even article: none of that may show in alice's lists */
	if (exec(st, "INSERT INTO article_state(user_id, article_id, read) SELECT 2, id, 1 FROM articles WHERE id % 2 = 0"))
		goto fail;
	return st;
fail:
	store_close(st);
	t_db_unlink();
	return NULL;
}

/* alice's read marks: 'few' (10 marks, some in feed 4 she does not read, copies, a tie, a
 * fetched-only row, and a starred row left unread) or 'many' (every third article). */
static int mark(struct store *st, int many)
{
	if (exec(st, "DELETE FROM article_state WHERE user_id = 1"))
		return -1;
	if (many)
		return exec(st, "INSERT INTO article_state(user_id, article_id, read) SELECT 1, id, 1 FROM articles WHERE id % 3 = 0");
	return exec(st, "INSERT INTO article_state(user_id, article_id, read) SELECT 1, id, 1 FROM articles"
		     " WHERE id IN (3, 9, 14, 15, 21, 22, 30, 41, 55, 62, 77, 140, 141, 145, 198, 199);"
		     "INSERT INTO article_state(user_id, article_id, starred) VALUES (1, 20, 1)");
}

static json_t *list(struct store *st, int64_t user, const struct reader_filter *f)
{
	json_t *out = NULL;
	char *err = NULL;
	if (reader_articles(st, user, f, &out, &err)) {
		printf("  reader_articles: %s\n", err ? err : "?");
		free(err);
		return NULL;
	}
	return out;
}

/* The read view as it was before it had its own query: the "all" view's rows that are read. */
static json_t *expected(struct store *st, const char *folder)
{
	struct reader_filter f = { .view = READER_ALL, .folder = folder, .limit = READER_MAX_LIMIT };
	json_t *all = list(st, 1, &f), *out = json_array(), *it;
	size_t i;
	if (!all)
		return out;
	json_array_foreach(all, i, it)
		if (json_is_true(json_object_get(it, "read")))
			json_array_append(out, it);
	json_decref(all);
	return out;
}

/* Page through the read view (limit, by cursor or by offset) and compare every item with
 * the expected list at the same position. 0 when all match and the counts agree. */
static int pages_match(struct store *st, const json_t *want, const char *folder, int limit, int by_offset)
{
	struct reader_filter f = { .view = READER_READ, .folder = folder, .limit = limit };
	size_t at = 0;
	for (int guard = 0; guard < N_ART + 2; guard++) {
		json_t *page = list(st, 1, &f), *it;
		size_t i, n;
		if (!page)
			return -1;
		n = json_array_size(page);
		json_array_foreach(page, i, it) {
			if (!json_equal(it, json_array_get(want, at + i))) {
				printf("  limit %d %s: item %zu is article %lld, want %lld\n", limit,
				       by_offset ? "offset" : "cursor", at + i,
				       (long long)json_integer_value(json_object_get(it, "id")),
				       (long long)json_integer_value(json_object_get(json_array_get(want, at + i), "id")));
				json_decref(page);
				return -1;
			}
		}
		at += n;
		if (n < (size_t)limit || n == 0) {
			json_decref(page);
			break;
		}
		if (by_offset)
			f.offset = (int)at;
		else if (reader_cursor_parse(json_string_value(json_object_get(json_array_get(page, n - 1), "cursor")), &f))
			at = (size_t)-1;
		json_decref(page);
	}
	if (at != json_array_size(want)) {
		printf("  limit %d %s: %zu items, want %zu\n", limit, by_offset ? "offset" : "cursor", at,
		       json_array_size(want));
		return -1;
	}
	return 0;
}

static void check_views(struct store *st, const char *what)
{
	json_t *want = expected(st, NULL), *want_news = expected(st, "News");
	int limits[] = { 1, 3, 4, 7, 10, 50 };
	printf("  %s: %zu read rows (%zu in News)\n", what, json_array_size(want), json_array_size(want_news));
	T_CHECK(json_array_size(want) > 5);
	T_CHECK(json_array_size(want_news) > 2 && json_array_size(want_news) < json_array_size(want));
	for (size_t i = 0; i < sizeof limits / sizeof limits[0]; i++) {
		T_CHECK(pages_match(st, want, NULL, limits[i], 0) == 0);
		T_CHECK(pages_match(st, want, NULL, limits[i], 1) == 0);
		T_CHECK(pages_match(st, want_news, "News", limits[i], 0) == 0);
	}
	json_decref(want);
	json_decref(want_news);
}

static void read_view_few_marks_matches_all_view(void)
{
	struct store *st = fresh();
	T_REQUIRE(st);
	T_REQUIRE(mark(st, 0) == 0);
	check_views(st, "few marks");
	{	/* the read rows in time order, ties by id, copies of a read canonical hidden,
		 * feed 4 (not alice's) absent: the exact list, not only agreement */
		struct reader_filter f = { .view = READER_READ, .limit = 50 };
		json_t *l = list(st, 1, &f);
		static const int ids[] = { 198, 141, 140, 77, 62, 41, 30, 22, 21, 14, 9 };
		T_REQUIRE(l);
		T_CHECK(json_array_size(l) == sizeof ids / sizeof ids[0]);
		for (size_t i = 0; i < json_array_size(l) && i < sizeof ids / sizeof ids[0]; i++)
			T_CHECK(json_integer_value(json_object_get(json_array_get(l, i), "id")) == ids[i]);
		json_decref(l);
	}
	t_db_close(st);
}

static void read_view_many_marks_matches_all_view(void)
{
	struct store *st = fresh();
	T_REQUIRE(st);
	T_REQUIRE(mark(st, 1) == 0);
	check_views(st, "many marks");
	t_db_close(st);
}

static int64_t one(struct store *st, const char *sql)
{
	sqlite3_stmt *q = NULL;
	int64_t v = -1;
	if (sqlite3_prepare_v2(store_db(st), sql, -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
		v = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return v;
}

/* A database the web schema v5 left (no web_state_read) gets the index when opened, and the
 * read view still lists the same rows. */
static void old_database_gets_read_index(void)
{
	struct store *st = fresh();
	char *err = NULL;
	T_REQUIRE(st);
	T_REQUIRE(mark(st, 0) == 0);
	T_CHECK(one(st, "SELECT count(*) FROM sqlite_master WHERE name = 'web_state_read'") == 1);
	T_CHECK(exec(st, "DROP INDEX web_state_read; UPDATE schema_versions SET version = 5 WHERE module = 'web'") == 0);
	store_close(st);
	st = NULL;
	T_REQUIRE(store_open(t_db_path, &st, &err) == 0);
	T_CHECK(one(st, "SELECT version FROM schema_versions WHERE module = 'web'") >= 6);
	T_CHECK(one(st, "SELECT count(*) FROM sqlite_master WHERE name = 'web_state_read'") == 1);
	check_views(st, "upgraded");
	t_db_close(st);
}

/* alice's read marks are exactly the rows of `want` (a SELECT of article ids), no more. */
static int alice_read_is(struct store *st, const char *want)
{
	char sql[512];
	int64_t extra, missing;
	snprintf(sql, sizeof sql, "SELECT count(*) FROM (SELECT article_id FROM article_state WHERE user_id = 1"
		 " AND read = 1 EXCEPT %s)", want);
	extra = one(st, sql);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM (%s EXCEPT SELECT article_id FROM article_state"
		 " WHERE user_id = 1 AND read = 1)", want);
	missing = one(st, sql);
	if (extra || missing)
		printf("  want %s: %lld extra, %lld missing\n", want, (long long)extra, (long long)missing);
	return extra == 0 && missing == 0;
}

/* Every article whose copy group (canonical and copies) has a row in `scope`: what marking
 * `scope` read must mark, written as the sync APIs' first statement wrote it. */
#define GROUPS_OF(scope) "SELECT x.id FROM articles x WHERE coalesce(x.canonical_id, x.id) IN" \
			 " (SELECT coalesce(canonical_id, id) FROM articles WHERE " scope ")"

/* The fixture: copies of feed 1's canonicals are in feed 2 (5, 25, ...), copies of feed 3's
 * in feed 4 (15, 35, ...), which alice does not read. Marking feed 2 reads the canonicals
 * in feed 1 too; marking feed 3 reads the copies in feed 4 (they are her story, were she to
 * subscribe); a story reads its articles' groups and nothing of other stories; bob's marks
 * are never touched. Before, only the scope's own rows were marked. */
static void mark_all_marks_copy_groups(void)
{
	struct store *st = fresh();
	int64_t bob;
	int n;
	T_REQUIRE(st);
	bob = one(st, "SELECT count(*) FROM article_state WHERE user_id = 2 AND read = 1");
	T_REQUIRE(exec(st, "DELETE FROM article_state WHERE user_id = 1") == 0);
	n = web_mark_all_read(st, 1, 2, NULL, 0);
	T_CHECK(alice_read_is(st, GROUPS_OF("feed_id = 2")));
	T_CHECK(one(st, "SELECT count(*) FROM article_state WHERE user_id = 1 AND article_id = 4 AND read = 1") == 1);
	T_CHECK(n == one(st, "SELECT count(*) FROM (" GROUPS_OF("feed_id = 2") ")"));
	T_CHECK(n > one(st, "SELECT count(*) FROM articles WHERE feed_id = 2"));

	T_CHECK(exec(st, "DELETE FROM article_state WHERE user_id = 1") == 0);
	T_CHECK(web_mark_all_read(st, 1, 3, NULL, 0) > 0);
	T_CHECK(alice_read_is(st, GROUPS_OF("feed_id = 3")));
	T_CHECK(one(st, "SELECT count(*) FROM article_state WHERE user_id = 1 AND article_id = 15 AND read = 1") == 1);

	T_CHECK(exec(st, "DELETE FROM article_state WHERE user_id = 1") == 0);
	T_CHECK(web_mark_all_read(st, 1, 0, "News", 0) > 0);
	T_CHECK(alice_read_is(st, GROUPS_OF("feed_id IN (1, 2)")));

	/* story 7: canonical 4 (feed 1, its copy 5 in feed 2 left in another story), 10 (feed
	 * 3), 12 (feed 1); story 8: 14 (feed 3, copy 15 in feed 4), 16 */
	T_CHECK(exec(st, "DELETE FROM article_state WHERE user_id = 1;"
			   "UPDATE articles SET story_id = 7 WHERE id IN (4, 10, 12);"
			   "UPDATE articles SET story_id = 8 WHERE id IN (5, 14, 15, 16)") == 0);
	T_CHECK(web_mark_all_read(st, 1, 0, NULL, 7) == 4);
	T_CHECK(alice_read_is(st, "SELECT id FROM articles WHERE id IN (4, 5, 10, 12)"));
	T_CHECK(web_mark_all_read(st, 1, 3, NULL, 8) == 2);   /* story and feed: 14 and its copy */
	T_CHECK(alice_read_is(st, "SELECT id FROM articles WHERE id IN (4, 5, 10, 12, 14, 15)"));
	T_CHECK(web_mark_all_read(st, 1, 0, NULL, 999) == 0);   /* no such story */

	T_CHECK(one(st, "SELECT count(*) FROM article_state WHERE user_id = 2 AND read = 1") == bob);
	t_db_close(st);
}

int main(void)
{
	T_RUN(read_view_few_marks_matches_all_view);
	T_RUN(read_view_many_marks_matches_all_view);
	T_RUN(old_database_gets_read_index);
	T_RUN(mark_all_marks_copy_groups);
	return t_done();
}
