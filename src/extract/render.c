/*
 * render.c — the two writers every extract output goes through.
 *
 * Design: one table of tag classes (block / line / cell / dropped / allowed / void) drives
 * both writers, and both walk the tree iteratively (parent pointers, no recursion), so the
 * depth of hostile markup costs nothing. The HTML writer never copies markup through: it
 * re-serializes only allowlisted tags and attributes and escapes every text byte, which is
 * what makes it safe to paste into the reader page.
 */
#include "extract/render.h"
#include "extract/htmltree.h"
#include "util/url.h"
#include "util/util.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

enum {
	TF_BLOCK = 1,     /* blank line before and after in text */
	TF_LINE = 2,      /* own line in text (li, tr, dt, dd) */
	TF_CELL = 4,      /* space-separated in text */
	TF_DROP = 8,      /* removed with its content */
	TF_ALLOW = 16,    /* kept by the sanitizer */
	TF_VOID = 32,     /* no end tag */
	TF_PRE = 64,      /* whitespace is content */
	TF_SOFT = 128,    /* dropped, but an extractor's keep() may rescue it (see below) */
};

struct tag_class {
	const char *name;
	unsigned flags;
};

/* Sorted by name for bsearch. source, track and wbr are deliberately absent: libxml2's
 * HTML4 parser does not know they are void and nests what follows inside them. A form is
 * unwrapped, not dropped: ASP.NET pages wrap the whole body in one; its controls go.
 * button and noscript are soft-dropped: libxml2's HTML4 tree leaves a <button> unclosed
 * before <main> on some templates (the whole article inside it), and server-rendered
 * forums put the page's text for non-JS readers in <noscript>; with a keep() callback the
 * extractor decides, without one (fragments) they go. */
