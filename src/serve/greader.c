/*
 * greader.c — the Google Reader API: login, authentication, subscriptions, tags, counts,
 * state edits, and the routing of /reader/api/0/<endpoint>. Streams are greader_stream.c.
 *
 * The shapes follow what FreshRSS and Miniflux answer (the de facto spec clients are tested
 * against): ids as strings, timestamps in usec/msec as strings where Google had them so,
 * "OK" as the plain-text answer to edits. Errors a client can act on are 400/401/405 with
 * one short line; database failures are a bare 500 (details stay in the server).
 */
#include "serve/greader.h"
#include "serve/auth.h"
#include "serve/greader_int.h"
#include "serve/reader.h"
#include "serve/serve.h"
#include "store/feeds.h"
#include "util/util.h"

#include <inttypes.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- shared helpers (greader_int.h) ---- */

int gr_auth(struct http_req *req, struct http_resp *resp, int64_t *user)
{
	const char *h = http_header(req, "Authorization"), *tok, *slash;
	if (h && str_istartswith(h, "GoogleLogin auth=")) {
		tok = h + strlen("GoogleLogin auth=");
		/* FreshRSS hands out "name/token"; clients configured for it send that back. */
		slash = strrchr(tok, '/');
		if (slash)
			tok = slash + 1;
		if (auth_token_check(req->st, tok, user) == AUTH_OK)
			return 0;
	}
	http_resp_header(resp, "WWW-Authenticate", "GoogleLogin");
	http_resp_text(resp, 401, "Unauthorized!\n");
	return -1;
}

static void args_from(const struct http_kv *kv, size_t nkv, const char *name, const char **out, size_t max,
		      size_t *n)
{
	for (size_t i = 0; i < nkv; i++) {
		if (strcmp(kv[i].name, name) || !kv[i].value)
			continue;
		if (*n < max)
			out[*n] = kv[i].value;
		(*n)++;
	}
}

size_t gr_args(const struct http_req *req, const char *name, const char **out, size_t max)
{
	size_t n = 0;
	args_from(req->query, req->n_query, name, out, max, &n);
	args_from(req->form, req->n_form, name, out, max, &n);
	return n;
}

const char **gr_args_all(const struct http_req *req, const char *name, size_t *n)
{
	const char **out = xcalloc(req->n_query + req->n_form + 1, sizeof *out);
	*n = gr_args(req, name, out, req->n_query + req->n_form);
	return out;
}

/* The hex of a long-form id, or a bare id in hex (at most 16 digits). */
static int hex_id(const char *s, int64_t *id)
{
	uint64_t v = 0;
	size_t i;
	for (i = 0; s[i]; i++) {
		int c = ascii_tolower((unsigned char)s[i]);
		int d = ascii_isdigit(c) ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
		if (d < 0 || i >= 16)
			return -1;
		v = v << 4 | (uint64_t)d;
	}
	if (i == 0 || v == 0 || v > INT64_MAX)
		return -1;
	*id = (int64_t)v;
	return 0;
}

/* FreshRSS's rule, which clients are written against: digits with no leading zero are the
 * decimal short form (what stream/items/ids hands out); anything else is hex, with or
 * without the tag: prefix. So "0000000000000016" (the long form's tail, as some clients
 * send it) is item 22, not item 16. */
int gr_item_id(const char *s, int64_t *id)
{
	int all_digits = 1;
	if (!s || !*s)
		return -1;
	if (str_startswith(s, GR_ITEM_PREFIX))
		return hex_id(s + strlen(GR_ITEM_PREFIX), id);
	for (const char *p = s; *p; p++)
		all_digits &= ascii_isdigit((unsigned char)*p) != 0;
	if (all_digits && s[0] != '0')
		return str_to_i64(s, id) == 0 && *id > 0 ? 0 : -1;
	return hex_id(s, id);
}

