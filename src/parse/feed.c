/*
 * feed.c — the parser's front door: caps, charset decoding, format dispatch, and the
 * `newsfold parse` JSON shape. The format parsers (xmlfeed.c, jsonfeed.c) only ever see
 * UTF-8; everything they store goes through the small helpers here so ownership is in
 * one place.
 */
#include "parse/feed.h"
#include "parse/parse_int.h"
#include "util/date.h"
#include "util/url.h"
#include "util/util.h"

#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void quiet(void *ctx, const char *msg, ...)
{
	(void)ctx, (void)msg;
}

/* libxml2 prints some problems (encoding errors) through its generic handler, straight
 * to stderr; a hostile feed must not flood our logs, and our parser reports through bozo. */
void feed_global_init(void)
{
	xmlInitParser();
	xmlSetGenericErrorFunc(NULL, quiet);
	xmlThrDefSetGenericErrorFunc(NULL, quiet);
}

void feed_str_set(char **dst, const char *s)
{
	free(*dst);
	*dst = xstrdup(s);
}

void feed_strv_add(char ***v, size_t *n, const char *s)
{
	/* Grow by powers of two: n is the only count we keep. */
	if ((*n & (*n - 1)) == 0 || *n == 0)
		*v = xrealloc(*v, (*n ? *n * 2 : 2) * sizeof **v);
	(*v)[(*n)++] = xstrdup(s);
}

void feed_set_bozo(struct feed *f, const char *reason)
{
	if (!f->bozo || !f->bozo_reason)
		feed_str_set(&f->bozo_reason, reason);
	f->bozo = 1;
}

static int has_scheme(const char *s)
{
	const char *p = s;
	if (!ascii_isalpha((unsigned char)*p))
		return 0;
	while (ascii_isalnum((unsigned char)*p) || *p == '+' || *p == '-' || *p == '.')
		p++;
	return *p == ':';
}

char *feed_resolve(const char *base, const char *ref)
{
	char *r;
	if (!ref)
		return NULL;
	if (!base || !*base || has_scheme(ref))
		return xstrdup(ref);
	r = url_resolve(base, ref);
	return r ? r : xstrdup(ref);
}

json_t *feed_extra(json_t **extra)
{
	if (!*extra)
		*extra = json_object();
	return *extra;
}

struct feed_entry *feed_entry_add(struct feed_ctx *c)
{
	struct feed *f = c->f;
	struct feed_entry *e;
	if (f->n_entries >= c->max_entries) {
		c->truncated = 1;
		return NULL;
	}
	if (f->n_entries == f->cap_entries)
		xgrow((void **)&f->entries, &f->cap_entries, f->n_entries + 1, sizeof *f->entries);
	e = &f->entries[f->n_entries++];
	memset(e, 0, sizeof *e);
	e->published = e->updated = DATE_NONE;
	return e;
}

static void strv_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void entry_release(struct feed_entry *e)
{
	free(e->id);
	free(e->link);
	free(e->title);
	free(e->summary);
	free(e->content);
	free(e->summary_type);
	free(e->content_type);
	strv_free(e->authors, e->n_authors);
	strv_free(e->categories, e->n_categories);
	for (size_t i = 0; i < e->n_enclosures; i++) {
		free(e->enclosures[i].url);
		free(e->enclosures[i].type);
	}
	free(e->enclosures);
	free(e->image);
	free(e->lang);
	free(e->comments);
	json_decref(e->extra);
}

void feed_free(struct feed *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->n_entries; i++)
		entry_release(&f->entries[i]);
	free(f->entries);
	free(f->format);
	free(f->bozo_reason);
	free(f->encoding);
	free(f->title);
	free(f->link);
	free(f->description);
	free(f->language);
	free(f->image);
	free(f->generator);
	free(f->author);
	free(f->icon);
	free(f->id);
	free(f->rights);
	json_decref(f->extra);
	free(f);
}

