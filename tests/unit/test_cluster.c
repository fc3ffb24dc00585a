/* test_cluster — the online engine: fold / join / new, merging, threads, replay, bad input. */
#include "t.h"
#include "cluster/engine.h"
#include "util/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *snowden[] = {
	"Edward Snowden tells SXSW festival he has no regrets over NSA leaks",
	"NSA leaker Snowden says he would leak again, speaking to SXSW by video",
	"Snowden at SXSW: the NSA is setting fire to the future of the internet",
};
static const char *dunham[] = {
	"Lena Dunham apologizes for molestation joke on Twitter",
	"Lena Dunham deletes molestation tweet and apologizes to fans",
};

static struct cluster_article art(int64_t key, const char *title, const char *text, int64_t t)
{
	struct cluster_article a;
	memset(&a, 0, sizeof a);
	a.key = key;
	a.title = title;
	a.text = text;
	a.published = t;
	return a;
}

/* Build one article and add it; the result of the add. */
static struct cluster_result add(struct cluster_engine *e, int64_t key, const char *title, const char *text,
				 int64_t t)
{
	struct cluster_article a = art(key, title, text, t);
	struct cluster_result r;
	cluster_engine_add(e, &a, &r);
	return r;
}

static void test_join_and_new(void)
{
	struct cluster_engine *e = cluster_engine_new(NULL);
	struct cluster_result r;
	struct cluster_article a;
	int64_t t0 = 1394470370;
	int i;
	for (i = 0; i < 3; i++) {
		a = art(i, snowden[i], "", t0 + i * 60);
		cluster_engine_add(e, &a, &r);
		T_CHECK(r.story == 0);
		T_CHECK(r.duplicate_of == -1);
		T_CHECK(r.kind == (i ? CLUSTER_JOIN : CLUSTER_NEW));
	}
	T_CHECK(r.nentities + r.nterms > 0);
	for (i = 0; i < 2; i++) {
		a = art(10 + i, dunham[i], "", t0 + 300 + i * 60);
		cluster_engine_add(e, &a, &r);
		T_CHECK(r.story == 10);
	}
	/* a wire copy with an outlet suffix folds into the first one */
	a = art(20, "Lena Dunham apologizes for molestation joke on Twitter - Reuters", "", t0 + 400);
	cluster_engine_add(e, &a, &r);
	T_CHECK(r.kind == CLUSTER_FOLD && r.duplicate_of == 10 && r.story == 10);
	cluster_engine_free(e);
	cluster_engine_free(NULL);
}

static void test_same_article_many_times(void)
{
	struct cluster_engine *e = cluster_engine_new(NULL);
	struct cluster_result r;
	struct cluster_article a = art(0, "Markets rally as the Federal Reserve holds rates",
				       "Stocks rose on Wednesday after the Federal Reserve kept interest rates "
				       "unchanged and signalled patience, sending the dollar lower and bond yields "
				       "down across the curve, traders in New York and London said.", 1400000000);
	struct cluster_stats st;
	int i, folded = 0;
	for (i = 0; i < 10000; i++) {
		a.key = i;
		cluster_engine_add(e, &a, &r);
		folded += r.duplicate_of == 0;
	}
	cluster_engine_stats(e, &st);
	T_CHECK(folded == 9999);
	T_CHECK(st.canonicals == 1);
	cluster_engine_free(e);
}

static void test_bad_input(void)
{
	struct cluster_engine *e = cluster_engine_new(NULL);
	struct cluster_result r;
	struct cluster_article a;
	char *big = malloc(10u << 20);
	size_t i;
	a = art(1, NULL, NULL, DATE_NONE);
	T_CHECK(cluster_engine_add(e, &a, &r) == 0 && r.story == 1);
	a = art(2, "", "", DATE_NONE);
	T_CHECK(cluster_engine_add(e, &a, &r) == 0 && r.story == 2);
	a = art(3, "Breaking", "", 4102444800LL * 10);   /* far future */
	T_CHECK(cluster_engine_add(e, &a, &r) == 0);
	a = art(4, "\xff\xfe\xfd bad \xc3", "\xed\xa0\x80 \xe6\x9d\xb1\xe4\xba\xac\xe9\x83\xbd\xe3\x81\xae\xe5\xa4\xa9\xe6\xb0\x97", 5);
	T_CHECK(cluster_engine_add(e, &a, &r) == 0);
	a = art(5, "\xe6\x9d\xb1\xe4\xba\xac\xe9\x83\xbd\xe3\x81\xae\xe5\xa4\xa9\xe6\xb0\x97\xe4\xba\x88\xe5\xa0\xb1", "", 6);
	T_CHECK(cluster_engine_add(e, &a, &r) == 0);
	for (i = 0; i + 1 < (10u << 20); i++)
		big[i] = "abcdefgh ij"[i % 11];
	big[i] = 0;
	a = art(6, "Big", big, 7);
	T_CHECK(cluster_engine_add(e, &a, &r) == 0);
	a = art(7, "Big", big, 1);   /* out of order */
	T_CHECK(cluster_engine_add(e, &a, &r) == 0 && r.duplicate_of == 6);
	free(big);
	cluster_engine_free(e);
}