void gr_stream_parse(struct store *st, const char *id, struct gr_stream *out)
{
	const char *rest = id, *slash;
	char *err = NULL;
	memset(out, 0, sizeof *out);
	out->kind = GR_UNKNOWN;
	if (!id)
		return;
	if (str_startswith(id, "feed/")) {
		out->kind = GR_FEED;
		if (!st || store_feed_find(st, id + 5, &out->feed_id, &err) != 0)
			out->feed_id = 0;
		free(err);
		return;
	}
	/* "user/<anything>/..." is the same as "user/-/...": clients put their user id there. */
	if (!str_startswith(id, "user/") || !(slash = strchr(id + 5, '/')))
		return;
	rest = slash + 1;
	if (!strcmp(rest, "state/com.google/reading-list"))
		out->kind = GR_READING_LIST;
	else if (!strcmp(rest, "state/com.google/starred"))
		out->kind = GR_STARRED;
	else if (!strcmp(rest, "state/com.google/read"))
		out->kind = GR_READ;
	else if (str_startswith(rest, "label/") && rest[6]) {
		out->kind = GR_LABEL_STREAM;
		out->label = rest + 6;
	}
}

void gr_stream_apply(const struct gr_stream *s, struct csync_query *q)
{
	switch (s->kind) {
	case GR_READING_LIST:
		break;
	case GR_STARRED:
		q->only_starred = 1;
		break;
	case GR_READ:
		q->only_read = 1;
		break;
	case GR_LABEL_STREAM:
		q->folder = s->label;
		break;
	case GR_FEED:
		q->feed_id = s->feed_id ? s->feed_id : -1;   /* unknown feed: nothing */
		break;
	default:
		q->feed_id = -1;
	}
}

static int db_error(struct http_resp *resp, char *err)
{
	free(err);
	return http_resp_text(resp, 500, "Error=ServerError\n");
}

static int ok(struct http_resp *resp)
{
	return http_resp_text(resp, 200, "OK");
}

static int need_post(struct http_req *req, struct http_resp *resp)
{
	if (!strcmp(req->method, "POST"))
		return 0;
	http_resp_header(resp, "Allow", "POST");
	http_resp_text(resp, 405, "Error=POST required\n");
	return -1;
}

/* ---- login, token, user-info ---- */

static int gr_login(struct http_req *req, struct http_resp *resp)
{
	const char *email = http_arg(req, "Email"), *pw = http_arg(req, "Passwd");
	char *tok = NULL, *err = NULL, *body;
	int64_t user = 0;
	int rc;
	if (!email || !pw)
		return http_resp_text(resp, 400, "Error=BadAuthentication\n");
	rc = auth_login(req->st, email, pw, req->client, &user, &err);
	if (rc == AUTH_LIMITED) {
		http_resp_header(resp, "Retry-After", "60");
		return http_resp_text(resp, 429, "Error=TooManyRequests\n");
	}
	if (rc == AUTH_ERR)
		return db_error(resp, err);
	if (rc != AUTH_OK)
		return http_resp_text(resp, 401, "Error=BadAuthentication\n");
	if (auth_clientlogin_token(req->st, user, &tok, &err) != AUTH_OK)
		return db_error(resp, err);
	body = xasprintf("SID=%s\nLSID=null\nAuth=%s\n", tok, tok);
	http_resp_text(resp, 200, body);
	sodium_memzero(body, strlen(body));
	sodium_memzero(tok, strlen(tok));
	free(body);
	free(tok);
	return 0;
}

static int gr_token(struct http_resp *resp)
{
	unsigned char r[28];
	char hex[57];
	randombytes_buf(r, sizeof r);
	sodium_bin2hex(hex, sizeof hex, r, sizeof r);
	return http_resp_text(resp, 200, hex);
}

static int gr_user_info(struct http_req *req, struct http_resp *resp, int64_t user)
{
	char id[24], *name = auth_user_name(req->st, user);
	json_t *o;
	snprintf(id, sizeof id, "%" PRId64, user);
	o = json_pack("{s:s, s:s, s:s, s:s}", "userId", id, "userName", name ? name : "", "userProfileId", id,
		      "userEmail", "");
	free(name);
	return http_resp_json(resp, 200, o);
}

/* ---- subscriptions and tags ---- */

static json_t *label_cats(const char *folder)
{
	json_t *a = json_array();
	char *id;
	if (!folder || !*folder)
		return a;
	id = xasprintf(GR_LABEL "%s", folder);
	json_array_append_new(a, json_pack("{s:s, s:s}", "id", id, "label", folder));
	free(id);
	return a;
}

