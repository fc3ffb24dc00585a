/* test_clientsync.c — the sync APIs' item layer: visibility (folded copies once, other users'
 * feeds), read marks over copy groups, keyset paging both ways, id ordering, totals, unread
 * counts, sanitized item HTML; and the Google Reader id/stream parsing helpers. */
#include "t.h"
#include "t_db.h"
#include "serve/clientsync.h"
#include "serve/greader_int.h"
#include "store/store.h"
#include "util/util.h"

#include <sqlite3.h>
#include <unistd.h>

static int64_t A1, A2, A3, B1, D1, C1, C2;   /* article ids, see fresh() */

static int64_t ins(struct store *st, const char *sql)
{
	char *err = NULL;
	if (store_exec(st, sql, &err) < 0) {
		printf("  sql: %s\n", err);
		free(err);
		return -1;
	}
	return sqlite3_last_insert_rowid(store_db(st));
}

static int64_t art(struct store *st, int feed, const char *key, int t, int64_t canonical)
{
	char sql[512], canon[24] = "NULL";
	if (canonical)
		snprintf(canon, sizeof canon, "%lld", (long long)canonical);
	snprintf(sql, sizeof sql,
		 "INSERT INTO articles(feed_id, dedup_key, url, title, published, fetched, content, text, canonical_id)"
		 " VALUES (%d, 'g:%s', 'http://x/%s', 'T %s', %d, %d, '<p>%s<script>x()</script></p>', '%s', %s)",
		 feed, key, key, key, 1000 + t, 1000 + t, key, key, canon);
	return ins(st, sql);
}

/* Users 1 (alice) and 2 (bob). Feeds 1 A (alice, folder News; bob), 2 B (alice), 3 C (bob).
 * b1 is a copy of a1 (alice sees both feeds: shown once); c2 a copy of d1 (bob cannot see d1). */
static struct store *fresh(void)
{
	struct store *st = t_db_open("csync");
	if (!st)
		return NULL;
	ins(st, "INSERT INTO users(id, name) VALUES (2, 'bob');"
		"INSERT INTO feeds(id, url) VALUES (1, 'http://x/a'), (2, 'http://x/b'), (3, 'http://x/c');"
		"INSERT INTO subscriptions(user_id, feed_id, folder) VALUES (1, 1, 'News'), (1, 2, NULL),"
		" (2, 1, NULL), (2, 3, NULL)");
	A1 = art(st, 1, "a1", 1, 0);
	A2 = art(st, 1, "a2", 2, 0);
	A3 = art(st, 1, "a3", 3, 0);
	B1 = art(st, 2, "b1", 4, A1);
	D1 = art(st, 2, "d1", 5, 0);
	C1 = art(st, 3, "c1", 6, 0);
	C2 = art(st, 3, "c2", 7, D1);
	return st;
}

static void cleanup(struct store *st)
{
	t_db_close(st);
}

struct got {
	int64_t ids[32];
	int n;
	int64_t last_ts, last_id;
};

static int take(const struct csync_item *it, void *ctx)
{
	struct got *g = ctx;
	if (g->n < 32)
		g->ids[g->n++] = it->id;
	g->last_ts = it->ts;
	g->last_id = it->id;
	return 0;
}

static int has(const struct got *g, int64_t id)
{
	for (int i = 0; i < g->n; i++)
		if (g->ids[i] == id)
			return 1;
	return 0;
}

static struct got list(struct store *st, struct csync_query *q)
{
	struct got g = { { 0 }, 0, 0, 0 };
	char *err = NULL;
	if (csync_each(st, q, take, &g, NULL, &err) < 0) {
		printf("  each: %s\n", err);
		free(err);
		g.n = -1;
	}
	return g;
}

static int read_of(struct store *st, int64_t user, int64_t id)
{
	sqlite3_stmt *q = NULL;
	int r = -1;
	sqlite3_prepare_v2(store_db(st), "SELECT coalesce((SELECT read FROM article_state WHERE user_id = ? AND"
					 " article_id = ?), 0)", -1, &q, NULL);
	sqlite3_bind_int64(q, 1, user);
	sqlite3_bind_int64(q, 2, id);
	if (sqlite3_step(q) == SQLITE_ROW)
		r = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	return r;
}

