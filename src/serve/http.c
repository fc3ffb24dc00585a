/*
 * http.c — libmicrohttpd glue, the router and the response helpers.
 *
 * MHD calls on_request several times per request: once when the headers are in (we
 * allocate a struct conn_ctx and refuse an oversized Content-Length right away with 413),
 * once per body chunk (appended to a capped buf), and once at the end, when the request is
 * parsed, routed and answered. Everything a request allocates hangs off conn_ctx and is
 * freed in on_completed, whatever path the request took.
 *
 * Security headers are added in one place (send_resp) so no handler can forget them.
 */
#include "serve/http.h"
#include "util/log.h"
#include "util/util.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <malloc.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_ROUTES 256
#define MAX_SEGS 16
#define HTTP_TRIM_AFTER_NS (5 * 1000 * 1000)
#define HTTP_AUTH_SLOTS 8
#define HTTP_AUTH_REUSE_MS 30000     /* an accepted credential is checked again after this */

/* CPU time of the calling thread (the worker running the handler), in ns. */
static int64_t thread_cpu_ns(void)
{
	struct timespec ts;
	if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
		return 0;
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

struct route {
	char *method;
	char *segs[MAX_SEGS];
	int n_segs;
	int star;                    /* pattern ends with "*" */
	int flags;
	http_handler h;
};

struct http_router {
	struct route routes[MAX_ROUTES];
	int n;
	http_auth_fn auth;
	http_handler notfound;
};

struct http_server {
	struct MHD_Daemon *d;
	_Atomic(const unsigned char *) shm;   /* the WAL-index (-shm) header, read-only; NULL: none */
	struct http_router *r;
	char *db_path;
	int port;
	pthread_mutex_t lock;        /* guards threads */
	struct thread_ctx **threads;
	size_t n_threads, cap_threads;
};

struct conn_ctx {
	struct buf body;
	int too_large;
	int too_many_fields;         /* more than HTTP_MAX_FIELDS: answered 413 */
	struct http_req req;
	size_t cap_query, cap_form;
};

/* ---- router ---- */

struct http_router *http_router_new(void)
{
	return xcalloc(1, sizeof(struct http_router));
}

void http_router_free(struct http_router *r)
{
	if (!r)
		return;
	for (int i = 0; i < r->n; i++) {
		free(r->routes[i].method);
		for (int j = 0; j < r->routes[i].n_segs; j++)
			free(r->routes[i].segs[j]);
	}
	free(r);
}

void http_route(struct http_router *r, const char *method, const char *pattern, int flags,
		http_handler h)
{
	struct route *rt;
	const char *p = pattern;
	if (r->n >= MAX_ROUTES) {
		log_error("http: too many routes; %s %s dropped", method, pattern);
		return;
	}
	rt = &r->routes[r->n++];
	memset(rt, 0, sizeof *rt);
	rt->method = xstrdup(method);
	rt->flags = flags;
	rt->h = h;
	while (*p) {
		const char *e;
		while (*p == '/')
			p++;
		if (!*p)
			break;
		e = strchr(p, '/');
		if (!e)
			e = p + strlen(p);
		if (e - p == 1 && *p == '*') {
			rt->star = 1;
			break;
		}
		if (rt->n_segs < MAX_SEGS)
			rt->segs[rt->n_segs++] = xstrndup(p, (size_t)(e - p));
		p = e;
	}
}

void http_router_set_auth(struct http_router *r, http_auth_fn fn)
{
	r->auth = fn;
}

void http_router_set_notfound(struct http_router *r, http_handler h)
{
	r->notfound = h;
}

static void clear_params(struct http_req *req)
{
	for (int i = 0; i < req->n_params; i++)
		free(req->param_value[i]);
	req->n_params = 0;
}

static void add_param(struct http_req *req, const char *name, const char *v, size_t n)
{
	if (req->n_params >= HTTP_MAX_PARAMS)
		return;
	req->param_name[req->n_params] = name;
	req->param_value[req->n_params++] = xstrndup(v, n);
}

/* Match path against rt, capturing ":name" segments and the "*" tail into req. */
static int route_match(const struct route *rt, const char *path, struct http_req *req)
{
	const char *p = path;
	clear_params(req);
	for (int i = 0; i < rt->n_segs; i++) {
		const char *e;
		while (*p == '/')
			p++;
		if (!*p)
			return 0;
		e = strchr(p, '/');
		if (!e)
			e = p + strlen(p);
		if (rt->segs[i][0] == ':')
			add_param(req, rt->segs[i] + 1, p, (size_t)(e - p));
		else if (strlen(rt->segs[i]) != (size_t)(e - p) || memcmp(rt->segs[i], p, (size_t)(e - p)))
			return 0;
		p = e;
	}
	if (rt->star) {
		while (*p == '/')
			p++;
		add_param(req, "*", p, strlen(p));
		return 1;
	}
	while (*p == '/')
		p++;
	return *p == '\0';
}

static int method_match(const struct route *rt, const char *method)
{
	if (!strcmp(rt->method, "*") || !strcmp(rt->method, method))
		return 1;
	return !strcmp(method, "HEAD") && !strcmp(rt->method, "GET");
}

static int run_cached(struct http_req *req, struct http_resp *resp, http_handler h);
static int fast_hit(struct http_router *r, struct http_req *req, struct http_resp *resp, int flags);
static void note_stamp(struct http_req *req);
static void remember_auth(struct http_req *req, int flags);
static int cache_on = 1;   /* set once before the server starts */
static unsigned timeout_s = HTTP_TIMEOUT_S;

void http_set_timeout(unsigned seconds)
{
	timeout_s = seconds ? seconds : HTTP_TIMEOUT_S;
}

/* A cacheable GET only reads: the authentication check, the cache's data_version probe and
 * the handler's statements share one read transaction (one snapshot, and one WAL lock round
 * -- an fcntl pair and an fstat, which cost more than a cache hit itself -- instead of one
 * per statement: a feed list runs hundreds). The server ends it after the handler with
 * end_read_only. The one write such a request may make, the authentication's last_used
 * touch (once a minute per token), is a best-effort upgrade inside it: it fails at once
 * rather than waits when another connection wrote first, and is then retried next time. */
static void begin_read_only(struct http_req *req)
{
	if (req->st && sqlite3_get_autocommit(store_db(req->st)) && store_exec(req->st, "BEGIN", NULL) >= 0)
		req->read_txn = 1;
}

static void end_read_only(struct http_req *req)
{
	if (!req->read_txn || !req->st || sqlite3_get_autocommit(store_db(req->st)))
		return;
	if (store_exec(req->st, "COMMIT", NULL) < 0)
		store_rollback(req->st);
}

static int run_read_only(struct http_req *req, struct http_resp *resp, http_handler h)
{
	if (cache_on && req->cache)
		return run_cached(req, resp, h);
	return h(req, resp);
}

int http_dispatch(struct http_router *r, struct http_req *req, struct http_resp *resp)
{
	int path_matched = 0;
	for (int i = 0; i < r->n; i++) {
		const struct route *rt = &r->routes[i];
		if (!route_match(rt, req->path, req))
			continue;
		int rc, cacheable = (rt->flags & HTTP_CACHE) && !http_is_unsafe_method(req);
		if (!method_match(rt, req->method)) {
			path_matched = 1;
			continue;
		}
		if (cacheable && fast_hit(r, req, resp, rt->flags))
			return 0;
		if (cacheable) {
			note_stamp(req);
			begin_read_only(req);
		}
		if (rt->flags != HTTP_PUBLIC && r->auth && r->auth(req, resp, rt->flags))
			rc = 0;
		else {
			if (cacheable && rt->flags != HTTP_PUBLIC && r->auth)
				remember_auth(req, rt->flags);
			rc = cacheable ? run_read_only(req, resp, rt->h) : rt->h(req, resp);
		}
		end_read_only(req);
		return rc;
	}
	clear_params(req);
	if (path_matched)
		return http_resp_text(resp, 405, "method not allowed\n");
	if (r->notfound)
		return r->notfound(req, resp);
	return http_resp_text(resp, 404, "not found\n");
}

/* ---- request accessors ---- */

static const struct http_kv *kv_find(const struct http_kv *kv, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(kv[i].name, name))
			return &kv[i];
	return NULL;
}