static int gr_sub_list(struct http_req *req, struct http_resp *resp, int64_t user)
{
	struct store_feed *fs = NULL;
	size_t n = 0;
	char *err = NULL;
	json_t *subs = json_array();
	if (store_feeds_list(req->st, user, &fs, &n, &err) < 0) {
		json_decref(subs);
		return db_error(resp, err);
	}
	for (size_t i = 0; i < n; i++) {
		char *id = xasprintf("feed/%s", fs[i].url);
		json_t *o = json_pack("{s:s, s:s, s:o, s:s, s:s, s:s, s:s}", "id", id, "title",
				      fs[i].title ? fs[i].title : fs[i].url, "categories", label_cats(fs[i].folder),
				      "url", fs[i].url, "htmlUrl", fs[i].site_url ? fs[i].site_url : "", "iconUrl", "",
				      "firstitemmsec", "0");
		if (o)
			json_array_append_new(subs, o);
		free(id);
	}
	store_feeds_free(fs, n);
	return http_resp_json(resp, 200, json_pack("{s:o}", "subscriptions", subs));
}

static const char *label_name(const char *tag)
{
	struct gr_stream s;
	gr_stream_parse(NULL, tag, &s);
	return s.kind == GR_LABEL_STREAM ? s.label : NULL;
}

static int web_url(const char *u)
{
	return u && (str_istartswith(u, "http://") || str_istartswith(u, "https://")) && strlen(u) < 2048;
}

static int sub_set(struct store *st, int64_t user, int64_t feed, const char *title, const char *folder,
		   const char *unfolder, char **err)
{
	sqlite3_stmt *q = store_prepare(st, "UPDATE subscriptions SET title = coalesce(?3, title),"
					    " folder = CASE WHEN ?4 IS NOT NULL THEN ?4 WHEN ?5 IS NOT NULL AND folder = ?5"
					    " THEN NULL ELSE folder END WHERE user_id = ?1 AND feed_id = ?2", err);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, user);
	sqlite3_bind_int64(q, 2, feed);
	if (title && *title)
		sqlite3_bind_text(q, 3, title, -1, SQLITE_TRANSIENT);
	if (folder)
		sqlite3_bind_text(q, 4, folder, -1, SQLITE_TRANSIENT);
	if (unfolder)
		sqlite3_bind_text(q, 5, unfolder, -1, SQLITE_TRANSIENT);
	if (store_step_done(st, q, "editing subscription", err))
		return -1;
	return 0;
}

/* One stream of subscription/edit. 0 done, 1 bad input, -1 database error. */
static int sub_edit_one(struct http_req *req, int64_t user, const char *ac, const char *s, int *added, char **err)
{
	const char *title = http_arg(req, "t"), *folder = label_name(http_arg(req, "a"));
	const char *unfolder = label_name(http_arg(req, "r"));
	struct gr_stream gs;
	int64_t id = 0;
	int created;
	if (!strcmp(ac, "subscribe")) {
		if (!str_startswith(s, "feed/") || !web_url(s + 5))
			return 1;
		if (store_feed_add(req->st, user, s + 5, "feed", title, folder, &id, &created, err) < 0)
			return -1;
		*added = 1;
		return 0;
	}
	gr_stream_parse(req->st, s, &gs);
	if (gs.kind != GR_FEED || !gs.feed_id)
		return 1;
	if (!strcmp(ac, "unsubscribe"))
		return store_feed_remove(req->st, user, gs.feed_id, err) < 0 ? -1 : 0;
	if (!strcmp(ac, "edit"))
		return sub_set(req->st, user, gs.feed_id, title, folder, unfolder, err);
	return 1;
}

static int gr_sub_edit(struct http_req *req, struct http_resp *resp, int64_t user)
{
	const char *ac = http_arg(req, "ac"), *streams[64];
	size_t n = gr_args(req, "s", streams, 64);
	char *err = NULL;
	int bad = 0, added = 0, rc = 0;
	if (need_post(req, resp) < 0)
		return 0;
	if (!ac || !n)
		return http_resp_text(resp, 400, "Error=ac and s are required\n");
	if (n > 64)
		return http_resp_text(resp, 400, "Error=at most 64 s= streams per request\n");
	for (size_t i = 0; i < n && rc >= 0; i++) {
		rc = sub_edit_one(req, user, ac, streams[i], &added, &err);
		bad |= rc > 0;
	}
	/* Unlike quickadd (one feed, fetched at once as the web's Add does), edit subscribes up
	 * to 64 feeds: the refresher fetches them in the background, now rather than at its
	 * next scheduled run (up to REFRESHER_MAX_SLEEP away). */
	if (added)
		reader_feeds_added();
	if (rc < 0)
		return db_error(resp, err);
	return bad ? http_resp_text(resp, 400, "Error=unknown feed, action or URL\n") : ok(resp);
}

