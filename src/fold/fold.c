/*
 * fold.c — signatures and the LSH index. Each token is hashed once (xxh3); a shingle hash
 * mixes FOLD_SHINGLE consecutive token hashes; its top 6 bits choose a bin, the rest
 * competes for the bin's minimum (one-permutation hashing: O(tokens + K), not O(tokens*K)).
 * Empty bins borrow from a pseudo-randomly probed full bin (optimal densification,
 * Shrivastava 2017), so short texts still give unbiased estimates. Bins keep a 16-bit hash
 * of their 64-bit minimum: unrelated bins collide with probability 2^-16.
 *
 * The index is a chained hash multimap from band key (32 bits: two 16-bit bins, salted by
 * band number and kind) to item number; chains are newest first and walked at most
 * CHAIN_CAP entries, so a band shared by many articles (a template) costs a bounded amount.
 */
#include "fold/fold.h"
#include "text/lang.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#define CHAIN_CAP 48
#define CAND_CAP 64

static inline uint64_t fmix64(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	k *= 0xc4ceb9fe1a85ec53ULL;
	k ^= k >> 33;
	return k;
}

static inline uint64_t rotl64(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

static void sig_densify(uint64_t *mins, struct fold_sig *sig)
{
	int i, full = 0;
	for (i = 0; i < FOLD_K; i++)
		full += mins[i] != UINT64_MAX;
	sig->empty = full == 0;
	for (i = 0; i < FOLD_K; i++) {
		uint64_t v = mins[i];
		uint32_t a;
		for (a = 1; v == UINT64_MAX && full; a++) {
			uint64_t j = fmix64(((uint64_t)i << 32) | a) & (FOLD_K - 1);
			v = mins[j];
			if (v != UINT64_MAX)
				v = fmix64(v ^ (uint64_t)i);   /* borrowed: keep bins distinct */
		}
		sig->min[i] = full ? (uint16_t)(fmix64(v) >> 48) : 0;
	}
}

static inline void sig_put(uint64_t *mins, uint64_t h)
{
	unsigned b = (unsigned)(h >> 58);
	uint64_t v = h & 0x03ffffffffffffffULL;
	if (v < mins[b])
		mins[b] = v;
}

static void sig_long(const struct text_tokens *t, uint64_t *mins, struct fold_sig *sig)
{
	uint64_t h[FOLD_SHINGLE];
	size_t i;
	for (i = 0; i < t->n; i++) {
		h[i % FOLD_SHINGLE] = XXH3_64bits(text_tok_str(t, i), t->tok[i].len);
		if (i + 1 >= FOLD_SHINGLE) {
			uint64_t s = 0;
			int k;
			/* order matters: position k of the shingle gets its own rotation */
			for (k = 0; k < FOLD_SHINGLE; k++)
				s += rotl64(h[(i + 1 + (size_t)k) % FOLD_SHINGLE], 13 * k + 1) * (2 * (uint64_t)k + 0x9e3779b97f4a7c15ULL);
			sig_put(mins, fmix64(s));
		}
	}
	sig->size = t->n >= FOLD_SHINGLE ? (uint32_t)(t->n - FOLD_SHINGLE + 1) : 0;
}

static size_t content_words(const struct text_tokens *t, int lang, size_t stop_at)
{
	size_t i, n = 0;
	for (i = 0; i < t->n && n < stop_at; i++)
		if (!text_is_stop(lang, text_tok_str(t, i), t->tok[i].len))
			n++;
	return n;
}

static void sig_short(const struct text_tokens *t, int lang, uint64_t *mins, struct fold_sig *sig)
{
	size_t i;
	uint32_t n = 0;
	for (i = 0; i < t->n; i++) {
		if (text_is_stop(lang, text_tok_str(t, i), t->tok[i].len))
			continue;
		sig_put(mins, fmix64(XXH3_64bits(text_tok_str(t, i), t->tok[i].len) ^ 0x5bd1e995ULL));
		n++;
	}
	sig->size = n;
}

void fold_signature(const struct text_tokens *t, int lang, struct fold_sig *sig)
{
	uint64_t mins[FOLD_K];
	memset(mins, 0xff, sizeof mins);
	memset(sig, 0, sizeof *sig);
	sig->is_short = content_words(t, lang, FOLD_SHORT_TOKENS) < FOLD_SHORT_TOKENS;
	if (sig->is_short)
		sig_short(t, lang, mins, sig);
	else
		sig_long(t, mins, sig);
	sig_densify(mins, sig);
	if (sig->is_short && sig->size < 4)
		sig->empty = 1;
}

double fold_jaccard(const struct fold_sig *a, const struct fold_sig *b)
{
	int i, same = 0;
	if (a->empty || b->empty || a->is_short != b->is_short)
		return 0;
	for (i = 0; i < FOLD_K; i++)
		same += a->min[i] == b->min[i];
	return (double)same / FOLD_K;
}

/* ---- the index ---- */

struct fold_item {
	int64_t key;
	struct fold_sig sig;
};

struct fold_entry {
	uint32_t item, next;   /* the band key is recomputed from the item's signature */
};

struct fold_index {
	struct fold_item *items;
	size_t nitems, citems;
	struct fold_entry *ent;
	size_t nent, cent;
	uint32_t *heads;      /* 1-based entry index, 0 = empty */
	size_t nheads;        /* power of two */
};

struct fold_index *fold_index_new(void)
{
	struct fold_index *ix = xcalloc(1, sizeof *ix);
	ix->nheads = 1024;
	ix->heads = xcalloc(ix->nheads, sizeof *ix->heads);
	return ix;
}

void fold_index_free(struct fold_index *ix)
{
	if (!ix)
		return;
	free(ix->items);
	free(ix->ent);
	free(ix->heads);
	free(ix);
}

static uint32_t band_key(const struct fold_sig *sig, int b)
{
	uint32_t k = ((uint32_t)sig->min[b * FOLD_ROWS] << 16) | sig->min[b * FOLD_ROWS + 1];
	return (uint32_t)fmix64(((uint64_t)k << 8) ^ ((uint64_t)b << 1) ^ sig->is_short);
}

static void heads_grow(struct fold_index *ix)
{
	size_t i;
	free(ix->heads);
	ix->nheads *= 2;
	ix->heads = xcalloc(ix->nheads, sizeof *ix->heads);
	/* re-chain oldest first so chains stay newest first; entries are added FOLD_BANDS per
	 * item in band order, so entry i is band i % FOLD_BANDS */
	for (i = 0; i < ix->nent; i++) {
		size_t h = band_key(&ix->items[ix->ent[i].item].sig, (int)(i % FOLD_BANDS)) & (ix->nheads - 1);
		ix->ent[i].next = ix->heads[h];
		ix->heads[h] = (uint32_t)(i + 1);
	}
}

/* Grow by a quarter, not double: these arrays are most of the index's memory. */
static void grow_slow(void **arr, size_t *cap, size_t need, size_t sz)
{
	size_t ncap = *cap;
	if (need <= ncap)
		return;
	while (ncap < need)
		ncap += ncap / 4 + 1024;
	*arr = xrealloc(*arr, ncap * sz);
	*cap = ncap;
}

void fold_index_add(struct fold_index *ix, int64_t key, const struct fold_sig *sig)
{
	int b;
	if (sig->empty)
		return;
	grow_slow((void **)&ix->items, &ix->citems, ix->nitems + 1, sizeof *ix->items);
	ix->items[ix->nitems].key = key;
	ix->items[ix->nitems].sig = *sig;
	if (ix->nent + FOLD_BANDS > 2 * ix->nheads)
		heads_grow(ix);
	grow_slow((void **)&ix->ent, &ix->cent, ix->nent + FOLD_BANDS, sizeof *ix->ent);
	for (b = 0; b < FOLD_BANDS; b++) {
		struct fold_entry *e = &ix->ent[ix->nent];
		size_t h;
		e->item = (uint32_t)ix->nitems;
		h = band_key(sig, b) & (ix->nheads - 1);
		e->next = ix->heads[h];
		ix->heads[h] = (uint32_t)(++ix->nent);
	}
	ix->nitems++;
}

static int sig_folds(const struct fold_sig *a, const struct fold_sig *b, struct fold_match *m)
{
	double j = fold_jaccard(a, b), inter, small;
	if (a->is_short) {
		m->jaccard = j;
		m->containment = j;
		return j >= 0.8;
	}
	inter = j / (1 + j) * ((double)a->size + b->size);
	small = a->size < b->size ? a->size : b->size;
	m->jaccard = j;
	m->containment = small > 0 ? inter / small : 0;
	if (m->containment > 1)
		m->containment = 1;
	return j >= 0.45 || (m->containment >= 0.75 && j >= 0.25);
}

static int seen_before(const uint32_t *seen, size_t n, uint32_t item)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (seen[i] == item)
			return 1;
	return 0;
}

