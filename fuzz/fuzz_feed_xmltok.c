/* fuzz_feed_xmltok.c — libFuzzer target for the fast XML tokenizer (src/parse/xmltok.c).
 * Any bytes: xmltok must never crash, hang or read out of bounds; and whenever it accepts
 * a document, libxml2 (set up as xmlfeed.c sets it up) must accept it too, without an
 * error (or, in recovery mode, with the same first error: line and message), and report
 * exactly the same events — the contract that lets xmlfeed.c use either. Inputs with an
 * odd first byte are made valid UTF-8 first; the others go in as they are (xmltok checks
 * UTF-8 itself: what it accepts must be UTF-8 libxml2 agrees on). */
#include "../tests/unit/xtrec.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Replace bytes that do not start a valid UTF-8 sequence with '?'. */
static char *as_utf8(const uint8_t *d, size_t n)
{
	char *s = malloc(n + 1);
	size_t i = 0;
	if (!s)
		abort();
	while (i < n) {
		unsigned c = d[i];
		size_t k = c < 0x80 ? 0 : c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2
			 : c >= 0xF0 && c <= 0xF4 ? 3 : 9;
		int ok = k != 9 && i + k < n;
		for (size_t j = 1; ok && j <= k; j++)
			ok = (d[i + j] & 0xC0) == 0x80;
		if (ok && k && ((c == 0xE0 && d[i + 1] < 0xA0) || (c == 0xED && d[i + 1] > 0x9F) ||
				(c == 0xF0 && d[i + 1] < 0x90) || (c == 0xF4 && d[i + 1] > 0x8F)))
			ok = 0;
		if (!ok) {
			s[i++] = '?';
			continue;
		}
		memcpy(s + i, d + i, k + 1);
		i += k + 1;
	}
	s[n] = '\0';
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct xtrec fast, lib;
	static int inited;
	const char *why = NULL;
	char *doc;
	if (!inited) {
		xmlInitParser();
		buf_init(&fast.out, 0);
		buf_init(&lib.out, 0);
		inited = 1;
	}
	if (size > (1u << 20))
		return 0;
	if (size && (data[0] & 1)) {
		doc = as_utf8(data, size);
	} else {
		doc = malloc(size + 1);
		if (!doc)
			abort();
		memcpy(doc, data, size);
		doc[size] = '\0';
	}
	/* The second byte picks strict mode (no error callback: well-formed documents only)
	 * or recovery (as xmlfeed.c runs it: the first error must be libxml2's, line and all). */
	if (xtrec_fast_mode(&fast, doc, size, &why, size < 2 || (data[1] & 1)) == 0) {
		xtrec_libxml2(&lib, doc, size);
		if (strcmp(fast.out.data ? fast.out.data : "", lib.out.data ? lib.out.data : ""))
			abort();   /* accepted what libxml2 reads differently */
		if (strcmp(fast.first, lib.first) || (!fast.error && lib.error))
			abort();   /* recovered, but not from libxml2's first error */
	} else if (!why) {
		abort();       /* refusals always say why */
	}
	free(doc);
	return 0;
}
