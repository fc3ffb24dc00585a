/*
 * fever.c — the Fever API over the clientsync item layer. The request's flags are answered
 * in one JSON object; marks are applied first so the id lists that follow reflect them.
 */
#include "serve/fever.h"
#include "serve/auth.h"
#include "serve/clientsync.h"
#include "store/feeds.h"
#include "util/buf.h"
#include "util/util.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#define FEVER_ITEMS 50

static int has_flag(const struct http_req *req, const char *name)
{
	for (size_t i = 0; i < req->n_query; i++)
		if (!strcmp(req->query[i].name, name))
			return 1;
	for (size_t i = 0; i < req->n_form; i++)
		if (!strcmp(req->form[i].name, name))
			return 1;
	return 0;
}

static int64_t arg_i64(const struct http_req *req, const char *name, int64_t dflt)
{
	const char *v = http_arg(req, name);
	int64_t n;
	return v && str_to_i64(v, &n) == 0 ? n : dflt;
}

static int64_t group_id(const char *folder)
{
	return (int64_t)(XXH32(folder, strlen(folder), 0) & 0x7fffffff) | 1;   /* never 0 */
}

static int64_t last_refreshed(struct store *st, int64_t user)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT coalesce(max(f.last_fetch), 0) FROM feeds f JOIN subscriptions s"
					    " ON s.feed_id = f.id WHERE s.user_id = ?", NULL);
	int64_t t = 0;
	if (!q)
		return 0;
	sqlite3_bind_int64(q, 1, user);
	if (sqlite3_step(q) == SQLITE_ROW)
		t = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	return t;
}

static json_t *jstr(const char *s)
{
	json_t *v = json_string(s ? s : "");
	return v ? v : json_string("");
}

/* ---- groups and feeds ---- */

/* groups: [{id, title}]; feeds_groups: [{group_id, feed_ids: "1,2"}]. */
static void add_groups(json_t *out, struct store_feed *fs, size_t n, int with_groups)
{
	json_t *groups = json_array(), *fg = json_array(), *seen = json_object();
	for (size_t i = 0; i < n; i++) {
		struct buf ids = BUF_INIT(0);
		const char *folder = fs[i].folder;
		if (!folder || !*folder || json_object_get(seen, folder))
			continue;
		json_object_set_new(seen, folder, json_true());
		for (size_t j = i; j < n; j++)
			if (fs[j].folder && !strcmp(fs[j].folder, folder))
				buf_printf(&ids, "%s%" PRId64, ids.len ? "," : "", fs[j].id);
		json_array_append_new(groups, json_pack("{s:I, s:o}", "id", (json_int_t)group_id(folder), "title", jstr(folder)));
		json_array_append_new(fg, json_pack("{s:I, s:s}", "group_id", (json_int_t)group_id(folder), "feed_ids",
						    ids.data ? ids.data : ""));
		buf_release(&ids);
	}
	json_decref(seen);
	if (with_groups)
		json_object_set_new(out, "groups", groups);
	else
		json_decref(groups);
	json_object_set_new(out, "feeds_groups", fg);
}

static json_t *feeds_json(struct store_feed *fs, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "id", json_integer(fs[i].id));
		json_object_set_new(o, "favicon_id", json_integer(0));
		json_object_set_new(o, "title", jstr(fs[i].title ? fs[i].title : fs[i].url));
		json_object_set_new(o, "url", jstr(fs[i].url));
		json_object_set_new(o, "site_url", jstr(fs[i].site_url));
		json_object_set_new(o, "is_spark", json_integer(0));
		json_object_set_new(o, "last_updated_on_time", json_integer(fs[i].last_success));
		json_array_append_new(a, o);
	}
	return a;
}

static int add_feeds_groups(struct http_req *req, int64_t user, json_t *out, char **err)
{
	struct store_feed *fs = NULL;
	size_t n = 0;
	int g = has_flag(req, "groups"), f = has_flag(req, "feeds");
	if (!g && !f)
		return 0;
	if (store_feeds_list(req->st, user, &fs, &n, err) < 0)
		return -1;
	if (f)
		json_object_set_new(out, "feeds", feeds_json(fs, n));
	add_groups(out, fs, n, g);
	store_feeds_free(fs, n);
	return 0;
}

