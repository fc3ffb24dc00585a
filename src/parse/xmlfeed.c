/*
 * xmlfeed.c — RSS 0.9x/2.0, RSS 1.0/RDF and Atom 0.3/1.0 with libxml2's SAX2 interface.
 *
 * No tree is built: a stack of frames (one per open element) carries the canonical name
 * ("dc:creator": namespaces are mapped to feedparser's prefixes, so "content:encoded"
 * means the same whatever prefix the document chose), the inherited xml:base and xml:lang,
 * and where the element's text starts in one shared text buffer. When an element closes,
 * its text is handed to the field it feeds (by context: feed, entry, author, source,
 * image) and the buffer is cut back. Text constructs (title, summary, content, ...) that
 * contain child elements (inline XHTML, or unescaped HTML in RSS) have those children
 * re-serialized as markup into the same buffer instead.
 *
 * libxml2 runs in recover mode without network, DTD loading or entity substitution;
 * xmlprep.c has already removed the DOCTYPE and rewritten entities. The first error
 * libxml2 reports becomes the bozo reason.
 */
#include "parse/parse_int.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/util.h"

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 512
#define KEY_MAX 48
#define MAX_ATTRS 16
#define MAX_LIST 1000   /* links, tags, authors per feed or entry */

enum role { R_NONE, R_FEED, R_ENTRY, R_PERSON, R_SOURCE, R_IMAGE, R_TEXTINPUT, R_SKIP, R_MARKUP };

struct frame {
	char key[KEY_MAX];
	const char *base, *lang;   /* effective values; may point to an ancestor's */
	char *own_base, *own_lang;
	char *attrs[MAX_ATTRS * 2];/* canonical name, value; only for elements we read */
	int n_attrs;
	size_t text_start;
	enum role role;
	unsigned markup_root : 1;  /* a text construct: child elements become markup */
	unsigned markup : 1;       /* child elements seen; the text holds escaped markup */
	unsigned xhtml : 1;        /* Atom type="xhtml": drop the wrapping div */
	unsigned skipped_div : 1;  /* this markup element is that wrapping div */
	unsigned open_tag : 1;     /* markup: start tag written and nothing after it yet */
};

struct xp {
	struct feed_ctx *c;
	struct feed *f;
	struct feed_entry *e;
	struct frame st[MAX_DEPTH];
	int depth, overflow;       /* overflow: levels past MAX_DEPTH being ignored */
	int markup_root;           /* index of the text construct being serialized, or -1 */
	struct buf text;
	json_t *person;            /* the Atom author/contributor being read */
	json_t *source;            /* the entry's <source> being read */
	int seen_root, atom;
	char *error;
};

/* ---- names ---- */

static const struct { const char *uri, *prefix; } namespaces[] = {
	{ "http://www.w3.org/2005/Atom", "" },
	{ "http://purl.org/atom/ns#", "" },
	{ "http://purl.org/rss/1.0/", "" },
	{ "http://my.netscape.com/rdf/simple/0.9/", "" },
	{ "http://backend.userland.com/rss2", "" },
	{ "http://blogs.law.harvard.edu/tech/rss", "" },
	{ "http://backend.userland.com/rss", "" },
	{ "http://purl.org/net/rss1.1#", "" },
	{ "http://purl.org/dc/elements/1.1/", "dc" },
	{ "http://purl.org/dc/terms/", "dcterms" },
	{ "http://purl.org/rss/1.0/modules/content/", "content" },
	{ "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdf" },
	{ "http://search.yahoo.com/mrss/", "media" },
	{ "http://search.yahoo.com/mrss", "media" },
	{ "http://www.itunes.com/DTDs/PodCast-1.0.dtd", "itunes" },
	{ "http://www.itunes.com/dtds/podcast-1.0.dtd", "itunes" },
	{ "http://example.com/DTDs/PodCast-1.0.dtd", "itunes" },
	{ "http://www.w3.org/1999/xhtml", "xhtml" },
	{ "http://purl.org/rss/1.0/modules/slash/", "slash" },
	{ "http://wellformedweb.org/CommentAPI/", "wfw" },
	{ "http://www.georss.org/georss", "georss" },
	{ "http://purl.org/syndication/thread/1.0", "thr" },
	{ "http://webns.net/mvcb/", "admin" },
	{ "http://purl.org/rss/1.0/modules/syndication/", "sy" },
	{ "http://www.w3.org/XML/1998/namespace", "xml" },
	{ "http://purl.org/rss/1.0/modules/image/", "image" },
	{ "http://purl.org/rss/1.0/modules/textinput/", "ti" },
	{ "http://podlove.org/simple-chapters", "psc" },
	{ "http://www.google.com/schemas/play-podcasts/1.0", "googleplay" },
	{ "http://www.w3.org/2003/01/geo/wgs84_pos#", "geo" },
	{ "http://www.opengis.net/gml", "gml" },
	{ "http://purl.org/rss/1.0/modules/creativeCommons/", "cc" },
	{ "http://backend.userland.com/creativeCommonsRssModule", "creativecommons" },
	{ "http://purl.org/rss/1.0/modules/email/", "email" },
};

static const char *ns_prefix(const xmlChar *uri, const xmlChar *doc_prefix)
{
	if (!uri)
		return "";
	for (size_t i = 0; i < sizeof namespaces / sizeof *namespaces; i++)
		if (str_casecmp((const char *)uri, namespaces[i].uri) == 0)
			return namespaces[i].prefix;
	return doc_prefix ? (const char *)doc_prefix : "";
}

