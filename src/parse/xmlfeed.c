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
#include "parse/fx.h"
#include "parse/parse_int.h"
#include "parse/xmltok.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/util.h"

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <limits.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 512
#define KEY_MAX 48
#define MAX_ATTRS 16
_Static_assert(MAX_ATTRS <= 16, "struct frame.attr_joined has a bit per attribute");
#define MAX_LIST 1000   /* links, tags, authors per feed or entry */
#define ATTR_POOL 8192

/* strcmp(a, b) == 0, the first byte compared inline: most names differ there, and the
 * element dispatch below compares each name with dozens. */
#define SAME(a, b) ((a)[0] == (b)[0] && strcmp((a), (b)) == 0)

enum role { R_NONE, R_FEED, R_ENTRY, R_PERSON, R_SOURCE, R_IMAGE, R_TEXTINPUT, R_SKIP, R_MARKUP };

struct frame {
	char key[KEY_MAX];
	const char *base, *lang;   /* effective values; may point to an ancestor's */
	char *own_base, *own_lang;
	int n_attrs;
	uint16_t attr_joined;      /* bit i: attrs[2i + 1] is in attrs[2i]'s block (not freed) */
	uint16_t attr_pooled;      /* bit i: attrs[2i]'s block is in the attribute pool */
	uint32_t pool_mark;        /* the pool's top when the frame was pushed */
	size_t text_start;
	enum role role;
	unsigned markup_root : 1;  /* a text construct: child elements become markup */
	unsigned markup : 1;       /* child elements seen; the text holds escaped markup */
	unsigned xhtml : 1;        /* Atom type="xhtml": drop the wrapping div */
	unsigned skipped_div : 1;  /* this markup element is that wrapping div */
	unsigned open_tag : 1;     /* markup: start tag written and nothing after it yet */
	/* Last, and not cleared when the frame is pushed (frame_push): only the first n_attrs
	 * are ever read. Clearing all 256 bytes for each element was a tenth of on_start. */
	char *attrs[MAX_ATTRS * 2];/* canonical name, value; only for elements we read */
};

#define DETAIL_CACHE 4   /* an item's title, summary and content differ in type */

/* The keys are copies in the same arena as obj (not malloc'd: three mallocs and frees per
 * new detail, 1,609 of them in a corpus batch), so the cache is forgotten, not freed, and
 * must be before that arena goes (xp_free, discard). */
struct detail_cache {
	struct fx *obj;            /* in the feed's arena (outlives the entries), or NULL */
	const char *type, *lang, *base;   /* what obj says */
};

/* The JSON text of the last few details made, kept from one document to the next: the
 * detail cache above is the document's (its objects are in the document's arena), so each
 * document made its title's detail again and wrote it out as text, a third of a small
 * feed's parse. The text is a function of the three strings alone; the object is still
 * made in the document's arena. All malloc'd. A parse takes the kept set (spare_memos)
 * or a new one, and puts it back when done; it holds no pointer into a document, so it is
 * kept under AddressSanitizer too (the tests then see it used across documents). */
#define RENDER_MEMO 4
struct render_memo {
	char *type, *lang, *base;  /* type and lang may be NULL */
	char *text;                /* NULL: unused */
	size_t len;
};
struct render_memos {
	struct render_memo m[RENDER_MEMO];
	int next;                  /* the entry the next new text replaces */
};
static _Atomic(struct render_memos *) spare_memos;

struct xp {
	struct feed_ctx *c;
	struct feed *f;
	struct feed_entry *e;
	int depth, overflow;       /* overflow: levels past MAX_DEPTH being ignored */
	int markup_root;           /* index of the text construct being serialized, or -1 */
	struct buf text;
	struct fx *person;         /* the Atom author/contributor being read */
	struct fx_arena *person_a; /* the arena it is in (where it will be kept) */
	struct feed *saved_f;      /* while inside an Atom <source>, f is the source's own feed */
	char *root_lang;           /* xml:lang of the root element, the feed's language fallback */
	char *cur_v;               /* the value being dispatched; a field may take it over */
	int seen_root, atom;
	char *error;
	struct detail_cache dc[DETAIL_CACHE];
	int dc_next;               /* the slot the next new detail replaces */
	struct render_memos *memo;
	uint32_t pool_top;         /* bytes of pool in use: the open frames' attributes */
	struct frame st[MAX_DEPTH]; /* only what is pushed is ever cleared (see xp_new) */
	/* After st, never cleared. The open elements' attribute blocks, a stack: a frame's
	 * are above its pool_mark, and popping it cuts the pool back there (a malloc and a
	 * free per attribute before, 3,800 in a corpus batch). A block that does not fit is
	 * malloc'd as before. */
	char pool[ATTR_POOL];
};

/* The frame at the top of the stack, cleared up to its attributes (see struct frame). */
static struct frame *frame_push(struct xp *x)
{
	struct frame *fr = &x->st[x->depth++];
	memset(fr, 0, offsetof(struct frame, attrs));
	fr->pool_mark = x->pool_top;
	return fr;
}

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
	{ "http://rssnamespace.org/feedburner/ext/1.0", "feedburner" },
	{ "http://www.microsoft.com/schemas/rss/core/2005", "cf" },
	{ "http://purl.org/rss/1.0/modules/annotate/", "annotate" },
	{ "http://madskills.com/public/xml/rss/module/trackback/", "trackback" },
	{ "http://freshmeat.net/rss/fm/", "fm" },
	{ "http://postneo.com/icbm/", "icbm" },
	{ "http://www.w3.org/1999/xlink", "xlink" },
	{ "http://www.w3.org/2000/svg", "svg" },
	{ "http://www.w3.org/1998/Math/MathML", "mathml" },
};