/* ---- items ---- */

static int item_cb(const struct csync_item *it, void *ctx)
{
	json_t *o = json_object();
	char *html = csync_item_html(it);
	json_object_set_new(o, "id", json_integer(it->id));
	json_object_set_new(o, "feed_id", json_integer(it->feed_id));
	json_object_set_new(o, "title", jstr(it->title));
	json_object_set_new(o, "author", jstr(it->author));
	json_object_set_new(o, "html", jstr(html));
	json_object_set_new(o, "url", jstr(it->url));
	json_object_set_new(o, "is_saved", json_integer(it->starred));
	json_object_set_new(o, "is_read", json_integer(it->read));
	json_object_set_new(o, "created_on_time", json_integer(it->ts));
	json_array_append_new(ctx, o);
	free(html);
	return 0;
}

/* with_ids=1,2,3 (at most FEVER_ITEMS ids). */
static int items_with_ids(struct http_req *req, int64_t user, const char *list, json_t *arr, char **err)
{
	const char *p = list;
	for (int k = 0; *p && k < FEVER_ITEMS; k++) {
		char num[24];
		size_t len = strcspn(p, ",");
		int64_t id;
		if (len < sizeof num) {
			memcpy(num, p, len);
			num[len] = '\0';
			if (str_to_i64(str_trim(num), &id) == 0 && csync_get(req->st, user, id, item_cb, arr, err) < 0)
				return -1;
		}
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}

static int add_items(struct http_req *req, int64_t user, json_t *out, char **err)
{
	struct csync_query q;
	json_t *arr = json_array();
	const char *with = http_arg(req, "with_ids");
	int rc;
	json_object_set_new(out, "items", arr);
	json_object_set_new(out, "total_items", json_integer(csync_total(req->st, user)));
	if (with)
		return items_with_ids(req, user, with, arr, err);
	csync_query_init(&q, user);
	q.limit = FEVER_ITEMS;
	if (has_flag(req, "max_id")) {
		/* "the lowest id of locally cached items (or 0 initially)": 0 asks for the newest
		 * 50, as Fever and Miniflux answer it, not for the ids below 0 (none). */
		int64_t below = arg_i64(req, "max_id", 0);
		q.id_below = below > 0 ? below : CSYNC_NONE;
		q.order = CSYNC_ID_DESC;
	} else {
		q.id_above = arg_i64(req, "since_id", 0);
		q.order = CSYNC_ID_ASC;
	}
	rc = csync_each(req->st, &q, item_cb, arr, NULL, err);
	return rc;
}

/* The two id lists are written as text straight into buffers and spliced into the answer
 * (fever_send): tens of thousands of ids would otherwise be copied into a jansson string
 * and scanned again for escaping. */
struct idlists {
	struct buf b[2];             /* [0] unread_item_ids, [1] saved_item_ids */
	int has[2];
};

static int id_cb(const struct csync_item *it, void *ctx)
{
	struct buf *b = ctx;
	if (b->len)
		buf_putc(b, ',');
	csync_buf_i64(b, it->id);
	return 0;
}

static int add_id_list(struct http_req *req, int64_t user, struct idlists *l, int saved, char **err)
{
	struct csync_query q;
	struct buf *b = &l->b[saved];
	int rc;
	csync_query_init(&q, user);
	q.order = CSYNC_ID_ASC;
	q.limit = CSYNC_MAX_LIMIT;
	q.ids_only = 1;
	q.only_starred = 1;
	buf_reset(b);
	l->has[saved] = 1;
	/* unread ids: every one the user sees, so the merge walk (clientsync.h) */
	rc = saved ? csync_each(req->st, &q, id_cb, b, NULL, err) : csync_unread_ids(req->st, user, id_cb, b, err);
	return rc < 0 ? -1 : 0;
}

/* ---- marks ---- */

static const char *folder_of_group(struct store_feed *fs, size_t n, int64_t gid)
{
	for (size_t i = 0; i < n; i++)
		if (fs[i].folder && *fs[i].folder && group_id(fs[i].folder) == gid)
			return fs[i].folder;
	return NULL;
}

static int mark_group(struct http_req *req, int64_t user, int64_t gid, int64_t before, char **err)
{
	struct store_feed *fs = NULL;
	size_t n = 0;
	const char *folder;
	int rc = 0;
	if (gid == 0)
		return csync_mark_all_read(req->st, user, 0, NULL, before, CSYNC_FETCHED, err);
	if (store_feeds_list(req->st, user, &fs, &n, err) < 0)
		return -1;
	folder = folder_of_group(fs, n, gid);
	if (folder)
		rc = csync_mark_all_read(req->st, user, 0, folder, before, CSYNC_FETCHED, err);
	store_feeds_free(fs, n);
	return rc;
}

/* 0 done (unknown ids are ignored), 1 bad request, -1 database error. */
static int apply_mark(struct http_req *req, int64_t user, char **err)
{
	const char *mark = http_arg(req, "mark"), *as = http_arg(req, "as");
	int64_t id = arg_i64(req, "id", -1), before = arg_i64(req, "before", CSYNC_NONE);
	if (!mark)
		return 0;
	if (!as || id < 0)
		return 1;
	if (!strcmp(mark, "item")) {
		if (!strcmp(as, "read") || !strcmp(as, "unread"))
			return csync_set_read(req->st, user, id, as[0] == 'r', err) < 0 ? -1 : 0;
		if (!strcmp(as, "saved") || !strcmp(as, "unsaved"))
			return csync_set_starred(req->st, user, id, as[0] == 's', err) < 0 ? -1 : 0;
		return 1;
	}
	if (strcmp(as, "read") != 0)
		return 1;
	if (!strcmp(mark, "feed"))
		return id > 0 ? (csync_mark_all_read(req->st, user, id, NULL, before, CSYNC_FETCHED, err) < 0 ? -1 : 0) : 0;
	if (!strcmp(mark, "group"))
		return mark_group(req, user, id, before, err) < 0 ? -1 : 0;
	return 1;
}

/* ---- the endpoint ---- */

static int answer(struct http_req *req, int64_t user, json_t *out, struct idlists *l, char **err)
{
	const char *as = http_arg(req, "as");
	int m = apply_mark(req, user, err);
	if (m != 0)
		return m;
	/* The rest only reads: one snapshot and one WAL lock round for all of it (ended after
	 * the handler, serve/http.c). */
	if (sqlite3_get_autocommit(store_db(req->st)))
		store_exec(req->st, "BEGIN", NULL);
	if (add_feeds_groups(req, user, out, err) < 0)
		return -1;
	if (has_flag(req, "favicons"))
		json_object_set_new(out, "favicons", json_array());
	if (has_flag(req, "links"))
		json_object_set_new(out, "links", json_array());
	if (has_flag(req, "items") && add_items(req, user, out, err) < 0)
		return -1;
	/* After a mark, Fever answers with the list the mark changed. */
	if ((has_flag(req, "unread_item_ids") || (as && strstr(as, "read"))) && add_id_list(req, user, l, 0, err) < 0)
		return -1;
	if ((has_flag(req, "saved_item_ids") || (as && strstr(as, "saved"))) && add_id_list(req, user, l, 1, err) < 0)
		return -1;
	return 0;
}

/* ---- output: JSON, or XML with api=xml ---- */

static const char *const list_names[2] = { "unread_item_ids", "saved_item_ids" };

static int send_json(struct http_resp *resp, json_t *out, const struct idlists *l)
{
	char *s = json_dumps(out, JSON_COMPACT);
	size_t n = s ? strlen(s) : 0;
	json_decref(out);
	if (!s || n < 2) {
		free(s);
		return http_resp_error(resp, 500, "cannot encode JSON");
	}
	buf_reset(&resp->body);
	buf_append(&resp->body, s, n - 1);   /* all but the closing brace */
	for (int i = 0; i < 2; i++) {
		if (!l->has[i])
			continue;
		buf_printf(&resp->body, ",\"%s\":\"", list_names[i]);
		buf_append(&resp->body, l->b[i].data ? l->b[i].data : "", l->b[i].len);
		buf_putc(&resp->body, '"');
	}
	buf_puts(&resp->body, "}\n");
	free(s);
	resp->status = 200;
	resp->content_type = "application/json";
	return 0;
}

/* XML 1.0 text: markup escaped, the control characters XML forbids dropped. */
static void xml_text(struct buf *b, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '&')
			buf_puts(b, "&amp;");
		else if (c == '<')
			buf_puts(b, "&lt;");
		else if (c == '>')
			buf_puts(b, "&gt;");
		else if (c == '"')
			buf_puts(b, "&quot;");
		else if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r')
			buf_putc(b, (char)c);
	}
}