/* Replaying recorded decisions rebuilds a state that decides the next article alike. */
static void test_replay(void)
{
	struct cluster_engine *a = cluster_engine_new(NULL), *b = cluster_engine_new(NULL);
	struct cluster_result ra, rb;
	struct cluster_article x;
	int i;
	for (i = 0; i < 3; i++) {
		x = art(i, snowden[i], "", 1000 + i);
		cluster_engine_add(a, &x, &ra);
		cluster_engine_replay(b, &x, ra.story, ra.thread, ra.duplicate_of);
	}
	x = art(9, "Snowden says NSA leaks made the world more secure, SXSW told", "", 1010);
	cluster_engine_add(a, &x, &ra);
	cluster_engine_add(b, &x, &rb);
	T_CHECK(ra.story == rb.story && ra.kind == rb.kind && ra.story == 0);
	cluster_engine_free(a);
	cluster_engine_free(b);
}

/* The three Snowden headlines as story 0, a second apart from t. */
static void snowden_story(struct cluster_engine *e, int64_t t)
{
	for (int i = 0; i < 3; i++)
		add(e, i, snowden[i], "", t + i);
}

/* 3,000 unrelated headlines from t over `days` days */
static void filler(struct cluster_engine *e, int64_t t, int days)
{
	for (int i = 0; i < 3000; i++) {
		char title[96];
		snprintf(title, sizeof title, "Local item %d about topic%d and place%d", i, i % 97, i % 89);
		add(e, 100 + i, title, "", t + (int64_t)i * days * 86400 / 3000);
	}
}

/* A story idle past the window is archived; a later story on it joins its thread. */
static void test_thread(void)
{
	struct cluster_engine *e = cluster_engine_new(NULL);
	struct cluster_result r;
	int64_t t = 1600000000;
	snowden_story(e, t);
	filler(e, t + 86400, 30);   /* pushes the story out of the window */
	r = add(e, 5000, "Edward Snowden says NSA leaks were right, in new SXSW video interview", "",
		t + 40 * 86400);
	T_CHECK(r.story == 5000);
	T_CHECK(r.thread == 0);
	cluster_engine_free(e);
}

/* A slow stream (a few articles a month) still archives idle stories, so threads link. */
static void test_thread_slow_stream(void)
{
	struct cluster_engine *e = cluster_engine_new(NULL);
	struct cluster_result r;
	int64_t t = 1600000000;
	snowden_story(e, t);
	r = add(e, 10, "Lena Dunham apologizes for molestation joke on Twitter", "", t + 10 * 86400);
	r = add(e, 20, "Edward Snowden says NSA leaks were right, in new SXSW video interview", "",
		t + 40 * 86400);
	T_CHECK(r.story == 20);
	T_CHECK(r.thread == 0);
	T_CHECK(r.thread_from == 0);
	cluster_engine_free(e);
}