/* Skip a UTF-8 BOM and leading whitespace; the first significant byte decides JSON vs XML. */
static const char *first_significant(const char *d, size_t len)
{
	const char *p = d, *end = d + len;
	if (len >= 3 && (unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB &&
	    (unsigned char)p[2] == 0xBF)
		p += 3;
	while (p < end && ascii_isspace((unsigned char)*p))
		p++;
	return p < end ? p : NULL;
}

static int looks_like_json(const char *data, size_t len)
{
	const char *p = first_significant(data, len);
	return p && *p == '{';
}

int feed_parse(const char *data, size_t len, const struct feed_parse_opts *opts,
	       struct feed **out, char **err)
{
	struct feed_parse_opts none = { 0 };
	struct feed_ctx c = { 0 };
	char *utf8 = NULL, *enc = NULL, *bozo = NULL;
	size_t ulen = 0, max_bytes;
	int is_json, rc = -1;
	*out = NULL;
	*err = NULL;
	if (!opts)
		opts = &none;
	max_bytes = opts->max_bytes ? opts->max_bytes : FEED_MAX_BYTES_DEFAULT;
	if (!data || len == 0) {
		*err = xstrdup("empty document");
		return -1;
	}
	c.f = xcalloc(1, sizeof *c.f);
	c.f->updated = c.f->published = DATE_NONE;
	c.url = opts->url;
	if (c.url && (str_istartswith(c.url, "javascript:") || str_istartswith(c.url, "vbscript:") ||
		      str_istartswith(c.url, "data:")))
		c.url = NULL;   /* never a base for links */
	c.lang = opts->content_language;
	c.max_entries = opts->max_entries ? opts->max_entries : FEED_MAX_ENTRIES_DEFAULT;
	c.xml_path = opts->xml_path;
	if (len > max_bytes) {
		/* Cut on a character boundary so the part we keep still decodes as labelled. */
		size_t cut = max_bytes;
		for (int k = 0; k < 3 && cut > 0 && ((unsigned char)data[cut] & 0xC0) == 0x80; k++)
			cut--;
		if (len >= 2 && ((unsigned char)data[0] == 0xFF || (unsigned char)data[0] == 0xFE))
			cut &= ~(size_t)3;   /* UTF-16/32 with a BOM: whole code units */
		len = cut;
		feed_set_bozo(c.f, "document larger than the size cap; cut");
	}
	is_json = looks_like_json(data, len);
	if (feed_charset_decode(data, len, opts->content_type, !is_json, &utf8, &ulen, &enc, &bozo,
				err) < 0)
		goto out;
	c.f->encoding = enc;
	if (bozo) {
		feed_set_bozo(c.f, bozo);
		free(bozo);
	}
	rc = is_json ? feed_json_parse(&c, utf8, ulen, err) : feed_xml_parse(&c, utf8, ulen, err);
	if (rc == 0 && c.truncated)
		feed_set_bozo(c.f, "more entries than the entry cap; the rest were dropped");
out:
	if ((uintptr_t)utf8 < (uintptr_t)data || (uintptr_t)utf8 > (uintptr_t)data + len)
		free(utf8);   /* a decoded copy; otherwise it points into data (no copy made) */
	if (rc < 0) {
		feed_free(c.f);
		if (!*err)
			*err = xstrdup("not a feed");
		return -1;
	}
	*out = c.f;
	return 0;
}

/* ---- JSON output ---- */

/* A string value, or null: also null if s were not UTF-8, so a key is never lost. */
static json_t *jstr(const char *s)
{
	json_t *v = s ? json_string(s) : NULL;
	return v ? v : json_null();
}

static json_t *jdate(int64_t t)
{
	char buf[DATE_ISO_LEN];
	return t == DATE_NONE ? json_null() : json_string(date_format(t, buf));
}

static json_t *jstrv(char **v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, jstr(v[i]));
	return a;
}

static json_t *enclosures_json(const struct feed_entry *e)
{
	json_t *a = json_array();
	for (size_t i = 0; i < e->n_enclosures; i++) {
		const struct feed_enclosure *x = &e->enclosures[i];
		json_array_append_new(a, json_pack("{s:o,s:o,s:o}", "url", jstr(x->url), "type",
						   jstr(x->type), "length",
						   x->length < 0 ? json_null() : json_integer(x->length)));
	}
	return a;
}