static void make_key(char out[KEY_MAX], const char *prefix, const xmlChar *local)
{
	size_t n = 0, pl = strlen(prefix);
	const char *l = (const char *)local;
	if (pl && pl < KEY_MAX - 2) {
		memcpy(out, prefix, pl);
		out[pl] = ':';
		n = pl + 1;
	}
	while (*l && n < KEY_MAX - 1)
		out[n++] = (char)ascii_tolower((unsigned char)*l++);
	out[n] = '\0';
}

static const char *attr(const struct frame *fr, const char *name)
{
	for (int i = 0; i < fr->n_attrs; i++)
		if (strcmp(fr->attrs[2 * i], name) == 0)
			return fr->attrs[2 * i + 1];
	return NULL;
}

/* ---- the text buffer ---- */

static void put_esc(struct buf *b, const char *s, size_t n, int quote)
{
	const char *p = s, *end = s + n;
	while (p < end) {
		const char *q = p;
		while (q < end && *q != '&' && *q != '<' && *q != '>' && !(quote && *q == '"'))
			q++;
		buf_append(b, p, (size_t)(q - p));
		if (q >= end)
			break;
		buf_puts(b, *q == '&' ? "&amp;" : *q == '<' ? "&lt;" : *q == '>' ? "&gt;" : "&quot;");
		p = q + 1;
	}
}

/* The construct just got its first child element: escape the text gathered so far. */
static void to_markup(struct xp *x, struct frame *root)
{
	size_t start = root->text_start, n = x->text.len - start;
	char *raw = xstrndup(x->text.data + start, n);
	x->text.len = start;
	put_esc(&x->text, raw, n, 0);
	free(raw);
	root->markup = 1;
}

static void close_open_tag(struct xp *x)
{
	if (x->depth > 0 && x->st[x->depth - 1].open_tag) {
		buf_putc(&x->text, '>');
		x->st[x->depth - 1].open_tag = 0;
	}
}

/* ---- storing values ---- */

static char *trimmed(const char *s, size_t n)
{
	while (n && ascii_isspace((unsigned char)*s))
		s++, n--;
	while (n && ascii_isspace((unsigned char)s[n - 1]))
		n--;
	return xstrndup(s, n);
}

static json_t *detail(const char *type, const struct frame *fr, const char *value)
{
	json_t *o = json_object();
	json_object_set_new(o, "type", type ? json_string(type) : json_null());
	json_object_set_new(o, "language", fr->lang ? json_string(fr->lang) : json_null());
	json_object_set_new(o, "base", json_string(fr->base ? fr->base : ""));
	json_object_set_new(o, "value", json_string(value));
	return o;
}

static void list_add(json_t **extra, const char *key, json_t *item)
{
	json_t *a = json_object_get(feed_extra(extra), key);
	if (!a) {
		a = json_array();
		json_object_set_new(*extra, key, a);
	}
	if (json_array_size(a) < MAX_LIST)
		json_array_append_new(a, item);
	else
		json_decref(item);
}

static const char *text_type(struct xp *x, const struct frame *fr, const char *key)
{
	const char *t = attr(fr, "type"), *mode = attr(fr, "mode");
	if (fr->markup)
		return fr->xhtml || (t && !strcmp(t, "xhtml")) ? "application/xhtml+xml" : "text/html";
	if (mode && !strcmp(mode, "escaped") && (!t || !strcmp(t, "text/plain") || !strcmp(t, "text")))
		return "text/html";
	if (t) {
		if (!strcmp(t, "text") || !strcmp(t, "plain"))
			return "text/plain";
		if (!strcmp(t, "html"))
			return "text/html";
		if (!strcmp(t, "xhtml"))
			return "application/xhtml+xml";
		return t;
	}
	if (x->atom)
		return "text/plain";
	if (!strcmp(key, "title"))
		return "text/plain";
	return "text/html";
}

static int64_t date_of(const char *v)
{
	return date_parse(v);
}

static char *link_of(const struct frame *fr, const char *v)
{
	return feed_resolve(fr->base, v);
}

/* Atom <link>: rel/href/type/title from attributes. */
static void atom_link(struct xp *x, const struct frame *fr, json_t **extra, char **link,
		      struct feed_entry *e)
{
	const char *href = attr(fr, "href"), *rel = attr(fr, "rel"), *type = attr(fr, "type");
	const char *title = attr(fr, "title"), *len = attr(fr, "length");
	char *abs;
	json_t *o;
	if (!href)
		return;
	abs = link_of(fr, href);
	if (!rel)
		rel = "alternate";
	o = json_pack("{s:s,s:s}", "rel", rel, "href", abs);
	if (type)
		json_object_set_new(o, "type", json_string(type));
	if (title)
		json_object_set_new(o, "title", json_string(title));
	if (len)
		json_object_set_new(o, "length", json_string(len));
	list_add(extra, "links", o);
	if (!strcmp(rel, "alternate") && !*link)
		*link = xstrdup(abs);
	else if (!strcmp(rel, "enclosure") && e && e->n_enclosures < MAX_LIST) {
		int64_t n = -1;
		struct feed_enclosure *en;
		e->enclosures = xrealloc(e->enclosures, (e->n_enclosures + 1) * sizeof *e->enclosures);
		en = &e->enclosures[e->n_enclosures++];
		en->url = xstrdup(abs);
		en->type = xstrdup(type);
		en->length = len && str_to_i64(len, &n) == 0 ? n : -1;
	}
	free(abs);
}

