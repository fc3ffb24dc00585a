/*
 * api_stories.c — the stories part of the JSON API (/api/v1/stories...), from
 * cluster/stories.h. Stories are global; a user sees one only when one of its articles
 * comes from their subscriptions, else 404 as for a missing id, and its timeline lists
 * only their articles.
 */
#include "cluster/stories.h"
#include "serve/serve.h"
#include "serve/web.h"
#include "util/util.h"

#include <string.h>

static int64_t id_param(const struct http_req *req)
{
	int64_t id;
	const char *p = http_param(req, "id");
	return p && !str_to_i64(p, &id) && id > 0 ? id : 0;
}

static int opt_i64(const struct http_req *req, const char *name, int64_t *v)
{
	const char *s = http_arg(req, name);
	*v = 0;
	return s && str_to_i64(s, v) ? -1 : 0;
}

static int story_visible(struct store *st, int64_t user, int64_t story)
{
	return web_story_visible(st, user, story);
}

static int stories_list(struct http_req *req, struct http_resp *resp)
{
	struct stories_query sq = { 30, 0, 0, 0 };
	json_t *all = NULL, *out, *s;
	char *err = NULL;
	int64_t lim = 0;
	size_t i;
	if (opt_i64(req, "limit", &lim) || lim < 0 || lim > 1000)
		return http_resp_error(resp, 400, "limit must be 1..1000");
	if (lim)
		sq.limit = (int)lim;
	sq.user_id = req->user_id;
	sq.since = web_top_since(req->st);
	if (stories_top_json(req->st, &sq, &all, &err))
		return api_fail(resp, -1, err, "");
	out = json_array();
	json_array_foreach(all, i, s)
		if (story_visible(req->st, req->user_id, json_integer_value(json_object_get(s, "id"))))
			json_array_append(out, s);
	json_decref(all);
	return api_ok_json(resp, out);
}

/* The copies of entry e the user reads (others' articles are not theirs to see). */
static json_t *own_copies(struct store *st, int64_t user, json_t *e)
{
	json_t *out = json_array(), *c;
	size_t i;
	json_array_foreach(json_object_get(e, "copies"), i, c)
		if (web_article_visible(st, user, json_integer_value(json_object_get(c, "id"))))
			json_array_append(out, c);
	return out;
}

struct own_rows {
	struct store *st;
	int64_t user;
	json_t *out;
};

/* One row of the user's timeline (the rule: web_story_timeline): a canonical they read with
 * the copies they read, or a copy standing in for a canonical they do not read, with its own
 * headline and no copies. Other users' articles (titles, URLs) are left out. */
static void own_row(json_t *e, json_t *a, void *ctx)
{
	struct own_rows *o = ctx;
	json_t *x = json_copy(a);
	if (a == e) {
		json_object_set_new(x, "copies", own_copies(o->st, o->user, e));
	} else {
		char *title = web_article_title(o->st, json_integer_value(json_object_get(a, "id")));
		json_object_set_new(x, "title", json_string(title ? title : ""));
		free(title);
		json_object_set_new(x, "copies", json_array());
	}
	json_array_append_new(o->out, x);
}

/* ?timeline_offset= and ?timeline_limit=: integers or a 400; the offset clamped to 0..,
 * the limit to 1..STORIES_TIMELINE_MAX (0 or absent: the most). */
static int timeline_args(const struct http_req *req, struct web_timeline *t)
{
	int64_t off, lim;
	if (opt_i64(req, "timeline_offset", &off) || opt_i64(req, "timeline_limit", &lim))
		return -1;
	t->offset = off < 0 ? 0 : off;
	t->limit = lim == 0 || lim > STORIES_TIMELINE_MAX ? STORIES_TIMELINE_MAX : lim < 1 ? 1 : (int)lim;
	return 0;
}

static int story_get(struct http_req *req, struct http_resp *resp)
{
	json_t *out = NULL;
	char *err = NULL;
	int64_t id = id_param(req), total;
	struct web_timeline t = { 0 };
	struct own_rows o = { req->st, req->user_id, NULL };
	if (!id || !story_visible(req->st, req->user_id, id))
		return http_resp_error(resp, 404, "no such story");
	if (timeline_args(req, &t))
		return http_resp_error(resp, 400, "timeline_offset and timeline_limit must be integers");
	if (stories_head_json(req->st, id, &out, &err))
		return api_fail(resp, 1, err, "no such story");
	o.out = json_array();
	if (web_story_timeline(req->st, req->user_id, json_integer_value(json_object_get(out, "id")), &t, own_row, &o, &err)) {
		json_decref(o.out);
		json_decref(out);
		return api_fail(resp, -1, err, "");
	}
	total = web_timeline_total(req->st, req->user_id, json_integer_value(json_object_get(out, "id")), &t);
	json_object_set_new(out, "timeline", o.out);
	json_object_set_new(out, "timeline_offset", json_integer((json_int_t)t.offset));
	json_object_set_new(out, "timeline_limit", json_integer(t.limit));
	json_object_set_new(out, "timeline_total", json_integer((json_int_t)total));
	json_object_set_new(out, "timeline_truncated", json_boolean(t.more));
	json_object_set_new(out, "timeline_next_offset",
			    t.more ? json_integer((json_int_t)(t.offset + t.rows)) : json_null());
	return api_ok_json(resp, out);
}

static int story_thread(struct http_req *req, struct http_resp *resp)
{
	json_t *out = NULL, *own, *s;
	char *err = NULL;
	size_t i;
	int64_t id = id_param(req);
	if (!id || !story_visible(req->st, req->user_id, id))
		return http_resp_error(resp, 404, "no such story");
	if (stories_thread_json(req->st, id, &out, &err))
		return api_fail(resp, 1, err, "no such story");
	/* The thread's other stories the user has articles in: another user's story (its
	 * headline is one of their articles') is not theirs to see, as its detail is not. */
	own = json_array();
	json_array_foreach(json_object_get(out, "stories"), i, s)
		if (story_visible(req->st, req->user_id, json_integer_value(json_object_get(s, "id"))))
			json_array_append(own, s);
	json_object_set_new(out, "stories", own);
	return api_ok_json(resp, out);
}

static int story_split(struct http_req *req, struct http_resp *resp)
{
	int64_t art;
	char *err = NULL;
	if (http_arg_id(req, "article", &art) || !web_article_visible(req->st, req->user_id, art))
		return http_resp_error(resp, 404, "no such article");
	if (stories_split(req->st, art, &err)) {
		http_resp_error(resp, 400, err ? err : "cannot split");
		free(err);
		return 0;
	}
	return api_ok_json(resp, json_pack("{s:I}", "story", (json_int_t)art));
}

void api_stories_routes(struct http_router *r)
{
	http_route(r, "GET", "/api/v1/stories", HTTP_API | HTTP_CACHE, stories_list);
	http_route(r, "POST", "/api/v1/stories/split", HTTP_API, story_split);
	http_route(r, "GET", "/api/v1/stories/:id", HTTP_API | HTTP_CACHE, story_get);
	http_route(r, "GET", "/api/v1/stories/:id/thread", HTTP_API, story_thread);
}
