/*
 * htmltree.c — libxml2's HTML parser with an arena tree builder.
 *
 * The parser is set up exactly as htmlReadMemory sets it up (an XML memory context, the
 * HTML SAX handler, htmlDoRead's options and encoding steps); only the callbacks that
 * build the tree are ours. Each mirrors its SAX2.c counterpart for HTML documents
 * (xmlSAX2StartElement, xmlSAX2Text, xmlSAX2Comment, xmlSAX2ProcessingInstruction), so
 * the tree is the one htmlReadMemory builds: element names split at the first ':' like
 * xmlSplitQName, valueless boolean attributes given their name as value, adjacent text
 * (or CDATA) coalesced into one node, comments and PIs kept. libxml2's own code still
 * handles the document node, the DTD and the node stack (nodePush/nodePop, whose depth
 * limit halts the parse just as before). The parser reads the tree while parsing
 * (areBlanks looks at the current node's last child), which is why the nodes are real
 * xmlNodes rather than a smaller struct.
 *
 * What is left out is what nobody reads: the document's ID table, per-node name copies,
 * line numbers. tests/unit/test_htmltree.c and fuzz/fuzz_htmltree.c compare the two trees.
 */
#include "extract/htmltree.h"
#include "extract/charset.h"
#include "util/dynlib.h"
#include "util/util.h"

#include <libxml/HTMLtree.h>
#include <libxml/SAX2.h>
#include <libxml/parserInternals.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define ARENA_MIN (16u << 10)
#define ARENA_MAX (8u << 20)

struct chunk {
	struct chunk *next;
	size_t size;   /* of the data after the header (which keeps it 16-byte aligned) */
};

struct arena {
	struct chunk *chunks;
	char *p, *end;
	size_t next_size;
	xmlDictPtr dict;    /* names point into it */
	xmlNode *text;      /* the text node last appended to, and its length */
	size_t text_len;
};

/* ---- arena ----------------------------------------------------------------------------- */

/* One chunk per thread is kept from page to page: a fresh one would cost a page fault per
 * 4 KB touched, which was a tenth of the parse. Freed at thread exit. */
#define SPARE_MAX (8u << 20)
static pthread_key_t spare_key;
static pthread_once_t spare_once = PTHREAD_ONCE_INIT;

static void spare_drop(void *c)
{
	free(c);
}

static void spare_init(void)
{
	if (pthread_key_create(&spare_key, spare_drop) != 0)
		abort();
}

static struct chunk *spare_take(size_t need)
{
	pthread_once(&spare_once, spare_init);
	struct chunk *c = pthread_getspecific(spare_key);
	if (!c || c->size < need)
		return NULL;
	pthread_setspecific(spare_key, NULL);
	return c;
}

/* Keep the largest chunk up to SPARE_MAX; free the rest. */
static void spare_give(struct chunk *c)
{
	pthread_once(&spare_once, spare_init);
	struct chunk *old = pthread_getspecific(spare_key);
	if (c->size > SPARE_MAX || (old && old->size >= c->size)) {
		free(c);
		return;
	}
	free(old);
	pthread_setspecific(spare_key, c);
}

static void arena_chunk(struct arena *a, size_t need)
{
	size_t sz = a->next_size > need ? a->next_size : need;
	struct chunk *c = a->chunks ? NULL : spare_take(sz);
	if (c) {
		sz = c->size;
	} else {
		c = xmalloc(sizeof *c + sz);
		c->size = sz;
	}
	c->next = a->chunks;
	a->chunks = c;
	a->p = (char *)(c + 1);
	a->end = a->p + sz;
	if (a->next_size < ARENA_MAX)
		a->next_size *= 2;
}

static void *arena_node(struct arena *a, size_t n)
{
	uintptr_t at = ((uintptr_t)a->p + 7) & ~(uintptr_t)7;
	if (!a->p || at + n > (uintptr_t)a->end) {
		arena_chunk(a, n);
		at = (uintptr_t)a->p;
	}
	a->p = (char *)(at + n);
	memset((void *)at, 0, n);
	return (void *)at;
}

static xmlChar *arena_bytes(struct arena *a, size_t n)
{
	if (!a->p || n > (size_t)(a->end - a->p))
		arena_chunk(a, n);
	xmlChar *r = (xmlChar *)a->p;
	a->p += n;
	return r;
}

