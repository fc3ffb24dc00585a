/*
 * feed.c — the parser's front door: caps, charset decoding, format dispatch, and the
 * `newsfold parse` JSON shape. The format parsers (xmlfeed.c, jsonfeed.c) only ever see
 * UTF-8; everything they store goes through the small helpers here so ownership is in
 * one place.
 */
#include "parse/feed.h"
#include "parse/fx.h"
#include "parse/parse_int.h"
#include "util/buf.h"
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

/* Bytes a URL in the simple cases below may hold: letters, digits, - . _ ~ / and the
 * sub-delimiters other than those libcurl treats specially. */
static int plain_url_byte(int c)
{
	return ascii_isalnum(c) || (c && strchr("-._~/!$&'()*+,;=:@", c));
}

/* Drop the last segment of out (past start) and the '/' before it. */
static void pop_segment(struct buf *out, size_t start)
{
	while (out->len > start && out->data[out->len - 1] != '/')
		out->len--;
	if (out->len > start)
		out->len--;
}

/* RFC 3986 5.2.4 on a path that starts with '/' (and so keeps doing), appended to out. */
static void remove_dots(struct buf *out, const char *in)
{
	size_t start = out->len;
	while (*in) {
		if (!strncmp(in, "/./", 3)) {
			in += 2;
		} else if (!strcmp(in, "/.")) {
			buf_putc(out, '/');
			break;
		} else if (!strncmp(in, "/../", 4)) {
			pop_segment(out, start);
			in += 3;
		} else if (!strcmp(in, "/..")) {
			pop_segment(out, start);
			buf_putc(out, '/');
			break;
		} else {
			const char *e = strchr(in + 1, '/');
			size_t n = e ? (size_t)(e - in) : strlen(in);
			buf_append(out, in, n);
			in += n;
		}
	}
	buf_putc(out, '\0');
	out->len--;
}

/* ref (a relative path) against base, without libcurl, for the common shape only:
 * base "http[s]://host/path" (host of letters, digits, - . _ or non-ASCII bytes, kept as
 * they are; no port, user, query or fragment) and ref a path of plain bytes or non-ASCII
 * ones (percent-encoded, lower-case hex, as libcurl does). NULL for anything else, which
 * libcurl resolves: loading libcurl costs more than parsing a small feed, and feeds with
 * relative links are common. The answers are libcurl's, quirks included (an empty ref
 * gives the base's directory; "http:///h/" is "http://h/"); tests/unit/test_parse.c
 * compares them with url_resolve. */
static char *resolve_simple(const char *base, const char *ref)
{
	const char *host, *path, *p;
	struct buf b = BUF_INIT(0), m = BUF_INIT(0);
	size_t scheme_len;
	if (str_startswith(base, "http://"))
		scheme_len = 7;
	else if (str_startswith(base, "https://"))
		scheme_len = 8;
	else
		return NULL;
	host = base + scheme_len;
	if (host[0] == '/' && host[1] != '/')
		host++;   /* libcurl reads three slashes as two */
	for (path = host; *path && *path != '/'; path++)
		if (!(ascii_isalnum((unsigned char)*path) || (unsigned char)*path >= 0x80 ||
		      *path == '-' || *path == '.' || *path == '_'))
			return NULL;
	if (path == host)
		return NULL;
	for (p = path; *p; p++)
		if (!plain_url_byte((unsigned char)*p))
			return NULL;
	if (ref[0] == '/' && ref[1] == '/')
		return NULL;
	for (p = ref; *p; p++)
		if (!plain_url_byte((unsigned char)*p) && (unsigned char)*p < 0x80)
			return NULL;
	/* the merged path (5.2.3; libcurl first removes the dots of the base's path), then the
	 * dots removed (5.2.4) */
	if (ref[0] != '/') {
		struct buf bp = BUF_INIT(0);
		const char *slash;
		buf_puts(&bp, "");
		remove_dots(&bp, path);
		slash = strrchr(bp.data, '/');
		buf_putc(&m, '/');
		if (slash && slash > bp.data)
			buf_append(&m, bp.data + 1, (size_t)(slash - bp.data));
		buf_release(&bp);
	}
	for (p = ref; *p; p++) {
		if ((unsigned char)*p >= 0x80)
			buf_printf(&m, "%%%02x", (unsigned char)*p);
		else
			buf_putc(&m, *p);
	}
	buf_append(&b, base, scheme_len);
	buf_append(&b, host, (size_t)(path - host));
	remove_dots(&b, m.data);
	buf_release(&m);
	return buf_detach(&b, NULL);
}