/* quickadd=URL: a feed, or a site whose feed is discovered (as the web's "Add" does, and
 * as FreshRSS and Miniflux answer it), fetched once; the answer names the feed found.
 * Nothing found is {numResults: 0, error} with 200, as Miniflux answers it. */
static int gr_quickadd(struct http_req *req, struct http_resp *resp, int64_t user)
{
	const char *url = http_arg(req, "quickadd");
	char *err = NULL, *sid;
	struct store_feed f = { 0 };
	int64_t id = 0;
	if (need_post(req, resp) < 0)
		return 0;
	if (url && str_startswith(url, "feed/"))
		url += 5;
	if (!web_url(url))
		return http_resp_json(resp, 400, json_pack("{s:i, s:s}", "numResults", 0, "error", "an http(s) URL is required"));
	if (reader_feed_add(req->st, user, url, NULL, serve_allow_private(req), &id, &err) < 0) {
		http_resp_json(resp, 200, json_pack("{s:i, s:s, s:s}", "numResults", 0, "query", url, "error",
						    err ? err : "no feed found"));
		free(err);
		return 0;
	}
	if (store_feed_get(req->st, user, id, &f, &err) != 0) {   /* 1: gone again already */
		store_feed_release(&f);
		return db_error(resp, err);
	}
	sid = xasprintf("feed/%s", f.url);
	http_resp_json(resp, 200, json_pack("{s:i, s:s, s:s, s:s}", "numResults", 1, "query", url, "streamId", sid,
					    "streamName", f.title && *f.title ? f.title : f.url));
	free(sid);
	store_feed_release(&f);
	return 0;
}

static int gr_tag_list(struct http_req *req, struct http_resp *resp, int64_t user)
{
	sqlite3_stmt *q = store_prepare(req->st, "SELECT DISTINCT folder FROM subscriptions WHERE user_id = ?"
						 " AND folder IS NOT NULL AND folder <> '' ORDER BY folder", NULL);
	json_t *tags = json_array();
	json_array_append_new(tags, json_pack("{s:s}", "id", GR_STATE "starred"));
	if (!q) {
		json_decref(tags);
		return db_error(resp, NULL);
	}
	sqlite3_bind_int64(q, 1, user);
	while (sqlite3_step(q) == SQLITE_ROW) {
		char *id = xasprintf(GR_LABEL "%s", (const char *)sqlite3_column_text(q, 0));
		json_t *t = json_pack("{s:s, s:s}", "id", id, "type", "folder");
		if (t)
			json_array_append_new(tags, t);
		free(id);
	}
	sqlite3_reset(q);
	return http_resp_json(resp, 200, json_pack("{s:o}", "tags", tags));
}

/* ---- unread counts ---- */

struct counts {
	json_t *arr, *labels;   /* labels: folder → [count, newest] */
	int64_t total, newest;
};

static void add_count(json_t *arr, const char *id, int64_t count, int64_t newest)
{
	char usec[32];
	snprintf(usec, sizeof usec, "%" PRId64, newest * 1000000);
	json_t *o = json_pack("{s:s, s:I, s:s}", "id", id, "count", (json_int_t)count, "newestItemTimestampUsec", usec);
	if (o)
		json_array_append_new(arr, o);
}

static void count_feed(int64_t feed_id, const char *url, const char *folder, int64_t count, int64_t newest, void *ctx)
{
	struct counts *c = ctx;
	char *id = xasprintf("feed/%s", url);
	(void)feed_id;
	add_count(c->arr, id, count, newest);
	free(id);
	c->total += count;
	if (newest > c->newest)
		c->newest = newest;
	if (folder && *folder) {
		json_t *l = json_object_get(c->labels, folder);
		int64_t n0 = l ? json_integer_value(json_array_get(l, 0)) : 0;
		int64_t t0 = l ? json_integer_value(json_array_get(l, 1)) : 0;
		json_object_set_new(c->labels, folder, json_pack("[I, I]", (json_int_t)(n0 + count),
								 (json_int_t)(newest > t0 ? newest : t0)));
	}
}