const char *http_query(const struct http_req *req, const char *name)
{
	const struct http_kv *kv = kv_find(req->query, req->n_query, name);
	return kv ? kv->value : NULL;
}

const struct http_kv *http_form_field(const struct http_req *req, const char *name)
{
	return kv_find(req->form, req->n_form, name);
}

const char *http_form(const struct http_req *req, const char *name)
{
	const struct http_kv *kv = http_form_field(req, name);
	return kv ? kv->value : NULL;
}

const char *http_param(const struct http_req *req, const char *name)
{
	for (int i = 0; i < req->n_params; i++)
		if (!strcmp(req->param_name[i], name))
			return req->param_value[i];
	return NULL;
}

const char *http_header(const struct http_req *req, const char *name)
{
	if (!req->conn)
		return NULL;
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

const char *http_cookie(const struct http_req *req, const char *name)
{
	if (!req->conn)
		return NULL;
	return MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, name);
}

const char *http_arg(const struct http_req *req, const char *name)
{
	const char *v = http_query(req, name);
	json_t *j;
	if (v)
		return v;
	v = http_form(req, name);
	if (v)
		return v;
	if (req->json && json_is_object(req->json)) {
		j = json_object_get(req->json, name);
		if (json_is_string(j))
			return json_string_value(j);
	}
	return NULL;
}

