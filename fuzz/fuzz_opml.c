/* fuzz_opml.c — libFuzzer target for OPML import; every parsed document is exported and
 * parsed again, which must succeed and keep the feed count. */
#include "source/opml.h"
#include "util/buf.h"

#include <libxml/parser.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int init;
	struct opml *o = NULL, *again = NULL;
	struct buf b = BUF_INIT(0);
	char *err = NULL;
	if (!init) {
		xmlInitParser();
		init = 1;
	}
	if (opml_parse((const char *)data, size, &o, &err) < 0) {
		free(err);
		return 0;
	}
	if (opml_write(&b, o->title, o->feeds, o->n) == 0) {
		if (opml_parse(b.data, b.len, &again, &err) < 0)
			abort();
		if (again->n != o->n)
			abort();
	}
	opml_free(again);
	opml_free(o);
	buf_release(&b);
	return 0;
}
