/* test_parse_fx.c — the extras' value tree (parse/fx.c) keeps jansson's rules call for
 * call, and the text writer writes an fx tree exactly as jansson dumps its twin. */
#include "t.h"
#include "parse/feed.h"
#include "parse/fx.h"
#include "parse/parse_int.h"
#include "util/date.h"

#include <jansson.h>

static char *dump(json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
	json_decref(j);
	return s;
}

/* Setting a present key replaces the value where the key stands; NULL values, non-UTF-8
 * keys and non-UTF-8 strings change nothing (json_object_set_new / json_string). */
static void set_rules_are_janssons(void)
{
	struct fx_arena *a = fx_arena_new();
	struct fx *o = fx_obj(a), *l = fx_arr(a);
	char *s;
	T_CHECK(fx_set_lit(a, o, "a", fx_str(a, "1")) == 0);
	T_CHECK(fx_set(a, o, "b", fx_int(a, 2)) == 0);
	T_CHECK(fx_set_lit(a, o, "a", fx_str(a, "3")) == 0);   /* stays first */
	T_CHECK(fx_set(a, o, "c", fx_str(a, "bad \xC3\x28")) < 0);
	T_CHECK(fx_set(a, o, "\xFF", fx_null()) < 0);
	T_CHECK(fx_set(a, o, "b", NULL) < 0);   /* b keeps 2 */
	T_CHECK(fx_append(a, l, NULL) < 0);
	T_CHECK(fx_append(a, l, fx_bool(1)) == 0);
	T_CHECK(fx_set(a, o, "l", l) == 0);
	T_CHECK(fx_size(l) == 1 && fx_size(o) == 0);
	T_STREQ(fx_string_value(fx_get(o, "a")), "3");
	T_CHECK(fx_get(o, "zz") == NULL && fx_get(l, "a") == NULL);
	s = dump(fx_to_json(o));
	T_STREQ(s, "{\"a\":\"3\",\"b\":2,\"l\":[true]}");
	free(s);
	fx_arena_free(a);
	fx_arena_free(NULL);
}

/* A copy shares the values and not the members: setting on it leaves the original. */
static void copy_is_shallow(void)
{
	struct fx_arena *a = fx_arena_new();
	struct fx *o = fx_obj(a), *c;
	char *s;
	fx_set_lit(a, o, "type", fx_str(a, "text/html"));
	o->shared = 1;
	c = fx_copy(a, o);
	T_REQUIRE(c && !c->shared);
	fx_set_lit(a, c, "src", fx_str(a, "http://x/"));
	s = dump(fx_to_json(o));
	T_STREQ(s, "{\"type\":\"text/html\"}");
	free(s);
	s = dump(fx_to_json(c));
	T_STREQ(s, "{\"type\":\"text/html\",\"src\":\"http://x/\"}");
	free(s);
	fx_arena_free(a);
}

/* Many members and items (the arena's first block and the member arrays both grow). */
static void growth_keeps_everything(void)
{
	struct fx_arena *a = fx_arena_new();
	struct fx *o = fx_root(a), *l = fx_arr(a);
	char key[32], *s;
	json_t *want = json_object(), *wl = json_array();
	for (int i = 0; i < 300; i++) {
		snprintf(key, sizeof key, "key%d", i);
		fx_set(a, o, key, fx_str(a, key));
		json_object_set_new(want, key, json_string(key));
		fx_append(a, l, fx_int(a, i));
		json_array_append_new(wl, json_integer(i));
	}
	fx_set_lit(a, o, "list", l);
	json_object_set_new(want, "list", wl);
	s = dump(fx_to_json(o));
	{
		char *w = dump(want);
		T_STREQ(s, w);
		free(w);
	}
	free(s);
	fx_arena_free(a);
}

/* The writer's text for an entry whose extras are an fx tree is what jansson dumps of
 * feed_to_json: escapes, non-ASCII, keys needing escapes, shared pre-rendered objects, a
 * wrapped jansson value, and an extra that names a required key. */
static void writer_equals_jansson(void)
{
	struct feed f = { 0 };
	struct feed_entry e = { 0 };
	struct fx_arena *a, *fa = fx_arena_new();
	struct fx *shared = fx_obj(fa), *tag;
	char *got, *want;
	e.published = e.updated = DATE_NONE;
	e.title = "t\"itle\x01 caf\xC3\xA9 \xE2\x80\x99";
	f.updated = f.published = DATE_NONE;
	f.format = "rss20";
	f.entries = &e;
	f.n_entries = 1;
	fx_set_lit(fa, shared, "type", fx_str(fa, "text/plain"));
	fx_set_lit(fa, shared, "language", fx_null());
	fx_set_lit(fa, shared, "base", fx_str(fa, "http://b/\xC3\xA9"));
	shared->shared = 1;
	feed_fx_render(fa, shared);
	e.fx = a = fx_arena_new();
	fx_set_lit(a, fx_root(a), "title_detail", shared);
	fx_set(a, fx_root(a), "we\"ird\tkey", fx_str(a, "v\\al\n"));
	fx_set(a, fx_root(a), "\xC3\xA9t\xC3\xA9", fx_str(a, "\xF0\x9F\x98\x80 ok"));
	tag = fx_obj(a);
	fx_set_lit(a, tag, "term", fx_str(a, "x"));
	fx_set_lit(a, tag, "scheme", fx_null());
	fx_set_lit(a, fx_root(a), "tags", fx_arr(a));
	fx_append(a, fx_get(fx_root(a), "tags"), tag);
	fx_set_lit(a, fx_root(a), "n", fx_int(a, -7));
	fx_set_lit(a, fx_root(a), "no", fx_bool(0));
	fx_set_lit(a, fx_root(a), "src", fx_wrap(a, json_pack("{s:[i,s]}", "k", 1, "\xC3\xA9")));
	want = dump(feed_to_json(&f));
	got = feed_json_dumps(&f);
	T_STREQ(got, want);
	free(got);
	free(want);
	/* An extra named like a required key: the required one wins, as update_missing. */
	fx_set_lit(a, fx_root(a), "title", fx_str(a, "extra title"));
	want = dump(feed_to_json(&f));
	got = feed_json_dumps(&f);
	T_STREQ(got, want);
	T_CHECK(strstr(got, "extra title") == NULL);
	free(got);
	free(want);
	fx_arena_free(a);
	fx_arena_free(fa);
}

int main(void)
{
	T_RUN(set_rules_are_janssons);
	T_RUN(copy_is_shallow);
	T_RUN(growth_keeps_everything);
	T_RUN(writer_equals_jansson);
	return t_done();
}