int http_arg_id(const struct http_req *req, const char *name, int64_t *id)
{
	const char *v = http_arg(req, name);
	json_t *j;
	if (!v && req->json && json_is_object(req->json)) {
		j = json_object_get(req->json, name);
		if (json_is_integer(j) && json_integer_value(j) > 0) {
			*id = json_integer_value(j);
			return 0;
		}
	}
	if (!v)
		v = http_param(req, name);
	if (!v || str_to_i64(v, id) || *id <= 0)
		return -1;
	return 0;
}

int http_is_unsafe_method(const struct http_req *req)
{
	return strcmp(req->method, "GET") && strcmp(req->method, "HEAD") && strcmp(req->method, "OPTIONS");
}

/* ---- responses ---- */

void http_resp_init(struct http_resp *resp)
{
	memset(resp, 0, sizeof *resp);
	resp->status = 200;
	resp->content_type = "text/html; charset=utf-8";
	buf_init(&resp->body, HTTP_MAX_RESPONSE);
}

void http_resp_release(struct http_resp *resp)
{
	for (size_t i = 0; i < resp->n_headers; i++) {
		free(resp->headers[i].name);
		free(resp->headers[i].value);
	}
	free(resp->headers);
	resp->headers = NULL;
	resp->n_headers = resp->cap_headers = 0;
	buf_release(&resp->body);
}

void http_resp_header(struct http_resp *resp, const char *name, const char *value)
{
	xgrow((void **)&resp->headers, &resp->cap_headers, resp->n_headers + 1, sizeof *resp->headers);
	resp->headers[resp->n_headers].name = xstrdup(name);
	resp->headers[resp->n_headers].value = xstrdup(value);
	resp->n_headers++;
}

int http_resp_json(struct http_resp *resp, int status, json_t *v)
{
	char *s = json_dumps(v, JSON_COMPACT);
	json_decref(v);
	resp->status = status;
	resp->content_type = "application/json";
	buf_reset(&resp->body);
	if (!s)
		return http_resp_text(resp, 500, "cannot encode JSON\n");
	buf_puts(&resp->body, s);
	buf_putc(&resp->body, '\n');
	free(s);
	return 0;
}

int http_resp_error(struct http_resp *resp, int status, const char *msg)
{
	return http_resp_json(resp, status, json_pack("{s:s}", "error", msg));
}

int http_resp_redirect(struct http_resp *resp, const char *location)
{
	resp->status = 303;
	http_resp_header(resp, "Location", location);
	return 0;
}

int http_resp_text(struct http_resp *resp, int status, const char *text)
{
	resp->status = status;
	resp->content_type = "text/plain; charset=utf-8";
	buf_reset(&resp->body);
	buf_puts(&resp->body, text);
	return 0;
}

int http_escape_n(struct buf *b, const char *s, size_t n)
{
	size_t start = 0;
	if (!s)
		return 0;
	for (size_t i = 0; i < n; i++) {
		const char *rep;
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		if (buf_append(b, s + start, i - start) || buf_puts(b, rep))
			return -1;
		start = i + 1;
	}
	return buf_append(b, s + start, n - start);
}

int http_escape(struct buf *b, const char *s)
{
	return s ? http_escape_n(b, s, strlen(s)) : 0;
}

int http_urlencode(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		int rc;
		if (ascii_isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~')
			rc = buf_putc(b, (char)c);
		else
			rc = buf_printf(b, "%%%c%c", hex[c >> 4], hex[c & 15]);
		if (rc)
			return -1;
	}
	return 0;
}

/* ---- the server ---- */

/* Per worker thread: its store and its response cache (no locks: one thread each). */
struct stamp {
	uint64_t a, b;               /* see commit_stamp; {0, 0}: unknown */
};

struct cache_entry {
	char *key;
	uint64_t gen, data_version;
	struct stamp stamp;          /* the commit stamp read before the answer's snapshot */
	int64_t expires_ms;
	int status;
	const char *content_type;
	char *body;
	size_t len;
};

/* A set of credentials (Authorization and Cookie headers, hashed) the auth middleware
 * accepted for a route class, and what it set; reused while no commit happened since. */
struct auth_entry {
	unsigned char key[crypto_generichash_BYTES];
	int used;
	int64_t user_id;
	enum http_auth auth;
	char *csrf;
	struct stamp stamp;
	int64_t until_ms;
};