static xmlChar *arena_strndup(struct arena *a, const xmlChar *s, size_t n)
{
	xmlChar *r = arena_bytes(a, n + 1);
	memcpy(r, s, n);
	r[n] = 0;
	return r;
}

static xmlChar *arena_strdup(struct arena *a, const xmlChar *s)
{
	return s ? arena_strndup(a, s, strlen((const char *)s)) : NULL;
}

static void arena_free(struct arena *a)
{
	if (!a)
		return;
	for (struct chunk *c = a->chunks, *next; c; c = next) {
		next = c->next;
		spare_give(c);
	}
	xmlDictFree(a->dict);
	free(a);
}

/* ---- nodes ----------------------------------------------------------------------------- */

static xmlNode *node_new(struct arena *a, xmlElementType type, const xmlChar *name, xmlDoc *doc)
{
	xmlNode *n = arena_node(a, sizeof *n);
	n->type = type;
	n->name = name;
	n->doc = doc;
	return n;
}

/* xmlAddChild for what never merges (elements, comments, PIs, a first text node); with the
 * document as parent it is also xmlAddSibling after one of the document's children. */
static void link_child(xmlNode *parent, xmlNode *n)
{
	n->parent = parent;
	n->prev = parent->last;
	if (parent->last)
		parent->last->next = n;
	else
		parent->children = n;
	parent->last = n;
}

/* xmlSplitQName as xmlSAX2StartElement uses it: "fb:like" is element "like". */
static const xmlChar *local_name(xmlParserCtxtPtr ctxt, const xmlChar *full)
{
	if (full[0] == ':')
		return full;
	const char *c = strchr((const char *)full, ':');
	if (!c || !c[1])
		return full;
	const xmlChar *r = xmlDictLookup(ctxt->dict, (const xmlChar *)c + 1, -1);
	return r ? r : full;
}

static void add_attrs(struct arena *a, xmlNode *n, const xmlChar **atts)
{
	xmlAttr *tail = NULL;
	for (size_t i = 0; atts[i]; i += 2) {
		const xmlChar *name = atts[i], *value = atts[i + 1];
		if (!value && htmlIsBooleanAttr(name))
			value = name;
		xmlAttr *at = arena_node(a, sizeof *at);
		at->type = XML_ATTRIBUTE_NODE;
		at->name = name;
		at->parent = n;
		at->doc = n->doc;
		if (value) {
			xmlNode *t = node_new(a, XML_TEXT_NODE, dynlib_xml_string_text(), n->doc);
			t->content = arena_strdup(a, value);
			t->parent = (xmlNode *)at;
			at->children = at->last = t;
		}
		at->prev = tail;
		if (tail)
			tail->next = at;
		else
			n->properties = at;
		tail = at;
	}
}

/* ---- SAX callbacks --------------------------------------------------------------------- */

static void on_start(void *ctx, const xmlChar *fullname, const xmlChar **atts)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct arena *a = ctxt->_private;
	xmlDoc *doc = ctxt->myDoc;
	if (!fullname || !doc)
		return;
	xmlNode *parent = ctxt->node;
	xmlNode *n = node_new(a, XML_ELEMENT_NODE, local_name(ctxt, fullname), doc);
	bool first = doc->children == NULL;
	if (first)
		link_child((xmlNode *)doc, n);
	/* past libxml2's depth limit nodePush halts the parser; the node is dropped */
	if (nodePush(ctxt, n) < 0) {
		if (first)
			doc->children = doc->last = NULL;
		return;
	}
	/* with no open element, xmlSAX2StartElement hangs the node under the document's first
	 * child when that is an element (the root), else after the document's children */
	if (!first && !parent)
		parent = doc->children;
	if (!first)
		link_child(parent->type == XML_ELEMENT_NODE ? parent : (xmlNode *)doc, n);
	if (atts)
		add_attrs(a, n, atts);
}

static void on_end(void *ctx, const xmlChar *name)
{
	(void)name;
	nodePop(ctx);
}