void fold_find(struct fold_index *ix, const struct fold_sig *sig, struct fold_match *m)
{
	uint32_t seen[CAND_CAP];
	size_t nseen = 0;
	int b;
	m->key = -1;
	m->jaccard = m->containment = 0;
	if (sig->empty)
		return;
	for (b = 0; b < FOLD_BANDS && nseen < CAND_CAP; b++) {
		uint32_t k = band_key(sig, b), e = ix->heads[k & (ix->nheads - 1)];
		int walked = 0;
		for (; e && walked < CHAIN_CAP && nseen < CAND_CAP; e = ix->ent[e - 1].next, walked++) {
			const struct fold_entry *en = &ix->ent[e - 1];
			struct fold_match cur;
			if (seen_before(seen, nseen, en->item) || band_key(&ix->items[en->item].sig, b) != k)
				continue;
			seen[nseen++] = en->item;
			if (!sig_folds(sig, &ix->items[en->item].sig, &cur))
				continue;
			/* best similarity wins; on a tie the earlier (smaller item) canonical */
			if (m->key < 0 || cur.jaccard > m->jaccard ||
			    (cur.jaccard == m->jaccard && ix->items[en->item].key < m->key)) {
				*m = cur;
				m->key = ix->items[en->item].key;
			}
		}
	}
}

size_t fold_index_count(const struct fold_index *ix)
{
	return ix->nitems;
}

size_t fold_index_bytes(const struct fold_index *ix)
{
	return ix->citems * sizeof *ix->items + ix->cent * sizeof *ix->ent +
	       ix->nheads * sizeof *ix->heads + sizeof *ix;
}
