/*
 * fetch.c — a batch of requests on one curl multi handle.
 *
 * Scheduling is ours, not curl's: a request is handed to curl only when both the global and
 * its host's connection caps have room, so curl never holds a transfer in its pending queue
 * (where its total-timeout clock would already be running). curl's own caps are set too, as
 * a backstop for redirects to other hosts.
 *
 * Each transfer (struct xfer) owns a capped body buffer; the write callback sees
 * decompressed bytes, so the cap bounds a gzip bomb as well as a plain 50 MB body. The
 * header callback sees every response of a redirect chain: each status line starts a new
 * response, so the ETag/Last-Modified/Retry-After we report belong to the last one, and the
 * chain is "permanent" only if every 3xx in it was 301 or 308. The open-socket callback is
 * where the address policy runs, on the address curl is about to connect to.
 */
#include "fetch/fetch.h"
#include "fetch/addr.h"
#include "fetch/headers.h"
#include "fetch/progress.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/util.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>

#ifndef NEWSFOLD_VERSION
#define NEWSFOLD_VERSION "0.1.0"
#endif

#define LOW_SPEED_BYTES 64              /* below this many bytes/s ... */
#define LOW_SPEED_SECS 20               /* ... for this long, the transfer is dropped */

struct xfer {
	CURL *h;
	size_t idx;
	const struct fetch_opts *o;
	struct buf body;
	struct curl_slist *hdrs;
	struct fetch_hdrs hdr;
	int too_big;
	char *refused;                  /* why the policy refused a connection */
	char errbuf[CURL_ERROR_SIZE];
};

struct run {
	const struct fetch_opts *o;
	const struct fetch_req *reqs;
	size_t n;
	char **hostkey;                 /* per request: scheme://host:port, NULL for file:// */
	size_t *pending, n_pending;     /* request indices not yet started */
	struct xfer **active;
	size_t n_active;
	CURLM *m;
	fetch_done_fn done;
	void *ctx;
	struct fetch_progress prog;
};

const char *fetch_user_agent(void)
{
	return "newsfold/" NEWSFOLD_VERSION " (+https://newsfold.invalid)";
}

void fetch_opts_default(struct fetch_opts *o)
{
	memset(o, 0, sizeof *o);
	o->max_connections = 16;
	o->max_per_host = 2;
	o->connect_timeout_ms = 10000;
	o->timeout_ms = 30000;
	o->max_body = 10u << 20;
	o->max_redirects = 5;
	o->allow_file = 1;
	o->user_agent = fetch_user_agent();
}

