/*
 * greader_stream.c — Google Reader streams: stream/contents, stream/items/ids,
 * stream/items/contents as JSON, and /reader/atom/<stream> as Atom.
 *
 * Paging is keyset, not offset: the continuation is "<ts>_<id>" of the last item sent, so
 * items arriving while a client pages do not shift or repeat pages. Item HTML comes from
 * csync_item_html (always sanitized).
 */
#include "serve/greader_int.h"
#include "util/date.h"
#include "util/util.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CONTENTS_MAX 1000
#define IDS_MAX 10000

/* ---- query parameters shared by the stream endpoints ---- */

static int64_t arg_i64(const struct http_req *req, const char *name, int64_t dflt)
{
	const char *v = http_arg(req, name);
	int64_t n;
	if (!v || str_to_i64(v, &n) < 0)
		return dflt;
	return n;
}

static void apply_target(struct store *st, const char *t, int exclude, struct csync_query *q)
{
	struct gr_stream s;
	if (!t)
		return;
	gr_stream_parse(st, t, &s);
	if (s.kind == GR_READ)
		*(exclude ? &q->exclude_read : &q->only_read) = 1;
	else if (s.kind == GR_STARRED)
		*(exclude ? &q->exclude_starred : &q->only_starred) = 1;
}

static int parse_cont(const char *c, int64_t *ts, int64_t *id)
{
	const char *us = c ? strrchr(c, '_') : NULL;
	char head[32];
	if (!us || (size_t)(us - c) >= sizeof head)
		return -1;
	memcpy(head, c, (size_t)(us - c));
	head[us - c] = '\0';
	return str_to_i64(head, ts) == 0 && str_to_i64(us + 1, id) == 0 ? 0 : -1;
}

/* Build the query from the stream and n, r, c, xt, it, ot, nt. */
static void stream_query(struct http_req *req, int64_t user, const char *stream, int max, struct csync_query *q)
{
	struct gr_stream s;
	const char *r = http_arg(req, "r"), *c = http_arg(req, "c");
	int64_t n = arg_i64(req, "n", 20);
	csync_query_init(q, user);
	gr_stream_parse(req->st, stream ? stream : GR_STATE "reading-list", &s);
	gr_stream_apply(&s, q);
	apply_target(req->st, http_arg(req, "xt"), 1, q);
	apply_target(req->st, http_arg(req, "it"), 0, q);
	q->ts_min = arg_i64(req, "ot", CSYNC_NONE);
	q->ts_max = arg_i64(req, "nt", CSYNC_NONE);
	q->order = r && r[0] == 'o' ? CSYNC_OLDEST : CSYNC_NEWEST;
	q->limit = n < 1 ? 20 : n > max ? max : (int)n;
	if (c && parse_cont(c, &q->cont_ts, &q->cont_id) == 0)
		q->has_cont = 1;
}

static void set_continuation(json_t *o, const struct csync_query *q, int n, int64_t ts, int64_t id)
{
	char c[48];
	if (n < q->limit)
		return;   /* a short page is the last one */
	snprintf(c, sizeof c, "%" PRId64 "_%" PRId64, ts, id);
	json_object_set_new(o, "continuation", json_string(c));
}

/* ---- item rendering ---- */

/* json_string refuses invalid UTF-8; a bad byte in a feed must not drop the whole item. */
static json_t *jstr(const char *s)
{
	json_t *v = json_string(s ? s : "");
	return v ? v : json_string("");
}

static void item_long_id(int64_t id, char out[64])
{
	snprintf(out, 64, GR_ITEM_PREFIX "%016" PRIx64, (uint64_t)id);
}

static json_t *item_categories(const struct csync_item *it)
{
	json_t *c = json_array();
	json_array_append_new(c, json_string(GR_STATE "reading-list"));
	if (it->read)
		json_array_append_new(c, json_string(GR_STATE "read"));
	if (it->starred)
		json_array_append_new(c, json_string(GR_STATE "starred"));
	if (it->folder && *it->folder) {
		char *l = xasprintf(GR_LABEL "%s", it->folder);
		json_array_append_new(c, json_string(l));
		free(l);
	}
	return c;
}