/* xmlSAX2Text: text (or CDATA) right after text of its kind in the same parent extends it */
static void on_text(xmlParserCtxtPtr ctxt, const xmlChar *s, int len, xmlElementType type)
{
	struct arena *a = ctxt->_private;
	xmlNode *parent = ctxt->node, *last;
	if (!parent || len < 0)
		return;
	last = parent->last;
	if (last && last->type == type &&
	    (type != XML_TEXT_NODE || last->name == dynlib_xml_string_text())) {
		size_t old = last == a->text ? a->text_len : strlen((const char *)last->content);
		size_t n = old + (size_t)len;
		if (last == a->text && (char *)last->content + old + 1 == a->p &&
		    (size_t)len <= (size_t)(a->end - a->p)) {
			a->p += len;   /* it ends the arena: grow it in place */
		} else {
			/* room for as much again, so a long text grows in amortized linear time */
			if ((size_t)(a->end - a->p) < 2 * n + 1)
				arena_chunk(a, 2 * n + 1);
			xmlChar *c = arena_bytes(a, n + 1);
			memcpy(c, last->content, old);
			last->content = c;
		}
		memcpy(last->content + old, s, (size_t)len);
		last->content[n] = 0;
		a->text = last;
		a->text_len = n;
		return;
	}
	xmlNode *t = node_new(a, type, type == XML_TEXT_NODE ? dynlib_xml_string_text() : NULL, ctxt->myDoc);
	t->content = arena_strndup(a, s, (size_t)len);
	link_child(parent, t);
	a->text = t;
	a->text_len = (size_t)len;
}

static void on_chars(void *ctx, const xmlChar *s, int len)
{
	on_text(ctx, s, len, XML_TEXT_NODE);
}

static void on_cdata(void *ctx, const xmlChar *s, int len)
{
	on_text(ctx, s, len, XML_CDATA_SECTION_NODE);
}

static void on_comment(void *ctx, const xmlChar *value)
{
	xmlParserCtxtPtr ctxt = ctx;
	if (!ctxt->myDoc)
		return;
	xmlNode *n = node_new(ctxt->_private, XML_COMMENT_NODE, dynlib_xml_string_comment(), ctxt->myDoc);
	n->content = arena_strdup(ctxt->_private, value);
	link_child(ctxt->node ? ctxt->node : (xmlNode *)ctxt->myDoc, n);
}

static void on_pi(void *ctx, const xmlChar *target, const xmlChar *data)
{
	xmlParserCtxtPtr ctxt = ctx;
	if (!ctxt->myDoc || !target)
		return;
	struct arena *a = ctxt->_private;
	xmlNode *n = node_new(a, XML_PI_NODE, arena_strdup(a, target), ctxt->myDoc);
	n->content = arena_strdup(a, data);
	link_child(ctxt->node ? ctxt->node : (xmlNode *)ctxt->myDoc, n);
}

/* ---- the bytes libxml2 is given ------------------------------------------------------- */

/* Two repairs, made in one pass over a copy of the page before libxml2 sees it.
 *
 * Attribute names libxml2 cannot read. libxml2 2.9 reads an attribute name only if it
 * starts with a letter, '_', ':' or '.' and goes on with letters, digits and ":-_.". On
 * anything else (Alpine's @click, AMP's [class], a stray quote or '/') it skips to the next
 * blank or '>' without regard to quotes, so a '>' inside the value (@click="() => open =
 * true") ends the tag there: the rest of the value becomes body text and the tag's later
 * attributes (href, class) are lost. A browser reads such a name as any other. We lex each
 * start tag the way a browser does and blank (with spaces) every attribute whose name
 * libxml2 would not read whole, with its value, and every lone '/'. libxml2 never made
 * attributes of those, so the tree is its tree for the page without them.
 *
 * Script and style bodies. Half the bytes of a news page are inline script and CSS, which
 * libxml2 reads a character at a time (htmlParseScript) for text nothing in extract
 * reads. Their bodies are cut out of the copy, so <script> and <style> elements come out
 * empty; a script whose start tag may say "ld+json" (meta.c reads JSON-LD) keeps its body.
 * So are an <svg>'s when nothing but the svg's subtree can change (svg_body_end), and
 * the attributes nothing reads (htmltree_attr_unread): data-*, srcset, event handlers.
 *
 * The lexer follows libxml2 where it decides what is markup: a body runs to the first
 * "</" and its tag name (case-insensitive prefix, as libxml2 recovers), and one that
 * begins with a tag is not cut (libxml2 reads that tag as markup); comments end at
 * "-->" or "--!>"; "<?", "<!doctype" and end tags run to the first '>' whatever the
 * quotes; a tag starts with '<' and a letter. Where the two could still differ, cutting
 * less than libxml2 would read as script is the safe side, and the tree is always
 * libxml2's own for the bytes given (tests/unit/htmltree_check.h). One pass: tag bytes are
 * looked at once, text and quoted values are skipped with memchr. */