static void xml_value(struct buf *b, const char *name, json_t *v, int depth);

/* An array's members are named by the singular of its name (items → item, feeds_groups →
 * feeds_group), as the Fever API's XML and its other servers (The Arsse) write them. */
static void xml_array(struct buf *b, const char *name, json_t *v, int depth)
{
	char one[64];
	size_t n = strlen(name), i;
	json_t *m;
	if (n >= sizeof one)
		n = sizeof one - 1;
	memcpy(one, name, n);
	one[n && one[n - 1] == 's' ? n - 1 : n] = '\0';
	json_array_foreach(v, i, m)
		xml_value(b, one, m, depth + 1);
}

static void xml_value(struct buf *b, const char *name, json_t *v, int depth)
{
	const char *k;
	json_t *m;
	if (depth > 8)   /* our answers nest three deep; a bound all the same */
		return;
	buf_printf(b, "<%s>", name);
	if (json_is_object(v))
		json_object_foreach(v, k, m)
			xml_value(b, k, m, depth + 1);
	else if (json_is_array(v))
		xml_array(b, name, v, depth);
	else if (json_is_string(v))
		xml_text(b, json_string_value(v));
	else if (json_is_integer(v))
		csync_buf_i64(b, json_integer_value(v));
	else if (json_is_boolean(v))
		buf_putc(b, json_is_true(v) ? '1' : '0');
	buf_printf(b, "</%s>", name);
}