static json_t *entry_json(const struct feed_entry *e)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", jstr(e->id));
	json_object_set_new(o, "link", jstr(e->link));
	json_object_set_new(o, "title", jstr(e->title));
	json_object_set_new(o, "authors", jstrv(e->authors, e->n_authors));
	json_object_set_new(o, "published", jdate(e->published));
	json_object_set_new(o, "updated", jdate(e->updated));
	json_object_set_new(o, "summary", jstr(e->summary));
	json_object_set_new(o, "summary_type", jstr(e->summary_type));
	json_object_set_new(o, "content", jstr(e->content));
	json_object_set_new(o, "content_type", jstr(e->content_type));
	json_object_set_new(o, "categories", jstrv(e->categories, e->n_categories));
	json_object_set_new(o, "enclosures", enclosures_json(e));
	json_object_set_new(o, "image", jstr(e->image));
	json_object_set_new(o, "language", jstr(e->lang));
	json_object_set_new(o, "comments", jstr(e->comments));
	if (e->extra)
		json_object_update_missing(o, e->extra);
	return o;
}

json_t *feed_head_json(const struct feed *f)
{
	json_t *o = json_object();
	json_object_set_new(o, "title", jstr(f->title));
	json_object_set_new(o, "link", jstr(f->link));
	json_object_set_new(o, "description", jstr(f->description));
	json_object_set_new(o, "language", jstr(f->language));
	json_object_set_new(o, "updated", jdate(f->updated));
	json_object_set_new(o, "published", jdate(f->published));
	json_object_set_new(o, "id", jstr(f->id));
	json_object_set_new(o, "author", jstr(f->author));
	json_object_set_new(o, "rights", jstr(f->rights));
	json_object_set_new(o, "generator", jstr(f->generator));
	json_object_set_new(o, "image", jstr(f->image));
	json_object_set_new(o, "icon", jstr(f->icon));
	if (f->extra)
		json_object_update_missing(o, f->extra);
	return o;
}

json_t *feed_to_json(const struct feed *f)
{
	json_t *o = json_object(), *ents = json_array();
	json_object_set_new(o, "format", jstr(f->format));
	json_object_set_new(o, "bozo", json_boolean(f->bozo));
	json_object_set_new(o, "bozo_reason", jstr(f->bozo_reason));
	json_object_set_new(o, "encoding", jstr(f->encoding));
	json_object_set_new(o, "feed", feed_head_json(f));
	for (size_t i = 0; i < f->n_entries; i++)
		json_array_append_new(ents, entry_json(&f->entries[i]));
	json_object_set_new(o, "entries", ents);
	return o;
}

/* Same text as json_dumpf(feed_to_json(f), JSON_COMPACT | JSON_PRESERVE_ORDER), but one
 * entry's tree at a time: a 50 MB feed never has its whole JSON tree in memory. */
static int dump_value(json_t *v, FILE *out)
{
	int rc = json_dumpf(v, out, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
	json_decref(v);
	return rc;
}

/* A JSON string written straight from our own string (no jansson copy: summaries and
 * content are most of a feed). Not valid UTF-8 → null, as jstr does. */
static void put_str(FILE *out, const char *s)
{
	json_t *probe;
	const unsigned char *p = (const unsigned char *)s;
	if (!s) {
		fputs("null", out);
		return;
	}
	for (; *p; p++)
		if (*p >= 0x80)
			break;
	if (*p) { /* non-ASCII: let jansson judge the UTF-8 */
		probe = json_string(s);
		if (!probe) {
			fputs("null", out);
			return;
		}
		json_decref(probe);
	}
	fputc('"', out);
	for (p = (const unsigned char *)s; *p; p++) {
		const unsigned char *q = p;
		while (*q >= 0x20 && *q != '"' && *q != '\\')
			q++;
		fwrite(p, 1, (size_t)(q - p), out);
		if (!*q)
			break;
		p = q;
		switch (*p) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\t': fputs("\\t", out); break;
		case '\r': fputs("\\r", out); break;
		default: fprintf(out, "\\u%04x", *p);
		}
	}
	fputc('"', out);
}