static void rss_enclosure(struct feed_entry *e, const struct frame *fr, const char *url_attr)
{
	const char *url = attr(fr, url_attr), *len = attr(fr, "length");
	struct feed_enclosure *en;
	int64_t n = -1;
	if (!url || !e || e->n_enclosures >= MAX_LIST)
		return;
	e->enclosures = xrealloc(e->enclosures, (e->n_enclosures + 1) * sizeof *e->enclosures);
	en = &e->enclosures[e->n_enclosures++];
	en->url = link_of(fr, url);
	en->type = xstrdup(attr(fr, "type"));
	en->length = len && str_to_i64(len, &n) == 0 ? n : -1;
}

static void add_tag(json_t **extra, char ***v, size_t *n, const char *term, const char *scheme,
		    const char *label)
{
	if (!term || !*term)
		return;
	list_add(extra, "tags",
		 json_pack("{s:s,s:o,s:o}", "term", term, "scheme",
			   scheme ? json_string(scheme) : json_null(), "label",
			   label ? json_string(label) : json_null()));
	if (*n < MAX_LIST)
		feed_strv_add(v, n, term);
}

/* ---- element start ---- */

static void detect_format(struct xp *x, const char *key, const xmlChar *uri, const struct frame *fr)
{
	const char *u = (const char *)uri, *ver = attr(fr, "version");
	if (!strcmp(key, "rss")) {
		if (!ver || !*ver)
			feed_str_set(&x->f->format, "rss");
		else if (!strcmp(ver, "0.91"))
			feed_str_set(&x->f->format, "rss091u");
		else if (!strcmp(ver, "0.92"))
			feed_str_set(&x->f->format, "rss092");
		else if (!strcmp(ver, "0.93"))
			feed_str_set(&x->f->format, "rss093");
		else if (!strcmp(ver, "0.94"))
			feed_str_set(&x->f->format, "rss094");
		else if (str_startswith(ver, "2."))
			feed_str_set(&x->f->format, "rss20");
		else
			feed_str_set(&x->f->format, "rss");
	} else if (!strcmp(key, "feed")) {
		x->atom = 1;
		if (u && !strcmp(u, "http://www.w3.org/2005/Atom"))
			feed_str_set(&x->f->format, "atom10");
		else if (ver && !strcmp(ver, "0.3"))
			feed_str_set(&x->f->format, "atom03");
		else if (ver && !strcmp(ver, "0.2"))
			feed_str_set(&x->f->format, "atom02");
		else if (ver && !strcmp(ver, "0.1"))
			feed_str_set(&x->f->format, "atom01");
		else
			feed_str_set(&x->f->format, "atom");
	} else if (!strcmp(key, "rdf:rdf")) {
		feed_str_set(&x->f->format, "rss10");
	} else if (!strcmp(key, "channel")) {
		feed_str_set(&x->f->format, "cdf");
	}
}

static int is_text_construct(const struct xp *x, const char *key, enum role parent)
{
	static const char *const k[] = { "title", "subtitle", "tagline", "summary", "content",
					 "rights", "copyright", "description", "info",
					 "content:encoded", "xhtml:body", "xhtml:div",
					 "dc:description", "itunes:summary", "dc:title",
					 "media:title", "media:description", "dc:rights" };
	if (parent == R_PERSON || parent == R_IMAGE || parent == R_TEXTINPUT)
		return 0;
	for (size_t i = 0; i < sizeof k / sizeof *k; i++)
		if (!strcmp(key, k[i]))
			return 1;
	(void)x;
	return 0;
}

static void copy_attrs(struct frame *fr, int nb, const xmlChar **a)
{
	for (int i = 0; i < nb && fr->n_attrs < MAX_ATTRS; i++, a += 5) {
		const char *p = ns_prefix(a[2], a[1]);
		char key[KEY_MAX];
		make_key(key, p, a[0]);
		fr->attrs[2 * fr->n_attrs] = xstrdup(key);
		fr->attrs[2 * fr->n_attrs + 1] = xstrndup((const char *)a[3], (size_t)(a[4] - a[3]));
		fr->n_attrs++;
	}
}

static void inherit(struct xp *x, struct frame *fr)
{
	const struct frame *parent = x->depth > 1 ? &x->st[x->depth - 2] : NULL;
	const char *b = attr(fr, "xml:base"), *l = attr(fr, "xml:lang");
	fr->base = parent ? parent->base : x->c->url;
	fr->lang = parent ? parent->lang : NULL;
	if (b) {
		fr->own_base = feed_resolve(fr->base, b);
		fr->base = fr->own_base;
	}
	if (l) {
		fr->own_lang = xstrdup(l);
		fr->lang = fr->own_lang;
	}
}

static enum role parent_role(const struct xp *x)
{
	for (int i = x->depth - 2; i >= 0; i--)
		if (x->st[i].role != R_NONE)
			return x->st[i].role;
	return R_NONE;
}