static const struct tag_class tags[] = {
	{"a", TF_ALLOW}, {"abbr", TF_ALLOW}, {"address", TF_BLOCK}, {"applet", TF_DROP},
	{"area", TF_DROP}, {"article", TF_BLOCK}, {"aside", TF_BLOCK}, {"audio", TF_DROP},
	{"b", TF_ALLOW}, {"base", TF_DROP}, {"basefont", TF_DROP}, {"blockquote", TF_BLOCK | TF_ALLOW},
	{"body", TF_BLOCK}, {"br", TF_ALLOW | TF_VOID}, {"button", TF_DROP | TF_SOFT},
	{"canvas", TF_DROP}, {"caption", TF_BLOCK | TF_ALLOW}, {"center", TF_BLOCK},
	{"cite", TF_ALLOW}, {"code", TF_ALLOW}, {"dd", TF_LINE | TF_ALLOW}, {"del", TF_ALLOW},
	{"details", TF_BLOCK | TF_ALLOW}, {"dfn", TF_ALLOW}, {"dialog", TF_DROP},
	{"dir", TF_BLOCK}, {"div", TF_BLOCK | TF_ALLOW}, {"dl", TF_BLOCK | TF_ALLOW},
	{"dt", TF_LINE | TF_ALLOW}, {"em", TF_ALLOW}, {"embed", TF_DROP}, {"fieldset", TF_BLOCK},
	{"figcaption", TF_BLOCK | TF_ALLOW}, {"figure", TF_BLOCK | TF_ALLOW}, {"footer", TF_BLOCK},
	{"form", TF_BLOCK}, {"frame", TF_DROP}, {"frameset", TF_DROP},
	{"h1", TF_BLOCK | TF_ALLOW}, {"h2", TF_BLOCK | TF_ALLOW}, {"h3", TF_BLOCK | TF_ALLOW},
	{"h4", TF_BLOCK | TF_ALLOW}, {"h5", TF_BLOCK | TF_ALLOW}, {"h6", TF_BLOCK | TF_ALLOW},
	{"head", TF_DROP}, {"header", TF_BLOCK}, {"hr", TF_BLOCK | TF_ALLOW | TF_VOID},
	{"html", TF_BLOCK}, {"i", TF_ALLOW}, {"iframe", TF_DROP}, {"img", TF_ALLOW | TF_VOID},
	{"input", TF_DROP}, {"ins", TF_ALLOW}, {"kbd", TF_ALLOW}, {"legend", TF_BLOCK},
	{"li", TF_LINE | TF_ALLOW}, {"link", TF_DROP}, {"main", TF_BLOCK}, {"map", TF_DROP},
	{"mark", TF_ALLOW}, {"math", TF_DROP}, {"menu", TF_BLOCK}, {"meta", TF_DROP},
	{"nav", TF_BLOCK}, {"noembed", TF_DROP}, {"noframes", TF_DROP}, {"noscript", TF_DROP | TF_SOFT},
	{"object", TF_DROP}, {"ol", TF_BLOCK | TF_ALLOW}, {"optgroup", TF_DROP},
	{"option", TF_DROP}, {"p", TF_BLOCK | TF_ALLOW}, {"param", TF_DROP},
	{"plaintext", TF_DROP}, {"pre", TF_BLOCK | TF_ALLOW | TF_PRE}, {"q", TF_ALLOW},
	{"rp", TF_DROP}, {"s", TF_ALLOW}, {"samp", TF_ALLOW}, {"script", TF_DROP},
	{"section", TF_BLOCK}, {"select", TF_DROP}, {"small", TF_ALLOW},
	{"strike", TF_ALLOW}, {"strong", TF_ALLOW}, {"style", TF_DROP}, {"sub", TF_ALLOW},
	{"summary", TF_BLOCK | TF_ALLOW}, {"sup", TF_ALLOW}, {"svg", TF_DROP},
	{"table", TF_BLOCK | TF_ALLOW}, {"tbody", TF_ALLOW}, {"td", TF_CELL | TF_ALLOW},
	{"template", TF_DROP}, {"textarea", TF_DROP}, {"tfoot", TF_ALLOW},
	{"th", TF_CELL | TF_ALLOW}, {"thead", TF_ALLOW}, {"time", TF_ALLOW}, {"title", TF_DROP},
	{"tr", TF_LINE | TF_ALLOW}, {"u", TF_ALLOW}, {"ul", TF_BLOCK | TF_ALLOW},
	{"var", TF_ALLOW}, {"video", TF_DROP}, {"xmp", TF_DROP},
};

/* Every walk asks this of every element: an open-addressing table over the names (built
 * once) costs one hash and one compare instead of a binary search's seven. */
#define TAG_SLOTS 256   /* a power of two, over twice the table */
static const struct tag_class *tag_slot[TAG_SLOTS];
static pthread_once_t tag_once = PTHREAD_ONCE_INIT;

static unsigned tag_hash(const unsigned char *s)
{
	unsigned h = 2166136261u;
	for (; *s; s++)
		h = (h ^ *s) * 16777619u;
	return h;
}

static void tag_init(void)
{
	for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++) {
		unsigned h = tag_hash((const unsigned char *)tags[i].name);
		while (tag_slot[h & (TAG_SLOTS - 1)])
			h++;
		tag_slot[h & (TAG_SLOTS - 1)] = &tags[i];
	}
}

static unsigned tag_flags(const xmlChar *name)
{
	if (!name)
		return 0;
	pthread_once(&tag_once, tag_init);
	for (unsigned h = tag_hash(name);; h++) {
		const struct tag_class *t = tag_slot[h & (TAG_SLOTS - 1)];
		if (!t)
			return 0;
		if (!strcmp((const char *)name, t->name))
			return t->flags;
	}
}

bool render_is_block(const char *name)
{
	return (tag_flags((const xmlChar *)name) & (TF_BLOCK | TF_LINE)) != 0;
}

bool render_is_dropped(const char *name)
{
	return (tag_flags((const xmlChar *)name) & (TF_DROP | TF_SOFT)) == TF_DROP;
}

bool render_is_soft_dropped(const char *name)
{
	return (tag_flags((const xmlChar *)name) & TF_SOFT) != 0;
}