char *feed_resolve(const char *base, const char *ref)
{
	char *r;
	if (!ref)
		return NULL;
	if (!base || !*base || has_scheme(ref))
		return xstrdup(ref);
	if (!has_scheme(base))
		return xstrdup(ref);   /* what libcurl answers: no URL without a scheme */
	if ((r = resolve_simple(base, ref)))
		return r;
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
	if (f->n_entries + c->n_streamed >= c->max_entries) {
		c->truncated = 1;
		return NULL;
	}
	/* four first (640 bytes: malloc's per-thread cache; xgrow's first eight are not,
	 * and most documents have a few entries), then doubling */
	if (!f->cap_entries) {
		f->entries = xmalloc(4 * sizeof *f->entries);
		f->cap_entries = 4;
	} else if (f->n_entries == f->cap_entries) {
		xgrow((void **)&f->entries, &f->cap_entries, f->n_entries + 1, sizeof *f->entries);
	}
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

void feed_entry_release(struct feed_entry *e)
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
	fx_arena_free(e->fx);
}

void feed_entry_done(struct feed_ctx *c)
{
	struct feed *f = c->f;
	/* Only an entry with none before it still in memory: output keeps document order. */
	if (!c->on_entry || f->n_entries != 1)
		return;
	c->on_entry(c, &f->entries[f->n_entries - 1]);
	feed_entry_release(&f->entries[--f->n_entries]);
	c->n_streamed++;
}

void feed_free(struct feed *f)
{
	if (!f)
		return;
	feed_clear(f);
	free(f);
}

void feed_clear(struct feed *f)
{
	for (size_t i = 0; i < f->n_entries; i++)
		feed_entry_release(&f->entries[i]);
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
	fx_arena_free(f->fx);
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
	if (feed_parse_sink(data, len, opts, NULL, NULL, NULL, out, err) < 0)
		return -1;
	feed_extras_to_json(*out);
	return 0;
}

int feed_parse_to_print(const char *data, size_t len, const struct feed_parse_opts *opts,
			struct feed **out, char **err)
{
	return feed_parse_sink(data, len, opts, NULL, NULL, NULL, out, err);
}

int feed_parse_sink(const char *data, size_t len, const struct feed_parse_opts *opts,
		    void (*on_entry)(struct feed_ctx *, const struct feed_entry *),
		    void (*reset)(struct feed_ctx *), void *sink, struct feed **out, char **err)
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
	c.on_entry = on_entry;
	c.reset = reset;
	c.sink = sink;
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
	/* XML labelled UTF-8 is checked by the fast path's own pass, not twice. */
	if (feed_charset_decode(data, len, opts->content_type, !is_json,
				!is_json && c.xml_path != FEED_XML_LIBXML2, &utf8, &ulen, &enc, &bozo,
				&c.utf8_unverified, err) < 0)
		goto out;
	c.f->encoding = enc;
	if (bozo) {
		feed_set_bozo(c.f, bozo);
		free(bozo);
	}
	rc = is_json ? feed_json_parse(&c, utf8, ulen, err) : feed_xml_parse(&c, utf8, ulen, err);
	if (rc == FEED_XML_UNVERIFIED) {
		const char *first = utf8;
		int unverified;
		free(c.f->encoding);
		c.f->encoding = NULL;
		if (feed_charset_decode(data, len, opts->content_type, 1, 0, &utf8, &ulen, &enc,
					&bozo, &unverified, err) < 0) {
			rc = -1;
			goto out;
		}
		c.f->encoding = enc;
		if (bozo) {
			feed_set_bozo(c.f, bozo);
			free(bozo);
		}
		c.utf8_unverified = 0;
		c.fast_failed = utf8 == first;   /* valid as it was: the fast path has had it */
		rc = feed_xml_parse(&c, utf8, ulen, err);
	}
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
