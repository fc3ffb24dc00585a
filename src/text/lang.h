/*
 * lang — languages for the tokenizer's output: stop words, stemming (libstemmer) and
 * detection from stop-word profiles.
 *
 * Languages are small integers (TEXT_LANG_*); TEXT_LANG_NONE means "unknown": no stop words
 * removed, no stemming (the safe choice for scripts we do not know).
 * text_lang_from_code maps a feed/page language tag ("en", "en-US", "fr_FR") to a language.
 * text_lang_detect counts stop-word hits over the first tokens: the language with the most
 * hits wins if it has at least 2 and at least 5% of the tokens.
 * text_is_stop is thread-safe (the tables are built once, under pthread_once).
 * struct text_stemmer holds one libstemmer handle per language, created on first use; it is
 * NOT thread-safe (one per thread). text_stem returns a pointer valid until the next call.
 */
#ifndef TEXT_LANG_H
#define TEXT_LANG_H
#include "text/text.h"
#include <stddef.h>

enum {
	TEXT_LANG_NONE = 0, TEXT_LANG_EN, TEXT_LANG_FR, TEXT_LANG_DE, TEXT_LANG_ES, TEXT_LANG_IT,
	TEXT_LANG_PT, TEXT_LANG_NL, TEXT_LANG_SV, TEXT_LANG_RU, TEXT_LANG_COUNT
};

int text_lang_from_code(const char *code);       /* NONE when unknown or NULL */
const char *text_lang_code(int lang);            /* "en", ...; "" for NONE */
int text_lang_detect(const struct text_tokens *t);
int text_is_stop(int lang, const char *w, size_t n);
/* 1 when w is a stop word in any language we know (for text of unknown language). */
int text_is_stop_any(const char *w, size_t n);

struct text_stemmer;
struct text_stemmer *text_stemmer_new(void);
void text_stemmer_free(struct text_stemmer *s);
/* Stem w[0..n) for lang (unchanged for NONE, numbers, grams); *outlen set. */
const char *text_stem(struct text_stemmer *s, int lang, const char *w, size_t n, size_t *outlen);
#endif
