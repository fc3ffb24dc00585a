/*
 * api.c — the JSON REST API under /api/v1: everything the web app does, for scripts.
 *
 * Authentication is the HTTP_API middleware (serve.c): a Bearer API token, or the browser
 * session plus X-CSRF-Token on unsafe methods. Bodies are JSON objects (or form fields);
 * answers are JSON, errors {"error": "..."} with a 4xx/5xx status. Another user's feed,
 * article or story answers 404 exactly like a missing one. The endpoint list with curl
 * examples is in docs/web.md and the README.
 */
#include "serve/reader.h"
#include "serve/serve.h"
#include "serve/web.h"
#include "util/util.h"

#include <string.h>

int api_fail(struct http_resp *resp, int rc, char *err, const char *notfound)
{
	if (rc > 0)
		http_resp_error(resp, 404, notfound);
	else
		http_resp_error(resp, 500, err ? err : "internal error");
	free(err);
	return 0;
}

int api_ok_json(struct http_resp *resp, json_t *v)
{
	return http_resp_json(resp, 200, v);
}

/* A boolean argument from JSON (true/false/1/0) or a form/query ("1", "true"). -1 absent. */
static int bool_arg(const struct http_req *req, const char *name)
{
	json_t *j = req->json ? json_object_get(req->json, name) : NULL;
	const char *v;
	if (json_is_boolean(j))
		return json_is_true(j);
	if (json_is_integer(j))
		return json_integer_value(j) != 0;
	v = http_arg(req, name);
	if (!v)
		return -1;
	return !strcmp(v, "1") || !strcmp(v, "true");
}

static int64_t id_param(const struct http_req *req)
{
	int64_t id;
	const char *p = http_param(req, "id");
	return p && !str_to_i64(p, &id) && id > 0 ? id : 0;
}

static int opt_i64(const struct http_req *req, const char *name, int64_t *v)
{
	json_t *j = req->json ? json_object_get(req->json, name) : NULL;
	const char *s;
	*v = 0;
	if (json_is_integer(j)) {
		*v = json_integer_value(j);
		return 0;
	}
	s = http_arg(req, name);
	return s && str_to_i64(s, v) ? -1 : 0;
}

static int me(struct http_req *req, struct http_resp *resp)
{
	return api_ok_json(resp, json_pack("{s:I,s:s}", "user_id", (json_int_t)req->user_id, "auth",
				       req->auth == HTTP_AUTH_TOKEN ? "token" : "session"));
}

static int feeds_list(struct http_req *req, struct http_resp *resp)
{
	json_t *out = NULL;
	char *err = NULL;
	int rc = reader_feeds(req->st, req->user_id, &out, &err);
	return rc ? api_fail(resp, rc, err, "") : api_ok_json(resp, out);
}

static int folders_list(struct http_req *req, struct http_resp *resp)
{
	json_t *out = NULL;
	char *err = NULL;
	int rc = reader_folders(req->st, req->user_id, &out, &err);
	return rc ? api_fail(resp, rc, err, "") : api_ok_json(resp, out);
}

