/* fuzz_tokenize.c — libFuzzer target for the tokenizer and language detection: any bytes
 * give tokens that are non-empty, NUL-terminated, within TEXT_MAX_TOKEN bytes and inside the
 * token buffer; normalization never fails; stemming any token is safe. */
#include "text/lang.h"
#include "text/text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct text_stemmer *stem;
	struct text_tokens t;
	size_t i, n;
	char *norm;
	int lang;
	if (!stem)
		stem = text_stemmer_new();
	text_tokens_init(&t, 4096);
	text_tokenize(&t, (const char *)data, size);
	for (i = 0; i < t.n; i++) {
		const char *w = text_tok_str(&t, i);
		if (t.tok[i].len == 0 || t.tok[i].len > TEXT_MAX_TOKEN + 8 || w[t.tok[i].len] != 0 ||
		    t.tok[i].off + t.tok[i].len >= t.len + 1)
			abort();
	}
	lang = text_lang_detect(&t);
	for (i = 0; i < t.n && i < 64; i++)
		text_stem(stem, lang ? lang : TEXT_LANG_EN, text_tok_str(&t, i), t.tok[i].len, &n);
	text_tokens_release(&t);
	norm = text_normalize((const char *)data, size, &n);
	if (!norm || strlen(norm) != n)
		abort();
	free(norm);
	return 0;
}
