/* test_vocab — cluster terms: the cache never changes a term, the batch forms equal the
 * single ones. */
#include "t.h"
#include "cluster/vocab.h"
#include "text/lang.h"
#include "text/text.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every word of 1 to 3 letters a..z. */
static size_t short_words(char (*w)[4])
{
	size_t n = 0;
	int a, b, c;
	for (a = 0; a < 26; a++) {
		w[n][0] = (char)('a' + a), w[n][1] = 0, n++;
		for (b = 0; b < 26; b++) {
			w[n][0] = (char)('a' + a), w[n][1] = (char)('a' + b), w[n][2] = 0, n++;
			for (c = 0; c < 26; c++) {
				w[n][0] = (char)('a' + a), w[n][1] = (char)('a' + b);
				w[n][2] = (char)('a' + c), w[n][3] = 0, n++;
			}
		}
	}
	return n;
}

/* One vocab asked for short words in three languages in turn gives each word the term a
 * vocab used for that language alone gives: the stem cache is keyed by word and language,
 * and words of two languages never share an entry (a cache keyed by a hash seeded with the
 * language number once mixed up 3-letter words of two languages). */
static void test_cache_keeps_languages_apart(void)
{
	static char w[26 + 26 * 26 + 26 * 26 * 26][4];
	static const int langs[] = { TEXT_LANG_NONE, TEXT_LANG_EN, TEXT_LANG_FR };
	size_t n = short_words(w), i, bad = 0;
	struct vocab *mixed = vocab_new(), *alone[3];
	int l;
	for (l = 0; l < 3; l++)
		alone[l] = vocab_new();
	for (i = 0; i < n; i++)
		for (l = 0; l < 3; l++) {
			size_t len = strlen(w[i]);
			uint32_t a = vocab_term(mixed, langs[l], w[i], len, 0);
			uint32_t b = vocab_term(alone[l], langs[l], w[i], len, 0);
			if (a != b && bad++ < 3)
				printf("  '%s' lang %d: %u, alone %u\n", w[i], langs[l], a, b);
		}
	/* and again, now that the cache holds every word */
	for (i = 0; i < n; i++)
		for (l = 0; l < 3; l++) {
			size_t len = strlen(w[i]);
			if (vocab_term(mixed, langs[l], w[i], len, 0) !=
			    vocab_term(alone[l], langs[l], w[i], len, 0))
				bad++;
		}
	T_CHECK(bad == 0);
	vocab_free(mixed);
	for (l = 0; l < 3; l++)
		vocab_free(alone[l]);
}

static void test_batch_equals_single(void)
{
	const char *s = "The talks resumed in Geneva on Monday; talking, talked: 3.5% of 1,000 "
			"delegates' votes. L'économie française, 東京の会議, Ölpreise steigen, GM recalls.";
	struct text_tokens t;
	struct vocab *a = vocab_new(), *b = vocab_new();
	uint64_t *h;
	uint32_t *terms, tt[4];
	float idf[4];
	size_t i;
	int lang;
	text_tokens_init(&t, 0);
	text_tokenize(&t, s, strlen(s));
	T_REQUIRE(t.n > 20);
	h = malloc(t.n * sizeof *h);
	terms = malloc(t.n * sizeof *terms);
	text_hash_tokens(&t, 0, t.n, h);
	for (lang = TEXT_LANG_NONE; lang <= TEXT_LANG_DE; lang++) {
		vocab_terms(a, lang, &t, h, t.n, terms);
		for (i = 0; i < t.n; i++)
			T_CHECK(terms[i] == vocab_term(b, lang, text_tok_str(&t, i), t.tok[i].len,
						      t.tok[i].flags));
	}
	/* idf: batch and single agree, before and after documents are counted */
	tt[0] = terms[1], tt[1] = terms[4], tt[2] = 12345, tt[3] = terms[1];
	for (i = 0; i < 3; i++) {
		size_t k;
		vocab_idfs(a, tt, 4, idf);
		for (k = 0; k < 4; k++)
			T_CHECK(idf[k] == vocab_idf(b, tt[k]));
		vocab_add_doc(a, tt, 2);
		vocab_add_doc(b, tt, 2);
	}
	T_CHECK(vocab_idf(a, tt[0]) < vocab_idf(a, 12345));
	free(h);
	free(terms);
	text_tokens_release(&t);
	vocab_free(a);
	vocab_free(b);
}

int main(void)
{
	T_RUN(test_cache_keeps_languages_apart);
	T_RUN(test_batch_equals_single);
	return t_done();
}
