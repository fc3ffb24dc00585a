/*
 * fold — near-duplicate detection: is this article a copy (syndication, wire copy, light
 * edit, other boilerplate, other headline) of one we already have?
 *
 * Scheme: word 4-shingles of the folded tokens (stop words kept: they carry the sentence
 * structure copies share) → one-permutation MinHash with optimal densification, FOLD_K bins
 * of 16-bit values → LSH banding, FOLD_BANDS bands of FOLD_ROWS bins, so a new article is
 * compared only with the articles sharing a band (sub-linear, constant per article).
 * Candidates are verified with the estimated Jaccard J and, from J and the shingle counts,
 * the estimated containment of the smaller text in the larger:
 *   long texts fold when J >= 0.45, or containment >= 0.75 with J >= 0.25 (boilerplate added
 *   or a paragraph cut makes J drop while the smaller text stays inside the larger one).
 * Short items (fewer than FOLD_SHORT_TOKENS content words: title + summary) use their own
 * rule: the set of content words (stop words dropped), J >= 0.8 and at least 4 words; short
 * and long items are never compared with each other.
 *
 * Only canonical articles are indexed: a copy points to the canonical it matched (the
 * earliest to arrive), so the same article arriving 10,000 times costs one index entry.
 * Memory per indexed article: the signature, key and time (152 bytes) and FOLD_BANDS chain
 * entries of 8 bytes plus 2-4 bytes of bucket heads each: about 500 bytes (fold_index_bytes).
 *
 * Eviction (memory stays bounded however long the stream): canonicals leave the index
 * oldest first (by arrival) once their time is more than the window (FOLD_WINDOW, 7 days)
 * before the newest time indexed, and when the index holds its cap (FOLD_INDEX_CAP
 * canonicals) the oldest leaves for each new one. A copy arriving after its canonical left
 * becomes a canonical itself. The arrays grow only while the live canonicals fill them.
 * Ownership: fold_index_new/free. Thread-safety: none; one index per thread.
 */
#ifndef FOLD_FOLD_H
#define FOLD_FOLD_H
#include "text/text.h"
#include <stddef.h>
#include <stdint.h>

#define FOLD_K 64
#define FOLD_ROWS 2
#define FOLD_BANDS (FOLD_K / FOLD_ROWS)
#define FOLD_SHINGLE 4
#define FOLD_SHORT_TOKENS 40
#define FOLD_WINDOW (7 * 86400)          /* seconds */
#define FOLD_INDEX_CAP (1u << 19)        /* canonicals: about 280 MB at most */
#define FOLD_INDEX_MAX (1u << 25)        /* the largest cap (32-bit chain links) */

struct fold_sig {
	uint16_t min[FOLD_K];
	uint32_t size;     /* shingles (or words, for short items) */
	uint8_t is_short;
	uint8_t empty;     /* nothing to compare: never folds */
};

struct fold_match {
	int64_t key;           /* the canonical's key, -1 when none */
	double jaccard;        /* estimated */
	double containment;    /* estimated, of the smaller in the larger */
};

/* Signature of a tokenized text (title + body); lang may be TEXT_LANG_NONE. */
void fold_signature(const struct text_tokens *t, int lang, struct fold_sig *sig);
/* The same from the tokens' text_hash_tokens hashes h[0..t->n), for a caller that has them. */
void fold_signature_hashed(const struct text_tokens *t, const uint64_t *h, int lang,
			   struct fold_sig *sig);
/* Estimated Jaccard of two signatures (0 when either is empty or they differ in kind). */
double fold_jaccard(const struct fold_sig *a, const struct fold_sig *b);

struct fold_index;
struct fold_index *fold_index_new(void);   /* FOLD_INDEX_CAP, FOLD_WINDOW */
/* cap canonicals (1..FOLD_INDEX_MAX), window in seconds (>= 0). */
struct fold_index *fold_index_new_limits(size_t cap, int64_t window);
void fold_index_free(struct fold_index *ix);
/* The earlier canonical this signature duplicates (m->key >= 0), else m->key = -1. */
void fold_find(struct fold_index *ix, const struct fold_sig *sig, struct fold_match *m);
/* Index a canonical article under key (the caller's id; keys need not be dense) at time
 * (Unix seconds, the caller's stream clock); evicts first what the rule above says. */
void fold_index_add(struct fold_index *ix, int64_t key, int64_t time, const struct fold_sig *sig);
/* Call fn(ctx, key) for each canonical as it leaves the index (NULL: none), so a caller
 * keeping data per canonical can drop it with the index and stay bounded too. */
void fold_index_on_evict(struct fold_index *ix, void (*fn)(void *ctx, int64_t key), void *ctx);
size_t fold_index_count(const struct fold_index *ix);   /* live canonicals */
size_t fold_index_bytes(const struct fold_index *ix);
#endif