static void start_role(struct xp *x, struct frame *fr, enum role parent)
{
	const char *k = fr->key;
	if (x->depth == 1)
		fr->role = R_FEED;
	if ((!strcmp(k, "item") || !strcmp(k, "entry")) && parent != R_SOURCE) {
		x->e = feed_entry_add(x->c);
		fr->role = x->e ? R_ENTRY : R_SKIP;
		if (x->e && fr->lang)
			x->e->lang = xstrdup(fr->lang);
	} else if (!strcmp(k, "channel") && parent == R_FEED) {
		fr->role = R_FEED;
	} else if ((!strcmp(k, "author") || !strcmp(k, "contributor")) && x->atom &&
		   (parent == R_FEED || parent == R_ENTRY || parent == R_SOURCE)) {
		fr->role = R_PERSON;
		x->person = json_object();
	} else if (!strcmp(k, "source") && parent == R_ENTRY && x->atom) {
		fr->role = R_SOURCE;
		x->source = json_object();
	} else if (!strcmp(k, "image") && parent == R_FEED) {
		fr->role = R_IMAGE;
	} else if ((!strcmp(k, "textinput") || !strcmp(k, "textInput")) &&
		   (parent == R_FEED || x->depth == 2)) {
		fr->role = R_TEXTINPUT;
	}
}

/* Elements whose whole meaning is in their attributes. */
static void start_attrs_only(struct xp *x, struct frame *fr, enum role parent)
{
	const char *k = fr->key;
	struct feed_entry *e = parent == R_ENTRY ? x->e : NULL;
	if (!strcmp(k, "link") && attr(fr, "href")) {
		if (parent == R_ENTRY && e)
			atom_link(x, fr, &e->extra, &e->link, e);
		else if (parent == R_FEED)
			atom_link(x, fr, &x->f->extra, &x->f->link, NULL);
		else if (parent == R_SOURCE) {
			json_t *tmp = NULL;
			char *l = NULL;
			atom_link(x, fr, &tmp, &l, NULL);
			if (tmp)
				json_object_set(x->source, "links", json_object_get(tmp, "links"));
			if (l)
				json_object_set_new(x->source, "link", json_string(l));
			json_decref(tmp);
			free(l);
		}
	} else if (!strcmp(k, "enclosure") && e) {
		rss_enclosure(e, fr, "url");
	} else if ((!strcmp(k, "media:thumbnail") || !strcmp(k, "media:content")) && e) {
		const char *u = attr(fr, "url"), *med = attr(fr, "medium"), *t = attr(fr, "type");
		if (u && !e->image &&
		    (k[6] == 't' || (med && !strcmp(med, "image")) || (t && str_startswith(t, "image/"))))
			e->image = link_of(fr, u);
		if (u && k[6] == 't')
			list_add(&e->extra, "media_thumbnail", json_pack("{s:s}", "url", u));
		if (u && k[6] == 'c')
			list_add(&e->extra, "media_content", json_pack("{s:s}", "url", u));
	} else if (!strcmp(k, "itunes:image") && attr(fr, "href")) {
		char *u = link_of(fr, attr(fr, "href"));
		if (parent == R_ENTRY && e && !e->image)
			e->image = xstrdup(u);
		else if (parent == R_FEED && !x->f->image)
			x->f->image = xstrdup(u);
		free(u);
	} else if (!strcmp(k, "category") && attr(fr, "term")) {
		if (parent == R_ENTRY && e)
			add_tag(&e->extra, &e->categories, &e->n_categories, attr(fr, "term"),
				attr(fr, "scheme"), attr(fr, "label"));
		else if (parent == R_FEED) {
			char **v = NULL;
			size_t n = 0;
			add_tag(&x->f->extra, &v, &n, attr(fr, "term"), attr(fr, "scheme"),
				attr(fr, "label"));
			for (size_t i = 0; i < n; i++)
				free(v[i]);
			free(v);
		}
	}
}

static void markup_start(struct xp *x, const xmlChar *local, const xmlChar *prefix,
			 const xmlChar *uri, int nb, const xmlChar **a)
{
	struct frame *root = &x->st[x->markup_root], *fr;
	int direct = x->depth == x->markup_root + 1;
	close_open_tag(x);
	if (!root->markup)
		to_markup(x, root);
	fr = &x->st[x->depth++];
	memset(fr, 0, sizeof *fr);
	fr->role = R_MARKUP;
	if (direct && root->xhtml && !strcmp((const char *)local, "div") && uri &&
	    !strcmp((const char *)uri, "http://www.w3.org/1999/xhtml")) {
		fr->skipped_div = 1;
		return;
	}
	if (prefix && (!uri || strcmp((const char *)uri, "http://www.w3.org/1999/xhtml")))
		snprintf(fr->key, KEY_MAX, "%s:%s", (const char *)prefix, (const char *)local);
	else
		snprintf(fr->key, KEY_MAX, "%s", (const char *)local);
	buf_putc(&x->text, '<');
	buf_puts(&x->text, fr->key);
	for (int i = 0; i < nb; i++, a += 5) {
		buf_putc(&x->text, ' ');
		if (a[1]) {
			buf_puts(&x->text, (const char *)a[1]);
			buf_putc(&x->text, ':');
		}
		buf_puts(&x->text, (const char *)a[0]);
		buf_puts(&x->text, "=\"");
		put_esc(&x->text, (const char *)a[3], (size_t)(a[4] - a[3]), 1);
		buf_putc(&x->text, '"');
	}
	fr->open_tag = 1;
}

