/* test_http.c — router matching, escaping, and a live server: security headers, captures,
 * forms, JSON bodies, the auth middleware hook, 413 on oversized bodies, 405/404. */
#include "t.h"
#include "serve/http.h"
#include "serve/web.h"
#include "util/util.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

static int h_echo(struct http_req *req, struct http_resp *resp)
{
	buf_printf(&resp->body, "id=%s q=%s f=%s", http_param(req, "id") ? http_param(req, "id") : "-",
		   http_query(req, "q") ? http_query(req, "q") : "-",
		   http_arg(req, "f") ? http_arg(req, "f") : "-");
	return 0;
}

static int h_tail(struct http_req *req, struct http_resp *resp)
{
	buf_printf(&resp->body, "tail=%s", http_param(req, "*"));
	return 0;
}

static int h_secret(struct http_req *req, struct http_resp *resp)
{
	buf_printf(&resp->body, "user=%lld", (long long)req->user_id);
	return 0;
}

static int deny_auth(struct http_req *req, struct http_resp *resp, int flags)
{
	const char *k = http_query(req, "key");
	if (k && !strcmp(k, "ok")) {
		req->user_id = 7;
		return 0;
	}
	http_resp_error(resp, 401, flags & HTTP_API ? "api" : "page");
	return 1;
}

static struct http_router *make_router(void)
{
	struct http_router *r = http_router_new();
	http_router_set_auth(r, deny_auth);
	http_route(r, "GET", "/a/:id", HTTP_PUBLIC, h_echo);
	http_route(r, "POST", "/a/:id", HTTP_PUBLIC, h_echo);
	http_route(r, "*", "/files/*", HTTP_PUBLIC, h_tail);
	http_route(r, "GET", "/secret", HTTP_API, h_secret);
	return r;
}

static void escapes_html(void)
{
	struct buf b = BUF_INIT(0);
	http_escape(&b, "<a href=\"x\" onclick='y'>&</a>");
	T_STREQ(b.data, "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
	buf_reset(&b);
	http_urlencode(&b, "a b&c=d/é");
	T_STREQ(b.data, "a%20b%26c%3Dd%2F%C3%A9");
	buf_release(&b);
}

/* Redirect targets after login and form posts: only local paths, as a browser reads them. */
static void safe_next(void)
{
	T_STREQ(web_safe_next("/articles?view=all"), "/articles?view=all");
	T_STREQ(web_safe_next("/%2F/x"), "/%2F/x");   /* percent-encoded: a path segment */
	T_STREQ(web_safe_next("//evil.example/"), "/");
	T_STREQ(web_safe_next("/\\evil.example"), "/");
	T_STREQ(web_safe_next("https://evil.example"), "/");
	T_STREQ(web_safe_next("/\t/evil.example"), "/");   /* the browser drops the tab: //evil.example */
	T_STREQ(web_safe_next("/\n/evil.example"), "/");
	T_STREQ(web_safe_next("/\t\\evil.example"), "/");
	T_STREQ(web_safe_next("/a\x7f"), "/");
	T_STREQ(web_safe_next(""), "/");
	T_STREQ(web_safe_next(NULL), "/");
}

static void routes_match(void)
{
	struct http_router *r = make_router();
	struct http_req req;
	struct http_resp resp;
	memset(&req, 0, sizeof req);
	req.method = "GET";
	req.path = "/a/42";
	http_resp_init(&resp);
	http_dispatch(r, &req, &resp);
	T_STREQ(resp.body.data, "id=42 q=- f=-");
	http_resp_release(&resp);

	req.path = "/a/42/extra";
	http_resp_init(&resp);
	http_dispatch(r, &req, &resp);
	T_CHECK(resp.status == 404);
	http_resp_release(&resp);

	req.method = "DELETE";
	req.path = "/a/1";
	http_resp_init(&resp);
	http_dispatch(r, &req, &resp);
	T_CHECK(resp.status == 405);
	http_resp_release(&resp);

	req.method = "PUT";
	req.path = "/files/x/y.css";
	http_resp_init(&resp);
	http_dispatch(r, &req, &resp);
	T_STREQ(resp.body.data, "tail=x/y.css");
	http_resp_release(&resp);

	req.method = "GET";
	req.path = "/secret";
	http_resp_init(&resp);
	http_dispatch(r, &req, &resp);
	T_CHECK(resp.status == 401);
	T_CHECK(strstr(resp.body.data, "api") != NULL);
	http_resp_release(&resp);
	for (int i = 0; i < req.n_params; i++)
		free(req.param_value[i]);
	http_router_free(r);
}

/* Send raw bytes, read the whole answer (Connection: close). */
static char *roundtrip(int port, const char *raw, size_t n)
{
	struct sockaddr_in sa;
	struct buf b = BUF_INIT(1 << 20);
	char chunk[4096];
	ssize_t got;
	size_t off = 0;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa)) {
		close(fd);
		return xstrdup("");
	}
	while (off < n) {
		ssize_t w = send(fd, raw + off, n - off, MSG_NOSIGNAL);
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	while ((got = recv(fd, chunk, sizeof chunk, 0)) > 0)
		buf_append(&b, chunk, (size_t)got);
	close(fd);
	return b.data ? buf_detach(&b, NULL) : xstrdup("");
}

