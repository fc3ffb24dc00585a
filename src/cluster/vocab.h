/*
 * vocab — terms for clustering: a token's stem (libstemmer, via text/lang) as a 32-bit hash,
 * a direct-mapped cache from surface word to stem (stemming each distinct word once), and
 * document frequencies updated incrementally for idf.
 *
 * Term 0 means "no term" (stop word or dropped). The df table holds at most VOCAB_MAX
 * distinct terms; a term first seen after that counts as df = 0 (rare by construction).
 * Ownership: vocab_new/free. Thread-safety: none.
 */
#ifndef CLUSTER_VOCAB_H
#define CLUSTER_VOCAB_H
#include <stddef.h>
#include <stdint.h>

#define VOCAB_MAX (1u << 22)

struct vocab;
struct vocab *vocab_new(void);
void vocab_free(struct vocab *v);
/* The term of a folded token (0 for stop words and other dropped tokens). */
uint32_t vocab_term(struct vocab *v, int lang, const char *w, size_t n, int flags);
/* term[i] = vocab_term of token i of t, for i in [0, n), from the tokens' text_hash_tokens
 * hashes h: the same terms, with the cache lines of the next tokens requested ahead. */
struct text_tokens;
void vocab_terms(struct vocab *v, int lang, const struct text_tokens *t, const uint64_t *h,
		 size_t n, uint32_t *term);
/* idf of term with the current counts: ln((N + 1) / (df + 1)) + 1. */
float vocab_idf(const struct vocab *v, uint32_t term);
/* idf[i] = vocab_idf(v, terms[i]) for i in [0, n), the table lines requested ahead. */
void vocab_idfs(const struct vocab *v, const uint32_t *terms, size_t n, float *idf);
/* Count one more document holding terms[0..n) (distinct). */
void vocab_add_doc(struct vocab *v, const uint32_t *terms, size_t n);
size_t vocab_bytes(const struct vocab *v);
#endif
