/* test_refresh.c — the refresh policies (backoff, adaptive interval) and refresh_run on
 * file:// feeds in a temporary database (no network). */
#include "t.h"
#include "source/refresh.h"
#include "store/feeds.h"
#include "store/store.h"
#include "util/date.h"
#include "util/util.h"

#include <stdio.h>
#include <unistd.h>

static void backoff_doubles_and_caps(void)
{
	T_CHECK(refresh_backoff(1, -1) == 300);
	T_CHECK(refresh_backoff(2, -1) == 600);
	T_CHECK(refresh_backoff(3, -1) == 1200);
	T_CHECK(refresh_backoff(9, -1) == 76800);
	T_CHECK(refresh_backoff(10, -1) == REFRESH_BACKOFF_MAX);
	T_CHECK(refresh_backoff(1000000, -1) == REFRESH_BACKOFF_MAX);
	T_CHECK(refresh_backoff(0, -1) == 300);
	/* Retry-After wins when longer, never shortens the backoff */
	T_CHECK(refresh_backoff(1, 7200) == 7200);
	T_CHECK(refresh_backoff(3, 10) == 1200);
}

static void interval_adapts(void)
{
	int64_t hourly[10], none[3] = { DATE_NONE, DATE_NONE, DATE_NONE };
	for (int i = 0; i < 10; i++)
		hourly[i] = 1700000000 - i * 3600;
	/* quiet feed: 25% slower, capped */
	T_CHECK(refresh_adapt_interval(3600, 0, NULL, 0) == 4500);
	T_CHECK(refresh_adapt_interval(REFRESH_INTERVAL_MAX, 0, NULL, 0) == REFRESH_INTERVAL_MAX);
	/* hourly posts: halfway from 4 h towards 30 min */
	T_CHECK(refresh_adapt_interval(14400, 3, hourly, 10) == (14400 + 1800) / 2);
	/* an hourly feed settles at two looks an hour; a busier one at the floor, never below */
	int64_t iv = 86400, busy[10];
	for (int i = 0; i < 40; i++)
		iv = refresh_adapt_interval(iv, 1, hourly, 10);
	T_CHECK(iv >= 1800 && iv <= 1801);
	for (int i = 0; i < 10; i++)
		busy[i] = 1700000000 - i * 600;
	for (int i = 0; i < 40; i++)
		iv = refresh_adapt_interval(iv, 1, busy, 10);
	T_CHECK(iv == REFRESH_INTERVAL_MIN);
	/* new entries without dates: twice as often */
	T_CHECK(refresh_adapt_interval(7200, 2, none, 3) == 3600);
	T_CHECK(refresh_adapt_interval(0, 0, NULL, 0) == 4500);
}

static const char rss_doc[] =
	"<?xml version='1.0'?><rss version='2.0'><channel><title>Local</title>"
	"<link>http://local.invalid/</link>"
	"<item><title>One</title><guid>g1</guid><description>&lt;p&gt;First &amp;amp; best&lt;/p&gt;</description>"
	"<category>a</category><category>b</category>"
	"<enclosure url='http://local.invalid/a.mp3' type='audio/mpeg' length='12'/></item>"
	"<item><title>Two</title><guid>g2</guid><description>Second</description></item>"
	"</channel></rss>";

static int write_file(const char *path, const char *s)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fputs(s, f);
	return fclose(f);
}

static int64_t count(struct store *st, const char *sql)
{
	sqlite3_stmt *q = store_prepare(st, sql, NULL);
	int64_t n = -1;
	if (q && sqlite3_step(q) == SQLITE_ROW)
		n = sqlite3_column_int64(q, 0);
	if (q)
		sqlite3_reset(q);
	return n;
}