static int feeds_add(struct http_req *req, struct http_resp *resp)
{
	const char *url = http_arg(req, "url"), *folder = http_arg(req, "folder");
	int64_t id = 0;
	char *err = NULL;
	if (!url || !*url)
		return http_resp_error(resp, 400, "url is required");
	if (reader_feed_add(req->st, req->user_id, url, folder && *folder ? folder : NULL,
			    serve_allow_private(req), &id, &err)) {
		http_resp_error(resp, 400, err ? err : "cannot add the feed");
		free(err);
		return 0;
	}
	return http_resp_json(resp, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

static int feeds_update(struct http_req *req, struct http_resp *resp)
{
	char *err = NULL;
	int rc = reader_feed_update(req->st, req->user_id, id_param(req), http_arg(req, "title"),
				    http_arg(req, "folder"), http_arg(req, "fulltext"), &err);
	if (rc < 0) {
		http_resp_error(resp, 400, err);
		free(err);
		return 0;
	}
	return rc ? api_fail(resp, rc, err, "no such feed") : api_ok_json(resp, json_pack("{s:b}", "ok", 1));
}

static int feeds_delete(struct http_req *req, struct http_resp *resp)
{
	char *err = NULL;
	int rc = reader_feed_remove(req->st, req->user_id, id_param(req), &err);
	return rc ? api_fail(resp, rc, err, "no such feed") : api_ok_json(resp, json_pack("{s:b}", "ok", 1));
}

static int articles_list(struct http_req *req, struct http_resp *resp)
{
	struct reader_filter f = { 0 };
	const char *v = http_arg(req, "view");
	int64_t n = 0;
	json_t *out = NULL;
	char *err = NULL;
	int rc;
	f.view = !v || !strcmp(v, "unread") ? READER_UNREAD : !strcmp(v, "starred") ? READER_STARRED
		 : !strcmp(v, "read") ? READER_READ : READER_ALL;
	if (v && strcmp(v, "unread") && strcmp(v, "starred") && strcmp(v, "read") && strcmp(v, "all"))
		return http_resp_error(resp, 400, "view must be unread, read, starred or all");
	if (opt_i64(req, "feed", &f.feed_id) || opt_i64(req, "story", &f.story_id))
		return http_resp_error(resp, 400, "feed and story must be integers");
	f.folder = http_arg(req, "folder");
	if (opt_i64(req, "limit", &n) || n < 0 || n > READER_MAX_LIMIT)
		return http_resp_error(resp, 400, "limit must be 1..200");
	f.limit = (int)n;
	if (opt_i64(req, "offset", &n) || n < 0 || n > 10000)
		return http_resp_error(resp, 400, "offset must be 0..10000");
	f.offset = (int)n;
	if (http_arg(req, "before") && reader_cursor_parse(http_arg(req, "before"), &f))
		return http_resp_error(resp, 400, "before must be a cursor (an article's \"cursor\" field)");
	rc = reader_articles(req->st, req->user_id, &f, &out, &err);
	return rc ? api_fail(resp, rc, err, "") : api_ok_json(resp, out);
}

static int article_get(struct http_req *req, struct http_resp *resp)
{
	json_t *out = NULL;
	char *err = NULL;
	int rc = reader_article(req->st, req->user_id, id_param(req), &out, &err);
	return rc ? api_fail(resp, rc, err, "no such article") : api_ok_json(resp, out);
}

static int article_state(struct http_req *req, struct http_resp *resp)
{
	int64_t id = id_param(req);
	int read = bool_arg(req, "read"), star = bool_arg(req, "starred");
	if (!id || !web_article_visible(req->st, req->user_id, id))
		return http_resp_error(resp, 404, "no such article");
	if (read < 0 && star < 0)
		return http_resp_error(resp, 400, "give read and/or starred (true/false)");
	if ((read >= 0 && web_set_state(req->st, req->user_id, id, "read", read)) ||
	    (star >= 0 && web_set_state(req->st, req->user_id, id, "starred", star)))
		return http_resp_error(resp, 500, "could not save the state");
	return article_get(req, resp);
}

static int mark_all(struct http_req *req, struct http_resp *resp)
{
	int64_t feed, story;
	const char *folder = http_arg(req, "folder");
	int n;
	if (opt_i64(req, "feed", &feed) || opt_i64(req, "story", &story))
		return http_resp_error(resp, 400, "feed and story must be integers");
	n = web_mark_all_read(req->st, req->user_id, feed, folder && *folder ? folder : NULL, story);
	if (n < 0)
		return http_resp_error(resp, 500, "could not save the state");
	return api_ok_json(resp, json_pack("{s:i}", "marked", n));
}

static int search(struct http_req *req, struct http_resp *resp)
{
	const char *q = http_arg(req, "q");
	json_t *out = NULL;
	char *err = NULL;
	int64_t lim = 0;
	int rc;
	if (!q || !*q)
		return http_resp_error(resp, 400, "q is required");
	if (opt_i64(req, "limit", &lim) || lim < 0 || lim > READER_MAX_LIMIT)
		return http_resp_error(resp, 400, "limit must be 1..200");
	rc = reader_search(req->st, req->user_id, q, (int)lim, &out, &err);
	return rc ? api_fail(resp, rc, err, "") : api_ok_json(resp, out);
}

static int opml_get(struct http_req *req, struct http_resp *resp)
{
	char *err = NULL;
	if (reader_export_opml(req->st, req->user_id, &resp->body, &err))
		return api_fail(resp, -1, err, "");
	resp->content_type = "text/x-opml; charset=utf-8";
	return 0;
}

static int opml_post(struct http_req *req, struct http_resp *resp)
{
	int added = 0;
	char *err = NULL;
	const struct http_kv *f = http_form_field(req, "opml");
	const char *data = f ? f->value : req->body;
	size_t len = f ? f->value_len : req->body_len;
	if (!data || !len)
		return http_resp_error(resp, 400, "send the OPML document as the body (or form field opml)");
	if (reader_import_opml(req->st, req->user_id, data, len, &added, &err)) {
		http_resp_error(resp, 400, err ? err : "cannot import");
		free(err);
		return 0;
	}
	return api_ok_json(resp, json_pack("{s:i}", "added", added));
}

void api_routes(struct http_router *r)
{
	http_route(r, "GET", "/api/v1/me", HTTP_API, me);
	http_route(r, "GET", "/api/v1/feeds", HTTP_API | HTTP_CACHE, feeds_list);
	http_route(r, "POST", "/api/v1/feeds", HTTP_API, feeds_add);
	http_route(r, "PATCH", "/api/v1/feeds/:id", HTTP_API, feeds_update);
	http_route(r, "POST", "/api/v1/feeds/:id", HTTP_API, feeds_update);
	http_route(r, "DELETE", "/api/v1/feeds/:id", HTTP_API, feeds_delete);
	http_route(r, "GET", "/api/v1/folders", HTTP_API, folders_list);
	http_route(r, "GET", "/api/v1/articles", HTTP_API | HTTP_CACHE, articles_list);
	http_route(r, "POST", "/api/v1/articles/mark-all-read", HTTP_API, mark_all);
	http_route(r, "GET", "/api/v1/articles/:id", HTTP_API, article_get);
	http_route(r, "POST", "/api/v1/articles/:id", HTTP_API, article_state);
	http_route(r, "PATCH", "/api/v1/articles/:id", HTTP_API, article_state);
	http_route(r, "GET", "/api/v1/search", HTTP_API | HTTP_CACHE, search);
	http_route(r, "GET", "/api/v1/opml", HTTP_API, opml_get);
	http_route(r, "POST", "/api/v1/opml", HTTP_API, opml_post);
}
