/* test_fold — signatures, the fold rule, the LSH index. */
#include "t.h"
#include "fold/fold.h"
#include "text/lang.h"
#include "text/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A deterministic pseudo-article of n words from a 5,000-word vocabulary. */
static char *article(unsigned seed, int n)
{
	char *s = malloc((size_t)n * 12 + 1);
	size_t o = 0;
	unsigned x = seed * 2654435761u + 1;
	int i;
	for (i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		o += (size_t)snprintf(s + o, 12, "w%u ", (x >> 8) % 5000);
	}
	s[o] = 0;
	return s;
}

static void sig_of(const char *s, struct fold_sig *sig)
{
	struct text_tokens t;
	text_tokens_init(&t, 0);
	text_tokenize(&t, s, strlen(s));
	fold_signature(&t, TEXT_LANG_EN, sig);
	text_tokens_release(&t);
}

static void test_identical_and_different(void)
{
	char *a = article(1, 400), *b = article(2, 400);
	struct fold_sig sa, sa2, sb;
	sig_of(a, &sa);
	sig_of(a, &sa2);
	sig_of(b, &sb);
	T_CHECK(!sa.is_short && !sa.empty);
	T_CHECK(fold_jaccard(&sa, &sa2) == 1.0);
	T_CHECK(fold_jaccard(&sa, &sb) < 0.1);
	free(a);
	free(b);
}

static void test_index_variants(void)
{
	struct fold_index *ix = fold_index_new();
	struct fold_match m;
	struct fold_sig s;
	char *a = article(7, 400), *b = article(8, 400), *v;
	size_t la = strlen(a);
	sig_of(a, &s);
	fold_index_add(ix, 100, 0, &s);
	sig_of(b, &s);
	fold_find(ix, &s, &m);
	T_CHECK(m.key == -1);
	fold_index_add(ix, 200, 0, &s);
	/* boilerplate added at both ends */
	v = malloc(la + 4000);
	snprintf(v, la + 4000, "Subscribe now to read more Sign in Home World Business %s Share this "
		 "article Copyright 2024 All rights reserved Privacy policy Cookie settings", a);
	sig_of(v, &s);
	fold_find(ix, &s, &m);
	T_CHECK(m.key == 100);
	/* the last third cut */
	memcpy(v, a, la * 2 / 3);
	v[la * 2 / 3] = 0;
	sig_of(v, &s);
	fold_find(ix, &s, &m);
	T_CHECK(m.key == 100);
	T_CHECK(m.containment > 0.75);
	free(v);
	T_CHECK(fold_index_count(ix) == 2);
	T_CHECK(fold_index_bytes(ix) > 0);
	fold_index_free(ix);
	fold_index_free(NULL);
	free(a);
	free(b);
}

static void test_short_items(void)
{
	struct fold_index *ix = fold_index_new();
	struct fold_match m;
	struct fold_sig s;
	sig_of("Fed official says weak data caused by weather, should not slow taper", &s);
	T_CHECK(s.is_short);
	fold_index_add(ix, 1, 0, &s);
	sig_of("Fed official says weak data caused by weather, should not slow taper - Reuters", &s);
	fold_find(ix, &s, &m);
	T_CHECK(m.key == 1);
	sig_of("Fed's Charles Plosser sees high bar for change in pace of tapering", &s);
	fold_find(ix, &s, &m);
	T_CHECK(m.key == -1);
	sig_of("Hi", &s);
	T_CHECK(s.empty);
	fold_find(ix, &s, &m);
	T_CHECK(m.key == -1);
	fold_index_free(ix);
}

static void test_many_articles(void)
{
	struct fold_index *ix = fold_index_new();
	struct fold_match m;
	struct fold_sig s;
	unsigned i, false_folds = 0;
	for (i = 0; i < 2000; i++) {
		char *a = article(1000 + i, 120);
		sig_of(a, &s);
		fold_find(ix, &s, &m);
		false_folds += m.key >= 0;
		fold_index_add(ix, i, 0, &s);
		free(a);
	}
	T_CHECK(false_folds == 0);
	{
		char *a = article(1000 + 1234, 120);
		sig_of(a, &s);
		fold_find(ix, &s, &m);
		T_CHECK(m.key == 1234);
		free(a);
	}
	fold_index_free(ix);
}

/* The index never holds more than its cap: memory stops growing once the ring is full,
 * the oldest canonicals leave first, and the newest are still found. */
static void test_cap_bounds_memory(void)
{
	struct fold_index *ix = fold_index_new_limits(500, FOLD_WINDOW);
	struct fold_match m;
	struct fold_sig s;
	size_t bytes_full = 0;
	unsigned i;
	for (i = 0; i < 3000; i++) {
		char *a = article(5000 + i, 120);
		sig_of(a, &s);
		fold_index_add(ix, i, 1000 + i, &s);
		free(a);
		T_CHECK(fold_index_count(ix) <= 500);
		if (i == 999)
			bytes_full = fold_index_bytes(ix);
	}
	T_CHECK(fold_index_count(ix) == 500);
	T_CHECK(fold_index_bytes(ix) == bytes_full);   /* flat from 1,000 to 3,000 added */
	T_CHECK(bytes_full < 500 * 1024);
	{
		char *old = article(5000 + 10, 120), *recent = article(5000 + 2990, 120);
		sig_of(old, &s);
		fold_find(ix, &s, &m);
		T_CHECK(m.key == -1);   /* evicted */
		sig_of(recent, &s);
		fold_find(ix, &s, &m);
		T_CHECK(m.key == 2990);
		free(old);
		free(recent);
	}
	fold_index_free(ix);
}

/* Canonicals older than the window before the newest time leave; memory is bounded by the
 * articles of one window, not by the length of the stream. */
static void test_window_evicts(void)
{
	struct fold_index *ix = fold_index_new_limits(1u << 20, 3600);
	struct fold_match m;
	struct fold_sig s;
	size_t most = 0, bytes_mid = 0;
	unsigned i;
	for (i = 0; i < 4000; i++) {
		char *a = article(9000 + i, 120);
		sig_of(a, &s);
		fold_index_add(ix, i, (int64_t)i * 10, &s);   /* 361 canonicals per window */
		free(a);
		if (fold_index_count(ix) > most)
			most = fold_index_count(ix);
		if (i == 1999)
			bytes_mid = fold_index_bytes(ix);
	}
	T_CHECK(most == 361);
	T_CHECK(fold_index_count(ix) == 361);
	T_CHECK(fold_index_bytes(ix) == bytes_mid);
	{
		char *old = article(9000 + 3000, 120), *recent = article(9000 + 3700, 120);
		sig_of(old, &s);
		fold_find(ix, &s, &m);
		T_CHECK(m.key == -1);
		sig_of(recent, &s);
		fold_find(ix, &s, &m);
		T_CHECK(m.key == 3700);
		free(old);
		free(recent);
	}
	/* an article dated long before the clock is indexed, then leaves first in its turn */
	{
		char *a = article(777, 120);
		sig_of(a, &s);
		fold_index_add(ix, 99999, -5, &s);
		fold_find(ix, &s, &m);
		T_CHECK(m.key == 99999);
		free(a);
	}
	fold_index_free(ix);
}

int main(void)
{
	T_RUN(test_identical_and_different);
	T_RUN(test_index_variants);
	T_RUN(test_short_items);
	T_RUN(test_many_articles);
	T_RUN(test_cap_bounds_memory);
	T_RUN(test_window_evicts);
	return t_done();
}
