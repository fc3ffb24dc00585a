/*
 * gen_stream.c — a deterministic synthetic news stream for the clustering benchmark.
 *
 * usage: gen_stream N [SEED] > stream.jsonl
 * Writes N JSON lines {"id","title","text","source","published"} of about 400 words each.
 * Words come from a 50,000-word Zipf vocabulary of pseudo-words; each article belongs to a
 * story (a new story every ~6 articles, alive for ~1.5 days of stream time) whose 30 topic
 * words and 3 capitalized names are mixed into its text; 10% of articles are syndicated
 * copies of an earlier article (boilerplate added, a paragraph cut or the lead edited).
 * Time advances ~8.6 s per article (200,000 articles ≈ 20 days). Same N and SEED, same bytes.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VOCAB 50000
#define TOPIC 30
#define LIVE 64
#define WORDS 400

static uint64_t rng = 88172645463325252ULL;
static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static char words[VOCAB][12];
static double cdf[VOCAB];

static void make_vocab(void)
{
	static const char *syl[] = { "ka", "lo", "mi", "ne", "ru", "sa", "te", "vo", "zi", "an", "er",
				     "in", "or", "ul", "ba", "de", "fi", "go", "hu", "je" };
	double sum = 0;
	int i;
	for (i = 0; i < VOCAB; i++) {
		int n = 2 + (int)(next() % 3), k;
		for (k = 0; k < n; k++)
			memcpy(words[i] + 2 * k, syl[next() % 20], 3);
		sum += 1.0 / (i + 1);
		cdf[i] = sum;
	}
	for (i = 0; i < VOCAB; i++)
		cdf[i] /= sum;
}

static int zipf(void)
{
	double u = (double)(next() >> 11) / 9007199254740992.0;
	int lo = 0, hi = VOCAB - 1;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (cdf[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

struct story {
	int topic[TOPIC];
	int names[3];
	long born;
};

struct art {
	char *title, *text;
};

#define KEEP 512
static struct art recent[KEEP];

static void cap_name(char *out, size_t n, int w)
{
	snprintf(out, n, "%s", words[w]);
	out[0] = (char)(out[0] - 32);
}

static char *gen_text(const struct story *s, size_t *len)
{
	size_t cap = WORDS * 16, o = 0;
	char *t = malloc(cap), name[16];
	int i;
	for (i = 0; i < WORDS; i++) {
		uint64_t r = next() % 100;
		const char *w;
		if (r < 25) {
			w = words[s->topic[next() % TOPIC]];
		} else if (r < 30) {
			cap_name(name, sizeof name, s->names[next() % 3]);
			w = name;
		} else {
			w = words[zipf()];
		}
		o += (size_t)snprintf(t + o, cap - o, "%s%s", w, (i % 60 == 59) ? ".\\n\\n" : (i % 15 == 14 ? ". " : " "));
	}
	t[o] = 0;
	*len = o;
	return t;
}

static void new_story(struct story *s, long i)
{
	int k;
	for (k = 0; k < TOPIC; k++)
		s->topic[k] = 200 + (int)(next() % (VOCAB - 200));
	for (k = 0; k < 3; k++)
		s->names[k] = 200 + (int)(next() % (VOCAB - 200));
	s->born = i;
}

static void copy_variant(const struct art *a, char **title, char **text)
{
	size_t n = strlen(a->text);
	char *t = malloc(n + 256);
	switch (next() % 3) {
	case 0:   /* boilerplate */
		snprintf(t, n + 256, "Subscribe Sign in Home World Business. %s Share this article. All rights reserved.", a->text);
		break;
	case 1:   /* cut the last fifth */
		memcpy(t, a->text, n * 4 / 5);
		t[n * 4 / 5] = 0;
		break;
	default:  /* edited lead */
		snprintf(t, n + 256, "UPDATED: officials said on Monday %s", a->text + (n > 200 ? 120 : 0));
		break;
	}
	*title = strdup(a->title);
	*text = t;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 200000, i;
	struct story live[LIVE];
	int64_t t = 1700000000000LL;
	int k;
	if (argc > 2)
		rng ^= (uint64_t)atol(argv[2]) * 0x9e3779b97f4a7c15ULL;
	make_vocab();
	for (k = 0; k < LIVE; k++)
		new_story(&live[k], 0);
	for (i = 0; i < n; i++) {
		char *title, *text, name[16];
		size_t len;
		t += 6000 + (int64_t)(next() % 5000);
		if (next() % 6 == 0)   /* a new story replaces the oldest-born slot */
			new_story(&live[next() % LIVE], i);
		long j = i - 1 - (long)(next() % 10);
		if (i > 10 && next() % 10 == 0 && recent[j % KEEP].text) {
			copy_variant(&recent[j % KEEP], &title, &text);
		} else {
			struct story *s = &live[next() % LIVE];
			size_t tl = 0, cap = 200;
			title = malloc(cap);
			cap_name(name, sizeof name, s->names[0]);
			tl += (size_t)snprintf(title + tl, cap - tl, "%s %s %s %s", name, words[s->topic[0]],
					       words[s->topic[next() % TOPIC]], words[zipf()]);
			text = gen_text(s, &len);
		}
		printf("{\"id\":%ld,\"title\":\"%s\",\"text\":\"%s\",\"source\":\"outlet%d\",\"published\":%lld}\n",
		       i, title, text, (int)(next() % 300), (long long)t);
		free(recent[i % KEEP].title);
		free(recent[i % KEEP].text);
		recent[i % KEEP].title = title;
		recent[i % KEEP].text = text;
	}
	for (k = 0; k < KEEP; k++) {
		free(recent[k].title);
		free(recent[k].text);
	}
	return 0;
}
