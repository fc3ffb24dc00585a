/* test_stories — the live pipeline: cluster_update over stored articles, the read API
 * (top, detail, thread), split, and rebuilding the index from the database. */
#include "t.h"
#include "t_db.h"
#include "cluster/stories.h"
#include "cluster/update.h"
#include "store/articles.h"
#include "store/feeds.h"
#include "util/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


static struct store *fresh(void)
{
	struct store *st = t_db_open("stories");
	return st;
}

static void cleanup(struct store *st)
{
	t_db_close(st);
}

static const char *body_fed =
	"The Federal Reserve kept interest rates unchanged on Wednesday and said it would stay patient, "
	"as officials weighed slowing inflation against a labour market that is still running hot. "
	"Chair Jerome Powell told reporters in Washington that the committee needed more evidence before "
	"cutting, and markets trimmed bets on a move in March. Treasury yields fell and the dollar weakened.";
static const char *body_quake =
	"A strong earthquake struck off the coast of Japan on Thursday, shaking buildings in Tokyo and "
	"prompting a tsunami advisory for the Pacific coast of Honshu. The Japan Meteorological Agency "
	"said the magnitude 6.8 quake hit at a depth of 40 kilometres. No damage was reported at the "
	"Fukushima nuclear plant, its operator TEPCO said, and bullet trains were briefly halted.";

static int64_t add(struct store *st, int64_t feed, const char *guid, const char *title, const char *text, int64_t t)
{
	struct store_article a;
	char *err = NULL;
	int is_new;
	memset(&a, 0, sizeof a);
	a.feed_id = feed;
	a.guid = guid;
	a.title = title;
	a.text = text;
	a.url = guid;
	a.published = t;
	a.updated = DATE_NONE;
	a.fetched = t + 60;
	if (articles_upsert(st, &a, &is_new, &err) < 0) {
		printf("  upsert: %s\n", err);
		free(err);
		return -1;
	}
	return a.id;
}

static int64_t feed(struct store *st, const char *url, const char *title)
{
	int64_t id = -1;
	int created;
	char *err = NULL;
	if (store_feed_add(st, 1, url, "feed", title, NULL, &id, &created, &err) < 0) {
		printf("  feed: %s\n", err);
		free(err);
	}
	return id;
}

static int64_t col(struct store *st, const char *sql, int64_t id)
{
	sqlite3_stmt *q = store_prepare(st, sql, NULL);
	int64_t v = -1;
	if (!q)
		return -2;
	sqlite3_bind_int64(q, 1, id);
	if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_type(q, 0) != SQLITE_NULL)
		v = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	return v;
}

static void test_pipeline(void)
{
	struct store *st = fresh();
	char *err = NULL;
	int64_t f1, f2, f3, a1, a2, a3, a4, t = 1700000000;
	json_t *top = NULL, *d = NULL, *th = NULL;
	struct stories_query q = { 10, DATE_NONE, 0, 0 };
	T_REQUIRE(st);
	f1 = feed(st, "http://a.example/feed", "Outlet A");
	f2 = feed(st, "http://b.example/feed", "Outlet B");
	f3 = feed(st, "http://c.example/feed", "Outlet C");
	a1 = add(st, f1, "http://a.example/1", "Fed holds rates, Powell says patience needed", body_fed, t);
	a2 = add(st, f2, "http://b.example/1", "Powell: Fed in no hurry to cut", body_fed, t + 100);
	a3 = add(st, f3, "http://c.example/1", "Strong earthquake shakes Tokyo", body_quake, t + 200);
	T_CHECK(cluster_update(st, &err) == 3);
	T_CHECK(col(st, "SELECT canonical_id FROM articles WHERE id = ?1", a2) == a1);
	T_CHECK(col(st, "SELECT story_id FROM articles WHERE id = ?1", a2) == a1);
	T_CHECK(col(st, "SELECT story_id FROM articles WHERE id = ?1", a3) == a3);
	T_CHECK(col(st, "SELECT copies FROM stories WHERE id = ?1", a1) == 1);
	T_CHECK(col(st, "SELECT sources FROM stories WHERE id = ?1", a1) == 2);
	T_CHECK(cluster_update(st, &err) == 0);   /* nothing new */
	/* a later related article joins, after the index is rebuilt from the database */
	a4 = add(st, f3, "http://c.example/2", "Fed officials split on timing of first rate cut",
		 "Federal Reserve officials were divided over when to start cutting interest rates, minutes "
		 "showed, with Powell and the committee stressing patience as inflation slows and yields fall.",
		 t + 300);
	T_CHECK(cluster_update(st, &err) == 1);
	T_CHECK(col(st, "SELECT story_id FROM articles WHERE id = ?1", a4) == a1);
	T_CHECK(col(st, "SELECT kind = 'join' FROM story_why WHERE article_id = ?1", a4) == 1);
	T_REQUIRE(stories_top_json(st, &q, &top, &err) == 0);
	T_CHECK(json_array_size(top) == 2);
	T_CHECK(json_integer_value(json_object_get(json_array_get(top, 0), "id")) == a1);
	T_CHECK(json_array_size(json_object_get(json_array_get(top, 0), "outlets")) == 3);
	T_REQUIRE(stories_detail_json(st, a1, &d, &err) == 0);
	{
		json_t *tl = json_object_get(d, "timeline"), *first = json_array_get(tl, 0);
		const char *why = json_string_value(json_object_get(json_object_get(json_array_get(tl, 1), "why"), "text"));
		T_CHECK(json_array_size(tl) == 2);
		T_CHECK(json_array_size(json_object_get(first, "copies")) == 1);
		T_CHECK(why && strstr(why, "grouped because"));
	}
	T_CHECK(stories_detail_json(st, 999999, &th, &err) < 0 && err && strstr(err, "no story"));
	free(err);
	err = NULL;
	T_REQUIRE(stories_thread_json(st, a3, &th, &err) == 0);
	T_CHECK(json_array_size(json_object_get(th, "stories")) == 1);
	/* split a4 out: it gets its own story, and a rebuild keeps it there */
	T_CHECK(stories_split(st, a4, &err) == 0);
	T_CHECK(col(st, "SELECT story_id FROM articles WHERE id = ?1", a4) == a4);
	T_CHECK(col(st, "SELECT articles FROM stories WHERE id = ?1", a1) == 1);
	T_CHECK(col(st, "SELECT kind = 'split' FROM story_why WHERE article_id = ?1", a4) == 1);
	/* split the founder: the copy goes with it, nothing else is left */
	T_CHECK(stories_split(st, a1, &err) == 0);
	T_CHECK(col(st, "SELECT story_id FROM articles WHERE id = ?1", a2) == a1);
	T_CHECK(stories_split(st, 424242, &err) < 0);
	free(err);
	err = NULL;
	T_CHECK(cluster_update(st, &err) == 0);
	json_decref(top);
	json_decref(d);
	json_decref(th);
	cleanup(st);
}

