/*
 * vocab.c — two hash tables. The stem cache is direct-mapped (a miss just recomputes, so
 * results never depend on what was evicted), keyed by the token's text hash (the one fold
 * uses too, text_hash_tokens) mixed with the language. The df table is open addressing keyed
 * by the term hash, doubling at 50% load up to VOCAB_MAX. Both are larger than the first-
 * level caches and every article touches hundreds of random slots, so the batch forms
 * (vocab_terms, vocab_idfs) request the slots of the next items while deciding this one.
 */
#include "cluster/vocab.h"
#include "text/lang.h"
#include "text/text.h"
#include "util/util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#define XXH_INLINE_ALL   /* the same functions, inlined: called for every token */
#include <xxhash.h>

#define CACHE_BITS 16
#define AHEAD 16   /* items whose slots are requested ahead in the batch forms */

struct cache_slot {
	uint64_t h;
	uint32_t term;
};

struct df_slot {
	uint32_t term, df;
};

/* idf memo: (term, ndocs) decides the value, since df only changes when ndocs does; an
 * article and its candidate stories ask for the same terms many times between two
 * documents. A hit returns the very float a computation would. */
#define IDF_MEMO_BITS 12
struct idf_slot {
	uint64_t ndocs;
	uint32_t term;
	float idf;
};

/* idf by document frequency for the current ndocs: the terms of one article share few
 * distinct small df values, so most of its idf values need no logarithm. Same formula, same
 * inputs, the very same float. */
#define DF_MEMO 1024
struct df_memo {
	uint64_t ndocs;   /* + 1, as in idf_slot */
	float idf;
};

struct vocab {
	struct text_stemmer *stem;
	struct cache_slot *cache;
	struct df_slot *df;
	size_t ndf, cdf;     /* used, capacity (power of two) */
	uint64_t ndocs;
	struct idf_slot *memo;
	struct df_memo *dfm;   /* DF_MEMO entries, indexed by df */
};

struct vocab *vocab_new(void)
{
	struct vocab *v = xcalloc(1, sizeof *v);
	v->stem = text_stemmer_new();
	v->cache = xcalloc((size_t)1 << CACHE_BITS, sizeof *v->cache);
	v->cdf = 1024;
	v->df = xcalloc(v->cdf, sizeof *v->df);
	v->memo = xcalloc((size_t)1 << IDF_MEMO_BITS, sizeof *v->memo);
	v->dfm = xcalloc(DF_MEMO, sizeof *v->dfm);
	return v;
}

void vocab_free(struct vocab *v)
{
	if (!v)
		return;
	text_stemmer_free(v->stem);
	free(v->cache);
	free(v->df);
	free(v->memo);
	free(v->dfm);
	free(v);
}

static int keep_token(const char *w, size_t n, int flags)
{
	if (flags & TEXT_F_GRAM)
		return 1;
	if (flags & TEXT_F_NUM)
		return n >= 3;
	return n >= 2 || (unsigned char)w[0] >= 0x80;
}

/* The cache key of a token (text hash h) in a language; never 0 (0 marks an empty slot). */
static inline uint64_t cache_key(uint64_t h, int lang)
{
	return util_mix64(h ^ ((uint64_t)(unsigned)lang * 0x9e3779b97f4a7c15ULL)) | 1;
}

static inline struct cache_slot *cache_slot(const struct vocab *v, uint64_t key)
{
	return &v->cache[key & (((size_t)1 << CACHE_BITS) - 1)];
}

static uint32_t term_hashed(struct vocab *v, int lang, uint64_t h, const char *w, size_t n,
			    int flags)
{
	uint64_t key;
	struct cache_slot *c;
	const char *s;
	size_t sn;
	uint32_t term;
	if (!keep_token(w, n, flags))
		return 0;
	key = cache_key(h, lang);
	c = cache_slot(v, key);
	if (c->h == key)
		return c->term;
	if (text_is_stop(lang, w, n)) {
		term = 0;
	} else {
		s = (flags & TEXT_F_GRAM) ? w : text_stem(v->stem, lang, w, n, &sn);
		if (flags & TEXT_F_GRAM)
			sn = n;
		term = (uint32_t)XXH3_64bits(s, sn);
		if (term == 0)
			term = 1;
	}
	c->h = key;
	c->term = term;
	return term;
}