static char *get(int port, const char *req)
{
	return roundtrip(port, req, strlen(req));
}

static void live_server(void)
{
	struct http_router *r = make_router();
	struct http_server *s = NULL;
	char *err = NULL, *out, db[64];
	int port;
	snprintf(db, sizeof db, "/tmp/nf-test-http-%d.db", (int)getpid());
	T_REQUIRE(http_server_start(r, "127.0.0.1:0", db, 2, &s, &err) == 0);
	port = http_server_port(s);
	T_CHECK(port > 0);

	out = get(port, "GET /a/5?q=hello%20there HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
	T_CHECK(strstr(out, "HTTP/1.1 200") == out);
	T_CHECK(strstr(out, "id=5 q=hello there f=-") != NULL);
	T_CHECK(strstr(out, "Content-Security-Policy: default-src 'self'; script-src 'self'") != NULL);
	T_CHECK(strstr(out, "X-Content-Type-Options: nosniff") != NULL);
	T_CHECK(strstr(out, "X-Frame-Options: DENY") != NULL);
	T_CHECK(strstr(out, "Referrer-Policy: no-referrer") != NULL);
	free(out);

	out = get(port, "POST /a/6 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
			"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 9\r\n\r\nf=a%3Cb&z");
	T_CHECK(strstr(out, "id=6 q=- f=a<b") != NULL);
	free(out);

	out = get(port, "POST /a/7 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
			"Content-Type: application/json\r\nContent-Length: 10\r\n\r\n{\"f\":\"j\"}\n");
	T_CHECK(strstr(out, "id=7 q=- f=j") != NULL);
	free(out);

	out = get(port, "POST /a/8 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
			"Content-Length: 5000000\r\n\r\nxx");
	T_CHECK(strstr(out, "HTTP/1.1 413") == out);
	free(out);

	out = get(port, "GET /secret HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
	T_CHECK(strstr(out, "HTTP/1.1 401") == out);
	free(out);
	out = get(port, "GET /secret?key=ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
	T_CHECK(strstr(out, "user=7") != NULL);
	free(out);

	out = get(port, "GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
	T_CHECK(strstr(out, "HTTP/1.1 404") == out);
	free(out);

	{	/* Headers past the connection memory limit are refused, not buffered. */
		struct buf big = BUF_INIT(0);
		buf_puts(&big, "GET /a/1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n");
		for (int i = 0; i < 2000; i++)
			buf_printf(&big, "X-Pad-%d: %s\r\n", i, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
		buf_puts(&big, "\r\n");
		out = roundtrip(port, big.data, big.len);
		T_CHECK(strstr(out, "HTTP/1.1 200") == NULL);
		free(out);
		buf_release(&big);
	}
	http_server_stop(s);
	http_router_free(r);
	for (const char *suf = ""; suf; suf = !*suf ? "-wal" : (!strcmp(suf, "-wal") ? "-shm" : NULL)) {
		char p[96];
		snprintf(p, sizeof p, "%s%s", db, suf);
		unlink(p);
	}
}

int main(void)
{
	T_RUN(escapes_html);
	T_RUN(safe_next);
	T_RUN(routes_match);
	T_RUN(live_server);
	return t_done();
}