/* A story whose first headline was too thin to find its thread finds it on a later article. */
static void test_thread_young_story(void)
{
	struct cluster_engine *e = cluster_engine_new(NULL);
	struct cluster_result r;
	int64_t t = 1600000000;
	snowden_story(e, t);
	filler(e, t + 86400, 30);
	r = add(e, 5000, "Whistleblower gives video interview from Moscow", "", t + 40 * 86400);
	T_CHECK(r.story == 5000 && r.thread == 5000);
	r = add(e, 5001, "Edward Snowden, the NSA whistleblower, gives SXSW video interview from Moscow", "",
		t + 40 * 86400 + 60);
	T_CHECK(r.kind == CLUSTER_JOIN && r.story == 5000);
	T_CHECK(r.thread == 0 && r.thread_from == 0);
	/* later articles of the story carry the thread */
	r = add(e, 5002, "Snowden whistleblower interview from Moscow: NSA leaks were right", "",
		t + 40 * 86400 + 120);
	T_CHECK(r.story == 5000 && r.thread == 0);
	cluster_engine_free(e);
}

/* An article bridging two stories merges them; the larger keeps its id even when younger. */
static void test_merge_keeps_larger(void)
{
	struct cluster_engine *e = cluster_engine_new(NULL);
	struct cluster_result r;
	int64_t t = 1600000000;
	int i;
	r = add(e, 1, "Putin takes questions in annual live phone-in", "", t);
	for (i = 0; i < 3; i++) {
		r = add(e, 10 + i, snowden[i], "", t + 60 + i);
		T_CHECK(r.story == 10);
	}
	r = add(e, 20, "Snowden asks Putin about NSA-style surveillance in live phone-in", "", t + 120);
	T_CHECK(r.kind == CLUSTER_JOIN);
	T_CHECK(r.story == 10 && r.merged == 1);
	r = add(e, 21, "Putin tells Snowden Russia has no mass surveillance, in live phone-in", "", t + 180);
	T_CHECK(r.story == 10);
	cluster_engine_free(e);
}

/* With the merge threshold out of reach, an article bridging a big story and a one-headline
 * piece of it still merges them (a fragment), but not two stories of four articles each. */
static void bridge(int fragment_size, int body, int64_t *merged, int64_t *story)
{
	static const char *asylum[] = {
		"Kremlin extends asylum for American fugitive by one year",
		"Russia grants American fugitive another year of asylum",
		"Fugitive's Russian asylum extended, lawyer Kucherena says",
		"Kucherena: asylum in Russia extended for a year",
	};
	static const char *more = "Snowden tells SXSW encryption can protect against NSA spying";
	struct cluster_opts o;
	struct cluster_engine *e;
	struct cluster_result r;
	struct cluster_article x;
	int64_t t = 1600000000;
	int i;
	cluster_opts_default(&o);
	o.merge = 0.95;
	e = cluster_engine_new(&o);
	for (i = 0; i < 4; i++) {
		x = art(i, i < 3 ? snowden[i] : more, "", t + i);
		x.text = body ? x.title : "";
		cluster_engine_add(e, &x, &r);
	}
	for (i = 0; i < fragment_size; i++) {
		x = art(10 + i, asylum[i], "", t + 10 + i);
		x.text = body ? x.title : "";
		cluster_engine_add(e, &x, &r);
	}
	x = art(20, "Snowden, the NSA leaker, gets another year of asylum in Russia", "", t + 20);
	x.text = body ? x.title : "";
	cluster_engine_add(e, &x, &r);
	*merged = r.merged;
	*story = r.story;
	cluster_engine_free(e);
}

static void test_fragment_merges(void)
{
	int64_t merged, story;
	bridge(1, 0, &merged, &story);
	T_CHECK(story == 0 && merged == 10);
	bridge(4, 0, &merged, &story);
	T_CHECK(merged == -1);
	/* articles with a body have words enough not to split off: no such merge */
	bridge(1, 1, &merged, &story);
	T_CHECK(story == 0 && merged == -1);
}

/* A headline without the stop words language detection needs is read in the stream's
 * language, so it shares stems with the earlier English headlines of its story. */
static void test_headline_language(void)
{
	struct cluster_engine *e = cluster_engine_new(NULL);
	struct cluster_result r;
	int64_t t = 1394547690;
	r = add(e, 1, "Parents on their smartphones ignore the kids, a study of the families finds", "", t);
	r = add(e, 2, "Smartphones Distracting Parents: Study", "", t + 5);
	T_CHECK(r.kind == CLUSTER_JOIN && r.story == 1);
	cluster_engine_free(e);
}

/* ... in its source's language when the source has one: a short French headline of a French
 * outlet in a mostly English stream still meets its French story. */