void fetch_global_init(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

/* ---- one result to the caller ---- */

static int result_failed(const struct fetch_res *r)
{
	return r->error != NULL;
}

static void deliver(struct run *r, size_t idx, struct fetch_res *res)
{
	int failed = result_failed(res);
	if (!res->body)
		res->body = "";
	r->done(&r->reqs[idx], res, r->ctx);
	fetch_progress_step(&r->prog, failed);
}

static void deliver_error(struct run *r, size_t idx, const char *msg)
{
	struct fetch_res res = { 0 };
	res.retry_after = -1;
	res.final_url = r->reqs[idx].url;
	res.error = msg;
	deliver(r, idx, &res);
}

/* ---- file:// ---- */

static char *file_path(const char *url)
{
	CURLU *u = curl_url();
	char *host = NULL, *path = NULL, *out = NULL;
	if (curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK)
		goto out;
	if (curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK && host[0] &&
	    str_casecmp(host, "localhost") != 0)
		goto out;
	if (curl_url_get(u, CURLUPART_PATH, &path, CURLU_URLDECODE) != CURLUE_OK)
		goto out;
	out = xstrdup(path);
out:
	curl_free(host);
	curl_free(path);
	curl_url_cleanup(u);
	return out;
}

static void http_date(time_t t, char out[64])
{
	struct tm tm;
	gmtime_r(&t, &tm);
	if (!strftime(out, 64, "%a, %d %b %Y %H:%M:%S GMT", &tm))
		out[0] = '\0';
}

static void run_file(struct run *r, size_t idx)
{
	const struct fetch_req *q = &r->reqs[idx];
	struct fetch_res res = { 0 };
	char *path = NULL, *data = NULL, *msg = NULL;
	char mtime[64], etag[80];
	struct stat sb;
	size_t len = 0;
	res.retry_after = -1;
	res.final_url = q->url;
	if (!r->o->allow_file) {
		res.error = "file:// URLs are not allowed here";
		goto out;
	}
	path = file_path(q->url);
	if (!path) {
		res.error = "not a local file URL (file:///path)";
		goto out;
	}
	errno = 0;
	if (stat(path, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		msg = xasprintf("cannot read %s: %s", path, errno ? strerror(errno) : "not a regular file");
		res.error = msg;
		goto out;
	}
	/* A file's validator is its mtime to the nanosecond and size, so two writes within one
	 * second are still seen as a change (a Last-Modified date could not tell). */
	snprintf(etag, sizeof etag, "\"f%lld.%09ld-%lld\"", (long long)sb.st_mtim.tv_sec,
		 (long)sb.st_mtim.tv_nsec, (long long)sb.st_size);
	http_date(sb.st_mtime, mtime);
	res.last_modified = mtime;
	res.etag = etag;
	if (q->etag && strcmp(q->etag, etag) == 0) {
		res.status = 304;
		goto out;
	}
	/* Check the size ourselves too: file_read_all's cap is only exact past its first 64 KB. */
	if ((uint64_t)sb.st_size > r->o->max_body) {
		res.error = msg = xasprintf("file larger than the %zu-byte cap", r->o->max_body);
		goto out;
	}
	if (file_read_all(path, r->o->max_body, &data, &len) < 0 || len > r->o->max_body) {
		if (data)
			errno = EFBIG;
		msg = errno == EFBIG ? xasprintf("file larger than the %zu-byte cap", r->o->max_body)
				     : xasprintf("cannot read %s: %s", path, strerror(errno));
		res.error = msg;
		goto out;
	}
	res.status = 200;
	res.body = data;
	res.len = len;
out:
	deliver(r, idx, &res);
	free(msg);
	free(data);
	free(path);
}

/* ---- curl callbacks ---- */

static size_t on_body(char *p, size_t size, size_t nmemb, void *ud)
{
	struct xfer *x = ud;
	size_t n = size * nmemb;
	if (buf_append(&x->body, p, n) < 0) {
		x->too_big = 1;
		return 0;   /* aborts the transfer with CURLE_WRITE_ERROR */
	}
	return n;
}

static size_t on_header(char *line, size_t size, size_t nmemb, void *ud)
{
	struct xfer *x = ud;
	size_t n = size * nmemb;
	fetch_hdrs_line(&x->hdr, line, n);
	return n;
}

static curl_socket_t on_open_socket(void *ud, curlsocktype purpose, struct curl_sockaddr *a)
{
	struct xfer *x = ud;
	const char *why = x->o->allow_private ? NULL : fetch_addr_class(&a->addr, a->addrlen);
	(void)purpose;
	if (why) {
		char ip[INET6_ADDRSTRLEN] = "?";
		const void *raw = a->family == AF_INET6
			? (const void *)&((const struct sockaddr_in6 *)(const void *)&a->addr)->sin6_addr
			: (const void *)&((const struct sockaddr_in *)(const void *)&a->addr)->sin_addr;
		inet_ntop(a->family, raw, ip, sizeof ip);
		free(x->refused);
		x->refused = xasprintf("refused to connect to %s: %s (--allow-private permits it)", ip, why);
		return CURL_SOCKET_BAD;
	}
	return socket(a->family, a->socktype, a->protocol);
}

/* ---- one curl transfer ---- */

static int header_value_ok(const char *v)
{
	return v && *v && strlen(v) <= FETCH_HDR_VALUE_MAX && !strpbrk(v, "\r\n");
}

static void add_conditional(struct xfer *x, const struct fetch_req *q)
{
	char *h;
	if (header_value_ok(q->etag)) {
		h = xasprintf("If-None-Match: %s", q->etag);
		x->hdrs = curl_slist_append(x->hdrs, h);
		free(h);
	}
	if (header_value_ok(q->last_modified)) {
		h = xasprintf("If-Modified-Since: %s", q->last_modified);
		x->hdrs = curl_slist_append(x->hdrs, h);
		free(h);
	}
}

static void xfer_free(struct xfer *x)
{
	if (!x)
		return;
	if (x->h)
		curl_easy_cleanup(x->h);
	curl_slist_free_all(x->hdrs);
	buf_release(&x->body);
	fetch_hdrs_release(&x->hdr);
	free(x->refused);
	free(x);
}

static void set_limits(CURL *h, const struct fetch_opts *o)
{
	long low = o->timeout_ms / 1000 < LOW_SPEED_SECS ? o->timeout_ms / 1000 : LOW_SPEED_SECS;
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, o->connect_timeout_ms);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, o->timeout_ms);
	curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, (long)LOW_SPEED_BYTES);
	curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, low > 0 ? low : 1L);
	curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)o->max_body);
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(h, CURLOPT_MAXREDIRS, (long)o->max_redirects);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_PROXY, "");     /* the policy must see the real peer */
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
}