struct thread_ctx {
	struct store *st;
	struct cache_entry cache[HTTP_CACHE_SLOTS];
	unsigned next;               /* round-robin replacement */
	struct auth_entry auth[HTTP_AUTH_SLOTS];
	unsigned next_auth;
	struct stamp now;            /* this request's stamp, read before its transaction */
};

static _Thread_local struct {
	struct http_server *server;
	struct thread_ctx *ctx;
} tls;

static _Atomic uint64_t cache_gen = 1;

void http_cache_bump(void)
{
	cache_gen++;
}

void http_cache_enable(int on)
{
	cache_on = on;
}

/* ---- the commit stamp: did anything commit since? without a transaction ----
 *
 * A cache hit used to cost a read transaction (the session lookup and PRAGMA data_version):
 * an fcntl lock pair and an fstat, about 40% of the CPU of a hit. In WAL mode every commit,
 * by any connection of any process, rewrites the WAL-index header at the start of the -shm
 * file, which SQLite documents as part of its file format (https://sqlite.org/walformat.html,
 * "The WAL-Index Header"): two copies of 48 bytes, written second copy first; a reader
 * takes the first, then the second, and trusts them when they agree, as SQLite's own
 * readers do. iChange (bytes 8-11) counts write transactions, mxFrame (16-19) the frames,
 * and the salts (32-39) change when the WAL restarts, so the triple changes with every
 * commit. The file is mapped read-only once the first worker has its connection open; it
 * cannot be removed or re-initialized while any connection is open, and the workers' stay
 * open for the server's life. No mapping (not WAL, no file): every request takes the
 * transaction path, as before. */
static void map_shm(struct http_server *s)
{
	char *path;
	int fd;
	void *p;
	pthread_mutex_lock(&s->lock);
	if (atomic_load(&s->shm)) {
		pthread_mutex_unlock(&s->lock);
		return;
	}
	path = xasprintf("%s-shm", s->db_path);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	free(path);
	if (fd >= 0) {
		p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
		if (p != MAP_FAILED)
			atomic_store(&s->shm, (const unsigned char *)p);
		close(fd);
	}
	pthread_mutex_unlock(&s->lock);
}

static struct stamp commit_stamp(const struct http_server *s)
{
	uint32_t h1[12], h2[12];
	struct stamp st = { 0, 0 };
	const unsigned char *shm = s ? atomic_load(&((struct http_server *)s)->shm) : NULL;
	if (!shm)
		return st;
	memcpy(h1, shm, 48);
	atomic_thread_fence(memory_order_acquire);
	memcpy(h2, shm + 48, 48);
	if (memcmp(h1, h2, 48) != 0 || !((const unsigned char *)h1)[12])   /* torn, or isInit 0 */
		return st;
	st.a = (uint64_t)h1[2] << 32 | h1[4];   /* iChange, mxFrame */
	st.b = (uint64_t)h1[8] << 32 | h1[9];   /* salts */
	if (!st.a && !st.b)
		st.b = 1;   /* {0, 0} means "unknown" */
	return st;
}

static int stamp_known(struct stamp a)
{
	return a.a || a.b;
}

static int stamp_eq(struct stamp a, struct stamp b)
{
	return stamp_known(a) && a.a == b.a && a.b == b.b;
}

/* The credentials of a request for a route class, hashed: the auth middleware reads only
 * these headers (and the route's flags), so the same hash means the same decision. */
static void auth_key(const struct http_req *req, int flags, unsigned char out[crypto_generichash_BYTES])
{
	crypto_generichash_state h;
	const char *a = http_header(req, "Authorization"), *c = http_header(req, "Cookie");
	unsigned char f = (unsigned char)flags;
	crypto_generichash_init(&h, NULL, 0, crypto_generichash_BYTES);
	crypto_generichash_update(&h, &f, 1);
	crypto_generichash_update(&h, (const unsigned char *)(a ? a : ""), a ? strlen(a) + 1 : 0);
	crypto_generichash_update(&h, (const unsigned char *)"|", 1);
	crypto_generichash_update(&h, (const unsigned char *)(c ? c : ""), c ? strlen(c) + 1 : 0);
	crypto_generichash_final(&h, out, crypto_generichash_BYTES);
}

static struct auth_entry *auth_find(struct thread_ctx *t, const unsigned char *key, struct stamp now)
{
	int64_t ms = time_now_ms();
	for (int i = 0; i < HTTP_AUTH_SLOTS; i++) {
		struct auth_entry *e = &t->auth[i];
		if (e->used && stamp_eq(e->stamp, now) && e->until_ms > ms &&
		    sodium_memcmp(e->key, key, crypto_generichash_BYTES) == 0)
			return e;
	}
	return NULL;
}