static void test_headline_source_language(void)
{
	static const char *en[] = {
		"The Senate votes on the budget as the deadline nears",
		"Apple and Samsung return to court over the patents of their phones",
		"A storm brings snow to the north of the country for the weekend",
	};
	struct cluster_engine *e = cluster_engine_new(NULL);
	struct cluster_result r;
	struct cluster_article x;
	int64_t t = 1394547690;
	int i;
	for (i = 0; i < 3; i++) {
		x = art(10 + i, en[i], "", t + i);
		x.source = "Reuters";
		cluster_engine_add(e, &x, &r);
	}
	x = art(1, "La Crimée vote pour son rattachement à la Russie", "", t + 10);
	x.source = "Le Monde";
	cluster_engine_add(e, &x, &r);
	x = art(2, "Crimée, Russie : voté", "", t + 20);
	x.source = "Le Monde";
	cluster_engine_add(e, &x, &r);
	T_CHECK(r.kind == CLUSTER_JOIN && r.story == 1);
	cluster_engine_free(e);
}

/* A new story that matches two earlier stories of one thread, each too weakly to link alone,
 * joins that thread: the evidence adds up (Ebola in Guinea, the WHO emergency, a case in
 * Dallas). */
static void test_thread_evidence(void)
{
	static const char *ebola[][2] = {
		{ "Ebola outbreak confirmed in Guinea", "Health officials in Guinea confirmed that an outbreak of hemorrhagic fever that has killed dozens is Ebola." },
		{ "Guinea Ebola outbreak kills 59", "The World Health Organization said the Ebola virus had killed 59 people in southern Guinea." },
		{ "WHO declares Ebola an international health emergency", "The World Health Organization said the Ebola outbreak in West Africa was a public health emergency of international concern." },
		{ "Ebola emergency declared as death toll nears 1,000", "The WHO declaration covers Guinea, Liberia, Sierra Leone and Nigeria, where Ebola has killed nearly a thousand people." },
		{ "First Ebola case diagnosed in the United States", "A patient at a Dallas hospital tested positive for Ebola, the first case diagnosed on US soil, the CDC said." },
		{ "Dallas Ebola patient had traveled from Liberia", "Health officials said Thomas Eric Duncan flew from Liberia to Dallas before he fell ill with Ebola." },
	};
	struct cluster_engine *e = cluster_engine_new(NULL);
	struct cluster_result r;
	int64_t t = 1600000000;
	r = add(e, 0, ebola[0][0], ebola[0][1], t);
	r = add(e, 1, ebola[1][0], ebola[1][1], t + 3600);
	filler(e, t + 86400, 30);
	r = add(e, 5000, ebola[2][0], ebola[2][1], t + 40 * 86400);
	T_CHECK(r.kind == CLUSTER_NEW && r.thread == 0);
	r = add(e, 5001, ebola[3][0], ebola[3][1], t + 40 * 86400 + 3600);
	T_CHECK(r.story == 5000 && r.thread == 0);
	for (int i = 0; i < 3000; i++) {   /* filler with keys of its own */
		char title[96];
		snprintf(title, sizeof title, "Regional note %d on subject%d near town%d", i, i % 83, i % 79);
		r = add(e, 6000 + i, title, "", t + 41 * 86400 + (int64_t)i * 30 * 86400 / 3000);
	}
	r = add(e, 9000, ebola[4][0], ebola[4][1], t + 80 * 86400);
	T_CHECK(r.kind == CLUSTER_NEW && r.story == 9000);
	/* its second article matches both earlier stories, neither at the thread threshold */
	r = add(e, 9001, ebola[5][0], ebola[5][1], t + 80 * 86400 + 3600);
	T_CHECK(r.kind == CLUSTER_JOIN && r.story == 9000);
	T_CHECK(r.thread == 0 && r.thread_from >= 0);
	cluster_engine_free(e);
}

/* A headline that matches one earlier headline of a large, varied story well but the story's
 * centroid poorly joins through that member, and says so (via, its shared words). */