static void on_start(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
		     int nb_ns, const xmlChar **ns, int nb_attrs, int nb_def, const xmlChar **attrs)
{
	struct xp *x = ctx;
	struct frame *fr;
	enum role parent;
	(void)nb_ns, (void)ns, (void)nb_def;
	if (x->depth >= MAX_DEPTH) {
		x->overflow++;
		return;
	}
	if (x->markup_root >= 0) {
		markup_start(x, local, prefix, uri, nb_attrs, attrs);
		return;
	}
	fr = &x->st[x->depth++];
	memset(fr, 0, sizeof *fr);
	make_key(fr->key, ns_prefix(uri, prefix), local);
	copy_attrs(fr, nb_attrs, attrs);
	inherit(x, fr);
	fr->text_start = x->text.len;
	if (x->depth == 1) {
		x->seen_root = 1;
		detect_format(x, fr->key, uri, fr);
	}
	parent = parent_role(x);
	if (parent == R_SKIP || parent == R_TEXTINPUT) {
		fr->role = R_SKIP;
		return;
	}
	start_role(x, fr, parent);
	if (fr->role != R_NONE)
		return;
	start_attrs_only(x, fr, parent);
	if (is_text_construct(x, fr->key, parent)) {
		const char *t = attr(fr, "type");
		fr->markup_root = 1;
		fr->xhtml = t && (!strcmp(t, "xhtml") || !strcmp(t, "application/xhtml+xml"));
		x->markup_root = x->depth - 1;
	}
}

/* ---- element end ---- */

static void person_end(struct xp *x, const struct frame *fr, enum role parent)
{
	json_t *p = x->person;
	const char *name = json_string_value(json_object_get(p, "name"));
	const char *email = json_string_value(json_object_get(p, "email"));
	const char *who = name ? name : email;
	x->person = NULL;
	if (!strcmp(fr->key, "contributor")) {
		if (parent == R_ENTRY && x->e)
			list_add(&x->e->extra, "contributors", p);
		else if (parent == R_FEED)
			list_add(&x->f->extra, "contributors", p);
		else
			json_decref(p);
		return;
	}
	if (parent == R_ENTRY && x->e) {
		if (who && x->e->n_authors < MAX_LIST)
			feed_strv_add(&x->e->authors, &x->e->n_authors, who);
		if (!json_object_get(feed_extra(&x->e->extra), "author_detail"))
			json_object_set(x->e->extra, "author_detail", p);
		list_add(&x->e->extra, "authors_detail", p);
	} else if (parent == R_FEED) {
		if (who && !x->f->author)
			x->f->author = xstrdup(who);
		if (!json_object_get(feed_extra(&x->f->extra), "author_detail"))
			json_object_set(x->f->extra, "author_detail", p);
		json_decref(p);
	} else if (parent == R_SOURCE && x->source) {
		if (who)
			json_object_set_new(x->source, "author", json_string(who));
		json_object_set_new(x->source, "author_detail", p);
	} else {
		json_decref(p);
	}
}

static void person_field(struct xp *x, const struct frame *fr, const char *v)
{
	const char *k = fr->key;
	if (!strcmp(k, "name"))
		json_object_set_new(x->person, "name", json_string(v));
	else if (!strcmp(k, "email"))
		json_object_set_new(x->person, "email", json_string(v));
	else if (!strcmp(k, "uri") || !strcmp(k, "url")) {
		char *u = link_of(fr, v);
		json_object_set_new(x->person, "href", json_string(u));
		free(u);
	}
}

/* RSS "email (Name)" or "Name <email>" → author_detail. */
static json_t *rss_person(const char *v)
{
	json_t *o = json_object();
	const char *lp = strchr(v, '('), *rp = lp ? strchr(lp, ')') : NULL;
	const char *la = strchr(v, '<'), *ra = la ? strchr(la, '>') : NULL;
	const char *at = strchr(v, '@');
	if (lp && rp && at && at < lp) {
		json_object_set_new(o, "email", json_stringn(v, (size_t)(lp - v) - (lp > v && lp[-1] == ' ')));
		json_object_set_new(o, "name", json_stringn(lp + 1, (size_t)(rp - lp - 1)));
	} else if (la && ra && at && at > la) {
		char *n = trimmed(v, (size_t)(la - v));
		json_object_set_new(o, "name", json_string(n));
		json_object_set_new(o, "email", json_stringn(la + 1, (size_t)(ra - la - 1)));
		free(n);
	} else if (at && !strchr(v, ' ')) {
		json_object_set_new(o, "email", json_string(v));
	} else {
		json_object_set_new(o, "name", json_string(v));
	}
	return o;
}

static void source_field(struct xp *x, const struct frame *fr, const char *v, const char *type)
{
	const char *k = fr->key;
	if (!x->source)
		return;
	if (!strcmp(k, "title") || !strcmp(k, "subtitle") || !strcmp(k, "rights") || !strcmp(k, "id") ||
	    !strcmp(k, "updated") || !strcmp(k, "tagline") || !strcmp(k, "copyright")) {
		const char *name = !strcmp(k, "tagline") ? "subtitle" : !strcmp(k, "copyright") ? "rights" : k;
		char dk[KEY_MAX + 8];
		json_object_set_new(x->source, name, json_string(v));
		snprintf(dk, sizeof dk, "%s_detail", name);
		if (type)
			json_object_set_new(x->source, dk, detail(type, fr, v));
	}
}

static int is_key(const char *k, const char *const *set)
{
	for (; *set; set++)
		if (!strcmp(k, *set))
			return 1;
	return 0;
}

static const char *const K_PUBLISHED[] = { "pubdate", "published", "issued", "dcterms:issued",
					   NULL };
static const char *const K_UPDATED[] = { "updated", "modified", "dcterms:modified", "dc:date",
					 "lastbuilddate", NULL };