static void auth_remember(struct thread_ctx *t, const struct http_req *req, int flags)
{
	struct auth_entry *e;
	if (!stamp_known(t->now) || req->user_id <= 0)
		return;
	e = &t->auth[t->next_auth++ % HTTP_AUTH_SLOTS];
	free(e->csrf);
	auth_key(req, flags, e->key);
	e->used = 1;
	e->user_id = req->user_id;
	e->auth = req->auth;
	e->csrf = req->csrf ? xstrdup(req->csrf) : NULL;
	e->stamp = t->now;
	e->until_ms = time_now_ms() + HTTP_AUTH_REUSE_MS;
}

/* Before a cacheable GET's transaction: the stamp its answer and credentials are filed under. */
static void note_stamp(struct http_req *req)
{
	struct thread_ctx *t = req->cache;
	if (t)
		t->now = commit_stamp(req->server);
}

static void remember_auth(struct http_req *req, int flags)
{
	if (req->cache && req->server)
		auth_remember(req->cache, req, flags);
}

/* This worker thread's context, opened on first use and registered for closing at stop. */
static struct thread_ctx *thread_ctx(struct http_server *s)
{
	char *err = NULL;
	struct store *st = NULL;
	struct thread_ctx *t;
	if (tls.server == s && tls.ctx)
		return tls.ctx;
	if (store_open(s->db_path, &st, &err)) {
		log_error("http: %s", err ? err : "cannot open the database");
		free(err);
		return NULL;
	}
	t = xcalloc(1, sizeof *t);
	t->st = st;
	pthread_mutex_lock(&s->lock);
	xgrow((void **)&s->threads, &s->cap_threads, s->n_threads + 1, sizeof *s->threads);
	s->threads[s->n_threads++] = t;
	pthread_mutex_unlock(&s->lock);
	tls.server = s;
	tls.ctx = t;
	map_shm(s);
	return t;
}

static void thread_ctx_free(struct thread_ctx *t)
{
	for (int i = 0; i < HTTP_CACHE_SLOTS; i++) {
		free(t->cache[i].key);
		free(t->cache[i].body);
	}
	for (int i = 0; i < HTTP_AUTH_SLOTS; i++)
		free(t->auth[i].csrf);
	store_close(t->st);
	free(t);
}

/* SQLite's data_version changes when another connection (thread, refresher, CLI) commits. */
static uint64_t data_version(struct store *st)
{
	sqlite3_stmt *q = store_prepare(st, "PRAGMA data_version", NULL);
	uint64_t v = 0;
	if (q && sqlite3_step(q) == SQLITE_ROW)
		v = (uint64_t)sqlite3_column_int64(q, 0);
	if (q)
		sqlite3_reset(q);
	return v;
}

static char *cache_key(const struct http_req *req)
{
	struct buf k = BUF_INIT(8192);
	buf_printf(&k, "%lld|%d|%s|%s", (long long)req->user_id, (int)req->auth, req->csrf ? req->csrf : "", req->path);
	for (size_t i = 0; i < req->n_query; i++)
		buf_printf(&k, "%c%s=%s", i ? '&' : '?', req->query[i].name, req->query[i].value);
	if (!k.data || k.len >= 8191) {
		buf_release(&k);
		return NULL;
	}
	return buf_detach(&k, NULL);
}

static struct cache_entry *cache_find(struct thread_ctx *t, const char *key, uint64_t dv)
{
	int64_t now = time_now_ms();
	for (int i = 0; i < HTTP_CACHE_SLOTS; i++) {
		struct cache_entry *e = &t->cache[i];
		if (e->key && e->gen == cache_gen && e->data_version == dv && e->expires_ms > now && !strcmp(e->key, key))
			return e;
	}
	return NULL;
}

static void cache_put(struct thread_ctx *t, char *key, uint64_t gen, uint64_t dv, const struct http_resp *resp)
{
	struct cache_entry *e = &t->cache[t->next++ % HTTP_CACHE_SLOTS];
	free(e->key);
	free(e->body);
	e->key = key;
	e->gen = gen;
	e->data_version = dv;
	e->stamp = t->now;
	e->expires_ms = time_now_ms() + HTTP_CACHE_TTL_S * 1000;
	e->status = resp->status;
	e->content_type = resp->content_type;
	e->len = resp->body.len;
	e->body = xmalloc(e->len + 1);
	if (e->len)
		memcpy(e->body, resp->body.data, e->len);
}

static int serve_entry(const struct cache_entry *e, struct http_resp *resp)
{
	resp->status = e->status;
	resp->content_type = e->content_type;
	buf_append(&resp->body, e->body, e->len);
	http_resp_header(resp, "X-Cache", "hit");
	return 0;
}