static void test_member_link(void)
{
	struct cluster_engine *e = cluster_engine_new(NULL);
	struct cluster_result r;
	struct cluster_article x;
	int64_t t = 1394470000, key = 0;
	char title[128];
	int k, i, obama_terms = 0;
	for (k = 0; k < 30; k++) {
		snprintf(title, sizeof title, "Cosmos premiere review: word%da, word%db and word%dc", k, k, k);
		x = art(key, title, "", t + key * 30);
		key++;
		cluster_engine_add(e, &x, &r);
		T_CHECK(r.story == 0);
		if (k == 3) {
			r = add(e, 100, "Cosmos premiere review: Obama to introduce A Spacetime Odyssey on Sunday night",
				"", t + key * 30);
			T_CHECK(r.story == 0 && r.via == -1);
		}
	}
	r = add(e, 200, "President Obama introduces the Spacetime Odyssey on Sunday", "", t + key * 30);
	T_CHECK(r.kind == CLUSTER_JOIN && r.story == 0 && r.via == 100);
	T_CHECK(r.score >= 0.3);
	for (i = 0; i < r.nterms; i++)
		obama_terms += !strcmp(r.terms[i], "obama") || !strcmp(r.terms[i], "spacetime");
	for (i = 0; i < r.nentities; i++)
		obama_terms += !strcmp(r.entities[i], "obama") || !strcmp(r.entities[i], "spacetime");
	T_CHECK(obama_terms == 2);
	cluster_engine_free(e);
}

/* Deterministic article text: n words from a small vocabulary (xorshift). */
static void random_text(char *out, size_t cap, uint32_t seed, int n)
{
	static const char *syl[] = {"ka", "lo", "mi", "ne", "ru", "sa", "te", "vo", "zu", "pe"};
	size_t len = 0;
	uint32_t x = seed * 2654435761u + 1;
	for (int w = 0; w < n && len + 16 < cap; w++) {
		for (int k = 0; k < 3; k++) {
			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			len += (size_t)snprintf(out + len, cap - len, "%s", syl[x % 10]);
		}
		out[len++] = ' ';
	}
	out[len] = '\0';
}

/* Canonicals leave the fold index after its window and their key entries with them: copies
 * of articles still in the window keep folding to the right key through thousands of such
 * deletions, and a copy of an evicted one starts anew. */
static int64_t scattered_key(int i)
{
	/* keys in no order, so they collide in the map the way real ids can */
	uint64_t z = (uint64_t)i * 0x9e3779b97f4a7c15ull + 0x632be59bd9b4e019ull;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	return (int64_t)((z ^ (z >> 31)) >> 2);
}

static void test_fold_keys_follow_eviction(void)
{
	struct cluster_engine *e = cluster_engine_new(NULL);
	struct cluster_result r;
	struct cluster_article a;
	static char text[3000][400];
	int64_t t0 = 1394470370, step = 1200;   /* ~500 live: the key map half full */
	int i, folded = 0, copies = 0;
	for (i = 0; i < 3000; i++) {
		char title[32];
		snprintf(title, sizeof title, "Item %d", i);
		random_text(text[i], sizeof text[i], (uint32_t)i + 1, 60);
		a = art(scattered_key(i), title, text[i], t0 + i * step);
		cluster_engine_add(e, &a, &r);
		T_CHECK(r.kind != CLUSTER_FOLD);
		if (i >= 20 && i % 3 == 0) {
			a = art(scattered_key(100000 + i), "Copy", text[i - 20], t0 + i * step + 60);
			cluster_engine_add(e, &a, &r);
			copies++;
			folded += r.kind == CLUSTER_FOLD && r.duplicate_of == scattered_key(i - 20);
		}
	}
	T_CHECK(copies > 900 && folded == copies);
	a = art(scattered_key(200000), "Copy", text[0], t0 + 3000 * step);
	cluster_engine_add(e, &a, &r);
	T_CHECK(r.kind != CLUSTER_FOLD);
	cluster_engine_free(e);
}

int main(void)
{
	T_RUN(test_join_and_new);
	T_RUN(test_same_article_many_times);
	T_RUN(test_bad_input);
	T_RUN(test_replay);
	T_RUN(test_thread);
	T_RUN(test_thread_slow_stream);
	T_RUN(test_thread_young_story);
	T_RUN(test_merge_keeps_larger);
	T_RUN(test_fragment_merges);
	T_RUN(test_thread_evidence);
	T_RUN(test_headline_language);
	T_RUN(test_headline_source_language);
	T_RUN(test_member_link);
	T_RUN(test_fold_keys_follow_eviction);
	return t_done();
}
