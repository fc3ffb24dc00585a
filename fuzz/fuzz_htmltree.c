/* fuzz_htmltree.c — differential libFuzzer target: htmltree_parse must build the tree
 * htmlReadMemory builds, for any bytes, with no encoding and with the labels extract
 * passes (tests/unit/htmltree_check.h compares them), and cutting script and style bodies
 * must change nothing else in libxml2's tree. Besides crashes, leaks and UB, a difference
 * aborts. */
#include "../tests/unit/htmltree_check.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const encs[] = {NULL, "UTF-8", "windows-1252", "UTF-16LE"};
	static int init;
	if (!init) {
		xmlInitParser();
		init = 1;
	}
	if (size < 1 || size > (1u << 20))
		return 0;
	int opts = HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
		   HTML_PARSE_COMPACT;
	const char *enc = encs[data[0] & 3];
	if (enc)
		opts |= HTML_PARSE_IGNORE_ENC;
	const char *d = htmltree_check((const char *)data + 1, size - 1, enc, opts);
	if (d) {
		fprintf(stderr, "htmltree differs from htmlReadMemory: %s\n", d);
		abort();
	}
	d = htmltree_check_cut((const char *)data + 1, size - 1, enc, opts);
	if (d) {
		fprintf(stderr, "cutting script/style bodies changed the tree: %s\n", d);
		abort();
	}
	return 0;
}