/* A cacheable GET answered with no database access at all: nothing committed since this
 * thread's entry was filled (the commit stamp is the same, and no in-process write bumped
 * the generation) and the same credentials were accepted at that same stamp less than
 * HTTP_AUTH_REUSE_MS ago (so a session or token revoked since, which is a commit, is never
 * honoured; an expiry passing within that window is, for at most that long). 1 answered. */
static int fast_hit(struct http_router *r, struct http_req *req, struct http_resp *resp, int flags)
{
	struct thread_ctx *t = req->cache;
	struct stamp now;
	unsigned char k[crypto_generichash_BYTES];
	struct auth_entry *a = NULL;
	struct cache_entry *e = NULL;
	char *key;
	int64_t ms = time_now_ms();
	if (!cache_on || !t || !req->server || !stamp_known(now = commit_stamp(req->server)))
		return 0;
	if (flags != HTTP_PUBLIC && r->auth) {
		auth_key(req, flags, k);
		if (!(a = auth_find(t, k, now)))
			return 0;
		req->user_id = a->user_id;
		req->auth = a->auth;
		free(req->csrf);
		req->csrf = a->csrf ? xstrdup(a->csrf) : NULL;
	}
	key = cache_key(req);
	for (int i = 0; key && i < HTTP_CACHE_SLOTS && !e; i++) {
		struct cache_entry *c = &t->cache[i];
		if (c->key && c->gen == cache_gen && stamp_eq(c->stamp, now) && c->expires_ms > ms && !strcmp(c->key, key))
			e = c;
	}
	free(key);
	if (!e) {
		req->user_id = 0;
		req->auth = HTTP_AUTH_NONE;
		free(req->csrf);
		req->csrf = NULL;
		return 0;
	}
	return serve_entry(e, resp), 1;
}

/* Serve a cacheable GET from this thread's cache, or run the handler and keep its answer. */
static int run_cached(struct http_req *req, struct http_resp *resp, http_handler h)
{
	struct thread_ctx *t = req->cache;
	uint64_t gen = cache_gen, dv = data_version(req->st);
	char *key = cache_key(req);
	struct cache_entry *e = key ? cache_find(t, key, dv) : NULL;
	int rc;
	if (e) {
		free(key);
		/* Still valid in this snapshot, which is no older than the stamp read before it:
		 * while the stamp stays, fast_hit may serve it without a transaction. */
		e->stamp = t->now;
		return serve_entry(e, resp);
	}
	rc = h(req, resp);
	if (key && resp->status == 200 && !resp->n_headers)
		cache_put(t, key, gen, dv, resp);
	else
		free(key);
	return rc;
}

/* -1 past HTTP_MAX_FIELDS (the field is not kept). */
static int kv_add(struct http_kv **arr, size_t *n, size_t *cap, const char *name,
		  const char *value, size_t vlen, const char *filename)
{
	struct http_kv *kv;
	if (*n >= HTTP_MAX_FIELDS)
		return -1;
	xgrow((void **)arr, cap, *n + 1, sizeof **arr);
	kv = &(*arr)[(*n)++];
	kv->name = xstrdup(name);
	kv->value = xstrndup(value ? value : "", vlen);
	kv->value_len = vlen;
	kv->filename = xstrdup(filename);
	return 0;
}

static void kv_free(struct http_kv *kv, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(kv[i].name);
		free(kv[i].value);
		free(kv[i].filename);
	}
	free(kv);
}

static enum MHD_Result query_iter(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct conn_ctx *c = cls;
	(void)kind;
	if (!key)
		return MHD_YES;
	if (kv_add(&c->req.query, &c->req.n_query, &c->cap_query, key, value, value ? strlen(value) : 0, NULL))
		c->too_many_fields = 1;
	return MHD_YES;
}

/* The post processor hands a field's value in chunks with increasing offsets. */
static enum MHD_Result post_iter(void *cls, enum MHD_ValueKind kind, const char *key,
				 const char *filename, const char *ctype, const char *tenc,
				 const char *data, uint64_t off, size_t size)
{
	struct conn_ctx *c = cls;
	struct http_req *r = &c->req;
	(void)kind, (void)ctype, (void)tenc;
	if (!key)
		return MHD_YES;
	if (off > 0 && r->n_form > 0 && !strcmp(r->form[r->n_form - 1].name, key)) {
		struct http_kv *kv = &r->form[r->n_form - 1];
		if (kv->value_len + size > HTTP_MAX_BODY)
			return MHD_NO;
		kv->value = xrealloc(kv->value, kv->value_len + size + 1);
		memcpy(kv->value + kv->value_len, data, size);
		kv->value_len += size;
		kv->value[kv->value_len] = '\0';
		return MHD_YES;
	}
	if (kv_add(&r->form, &r->n_form, &c->cap_form, key, data, size, filename)) {
		c->too_many_fields = 1;
		return MHD_NO;
	}
	return MHD_YES;
}

