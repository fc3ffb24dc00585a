/*
 * fetch — polite, bounded HTTP(S) for feeds and pages, on the libcurl multi interface.
 *
 * fetch_run fetches a batch concurrently (a global connection cap and a per-host cap),
 * calling done() once per request, in completion order, from the calling thread.
 * Every request: conditional GET (etag / last_modified), gzip/deflate/brotli, at most
 * max_redirects redirects, connect and total timeouts, a low-speed abort, a hard cap on the
 * body (decompressed bytes counted), the User-Agent, and the address policy: unless
 * allow_private, a host resolving to loopback, private, link-local, CGNAT, multicast,
 * unspecified or cloud-metadata addresses is refused (checked on the resolved address at
 * connect time, so redirects and DNS rebinding are covered). file:// URLs are read from
 * disk with the same size cap.
 *
 * Ownership: the result and its strings belong to fetch_run and are valid only during the
 * callback; copy what you keep. Thread-safety: one fetch_run per thread.
 */
#ifndef FETCH_FETCH_H
#define FETCH_FETCH_H
#include <stddef.h>
#include <stdint.h>

struct fetch_opts {
	int max_connections;        /* global cap, default 16 */
	int max_per_host;           /* default 2 */
	long connect_timeout_ms;    /* default 10,000 */
	long timeout_ms;            /* total, default 30,000 */
	size_t max_body;            /* default 10 MB */
	int max_redirects;          /* default 5 */
	int allow_private;          /* allow loopback/private/link-local targets */
	const char *user_agent;     /* default "newsfold/VERSION (+https://newsfold.invalid)" */
	int progress;               /* draw progress on stderr if it is a terminal */
};

struct fetch_req {
	const char *url;
	const char *etag, *last_modified;  /* for conditional GET; may be NULL */
	void *userdata;
};

struct fetch_res {
	long status;                /* HTTP status; 200 for file://; 0 on transport error */
	const char *body;           /* NUL-terminated, decompressed */
	size_t len;
	const char *content_type, *etag, *last_modified;
	const char *final_url;      /* after redirects */
	int permanent_redirect;     /* every hop was 301/308: the stored URL should change */
	int64_t retry_after;        /* seconds from a 429/503 Retry-After, else -1 */
	const char *error;          /* NULL on success; one line for the user otherwise */
};

typedef void (*fetch_done_fn)(const struct fetch_req *req, const struct fetch_res *res, void *ctx);

void fetch_opts_default(struct fetch_opts *o);
void fetch_global_init(void);
int fetch_run(const struct fetch_opts *o, const struct fetch_req *reqs, size_t n,
	      fetch_done_fn done, void *ctx);
#endif
