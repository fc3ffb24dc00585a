/* fuzz_discover.c — libFuzzer target for feed-link discovery in hostile HTML pages: every
 * link returned must be an absolute http/https/file URL, and there are never more than
 * DISCOVER_MAX_LINKS. */
#include "source/discover.h"
#include "util/url.h"

#include <libxml/parser.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int init;
	char **links = NULL;
	size_t n;
	if (!init) {
		xmlInitParser();
		init = 1;
	}
	n = discover_links((const char *)data, size, "https://site.example/a/b.html", &links);
	if (n > DISCOVER_MAX_LINKS)
		abort();
	for (size_t i = 0; i < n; i++)
		if (!links[i] || !url_scheme_ok(links[i]))
			abort();
	if (links[n])
		abort();
	discover_links_free(links);
	return 0;
}