/* Dropped with its content: always for TF_DROP, for TF_SOFT only when no keep() decides. */
static bool drops(unsigned f, render_keep_fn keep)
{
	return (f & TF_DROP) && !((f & TF_SOFT) && keep);
}

xmlDoc *render_parse(const char *html, size_t len, const char *encoding)
{
	if (len > (size_t)INT32_MAX)
		return NULL;
	return htmltree_parse(html ? html : "", len, encoding,
			      HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
				      HTML_PARSE_NOWARNING | HTML_PARSE_COMPACT);
}

const char *render_attr(const xmlNode *n, const char *name)
{
	for (const xmlAttr *a = n->properties; a; a = a->next) {
		if (a->name[0] != (xmlChar)name[0] || strcmp((const char *)a->name, name) != 0)
			continue;
		const xmlNode *t = a->children;
		if (!t)
			return "";
		if (t->type == XML_TEXT_NODE && !t->next && t->content)
			return (const char *)t->content;
		return "";   /* not what the HTML parser builds; treated as valueless */
	}
	return NULL;
}

bool render_icontains(const char *s, const char *needle)
{
	size_t n = strlen(needle);
	if (!n)
		return true;
	unsigned char first = (unsigned char)needle[0];
	/* a letter matches in either case: the candidates for the first byte are two */
	unsigned char other = ascii_isalpha(first) ? (unsigned char)(first ^ 0x20) : first;
	for (; *s; s++) {
		if ((unsigned char)*s != first && (unsigned char)*s != other)
			continue;
		size_t i = 1;
		while (i < n && s[i] && ascii_tolower((unsigned char)s[i]) == (unsigned char)needle[i])
			i++;
		if (i == n)
			return true;
	}
	return false;
}

/* ---- iterative walk ------------------------------------------------------------------ */

void render_walk(xmlNode *root, const struct render_walk_ops *ops, void *st)
{
	xmlNode *n = root ? root->children : NULL;
	while (n) {
		if (ops->enter(st, n) && n->children) {
			n = n->children;
			continue;
		}
		ops->leave(st, n);
		while (!n->next) {
			n = n->parent;
			if (!n || n == root)
				return;
			ops->leave(st, n);
		}
		n = n->next;
	}
}

/* ---- text writer --------------------------------------------------------------------- */

enum { BR_NONE, BR_SPACE, BR_LINE, BR_PARA };

struct text_state {
	struct buf *out;
	render_keep_fn keep;
	void *ctx;
	int pending;
	int pre;
	bool edge;   /* an inline element began or ended since the last text */
};

static void text_break(struct text_state *t, int level)
{
	if (level > t->pending)
		t->pending = level;
}

static void text_flush(struct text_state *t)
{
	static const char *seps[] = {"", " ", "\n", "\n\n"};
	if (t->out->len > 0 && t->pending)
		buf_puts(t->out, seps[t->pending]);
	t->pending = BR_NONE;
}

static bool is_nbsp(const unsigned char *s)
{
	return s[0] == 0xc2 && s[1] == 0xa0;
}

static void text_chars(struct text_state *t, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		if (t->pre && *p != '\r') {
			if (*p == '\n') {
				text_break(t, BR_LINE);
			} else {
				text_flush(t);
				buf_putc(t->out, (char)*p);
			}
			p++;
			continue;
		}
		if (ascii_isspace(*p)) {
			text_break(t, BR_SPACE);
			p++;
		} else if (is_nbsp(p)) {
			text_break(t, BR_SPACE);
			p += 2;
		} else {
			const unsigned char *q = p;
			while (*q && !ascii_isspace(*q) && !is_nbsp(q))
				q++;
			/* "<span>HOKA</span><span>Clifton 10</span>": styled inline boxes that a
			 * page lays out apart; a capital after two letters or digits at an element
			 * edge starts a new word (a drop cap's "T|he" and "i|Phone" do not) */
			if (t->edge && t->pending == BR_NONE && *p >= 'A' && *p <= 'Z' && t->out->len > 1 &&
			    ascii_isalnum((unsigned char)t->out->data[t->out->len - 1]) &&
			    ascii_isalnum((unsigned char)t->out->data[t->out->len - 2]))
				t->pending = BR_SPACE;
			t->edge = false;
			text_flush(t);
			buf_append(t->out, p, (size_t)(q - p));
			p = q;
		}
	}
}

