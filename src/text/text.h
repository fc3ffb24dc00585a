/*
 * text — the one tokenizer every similarity in newsfold uses (fold, cluster, language).
 *
 * text_tokenize turns UTF-8 text into folded word tokens:
 *   - Unicode NFKC + case folding (utf8proc) per token; pure-ASCII tokens take a fast path
 *     (ASCII lower-casing is exactly NFKC+casefold for them);
 *   - words are runs of letters, marks and digits in any script; an apostrophe (' or U+2019)
 *     between letters stays inside the word, then a possessive "'s" is dropped and a French/
 *     Italian elided article ("l'", "d'", "qu'", ...) is cut off; hyphens split words;
 *     digits joined by '.' or ',' stay one number ("3.5", "1,000");
 *   - scripts written without spaces (Han, Hiragana, Katakana, Thai, Lao, Khmer, Myanmar)
 *     become overlapping character bigrams (a lone character stays a unigram);
 *   - invalid UTF-8 bytes and control characters separate words and are otherwise ignored.
 * Each token keeps flags about its surface form (capitalized, sentence-initial, number,
 * bigram) so the cluster module can find named entities without a second pass.
 *
 * Ownership: struct text_tokens owns its buffers; init/reset/release. Tokens point into
 * t->buf as offsets (the buffer may move while tokenizing), each token NUL-terminated.
 * Limits: at most t->max tokens are kept (the rest of the text is ignored and t->truncated
 * set); a token longer than TEXT_MAX_TOKEN bytes is cut at a character boundary.
 * Thread-safety: a text_tokens is used by one thread at a time; the functions are reentrant.
 */
#ifndef TEXT_TEXT_H
#define TEXT_TEXT_H
#include <stddef.h>
#include <stdint.h>

#define TEXT_MAX_TOKEN 64
#define TEXT_DEFAULT_MAX_TOKENS 100000

enum {
	TEXT_F_CAP = 1,      /* first character upper/title case in the source */
	TEXT_F_SENT = 2,     /* first token of the text or after . ! ? or a line break */
	TEXT_F_NUM = 4,      /* starts with a digit */
	TEXT_F_GRAM = 8,     /* a character n-gram of an unspaced script */
	TEXT_F_UPPER = 16,   /* every letter upper case (acronym), at least 2 letters */
};

struct text_token {
	uint32_t off;   /* into text_tokens.buf */
	uint16_t len;
	uint8_t flags;
	uint8_t unused;
};

struct text_tokens {
	char *buf;
	size_t len, cap;
	struct text_token *tok;
	size_t n, tcap;
	size_t max;       /* token cap */
	int truncated;    /* 1 when the cap cut the text */
};

void text_tokens_init(struct text_tokens *t, size_t max_tokens);   /* 0: default */
void text_tokens_reset(struct text_tokens *t);
void text_tokens_release(struct text_tokens *t);
/* Append the tokens of s[0..n) to t. Returns the number of tokens appended. */
size_t text_tokenize(struct text_tokens *t, const char *s, size_t n);
static inline const char *text_tok_str(const struct text_tokens *t, size_t i)
{
	return t->buf + t->tok[i].off;
}

/* h[i] = the 64-bit hash (XXH3) of token i, for i in [from, to): hashed once per article
 * and shared by everything keyed on a token's text (fold shingles, cluster terms). Not part
 * of text_tokenize, which stays the bare floor the benchmark measures. */
void text_hash_tokens(const struct text_tokens *t, size_t from, size_t to, uint64_t *h);

/* NFKC + case fold a whole string (invalid UTF-8 replaced by U+FFFD). Caller frees. */
char *text_normalize(const char *s, size_t n, size_t *outlen);
#endif
