/* test_fetch.c — the SSRF address policy (every refused range, its edges, IPv6 forms) and
 * fetch_run on file:// and on a refused loopback address (no traffic leaves the host). */
#include "t.h"
#include "fetch/addr.h"
#include "fetch/fetch.h"
#include "fetch/headers.h"
#include "util/util.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int refused(const char *ip)
{
	return fetch_addr_text_class(ip) != NULL;
}

#define REFUSED(ip) do { if (!refused(ip)) printf("  %s should be refused\n", ip); T_CHECK(refused(ip)); } while (0)
#define ALLOWED(ip) do { if (refused(ip)) printf("  %s should be allowed: %s\n", ip, fetch_addr_text_class(ip)); \
	T_CHECK(!refused(ip)); } while (0)

static void v4_refused_ranges(void)
{
	static const char *const bad[] = {
		"0.0.0.0", "0.255.255.255", "10.0.0.0", "10.255.255.255", "100.64.0.0",
		"100.127.255.255", "127.0.0.1", "127.255.255.254", "169.254.0.1", "169.254.169.254",
		"172.16.0.0", "172.31.255.255", "192.0.0.1", "192.168.0.1", "192.168.255.255",
		"198.18.0.1", "198.19.255.255", "224.0.0.1", "239.255.255.255", "240.0.0.1",
		"255.255.255.255",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		REFUSED(bad[i]);
}

static void v4_edges_allowed(void)
{
	static const char *const good[] = {
		"1.0.0.1", "9.255.255.255", "11.0.0.0", "100.63.255.255", "100.128.0.0",
		"126.255.255.255", "128.0.0.1", "169.253.255.255", "169.255.0.0", "172.15.255.255",
		"172.32.0.0", "192.167.255.255", "192.169.0.0", "198.17.255.255", "198.20.0.0",
		"223.255.255.255", "8.8.8.8", "93.184.216.34",
	};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		ALLOWED(good[i]);
}

static void v6_refused_forms(void)
{
	static const char *const bad[] = {
		"::", "::1", "fc00::1", "fd12:3456::1", "fe80::1", "febf:ffff::1", "fec0::1",
		"ff02::1", "ff05::2",
		"::ffff:127.0.0.1", "::ffff:10.1.2.3", "::ffff:169.254.169.254", "::ffff:192.168.1.1",
		"::ffff:7f00:1", "::127.0.0.1", "::10.0.0.1", "::0.0.0.5",
		"64:ff9b::127.0.0.1", "64:ff9b::a9fe:a9fe", "2002:7f00:1::", "2002:c0a8:101::1",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		REFUSED(bad[i]);
}

static void v6_public_allowed(void)
{
	static const char *const good[] = {
		"2001:db8::1", "2606:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808",
		"2002:808:808::1", "fbff::1", "fe7f::1",
	};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		ALLOWED(good[i]);
}

static void sockaddr_forms(void)
{
	struct sockaddr_in in = { 0 };
	struct sockaddr_in6 in6 = { 0 };
	struct sockaddr un = { 0 };
	in.sin_family = AF_INET;
	inet_pton(AF_INET, "169.254.169.254", &in.sin_addr);
	T_CHECK(fetch_addr_class((struct sockaddr *)&in, sizeof in) != NULL);
	inet_pton(AF_INET, "93.184.216.34", &in.sin_addr);
	T_CHECK(fetch_addr_class((struct sockaddr *)&in, sizeof in) == NULL);
	in6.sin6_family = AF_INET6;
	inet_pton(AF_INET6, "::ffff:127.0.0.1", &in6.sin6_addr);
	T_CHECK(fetch_addr_class((struct sockaddr *)&in6, sizeof in6) != NULL);
	inet_pton(AF_INET6, "2606:4700::1111", &in6.sin6_addr);
	T_CHECK(fetch_addr_class((struct sockaddr *)&in6, sizeof in6) == NULL);
	un.sa_family = AF_UNIX;
	T_CHECK(fetch_addr_class(&un, sizeof un) != NULL);
	T_CHECK(fetch_addr_class((struct sockaddr *)&in6, 4) != NULL);   /* truncated */
	T_CHECK(refused("not an ip"));
	T_CHECK(refused(""));
}


/* ---- response headers ---- */

static void feed_lines(struct fetch_hdrs *h, const char *const *lines)
{
	for (; *lines; lines++)
		fetch_hdrs_line(h, *lines, strlen(*lines));
}

static void headers_redirect_chain(void)
{
	static const char *const perm[] = {
		"HTTP/1.1 308 Permanent Redirect\r\n", "ETag: \"old\"\r\n", "Location: /b\r\n", "\r\n",
		"HTTP/1.1 301 Moved\r\n", "\r\n",
		"HTTP/1.1 100 Continue\r\n", "\r\n",
		"HTTP/2 200\r\n", "etag:   \"v2\"  \r\n", "Last-Modified: Sat, 01 Nov 2025 10:00:00 GMT\r\n", "\r\n",
		NULL
	};
	static const char *const mixed[] = { "HTTP/1.1 301 x\r\n", "HTTP/1.1 302 Found\r\n", "HTTP/1.0 200 OK\r\n", NULL };
	struct fetch_hdrs h;
	fetch_hdrs_init(&h);
	feed_lines(&h, perm);
	T_CHECK(h.status == 200 && h.hops == 2 && h.all_permanent == 1);
	T_STREQ(h.etag, "\"v2\"");
	T_STREQ(h.last_modified, "Sat, 01 Nov 2025 10:00:00 GMT");
	fetch_hdrs_release(&h);
	fetch_hdrs_init(&h);
	feed_lines(&h, mixed);
	T_CHECK(h.status == 200 && h.hops == 2 && h.all_permanent == 0);
	T_CHECK(h.etag == NULL);
	fetch_hdrs_release(&h);
}

static void headers_hostile(void)
{
	struct fetch_hdrs h;
	char big[FETCH_HDR_VALUE_MAX + 20];
	memset(big, 'a', sizeof big);
	memcpy(big, "ETag: ", 6);
	fetch_hdrs_init(&h);
	fetch_hdrs_line(&h, big, sizeof big);          /* no NUL, too long: dropped */
	T_CHECK(h.etag == NULL);
	fetch_hdrs_line(&h, "ETag: \"a\0b\"", 11);    /* embedded NUL: cut there */
	T_STREQ(h.etag, "\"a");
	fetch_hdrs_line(&h, "ETag:", 5);               /* empty value */
	T_CHECK(h.etag == NULL);
	fetch_hdrs_line(&h, "HTTP/", 5);                /* status line with nothing */
	fetch_hdrs_line(&h, "HTTP/1.1 99999999999999999999 x", 31);
	fetch_hdrs_line(&h, "HTTP/1.1 abc", 12);
	T_CHECK(h.status == 0 && h.hops == 0);
	fetch_hdrs_line(&h, "Retry-After", 11);         /* name without colon */
	T_CHECK(h.retry_after == NULL);
	fetch_hdrs_release(&h);
}

static void retry_after_forms(void)
{
	int64_t now = 1762000000;   /* 2025-11-01T12:26:40Z */
	T_CHECK(fetch_retry_after("120", now) == 120);
	T_CHECK(fetch_retry_after("0", now) == 0);
	T_CHECK(fetch_retry_after("-5", now) == 0);
	T_CHECK(fetch_retry_after("99999999999", now) == FETCH_RETRY_AFTER_MAX);
	T_CHECK(fetch_retry_after("99999999999999999999999", now) == -1);
	T_CHECK(fetch_retry_after("Sat, 01 Nov 2025 13:26:40 GMT", now) == 3600);
	T_CHECK(fetch_retry_after("Sat, 01 Nov 2025 11:00:00 GMT", now) == 0);    /* past */
	T_CHECK(fetch_retry_after("soon", now) == -1);
	T_CHECK(fetch_retry_after("", now) == -1);
	T_CHECK(fetch_retry_after(NULL, now) == -1);
}

/* ---- fetch_run without a server ---- */

struct got {
	int calls;
	long status;
	char error[512];
	char body[64];
	char last_modified[64], etag[80];
};

static void on_done(const struct fetch_req *req, const struct fetch_res *res, void *ctx)
{
	struct got *g = ctx;
	(void)req;
	g->calls++;
	g->status = res->status;
	snprintf(g->error, sizeof g->error, "%s", res->error ? res->error : "");
	snprintf(g->body, sizeof g->body, "%s", res->body ? res->body : "(null)");
	snprintf(g->last_modified, sizeof g->last_modified, "%s", res->last_modified ? res->last_modified : "");
	snprintf(g->etag, sizeof g->etag, "%s", res->etag ? res->etag : "");
}

static void file_urls(void)
{
	char path[] = "/tmp/test_fetch_XXXXXX";
	int fd = mkstemp(path);
	char *url;
	struct fetch_opts o;
	struct fetch_req q = { 0 };
	struct got g = { 0 };
	T_REQUIRE(fd >= 0);
	T_REQUIRE(write(fd, "<rss>hello</rss>", 16) == 16);
	close(fd);
	url = xasprintf("file://%s", path);
	fetch_opts_default(&o);
	q.url = url;
	T_CHECK(fetch_run(&o, &q, 1, on_done, &g) == 0);
	T_CHECK(g.calls == 1);
	T_CHECK(g.status == 200);
	T_STREQ(g.body, "<rss>hello</rss>");
	T_STREQ(g.error, "");
	/* the file's validator (mtime + size) makes the next read a 304 */
	T_CHECK(g.last_modified[0] != '\0');
	q.etag = xstrdup(g.etag);
	T_CHECK(fetch_run(&o, &q, 1, on_done, &g) == 0);
	T_CHECK(g.status == 304);
	free((char *)q.etag);
	q.etag = NULL;
	/* the body cap applies to files too */
	o.max_body = 8;
	T_CHECK(fetch_run(&o, &q, 1, on_done, &g) == 0);
	T_CHECK(g.error[0] != '\0');
	T_CHECK(strstr(g.error, "cap") != NULL);
	/* and a server-side caller can forbid them */
	fetch_opts_default(&o);
	o.allow_file = 0;
	T_CHECK(fetch_run(&o, &q, 1, on_done, &g) == 0);
	T_CHECK(strstr(g.error, "not allowed") != NULL);
	T_CHECK(g.calls == 4);
	unlink(path);
	q.url = "file:///nonexistent/dir/feed.xml";
	fetch_opts_default(&o);
	T_CHECK(fetch_run(&o, &q, 1, on_done, &g) == 0);
	T_CHECK(strstr(g.error, "No such file") != NULL);
	free(url);
}

static void loopback_refused_before_connect(void)
{
	/* Port 9 on 127.0.0.1: the policy refuses before any packet is sent. */
	struct fetch_opts o;
	struct fetch_req q[3] = { { 0 } };
	struct got g = { 0 };
	fetch_opts_default(&o);
	o.connect_timeout_ms = 2000;
	q[0].url = "http://127.0.0.1:9/feed.xml";
	q[1].url = "http://[::1]:9/feed.xml";
	q[2].url = "gopher://127.0.0.1/";
	T_CHECK(fetch_run(&o, q, 2, on_done, &g) == 0);
	T_CHECK(g.calls == 2);
	T_CHECK(strstr(g.error, "refused to connect") != NULL);
	T_CHECK(g.status == 0);
	T_CHECK(fetch_run(&o, q, 1, on_done, &g) == 0);
	T_CHECK(strstr(g.error, "loopback") != NULL);
	T_CHECK(fetch_run(&o, q + 2, 1, on_done, &g) == 0);
	T_CHECK(g.error[0] != '\0');
	T_CHECK(g.calls == 4);
}

static void empty_batch(void)
{
	struct fetch_opts o;
	struct got g = { 0 };
	fetch_opts_default(&o);
	T_CHECK(fetch_run(&o, NULL, 0, on_done, &g) == 0);
	T_CHECK(g.calls == 0);
}

int main(void)
{
	fetch_global_init();
	T_RUN(v4_refused_ranges);
	T_RUN(v4_edges_allowed);
	T_RUN(v6_refused_forms);
	T_RUN(v6_public_allowed);
	T_RUN(sockaddr_forms);
	T_RUN(headers_redirect_chain);
	T_RUN(headers_hostile);
	T_RUN(retry_after_forms);
	T_RUN(file_urls);
	T_RUN(loopback_refused_before_connect);
	T_RUN(empty_batch);
	return t_done();
}