static json_t *item_enclosures(const char *text)
{
	json_t *in = text ? json_loads(text, 0, NULL) : NULL, *out = json_array(), *e;
	size_t i;
	json_array_foreach(in, i, e) {
		json_t *o = json_object();
		json_t *u = json_object_get(e, "url"), *t = json_object_get(e, "type"), *l = json_object_get(e, "length");
		if (!json_is_string(u)) {
			json_decref(o);
			continue;
		}
		json_object_set(o, "href", u);
		if (json_is_string(t))
			json_object_set(o, "type", t);
		if (json_is_integer(l) && json_integer_value(l) >= 0)
			json_object_set(o, "length", l);
		json_array_append_new(out, o);
		if (i >= 16)
			break;
	}
	json_decref(in);
	return out;
}

static json_t *link_array(const char *url, int typed)
{
	json_t *a = json_array(), *o;
	if (!url)
		return a;
	o = json_pack("{s:s}", "href", url);
	if (typed)
		json_object_set_new(o, "type", json_string("text/html"));
	json_array_append_new(a, o);
	return a;
}

static json_t *item_json(const struct csync_item *it)
{
	char id[64], num[32];
	char *html = csync_item_html(it), *stream = xasprintf("feed/%s", it->feed_url);
	json_t *o = json_object(), *origin;
	item_long_id(it->id, id);
	json_object_set_new(o, "id", json_string(id));
	snprintf(num, sizeof num, "%" PRId64, it->fetched * 1000);
	json_object_set_new(o, "crawlTimeMsec", json_string(num));
	snprintf(num, sizeof num, "%" PRId64, it->ts * 1000000);
	json_object_set_new(o, "timestampUsec", json_string(num));
	json_object_set_new(o, "published", json_integer(it->ts));
	json_object_set_new(o, "updated", json_integer(it->ts));
	json_object_set_new(o, "title", jstr(it->title));
	json_object_set_new(o, "author", jstr(it->author));
	json_object_set_new(o, "canonical", link_array(it->url, 0));
	json_object_set_new(o, "alternate", link_array(it->url, 1));
	json_object_set_new(o, "categories", item_categories(it));
	origin = json_object();
	json_object_set_new(origin, "streamId", jstr(stream));
	json_object_set_new(origin, "title", jstr(it->feed_title));
	json_object_set_new(origin, "htmlUrl", jstr(it->site_url));
	json_object_set_new(o, "origin", origin);
	json_object_set_new(o, "summary", json_pack("{s:s, s:o}", "direction", "ltr", "content", jstr(html)));
	json_object_set_new(o, "enclosure", item_enclosures(it->enclosures));
	free(html);
	free(stream);
	return o;
}

/* ---- stream/contents ---- */

struct collect {
	json_t *arr;
	int64_t last_ts, last_id;
};

static int collect_item(const struct csync_item *it, void *ctx)
{
	struct collect *c = ctx;
	c->last_ts = it->ts;
	c->last_id = it->id;
	json_array_append_new(c->arr, item_json(it));
	return 0;
}

static int db_error(struct http_resp *resp, char *err)
{
	free(err);   /* the detail stays on the server; clients get a plain 500 */
	return http_resp_text(resp, 500, "Error=ServerError\n");
}

int gr_stream_contents(struct http_req *req, struct http_resp *resp, int64_t user, const char *stream)
{
	struct csync_query q;
	struct collect c = { json_array(), 0, 0 };
	json_t *o;
	char *err = NULL;
	int n = 0;
	if (!stream || !*stream)
		stream = http_arg(req, "s");
	stream_query(req, user, stream, CONTENTS_MAX, &q);
	if (csync_each(req->st, &q, collect_item, &c, &n, &err) < 0) {
		json_decref(c.arr);
		return db_error(resp, err);
	}
	o = json_pack("{s:o, s:I, s:o}", "id", jstr(stream ? stream : GR_STATE "reading-list"), "updated",
		      (json_int_t)time(NULL), "items", c.arr);
	set_continuation(o, &q, n, c.last_ts, c.last_id);
	return http_resp_json(resp, 200, o);
}

