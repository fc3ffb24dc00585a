/*
 * fold.c — signatures and the LSH index. Each token is hashed once (xxh3, text_hash_tokens,
 * shared with the cluster terms); a shingle hash mixes FOLD_SHINGLE consecutive token
 * hashes; its top 6 bits choose a bin, the rest competes for the bin's minimum
 * (one-permutation hashing: O(tokens + K), not O(tokens*K)).
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

#define CHAIN_CAP 48
#define CAND_CAP 64

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
			uint64_t j = util_mix64(((uint64_t)i << 32) | a) & (FOLD_K - 1);
			v = mins[j];
			if (v != UINT64_MAX)
				v = util_mix64(v ^ (uint64_t)i);   /* borrowed: keep bins distinct */
		}
		sig->min[i] = full ? (uint16_t)(util_mix64(v) >> 48) : 0;
	}
}

static inline void sig_put(uint64_t *mins, uint64_t h)
{
	unsigned b = (unsigned)(h >> 58);
	uint64_t v = h & 0x03ffffffffffffffULL;
	if (v < mins[b])
		mins[b] = v;
}

static void sig_long(const struct text_tokens *t, const uint64_t *th, uint64_t *mins,
		     struct fold_sig *sig)
{
	uint64_t h[FOLD_SHINGLE];
	size_t i;
	for (i = 0; i < t->n; i++) {
		h[i % FOLD_SHINGLE] = th[i];
		if (i + 1 >= FOLD_SHINGLE) {
			uint64_t s = 0;
			int k;
			/* order matters: position k of the shingle gets its own rotation */
			for (k = 0; k < FOLD_SHINGLE; k++)
				s += rotl64(h[(i + 1 + (size_t)k) % FOLD_SHINGLE], 13 * k + 1) * (2 * (uint64_t)k + 0x9e3779b97f4a7c15ULL);
			sig_put(mins, util_mix64(s));
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

static void sig_short(const struct text_tokens *t, const uint64_t *th, int lang, uint64_t *mins,
		      struct fold_sig *sig)
{
	size_t i;
	uint32_t n = 0;
	for (i = 0; i < t->n; i++) {
		if (text_is_stop(lang, text_tok_str(t, i), t->tok[i].len))
			continue;
		sig_put(mins, util_mix64(th[i] ^ 0x5bd1e995ULL));
		n++;
	}
	sig->size = n;
}

void fold_signature_hashed(const struct text_tokens *t, const uint64_t *h, int lang,
			   struct fold_sig *sig)
{
	uint64_t mins[FOLD_K];
	memset(mins, 0xff, sizeof mins);
	memset(sig, 0, sizeof *sig);
	sig->is_short = content_words(t, lang, FOLD_SHORT_TOKENS) < FOLD_SHORT_TOKENS;
	if (sig->is_short)
		sig_short(t, h, lang, mins, sig);
	else
		sig_long(t, h, mins, sig);
	sig_densify(mins, sig);
	if (sig->is_short && sig->size < 4)
		sig->empty = 1;
}

void fold_signature(const struct text_tokens *t, int lang, struct fold_sig *sig)
{
	uint64_t *h = xmalloc((t->n ? t->n : 1) * sizeof *h);
	text_hash_tokens(t, 0, t->n, h);
	fold_signature_hashed(t, h, lang, sig);
	free(h);
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
	int64_t time;
	struct fold_sig sig;
};

/* Entry b of item g is ent[(g % citems) * FOLD_BANDS + b]: the item and band follow from the
 * position, so an entry holds only its chain link and its band's two bins (the tag). */
struct fold_entry {
	uint32_t next;   /* older entry in the same bucket: global entry number + 1, 0 = none */
	uint32_t tag;
};

struct fold_index {
	struct fold_item *items;   /* a ring: item g at g % citems; grows (up to cap) only when
				    * the live items fill it */
	struct fold_entry *ent;
	size_t citems;
	size_t cap;
	int64_t window, clock;
	uint64_t first, next;      /* global item numbers of the live items: [first, next) */
	uint32_t *heads;           /* a bucket's newest entry: global entry number + 1, 0 = empty */
	size_t nheads;             /* power of two */
	void (*on_evict)(void *ctx, int64_t key);
	void *evict_ctx;
};

struct fold_index *fold_index_new_limits(size_t cap, int64_t window)
{
	struct fold_index *ix = xcalloc(1, sizeof *ix);
	if (cap < 1)
		cap = 1;
	if (cap > FOLD_INDEX_MAX)
		cap = FOLD_INDEX_MAX;
	ix->cap = cap;
	ix->window = window < 0 ? 0 : window;
	ix->clock = INT64_MIN;
	ix->nheads = 1024;
	ix->heads = xcalloc(ix->nheads, sizeof *ix->heads);
	return ix;
}

struct fold_index *fold_index_new(void)
{
	return fold_index_new_limits(FOLD_INDEX_CAP, FOLD_WINDOW);
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

static inline uint32_t band_tag(const struct fold_sig *sig, int b)
{
	return ((uint32_t)sig->min[b * FOLD_ROWS] << 16) | sig->min[b * FOLD_ROWS + 1];
}

static inline uint32_t band_key(const struct fold_sig *sig, int b)
{
	return (uint32_t)util_mix64(((uint64_t)band_tag(sig, b) << 8) ^ ((uint64_t)b << 1) ^ sig->is_short);
}

static inline struct fold_item *item_at(const struct fold_index *ix, uint64_t g)
{
	return &ix->items[g % ix->citems];
}

static inline struct fold_entry *entry_at(const struct fold_index *ix, uint64_t e)
{
	return &ix->ent[(e / FOLD_BANDS) % ix->citems * FOLD_BANDS + e % FOLD_BANDS];
}

/* A stored link (global entry number + 1, truncated to 32 bits) back to a live entry
 * number; 0 when it names none or an evicted entry. Links are only ever stored to entries
 * live at the time, and heads to evicted entries are cleared, so a link is never older
 * than 2 * cap * FOLD_BANDS < 2^32 entries and the truncation is exact. */
static inline uint64_t link_live(const struct fold_index *ix, uint32_t v)
{
	uint64_t top = ix->next * FOLD_BANDS, age;
	if (!v)
		return 0;
	age = (uint32_t)((uint32_t)top - (v - 1));
	if (age == 0 || age > (ix->next - ix->first) * FOLD_BANDS)
		return 0;
	return top - age + 1;
}

static void heads_grow(struct fold_index *ix)
{
	uint64_t g;
	int b;
	free(ix->heads);
	ix->nheads *= 2;
	ix->heads = xcalloc(ix->nheads, sizeof *ix->heads);
	/* re-chain oldest first so chains stay newest first */
	for (g = ix->first; g < ix->next; g++) {
		const struct fold_sig *sig = &item_at(ix, g)->sig;
		for (b = 0; b < FOLD_BANDS; b++) {
			uint32_t *h = &ix->heads[band_key(sig, b) & (ix->nheads - 1)];
			uint64_t e = g * FOLD_BANDS + (uint64_t)b;
			entry_at(ix, e)->next = *h;
			*h = (uint32_t)(e + 1);
		}
	}
}

/* Drop the oldest item: its entries are the oldest of their chains, so only the heads that
 * still name them need clearing. */
static void evict_oldest(struct fold_index *ix)
{
	const struct fold_sig *sig = &item_at(ix, ix->first)->sig;
	int b;
	for (b = 0; b < FOLD_BANDS; b++) {
		uint32_t *h = &ix->heads[band_key(sig, b) & (ix->nheads - 1)];
		if (*h == (uint32_t)(ix->first * FOLD_BANDS + (uint64_t)b + 1))
			*h = 0;
	}
	if (ix->on_evict)
		ix->on_evict(ix->evict_ctx, item_at(ix, ix->first)->key);
	ix->first++;
}

void fold_index_on_evict(struct fold_index *ix, void (*fn)(void *ctx, int64_t key), void *ctx)
{
	ix->on_evict = fn;
	ix->evict_ctx = ctx;
}

/* Older than the window before the clock (no overflow for any times). */
static int too_old(const struct fold_index *ix, int64_t t)
{
	return t < ix->clock && (uint64_t)ix->clock - (uint64_t)t > (uint64_t)ix->window;
}

/* Grow the ring by a quarter, not double, up to cap (these arrays are most of the index's
 * memory), moving the live items to their slots in the larger ring. */
static void ring_grow(struct fold_index *ix)
{
	size_t ncap = ix->citems + ix->citems / 4 + 1024;
	struct fold_item *items;
	struct fold_entry *ent;
	uint64_t g;
	if (ncap > ix->cap)
		ncap = ix->cap;
	if (ix->next <= ix->citems) {
		/* never wrapped: item g sits at slot g in both rings, realloc keeps it there */
		ix->items = xrealloc(ix->items, ncap * sizeof *ix->items);
		ix->ent = xrealloc(ix->ent, ncap * FOLD_BANDS * sizeof *ix->ent);
		ix->citems = ncap;
		return;
	}
	items = xmalloc(ncap * sizeof *items);
	ent = xmalloc(ncap * FOLD_BANDS * sizeof *ent);
	for (g = ix->first; g < ix->next; g++) {
		items[g % ncap] = *item_at(ix, g);
		memcpy(&ent[g % ncap * FOLD_BANDS], entry_at(ix, g * FOLD_BANDS),
		       FOLD_BANDS * sizeof *ent);
	}
	free(ix->items);
	free(ix->ent);
	ix->items = items;
	ix->ent = ent;
	ix->citems = ncap;
}

/* The bucket of every band, their cache lines requested at once: with a large index each is
 * a miss, and 32 misses in flight together cost little more than one. */
static void bucket_all(const struct fold_index *ix, const struct fold_sig *sig, uint32_t *bucket)
{
	int b;
	for (b = 0; b < FOLD_BANDS; b++) {
		bucket[b] = band_key(sig, b) & (uint32_t)(ix->nheads - 1);
		__builtin_prefetch(&ix->heads[bucket[b]]);
	}
}

void fold_index_add(struct fold_index *ix, int64_t key, int64_t time, const struct fold_sig *sig)
{
	uint32_t bucket[FOLD_BANDS];
	struct fold_item *it;
	uint64_t g;
	int b;
	if (time > ix->clock)
		ix->clock = time;
	/* oldest first: out of the window (by arrival order, with the newest time seen as
	 * the clock), or to make room under the cap */
	while (ix->first < ix->next && too_old(ix, item_at(ix, ix->first)->time))
		evict_oldest(ix);
	if (sig->empty)
		return;
	if (ix->next - ix->first >= ix->cap)
		evict_oldest(ix);
	if (ix->next - ix->first >= ix->citems)
		ring_grow(ix);
	if ((ix->next - ix->first + 1) * FOLD_BANDS > 2 * ix->nheads)
		heads_grow(ix);
	g = ix->next++;   /* live from here: links to its own earlier bands are valid */
	it = item_at(ix, g);
	it->key = key;
	it->time = time;
	it->sig = *sig;
	bucket_all(ix, sig, bucket);
	for (b = 0; b < FOLD_BANDS; b++) {
		uint32_t *h = &ix->heads[bucket[b]];
		uint64_t e = g * FOLD_BANDS + (uint64_t)b;
		struct fold_entry *en = entry_at(ix, e);
		en->next = link_live(ix, *h) ? *h : 0;
		en->tag = band_tag(sig, b);
		*h = (uint32_t)(e + 1);
	}
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

static int seen_before(const uint64_t *seen, size_t n, uint64_t item)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (seen[i] == item)
			return 1;
	return 0;
}

void fold_find(struct fold_index *ix, const struct fold_sig *sig, struct fold_match *m)
{
	uint64_t seen[CAND_CAP], head[FOLD_BANDS];
	uint32_t bucket[FOLD_BANDS];
	size_t nseen = 0;
	int b;
	m->key = -1;
	m->jaccard = m->containment = 0;
	if (sig->empty)
		return;
	bucket_all(ix, sig, bucket);
	for (b = 0; b < FOLD_BANDS; b++) {   /* then the chains' first entries, also at once */
		head[b] = link_live(ix, ix->heads[bucket[b]]);
		if (head[b])
			__builtin_prefetch(entry_at(ix, head[b] - 1));
	}
	for (b = 0; b < FOLD_BANDS && nseen < CAND_CAP; b++) {
		uint32_t tag = band_tag(sig, b);
		uint64_t e = head[b];
		int walked = 0;
		for (; e && walked < CHAIN_CAP && nseen < CAND_CAP; walked++) {
			const struct fold_entry *en = entry_at(ix, e - 1);
			uint64_t g = (e - 1) / FOLD_BANDS;
			int band = (int)((e - 1) % FOLD_BANDS);
			const struct fold_item *it;
			struct fold_match cur;
			e = link_live(ix, en->next);
			/* the tag sits in the entry: most chain neighbours are rejected without
			 * touching their item */
			if (band != b || en->tag != tag)
				continue;
			it = item_at(ix, g);
			if (it->sig.is_short != sig->is_short || seen_before(seen, nseen, g))
				continue;
			seen[nseen++] = g;
			if (!sig_folds(sig, &it->sig, &cur))
				continue;
			/* best similarity wins; on a tie the earlier canonical */
			if (m->key < 0 || cur.jaccard > m->jaccard ||
			    (cur.jaccard == m->jaccard && it->key < m->key)) {
				*m = cur;
				m->key = it->key;
			}
		}
	}
}

size_t fold_index_count(const struct fold_index *ix)
{
	return (size_t)(ix->next - ix->first);
}

size_t fold_index_bytes(const struct fold_index *ix)
{
	return ix->citems * (sizeof *ix->items + FOLD_BANDS * sizeof *ix->ent) +
	       ix->nheads * sizeof *ix->heads + sizeof *ix;
}