static int gr_unread_count(struct http_req *req, struct http_resp *resp, int64_t user)
{
	struct counts c = { json_array(), json_object(), 0, 0 };
	const char *folder;
	json_t *v;
	char *err = NULL;
	if (csync_unread_counts(req->st, user, count_feed, &c, &err) < 0) {
		json_decref(c.arr);
		json_decref(c.labels);
		return db_error(resp, err);
	}
	json_object_foreach(c.labels, folder, v) {
		char *id = xasprintf(GR_LABEL "%s", folder);
		add_count(c.arr, id, json_integer_value(json_array_get(v, 0)), json_integer_value(json_array_get(v, 1)));
		free(id);
	}
	add_count(c.arr, GR_STATE "reading-list", c.total, c.newest);
	json_decref(c.labels);
	return http_resp_json(resp, 200, json_pack("{s:i, s:o}", "max", CSYNC_MAX_LIMIT, "unreadcounts", c.arr));
}

/* ---- edit-tag, mark-all-as-read ---- */

static int state_of(const char *tag)
{
	struct gr_stream s;
	gr_stream_parse(NULL, tag, &s);
	if (s.kind == GR_READ)
		return 'r';
	if (s.kind == GR_STARRED)
		return 's';
	if (tag && str_endswith(tag, "/state/com.google/kept-unread"))
		return 'k';
	return 0;
}

/* Apply every a= then every r= tag to one item; 1 when the item is not the user's. */
static int edit_one(struct store *st, int64_t user, int64_t id, const char **adds, size_t na,
		    const char **rems, size_t nr, char **err)
{
	int rc = 0;
	for (size_t i = 0; i < na && rc == 0; i++) {
		int s = state_of(adds[i]);
		if (s == 'r' || s == 'k')
			rc = csync_set_read(st, user, id, s == 'r', err);
		else if (s == 's')
			rc = csync_set_starred(st, user, id, 1, err);
	}
	for (size_t i = 0; i < nr && rc == 0; i++) {
		int s = state_of(rems[i]);
		if (s == 'r')
			rc = csync_set_read(st, user, id, 0, err);
		else if (s == 's')
			rc = csync_set_starred(st, user, id, 0, err);
	}
	return rc;
}

static int gr_edit_tag(struct http_req *req, struct http_resp *resp, int64_t user)
{
	const char **ids = NULL, *adds[8], *rems[8];
	size_t n = 0, na = gr_args(req, "a", adds, 8), nr = gr_args(req, "r", rems, 8);
	char *err = NULL;
	int rc = 0;
	if (need_post(req, resp) < 0)
		return 0;
	if (na > 8 || nr > 8)
		return http_resp_text(resp, 400, "Error=at most 8 a= and 8 r= tags\n");
	ids = gr_args_all(req, "i", &n);   /* every one: HTTP_MAX_FIELDS already bounds them */
	if (!n) {
		free(ids);
		return http_resp_text(resp, 400, "Error=i is required\n");
	}
	if (store_begin(req->st, &err) < 0) {
		free(ids);
		return db_error(resp, err);
	}
	for (size_t i = 0; i < n && rc >= 0; i++) {
		int64_t id;
		if (gr_item_id(ids[i], &id) == 0)
			rc = edit_one(req->st, user, id, adds, na, rems, nr, &err);   /* 1: not theirs, skipped */
	}
	free(ids);
	if (rc < 0 || store_commit(req->st, &err) < 0) {
		store_rollback(req->st);
		return db_error(resp, err);
	}
	return ok(resp);
}

/* mark-all-as-read's ts is an item's timestampUsec; some clients send milliseconds or
 * seconds instead (as Miniflux also allows): a present-day time in seconds has 10 digits,
 * in milliseconds 13, in microseconds 16. */
static int64_t ts_seconds(int64_t t)
{
	if (t < 100000000000LL)
		return t;
	if (t < 100000000000000LL)
		return t / 1000;
	return t / 1000000;
}

/* ts bounds the items' own time (the timestampUsec handed out), not their arrival: a
 * client sends the newest timestampUsec it showed, and an item fetched after it was
 * published must still be marked. */