/* Item ids are written straight into the response: up to IDS_MAX small objects would
 * otherwise be as many jansson objects built and freed per request. */
struct id_writer {
	struct buf *b;
	int64_t last_ts, last_id;
	int n;
};

static int write_id(const struct csync_item *it, void *ctx)
{
	struct id_writer *w = ctx;
	buf_puts(w->b, w->n++ ? ",{\"id\":\"" : "{\"id\":\"");
	csync_buf_i64(w->b, it->id);
	buf_puts(w->b, "\",\"directStreamIds\":[],\"timestampUsec\":\"");
	csync_buf_i64(w->b, it->ts);
	buf_puts(w->b, it->ts ? "000000\"}" : "\"}");   /* seconds to microseconds, as text */
	w->last_ts = it->ts;
	w->last_id = it->id;
	return 0;
}

int gr_items_ids(struct http_req *req, struct http_resp *resp, int64_t user)
{
	struct csync_query q;
	struct id_writer w = { &resp->body, 0, 0, 0 };
	char *err = NULL;
	int n = 0;
	stream_query(req, user, http_arg(req, "s"), IDS_MAX, &q);
	q.ids_only = 1;
	buf_reset(&resp->body);
	buf_puts(&resp->body, "{\"itemRefs\":[");
	if (csync_each(req->st, &q, write_id, &w, &n, &err) < 0) {
		buf_reset(&resp->body);
		return db_error(resp, err);
	}
	buf_putc(&resp->body, ']');
	if (n >= q.limit)   /* a short page is the last one */
		buf_printf(&resp->body, ",\"continuation\":\"%" PRId64 "_%" PRId64 "\"", w.last_ts, w.last_id);
	buf_puts(&resp->body, "}\n");
	resp->status = 200;
	resp->content_type = "application/json";
	return 0;
}

int gr_items_contents(struct http_req *req, struct http_resp *resp, int64_t user)
{
	const char *ids[GR_MAX_IDS];
	size_t n = gr_args(req, "i", ids, GR_MAX_IDS);
	struct collect c = { json_array(), 0, 0 };
	char *err = NULL;
	if (n > GR_MAX_IDS) {
		json_decref(c.arr);
		return http_resp_text(resp, 400, "Error=at most 1000 items per stream/items/contents request\n");
	}
	for (size_t i = 0; i < n; i++) {
		int64_t id;
		if (gr_item_id(ids[i], &id) < 0)
			continue;
		if (csync_get(req->st, user, id, collect_item, &c, &err) < 0) {
			json_decref(c.arr);
			return db_error(resp, err);
		}
	}
	return http_resp_json(resp, 200, json_pack("{s:s, s:I, s:o}", "id", GR_STATE "reading-list", "updated",
						   (json_int_t)time(NULL), "items", c.arr));
}

/* ---- Atom ---- */

/* XML 1.0 text: escape markup, drop the control characters XML forbids. */
static void xml_text(struct buf *b, const char *s)
{
	for (; s && *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '&')
			buf_puts(b, "&amp;");
		else if (ch == '<')
			buf_puts(b, "&lt;");
		else if (ch == '>')
			buf_puts(b, "&gt;");
		else if (ch == '"')
			buf_puts(b, "&quot;");
		else if (ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r')
			continue;
		else
			buf_putc(b, (char)ch);
	}
}

static void atom_elem(struct buf *b, const char *name, const char *attrs, const char *text)
{
	buf_printf(b, "<%s%s>", name, attrs);
	xml_text(b, text);
	buf_printf(b, "</%s>\n", name);
}

static void atom_category(struct buf *b, int64_t user, const char *state)
{
	buf_printf(b, "<category term=\"user/%" PRId64 "/state/com.google/%s\" "
		      "scheme=\"http://www.google.com/reader/\" label=\"%s\"/>\n", user, state, state);
}

struct atom_ctx {
	struct buf *b;
	int64_t user;
	int64_t last_ts, last_id;
};

static void atom_link(struct buf *b, const char *rel, const char *href)
{
	buf_printf(b, "<link rel=\"%s\" type=\"text/html\" href=\"", rel);
	xml_text(b, href);
	buf_puts(b, "\"/>\n");
}