static void run_on_files(void)
{
	char dir[] = "/tmp/test_refresh_XXXXXX", db[300], good[300], bad[300], *u1, *u2, *err = NULL;
	struct store *st = NULL;
	struct refresh_opts o;
	struct refresh_stats s;
	struct store_feed f = { 0 };
	int64_t id1, id2;
	int created;
	T_REQUIRE(mkdtemp(dir) != NULL);
	snprintf(db, sizeof db, "%s/t.db", dir);
	snprintf(good, sizeof good, "%s/good.xml", dir);
	snprintf(bad, sizeof bad, "%s/bad.xml", dir);
	T_REQUIRE(write_file(good, rss_doc) == 0 && write_file(bad, "\x01\x02 not xml at all") == 0);
	T_REQUIRE(store_open(db, &st, &err) == 0);
	u1 = xasprintf("file://%s", good);
	u2 = xasprintf("file://%s", bad);
	T_CHECK(store_feed_add(st, STORE_LOCAL_USER, u1, "feed", NULL, NULL, &id1, &created, &err) == 0);
	T_CHECK(store_feed_add(st, STORE_LOCAL_USER, u2, "feed", NULL, NULL, &id2, &created, &err) == 0);
	refresh_opts_default(&o);
	o.now = 1700000000;
	T_CHECK(refresh_run(st, &o, &s, &err) == 0);
	T_CHECK(s.feeds == 2 && s.ok == 1 && s.failed == 1 && s.new_articles == 2);
	T_CHECK(count(st, "SELECT count(*) FROM articles") == 2);
	T_CHECK(count(st, "SELECT count(*) FROM articles WHERE text = 'First & best'") == 1);
	T_CHECK(count(st, "SELECT count(*) FROM articles WHERE categories = '[\"a\",\"b\"]'") == 1);
	T_CHECK(count(st, "SELECT count(*) FROM articles WHERE enclosures LIKE '%audio/mpeg%'") == 1);
	T_REQUIRE(store_feed_get(st, STORE_LOCAL_USER, id1, &f, &err) == 0);
	T_STREQ(f.title, "Local");
	T_CHECK(f.error_count == 0 && f.last_status == 200 && f.next_fetch > o.now);
	store_feed_release(&f);
	T_REQUIRE(store_feed_get(st, STORE_LOCAL_USER, id2, &f, &err) == 0);
	T_CHECK(f.error_count == 1 && f.last_error && f.next_fetch == o.now + 300);
	store_feed_release(&f);
	/* nothing due a minute later; --all: the file is unchanged (304) and the bad one fails again */
	o.now += 60;
	T_CHECK(refresh_run(st, &o, &s, &err) == 0 && s.feeds == 0);
	o.all = 1;
	T_CHECK(refresh_run(st, &o, &s, &err) == 0);
	T_CHECK(s.not_modified == 1 && s.failed == 1 && s.new_articles == 0);
	T_REQUIRE(store_feed_get(st, STORE_LOCAL_USER, id2, &f, &err) == 0);
	T_CHECK(f.error_count == 2 && f.next_fetch == o.now + 600);
	store_feed_release(&f);
	/* one feed by URL; an unknown one is an error */
	o.all = 0;
	o.feed = u1;
	T_CHECK(refresh_run(st, &o, &s, &err) == 0 && s.feeds == 1);
	o.feed = "12345";
	T_CHECK(refresh_run(st, &o, &s, &err) < 0 && err != NULL);
	free(err);
	store_close(st);
	unlink(good);
	unlink(bad);
	unlink(db);
	free(u1);
	free(u2);
	{
		char *w = xasprintf("%s-wal", db), *shm = xasprintf("%s-shm", db);
		unlink(w);
		unlink(shm);
		free(w);
		free(shm);
	}
	rmdir(dir);
}

/* An Atom title of type="html" is stored as plain text; a text title keeps its ampersand. */
static void html_titles_become_text(void)
{
	static const char doc[] =
		"<feed xmlns='http://www.w3.org/2005/Atom'><title>T</title><id>urn:t</id>"
		"<entry><id>urn:1</id><title type='html'>Tom &amp;amp; Jerry &lt;b&gt;return&lt;/b&gt;</title>"
		"<content>x</content></entry>"
		"<entry><id>urn:2</id><title>AT&amp;T &lt;3 plain</title><content>y</content></entry></feed>";
	char dir[] = "/tmp/test_refresh_XXXXXX", path[300], db[300], *u, *err = NULL;
	struct store *st = NULL;
	struct refresh_opts o;
	struct refresh_stats s;
	int64_t id;
	int created;
	T_REQUIRE(mkdtemp(dir) != NULL);
	snprintf(path, sizeof path, "%s/a.xml", dir);
	snprintf(db, sizeof db, "%s/t.db", dir);
	T_REQUIRE(write_file(path, doc) == 0);
	T_REQUIRE(store_open(db, &st, &err) == 0);
	u = xasprintf("file://%s", path);
	T_CHECK(store_feed_add(st, STORE_LOCAL_USER, u, "feed", NULL, NULL, &id, &created, &err) == 0);
	refresh_opts_default(&o);
	o.now = 1700000000;
	T_CHECK(refresh_run(st, &o, &s, &err) == 0 && s.new_articles == 2);
	T_CHECK(count(st, "SELECT count(*) FROM articles WHERE title = 'Tom & Jerry return'") == 1);
	T_CHECK(count(st, "SELECT count(*) FROM articles WHERE title = 'AT&T <3 plain'") == 1);
	store_close(st);
	free(u);
	{
		char *w = xasprintf("rm -rf '%s'", dir);
		T_CHECK(system(w) == 0);
		free(w);
	}
}

int main(void)
{
	fetch_global_init();
	T_RUN(backoff_doubles_and_caps);
	T_RUN(interval_adapts);
	T_RUN(run_on_files);
	T_RUN(html_titles_become_text);
	return t_done();
}
