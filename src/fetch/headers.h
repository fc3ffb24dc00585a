/*
 * headers — what fetch keeps from HTTP response headers, one line at a time.
 *
 * libcurl hands every header line of every response in a redirect chain to the header
 * callback; fetch_hdrs_line folds them into a struct fetch_hdrs: each status line starts a
 * new response (so the validators and Retry-After kept are those of the last one), counts a
 * redirect hop for 3xx and remembers whether every hop was permanent (301/308). 1xx interim
 * responses are ignored. Values are trimmed; values longer than FETCH_HDR_VALUE_MAX are
 * dropped (an ETag we would send back must stay a sane size). Input is hostile: any bytes,
 * any length, never read past n.
 *
 * Ownership: the struct owns its strings; fetch_hdrs_release frees them.
 * Thread-safety: none needed (one struct per transfer).
 */
#ifndef FETCH_HEADERS_H
#define FETCH_HEADERS_H
#include <stddef.h>
#include <stdint.h>

#define FETCH_HDR_VALUE_MAX 1024
#define FETCH_RETRY_AFTER_MAX (7 * 86400)   /* a server cannot park a feed for longer */

struct fetch_hdrs {
	long status;                /* of the response being read; 0 before any */
	int hops, all_permanent;    /* 3xx responses seen; 1 while all were 301/308 */
	char *etag, *last_modified, *retry_after;
};

void fetch_hdrs_init(struct fetch_hdrs *h);
void fetch_hdrs_line(struct fetch_hdrs *h, const char *line, size_t n);
void fetch_hdrs_release(struct fetch_hdrs *h);
/* Retry-After (delta seconds or an HTTP date) → seconds from now, clamped to
 * [0, FETCH_RETRY_AFTER_MAX]; -1 when absent or unreadable. */
int64_t fetch_retry_after(const char *v, int64_t now);
#endif