static const char *ns_prefix(const xmlChar *uri, const xmlChar *doc_prefix)
{
	static size_t len[sizeof namespaces / sizeof *namespaces];
	size_t n;
	if (!uri)
		return "";
	if (!len[0])   /* idempotent: racing threads write the same values */
		for (size_t i = 0; i < sizeof namespaces / sizeof *namespaces; i++)
			len[i] = strlen(namespaces[i].uri);
	n = strlen((const char *)uri);
	/* As written first (documents copy the URIs: one memcmp each), then in any case. No
	 * two URIs of the table differ in case only, so the order does not change the
	 * answer. */
	for (size_t i = 0; i < sizeof namespaces / sizeof *namespaces; i++)
		if (len[i] == n && memcmp(uri, namespaces[i].uri, n) == 0)
			return namespaces[i].prefix;
	for (size_t i = 0; i < sizeof namespaces / sizeof *namespaces; i++)
		if (len[i] == n && str_casecmp((const char *)uri, namespaces[i].uri) == 0)
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
	char *raw;
	root->markup = 1;
	if (n == 0)
		return;
	raw = xstrndup(x->text.data + start, n);
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

/* trimmed() without the copy: cut where it lies (s[n] may be written; "" when s is the
 * empty literal). Most values are only read (a date, a name, a term): a field that keeps
 * one copies it (take_text). */
static char *trimmed_in_place(char *s, size_t n)
{
	while (n && ascii_isspace((unsigned char)*s))
		s++, n--;
	while (n && ascii_isspace((unsigned char)s[n - 1]))
		n--;
	if (s[n])
		s[n] = '\0';
	return s;
}

static int same_str(const char *a, const char *b)
{
	return a && b ? strcmp(a, b) == 0 : a == b;
}

/* Whether a detail's type, lang and base (base never NULL) are those of another. */
static int same_detail(const char *type, const char *lang, const char *base, const char *type2,
		       const char *lang2, const char *base2)
{
	return same_str(type, type2) && same_str(lang, lang2) && !strcmp(base, base2);
}

/* The extras' arena of a feed or an entry, made on first use. */
static struct fx_arena *arena(struct fx_arena **a)
{
	if (!*a)
		*a = fx_arena_new();
	return *a;
}

static void memo_clear(struct render_memo *m)
{
	free(m->type);
	free(m->lang);
	free(m->base);
	free(m->text);
	memset(m, 0, sizeof *m);
}

/* Give o (the detail of type, lang, base) its JSON text: the memo's, or written now and
 * remembered. */
static void render(struct xp *x, struct fx_arena *a, struct fx *o, const char *type,
		   const char *lang, const char *base)
{
	struct render_memo *m;
	for (int i = 0; i < RENDER_MEMO; i++) {
		m = &x->memo->m[i];
		if (m->text && same_detail(m->type, m->lang, m->base, type, lang, base)) {
			fx_set_raw(a, o, m->text, m->len);
			return;
		}
	}
	feed_fx_render(a, o);
	if (!o->u.raw)
		return;
	m = &x->memo->m[x->memo->next];
	x->memo->next = (x->memo->next + 1) % RENDER_MEMO;
	memo_clear(m);
	m->type = xstrdup(type);
	m->lang = xstrdup(lang);
	m->base = xstrdup(base);
	m->text = xstrndup(o->u.raw, o->raw_len);
	m->len = o->raw_len;
}

/* feedparser's *_detail without the value (it is the field itself; not repeating it halves
 * the output for content-heavy feeds). Constructs mostly share type, language and base
 * with one of the last few: those objects are kept and shared (a reference each), so a
 * detail mostly costs a few compares instead of four allocations. Shared objects are never
 * modified in place (see own_detail). */
static struct fx *detail(struct xp *x, const char *type, const struct frame *fr, const char *value)
{
	struct detail_cache *d;
	const char *base = fr->base ? fr->base : "";
	struct fx_arena *a = arena(&(x->saved_f ? x->saved_f : x->f)->fx);
	struct fx *o;
	(void)value;
	for (int i = 0; i < DETAIL_CACHE; i++) {
		d = &x->dc[i];
		if (d->obj && same_detail(d->type, d->lang, d->base, type, fr->lang, base))
			return d->obj;
	}
	d = &x->dc[x->dc_next];
	x->dc_next = (x->dc_next + 1) % DETAIL_CACHE;
	o = fx_obj(a);
	fx_set_lit(a, o, "type", type ? fx_str(a, type) : fx_null());
	fx_set_lit(a, o, "language", fr->lang ? fx_str(a, fr->lang) : fx_null());
	fx_set_lit(a, o, "base", fx_str(a, base));
	o->shared = 1;
	render(x, a, o, type, fr->lang, base);   /* written for most entries: once as text */
	d->obj = o;
	d->type = fx_strdup(a, type);
	d->lang = fx_strdup(a, fr->lang);
	d->base = fx_strdup(a, base);
	return o;
}

/* extra[key], an object that may be shared with other details, made this one's own. */
static struct fx *own_detail(struct fx_arena *a, const char *key)
{
	struct fx *o = fx_get(fx_root(a), key), *c;
	if (!o || !o->shared)
		return o;
	c = fx_copy(a, o);
	fx_set(a, fx_root(a), key, c);
	return c;
}

/* json_pack("{s:s,...}", k1, v1, ...) for n string members, without reading a format
 * per call (that was a tenth of the extras' cost): NULL when a value is NULL or not
 * UTF-8, as json_pack then fails. */
static struct fx *str_members(struct fx_arena *a, size_t n, const char *const *kv)
{
	struct fx *o = fx_obj(a);
	for (size_t i = 0; i < n; i++) {
		struct fx *v = fx_str(a, kv[2 * i + 1]);
		if (!v)
			return NULL;
		fx_set_lit(a, o, kv[2 * i], v);
	}
	return o;
}

#define STR_MEMBERS(a, ...)                                                                    \
	str_members((a), sizeof((const char *const[]){ __VA_ARGS__ }) / sizeof(const char *) / 2, \
		    (const char *const[]){ __VA_ARGS__ })

/* extra[key] = v, the extras made on first use; key a string literal (xset_copy: not). */
static void xset(struct fx_arena **extra, const char *key, struct fx *v)
{
	struct fx_arena *a = arena(extra);
	fx_set_lit(a, fx_root(a), key, v);
}

static void xset_copy(struct fx_arena **extra, const char *key, struct fx *v)
{
	struct fx_arena *a = arena(extra);
	fx_set(a, fx_root(a), key, v);
}

static struct fx *xget(struct fx_arena **extra, const char *key)
{
	return fx_get(fx_root(arena(extra)), key);
}

static void list_add(struct fx_arena **extra, const char *key, struct fx *item)
{
	struct fx *l = xget(extra, key);
	if (!l) {
		l = fx_arr(*extra);
		xset(extra, key, l);
	}
	if (fx_size(l) < MAX_LIST)
		fx_append(*extra, l, item);
}

static const char *text_type(struct xp *x, const struct frame *fr, const char *key)
{
	const char *t = attr(fr, "type"), *mode = attr(fr, "mode");
	if (fr->markup)
		return fr->xhtml || (t && (SAME(t, "xhtml") || SAME(t, "application/xhtml+xml"))) ||
				       SAME(key, "xhtml:body")
			       ? "application/xhtml+xml"
			       : "text/html";
	if (mode && SAME(mode, "escaped") && (!t || SAME(t, "text/plain") || SAME(t, "text")))
		return "text/html";
	if (t) {
		if (SAME(t, "text") || SAME(t, "plain"))
			return "text/plain";
		if (SAME(t, "html"))
			return "text/html";
		if (SAME(t, "xhtml"))
			return "application/xhtml+xml";
		return t;
	}
	if (SAME(key, "xhtml:body"))
		return "application/xhtml+xml";
	if (x->atom || !strncmp(key, "itunes:", 7) || !strncmp(key, "media:", 6))
		return "text/plain";
	if (SAME(key, "title"))
		return "text/plain";
	return "text/html";
}

static char *link_of(const struct frame *fr, const char *v)
{
	return feed_resolve(fr->base, v);
}

/* Atom <link>: rel/href/type/title from attributes. */
static void atom_link(struct xp *x, const struct frame *fr, struct fx_arena **extra, char **link,
		      struct feed_entry *e)
{
	const char *href = attr(fr, "href"), *rel = attr(fr, "rel"), *type = attr(fr, "type");
	const char *title = attr(fr, "title"), *len = attr(fr, "length");
	char *abs;
	struct fx_arena *a;
	struct fx *o;
	if (!href)
		return;
	a = arena(extra);
	abs = link_of(fr, href);
	if (!rel)
		rel = "alternate";
	if (!type && SAME(rel, "self"))
		type = "application/atom+xml";
	else if (!type && SAME(rel, "alternate"))
		type = "text/html";
	o = STR_MEMBERS(a, "rel", rel, "href", abs);
	if (type)
		fx_set_lit(a, o, "type", fx_str(a, type));
	if (attr(fr, "hreflang"))
		fx_set_lit(a, o, "hreflang", fx_str(a, attr(fr, "hreflang")));
	if (title)
		fx_set_lit(a, o, "title", fx_str(a, title));
	if (len)
		fx_set_lit(a, o, "length", fx_str(a, len));
	list_add(extra, "links", o);
	if (SAME(rel, "alternate") && !*link)
		*link = xstrdup(abs);
	else if (SAME(rel, "enclosure") && e && e->n_enclosures < MAX_LIST) {
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
	{
		struct fx_arena *a = arena(&e->fx);
		struct fx *o = STR_MEMBERS(a, "rel", "enclosure", "href", en->url);
		if (en->type)
			fx_set_lit(a, o, "type", fx_str(a, en->type));
		if (len)
			fx_set_lit(a, o, "length", fx_str(a, len));
		list_add(&e->fx, "links", o);
	}
}

static int same(const char *a, const struct fx *b)
{
	return a ? fx_string_value(b) && !strcmp(a, fx_string_value(b)) : b && b->type == FX_NULL;
}

/* json_pack("{s:s,s:o,s:o}", "term", term, "scheme", scheme or null, "label", label or
 * null), without the format: NULL when a string is not UTF-8. */
static struct fx *tag_obj(struct fx_arena *a, const char *term, const char *scheme,
			  const char *label)
{
	struct fx *t = fx_str(a, term), *sc = scheme ? fx_str(a, scheme) : fx_null();
	struct fx *l = label ? fx_str(a, label) : fx_null(), *o;
	if (!t || !sc || !l)
		return NULL;
	o = fx_obj(a);
	fx_set_lit(a, o, "term", t);
	fx_set_lit(a, o, "scheme", sc);
	fx_set_lit(a, o, "label", l);
	return o;
}

static void add_tag(struct fx_arena **extra, char ***v, size_t *n, const char *term,
		    const char *scheme, const char *label)
{
	struct fx *old;
	if (!term || !*term)
		return;
	old = xget(extra, "tags");
	for (size_t i = 0; i < fx_size(old); i++) {
		const struct fx *t = old->u.items[i];
		if (same(term, fx_get(t, "term")) && same(scheme, fx_get(t, "scheme")) &&
		    same(label, fx_get(t, "label")))
			return;
	}
	list_add(extra, "tags", tag_obj(*extra, term, scheme, label));
	if (*n < MAX_LIST)
		feed_strv_add(v, n, term);
}

/* ---- element start ---- */

static void set_date(int64_t *dst, const char *v, struct fx_arena **extra, const char *name);


static void detect_format(struct xp *x, const char *key, const xmlChar *uri, const struct frame *fr)
{
	const char *u = (const char *)uri, *ver = attr(fr, "version");
	if (SAME(key, "rss")) {
		if (!ver || !*ver)
			feed_str_set(&x->f->format, "rss");
		else if (SAME(ver, "0.91"))
			feed_str_set(&x->f->format, "rss091u");
		else if (SAME(ver, "0.92"))
			feed_str_set(&x->f->format, "rss092");
		else if (SAME(ver, "0.93"))
			feed_str_set(&x->f->format, "rss093");
		else if (SAME(ver, "0.94"))
			feed_str_set(&x->f->format, "rss094");
		else if (str_startswith(ver, "2."))
			feed_str_set(&x->f->format, "rss20");
		else
			feed_str_set(&x->f->format, "rss");
	} else if (SAME(key, "feed")) {
		x->atom = 1;
		if (u && SAME(u, "http://www.w3.org/2005/Atom"))
			feed_str_set(&x->f->format, "atom10");
		else if (ver && SAME(ver, "0.3"))
			feed_str_set(&x->f->format, "atom03");
		else if (ver && SAME(ver, "0.2"))
			feed_str_set(&x->f->format, "atom02");
		else if (ver && SAME(ver, "0.1"))
			feed_str_set(&x->f->format, "atom01");
		else
			feed_str_set(&x->f->format, "atom");
	} else if (SAME(key, "rdf:rdf")) {
		feed_str_set(&x->f->format, "rss10");
	} else if (SAME(key, "channel")) {
		feed_str_set(&x->f->format, "cdf");
	}
}

static int is_text_construct(const struct xp *x, const char *key, enum role parent)
{
	static const char *const k[] = { "title", "subtitle", "tagline", "summary", "content",
					 "rights", "copyright", "description", "info",
					 "content:encoded", "xhtml:body", "xhtml:div",
					 "dc:description", "itunes:summary", "dc:title",
					 "media:title", "media:description", "dc:rights", "body",
					 "fullitem", "abstract", "itunes:subtitle" };
	/* Which first letters start one of them (every element passes here). */
	static const char first[] = "tscrdixmbfa";
	if (parent == R_PERSON || parent == R_IMAGE || parent == R_TEXTINPUT)
		return 0;
	if (!key[0] || !strchr(first, key[0]))
		return 0;
	for (size_t i = 0; i < sizeof k / sizeof *k; i++)
		if (SAME(key, k[i]))
			return 1;
	(void)x;
	return 0;
}

/* libxml2 hands attribute values over with character references still in them when it
 * does not substitute entities ("&amp;" arrives as "&#38;"): decode them here. */
static char *attr_value(const char *s, size_t n)
{
	struct buf b = BUF_INIT(0);
	const char *end = s + n;
	if (n && !memchr(s, '&', n))   /* most values: one exact copy, not a 256-byte buffer */
		return xstrndup(s, n);
	while (s < end) {
		const char *amp = memchr(s, '&', (size_t)(end - s)), *semi;
		if (!amp) {
			buf_append(&b, s, (size_t)(end - s));
			break;
		}
		buf_append(&b, s, (size_t)(amp - s));
		semi = memchr(amp, ';', (size_t)(end - amp) < 12 ? (size_t)(end - amp) : 12);
		s = amp + 1;
		if (!semi) {
			buf_putc(&b, '&');
			continue;
		}
		if (amp[1] == '#') {
			unsigned long cp = amp[2] == 'x' || amp[2] == 'X' ? strtoul(amp + 3, NULL, 16)
									   : strtoul(amp + 2, NULL, 10);
			unsigned char u[4];
			if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
				buf_putc(&b, '&');
				continue;
			}
			buf_append(&b, u, utf8_put(u, (uint32_t)cp));
		} else if (!strncmp(amp, "&amp;", 5)) {
			buf_putc(&b, '&');
		} else if (!strncmp(amp, "&lt;", 4)) {
			buf_putc(&b, '<');
		} else if (!strncmp(amp, "&gt;", 4)) {
			buf_putc(&b, '>');
		} else if (!strncmp(amp, "&quot;", 6)) {
			buf_putc(&b, '"');
		} else if (!strncmp(amp, "&apos;", 6)) {
			buf_putc(&b, '\'');
		} else {
			buf_putc(&b, '&');
			continue;
		}
		s = semi + 1;
	}
	return buf_detach(&b, NULL);
}

static void copy_attrs(struct xp *x, struct frame *fr, int nb, const xmlChar **a)
{
	for (int i = 0; i < nb && fr->n_attrs < MAX_ATTRS; i++, a += 5) {
		const char *p = ns_prefix(a[2], a[1]);
		const char *v = (const char *)a[3];
		size_t vn = (size_t)(a[4] - a[3]), kn;
		char key[KEY_MAX], *blk;
		make_key(key, p, a[0]);
		if (vn && !memchr(v, '&', vn)) {   /* most values: name and value in one block */
			kn = strlen(key);
			if (kn + 1 + vn + 1 <= ATTR_POOL - x->pool_top) {
				blk = x->pool + x->pool_top;
				x->pool_top += (uint32_t)(kn + 1 + vn + 1);
				fr->attr_pooled |= (uint16_t)(1u << fr->n_attrs);
			} else {
				blk = xmalloc(kn + 1 + vn + 1);
			}
			memcpy(blk, key, kn + 1);
			memcpy(blk + kn + 1, v, vn);
			blk[kn + 1 + vn] = '\0';
			fr->attrs[2 * fr->n_attrs] = blk;
			fr->attrs[2 * fr->n_attrs + 1] = blk + kn + 1;
			fr->attr_joined |= (uint16_t)(1u << fr->n_attrs);
		} else {
			fr->attrs[2 * fr->n_attrs] = xstrdup(key);
			fr->attrs[2 * fr->n_attrs + 1] = attr_value(v, vn);
		}
		fr->n_attrs++;
	}
}

static void inherit(struct xp *x, struct frame *fr)
{
	const struct frame *parent = x->depth > 1 ? &x->st[x->depth - 2] : NULL;
	const char *b = attr(fr, "xml:base"), *l = attr(fr, "xml:lang");
	fr->base = parent ? parent->base : x->c->url;
	fr->lang = parent ? parent->lang : x->c->lang;
	if (b && !str_istartswith(b, "javascript:") && !str_istartswith(b, "vbscript:") &&
	    !str_istartswith(b, "data:")) {
		fr->own_base = feed_resolve(fr->base, b);
		fr->base = fr->own_base;
	}
	if (l) {
		char *p;
		fr->own_lang = *l ? xstrdup(l) : NULL;
		for (p = fr->own_lang; p && *p; p++)
			if (*p == '_')
				*p = '-';
		fr->lang = fr->own_lang;
	}
}

static enum role parent_role(const struct xp *x)
{
	for (int i = x->depth - 2; i >= 0; i--)
		if (x->st[i].role != R_NONE)
			return x->st[i].role == R_SOURCE ? R_FEED : x->st[i].role;
	return R_NONE;
}

static void start_entry(struct xp *x, struct frame *fr)
{
	struct feed_entry *e = x->e = feed_entry_add(x->c);
	const char *v;
	fr->role = e ? R_ENTRY : R_SKIP;
	if (!e)
		return;
	if (fr->lang)
		e->lang = xstrdup(fr->lang);
	if ((v = attr(fr, "rdf:about")))
		e->id = xstrdup(v);
	if ((v = attr(fr, "href")) && x->f->format && !strcmp(x->f->format, "cdf")) {
		e->link = link_of(fr, v);
		list_add(&e->fx, "links", STR_MEMBERS(arena(&e->fx), "rel", "alternate", "href", e->link));
	}
	if ((v = attr(fr, "lastmod")))
		set_date(&e->updated, v, &e->fx, "updated_raw");
}

static void start_source(struct xp *x, struct frame *fr)
{
	struct feed *src = xcalloc(1, sizeof *src);
	src->updated = src->published = DATE_NONE;
	fr->role = R_SOURCE;
	x->saved_f = x->f;
	x->f = src;
}

static void start_role(struct xp *x, struct frame *fr, enum role parent)
{
	const char *k = fr->key, *v;
	if (x->depth == 1) {
		fr->role = R_FEED;
		if ((v = attr(fr, "href")) && SAME(k, "channel")) {
			x->f->link = link_of(fr, v);
			list_add(&x->f->fx, "links",
				 STR_MEMBERS(arena(&x->f->fx), "rel", "alternate", "href", x->f->link));
		}
		if ((v = attr(fr, "lastmod")))
			set_date(&x->f->updated, v, &x->f->fx, "updated_raw");
	}
	if ((SAME(k, "item") || SAME(k, "entry")) && parent != R_SOURCE && parent != R_ENTRY) {
		start_entry(x, fr);
	} else if (SAME(k, "channel") && parent == R_FEED) {
		fr->role = R_FEED;
	} else if (((SAME(k, "author") || SAME(k, "contributor")) && x->atom &&
		    (parent == R_FEED || parent == R_ENTRY || parent == R_SOURCE)) ||
		   (SAME(k, "itunes:owner") && parent == R_FEED)) {
		fr->role = R_PERSON;
		/* In the arena of the extras it will join (see person_end). */
		x->person_a = arena(parent == R_ENTRY && x->e ? &x->e->fx : &x->f->fx);
		x->person = fx_obj(x->person_a);
	} else if (SAME(k, "source") && parent == R_ENTRY && x->atom && !x->saved_f) {
		start_source(x, fr);
	} else if (SAME(k, "image") && parent == R_FEED && !x->atom) {
		fr->role = R_IMAGE;
	} else if (SAME(k, "textinput") && (parent == R_FEED || x->depth == 2)) {
		fr->role = R_TEXTINPUT;
	}
}

/* A tag for the feed or the current entry, by where we are. */
static void tag(struct xp *x, enum role parent, const char *term, const char *scheme, const char *label)
{
	if (parent == R_ENTRY && x->e) {
		add_tag(&x->e->fx, &x->e->categories, &x->e->n_categories, term, scheme, label);
	} else if (parent == R_FEED) {
		char **v = NULL;
		size_t n = 0;
		add_tag(&x->f->fx, &v, &n, term, scheme, label);
		for (size_t i = 0; i < n; i++)
			free(v[i]);
		free(v);
	}
}

static void media_attrs(struct xp *x, struct frame *fr, struct feed_entry *e)
{
	const char *k = fr->key, *u = attr(fr, "url"), *med = attr(fr, "medium"), *t = attr(fr, "type");
	if (!u || !e)
		return;
	if (!e->image && (SAME(k, "media:thumbnail") || (med && SAME(med, "image")) ||
			  (t && str_startswith(t, "image/"))))
		e->image = link_of(fr, u);
	if (SAME(k, "media:thumbnail"))
		list_add(&e->fx, "media_thumbnail", STR_MEMBERS(arena(&e->fx), "url", u));
	else if (SAME(k, "media:content"))
		list_add(&e->fx, "media_content", STR_MEMBERS(arena(&e->fx), "url", u));
	else if (SAME(k, "media:player"))
		xset(&e->fx, "media_player", STR_MEMBERS(arena(&e->fx), "url", u));
}

static void itunes_image(struct xp *x, struct frame *fr, enum role parent)
{
	const char *h = attr(fr, "href") ? attr(fr, "href") : attr(fr, "url");
	char *u;
	if (!h)
		return;
	u = link_of(fr, h);
	if (parent == R_ENTRY && x->e) {
		free(x->e->image);
		x->e->image = xstrdup(u);
		xset(&x->e->fx, "image_detail", STR_MEMBERS(arena(&x->e->fx), "href", u));
	} else if (parent == R_FEED) {
		if (!x->f->image)
			x->f->image = xstrdup(u);
		if (!xget(&x->f->fx, "image_detail"))
			xset(&x->f->fx, "image_detail", STR_MEMBERS(x->f->fx, "href", u));
	}
	free(u);
}

/* Elements whose whole meaning is in their attributes. */
static void start_attrs_only(struct xp *x, struct frame *fr, enum role parent)
{
	const char *k = fr->key;
	struct feed_entry *e = parent == R_ENTRY ? x->e : NULL;
	if (SAME(k, "link") && attr(fr, "href")) {
		if (e)
			atom_link(x, fr, &e->fx, &e->link, e);
		else if (parent == R_FEED)
			atom_link(x, fr, &x->f->fx, &x->f->link, NULL);
	} else if (SAME(k, "enclosure") && e) {
		rss_enclosure(e, fr, "url");
	} else if (k[0] == 'm' && str_startswith(k, "media:") && e) {
		media_attrs(x, fr, e);
	} else if (SAME(k, "itunes:image") || (SAME(k, "itunes:link") && attr(fr, "rel") &&
						  !strcmp(attr(fr, "rel"), "image"))) {
		itunes_image(x, fr, parent);
	} else if (SAME(k, "category") && attr(fr, "term")) {
		tag(x, parent, attr(fr, "term"), attr(fr, "scheme"), attr(fr, "label"));
	} else if (SAME(k, "itunes:category") && attr(fr, "text")) {
		tag(x, parent, attr(fr, "text"), "http://www.itunes.com/", NULL);
	} else if (SAME(k, "cloud") && parent == R_FEED) {
		struct fx_arena *a = arena(&x->f->fx);
		struct fx *o = fx_obj(a);
		for (int i = 0; i < fr->n_attrs; i++)
			fx_set(a, o, fr->attrs[2 * i], fx_str(a, fr->attrs[2 * i + 1]));
		xset(&x->f->fx, "cloud", o);
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
	fr = frame_push(x);
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
		{
			char *val = attr_value((const char *)a[3], (size_t)(a[4] - a[3]));
			put_esc(&x->text, val, strlen(val), 1);
			free(val);
		}
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
	(void)nb_def;
	if (x->depth >= MAX_DEPTH) {
		x->overflow++;
		return;
	}
	if (x->markup_root >= 0) {
		markup_start(x, local, prefix, uri, nb_attrs, attrs);
		return;
	}
	fr = frame_push(x);
	make_key(fr->key, ns_prefix(uri, prefix), local);
	copy_attrs(x, fr, nb_attrs, attrs);
	inherit(x, fr);
	fr->text_start = x->text.len;
	if (x->depth == 1) {
		x->seen_root = 1;
		detect_format(x, fr->key, uri, fr);
		if (fr->own_lang)
			x->root_lang = xstrdup(fr->own_lang);
		for (int i = 0; i < nb_ns; i++)
			if (ns[2 * i + 1] && !strcmp((const char *)ns[2 * i + 1],
						     "http://my.netscape.com/rdf/simple/0.9/"))
				feed_str_set(&x->f->format, "rss090");
	}
	parent = parent_role(x);
	if (parent == R_SKIP) {
		fr->role = R_SKIP;
		return;
	}
	if (parent == R_TEXTINPUT)
		return;
	if (x->depth == 2 && uri && !strcmp((const char *)uri, "http://my.netscape.com/rdf/simple/0.9/"))
		feed_str_set(&x->f->format, "rss090");
	start_role(x, fr, parent);
	if (fr->role != R_NONE)
		return;
	start_attrs_only(x, fr, parent);
	if (is_text_construct(x, fr->key, parent)) {
		const char *t = attr(fr, "type");
		fr->markup_root = 1;
		fr->xhtml = x->atom && t && SAME(t, "xhtml");
		x->markup_root = x->depth - 1;
	}
}

/* ---- element end ---- */

static void person_end(struct xp *x, const struct frame *fr, enum role parent)
{
	struct fx *p = x->person;
	const char *name = fx_string_value(fx_get(p, "name"));
	const char *email = fx_string_value(fx_get(p, "email"));
	const char *who = name ? name : email;
	struct fx_arena **extra = parent == R_ENTRY && x->e ? &x->e->fx : parent == R_FEED ? &x->f->fx : NULL;
	x->person = NULL;
	if (!extra)
		return;
	if (SAME(fr->key, "contributor")) {
		list_add(extra, "contributors", p);
		return;
	}
	if (SAME(fr->key, "itunes:owner")) {
		if (who)
			xset(extra, "publisher", fx_str(arena(extra), who));
		xset(extra, "publisher_detail", p);
		return;
	}
	if (parent == R_ENTRY && who && x->e->n_authors < MAX_LIST)
		feed_strv_add(&x->e->authors, &x->e->n_authors, who);
	else if (parent == R_FEED && who && !x->f->author)
		x->f->author = xstrdup(who);
	if (!xget(extra, "author_detail"))
		xset(extra, "author_detail", p);
	list_add(extra, "authors_detail", p);
}

static void person_field(struct xp *x, const struct frame *fr, const char *v)
{
	const char *k = fr->key;
	struct fx_arena *a = x->person_a;
	if (SAME(k, "name") || SAME(k, "itunes:name"))
		fx_set_lit(a, x->person, "name", fx_str(a, v));
	else if (SAME(k, "email") || SAME(k, "itunes:email"))
		fx_set_lit(a, x->person, "email", fx_str(a, v));
	else if (SAME(k, "uri") || SAME(k, "url") || SAME(k, "homepage")) {
		char *u = link_of(fr, v);
		fx_set_lit(a, x->person, "href", fx_str(a, u));
		free(u);
	}
}

/* RSS "email (Name)", "Name (email)", "Name <email>" → {name, email}, feedparser's way:
 * the first word with an '@' is the email, the rest (without brackets) is the name. */
static struct fx *rss_person(struct fx_arena *a, const char *v)
{
	struct fx *o = fx_obj(a);
	const char *at = strchr(v, '@'), *e0, *e1;
	struct buf name = BUF_INIT(0);
	char *n;
	if (!at) {
		fx_set_lit(a, o, "name", fx_str(a, v));
		return o;
	}
	for (e0 = at; e0 > v && !ascii_isspace((unsigned char)e0[-1]) && !strchr("(<[:", e0[-1]); e0--)
		;
	for (e1 = at; *e1 && !ascii_isspace((unsigned char)*e1) && !strchr(")>]", *e1); e1++)
		;
	if (str_istartswith(e0, "mailto:"))
		e0 += 7;
	fx_set_lit(a, o, "email", fx_strn(a, e0, (size_t)(e1 - e0)));
	buf_append(&name, v, (size_t)(e0 - v));
	buf_puts(&name, e1);
	n = buf_detach(&name, NULL);
	for (char *p = n; *p; p++)
		if (strchr("()<>[]", *p))
			*p = ' ';
	{
		char *t = str_trim(n);
		if (str_endswith(t, " :") || str_endswith(t, ":"))
			t[strlen(t) - (str_endswith(t, " :") ? 2 : 1)] = '\0';
		t = str_trim(t);
		if (*t)
			fx_set_lit(a, o, "name", fx_str(a, t));
	}
	free(n);
	return o;
}

static int is_key(const char *k, const char *const *set)
{
	for (; *set; set++)
		if (SAME(k, *set))
			return 1;
	return 0;
}

static const char *const K_PUBLISHED[] = { "pubdate", "published", "issued", "dcterms:issued",
					   NULL };
static const char *const K_UPDATED[] = { "updated", "modified", "dcterms:modified", "dc:date",
					 "lastbuilddate", NULL };
static const char *const K_SUMMARY[] = { "description", "summary", "abstract", "dc:description",
					 "itunes:summary", "media:description", NULL };
static const char *const K_CONTENT[] = { "content:encoded", "content", "xhtml:body", "body",
					 "fullitem", NULL };
static const char *const K_AUTHOR[] = { "author", "dc:creator", "dc:author", "itunes:author",
					"managingeditor", "webmaster", "dc:publisher", NULL };
static const char *const K_CATEGORY[] = { "category", "dc:subject", "media:category", NULL };

static void add_author(struct fx_arena **extra, char ***v, size_t *n, const char *val,
		       const char *key)
{
	struct fx *p = rss_person(arena(extra), val);
	if (SAME(key, "dc:publisher") || SAME(key, "webmaster")) {
		xset(extra, "publisher", fx_str(*extra, val));
		xset(extra, "publisher_detail", p);
		return;
	}
	if (*n < MAX_LIST && (!*n || strcmp((*v)[*n - 1], val)))
		feed_strv_add(v, n, val);
	if (!xget(extra, "author_detail"))
		xset(extra, "author_detail", p);
	list_add(extra, "authors_detail", p);
}

/* The last valid value wins (feedparser's rule for repeated date elements). */
static void set_date(int64_t *dst, const char *v, struct fx_arena **extra, const char *name)
{
	int64_t t = date_parse(v);
	if (t != DATE_NONE)
		*dst = t;
	xset(extra, name, fx_str(arena(extra), v));
}

/* A date kept as given (name) and normalized (name_iso) when it parses. */
static void dated_extra(struct fx_arena **extra, const char *name, const char *v, size_t n)
{
	char *raw = xstrndup(v, n), iso[DATE_ISO_LEN], key[KEY_MAX];
	int64_t t = date_parse(raw);
	xset(extra, name, fx_str(arena(extra), raw));
	snprintf(key, sizeof key, "%s_iso", name);
	if (t != DATE_NONE)
		xset_copy(extra, key, fx_str(*extra, date_format(t, iso)));
	free(raw);
}

/* Extras both feeds and entries carry, under feedparser's names. */
static int common_field(struct xp *x, struct fx_arena **extra, const struct frame *fr,
			const char *v, const char *type)
{
	const char *k = fr->key;
	struct fx_arena *a = arena(extra);
	char *u;
	if (SAME(k, "rights") || SAME(k, "copyright") || SAME(k, "dc:rights")) {
		xset(extra, "rights", fx_str(a, v));
		xset(extra, "rights_detail", detail(x, type, fr, v));
	} else if (SAME(k, "dc:contributor")) {
		list_add(extra, "contributors", STR_MEMBERS(a, "name", v));
	} else if (SAME(k, "cc:license") || SAME(k, "creativecommons:license")) {
		const char *r = attr(fr, "rdf:resource");
		xset(extra, "license", fx_str(a, r ? r : v));
	} else if (SAME(k, "wfw:comment") || SAME(k, "wfw:commentrss") || SAME(k, "docs") ||
		   SAME(k, "newlocation")) {
		char name[KEY_MAX];
		snprintf(name, sizeof name, "%s", k);
		if (name[3] == ':')
			name[3] = '_';
		u = link_of(fr, v);
		xset_copy(extra, name, fx_str(a, u));
		free(u);
	} else if (SAME(k, "expirationdate")) {
		dated_extra(extra, "expired", v, strlen(v));
	} else if (SAME(k, "dcterms:created") || SAME(k, "created")) {
		dated_extra(extra, "created", v, strlen(v));
	} else if (SAME(k, "dcterms:valid")) {
		const char *st = strstr(v, "start="), *en = strstr(v, "end=");
		if (st)
			dated_extra(extra, "validity_start", st + 6, strcspn(st + 6, ";"));
		if (en)
			dated_extra(extra, "validity_end", en + 4, strcspn(en + 4, ";"));
	} else if (SAME(k, "itunes:block")) {
		xset(extra, "itunes_block", fx_int(a, SAME(v, "yes")));
	} else if (SAME(k, "itunes:explicit")) {
		xset(extra, "itunes_explicit",
		     !str_casecmp(v, "yes") || !str_casecmp(v, "explicit") || !str_casecmp(v, "true")
			     ? fx_bool(1)
		     : !str_casecmp(v, "clean") || !str_casecmp(v, "no") || !str_casecmp(v, "false")
			     ? fx_bool(0)
			     : fx_null());
	} else if (SAME(k, "itunes:keywords")) {
		enum role r = extra == &x->f->fx ? R_FEED : R_ENTRY;
		char *dup = xstrdup(v), *p = dup;
		for (int i = 0; p && *p && i < MAX_LIST; i++) {
			char *c = strchr(p, ','), *t;
			if (c)
				*c = '\0';
			t = str_trim(p);
			if (*t)
				tag(x, r, t, "http://www.itunes.com/", NULL);
			p = c ? c + 1 : NULL;
		}
		free(dup);
	} else if (SAME(k, "itunes:duration") || SAME(k, "itunes:subtitle") ||
		   SAME(k, "ttl")) {
		char name[KEY_MAX];
		snprintf(name, sizeof name, "%s", k);
		if (!strncmp(name, "itunes:", 7))
			name[6] = '_';
		xset_copy(extra, name, fx_str(a, v));
	} else {
		return 0;
	}
	return 1;
}

/* Store v in *dst; the value dispatch is handing out is taken over rather than copied. */
static void take_text(struct xp *x, char **dst, const char *v)
{
	free(*dst);
	if (v == x->cur_v) {
		*dst = x->cur_v;
		x->cur_v = NULL;
	} else {
		*dst = xstrdup(v);
	}
}

static void entry_text(struct xp *x, struct feed_entry *e, char **dst, char **dtype,
		       const char *dkey, const struct frame *fr, const char *v, const char *type)
{
	xset(&e->fx, dkey, detail(x, type, fr, v));
	take_text(x, dst, v);
	if (dtype)
		feed_str_set(dtype, type);
}

static void entry_end_field(struct xp *x, const struct frame *fr, const char *v, const char *type)
{
	struct feed_entry *e = x->e;
	const char *k = fr->key;
	if (!e)
		return;
	if (SAME(k, "title") || ((SAME(k, "dc:title") || SAME(k, "media:title")) && !e->title)) {
		entry_text(x, e, &e->title, NULL, "title_detail", fr, v, type);
	} else if (SAME(k, "link") && !attr(fr, "href")) {
		char *u = link_of(fr, v);
		if (!e->link && *v)
			e->link = xstrdup(u);
		if (*v)
			list_add(&e->fx, "links", STR_MEMBERS(arena(&e->fx), "rel", "alternate",
							      "type", "text/html", "href", u));
		free(u);
	} else if (SAME(k, "guid") || SAME(k, "id") || (SAME(k, "dc:identifier") && !e->id)) {
		const char *perma = attr(fr, "ispermalink");
		free(e->id);
		e->id = SAME(k, "id") && x->atom && strchr(v, '/') ? link_of(fr, v) : xstrdup(v);
		if (SAME(k, "guid") && (!perma || str_casecmp(perma, "false")) && !e->link && *v) {
			e->link = link_of(fr, v);
			xset(&e->fx, "guidislink", fx_bool(1));
		}
	} else if (is_key(k, K_SUMMARY)) {
		if (!e->summary)
			entry_text(x, e, &e->summary, &e->summary_type, "summary_detail", fr, v, type);
	} else if (is_key(k, K_CONTENT)) {
		if (!e->content)
			entry_text(x, e, &e->content, &e->content_type, "content_detail", fr, v, type);
		if (attr(fr, "src")) {
			char *u = link_of(fr, attr(fr, "src"));
			struct fx_arena *a = arena(&e->fx);
			fx_set_lit(a, own_detail(a, "content_detail"), "src", fx_str(a, u));
			free(u);
		}
	} else if (is_key(k, K_PUBLISHED)) {
		set_date(&e->published, v, &e->fx, "published_raw");
	} else if (is_key(k, K_UPDATED)) {
		set_date(&e->updated, v, &e->fx, "updated_raw");
	} else if (is_key(k, K_AUTHOR) && *v) {
		add_author(&e->fx, &e->authors, &e->n_authors, v, k);
	} else if (is_key(k, K_CATEGORY) && *v) {
		tag(x, R_ENTRY, v, attr(fr, "domain") ? attr(fr, "domain") : attr(fr, "scheme"),
		    attr(fr, "label"));
	} else if (SAME(k, "comments")) {
		if (!e->comments)
			e->comments = link_of(fr, v);
	} else if (SAME(k, "dc:language") || SAME(k, "language")) {
		feed_str_set(&e->lang, v);
	} else if (SAME(k, "source") && !x->atom) {
		struct fx_arena *a = arena(&e->fx);
		struct fx *s = fx_obj(a);
		fx_set_lit(a, s, "title", fx_str(a, v));
		if (attr(fr, "url"))
			fx_set_lit(a, s, "href", fx_str(a, attr(fr, "url")));
		xset(&e->fx, "source", s);
	} else {
		common_field(x, &e->fx, fr, v, type);
	}
}

static void feed_text(struct xp *x, char **dst, const char *dkey, const struct frame *fr,
		      const char *v, const char *type)
{
	xset(&x->f->fx, dkey, detail(x, type, fr, v));
	if (dst)
		take_text(x, dst, v);
}

static void feed_generator(struct feed *f, const struct frame *fr, const char *v)
{
	const char *u = attr(fr, "uri") ? attr(fr, "uri") : attr(fr, "url");
	const char *rr = attr(fr, "rdf:resource");
	struct fx_arena *a = arena(&f->fx);
	struct fx *d = fx_obj(a);
	feed_str_set(&f->generator, *v ? v : rr);
	fx_set_lit(a, d, "name", fx_str(a, *v ? v : ""));
	if (u || rr) {
		char *abs = link_of(fr, u ? u : rr);
		fx_set_lit(a, d, "href", fx_str(a, abs));
		free(abs);
	}
	if (attr(fr, "version"))
		fx_set_lit(a, d, "version", fx_str(a, attr(fr, "version")));
	xset(&f->fx, "generator_detail", d);
}

static void feed_end_field(struct xp *x, const struct frame *fr, const char *v, const char *type)
{
	struct feed *f = x->f;
	const char *k = fr->key;
	if (SAME(k, "title") || (SAME(k, "dc:title") && !f->title)) {
		feed_text(x, &f->title, "title_detail", fr, v, type);
	} else if (SAME(k, "link") && !attr(fr, "href")) {
		char *u = link_of(fr, v);
		if (!f->link && *v)
			f->link = xstrdup(u);
		if (*v)
			list_add(&f->fx, "links", STR_MEMBERS(arena(&f->fx), "rel", "alternate",
							      "type", "text/html", "href", u));
		free(u);
	} else if (SAME(k, "description") || SAME(k, "subtitle") || SAME(k, "tagline") ||
		   SAME(k, "abstract") ||
		   ((SAME(k, "dc:description") || SAME(k, "itunes:subtitle") ||
		     SAME(k, "itunes:summary")) && !f->description)) {
		feed_text(x, &f->description, "subtitle_detail", fr, v, type);
	} else if (SAME(k, "info") || SAME(k, "feedburner:browserfriendly")) {
		xset(&f->fx, "info", fx_str(arena(&f->fx), v));
		feed_text(x, NULL, "info_detail", fr, v, type);
	} else if (SAME(k, "language") || SAME(k, "dc:language")) {
		feed_str_set(&f->language, v);
	} else if (SAME(k, "rights") || SAME(k, "copyright") || SAME(k, "dc:rights")) {
		feed_text(x, &f->rights, "rights_detail", fr, v, type);
	} else if (is_key(k, K_UPDATED)) {
		set_date(&f->updated, v, &f->fx, "updated_raw");
	} else if (is_key(k, K_PUBLISHED)) {
		set_date(&f->published, v, &f->fx, "published_raw");
	} else if (SAME(k, "id") || SAME(k, "guid")) {
		free(f->id);
		f->id = x->atom && strchr(v, '/') ? link_of(fr, v) : xstrdup(v);
	} else if (SAME(k, "generator") || SAME(k, "admin:generatoragent")) {
		feed_generator(f, fr, v);
	} else if (is_key(k, K_AUTHOR) && *v) {
		char **names = NULL;
		size_t n = 0;
		add_author(&f->fx, &names, &n, v, k);
		if (n && !f->author)
			f->author = xstrdup(names[0]);
		for (size_t i = 0; i < n; i++)
			free(names[i]);
		free(names);
	} else if (is_key(k, K_CATEGORY) && *v) {
		tag(x, R_FEED, v, attr(fr, "domain") ? attr(fr, "domain") : attr(fr, "scheme"), attr(fr, "label"));
	} else if (SAME(k, "logo") || SAME(k, "icon")) {
		char **dst = k[0] == 'l' ? &f->image : &f->icon;
		free(*dst);
		*dst = link_of(fr, v);
		if (k[0] == 'l' && !xget(&f->fx, "image_detail"))
			xset(&f->fx, "image_detail", STR_MEMBERS(f->fx, "href", *dst));
	} else {
		common_field(x, &f->fx, fr, v, type);
	}
}

static void sub_end_field(struct fx_arena **extra, const char *name, const struct frame *fr,
			  const char *v)
{
	struct fx *o = xget(extra, name);
	struct fx_arena *a = *extra;
	const char *k = fr->key;
	if (!o) {
		o = fx_obj(a);
		xset(extra, name, o);
	}
	if (SAME(k, "url") || SAME(k, "link")) {
		char *u = link_of(fr, v);
		fx_set(a, o, k, fx_str(a, u));
		if (SAME(k, "url"))
			fx_set_lit(a, o, "href", fx_str(a, u));
		free(u);
	} else if (SAME(k, "width") || SAME(k, "height")) {
		int64_t n;
		fx_set(a, o, k, str_to_i64(v, &n) == 0 ? fx_int(a, n) : fx_str(a, v));
	} else if (!strchr(k, ':')) {
		fx_set(a, o, k, fx_str(a, v));
	}
}

static void image_end_field(struct xp *x, const struct frame *fr, const char *v)
{
	if (SAME(fr->key, "url") && *v) {
		free(x->f->image);
		x->f->image = link_of(fr, v);
	}
	sub_end_field(&x->f->fx, "image_detail", fr, v);
}

/* fr, the top frame, popped: its attributes freed, or the pool cut back under them. */
static void free_frame(struct xp *x, struct frame *fr)
{
	for (int i = 0; i < fr->n_attrs; i++) {
		if (!(fr->attr_pooled & (1u << i)))
			free(fr->attrs[2 * i]);
		if (!(fr->attr_joined & (1u << i)))
			free(fr->attrs[2 * i + 1]);
	}
	x->pool_top = fr->pool_mark;
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

static int b64val(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	return c == '+' || c == '-' ? 62 : c == '/' || c == '_' ? 63 : -1;
}

/* Decode base64 (whitespace ignored); NULL when it is not base64 or not UTF-8-ish text. */
static char *b64_decode(const char *s)
{
	size_t n = strlen(s), o = 0;
	char *out = xmalloc(n / 4 * 3 + 4);
	json_t *probe = NULL;   /* jansson's UTF-8 check: decoded text must be valid UTF-8 */
	unsigned acc = 0;
	int bits = 0;
	for (; *s; s++) {
		int v;
		if (ascii_isspace((unsigned char)*s) || *s == '=')
			continue;
		if ((v = b64val((unsigned char)*s)) < 0) {
			free(out);
			return NULL;
		}
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (char)((acc >> bits) & 0xFF);
		}
	}
	out[o] = '\0';
	if (!memchr(out, '\0', o))
		probe = json_stringn(out, o);   /* NULL unless valid UTF-8 (json_is_string is a macro) */
	if (!probe) {
		json_decref(probe);
		free(out);
		return NULL;   /* binary, not text: keep the base64 as it was */
	}
	json_decref(probe);
	return out;
}

static int is_base64(const struct xp *x, const struct frame *fr)
{
	const char *mode = attr(fr, "mode"), *t = attr(fr, "type");
	if (mode)
		return SAME(mode, "base64");
	if (!x->atom || !t || !strchr(t, '/'))
		return 0;
	return !str_startswith(t, "text/") && !str_endswith(t, "xml") && !str_endswith(t, "+xml");
}

/* Decode base64 constructs and absolutize URLs inside HTML. Returns v or a replacement. */
static char *postprocess(struct xp *x, const struct frame *fr, char *v, const char *type)
{
	char *r;
	if (is_base64(x, fr) && (r = b64_decode(v))) {
		free(v);
		v = r;
	}
	if (type && (SAME(type, "text/html") || SAME(type, "application/xhtml+xml")) &&
	    (r = feed_html_resolve(v, fr->base))) {
		free(v);
		v = r;
	}
	return v;
}

/* v: ours (malloc'd) when owned, else text in x->text, valid until it is cut back. */
static void dispatch(struct xp *x, struct frame *fr, enum role parent, char *v, int owned)
{
	const char *type = fr->markup_root ? text_type(x, fr, fr->key) : "text/plain";
	if (fr->markup_root && owned)
		v = postprocess(x, fr, v, type);
	x->cur_v = owned ? v : NULL;
	if (parent == R_PERSON && x->person)
		person_field(x, fr, v);
	else if (parent == R_ENTRY)
		entry_end_field(x, fr, v, type);
	else if (parent == R_FEED)
		feed_end_field(x, fr, v, type);
	else if (parent == R_IMAGE)
		image_end_field(x, fr, v);
	else if (parent == R_TEXTINPUT)
		sub_end_field(&x->f->fx, "textinput", fr, v);
	free(x->cur_v);   /* unless a field took it over */
	x->cur_v = NULL;
}

static void end_source(struct xp *x)
{
	struct feed *src = x->f;
	x->f = x->saved_f;
	x->saved_f = NULL;
	if (x->e)
		xset(&x->e->fx, "source", fx_wrap(arena(&x->e->fx), feed_head_json(src)));
	feed_free(src);
}

static void end_role(struct xp *x, struct frame *fr, enum role parent)
{
	if (fr->role == R_ENTRY) {
		if (x->e)
			feed_entry_done(x->c);
		x->e = NULL;
	}
	else if (fr->role == R_PERSON && x->person)
		person_end(x, fr, parent);
	else if (fr->role == R_SOURCE && x->saved_f)
		end_source(x);
}

static void on_end(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
	struct xp *x = ctx;
	struct frame *fr;
	enum role parent;
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
	} else if (parent != R_SKIP && parent != R_NONE && parent != R_SOURCE) {
		/* Text constructs get a copy of their own: postprocess may replace it. */
		char *s = x->text.data ? x->text.data + fr->text_start : (char *)"";
		size_t n = x->text.len - fr->text_start;
		if (fr->markup_root)
			dispatch(x, fr, parent, trimmed(s, n), 1);
		else
			dispatch(x, fr, parent, trimmed_in_place(s, n), 0);
	}
	x->text.len = fr->text_start;
	if (x->text.data)
		x->text.data[x->text.len] = '\0';
	free_frame(x, fr);
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
	feed_buf_append(&x->text, s, (size_t)n);
}

/* The first error of the document, from either parser, becomes the bozo reason. */
static void note_error(struct xp *x, int line, const char *msg)
{
	if (!x->error) {
		char *m = xasprintf("XML error at line %d: %s", line, msg ? msg : "malformed");
		size_t n = strlen(m);
		/* libxml2 quotes document text in messages: no control characters (terminal
		 * escapes) and no more than a line's worth, cut on a UTF-8 boundary. */
		for (size_t i = 0; i < n; i++)
			if ((unsigned char)m[i] < 0x20 || m[i] == 0x7f)
				m[i] = ' ';
		if (n > 200) {
			n = 200;
			while (n && ((unsigned char)m[n] & 0xC0) == 0x80)
				n--;
			m[n] = '\0';
		}
		while (n && m[n - 1] == ' ')
			m[--n] = '\0';
		x->error = m;
	}
}

static void on_error(void *ctx, xmlErrorPtr err)
{
	if (err && err->level >= XML_ERR_ERROR)
		note_error(ctx, err->line, err->message);
}

/* xmltok's report of an error it recovered from as libxml2 does (xmltok.h). */
static void on_fast_error(void *ctx, int line, const char *msg)
{
	note_error(ctx, line, msg);
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
	x->person = NULL;
	if (x->saved_f) {
		feed_free(x->f);
		x->f = x->saved_f;
	}
	buf_reset(&x->text);   /* its memory goes with x (xp_free) */
}

/* The bozo flags of the pre-pass and what a parse leaves to settle at document level.
 * 0, or -1 with *err when the document is not a feed at all. */
static int conclude(struct feed_ctx *c, struct xp *x, int flags, char **err)
{
	if (x->error)
		feed_set_bozo(c->f, x->error);
	if (flags & FEED_PREP_BARE_AMP)
		feed_set_bozo(c->f, "unescaped '&' in the document");
	if (flags & FEED_PREP_UNKNOWN_ENTITY)
		feed_set_bozo(c->f, "undefined entity in the document");
	if ((flags & FEED_PREP_NETSCAPE) && c->f->format && !strcmp(c->f->format, "rss091u"))
		feed_str_set(&c->f->format, "rss091n");
	if (!c->f->format && c->f->n_entries == 0 && c->n_streamed == 0) {
		*err = x->seen_root ? xstrdup("not a feed: no RSS, RDF or Atom root element")
				    : xasprintf("not a feed: %s", x->error ? x->error : "no XML element");
		return -1;
	}
	if (!c->f->format)
		feed_str_set(&c->f->format, "");
	if (!c->f->language && x->root_lang)
		c->f->language = xstrdup(x->root_lang);
	else if (!c->f->language && c->lang)
		c->f->language = xstrdup(c->lang);
	return 0;
}

/* One parser state (180 KB of frames, and its text buffer as it grew) kept for the next
 * document: a batch parses thousands, and allocating and freeing it, and growing the
 * buffer again, each time was a few percent of its instructions. Whichever thread comes
 * first takes it; the others allocate their own. A text buffer grown past KEEP_TEXT is
 * not kept. */
#define KEEP_TEXT (64u << 10)
static _Atomic(struct xp *) spare_xp;

static struct xp *xp_new(struct feed_ctx *c)
{
	/* 180 KB of frames: clearing them per document cost more than parsing a small feed;
	 * a frame is cleared when it is pushed. */
	struct xp *x = atomic_exchange(&spare_xp, NULL);
	struct buf text;
	if (x) {
		text = x->text;
		buf_reset(&text);
	} else {
		x = xmalloc(sizeof *x);
		buf_init(&text, 0);
	}
	memset(x, 0, offsetof(struct xp, st));
	if (!(x->memo = atomic_exchange(&spare_memos, NULL)))
		x->memo = xcalloc(1, sizeof *x->memo);
	x->c = c;
	x->f = c->f;
	x->markup_root = -1;
	x->text = text;
	return x;
}

static void xp_free(struct xp *x)
{
	struct render_memos *old = atomic_exchange(&spare_memos, x->memo);
	if (old) {   /* another parse's, put back first */
		for (int i = 0; i < RENDER_MEMO; i++)
			memo_clear(&old->m[i]);
		free(old);
	}
	free(x->error);
	free(x->root_lang);
	if (x->text.cap > KEEP_TEXT)
		buf_release(&x->text);
	if (!FEED_KEEP_SPARES || (x = atomic_exchange(&spare_xp, x))) {
		buf_release(&x->text);
		free(x);
	}
}

/* Throw away what an abandoned fast parse built (frames still open, a <source> feed). */
static void discard(struct xp *x)
{
	while (x->depth > 0)
		free_frame(x, &x->st[--x->depth]);
	x->person = NULL;
	memset(x->dc, 0, sizeof x->dc);   /* its keys are in the arena going now */
	if (x->saved_f) {
		feed_free(x->f);
		x->f = x->saved_f;
		x->saved_f = NULL;
	}
	buf_reset(&x->text);   /* its memory goes with x (xp_free) */
}

/* *s made a fresh feed with what feed_parse set before the XML parse (encoding, bozo).
 * The encoding is f's own string, lent (the XML parser never changes it): the caller
 * takes it back before freeing either (one malloc and free fewer per document). */
static void feed_scratch(struct feed *s, const struct feed *f)
{
	memset(s, 0, sizeof *s);
	s->updated = s->published = DATE_NONE;
	s->bozo = f->bozo;
	s->bozo_reason = xstrdup(f->bozo_reason);
	s->encoding = f->encoding;
}

/* The fast path (xmltok.c) into a scratch feed: the parser state when it parsed the whole
 * document (the scratch's contents then replace c->f's), NULL when it gave up (nothing it
 * built is kept, *why says what stopped it). */
static struct xp *fast_parse(struct feed_ctx *c, const char *doc, size_t len, const char **why)
{
	static const struct xmltok_sax sax = { on_start, on_end, on_chars, on_fast_error };
	struct feed *orig = c->f, scratch;
	struct xp *x;
	int ok;
	feed_scratch(&scratch, orig);
	c->f = &scratch;
	x = xp_new(c);
	ok = xmltok_parse(doc, len, &sax, x, why) == 0;
	if (ok) {
		struct feed tmp = *orig;
		finish(x);
		*orig = scratch;
		scratch = tmp;
	} else {
		discard(x);
		c->truncated = 0;
		c->n_streamed = 0;
		if (c->reset)
			c->reset(c);
	}
	scratch.encoding = NULL;   /* lent (feed_scratch): orig's either way */
	feed_clear(&scratch);   /* orig's old contents, or the abandoned parse */
	c->f = x->f = orig;
	if (!ok) {
		xp_free(x);
		return NULL;
	}
	return x;
}

int feed_xml_parse(struct feed_ctx *c, const char *utf8, size_t len, char **err)
{
	struct xp *x = NULL;
	xmlParserCtxtPtr ctxt = NULL;
	char *prep = NULL;
	const char *doc, *why = NULL;
	size_t plen = 0, dlen;
	int flags = 0, rc = -1;
	if (len > INT_MAX) {
		*err = xstrdup("document too large");
		goto out;
	}
	if (c->fast_failed)
		why = c->fast_why;   /* this text, checked since: straight to the pre-pass */
	c->fast_why = NULL;
	/* The fast path first on the text as it is: a document xmltok accepts is one the
	 * pre-pass would leave unchanged (its only rewrites are of a DOCTYPE and of '&'
	 * sequences outside CDATA, comments and PIs other than the five XML entities and
	 * character references of at most 8 digits, all of which xmltok refuses), so this
	 * saves the pre-pass's reading of the whole document. */
	if (c->xml_path != FEED_XML_LIBXML2 && !c->fast_failed && (x = fast_parse(c, utf8, len, &why)))
		goto done;
	if (c->utf8_unverified) {
		c->fast_why = why;
		return FEED_XML_UNVERIFIED;
	}
	feed_xml_prepare(utf8, len, &prep, &plen, &flags);
	if (!prep && memchr(utf8, '\0', len < 4 ? len : 4)) {
		/* libxml2 sniffs the first four bytes for UTF-16/32 whatever we tell it; NULs
		 * there (not XML anyway) become spaces so it reads the UTF-8 we have. */
		prep = xmalloc(len + 1);
		memcpy(prep, utf8, len);
		prep[len] = '\0';
		plen = len;
	}
	for (size_t i = 0; prep && i < 4 && i < plen; i++)
		if (prep[i] == '\0')
			prep[i] = ' ';
	doc = prep ? prep : utf8;
	dlen = prep ? plen : len;
	if (dlen > INT_MAX) {
		*err = xstrdup("document too large");
		goto out;
	}
	/* Rewritten (HTML entities, a DOCTYPE): the fast path may take the result. */
	if (prep && c->xml_path != FEED_XML_LIBXML2 && (x = fast_parse(c, doc, dlen, &why)))
		goto done;
	c->fast_why = why;
	if (c->xml_path == FEED_XML_FAST) {
		*err = xasprintf("the fast XML path cannot parse this document: %s", why ? why : "?");
		goto out;
	}
	x = xp_new(c);
	/* xmlParserInputBufferCreateStatic would spare this copy, but libxml2 2.9.14 misreads
	 * static buffers (it re-read earlier text in our tests), so we let it copy. */
	ctxt = xmlCreateMemoryParserCtxt(doc, (int)dlen);
	if (!ctxt) {
		*err = xstrdup("cannot create the XML parser");
		goto out;
	}
	sax_init(ctxt->sax);
	ctxt->userData = x;
	xmlCtxtUseOptions(ctxt, XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOWARNING |
					XML_PARSE_IGNORE_ENC | XML_PARSE_NOERROR);
	xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8);
	/* The text is UTF-8 already; naming it stops libxml2 from sniffing "<\0?\0" (NULs
	 * the source charset allowed) as UTF-16 and re-decoding. */
	ctxt->encoding = xmlStrdup((const xmlChar *)"UTF-8");
	xmlParseDocument(ctxt);
	finish(x);
done:
	rc = conclude(c, x, flags, err);
out:
	if (ctxt) {
		ctxt->sax->serror = NULL;
		if (ctxt->myDoc)   /* libxml2 builds one to hold a DOCTYPE's declarations */
			xmlFreeDoc(ctxt->myDoc);
		ctxt->myDoc = NULL;
		xmlFreeParserCtxt(ctxt);
	}
	if (x)
		xp_free(x);
	free(prep);
	return rc;
}