static void copies_appear_once(void)
{
	struct store *st = fresh();
	struct csync_query q;
	struct got g;
	T_REQUIRE(st);
	csync_query_init(&q, 1);
	q.limit = 100;
	g = list(st, &q);
	T_CHECK(g.n == 4 && has(&g, A1) && has(&g, A2) && has(&g, A3) && has(&g, D1) && !has(&g, B1));
	T_CHECK(g.ids[0] == D1 && g.ids[3] == A1);   /* newest first */
	T_CHECK(csync_total(st, 1) == 4);
	csync_query_init(&q, 2);
	q.limit = 100;
	g = list(st, &q);
	T_CHECK(g.n == 5 && has(&g, C2) && has(&g, C1) && !has(&g, D1));   /* c2 stands in for d1 */
	T_CHECK(csync_total(st, 2) == 5);
	cleanup(st);
}

static void other_users_ids_not_found(void)
{
	struct store *st = fresh();
	struct got g = { { 0 }, 0, 0, 0 };
	char *err = NULL;
	T_REQUIRE(st);
	T_CHECK(csync_get(st, 1, C1, take, &g, &err) == 1 && g.n == 0);
	T_CHECK(csync_get(st, 1, A2, take, &g, &err) == 0 && g.n == 1);
	T_CHECK(csync_get(st, 1, B1, take, &g, &err) == 1);   /* folded away for alice */
	T_CHECK(csync_set_read(st, 1, C1, 1, &err) == 1);
	T_CHECK(csync_set_starred(st, 1, C1, 1, &err) == 1);
	T_CHECK(read_of(st, 1, C1) == 0 && read_of(st, 2, C1) == 0);
	T_CHECK(csync_get(st, 1, 999999, take, &g, &err) == 1);
	cleanup(st);
}

static void read_marks_follow_copies(void)
{
	struct store *st = fresh();
	struct csync_query q;
	char *err = NULL;
	T_REQUIRE(st);
	/* Marking the copy marks its canonical too (and vice versa). */
	T_CHECK(csync_set_read(st, 1, B1, 1, &err) == 0);
	T_CHECK(read_of(st, 1, A1) == 1 && read_of(st, 1, B1) == 1);
	T_CHECK(read_of(st, 2, A1) == 0);
	T_CHECK(csync_set_read(st, 1, A1, 0, &err) == 0);
	T_CHECK(read_of(st, 1, A1) == 0 && read_of(st, 1, B1) == 0);
	/* bob marks c2: its canonical d1 (not his) is marked in his state too, harmlessly. */
	T_CHECK(csync_set_read(st, 2, C2, 1, &err) == 0);
	T_CHECK(read_of(st, 2, C2) == 1 && read_of(st, 2, D1) == 1 && read_of(st, 1, D1) == 0);
	csync_query_init(&q, 2);
	q.exclude_read = 1;
	q.limit = 100;
	T_CHECK(list(st, &q).n == 4);
	cleanup(st);
}

static void paging_both_ways(void)
{
	struct store *st = fresh();
	struct csync_query q;
	struct got all = { { 0 }, 0, 0, 0 }, g;
	T_REQUIRE(st);
	for (int order = CSYNC_NEWEST; order <= CSYNC_OLDEST; order++) {
		all.n = 0;
		csync_query_init(&q, 2);
		q.order = (enum csync_order)order;
		q.limit = 2;
		for (int page = 0; page < 10; page++) {
			g = list(st, &q);
			for (int i = 0; i < g.n; i++) {
				T_CHECK(!has(&all, g.ids[i]));
				all.ids[all.n++] = g.ids[i];
			}
			if (g.n < q.limit)
				break;
			q.has_cont = 1;
			q.cont_ts = g.last_ts;
			q.cont_id = g.last_id;
		}
		T_CHECK(all.n == 5);
		T_CHECK(all.ids[0] == (order == CSYNC_NEWEST ? C2 : A1));
	}
	cleanup(st);
}