static void put_key_str(FILE *out, const char *key, const char *s)
{
	fprintf(out, ",\"%s\":", key);
	put_str(out, s);
}

static int extra_collides(const json_t *extra)
{
	static const char *const req[] = { "id", "link", "title", "authors", "published", "updated",
					   "summary", "summary_type", "content", "content_type",
					   "categories", "enclosures", "image", "language", "comments" };
	for (size_t i = 0; i < sizeof req / sizeof *req; i++)
		if (json_object_get(extra, req[i]))
			return 1;
	return 0;
}

/* One entry, as entry_json would serialize it; the big strings bypass jansson. */
static int print_entry(const struct feed_entry *e, FILE *out)
{
	char d[DATE_ISO_LEN];
	int rc = 0;
	if (e->extra && extra_collides(e->extra))
		return dump_value(entry_json(e), out);
	fputs("{\"id\":", out);
	put_str(out, e->id);
	put_key_str(out, "link", e->link);
	put_key_str(out, "title", e->title);
	fputs(",\"authors\":", out);
	rc |= dump_value(jstrv(e->authors, e->n_authors), out);
	put_key_str(out, "published", e->published == DATE_NONE ? NULL : date_format(e->published, d));
	put_key_str(out, "updated", e->updated == DATE_NONE ? NULL : date_format(e->updated, d));
	put_key_str(out, "summary", e->summary);
	put_key_str(out, "summary_type", e->summary_type);
	put_key_str(out, "content", e->content);
	put_key_str(out, "content_type", e->content_type);
	fputs(",\"categories\":", out);
	rc |= dump_value(jstrv(e->categories, e->n_categories), out);
	fputs(",\"enclosures\":", out);
	rc |= dump_value(enclosures_json(e), out);
	put_key_str(out, "image", e->image);
	put_key_str(out, "language", e->lang);
	put_key_str(out, "comments", e->comments);
	if (e->extra && json_object_size(e->extra)) {
		char *x = json_dumps(e->extra, JSON_COMPACT | JSON_PRESERVE_ORDER);
		size_t n = x ? strlen(x) : 0;
		if (n > 2) {   /* splice the extras' members: drop their braces */
			fputc(',', out);
			fwrite(x + 1, 1, n - 2, out);
		}
		free(x);
	}
	fputc('}', out);
	return rc;
}

int feed_print_json(const struct feed *f, FILE *out)
{
	int rc = 0;
	fputs("{\"format\":", out);
	rc |= dump_value(jstr(f->format), out);
	fputs(",\"bozo\":", out);
	rc |= dump_value(json_boolean(f->bozo), out);
	fputs(",\"bozo_reason\":", out);
	rc |= dump_value(jstr(f->bozo_reason), out);
	fputs(",\"encoding\":", out);
	rc |= dump_value(jstr(f->encoding), out);
	fputs(",\"feed\":", out);
	rc |= dump_value(feed_head_json(f), out);
	fputs(",\"entries\":[", out);
	for (size_t i = 0; i < f->n_entries; i++) {
		if (i)
			fputc(',', out);
		rc |= print_entry(&f->entries[i], out);
	}
	fputs("]}\n", out);
	return rc || ferror(out) ? -1 : 0;
}

/* ---- sniffing ---- */

static int window_has(const char *p, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	for (size_t i = 0; i + k <= n; i++)
		if (str_ncasecmp(p + i, needle, k) == 0)
			return 1;
	return 0;
}

int feed_sniff(const char *data, size_t len)
{
	const char *p = data ? first_significant(data, len) : NULL;
	size_t n;
	if (!p)
		return 0;
	n = (size_t)(data + len - p);
	if (n > 4096)
		n = 4096;
	if (*p == '{')
		return window_has(p, n, "jsonfeed.org/version");
	if (*p != '<')
		return 0;
	if (window_has(p, n, "<html") && !window_has(p, n, "<rss") && !window_has(p, n, "<feed"))
		return 0;
	return window_has(p, n, "<rss") || window_has(p, n, "<feed") || window_has(p, n, "<rdf:rdf") ||
	       window_has(p, n, "purl.org/rss/1.0") || window_has(p, n, "<channel");
}