struct lexer {
	const unsigned char *s;
	size_t n;
	unsigned char *out;   /* the copy: out[olen] is where s[done] goes next */
	size_t olen, done;
	int what;             /* HTMLTREE_BLANK | HTMLTREE_CUT */
	bool dry, odd;        /* dry: only looking ahead; odd: it met a name to blank */
};

/* byte classes, one table lookup per tag byte */
enum { C_LETTER = 1, C_START = 2, C_NAME = 4, C_BLANK = 8, C_STOP = 16 };
static unsigned char cls[256];
static pthread_once_t cls_once = PTHREAD_ONCE_INIT;

static void cls_init(void)
{
	for (int c = 0; c < 256; c++) {
		bool letter = (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
		bool start = letter || c == '_' || c == ':' || c == '.';
		bool name = start || (c >= '0' && c <= '9') || c == '-';
		bool blank = c == ' ' || c == '\t' || c == '\n' || c == '\r';
		cls[c] = (unsigned char)((letter ? C_LETTER : 0) | (start ? C_START : 0) |
		                         (name ? C_NAME : 0) | (blank ? C_BLANK : 0) |
		                         (blank || c == '/' || c == '>' || c == '=' || c == 0 ? C_STOP : 0));
	}
}

static bool is_letter(unsigned char c)
{
	return cls[c] & C_LETTER;
}

static bool is_name_char(unsigned char c)
{
	return cls[c] & C_NAME;
}

static bool is_blank(unsigned char c)
{
	return cls[c] & C_BLANK;
}

/* Copy the input up to i. */
static void emit_to(struct lexer *b, size_t i)
{
	memcpy(b->out + b->olen, b->s + b->done, i - b->done);
	b->olen += i - b->done;
	b->done = i;
}

/* Spaces for s[from, to): offsets within the tag stay. */
static void blank(struct lexer *b, size_t from, size_t to)
{
	if (b->dry) {
		b->odd = true;
		return;
	}
	if (!(b->what & HTMLTREE_BLANK))
		return;
	emit_to(b, from);
	memset(b->out + b->olen, ' ', to - from);
	b->olen += to - from;
	b->done = to;
}

/* Nothing for s[from, to). */
static void cut(struct lexer *b, size_t from, size_t to)
{
	if (to <= from || b->dry)
		return;
	emit_to(b, from);
	b->done = to;
}

static size_t skip_blanks(const struct lexer *b, size_t i)
{
	while (i < b->n && is_blank(b->s[i]))
		i++;
	return i;
}

/* Just past the first '>' at or after i (the end of the input without one). */
static size_t past_gt(const struct lexer *b, size_t i)
{
	const unsigned char *p = i < b->n ? memchr(b->s + i, '>', b->n - i) : NULL;
	return p ? (size_t)(p - b->s) + 1 : b->n;
}

/* The end of the attribute value that starts at i (after '=' and blanks), as a browser
 * reads it: to the matching quote, or to a blank or '>' when unquoted. */
static size_t value_end(const struct lexer *b, size_t i)
{
	if (i < b->n && (b->s[i] == '"' || b->s[i] == '\'')) {
		const unsigned char *q = memchr(b->s + i + 1, b->s[i], b->n - i - 1);
		return q ? (size_t)(q - b->s) + 1 : b->n;
	}
	while (i < b->n && !is_blank(b->s[i]) && b->s[i] != '>' && b->s[i] != 0)
		i++;
	return i;
}

static bool ends_with(const char *s, size_t n, const char *end)
{
	size_t k = strlen(end);
	return n >= k && strncasecmp(s + n - k, end, k) == 0;
}

bool htmltree_attr_unread(const char *name, size_t n)
{
	static const char *const images[] = {"data-src", "data-original", "data-lazy-src", "data-url"};
	if (n > 5 && strncasecmp(name, "data-", 5) == 0) {
		for (size_t k = 0; k < sizeof images / sizeof images[0]; k++)
			if (n == strlen(images[k]) && strncasecmp(name, images[k], n) == 0)
				return false;
		return true;
	}
	return ends_with(name, n, "srcset") || (n == 5 && strncasecmp(name, "sizes", 5) == 0) ||
	       (n > 2 && strncasecmp(name, "on", 2) == 0);
}

/* One attribute at i (not a blank, '>' or "/>"): returns where it ends, blanking it when
 * libxml2 could not read its name, cutting it when nothing reads it. A browser's name
 * runs to a blank, '/', '>' or '=' (a first '=' included). */
static size_t attribute(struct lexer *b, size_t i)
{
	size_t at = i;
	unsigned all = cls[b->s[i]] & C_START ? C_NAME : 0;
	for (i++; i < b->n && !(cls[b->s[i]] & C_STOP); i++)
		all &= cls[b->s[i]];
	bool ok = all != 0;
	size_t name_end = i, j = skip_blanks(b, i);
	if (j < b->n && b->s[j] == '=')
		i = value_end(b, skip_blanks(b, j + 1));
	if (!ok)
		blank(b, at, i);
	else if ((b->what & HTMLTREE_CUT) && htmltree_attr_unread((const char *)b->s + at, name_end - at))
		cut(b, at, i);
	return i;
}

/* The start tag whose name begins at i: returns the offset after it; *open says whether it
 * leaves an element open (no "/>"). A NUL ends a tag for libxml2 and so here. */
static size_t start_tag(struct lexer *b, size_t i, bool *open)
{
	*open = false;
	while (i < b->n && is_name_char(b->s[i]))
		i++;
	while (i < b->n) {
		unsigned char c = b->s[i];
		if (is_blank(c)) {
			i++;
		} else if (c == '>') {
			*open = true;
			return i + 1;
		} else if (c == 0) {
			return i;
		} else if (c == '/') {
			if (i + 1 < b->n && b->s[i + 1] == '>')
				return i + 2;
			blank(b, i, i + 1);
			i++;
		} else {
			i = attribute(b, i);
		}
	}
	return i;
}

/* After <script> or <style>: where libxml2 (recovering) ends the raw text, the '<' of the
 * first "</" followed by the name; the end of the input without one. */
static size_t raw_text_end(const struct lexer *b, size_t i, const unsigned char *name, size_t len)
{
	while (i < b->n) {
		const unsigned char *p = memchr(b->s + i, '<', b->n - i);
		if (!p)
			return b->n;
		i = (size_t)(p - b->s);
		if (i + 2 + len <= b->n && b->s[i + 1] == '/' &&
		    strncasecmp((const char *)b->s + i + 2, (const char *)name, len) == 0)
			return i;
		i++;
	}
	return b->n;
}

/* Past a comment whose body starts at i: "-->", or "--!>" as libxml2 also reads it. */
static size_t comment_end(const struct lexer *b, size_t i)
{
	for (; i + 2 < b->n; i++) {
		const unsigned char *p = memchr(b->s + i, '-', b->n - i - 2);
		if (!p)
			return b->n;
		i = (size_t)(p - b->s);
		if (b->s[i + 1] == '-' && b->s[i + 2] == '>')
			return i + 3;
		if (b->s[i + 1] == '-' && b->s[i + 2] == '!' && i + 3 < b->n && b->s[i + 3] == '>')
			return i + 4;
	}
	return b->n;
}

/* Could the start tag s[from, to) give a type attribute holding "ld+json" in any case,
 * as meta.c looks for it: it says so, or has a character reference, which could be one
 * of its letters ("ld&#x2B;json" is seen in the wild). */
static bool may_be_ld_json(const unsigned char *s, size_t from, size_t to)
{
	if (memchr(s + from, '&', to - from))
		return true;
	for (size_t i = from; i + 7 <= to; i++)
		if ((s[i] | 0x20) == 'l' && strncasecmp((const char *)s + i, "ld+json", 7) == 0)
			return true;
	return false;
}

static size_t name_len(const struct lexer *b, size_t i)
{
	size_t n = 0;
	while (i + n < b->n && is_name_char(b->s[i + n]))
		n++;
	return n;
}

static bool name_is(const struct lexer *b, size_t i, size_t n, const char *name)
{
	return n == strlen(name) && strncasecmp((const char *)b->s + i, name, n) == 0;
}

/* SVG's own elements, which libxml2's HTML 4 parser does not know: it opens and closes
 * them where the page says and no other element's start or end tag closes them or is
 * implied by them. Not <title>, <style>, <script>, <a> or <foreignObject>, which it knows
 * or which hold HTML. */
static bool svg_vocabulary(const struct lexer *b, size_t i, size_t n)
{
	static const char *const names[] = {
	    "path", "g", "circle", "rect", "line", "polyline", "polygon", "ellipse", "defs", "use",
	    "symbol", "lineargradient", "radialgradient", "stop", "clippath", "mask", "pattern",
	    "filter", "desc", "metadata", "text", "tspan", "textpath", "marker", "image", "animate",
	    "animatetransform", "animatemotion", "set", "view", "switch"};
	if (n > 2 && (b->s[i] | 0x20) == 'f' && (b->s[i + 1] | 0x20) == 'e')
		return true;   /* the filter primitives: feGaussianBlur, feOffset... */
	for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
		if (name_is(b, i, n, names[k]))
			return true;
	return false;
}

#define SVG_DEPTH 64

/* The '<' of the "</svg" that ends the body of an <svg> starting at i, when cutting the
 * body changes nothing but the svg's own subtree (render.c, content.c and meta.c drop svg
 * whole); 0 when it might change more. The body may hold only SVG's own elements, text,
 * and end tags closing elements opened in it (an end tag naming one open outside would
 * close that one); no comment, doctype or PI, no attribute name to blank. Looks, never
 * writes. */
static size_t svg_body_end(struct lexer *b, size_t i)
{
	size_t open_at[SVG_DEPTH], open_len[SVG_DEPTH];
	int depth = 0;
	b->dry = true;
	b->odd = false;
	size_t r = 0;
	while (i < b->n && !r) {
		const unsigned char *p = memchr(b->s + i, '<', b->n - i);
		if (!p || (size_t)(p - b->s) + 2 >= b->n)
			break;
		size_t lt = (size_t)(p - b->s), nm = lt + 2, nl;
		unsigned char c = b->s[lt + 1];
		i = lt + 1;
		if (c == '!' || c == '?')
			break;
		if (c == '/' && (cls[b->s[nm]] & C_START)) {
			nl = name_len(b, nm);
			if (name_is(b, nm, nl, "svg")) {
				r = lt;
				break;
			}
			int k = depth - 1;
			while (k >= 0 && !(open_len[k] == nl && !strncasecmp((const char *)b->s + open_at[k],
			                                                     (const char *)b->s + nm, nl)))
				k--;
			if (k < 0)
				break;
			depth = k;
			i = past_gt(b, nm);
		} else if (is_letter(c)) {
			nl = name_len(b, lt + 1);
			bool open;
			if (!svg_vocabulary(b, lt + 1, nl))
				break;
			i = start_tag(b, lt + 1, &open);
			if (b->odd || (i < b->n && b->s[i] == 0) || (open && depth == SVG_DEPTH))
				break;
			if (open) {
				open_at[depth] = lt + 1;
				open_len[depth++] = nl;
			}
		}
	}
	b->dry = false;
	return r;
}

/* The start tag at i (s[i] a letter): past it and, for script and style, past their body,
 * which is cut unless it is JSON-LD; an svg's body is cut when svg_body_end allows. */
static size_t element(struct lexer *b, size_t i)
{
	size_t name = i, nl = name_len(b, i);
	bool open;
	bool cutting = b->what & HTMLTREE_CUT;
	i = start_tag(b, i, &open);
	if (!open)
		return i;
	if (cutting && name_is(b, name, nl, "svg")) {
		size_t end = svg_body_end(b, i);
		if (end)
			cut(b, i, end);
		return end ? end : i;
	}
	bool script = name_is(b, name, nl, "script"), style = name_is(b, name, nl, "style");
	if (!script && !style)
		return i;
	size_t end = raw_text_end(b, i, b->s + name, nl);
	/* libxml2 reads a body that begins with an end tag or a start tag ("</div>",
	 * "<html>") as markup, which may close the script or open an element there */
	bool tag_first = i + 1 < b->n && b->s[i] == '<' &&
	                 (b->s[i + 1] == '/' || is_letter(b->s[i + 1]) || b->s[i + 1] == '_' || b->s[i + 1] == ':');
	if (cutting && !tag_first && (style || !may_be_ld_json(b->s, name, i)))
		cut(b, i, end);
	return end;
}

/* What follows the '<' at i-1: past the markup it starts (or i when it starts none). */
static size_t markup(struct lexer *b, size_t i)
{
	const unsigned char *s = b->s;
	if (s[i] == '!' && i + 2 < b->n && s[i + 1] == '-' && s[i + 2] == '-')
		return comment_end(b, i + 3);
	if (s[i] == '?' || (s[i] == '!' && i + 8 <= b->n && strncasecmp((const char *)s + i + 1, "doctype", 7) == 0))
		return past_gt(b, i + 1);
	if (s[i] == '/' && i + 1 < b->n && (cls[s[i + 1]] & C_START))
		return past_gt(b, i + 2);
	if (is_letter(s[i]))
		return element(b, i);
	return i;
}

static void lex(struct lexer *b)
{
	pthread_once(&cls_once, cls_init);
	/* libxml2 reads a NUL differently in different places (it ends a tag, an end tag or an
	 * attribute value, but not a comment or a script body): a page holding one is not cut,
	 * only blanked, so that no cut rests on a guess about where markup ends */
	if (b->n && memchr(b->s, 0, b->n))
		b->what &= ~HTMLTREE_CUT;
	size_t i = 0;
	while (i < b->n) {
		const unsigned char *p = memchr(b->s + i, '<', b->n - i);
		if (!p || (size_t)(p - b->s) + 1 >= b->n)
			break;
		i = markup(b, (size_t)(p - b->s) + 1);
	}
	emit_to(b, b->n);
	b->out[b->olen] = 0;
}

/* UTF-16, UTF-32 and the 7-bit encodings that shift into other scripts (in ISO-2022-JP a
 * '<' byte can be half of a kanji) are not lexed byte by byte; NULL means libxml2 will
 * sniff */
static bool ascii_compatible(const char *data, size_t len, const char *encoding)
{
	static const char *const wide[] = {"UTF-16", "UTF16", "UTF-32", "UTF32", "UCS", "ISO-2022",
					   "ISO2022", "CSISO2022", "UTF-7", "UTF7", "HZ"};
	if (encoding) {
		for (size_t i = 0; i < sizeof wide / sizeof wide[0]; i++)
			if (strncasecmp(encoding, wide[i], strlen(wide[i])) == 0)
				return false;
		return true;
	}
	for (size_t i = 0; i < len && i < 4; i++)
		if (data[i] == 0)
			return false;
	return !(len >= 2 && (((unsigned char)data[0] == 0xFF && (unsigned char)data[1] == 0xFE) ||
	                      ((unsigned char)data[0] == 0xFE && (unsigned char)data[1] == 0xFF)));
}

/* The repairs for this page: no cut unless libxml2 reads it as UTF-8 that is valid. Bytes
 * libxml2 cannot decode change how it reads the rest of the page (an undefined
 * windows-1252 byte ends the parse there; an invalid UTF-8 one switches it to Latin-1),
 * and cutting such bytes out of a script body would change what it makes of the rest.
 * valid: the caller has already found data to be valid UTF-8 (no second scan), or not. */
static int repairs(const char *data, size_t len, const char *encoding, int what, bool valid)
{
	if ((what & HTMLTREE_CUT) && ((encoding && str_casecmp(encoding, "UTF-8") != 0) ||
	                              !(valid || charset_valid_utf8(data, len, NULL))))
		what &= ~HTMLTREE_CUT;
	return what;
}

char *htmltree_prepare(const char *data, size_t len, const char *encoding, int what, size_t *out_len)
{
	if (!ascii_compatible(data, len, encoding))
		return NULL;
	struct lexer b = {.s = (const unsigned char *)data, .n = len, .out = xmalloc(len + 1),
	                  .what = repairs(data, len, encoding, what, false)};
	lex(&b);
	*out_len = b.olen;
	return (char *)b.out;
}

/* ---- public ---------------------------------------------------------------------------- */

/* The HTML SAX handler with our tree callbacks in place of SAX2's. */
static xmlSAXHandler sax;
static pthread_once_t sax_once = PTHREAD_ONCE_INIT;

static void sax_init(void)
{
	xmlSAX2InitHtmlDefaultSAXHandler(&sax);
	sax.startElement = on_start;
	sax.endElement = on_end;
	sax.characters = on_chars;
	sax.cdataBlock = on_cdata;
	sax.comment = on_comment;
	sax.processingInstruction = on_pi;
}

/* The parser reading the prepared copy (made in the arena, where the chunk kept from the
 * last page spares its page faults), or the page itself when it cannot be prepared. Not
 * read in place (xmlParserInputBufferCreateStatic): libxml2 2.9's input shrinking moves
 * the read position back over such a buffer. */
static xmlParserCtxtPtr new_ctxt(struct arena *a, const char *data, size_t len, const char *encoding,
				 bool valid)
{
	if (!ascii_compatible(data, len, encoding))
		return xmlCreateMemoryParserCtxt(data, (int)len);
	struct lexer b = {.s = (const unsigned char *)data, .n = len, .out = arena_bytes(a, len + 1),
	                  .what = repairs(data, len, encoding, HTMLTREE_BLANK | HTMLTREE_CUT, valid)};
	lex(&b);
	return xmlCreateMemoryParserCtxt((const char *)b.out, (int)b.olen);
}

/* htmlReadMemory and htmlDoRead, with our handler and an arena */
static xmlDoc *parse(const char *data, size_t len, const char *encoding, int options, bool valid)
{
	if (len > INT_MAX - 1)
		return NULL;
	xmlInitParser();
	pthread_once(&sax_once, sax_init);
	struct arena *a = xcalloc(1, sizeof *a);
	/* the first chunk holds the copy and the start of the tree */
	size_t first = len + len / 2 + 1;
	a->next_size = first < ARENA_MIN ? ARENA_MIN : first > ARENA_MAX ? ARENA_MAX : first;
	xmlParserCtxtPtr ctxt = new_ctxt(a, data, len, encoding, valid);
	if (!ctxt) {
		arena_free(a);
		return NULL;
	}
	memcpy(ctxt->sax, &sax, sizeof(xmlSAXHandlerV1));
	a->dict = ctxt->dict;
	xmlDictReference(a->dict);
	ctxt->_private = a;
	htmlCtxtUseOptions(ctxt, options);
	ctxt->html = 1;
	if (encoding) {
		xmlCharEncodingHandlerPtr h = xmlFindCharEncodingHandler(encoding);
		if (h) {
			xmlSwitchToEncoding(ctxt, h);
			if (ctxt->input->encoding)
				xmlFree((xmlChar *)ctxt->input->encoding);
			ctxt->input->encoding = xmlStrdup((const xmlChar *)encoding);
		}
	}
	htmlParseDocument(ctxt);
	xmlDoc *doc = ctxt->myDoc;
	ctxt->myDoc = NULL;
	xmlFreeParserCtxt(ctxt);
	if (!doc) {
		arena_free(a);
		return NULL;
	}
	doc->_private = a;
	return doc;
}

xmlDoc *htmltree_parse(const char *data, size_t len, const char *encoding, int options)
{
	return parse(data, len, encoding, options, false);
}

xmlDoc *htmltree_parse_utf8(const char *data, size_t len, int options)
{
	return parse(data, len, NULL, options, true);
}

/* libxml2 frees the document node and the DTD; the arena holds everything else */
void htmltree_free(xmlDoc *doc)
{
	if (!doc)
		return;
	struct arena *a = doc->_private;
	xmlNode *dtd = (xmlNode *)doc->intSubset;
	if (dtd)
		dtd->prev = dtd->next = NULL;
	doc->children = doc->last = dtd;
	doc->_private = NULL;
	xmlFreeDoc(doc);
	arena_free(a);
}
