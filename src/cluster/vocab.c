/*
 * vocab.c — two hash tables. The stem cache is direct-mapped (a miss just recomputes, so
 * results never depend on what was evicted). The df table is open addressing keyed by the
 * term hash, doubling at 50% load up to VOCAB_MAX.
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

struct vocab {
	struct text_stemmer *stem;
	struct cache_slot *cache;
	struct df_slot *df;
	size_t ndf, cdf;     /* used, capacity (power of two) */
	uint64_t ndocs;
	struct idf_slot *memo;
};

struct vocab *vocab_new(void)
{
	struct vocab *v = xcalloc(1, sizeof *v);
	v->stem = text_stemmer_new();
	v->cache = xcalloc((size_t)1 << CACHE_BITS, sizeof *v->cache);
	v->cdf = 1024;
	v->df = xcalloc(v->cdf, sizeof *v->df);
	v->memo = xcalloc((size_t)1 << IDF_MEMO_BITS, sizeof *v->memo);
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

uint32_t vocab_term(struct vocab *v, int lang, const char *w, size_t n, int flags)
{
	uint64_t h;
	struct cache_slot *c;
	const char *s;
	size_t sn;
	uint32_t term;
	if (!keep_token(w, n, flags))
		return 0;
	h = XXH3_64bits_withSeed(w, n, (uint64_t)lang) | 1;
	c = &v->cache[h & (((size_t)1 << CACHE_BITS) - 1)];
	if (c->h == h)
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
	c->h = h;
	c->term = term;
	return term;
}

static struct df_slot *df_find(const struct vocab *v, uint32_t term)
{
	size_t i = (term * 2654435761u) & (v->cdf - 1);
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
	m->idf = (float)(log(((double)v->ndocs + 1) / (df + 1)) + 1);
	return m->idf;
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
	       ((size_t)1 << IDF_MEMO_BITS) * sizeof *v->memo;
}
