/*
 * headers.c — response header lines → status, redirect hops, validators, Retry-After.
 * Split from fetch.c so the parsing of hostile header bytes has its own tests and fuzzer.
 */
#include "fetch/headers.h"
#include "util/date.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

void fetch_hdrs_init(struct fetch_hdrs *h)
{
	memset(h, 0, sizeof *h);
	h->all_permanent = 1;
}

void fetch_hdrs_release(struct fetch_hdrs *h)
{
	free(h->etag);
	free(h->last_modified);
	free(h->retry_after);
	h->etag = h->last_modified = h->retry_after = NULL;
}

static void set_value(char **dst, const char *v, size_t n)
{
	const char *nul = memchr(v, '\0', n);
	if (nul)
		n = (size_t)(nul - v);
	while (n && ascii_isspace((unsigned char)v[n - 1]))
		n--;
	while (n && ascii_isspace((unsigned char)*v)) {
		v++;
		n--;
	}
	free(*dst);
	*dst = (n && n <= FETCH_HDR_VALUE_MAX) ? xstrndup(v, n) : NULL;
}

static int header_is(const char *line, size_t n, const char *name, const char **val)
{
	size_t k = strlen(name);
	if (n <= k || line[k] != ':' || str_ncasecmp(line, name, k) != 0)
		return 0;
	*val = line + k + 1;
	return 1;
}

/* "HTTP/1.1 301 Moved" / "HTTP/2 200": a new response begins. */
static void status_line(struct fetch_hdrs *h, const char *line, size_t n)
{
	const char *sp = memchr(line, ' ', n);
	long code = 0;
	for (const char *p = sp ? sp + 1 : line + n; p < line + n && ascii_isdigit((unsigned char)*p) && code < 1000; p++)
		code = code * 10 + (*p - '0');
	if (code < 200 || code > 999)
		return;     /* 1xx interim responses (and junk) carry nothing we keep */
	h->status = code;
	if (code >= 300 && code < 400) {
		h->hops++;
		if (code != 301 && code != 308)
			h->all_permanent = 0;
	}
	fetch_hdrs_release(h);
}

void fetch_hdrs_line(struct fetch_hdrs *h, const char *line, size_t n)
{
	const char *v;
	if (n >= 5 && memcmp(line, "HTTP/", 5) == 0)
		status_line(h, line, n);
	else if (header_is(line, n, "etag", &v))
		set_value(&h->etag, v, n - (size_t)(v - line));
	else if (header_is(line, n, "last-modified", &v))
		set_value(&h->last_modified, v, n - (size_t)(v - line));
	else if (header_is(line, n, "retry-after", &v))
		set_value(&h->retry_after, v, n - (size_t)(v - line));
}

int64_t fetch_retry_after(const char *v, int64_t now)
{
	int64_t s, t;
	if (!v || !*v)
		return -1;
	if (str_to_i64(v, &s) == 0)
		t = s;
	else if ((t = date_parse(v)) != DATE_NONE)
		t = t > now ? t - now : 0;     /* subtract only when it cannot overflow */
	else
		return -1;
	return t < 0 ? 0 : t > FETCH_RETRY_AFTER_MAX ? FETCH_RETRY_AFTER_MAX : t;
}