static const char *const K_SUMMARY[] = { "description", "summary", "dc:description",
					 "itunes:summary", NULL };
static const char *const K_CONTENT[] = { "content:encoded", "content", "xhtml:body",
					 "xhtml:div", NULL };
static const char *const K_AUTHOR[] = { "author", "dc:creator", "dc:author", "itunes:author",
					"managingeditor", "webmaster", "dc:publisher", NULL };
static const char *const K_CATEGORY[] = { "category", "dc:subject", "itunes:category", NULL };

static void add_author(struct xp *x, json_t **extra, char ***v, size_t *n, const char *val,
		       const char *key)
{
	if (!strcmp(key, "dc:publisher") || !strcmp(key, "webmaster")) {
		json_object_set_new(feed_extra(extra), !strcmp(key, "webmaster") ? "webmaster" : "publisher",
				    json_string(val));
		json_object_set_new(*extra, !strcmp(key, "webmaster") ? "webmaster_detail" : "publisher_detail",
				    rss_person(val));
		return;
	}
	if (*n < MAX_LIST && (!*n || strcmp((*v)[*n - 1], val)))
		feed_strv_add(v, n, val);
	if (!json_object_get(feed_extra(extra), "author_detail"))
		json_object_set_new(*extra, "author_detail", rss_person(val));
	(void)x;
}

static void set_date(int64_t *dst, const char *v, struct xp *x, json_t **extra, const char *name)
{
	int64_t t = date_of(v);
	if (t != DATE_NONE && *dst == DATE_NONE)
		*dst = t;
	if (!json_object_get(feed_extra(extra), name))
		json_object_set_new(*extra, name, json_string(v));
	(void)x;
}

static void entry_end_field(struct xp *x, const struct frame *fr, const char *v, const char *type)
{
	struct feed_entry *e = x->e;
	const char *k = fr->key;
	if (!e)
		return;
	if (!strcmp(k, "title") || (!strcmp(k, "dc:title") && !e->title)) {
		free(e->title);
		e->title = xstrdup(v);
		json_object_set_new(feed_extra(&e->extra), "title_detail", detail(type, fr, v));
	} else if (!strcmp(k, "link") && !attr(fr, "href")) {
		if (!e->link && *v)
			e->link = link_of(fr, v);
	} else if (!strcmp(k, "guid") || !strcmp(k, "id") || (!strcmp(k, "dc:identifier") && !e->id)) {
		const char *perma = attr(fr, "ispermalink");
		free(e->id);
		e->id = xstrdup(v);
		if (!strcmp(k, "guid") && (!perma || str_casecmp(perma, "false")) && !e->link && *v) {
			e->link = link_of(fr, v);
			json_object_set_new(feed_extra(&e->extra), "guidislink", json_true());
		}
	} else if (is_key(k, K_SUMMARY)) {
		if (!e->summary || (strcmp(k, "itunes:summary") && strcmp(k, "dc:description"))) {
			feed_str_set(&e->summary, v);
			feed_str_set(&e->summary_type, type);
			json_object_set_new(feed_extra(&e->extra), "summary_detail", detail(type, fr, v));
		}
	} else if (is_key(k, K_CONTENT)) {
		if (!e->content) {
			e->content = xstrdup(v);
			e->content_type = xstrdup(type);
			json_object_set_new(feed_extra(&e->extra), "content_detail", detail(type, fr, v));
		}
	} else if (is_key(k, K_PUBLISHED)) {
		set_date(&e->published, v, x, &e->extra, "published_raw");
	} else if (is_key(k, K_UPDATED)) {
		set_date(&e->updated, v, x, &e->extra, "updated_raw");
	} else if (!strcmp(k, "created") || !strcmp(k, "dcterms:created")) {
		set_date(&e->published, v, x, &e->extra, "created_raw");
	} else if (is_key(k, K_AUTHOR) && *v) {
		add_author(x, &e->extra, &e->authors, &e->n_authors, v, k);
	} else if (is_key(k, K_CATEGORY) && *v) {
		add_tag(&e->extra, &e->categories, &e->n_categories, v, attr(fr, "domain"), NULL);
	} else if (!strcmp(k, "comments")) {
		if (!e->comments)
			e->comments = link_of(fr, v);
	} else if (!strcmp(k, "rights") || !strcmp(k, "copyright") || !strcmp(k, "dc:rights")) {
		json_object_set_new(feed_extra(&e->extra), "rights", json_string(v));
		json_object_set_new(e->extra, "rights_detail", detail(type, fr, v));
	} else if (!strcmp(k, "source")) {
		json_t *s = json_object();
		json_object_set_new(s, "title", json_string(v));
		if (attr(fr, "url"))
			json_object_set_new(s, "href", json_string(attr(fr, "url")));
		json_object_set_new(feed_extra(&e->extra), "source", s);
	} else if (!strcmp(k, "wfw:comment") || !strcmp(k, "wfw:commentrss")) {
		json_object_set_new(feed_extra(&e->extra), k + 4, json_string(v));
	}
}