static int atom_entry(const struct csync_item *it, void *ctx)
{
	struct atom_ctx *a = ctx;
	struct buf *b = a->b;
	char id[64], when[DATE_ISO_LEN], *html = csync_item_html(it);
	a->last_ts = it->ts;
	a->last_id = it->id;
	item_long_id(it->id, id);
	buf_printf(b, "<entry gr:crawl-timestamp-msec=\"%" PRId64 "\">\n<id>%s</id>\n", it->fetched * 1000, id);
	atom_category(b, a->user, "reading-list");
	atom_category(b, a->user, it->read ? "read" : "fresh");
	if (it->starred)
		atom_category(b, a->user, "starred");
	atom_elem(b, "title", " type=\"html\"", it->title ? it->title : "");
	atom_elem(b, "published", "", date_format(it->ts, when));
	atom_elem(b, "updated", "", when);
	if (it->url)
		atom_link(b, "alternate", it->url);
	atom_elem(b, "content", " type=\"html\"", html);
	buf_puts(b, "<author>");
	atom_elem(b, "name", "", it->author ? it->author : "");
	buf_puts(b, "</author>\n<source gr:stream-id=\"feed/");
	xml_text(b, it->feed_url);
	buf_puts(b, "\">");
	atom_elem(b, "title", " type=\"html\"", it->feed_title);
	buf_puts(b, "</source>\n</entry>\n");
	free(html);
	return b->len >= HTTP_MAX_RESPONSE / 2;   /* stop well before the response cap */
}

static void atom_head(struct buf *b, const char *stream, const char *title, int64_t now)
{
	char when[DATE_ISO_LEN];
	buf_puts(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
		    "<feed xmlns=\"http://www.w3.org/2005/Atom\" "
		    "xmlns:gr=\"http://www.google.com/schemas/reader/atom/\">\n");
	buf_puts(b, "<id>tag:google.com,2005:reader/");
	xml_text(b, stream);
	buf_puts(b, "</id>\n");
	atom_elem(b, "title", " type=\"text\"", title);
	atom_elem(b, "updated", "", date_format(now, when));
}

/* The feed's title for a feed stream (Atom wants one), else the stream id. */
static char *stream_title(struct http_req *req, int64_t user, const struct gr_stream *s, const char *stream)
{
	int64_t ids[2] = { user, s->feed_id };
	char *t;
	if (s->kind != GR_FEED || !s->feed_id)
		return xstrdup(stream);
	t = store_text_by_id(req->st, "SELECT coalesce(s.title, f.title, f.url) FROM feeds f JOIN subscriptions s"
				      " ON s.feed_id = f.id AND s.user_id = ?1 WHERE f.id = ?2", ids, 2);
	return t ? t : xstrdup(stream);
}

int gr_atom(struct http_req *req, struct http_resp *resp)
{
	const char *stream = http_param(req, "*");
	struct csync_query q;
	struct gr_stream s;
	struct atom_ctx a = { &resp->body, 0, 0, 0 };
	char *err = NULL, *title, c[48];
	int n = 0;
	if (gr_auth(req, resp, &a.user) < 0)
		return 0;
	if (!stream || !*stream)
		stream = GR_STATE "reading-list";
	stream_query(req, a.user, stream, CONTENTS_MAX, &q);
	gr_stream_parse(req->st, stream, &s);
	title = stream_title(req, a.user, &s, stream);
	buf_reset(&resp->body);
	atom_head(&resp->body, stream, title, (int64_t)time(NULL));
	free(title);
	if (csync_each(req->st, &q, atom_entry, &a, &n, &err) < 0) {
		buf_reset(&resp->body);
		return db_error(resp, err);
	}
	if (n >= q.limit) {
		snprintf(c, sizeof c, "%" PRId64 "_%" PRId64, a.last_ts, a.last_id);
		atom_elem(&resp->body, "gr:continuation", "", c);
	}
	buf_puts(&resp->body, "</feed>\n");
	resp->status = 200;
	resp->content_type = "application/atom+xml; charset=utf-8";
	return 0;
}