/* A young story whose first headline was too thin finds its thread on its next article; the
 * stored story row gets the thread, and its thread lists both stories. */
static void test_thread_relink(void)
{
	struct store *st = fresh();
	char *err = NULL;
	int64_t f, s1, s2, t = 1700000000;
	json_t *th = NULL;
	T_REQUIRE(st);
	f = feed(st, "http://a.example/feed", "Outlet A");
	s1 = add(st, f, "http://a.example/1", "Edward Snowden tells SXSW festival he has no regrets over NSA leaks", "", t);
	add(st, f, "http://a.example/2", "NSA leaker Snowden says he would leak again, speaking to SXSW by video", "", t + 60);
	add(st, f, "http://a.example/3", "Lena Dunham apologizes for molestation joke on Twitter", "", t + 5 * 86400);
	s2 = add(st, f, "http://a.example/4", "Whistleblower gives video interview from Moscow", "", t + 10 * 86400);
	add(st, f, "http://a.example/5", "Edward Snowden, the NSA whistleblower, gives SXSW video interview from Moscow", "",
	    t + 10 * 86400 + 60);
	T_CHECK(cluster_update(st, &err) == 5);
	T_CHECK(col(st, "SELECT story_id FROM articles WHERE id = ?1", s2 + 1) == s2);
	T_CHECK(col(st, "SELECT thread_id FROM stories WHERE id = ?1", s2) == s1);
	T_REQUIRE(stories_thread_json(st, s1, &th, &err) == 0);
	T_CHECK(json_array_size(json_object_get(th, "stories")) == 2);
	json_decref(th);
	free(err);
	cleanup(st);
}

/* A headline joining through one earlier headline records it (story_why.via) and says so. */
static void test_member_why(void)
{
	struct store *st = fresh();
	char *err = NULL, guid[64], title[128];
	int64_t f, first = -1, member = -1, last, t = 1700000000;
	json_t *d = NULL;
	int k;
	T_REQUIRE(st);
	f = feed(st, "http://a.example/feed", "Outlet A");
	for (k = 0; k < 30; k++) {
		int64_t id;
		snprintf(guid, sizeof guid, "http://a.example/%d", k);
		snprintf(title, sizeof title, "Cosmos premiere review: word%da, word%db and word%dc", k, k, k);
		id = add(st, f, guid, title, "", t + k * 30);
		if (k == 0)
			first = id;
		if (k == 3)
			member = add(st, f, "http://a.example/m",
				     "Cosmos premiere review: Obama to introduce A Spacetime Odyssey on Sunday night", "",
				     t + k * 30 + 10);
	}
	last = add(st, f, "http://a.example/last", "President Obama introduces the Spacetime Odyssey on Sunday", "",
		   t + 30 * 30);
	T_CHECK(cluster_update(st, &err) == 32);
	T_CHECK(col(st, "SELECT story_id FROM articles WHERE id = ?1", last) == first);
	T_CHECK(col(st, "SELECT via FROM story_why WHERE article_id = ?1", last) == member);
	T_CHECK(col(st, "SELECT via IS NULL FROM story_why WHERE article_id = ?1", member) == 1);
	T_REQUIRE(stories_detail_json(st, first, &d, &err) == 0);
	{
		json_t *tl = json_object_get(d, "timeline"), *e;
		size_t i;
		int found = 0;
		json_array_foreach(tl, i, e) {
			const char *why = json_string_value(json_object_get(json_object_get(e, "why"), "text"));
			if (json_integer_value(json_object_get(e, "id")) == last)
				found = why && strstr(why, "an earlier headline of the story") && strstr(why, "obama");
		}
		T_CHECK(found);
	}
	json_decref(d);
	free(err);
	cleanup(st);
}

int main(void)
{
	T_RUN(test_pipeline);
	T_RUN(test_thread_relink);
	T_RUN(test_member_why);
	return t_done();
}