static void id_order_and_bounds(void)
{
	struct store *st = fresh();
	struct csync_query q;
	struct got g;
	T_REQUIRE(st);
	csync_query_init(&q, 1);
	q.order = CSYNC_ID_ASC;
	q.id_above = A2;
	g = list(st, &q);
	T_CHECK(g.n == 2 && g.ids[0] == A3 && g.ids[1] == D1);
	csync_query_init(&q, 1);
	q.order = CSYNC_ID_DESC;
	q.id_below = A3;
	g = list(st, &q);
	T_CHECK(g.n == 2 && g.ids[0] == A2 && g.ids[1] == A1);
	csync_query_init(&q, 1);
	q.ts_min = 1002;
	q.ts_max = 1005;   /* a2 (1002), a3 (1003); b1 (1004) folded */
	g = list(st, &q);
	T_CHECK(g.n == 2 && has(&g, A2) && has(&g, A3));
	csync_query_init(&q, 1);
	q.folder = "News";
	T_CHECK(list(st, &q).n == 3);
	csync_query_init(&q, 1);
	q.feed_id = 2;
	g = list(st, &q);
	T_CHECK(g.n == 1 && g.ids[0] == D1);
	csync_query_init(&q, 1);
	q.feed_id = 3;   /* bob's feed */
	T_CHECK(list(st, &q).n == 0);
	cleanup(st);
}

static int64_t sum_counts;
static void add_count(int64_t feed, const char *url, const char *folder, int64_t n, int64_t newest, void *ctx)
{
	(void)feed, (void)url, (void)folder, (void)newest, (void)ctx;
	sum_counts += n;
}

static void mark_all_and_counts(void)
{
	struct store *st = fresh();
	struct csync_query q;
	char *err = NULL;
	T_REQUIRE(st);
	sum_counts = 0;
	T_CHECK(csync_unread_counts(st, 1, add_count, NULL, &err) == 0 && sum_counts == 4);
	T_CHECK(csync_mark_all_read(st, 1, 0, "News", CSYNC_NONE, CSYNC_FETCHED, &err) == 0);
	T_CHECK(read_of(st, 1, A1) && read_of(st, 1, A3) && read_of(st, 1, B1) && !read_of(st, 1, D1));
	sum_counts = 0;
	T_CHECK(csync_unread_counts(st, 1, add_count, NULL, &err) == 0 && sum_counts == 1);
	T_CHECK(csync_mark_all_read(st, 1, 2, NULL, 1004, CSYNC_FETCHED, &err) == 0);   /* fetched <= 1004: not d1 */
	T_CHECK(!read_of(st, 1, D1));
	/* Fetched long after publication (the usual case): by the item's time, d1 (published
	 * 1005) is at or before 1005; by arrival it is not. */
	ins(st, "UPDATE articles SET fetched = fetched + 100000");
	T_CHECK(csync_mark_all_read(st, 1, 2, NULL, 1005, CSYNC_FETCHED, &err) == 0);
	T_CHECK(!read_of(st, 1, D1));
	T_CHECK(csync_mark_all_read(st, 1, 2, NULL, 1004, CSYNC_ITEM_TIME, &err) == 0);
	T_CHECK(!read_of(st, 1, D1));
	T_CHECK(csync_mark_all_read(st, 1, 2, NULL, 1005, CSYNC_ITEM_TIME, &err) == 0);
	T_CHECK(read_of(st, 1, D1) && read_of(st, 2, A2) == 0);
	T_CHECK(csync_mark_all_read(st, 1, 0, NULL, CSYNC_NONE, CSYNC_FETCHED, &err) == 0);
	T_CHECK(read_of(st, 1, D1) && read_of(st, 2, A2) == 0);
	csync_query_init(&q, 1);
	q.only_read = 1;
	T_CHECK(list(st, &q).n == 4);
	cleanup(st);
}