uint32_t vocab_term(struct vocab *v, int lang, const char *w, size_t n, int flags)
{
	return term_hashed(v, lang, XXH3_64bits(w, n), w, n, flags);
}

void vocab_terms(struct vocab *v, int lang, const struct text_tokens *t, const uint64_t *h,
		 size_t n, uint32_t *term)
{
	size_t i;
	for (i = 0; i < n && i < AHEAD; i++)
		__builtin_prefetch(cache_slot(v, cache_key(h[i], lang)));
	for (i = 0; i < n; i++) {
		if (i + AHEAD < n)
			__builtin_prefetch(cache_slot(v, cache_key(h[i + AHEAD], lang)));
		term[i] = term_hashed(v, lang, h[i], text_tok_str(t, i), t->tok[i].len,
				      t->tok[i].flags);
	}
}

static inline size_t df_home(const struct vocab *v, uint32_t term)
{
	return (term * 2654435761u) & (v->cdf - 1);
}

static struct df_slot *df_find(const struct vocab *v, uint32_t term)
{
	size_t i = df_home(v, term);
	while (v->df[i].term && v->df[i].term != term)
		i = (i + 1) & (v->cdf - 1);
	return &v->df[i];
}

float vocab_idf(const struct vocab *v, uint32_t term)
{
	struct idf_slot *m = &v->memo[(term * 2654435761u) >> (32 - IDF_MEMO_BITS)];
	const struct df_slot *s;
	double df;
	if (m->term == term && m->ndocs == v->ndocs + 1)
		return m->idf;
	s = df_find(v, term);
	df = s->term ? s->df : 0;
	m->term = term;
	m->ndocs = v->ndocs + 1;   /* + 1: a zeroed slot never matches */
	if (df < DF_MEMO && v->dfm[(size_t)df].ndocs == v->ndocs + 1) {
		m->idf = v->dfm[(size_t)df].idf;
		return m->idf;
	}
	m->idf = (float)(log(((double)v->ndocs + 1) / (df + 1)) + 1);
	if (df < DF_MEMO) {
		v->dfm[(size_t)df].ndocs = v->ndocs + 1;
		v->dfm[(size_t)df].idf = m->idf;
	}
	return m->idf;
}

void vocab_idfs(const struct vocab *v, const uint32_t *terms, size_t n, float *idf)
{
	size_t i;
	for (i = 0; i < n && i < AHEAD; i++)
		__builtin_prefetch(&v->df[df_home(v, terms[i])]);
	for (i = 0; i < n; i++) {
		if (i + AHEAD < n)
			__builtin_prefetch(&v->df[df_home(v, terms[i + AHEAD])]);
		idf[i] = vocab_idf(v, terms[i]);
	}
}

static void df_grow(struct vocab *v)
{
	struct df_slot *old = v->df;
	size_t i, oc = v->cdf;
	v->cdf *= 2;
	v->df = xcalloc(v->cdf, sizeof *v->df);
	for (i = 0; i < oc; i++)
		if (old[i].term)
			*df_find(v, old[i].term) = old[i];
	free(old);
}

void vocab_add_doc(struct vocab *v, const uint32_t *terms, size_t n)
{
	size_t i;
	v->ndocs++;
	for (i = 0; i < n; i++) {
		struct df_slot *s = df_find(v, terms[i]);
		if (!s->term) {
			if (v->ndf >= VOCAB_MAX)
				continue;
			if ((v->ndf + 1) * 2 > v->cdf) {
				df_grow(v);
				s = df_find(v, terms[i]);
			}
			s->term = terms[i];
			v->ndf++;
		}
		s->df++;
	}
}

size_t vocab_bytes(const struct vocab *v)
{
	return sizeof *v + v->cdf * sizeof *v->df + ((size_t)1 << CACHE_BITS) * sizeof *v->cache +
	       ((size_t)1 << IDF_MEMO_BITS) * sizeof *v->memo + DF_MEMO * sizeof *v->dfm;
}