static bool text_enter(void *st, xmlNode *n)
{
	struct text_state *t = st;
	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		if (n->content && (!t->keep || t->keep(t->ctx, n)))
			text_chars(t, (const char *)n->content);
		return false;
	}
	if (n->type != XML_ELEMENT_NODE)
		return false;
	unsigned f = tag_flags(n->name);
	if (drops(f, t->keep) || (t->keep && !t->keep(t->ctx, n)))
		return false;
	if (f & TF_BLOCK)
		text_break(t, BR_PARA);
	else if (f & TF_LINE)
		text_break(t, BR_LINE);
	else if (f & TF_CELL)
		text_break(t, BR_SPACE);
	else if (n->name[0] == 'b' && n->name[1] == 'r' && !n->name[2])
		text_break(t, BR_LINE);
	t->edge = true;
	if (f & TF_PRE)
		t->pre++;
	return true;
}

static void text_leave(void *st, xmlNode *n)
{
	struct text_state *t = st;
	if (n->type != XML_ELEMENT_NODE)
		return;
	unsigned f = tag_flags(n->name);
	if (drops(f, t->keep) || (t->keep && !t->keep(t->ctx, n)))
		return;
	if (f & TF_PRE)
		t->pre--;
	t->edge = true;
	if (f & TF_BLOCK)
		text_break(t, BR_PARA);
	else if (f & TF_LINE)
		text_break(t, BR_LINE);
	else if (f & TF_CELL)
		text_break(t, BR_SPACE);
}

void render_text(xmlNode *root, struct buf *out, render_keep_fn keep, void *ctx)
{
	static const struct render_walk_ops ops = {text_enter, text_leave};
	struct text_state t = {out, keep, ctx, BR_NONE, 0, false};
	if (out->len > 0)
		t.pending = BR_PARA;
	render_walk(root, &ops, &t);
}

/* ---- URLs ---------------------------------------------------------------------------- */

/* Browsers drop tabs and newlines anywhere in a URL and C0/space at the ends; we drop every
 * control byte, so "jav&#x09;ascript:" is seen as the javascript: URL it is. */
static char *url_clean(const char *raw)
{
	size_t n = strlen(raw);
	char *s = xmalloc(n + 1), *w = s;
	for (const unsigned char *p = (const unsigned char *)raw; *p; p++)
		if (*p > 0x20 && *p != 0x7f)
			*w++ = (char)*p;
		else if (*p == ' ' && w != s)
			*w++ = ' ';
	while (w > s && w[-1] == ' ')
		w--;
	*w = 0;
	return s;
}