static struct xfer *xfer_new(struct run *r, size_t idx)
{
	const struct fetch_req *q = &r->reqs[idx];
	struct xfer *x = xcalloc(1, sizeof *x);
	x->idx = idx;
	x->o = r->o;
	fetch_hdrs_init(&x->hdr);
	buf_init(&x->body, r->o->max_body);
	x->h = curl_easy_init();
	if (!x->h) {
		xfer_free(x);
		return NULL;
	}
	set_limits(x->h, r->o);
	add_conditional(x, q);
	curl_easy_setopt(x->h, CURLOPT_URL, q->url);
	curl_easy_setopt(x->h, CURLOPT_USERAGENT, r->o->user_agent ? r->o->user_agent : fetch_user_agent());
	curl_easy_setopt(x->h, CURLOPT_HTTPHEADER, x->hdrs);
	curl_easy_setopt(x->h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(x->h, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(x->h, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(x->h, CURLOPT_HEADERDATA, x);
	curl_easy_setopt(x->h, CURLOPT_OPENSOCKETFUNCTION, on_open_socket);
	curl_easy_setopt(x->h, CURLOPT_OPENSOCKETDATA, x);
	curl_easy_setopt(x->h, CURLOPT_ERRORBUFFER, x->errbuf);
	curl_easy_setopt(x->h, CURLOPT_PRIVATE, x);
	return x;
}

static const char *status_phrase(long status)
{
	switch (status) {
	case 401: return " (authentication required)";
	case 403: return " (forbidden)";
	case 404: return " (not found)";
	case 410: return " (gone: the feed was removed)";
	case 429: return " (too many requests)";
	case 500: return " (server error)";
	case 502: return " (bad gateway)";
	case 503: return " (service unavailable)";
	case 504: return " (gateway timeout)";
	default: return "";
	}
}

/* The user's line for a finished transfer, or NULL for success; *msg holds heap text. */
static const char *xfer_error(struct xfer *x, CURLcode rc, long status, int64_t retry_after, char **msg)
{
	const struct fetch_opts *o = x->o;
	if (x->refused && rc != CURLE_OK)
		return x->refused;
	if (x->too_big || rc == CURLE_FILESIZE_EXCEEDED)
		return *msg = xasprintf("response larger than the %zu-byte cap (aborted)", o->max_body);
	if (rc == CURLE_TOO_MANY_REDIRECTS)
		return *msg = xasprintf("too many redirects (more than %d)", o->max_redirects);
	if (rc == CURLE_OPERATION_TIMEDOUT)
		return *msg = xasprintf("timed out (%s)", x->errbuf[0] ? x->errbuf : "no answer");
	if (rc != CURLE_OK)
		return *msg = xasprintf("%s", x->errbuf[0] ? x->errbuf : curl_easy_strerror(rc));
	if (status == 304 || (status >= 200 && status < 300))
		return NULL;
	if (retry_after >= 0)
		return *msg = xasprintf("HTTP status %ld%s (retry after %lld s)", status, status_phrase(status),
					(long long)retry_after);
	return *msg = xasprintf("HTTP status %ld%s", status, status_phrase(status));
}

static void xfer_finish(struct run *r, struct xfer *x, CURLcode rc)
{
	struct fetch_res res = { 0 };
	char *msg = NULL, *eff = NULL, *ctype = NULL;
	curl_easy_getinfo(x->h, CURLINFO_RESPONSE_CODE, &res.status);
	curl_easy_getinfo(x->h, CURLINFO_EFFECTIVE_URL, &eff);
	curl_easy_getinfo(x->h, CURLINFO_CONTENT_TYPE, &ctype);
	res.retry_after = (res.status == 429 || res.status == 503) ? fetch_retry_after(x->hdr.retry_after, time_now_ms() / 1000) : -1;
	res.error = xfer_error(x, rc, res.status, res.retry_after, &msg);
	res.body = x->body.data ? x->body.data : "";
	res.len = x->body.len;
	res.content_type = ctype;
	res.etag = x->hdr.etag;
	res.last_modified = x->hdr.last_modified;
	res.final_url = eff ? eff : r->reqs[x->idx].url;
	res.permanent_redirect = !res.error && x->hdr.hops > 0 && x->hdr.all_permanent;
	deliver(r, x->idx, &res);
	free(msg);
}

/* ---- scheduling ---- */

static char *host_key(const char *url)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *port = NULL, *key = NULL;
	if (curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK) {
		curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT);
		key = xasprintf("%s://%s:%s", scheme, host, port ? port : "");
		for (char *p = key; *p; p++)
			*p = (char)ascii_tolower((unsigned char)*p);
	}
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
	return key;
}

static int is_file_url(const char *url)
{
	return url && str_istartswith(url, "file:");
}

static int host_busy(struct run *r, size_t idx)
{
	int same = 0;
	const char *k = r->hostkey[idx];
	if (!k)
		return 0;
	for (size_t i = 0; i < r->n_active; i++)
		if (r->hostkey[r->active[i]->idx] && strcmp(r->hostkey[r->active[i]->idx], k) == 0)
			same++;
	return same >= r->o->max_per_host;
}

/* Start request idx: 1 started on curl, 0 finished at once (file://, bad URL). */
static int start_one(struct run *r, size_t idx)
{
	const char *url = r->reqs[idx].url;
	struct xfer *x;
	if (is_file_url(url)) {
		run_file(r, idx);
		return 0;
	}
	if (!url || !r->hostkey[idx]) {
		deliver_error(r, idx, "not a valid http(s) URL");
		return 0;
	}
	x = xfer_new(r, idx);
	if (!x || curl_multi_add_handle(r->m, x->h) != CURLM_OK) {
		xfer_free(x);
		deliver_error(r, idx, "could not start the transfer (out of resources)");
		return 0;
	}
	r->active[r->n_active++] = x;
	return 1;
}

/* Hand curl every pending request whose host has room, in order, up to the global cap. */
static void schedule(struct run *r)
{
	size_t keep = 0;
	for (size_t i = 0; i < r->n_pending; i++) {
		size_t idx = r->pending[i];
		if ((size_t)r->o->max_connections <= r->n_active || host_busy(r, idx))
			r->pending[keep++] = idx;
		else
			start_one(r, idx);
	}
	r->n_pending = keep;
}

static size_t reap(struct run *r)
{
	CURLMsg *msg;
	int left;
	size_t reaped = 0;
	while ((msg = curl_multi_info_read(r->m, &left))) {
		struct xfer *x = NULL;
		if (msg->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&x);
		CURLcode rc = msg->data.result;
		curl_multi_remove_handle(r->m, x->h);
		for (size_t i = 0; i < r->n_active; i++)
			if (r->active[i] == x) {
				r->active[i] = r->active[--r->n_active];
				break;
			}
		xfer_finish(r, x, rc);
		xfer_free(x);
		reaped++;
	}
	return reaped;
}

/* Copy the caller's options into fixed with defaults for unset fields; index the batch. */
static void run_setup(struct run *r, struct fetch_opts *fixed, const struct fetch_opts *o)
{
	*fixed = *o;
	if (fixed->max_connections <= 0)
		fixed->max_connections = 16;
	if (fixed->max_per_host <= 0)
		fixed->max_per_host = 2;
	if (fixed->connect_timeout_ms <= 0)
		fixed->connect_timeout_ms = 10000;
	if (fixed->timeout_ms <= 0)
		fixed->timeout_ms = 30000;
	if (fixed->max_body == 0)
		fixed->max_body = 10u << 20;
	if (fixed->max_redirects < 0)
		fixed->max_redirects = 0;
	r->hostkey = xcalloc(r->n ? r->n : 1, sizeof *r->hostkey);
	r->pending = xcalloc(r->n ? r->n : 1, sizeof *r->pending);
	r->active = xcalloc((size_t)fixed->max_connections, sizeof *r->active);
	for (size_t i = 0; i < r->n; i++) {
		r->hostkey[i] = is_file_url(r->reqs[i].url) || !r->reqs[i].url ? NULL : host_key(r->reqs[i].url);
		r->pending[r->n_pending++] = i;
	}
	curl_multi_setopt(r->m, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)fixed->max_connections);
	curl_multi_setopt(r->m, CURLMOPT_MAX_HOST_CONNECTIONS, (long)fixed->max_per_host);
	curl_multi_setopt(r->m, CURLMOPT_MAXCONNECTS, (long)fixed->max_connections);
}

int fetch_run(const struct fetch_opts *o, const struct fetch_req *reqs, size_t n,
	      fetch_done_fn done, void *ctx)
{
	struct fetch_opts fixed;
	struct run r = { 0 };
	int running = 0;
	r.o = &fixed;
	r.reqs = reqs;
	r.n = n;
	r.done = done;
	r.ctx = ctx;
	r.m = curl_multi_init();
	if (!r.m)
		return -1;
	run_setup(&r, &fixed, o);
	fetch_progress_begin(&r.prog, fixed.progress, fixed.progress_label, n, fixed.progress_items,
			     fixed.progress_errors);
	for (;;) {
		schedule(&r);
		if (!r.n_active && !r.n_pending)
			break;
		curl_multi_perform(r.m, &running);
		if (!reap(&r) && r.n_active)
			curl_multi_poll(r.m, NULL, 0, 200, NULL);
	}
	fetch_progress_end(&r.prog);
	for (size_t i = 0; i < n; i++)
		free(r.hostkey[i]);
	free(r.hostkey);
	free(r.pending);
	free(r.active);
	curl_multi_cleanup(r.m);
	return 0;
}
