/* fuzz_fetch_headers.c — libFuzzer target for the response-header folding fetch does on
 * hostile servers: the input is split into lines as libcurl would hand them over, and the
 * invariants are checked after each (kept values bounded, status sane, Retry-After clamped). */
#include "fetch/headers.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct fetch_hdrs *h)
{
	int64_t r;
	if ((h->etag && strlen(h->etag) > FETCH_HDR_VALUE_MAX) ||
	    (h->last_modified && strlen(h->last_modified) > FETCH_HDR_VALUE_MAX))
		abort();
	if (h->status != 0 && (h->status < 200 || h->status > 999))
		abort();
	r = fetch_retry_after(h->retry_after, 1762000000);
	if (r < -1 || r > FETCH_RETRY_AFTER_MAX)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fetch_hdrs h;
	const char *p = (const char *)data, *end = p + size;
	fetch_hdrs_init(&h);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
		/* an exact-size heap copy, so ASan sees any read past the line */
		char *line = malloc(n ? n : 1);
		if (!line)
			break;
		memcpy(line, p, n);
		fetch_hdrs_line(&h, line, n);
		free(line);
		check(&h);
		p += n;
	}
	fetch_hdrs_release(&h);
	return 0;
}
