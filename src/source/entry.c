/*
 * entry.c — a feed entry as an article row (see entry.h).
 */
#include "source/entry.h"
#include "extract/extract.h"
#include "util/buf.h"
#include "util/date.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* The JSON text of a list of strings (NULL items skipped), or NULL for an empty list. */
static char *text_array(char *const *v, size_t n)
{
	json_t *a;
	char *s;
	if (!n)
		return NULL;
	a = json_array();
	for (size_t i = 0; i < n; i++)
		if (v[i])
			json_array_append_new(a, json_string(v[i]));
	s = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	return s;
}

static char *enclosures_json(const struct feed_entry *e)
{
	json_t *a;
	char *s;
	if (!e->n_enclosures)
		return NULL;
	a = json_array();
	for (size_t i = 0; i < e->n_enclosures; i++) {
		const struct feed_enclosure *x = &e->enclosures[i];
		json_t *o = json_object();
		json_object_set_new(o, "url", x->url ? json_string(x->url) : json_null());
		json_object_set_new(o, "type", x->type ? json_string(x->type) : json_null());
		json_object_set_new(o, "length", x->length >= 0 ? json_integer(x->length) : json_null());
		json_array_append_new(a, o);
	}
	s = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	return s;
}

static char *authors_text(const struct feed_entry *e)
{
	struct buf b = BUF_INIT(0);
	for (size_t i = 0; i < e->n_authors; i++)
		if (e->authors[i] && *e->authors[i])
			buf_printf(&b, "%s%s", b.len ? ", " : "", e->authors[i]);
	return b.len ? buf_detach(&b, NULL) : (buf_release(&b), NULL);
}

/* Atom and RSS 1.0 titles may be HTML (type="html"/"xhtml"): the reader wants plain text, so
 * markup titles go through the fragment-to-text path; plain titles are kept byte for byte. */
static char *plain_title(const char *title, json_t *extra)
{
	const char *type = json_string_value(json_object_get(json_object_get(extra, "title_detail"), "type"));
	if (!title || !type || (strcmp(type, "text/html") != 0 && strcmp(type, "application/xhtml+xml") != 0))
		return NULL;
	return extract_fragment_text(title, strlen(title));
}

void entry_article(const struct feed *fd, const struct feed_entry *e, int64_t feed_id, int64_t fetched,
		   struct entry_article *out)
{
	struct store_article *a = &out->a;
	const char *body = e->content ? e->content : e->summary;
	char *text = extract_fragment_text(body, body ? strlen(body) : 0);
	char *html = body ? extract_sanitize_fragment(body, strlen(body), e->link) : NULL;
	char *author = authors_text(e), *title = plain_title(e->title, e->extra);
	char *cats = text_array(e->categories, e->n_categories), *encl = enclosures_json(e);
	memset(out, 0, sizeof *out);
	out->own[0] = text;
	out->own[1] = html;
	out->own[2] = author;
	out->own[3] = title;
	out->own[4] = cats;
	out->own[5] = encl;
	a->categories = cats;
	a->enclosures = encl;
	a->feed_id = feed_id;
	a->guid = e->id;
	a->url = e->link;
	a->title = title ? title : e->title;
	a->author = author ? author : fd->author;
	a->summary = e->summary;
	a->content = e->content;
	a->text = text;
	a->html = html;
	a->lang = e->lang ? e->lang : fd->language;
	a->image = e->image;
	a->published = e->published != DATE_NONE ? e->published : e->updated;
	a->updated = e->updated;
	a->fetched = fetched;
	a->words = articles_count_words(text);
}

void entry_article_release(struct entry_article *x)
{
	for (size_t i = 0; i < sizeof x->own / sizeof *x->own; i++)
		free(x->own[i]);
	memset(x, 0, sizeof *x);
}