/* Length of the scheme ("http" → 4) or 0 when s has none. */
static size_t url_scheme_len(const char *s)
{
	if (!ascii_isalpha((unsigned char)s[0]))
		return 0;
	size_t i = 1;
	while (ascii_isalnum((unsigned char)s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.')
		i++;
	return s[i] == ':' ? i : 0;
}

static bool data_image_ok(const char *s)
{
	static const char *ok[] = {"data:image/png;", "data:image/gif;", "data:image/jpeg;",
				   "data:image/jpg;", "data:image/webp;", "data:image/avif;"};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
		if (str_istartswith(s, ok[i]))
			return true;
	return false;
}

static bool scheme_ok(const char *s, size_t n, bool image)
{
	if ((n == 4 && !str_ncasecmp(s, "http", 4)) || (n == 5 && !str_ncasecmp(s, "https", 5)))
		return true;
	if (!image && n == 6 && !str_ncasecmp(s, "mailto", 6))
		return true;
	return image && n == 4 && !str_ncasecmp(s, "data", 4) && data_image_ok(s);
}

char *render_safe_url(const char *raw, const char *base, bool image)
{
	char *s = url_clean(raw), *r = NULL;
	size_t n = url_scheme_len(s);
	if (!s[0])
		goto out;
	if (n) {
		if (scheme_ok(s, n, image))
			r = xstrdup(s);
		goto out;
	}
	if (base && s[0] != '#') {
		char *abs = url_resolve(base, s);
		size_t m = abs ? url_scheme_len(abs) : 0;
		if (abs && m && scheme_ok(abs, m, false))
			r = abs;
		else
			free(abs);
		if (r || (abs && m))
			goto out;
	}
	r = xstrdup(s);   /* relative, no scheme: harmless */
out:
	free(s);
	return r;
}

/* ---- HTML writer --------------------------------------------------------------------- */

struct html_state {
	struct buf *out;
	const char *base;
	render_keep_fn keep;
	void *ctx;
	int depth, pre;
};

/* Bytes put_escaped must look at: bit 1 in text, 2 in attributes, 4 when collapsing
 * whitespace. Every other byte is copied as part of a run. */
static unsigned char esc_class[256];
static pthread_once_t esc_once = PTHREAD_ONCE_INIT;

static void esc_init(void)
{
	esc_class['&'] = esc_class['<'] = esc_class['>'] = 1 | 2;
	esc_class['"'] = 2;
	for (int c = 1; c < 256; c++)
		if (ascii_isspace((unsigned char)c))
			esc_class[c] |= 4;
}

static void put_escaped(struct buf *out, const char *s, bool attr, bool collapse)
{
	pthread_once(&esc_once, esc_init);
	const unsigned char stop = (unsigned char)((attr ? 2 : 1) | (collapse ? 4 : 0));
	const char *run = s;
	bool space = false;
	for (const char *p = s; *p; p++) {
		if (!(esc_class[(unsigned char)*p] & stop)) {
			space = false;
			continue;
		}
		const char *rep = NULL;
		switch (*p) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = attr ? "&quot;" : NULL; break;
		default: break;
		}
		if (collapse && ascii_isspace((unsigned char)*p)) {
			buf_append(out, run, (size_t)(p - run));
			if (!space)
				buf_putc(out, ' ');
			space = true;
			run = p + 1;
			continue;
		}
		space = false;
		if (rep) {
			buf_append(out, run, (size_t)(p - run));
			buf_puts(out, rep);
			run = p + 1;
		}
	}
	buf_puts(out, run);
}

enum { AK_NO, AK_TEXT, AK_URL, AK_IMG };

static int attr_kind(const char *tag, const char *a)
{
	if (!strcmp(a, "title") || !strcmp(a, "lang"))
		return AK_TEXT;
	if (!strcmp(tag, "a"))
		return !strcmp(a, "href") ? AK_URL : AK_NO;
	if (!strcmp(tag, "img")) {
		if (!strcmp(a, "alt") || !strcmp(a, "width") || !strcmp(a, "height"))
			return AK_TEXT;
		return AK_NO;   /* src is written by img_src() */
	}
	if (!strcmp(tag, "td") || !strcmp(tag, "th"))
		return (!strcmp(a, "colspan") || !strcmp(a, "rowspan") || !strcmp(a, "scope"))
			       ? AK_TEXT
			       : AK_NO;
	if (!strcmp(tag, "ol"))
		return (!strcmp(a, "start") || !strcmp(a, "reversed")) ? AK_TEXT : AK_NO;
	if (!strcmp(tag, "time"))
		return !strcmp(a, "datetime") ? AK_TEXT : AK_NO;
	if (!strcmp(tag, "blockquote") || !strcmp(tag, "q") || !strcmp(tag, "del") ||
	    !strcmp(tag, "ins"))
		return !strcmp(a, "cite") ? AK_URL : AK_NO;
	return AK_NO;
}

static void put_attr(struct buf *out, const char *name, const char *value)
{
	buf_printf(out, " %s=\"", name);
	put_escaped(out, value, true, false);
	buf_putc(out, '"');
}

/* The image URL, also from the lazy-loading attributes pages use instead of src. */
static char *img_src(xmlNode *n, const char *base)
{
	static const char *names[] = {"src", "data-src", "data-original", "data-lazy-src",
				      "data-url"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		const char *v = render_attr(n, names[i]);
		char *u = v ? render_safe_url(v, base, true) : NULL;
		/* a 1x1 data: placeholder is what lazy loaders leave in src */
		if (u && i == 0 && str_istartswith(u, "data:") && strlen(u) < 200) {
			free(u);
			continue;
		}
		if (u)
			return u;
	}
	return NULL;
}

static void html_attrs(struct html_state *h, xmlNode *n)
{
	const char *tag = (const char *)n->name;
	for (xmlAttr *a = n->properties; a; a = a->next) {
		int k = attr_kind(tag, (const char *)a->name);
		if (k == AK_NO)
			continue;
		/* the HTML parser gives a value as one text node; a valueless attribute has none */
		const xmlNode *t = a->children;
		if (!t)
			continue;
		const xmlChar *v = t->type == XML_TEXT_NODE && !t->next && t->content ? t->content
										: (const xmlChar *)"";
		if (k == AK_TEXT) {
			put_attr(h->out, (const char *)a->name, (const char *)v);
		} else {
			char *u = render_safe_url((const char *)v, h->base, k == AK_IMG);
			if (u)
				put_attr(h->out, (const char *)a->name, u);
			free(u);
		}
	}
	if (!strcmp(tag, "a"))
		buf_puts(h->out, " rel=\"noopener noreferrer\"");
}

static bool html_enter(void *st, xmlNode *n)
{
	struct html_state *h = st;
	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		if (n->content && (!h->keep || h->keep(h->ctx, n)))
			put_escaped(h->out, (const char *)n->content, false, !h->pre);
		return false;
	}
	if (n->type != XML_ELEMENT_NODE)
		return false;
	unsigned f = tag_flags(n->name);
	if (drops(f, h->keep) || (h->keep && !h->keep(h->ctx, n)))
		return false;
	h->depth++;
	if (!(f & TF_ALLOW) || h->depth > RENDER_MAX_DEPTH)
		return true;
	if (f & TF_PRE)
		h->pre++;
	char *src = NULL;
	if (!strcmp((const char *)n->name, "img") && !(src = img_src(n, h->base)))
		return false;   /* an image with no safe source is nothing */
	buf_printf(h->out, "<%s", (const char *)n->name);
	if (src)
		put_attr(h->out, "src", src);
	free(src);
	html_attrs(h, n);
	buf_putc(h->out, '>');
	return !(f & TF_VOID);
}

static void html_leave(void *st, xmlNode *n)
{
	struct html_state *h = st;
	if (n->type != XML_ELEMENT_NODE)
		return;
	unsigned f = tag_flags(n->name);
	if (drops(f, h->keep) || (h->keep && !h->keep(h->ctx, n)))
		return;
	if ((f & TF_ALLOW) && h->depth <= RENDER_MAX_DEPTH && !(f & TF_VOID)) {
		buf_printf(h->out, "</%s>", (const char *)n->name);
		if (f & TF_PRE)
			h->pre--;
		if (f & (TF_BLOCK | TF_LINE))
			buf_putc(h->out, '\n');
	}
	h->depth--;
}

void render_html(xmlNode *root, struct buf *out, const char *base_url, render_keep_fn keep,
		 void *ctx)
{
	static const struct render_walk_ops ops = {html_enter, html_leave};
	struct html_state h = {out, base_url, keep, ctx, 0, 0};
	render_walk(root, &ops, &h);
}

char *render_collapse(const char *s)
{
	struct buf b = BUF_INIT(0);
	struct text_state t = {&b, NULL, NULL, BR_NONE, 0, false};
	text_chars(&t, s ? s : "");
	return buf_detach(&b, NULL);
}