static void parse_body(struct MHD_Connection *conn, struct conn_ctx *c)
{
	const char *ct = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type");
	struct MHD_PostProcessor *pp;
	if (!c->body.len)
		return;
	c->req.body = c->body.data;
	c->req.body_len = c->body.len;
	if (ct && str_istartswith(ct, "application/json")) {
		c->req.json = json_loadb(c->body.data, c->body.len, 0, NULL);
		return;
	}
	pp = MHD_create_post_processor(conn, 16 * 1024, post_iter, c);
	if (!pp)
		return;
	MHD_post_process(pp, c->body.data, c->body.len);
	MHD_destroy_post_processor(pp);
}

static void client_addr(struct MHD_Connection *conn, char *out, size_t n)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	snprintf(out, n, "unknown");
	if (!ci || !ci->client_addr)
		return;
	if (ci->client_addr->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr, out, (socklen_t)n);
	else if (ci->client_addr->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ci->client_addr)->sin6_addr, out, (socklen_t)n);
}

static int has_header(const struct http_resp *resp, const char *name)
{
	for (size_t i = 0; i < resp->n_headers; i++)
		if (!str_casecmp(resp->headers[i].name, name))
			return 1;
	return 0;
}

static enum MHD_Result send_resp(struct MHD_Connection *conn, struct http_resp *resp)
{
	size_t len = 0;
	char *body = buf_detach(&resp->body, &len);
	struct MHD_Response *mr = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	enum MHD_Result rc;
	if (!mr) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(mr, "Content-Type", resp->content_type);
	MHD_add_response_header(mr, "Content-Security-Policy",
				"default-src 'self'; script-src 'self'; style-src 'self'; "
				"img-src 'self' http: https: data:; media-src http: https:; "
				"object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'");
	MHD_add_response_header(mr, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(mr, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(mr, "X-Frame-Options", "DENY");
	if (!has_header(resp, "Cache-Control"))
		MHD_add_response_header(mr, "Cache-Control", "no-store");
	for (size_t i = 0; i < resp->n_headers; i++)
		MHD_add_response_header(mr, resp->headers[i].name, resp->headers[i].value);
	rc = MHD_queue_response(conn, (unsigned)resp->status, mr);
	MHD_destroy_response(mr);
	return rc;
}

static enum MHD_Result answer_text(struct MHD_Connection *conn, int status, const char *text)
{
	struct http_resp resp;
	enum MHD_Result rc;
	http_resp_init(&resp);
	http_resp_text(&resp, status, text);
	rc = send_resp(conn, &resp);
	http_resp_release(&resp);
	return rc;
}

static enum MHD_Result handle(struct http_server *s, struct MHD_Connection *conn,
			      struct conn_ctx *c, const char *url, const char *method)
{
	struct http_resp resp;
	enum MHD_Result rc;
	char addr[64];
	int unsafe;
	struct thread_ctx *t = thread_ctx(s);
	struct store *st = t ? t->st : NULL;
	if (!st)
		return answer_text(conn, 503, "database unavailable\n");
	client_addr(conn, addr, sizeof addr);
	c->req.method = method;
	c->req.path = url;
	c->req.client = addr;
	c->req.st = st;
	c->req.conn = conn;
	c->req.server = s;
	MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, query_iter, c);
	parse_body(conn, c);
	if (c->too_many_fields)
		return answer_text(conn, 413, "too many query or form fields in one request\n");
	int64_t t0 = time_mono_ns(), c0 = thread_cpu_ns();
	char timing[64];
	http_resp_init(&resp);
	c->req.cache = t;
	unsafe = http_is_unsafe_method(&c->req);
	if (unsafe)
		store_foreground_enter();   /* the refresher lets this request's writes in (store.h) */
	http_dispatch(s->r, &c->req, &resp);
	store_rollback(st);   /* a handler that failed mid-transaction leaves none open */
	if (unsafe) {
		store_foreground_leave();
		http_cache_bump();   /* whatever it changed, cached pages may show it */
	}
	/* Server-Timing: the handler's own time (wall, and this thread's CPU, which a busy
	 * machine does not inflate), which bench/serve.sh and bench/clientapi.sh report. */
	int64_t cpu = thread_cpu_ns() - c0;   /* a system call here: read the clock once */
	snprintf(timing, sizeof timing, "app;dur=%.3f, cpu;dur=%.3f", (double)(time_mono_ns() - t0) / 1e6,
		 (double)cpu / 1e6);
	/* A slow request usually built large temporary structures (ranking thousands of
	 * stories): hand the freed heap back to the system so the idle server stays small. */
	if (cpu > HTTP_TRIM_AFTER_NS)   /* CPU, not wall: a busy machine is no reason */
		malloc_trim(0);
	http_resp_header(&resp, "Server-Timing", timing);
	rc = send_resp(conn, &resp);
	http_resp_release(&resp);
	return rc;
}

static int declared_too_large(struct MHD_Connection *conn)
{
	const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
	int64_t n;
	return cl && (str_to_i64(cl, &n) || n < 0 || n > HTTP_MAX_BODY);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version, const char *upload_data,
				  size_t *upload_data_size, void **con_cls)
{
	struct http_server *s = cls;
	struct conn_ctx *c = *con_cls;
	(void)version;
	if (!c) {
		c = xcalloc(1, sizeof *c);
		buf_init(&c->body, HTTP_MAX_BODY);
		*con_cls = c;
		if (declared_too_large(conn)) {
			c->too_large = 1;
			return answer_text(conn, 413, "request body too large (limit 1 MB)\n");
		}
		return MHD_YES;
	}
	if (c->too_large)
		return MHD_NO;
	if (*upload_data_size) {
		/* Chunked bodies have no Content-Length: past the cap we drop the connection. */
		if (buf_append(&c->body, upload_data, *upload_data_size)) {
			c->too_large = 1;
			return MHD_NO;
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	return handle(s, conn, c, url, method);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct conn_ctx *c = *con_cls;
	(void)cls, (void)conn, (void)toe;
	if (!c)
		return;
	kv_free(c->req.query, c->req.n_query);
	kv_free(c->req.form, c->req.n_form);
	json_decref(c->req.json);
	free(c->req.csrf);
	clear_params(&c->req);
	buf_release(&c->body);
	free(c);
	*con_cls = NULL;
}

static int parse_listen(const char *listen, struct sockaddr_in *sa, char **err)
{
	const char *colon = strrchr(listen, ':');
	char host[64];
	int64_t port;
	memset(sa, 0, sizeof *sa);
	sa->sin_family = AF_INET;
	if (!colon || (size_t)(colon - listen) >= sizeof host || str_to_i64(colon + 1, &port) ||
	    port < 0 || port > 65535) {
		*err = xasprintf("bad listen address '%s' (want HOST:PORT, e.g. 127.0.0.1:8080)", listen);
		return -1;
	}
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	if (!strcmp(host, "localhost"))
		snprintf(host, sizeof host, "127.0.0.1");
	if (inet_pton(AF_INET, host, &sa->sin_addr) != 1) {
		*err = xasprintf("bad listen host '%s' (want an IPv4 address such as 127.0.0.1)", host);
		return -1;
	}
	sa->sin_port = htons((uint16_t)port);
	return 0;
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	char line[512];
	(void)cls;
	vsnprintf(line, sizeof line, fmt, ap);
	line[strcspn(line, "\n")] = '\0';
	log_debug("http: %s", line);
}

int http_server_start(struct http_router *r, const char *listen, const char *db_path,
		      int threads, struct http_server **out, char **err)
{
	struct sockaddr_in sa;
	struct http_server *s;
	const union MHD_DaemonInfo *di;
	if (parse_listen(listen, &sa, err))
		return -1;
	s = xcalloc(1, sizeof *s);
	s->r = r;
	s->db_path = xstrdup(db_path);
	pthread_mutex_init(&s->lock, NULL);
	s->d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ERROR_LOG,
				0, NULL, NULL, on_request, s,
				MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
				MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(threads > 0 ? threads : 2),
				MHD_OPTION_CONNECTION_TIMEOUT, timeout_s,
				MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HTTP_CONN_MEMORY,
				MHD_OPTION_CONNECTION_LIMIT, (unsigned)1000,
				MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)0,
				MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
				MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
				MHD_OPTION_END);
	if (!s->d) {
		*err = xasprintf("cannot listen on %s (address in use, or not a local address?)", listen);
		http_server_stop(s);
		return -1;
	}
	di = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	s->port = di ? di->port : ntohs(sa.sin_port);
	*out = s;
	return 0;
}

int http_server_port(const struct http_server *s)
{
	return s->port;
}

void http_server_stop(struct http_server *s)
{
	if (!s)
		return;
	if (s->d)
		MHD_stop_daemon(s->d);
	if (atomic_load(&s->shm))
		munmap((void *)atomic_load(&s->shm), 4096);
	for (size_t i = 0; i < s->n_threads; i++)
		thread_ctx_free(s->threads[i]);
	free(s->threads);
	pthread_mutex_destroy(&s->lock);
	free(s->db_path);
	free(s);
}