static int html_of(const struct csync_item *it, void *ctx)
{
	*(char **)ctx = csync_item_html(it);
	return 0;
}

static void item_html_sanitized(void)
{
	struct store *st = fresh();
	char *html = NULL, *err = NULL;
	T_REQUIRE(st);
	T_REQUIRE(csync_get(st, 1, A1, html_of, &html, &err) == 0 && html);
	T_CHECK(strstr(html, "a1") && !strstr(html, "<script") && !strstr(html, "x()"));
	free(html);
	html = NULL;
	ins(st, "UPDATE articles SET content = NULL, html = NULL, text = 'a < b & c' WHERE id = 2");
	T_REQUIRE(csync_get(st, 1, 2, html_of, &html, &err) == 0 && html);
	T_STREQ(html, "<p>a &lt; b &amp; c</p>");
	free(html);
	cleanup(st);
}

static void greader_ids_and_streams(void)
{
	int64_t id = 0;
	struct gr_stream s;
	T_CHECK(gr_item_id("tag:google.com,2005:reader/item/000000000000002a", &id) == 0 && id == 42);
	T_CHECK(gr_item_id("tag:google.com,2005:reader/item/000000000000002A", &id) == 0 && id == 42);
	T_CHECK(gr_item_id("42", &id) == 0 && id == 42);
	T_CHECK(gr_item_id("tag:google.com,2005:reader/item/", &id) < 0);
	T_CHECK(gr_item_id("tag:google.com,2005:reader/item/00000000000000002a", &id) < 0);   /* 18 digits */
	T_CHECK(gr_item_id("tag:google.com,2005:reader/item/ffffffffffffffff", &id) < 0);     /* > INT64_MAX */
	T_CHECK(gr_item_id("tag:google.com,2005:reader/item/00000000000000zz", &id) < 0);
	T_CHECK(gr_item_id("-5", &id) < 0 && gr_item_id("0", &id) < 0 && gr_item_id("", &id) < 0);
	T_CHECK(gr_item_id(NULL, &id) < 0);
	/* The long form's tail without its prefix is hex (FreshRSS's rule), never decimal:
	 * "0000000000000016" is item 22; read as decimal it named item 16, another article. */
	T_CHECK(gr_item_id("0000000000000016", &id) == 0 && id == 22);
	T_CHECK(gr_item_id("000000000000002a", &id) == 0 && id == 42);
	T_CHECK(gr_item_id("2a", &id) == 0 && id == 42);
	T_CHECK(gr_item_id("16", &id) == 0 && id == 16);
	T_CHECK(gr_item_id("00000000000000000016", &id) < 0);   /* 20 hex digits */
	gr_stream_parse(NULL, "user/-/state/com.google/reading-list", &s);
	T_CHECK(s.kind == GR_READING_LIST);
	gr_stream_parse(NULL, "user/1234/state/com.google/starred", &s);
	T_CHECK(s.kind == GR_STARRED);
	gr_stream_parse(NULL, "user/-/label/Tech News", &s);
	T_CHECK(s.kind == GR_LABEL_STREAM && s.label && !strcmp(s.label, "Tech News"));
	gr_stream_parse(NULL, "user/-/label/", &s);
	T_CHECK(s.kind == GR_UNKNOWN);
	gr_stream_parse(NULL, "splice/x", &s);
	T_CHECK(s.kind == GR_UNKNOWN);
	gr_stream_parse(NULL, "feed/http://x/a", &s);
	T_CHECK(s.kind == GR_FEED && s.feed_id == 0);   /* no store: unknown feed */
}

int main(void)
{
	T_RUN(copies_appear_once);
	T_RUN(other_users_ids_not_found);
	T_RUN(read_marks_follow_copies);
	T_RUN(paging_both_ways);
	T_RUN(id_order_and_bounds);
	T_RUN(mark_all_and_counts);
	T_RUN(item_html_sanitized);
	T_RUN(greader_ids_and_streams);
	return t_done();
}
