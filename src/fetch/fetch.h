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
 * connect time, so redirects and DNS rebinding are covered; see fetch/addr.h). Only http
 * and https are spoken, on the first request and on redirects; proxies from the
 * environment are ignored so the policy sees the real peer.
 *
 * file:// URLs are read from disk with the same size cap when allow_file (the default, for
 * the command line). A server that takes URLs from remote users must set allow_file = 0,
 * or any user could read the server's files. A file whose mtime matches last_modified is
 * reported as 304.
 *
 * Results: error is NULL only for 2xx and 304; anything else (transport failure, refused
 * address, body over the cap, HTTP 4xx/5xx, too many redirects) sets one line for the user
 * that does not repeat the URL. status is the final HTTP status (0 when none arrived).
 *
 * Progress: with progress set and stderr a terminal, one self-redrawing line on stderr
 * ("label [####    ] done/total, N new, N errors"). The caller's done() may keep the
 * counters progress_items / progress_errors point to up to date; fetch counts errors
 * itself when progress_errors is NULL. Nothing is drawn when stderr is not a terminal:
 * the caller logs plain lines then.
 *
 * Ownership: the result and its strings belong to fetch_run and are valid only during the
 * callback; copy what you keep. Thread-safety: one fetch_run per thread (fetch_global_init,
 * i.e. curl_global_init, must have run once before threads start).
 * Returns 0, or -1 only when curl could not be set up at all (done() is then not called).
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
	int allow_file;             /* read file:// URLs; default 1 (see above) */
	const char *user_agent;     /* default "newsfold/VERSION (+https://newsfold.invalid)" */
	int progress;               /* draw progress on stderr if it is a terminal */
	const char *progress_label; /* default "fetch" */
	const int64_t *progress_items;  /* shown as "N new" when non-NULL */
	const int64_t *progress_errors; /* shown as errors when non-NULL */
};

struct fetch_req {
	const char *url;
	const char *etag, *last_modified;  /* for conditional GET; may be NULL */
	void *userdata;
};

struct fetch_res {
	long status;                /* HTTP status; 200 for file://; 0 on transport error */
	const char *body;           /* NUL-terminated, decompressed; "" when none */
	size_t len;
	const char *content_type, *etag, *last_modified;  /* NULL when absent */
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

/* The User-Agent sent by default. */
const char *fetch_user_agent(void);
#endif
