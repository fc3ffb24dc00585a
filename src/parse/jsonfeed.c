/*
 * jsonfeed.c — JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1) with jansson.
 *
 * The document is loaded whole (it is already capped by max_bytes); fields of the wrong
 * JSON type are ignored rather than fatal, the way feed readers treat them. 1.0's single
 * "author" and 1.1's "authors" are both read.
 */
#include "parse/parse_int.h"
#include "util/date.h"
#include "util/util.h"

#include <stdio.h>
#include <string.h>

#define MAX_LIST 1000

static const char *jget(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static char *jurl(const struct feed_ctx *c, json_t *o, const char *k)
{
	const char *v = jget(o, k);
	return v ? feed_resolve(c->url, v) : NULL;
}

static void authors_of(json_t *o, char ***v, size_t *n, json_t **extra)
{
	json_t *a = json_object_get(o, "authors"), *one = json_object_get(o, "author"), *it;
	size_t i;
	if (json_is_object(one) && jget(one, "name") && *n < MAX_LIST)
		feed_strv_add(v, n, jget(one, "name"));
	if (json_is_object(one))
		json_object_set(feed_extra(extra), "author_detail", one);
	json_array_foreach(a, i, it) {
		if (json_is_object(it) && jget(it, "name") && *n < MAX_LIST)
			feed_strv_add(v, n, jget(it, "name"));
		if (i == 0 && json_is_object(it) && !json_is_object(one))
			json_object_set(feed_extra(extra), "author_detail", it);
	}
}

static void attachments_of(const struct feed_ctx *c, json_t *item, struct feed_entry *e)
{
	json_t *a = json_object_get(item, "attachments"), *it;
	size_t i;
	json_array_foreach(a, i, it) {
		struct feed_enclosure *en;
		json_t *sz;
		if (!json_is_object(it) || !jget(it, "url") || e->n_enclosures >= MAX_LIST)
			continue;
		e->enclosures = xrealloc(e->enclosures, (e->n_enclosures + 1) * sizeof *e->enclosures);
		en = &e->enclosures[e->n_enclosures++];
		en->url = jurl(c, it, "url");
		en->type = xstrdup(jget(it, "mime_type"));
		sz = json_object_get(it, "size_in_bytes");
		en->length = json_is_integer(sz) ? (int64_t)json_integer_value(sz) : -1;
	}
}

static void item_of(struct feed_ctx *c, json_t *item, struct feed_entry *e)
{
	json_t *id = json_object_get(item, "id"), *tags = json_object_get(item, "tags"), *t;
	const char *d;
	size_t i;
	if (json_is_string(id))
		e->id = xstrdup(json_string_value(id));
	else if (json_is_integer(id))
		e->id = xasprintf("%lld", (long long)json_integer_value(id));
	e->link = jurl(c, item, "url");
	if (!e->link)
		e->link = jurl(c, item, "external_url");
	e->title = xstrdup(jget(item, "title"));
	e->summary = xstrdup(jget(item, "summary"));
	if (e->summary)
		e->summary_type = xstrdup("text/plain");
	if (jget(item, "content_html")) {
		e->content = xstrdup(jget(item, "content_html"));
		e->content_type = xstrdup("text/html");
	} else if (jget(item, "content_text")) {
		e->content = xstrdup(jget(item, "content_text"));
		e->content_type = xstrdup("text/plain");
	}
	e->image = jurl(c, item, "image");
	e->lang = xstrdup(jget(item, "language"));
	if ((d = jget(item, "date_published")))
		e->published = date_parse(d);
	if ((d = jget(item, "date_modified")))
		e->updated = date_parse(d);
	authors_of(item, &e->authors, &e->n_authors, &e->extra);
	json_array_foreach(tags, i, t)
		if (json_is_string(t) && e->n_categories < MAX_LIST)
			feed_strv_add(&e->categories, &e->n_categories, json_string_value(t));
	attachments_of(c, item, e);
	if (jget(item, "external_url"))
		json_object_set_new(feed_extra(&e->extra), "external_url",
				    json_string(jget(item, "external_url")));
}

static void head_of(struct feed_ctx *c, json_t *root)
{
	struct feed *f = c->f;
	char **names = NULL;
	size_t n = 0;
	f->title = xstrdup(jget(root, "title"));
	f->link = jurl(c, root, "home_page_url");
	f->description = xstrdup(jget(root, "description"));
	f->language = xstrdup(jget(root, "language"));
	f->icon = jurl(c, root, "favicon");
	f->image = jurl(c, root, "icon");
	authors_of(root, &names, &n, &f->extra);
	if (n)
		f->author = xstrdup(names[0]);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (jget(root, "feed_url"))
		json_object_set_new(feed_extra(&f->extra), "feed_url", json_string(jget(root, "feed_url")));
}

int feed_json_parse(struct feed_ctx *c, const char *utf8, size_t len, char **err)
{
	json_error_t je;
	json_t *root = json_loadb(utf8, len, JSON_DISABLE_EOF_CHECK * 0, &je), *items, *it;
	const char *ver;
	size_t i;
	if (!root) {
		*err = xasprintf("invalid JSON at line %d: %s", je.line, je.text);
		return -1;
	}
	ver = jget(root, "version");
	items = json_object_get(root, "items");
	if (!json_is_object(root) || (!json_is_array(items) && !(ver && strstr(ver, "jsonfeed.org")))) {
		json_decref(root);
		*err = xstrdup("not a feed: JSON without a JSON Feed version or items");
		return -1;
	}
	if (ver && strstr(ver, "jsonfeed.org/version/1.1"))
		feed_str_set(&c->f->format, "json11");
	else if (ver && strstr(ver, "jsonfeed.org/version/1"))
		feed_str_set(&c->f->format, "json1");
	else {
		feed_str_set(&c->f->format, "json");
		feed_set_bozo(c->f, "JSON Feed without a known version");
	}
	head_of(c, root);
	json_array_foreach(items, i, it) {
		struct feed_entry *e;
		if (!json_is_object(it))
			continue;
		if (!(e = feed_entry_add(c)))
			break;
		item_of(c, it, e);
	}
	json_decref(root);
	return 0;
}