static int gr_mark_all(struct http_req *req, struct http_resp *resp, int64_t user)
{
	const char *s = http_arg(req, "s"), *ts = http_arg(req, "ts");
	struct gr_stream gs;
	int64_t before = CSYNC_NONE, usec;
	char *err = NULL;
	if (need_post(req, resp) < 0)
		return 0;
	if (!s)
		return http_resp_text(resp, 400, "Error=s is required\n");
	if (ts && str_to_i64(ts, &usec) == 0 && usec > 0)
		before = ts_seconds(usec);
	gr_stream_parse(req->st, s, &gs);
	if (gs.kind == GR_FEED && !gs.feed_id)
		return ok(resp);   /* an unknown feed has nothing to mark */
	if (gs.kind != GR_FEED && gs.kind != GR_LABEL_STREAM && gs.kind != GR_READING_LIST)
		return http_resp_text(resp, 400, "Error=unsupported stream\n");
	if (csync_mark_all_read(req->st, user, gs.kind == GR_FEED ? gs.feed_id : 0,
				gs.kind == GR_LABEL_STREAM ? gs.label : NULL, before, CSYNC_ITEM_TIME, &err) < 0)
		return db_error(resp, err);
	return ok(resp);
}

/* ---- labels and preferences ---- */

#define GR_LABEL_MAX 256   /* bytes of a label (folder) name */

static int label_ok(const char *l)
{
	size_t n = l ? strlen(l) : 0;
	if (!n || n > GR_LABEL_MAX)
		return 0;
	for (; *l; l++)
		if ((unsigned char)*l < 0x20)
			return 0;
	return 1;
}

/* Move the user's subscriptions in folder `from` (and its subfolders "from/...") to `to`
 * (NULL: out of any folder). *n counts the subscriptions moved. */
static int folder_move(struct store *st, int64_t user, const char *from, const char *to, int *n, char **err)
{
	sqlite3_stmt *q = store_prepare(st, "UPDATE subscriptions SET folder = CASE WHEN ?3 IS NULL THEN NULL"
					    " WHEN folder = ?2 THEN ?3 ELSE ?3 || substr(folder, length(?2) + 1) END"
					    " WHERE user_id = ?1 AND (folder = ?2 OR substr(folder, 1, length(?2) + 1) = ?2 || '/')", err);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, user);
	sqlite3_bind_text(q, 2, from, -1, SQLITE_TRANSIENT);
	if (to)
		sqlite3_bind_text(q, 3, to, -1, SQLITE_TRANSIENT);
	if (store_step_done(st, q, "moving subscriptions", err))
		return -1;
	*n = sqlite3_changes(store_db(st));
	return 0;
}

/* rename-tag: s=user/-/label/Old, dest=user/-/label/New; the user's folder Old (with its
 * subfolders) becomes New, merging into New when it exists. An unknown label is a bad
 * request, as FreshRSS answers it. */
static int gr_rename_tag(struct http_req *req, struct http_resp *resp, int64_t user)
{
	const char *from = label_name(http_arg(req, "s")), *to = label_name(http_arg(req, "dest"));
	char *err = NULL;
	int n = 0;
	if (need_post(req, resp) < 0)
		return 0;
	if (!label_ok(from) || !label_ok(to))
		return http_resp_text(resp, 400, "Error=s and dest must be user/-/label/NAME (1-256 bytes)\n");
	if (folder_move(req->st, user, from, to, &n, &err) < 0)
		return db_error(resp, err);
	return n ? ok(resp) : http_resp_text(resp, 400, "Error=no such label\n");
}

/* disable-tag: s=user/-/label/Name (repeatable); the label goes away and its feeds stay
 * subscribed outside any folder (FreshRSS moves them to its default category). */
static int gr_disable_tag(struct http_req *req, struct http_resp *resp, int64_t user)
{
	const char *ss[16];
	size_t k = gr_args(req, "s", ss, 16);
	char *err = NULL;
	int n = 0, moved = 0;
	if (need_post(req, resp) < 0)
		return 0;
	if (k > 16)
		return http_resp_text(resp, 400, "Error=at most 16 s= labels per request\n");
	for (size_t i = 0; i < k; i++) {
		const char *l = label_name(ss[i]);
		if (!label_ok(l))
			return http_resp_text(resp, 400, "Error=s must be user/-/label/NAME (1-256 bytes)\n");
		if (folder_move(req->st, user, l, NULL, &n, &err) < 0)
			return db_error(resp, err);
		moved += n;
	}
	return k && moved ? ok(resp) : http_resp_text(resp, 400, "Error=no such label\n");
}