static void feed_end_field(struct xp *x, const struct frame *fr, const char *v, const char *type)
{
	struct feed *f = x->f;
	const char *k = fr->key;
	if (!strcmp(k, "title") || (!strcmp(k, "dc:title") && !f->title)) {
		feed_str_set(&f->title, v);
		json_object_set_new(feed_extra(&f->extra), "title_detail", detail(type, fr, v));
	} else if (!strcmp(k, "link") && !attr(fr, "href")) {
		if (!f->link && *v)
			f->link = link_of(fr, v);
	} else if (!strcmp(k, "description") || !strcmp(k, "subtitle") || !strcmp(k, "tagline") ||
		   (!strcmp(k, "dc:description") && !f->description) ||
		   (!strcmp(k, "itunes:subtitle") && !f->description)) {
		feed_str_set(&f->description, v);
		json_object_set_new(feed_extra(&f->extra), "subtitle_detail", detail(type, fr, v));
	} else if (!strcmp(k, "info")) {
		json_object_set_new(feed_extra(&f->extra), "info", json_string(v));
		json_object_set_new(f->extra, "info_detail", detail(type, fr, v));
	} else if (!strcmp(k, "language") || !strcmp(k, "dc:language")) {
		feed_str_set(&f->language, v);
	} else if (!strcmp(k, "rights") || !strcmp(k, "copyright") || !strcmp(k, "dc:rights")) {
		feed_str_set(&f->rights, v);
		json_object_set_new(feed_extra(&f->extra), "rights_detail", detail(type, fr, v));
	} else if (is_key(k, K_UPDATED)) {
		set_date(&f->updated, v, x, &f->extra, "updated_raw");
	} else if (is_key(k, K_PUBLISHED)) {
		set_date(&f->published, v, x, &f->extra, "published_raw");
	} else if (!strcmp(k, "id") || !strcmp(k, "guid")) {
		feed_str_set(&f->id, v);
	} else if (!strcmp(k, "generator") || !strcmp(k, "admin:generatoragent")) {
		const char *u = attr(fr, "uri") ? attr(fr, "uri") : attr(fr, "url");
		const char *rr = attr(fr, "rdf:resource");
		json_t *d = json_object();
		feed_str_set(&f->generator, *v ? v : rr);
		json_object_set_new(d, "name", json_string(*v ? v : ""));
		if (u || rr) {
			char *abs = link_of(fr, u ? u : rr);
			json_object_set_new(d, "href", json_string(abs));
			free(abs);
		}
		if (attr(fr, "version"))
			json_object_set_new(d, "version", json_string(attr(fr, "version")));
		json_object_set_new(feed_extra(&f->extra), "generator_detail", d);
	} else if (is_key(k, K_AUTHOR) && *v) {
		char **names = NULL;
		size_t n = 0;
		add_author(x, &f->extra, &names, &n, v, k);
		if (n && !f->author)
			f->author = xstrdup(names[0]);
		for (size_t i = 0; i < n; i++)
			free(names[i]);
		free(names);
	} else if (is_key(k, K_CATEGORY) && *v) {
		char **tags = NULL;
		size_t n = 0;
		add_tag(&f->extra, &tags, &n, v, attr(fr, "domain"), NULL);
		for (size_t i = 0; i < n; i++)
			free(tags[i]);
		free(tags);
	} else if (!strcmp(k, "logo")) {
		if (!f->image)
			f->image = link_of(fr, v);
	} else if (!strcmp(k, "icon")) {
		feed_str_set(&f->icon, NULL);
		f->icon = link_of(fr, v);
	} else if (!strcmp(k, "docs") || !strcmp(k, "ttl") || !strcmp(k, "itunes:explicit") ||
		   !strcmp(k, "itunes:block")) {
		char name[KEY_MAX];
		snprintf(name, sizeof name, "%s", k);
		if (name[6] == ':')
			name[6] = '_';
		json_object_set_new(feed_extra(&f->extra), name, json_string(v));
	}
}

static void image_end_field(struct xp *x, const struct frame *fr, const char *v)
{
	json_t *img;
	if (!strcmp(fr->key, "url") && *v) {
		feed_str_set(&x->f->image, NULL);
		x->f->image = link_of(fr, v);
	}
	img = json_object_get(feed_extra(&x->f->extra), "image_detail");
	if (!img) {
		img = json_object();
		json_object_set_new(x->f->extra, "image_detail", img);
	}
	if (!strcmp(fr->key, "url") || !strcmp(fr->key, "title") || !strcmp(fr->key, "link") ||
	    !strcmp(fr->key, "width") || !strcmp(fr->key, "height") || !strcmp(fr->key, "description"))
		json_object_set_new(img, !strcmp(fr->key, "url") ? "href" : fr->key, json_string(v));
}

static void free_frame(struct frame *fr)
{
	for (int i = 0; i < 2 * fr->n_attrs; i++)
		free(fr->attrs[i]);
	free(fr->own_base);
	free(fr->own_lang);
}

static void markup_end(struct xp *x)
{
	struct frame *fr = &x->st[x->depth - 1];
	if (!fr->skipped_div) {
		if (fr->open_tag) {
			buf_puts(&x->text, " />");
		} else {
			buf_puts(&x->text, "</");
			buf_puts(&x->text, fr->key);
			buf_putc(&x->text, '>');
		}
	}
	x->depth--;
}

static void dispatch(struct xp *x, struct frame *fr, enum role parent, const char *v)
{
	const char *type = fr->markup_root ? text_type(x, fr, fr->key) : NULL;
	if (parent == R_PERSON && x->person)
		person_field(x, fr, v);
	else if (parent == R_SOURCE)
		source_field(x, fr, v, type ? type : "text/plain");
	else if (parent == R_ENTRY)
		entry_end_field(x, fr, v, type ? type : "text/plain");
	else if (parent == R_FEED)
		feed_end_field(x, fr, v, type ? type : "text/plain");
	else if (parent == R_IMAGE)
		image_end_field(x, fr, v);
}