static int send_xml(struct http_resp *resp, json_t *out, const struct idlists *l)
{
	const char *k;
	json_t *m;
	buf_reset(&resp->body);
	buf_puts(&resp->body, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<response>");
	json_object_foreach(out, k, m)
		xml_value(&resp->body, k, m, 0);
	for (int i = 0; i < 2; i++) {
		if (!l->has[i])
			continue;
		buf_printf(&resp->body, "<%s>", list_names[i]);
		buf_append(&resp->body, l->b[i].data ? l->b[i].data : "", l->b[i].len);
		buf_printf(&resp->body, "</%s>", list_names[i]);
	}
	buf_puts(&resp->body, "</response>\n");
	json_decref(out);
	resp->status = 200;
	resp->content_type = "text/xml; charset=utf-8";
	return 0;
}

static int send_answer(struct http_req *req, struct http_resp *resp, json_t *out, const struct idlists *l)
{
	const char *api = http_arg(req, "api");
	return api && !strcmp(api, "xml") ? send_xml(resp, out, l) : send_json(resp, out, l);
}

static int fever_api(struct http_req *req, struct http_resp *resp)
{
	json_t *out = json_pack("{s:i}", "api_version", 3);
	struct idlists l = { { BUF_INIT(HTTP_MAX_RESPONSE), BUF_INIT(HTTP_MAX_RESPONSE) }, { 0, 0 } };
	int64_t user = 0;
	char *err = NULL;
	int rc;
	if (auth_fever_check(req->st, http_arg(req, "api_key"), &user) != AUTH_OK) {
		json_object_set_new(out, "auth", json_integer(0));
		return send_answer(req, resp, out, &l);
	}
	json_object_set_new(out, "auth", json_integer(1));
	json_object_set_new(out, "last_refreshed_on_time", json_integer(last_refreshed(req->st, user)));
	rc = answer(req, user, out, &l, &err);
	if (rc != 0) {
		json_decref(out);
		free(err);
		rc = rc > 0 ? http_resp_error(resp, 400, "bad mark request") : http_resp_error(resp, 500, "server error");
	} else
		rc = send_answer(req, resp, out, &l);
	buf_release(&l.b[0]);
	buf_release(&l.b[1]);
	return rc;
}

void fever_routes(struct http_router *r)
{
	http_route(r, "*", "/fever", HTTP_PUBLIC, fever_api);
	http_route(r, "*", "/fever/index.php", HTTP_PUBLIC, fever_api);
}
