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

/* The timeline as this user sees it, as the story page lists it: a canonical they read
 * with its copies they read; for a canonical they do not read, each copy they do read as
 * an entry of its own, with its own headline. Other
 * users' articles (titles, URLs) are left out. */
static json_t *own_timeline(struct store *st, int64_t user, json_t *timeline)
{
	json_t *out = json_array(), *e, *c;
	size_t i, k;
	json_array_foreach(timeline, i, e) {
		if (web_article_visible(st, user, json_integer_value(json_object_get(e, "id")))) {
			json_t *x = json_copy(e);
			json_object_set_new(x, "copies", own_copies(st, user, e));
			json_array_append_new(out, x);
			continue;
		}
		json_array_foreach(json_object_get(e, "copies"), k, c) {
			int64_t cid = json_integer_value(json_object_get(c, "id"));
			json_t *x;
			char *title;
			if (!web_article_visible(st, user, cid))
				continue;
			title = web_article_title(st, cid);
			x = json_copy(c);
			json_object_set_new(x, "title", json_string(title ? title : ""));
			free(title);
			json_object_set_new(x, "copies", json_array());
			json_array_append_new(out, x);
		}
	}
	return out;
}

static int story_get(struct http_req *req, struct http_resp *resp)
{
	json_t *out = NULL, *tl;
	char *err = NULL;
	int64_t id = id_param(req), total;
	if (!id || !story_visible(req->st, req->user_id, id))
		return http_resp_error(resp, 404, "no such story");
	if (stories_detail_json(req->st, id, &out, &err))
		return api_fail(resp, 1, err, "no such story");
	tl = own_timeline(req->st, req->user_id, json_object_get(out, "timeline"));
	/* The timeline holds the story's first entries only (cluster/stories.c); say how many
	 * there are in all, so a client can tell a cut timeline from a complete one. */
	total = web_story_entries(req->st, req->user_id, id);
	if (total < (json_int_t)json_array_size(tl))
		total = (json_int_t)json_array_size(tl);
	json_object_set_new(out, "timeline_total", json_integer((json_int_t)total));
	json_object_set_new(out, "timeline_truncated", json_boolean(total > (json_int_t)json_array_size(tl)));
	json_object_set_new(out, "timeline", tl);
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