/* preference/list and preference/stream/list: newsfold keeps no client preferences (list
 * order is the server's), so both lists are empty; clients such as Reeder ask for them and
 * get a well-formed answer instead of a 404. */
static int gr_prefs(struct http_resp *resp, int stream)
{
	return http_resp_json(resp, 200, stream ? json_pack("{s:{}}", "streamprefs") : json_pack("{s:[]}", "prefs"));
}

/* ---- routing ---- */

/* Endpoints that only read run in one read transaction: one snapshot for the whole answer
 * and one WAL lock round instead of one per statement (an item page runs dozens). */
static int read_only_endpoint(const char *p)
{
	static const char *const ro[] = { "user-info", "subscription/list", "tag/list", "unread-count",
					  "stream/items/ids", "stream/items/contents", "stream/contents" };
	for (size_t i = 0; i < sizeof ro / sizeof ro[0]; i++)
		if (!strcmp(p, ro[i]) || (!strcmp(ro[i], "stream/contents") && str_startswith(p, "stream/contents/")))
			return 1;
	return 0;
}

static int gr_dispatch(struct http_req *req, struct http_resp *resp)
{
	const char *p = http_param(req, "*");
	int64_t user = 0;
	if (!p)
		p = "";
	if (gr_auth(req, resp, &user) < 0)
		return 0;
	if (read_only_endpoint(p) && sqlite3_get_autocommit(store_db(req->st)))
		store_exec(req->st, "BEGIN", NULL);   /* ended after the handler (serve/http.c) */
	if (!strcmp(p, "token"))
		return gr_token(resp);
	if (!strcmp(p, "user-info"))
		return gr_user_info(req, resp, user);
	if (!strcmp(p, "subscription/list"))
		return gr_sub_list(req, resp, user);
	if (!strcmp(p, "subscription/edit"))
		return gr_sub_edit(req, resp, user);
	if (!strcmp(p, "subscription/quickadd"))
		return gr_quickadd(req, resp, user);
	if (!strcmp(p, "tag/list"))
		return gr_tag_list(req, resp, user);
	if (!strcmp(p, "unread-count"))
		return gr_unread_count(req, resp, user);
	if (!strcmp(p, "stream/items/ids"))
		return gr_items_ids(req, resp, user);
	if (!strcmp(p, "stream/items/contents"))
		return gr_items_contents(req, resp, user);
	if (!strcmp(p, "stream/contents"))
		return gr_stream_contents(req, resp, user, NULL);
	if (str_startswith(p, "stream/contents/"))
		return gr_stream_contents(req, resp, user, p + strlen("stream/contents/"));
	if (!strcmp(p, "edit-tag"))
		return gr_edit_tag(req, resp, user);
	if (!strcmp(p, "mark-all-as-read"))
		return gr_mark_all(req, resp, user);
	if (!strcmp(p, "rename-tag"))
		return gr_rename_tag(req, resp, user);
	if (!strcmp(p, "disable-tag"))
		return gr_disable_tag(req, resp, user);
	if (!strcmp(p, "preference/list") || !strcmp(p, "preference/stream/list"))
		return gr_prefs(resp, p[11] == 's');
	return http_resp_text(resp, 404, "Error=unknown endpoint\n");
}

void greader_routes(struct http_router *r)
{
	static const char *const prefixes[] = { "", "/api/greader.php" };
	for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++) {
		char login[64], api[64], atom[64];
		snprintf(login, sizeof login, "%s/accounts/ClientLogin", prefixes[i]);
		snprintf(api, sizeof api, "%s/reader/api/0/*", prefixes[i]);
		snprintf(atom, sizeof atom, "%s/reader/atom/*", prefixes[i]);
		http_route(r, "*", login, HTTP_PUBLIC, gr_login);
		http_route(r, "*", api, HTTP_PUBLIC, gr_dispatch);
		http_route(r, "GET", atom, HTTP_PUBLIC, gr_atom);
	}
}