static void end_role(struct xp *x, struct frame *fr, enum role parent)
{
	if (fr->role == R_ENTRY) {
		x->e = NULL;
	} else if (fr->role == R_PERSON && x->person) {
		person_end(x, fr, parent);
	} else if (fr->role == R_SOURCE && x->source) {
		if (x->e)
			json_object_set_new(feed_extra(&x->e->extra), "source", x->source);
		else
			json_decref(x->source);
		x->source = NULL;
	}
}

static void on_end(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
	struct xp *x = ctx;
	struct frame *fr;
	enum role parent;
	char *v;
	(void)local, (void)prefix, (void)uri;
	if (x->overflow) {
		x->overflow--;
		return;
	}
	if (x->depth == 0)
		return;
	if (x->markup_root >= 0 && x->depth - 1 > x->markup_root) {
		markup_end(x);
		return;
	}
	close_open_tag(x);
	fr = &x->st[x->depth - 1];
	if (fr->markup_root)
		x->markup_root = -1;
	parent = parent_role(x);
	if (fr->role != R_NONE) {
		end_role(x, fr, parent);
	} else if (parent != R_SKIP && parent != R_NONE) {
		v = trimmed(x->text.data ? x->text.data + fr->text_start : "",
			    x->text.len - fr->text_start);
		dispatch(x, fr, parent, v);
		free(v);
	}
	x->text.len = fr->text_start;
	if (x->text.data)
		x->text.data[x->text.len] = '\0';
	free_frame(fr);
	x->depth--;
}

static void on_chars(void *ctx, const xmlChar *s, int n)
{
	struct xp *x = ctx;
	if (x->depth == 0 || x->overflow || n <= 0)
		return;
	if (x->markup_root >= 0) {
		close_open_tag(x);
		if (x->st[x->markup_root].markup) {
			put_esc(&x->text, (const char *)s, (size_t)n, 0);
			return;
		}
	}
	buf_append(&x->text, s, (size_t)n);
}

static void on_error(void *ctx, xmlErrorPtr err)
{
	struct xp *x = ctx;
	if (!x->error && err && err->level >= XML_ERR_ERROR) {
		char *m = xasprintf("XML error at line %d: %s", err->line,
				    err->message ? err->message : "malformed");
		size_t n = strlen(m);
		while (n && (m[n - 1] == '\n' || m[n - 1] == ' '))
			m[--n] = '\0';
		x->error = m;
	}
}

/* ---- driver ---- */

static void sax_init(xmlSAXHandler *h)
{
	memset(h, 0, sizeof *h);
	h->initialized = XML_SAX2_MAGIC;
	h->startElementNs = on_start;
	h->endElementNs = on_end;
	h->characters = on_chars;
	h->cdataBlock = on_chars;
	h->serror = on_error;
}

static void finish(struct xp *x)
{
	/* A truncated document leaves frames open: close them so what was read is kept. */
	x->overflow = 0;
	while (x->depth > 0)
		on_end(x, NULL, NULL, NULL);
	json_decref(x->person);
	json_decref(x->source);
	buf_release(&x->text);
}

int feed_xml_parse(struct feed_ctx *c, const char *utf8, size_t len, char **err)
{
	struct xp *x = xcalloc(1, sizeof *x);
	xmlParserCtxtPtr ctxt = NULL;
	char *prep = NULL;
	size_t plen = 0;
	int flags = 0, rc = -1;
	x->c = c;
	x->f = c->f;
	x->markup_root = -1;
	buf_init(&x->text, 0);
	feed_xml_prepare(utf8, len, &prep, &plen, &flags);
	if (plen > INT_MAX) {
		*err = xstrdup("document too large");
		goto out;
	}
	ctxt = xmlCreateMemoryParserCtxt(prep, (int)plen);
	if (!ctxt) {
		*err = xstrdup("cannot create the XML parser");
		goto out;
	}
	sax_init(ctxt->sax);
	ctxt->userData = x;
	xmlCtxtUseOptions(ctxt, XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOWARNING |
					XML_PARSE_IGNORE_ENC | XML_PARSE_NOERROR);
	xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8);
	xmlParseDocument(ctxt);
	finish(x);
	if (x->error)
		feed_set_bozo(c->f, x->error);
	if (flags & FEED_PREP_BARE_AMP)
		feed_set_bozo(c->f, "unescaped '&' in the document");
	if (flags & FEED_PREP_UNKNOWN_ENTITY)
		feed_set_bozo(c->f, "undefined entity in the document");
	if ((flags & FEED_PREP_NETSCAPE) && c->f->format && !strcmp(c->f->format, "rss091u"))
		feed_str_set(&c->f->format, "rss091n");
	if (!c->f->format && c->f->n_entries == 0) {
		*err = x->seen_root ? xstrdup("not a feed: no RSS, RDF or Atom root element")
				    : xasprintf("not a feed: %s", x->error ? x->error : "no XML element");
		goto out;
	}
	if (!c->f->format)
		feed_str_set(&c->f->format, "");
	rc = 0;
out:
	if (ctxt) {
		ctxt->sax->serror = NULL;
		xmlFreeParserCtxt(ctxt);
	}
	free(x->error);
	free(x);
	free(prep);
	return rc;
}
