/*
 * xmltok.c — see xmltok.h. Design, in the order the bytes meet it:
 *
 * One cursor walks the document; a 256-entry class table says, per byte, where a run of
 * plain text (or attribute value, CDATA, comment) has to stop, so runs are handed to the
 * callbacks as pointers into the input with no copy. Only what libxml2 would hand over
 * transformed is built in memory: names (NUL-terminated copies), attribute values with
 * references or whitespace to normalize, decoded references in text.
 *
 * Two capped buffers hold those: `scope` (a stack: per open element its namespace
 * bindings and its own local name / prefix, cut back when it closes) and `tag` (the
 * attributes of the start tag being read, reset per tag). Both may move while a tag is
 * read, so everything in them is an offset until the callback is made.
 *
 * Every rule here mirrors what libxml2 2.9 accepts without an error; where a rule would
 * need more than a few lines to mirror exactly (non-ASCII names, DTDs, entity
 * declarations), the tokenizer gives up and libxml2 parses the document instead.
 * A few errors that cut feeds (and loaded libxml2 for nothing else) are recovered from
 * the way libxml2's recover mode does (see xmltok.h, recover()); each such rule is
 * compared with libxml2 in tests/unit/test_parse_xmltok.c and fuzz/fuzz_feed_xmltok.c.
 */
#include "parse/xmltok.h"
#include "parse/parse_int.h"
#include "util/buf.h"
#include "util/uriref.h"
#include "util/util.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define MAX_DEPTH 255
#define MAX_ATTRS 64
#define MAX_NSDECL 32
#define MAX_BINDINGS 512
#define MAX_NAME 256
#define MAX_TAG (1u << 20)
#define MAX_SCOPE (1u << 20)
#define NONE SIZE_MAX

static const char XML_NS[] = "http://www.w3.org/XML/1998/namespace";
static const char XMLNS_NS[] = "http://www.w3.org/2000/xmlns/";

/* Byte classes. *_STOP: a plain run of that construct ends here (the byte needs a look). */
enum {
	C_TEXT_STOP = 1,    /* < & ] CR, control characters, bytes >= 0x80 (UTF-8 to check) */
	C_ATTR_STOP = 2,    /* < & " ' TAB LF CR, controls, >= 0x80 */
	C_CDATA_STOP = 4,   /* ] CR, controls, >= 0x80 */
	C_MISC_STOP = 8,    /* - ? controls, >= 0x80 (comments and PIs) */
	C_NAME_START = 16,  /* A-Z a-z _ */
	C_NAME = 32,        /* name start, 0-9 . - */
	C_SPACE = 64,       /* SP TAB LF CR */
};

static unsigned char cls[256];

static void cls_init(void)
{
	for (int c = 0; c < 256; c++) {
		unsigned char k = 0;
		int ctl = c < 0x20 && c != '\t' && c != '\n' && c != '\r';
		if (ctl || c >= 0x80)
			k |= C_TEXT_STOP | C_ATTR_STOP | C_CDATA_STOP | C_MISC_STOP;
		if (c == '<' || c == '&' || c == ']' || c == '\r')
			k |= C_TEXT_STOP;
		if (c == '<' || c == '&' || c == '"' || c == '\'' || c == '\t' || c == '\n' || c == '\r')
			k |= C_ATTR_STOP;
		if (c == ']' || c == '\r')
			k |= C_CDATA_STOP;
		if (c == '-' || c == '?')
			k |= C_MISC_STOP;
		if (ascii_isalpha(c) || c == '_')
			k |= C_NAME_START | C_NAME;
		if (ascii_isdigit(c) || c == '.' || c == '-')
			k |= C_NAME;
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
			k |= C_SPACE;
		cls[c] = k;
	}
}

struct binding {
	size_t prefix;   /* offset in scope, NONE for the default namespace */
	size_t uri;      /* offset in scope */
};

struct open_el {
	const unsigned char *q;   /* the qualified name in the input, for the end tag */
	size_t qlen;
	size_t scope_mark, local, prefix, uri;   /* offsets in scope; NONE = NULL */
	int bind_mark;
};

struct attr {
	size_t local, prefix;     /* offsets in tag; prefix NONE when unprefixed */
	const unsigned char *q;   /* qualified name in the input (duplicate check) */
	size_t qlen;
	const unsigned char *v;   /* value in the input, or NULL when normalized into tag */
	size_t voff, vlen;
	const char *uri;
};

struct xt {
	const unsigned char *doc, *p, *end;
	const struct xmltok_sax *sax;
	void *ctx;
	struct buf scope, tag;
	struct binding bind[MAX_BINDINGS];
	int nbind;
	struct open_el el[MAX_DEPTH];
	int depth;
	struct attr at[MAX_ATTRS];
	int nat;
	const char *why;
	int reported;   /* the first error went to sax->error */
	int ill_formed; /* a recovered error other than a namespace one: libxml2 then drops
			   every later entity reference in text (xmlParseReference) */
};

static int fail(struct xt *t, const char *why)
{
	if (!t->why)
		t->why = why;
	return -1;
}

/* An error libxml2 recovers from, at pos, where libxml2 reports it: continue (0) after
 * reporting it when it is the first, or give up (-1, why) when there is no error callback
 * or the line cannot be numbered as libxml2 numbers it. libxml2 counts '\n' bytes (CR LF
 * once); a lone CR before pos is counted by some of its paths and not others. */
static int recover_as(struct xt *t, const unsigned char *pos, const char *why, const char *msg,
		      int ns_only)
{
	const unsigned char *p = t->doc;
	int line = 1;
	if (!t->sax->error)
		return fail(t, why);
	if (!ns_only)
		t->ill_formed = 1;
	if (t->reported)
		return 0;
	while ((p = memchr(p, '\r', (size_t)(pos - p)))) {
		if (p + 1 >= t->end || p[1] != '\n')
			return fail(t, "a lone CR before a recoverable error");
		p++;
	}
	for (p = t->doc; (p = memchr(p, '\n', (size_t)(pos - p))); p++)
		line++;
	t->sax->error(t->ctx, line, msg);
	t->reported = 1;
	return 0;
}

static int recover(struct xt *t, const unsigned char *pos, const char *why, const char *msg)
{
	return recover_as(t, pos, why, msg, 0);
}

static int at(const struct xt *t, const char *s, size_t n)
{
	return (size_t)(t->end - t->p) >= n && memcmp(t->p, s, n) == 0;
}

/* The first byte in [p, end) of class k (a *_STOP class whose bytes, besides those below
 * 0x20 and from 0x80, are among a b c d), or end — except that bytes >= 0x80 of valid
 * UTF-8 characters other than U+FFFE/U+FFFF may have been stepped over (checked, as
 * utf8_char would: the caller's next look at such a byte would only step over it). */
static inline const unsigned char *skip_plain(const unsigned char *p, const unsigned char *end,
					      unsigned char k, char a, char b, char c, char d)
{
	for (;;) {
		p = feed_scan_text(p, end, a, b, c, d, 1);
		if (end - p < 16 || (cls[*p] & k))
			break;
		p++;   /* TAB or LF where they are plain */
	}
	while (p < end && !(cls[*p] & k))
		p++;
	return p;
}

static void skip_space(struct xt *t)
{
	while (t->p < t->end && (cls[*t->p] & C_SPACE))
		t->p++;
}

/* U+FFFE and U+FFFF are not XML characters (EF BF BE, EF BF BF in UTF-8). */
static int bad_ef(const unsigned char *p, const unsigned char *end)
{
	return end - p >= 3 && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF);
}

/* The character at p, a byte >= 0x80: its length when it is valid UTF-8 and an XML
 * character, else 0 after fail(). Every such byte of the document passes here (the
 * *_STOP classes stop on them), which is what lets the charset layer leave a UTF-8
 * document unchecked for this parser (feed_charset_decode's defer). */
static size_t utf8_char(struct xt *t, const unsigned char *p)
{
	size_t k = utf8_seq_len(p, t->end);
	if (!k) {
		fail(t, "bytes that are not UTF-8");
		return 0;
	}
	if (*p == 0xEF && bad_ef(p, t->end)) {
		fail(t, "a non-character (U+FFFE/U+FFFF)");
		return 0;
	}
	return k;
}

/* ---- names ---- */

/* An NCName (ASCII only): its length, 0 when none starts here. */
static size_t ncname(const struct xt *t, const unsigned char *p)
{
	const unsigned char *s = p;
	if (p >= t->end || !(cls[*p] & C_NAME_START))
		return 0;
	while (p < t->end && (cls[*p] & C_NAME))
		p++;
	return (size_t)(p - s);
}

/* A QName at the cursor: prefix (may be empty) and local part. 0, or -1. */
static int qname(struct xt *t, const unsigned char **pre, size_t *plen, const unsigned char **loc,
		 size_t *llen)
{
	size_t a = ncname(t, t->p), b = 0;
	if (!a)
		return fail(t, "a name outside ASCII or no name");
	if (t->p + a < t->end && t->p[a] == ':') {
		b = ncname(t, t->p + a + 1);
		if (!b)
			return fail(t, "a malformed qualified name");
		*pre = t->p, *plen = a, *loc = t->p + a + 1, *llen = b;
		t->p += a + 1 + b;
	} else {
		*pre = NULL, *plen = 0, *loc = t->p, *llen = a;
		t->p += a;
	}
	if (t->p < t->end && (*t->p == ':' || *t->p >= 0x80))
		return fail(t, "a name outside ASCII or with two colons");
	if (a + b > MAX_NAME)
		return fail(t, "a name past the length limit");
	return 0;
}

/* Append s (n bytes) and a NUL to b; its offset, or NONE when the cap is hit. Inline
 * when there is room (names are put for every tag; buf_putc's call was 2% of a batch). */
static size_t put(struct buf *b, const void *s, size_t n)
{
	size_t off = b->len;
	if (b->cap > b->len && n + 1 < b->cap - b->len) {   /* and room for the trailing NUL */
		memcpy(b->data + b->len, s, n);
		b->data[b->len + n] = '\0';
		b->len += n + 1;
		b->data[b->len] = '\0';
		return off;
	}
	if (feed_buf_append(b, s, n) < 0 || buf_putc(b, '\0') < 0)
		return NONE;
	return off;
}

/* ---- references ---- */

static int is_xml_char(unsigned long c)
{
	return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
	       (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

/* The reference at the cursor ('&'): its code point, the cursor moved past it. *amp is
 * set for "&amp;" and "&#38;", which libxml2 keeps as "&#38;" in attribute values. */
static int reference(struct xt *t, unsigned long *cp, int *amp)
{
	static const struct { const char *s; size_t n; char c; } named[] = {
		{ "&amp;", 5, '&' }, { "&lt;", 4, '<' }, { "&gt;", 4, '>' },
		{ "&quot;", 6, '"' }, { "&apos;", 6, '\'' } };
	const unsigned char *p = t->p + 1;
	unsigned long v = 0;
	int hex, digits = 0;
	*amp = 0;
	if (p >= t->end || *p != '#') {
		for (size_t i = 0; i < sizeof named / sizeof *named; i++)
			if (at(t, named[i].s, named[i].n)) {
				*cp = (unsigned char)named[i].c;
				*amp = i == 0;
				t->p += named[i].n;
				return 0;
			}
		return fail(t, "an entity other than the five XML ones");
	}
	p++;
	hex = p < t->end && *p == 'x';
	p += hex;
	for (; p < t->end && *p != ';'; p++, digits++) {
		int c = *p, d = ascii_isdigit(c) ? c - '0'
			: hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
			: hex && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
		if (d < 0 || digits >= 8)   /* xmlprep.c rewrites longer ones as text */
			return fail(t, "a malformed character reference");
		v = v * (hex ? 16 : 10) + (unsigned long)d;
		if (v > 0x110000)
			v = 0x110000;
	}
	if (p >= t->end || digits == 0 || !is_xml_char(v))
		return fail(t, "a character reference to no XML character");
	*cp = v;
	*amp = v == '&';
	t->p = p + 1;
	return 0;
}

/* ---- text ---- */

static void emit(struct xt *t, const unsigned char *s, size_t n)
{
	if (n)
		t->sax->chars(t->ctx, s, (int)n);
}

/* Character data up to the next '<' (or the end). */
static int text(struct xt *t)
{
	const unsigned char *run = t->p;
	for (;;) {
		const unsigned char *p = t->p, *end = t->end;
		p = skip_plain(p, end, C_TEXT_STOP, '<', '&', ']', ']');
		t->p = p;
		if (p >= end || *p == '<')
			break;
		if (*p == ']') {
			if (at(t, "]]>", 3))
				return fail(t, "']]>' in text");
			t->p++;
			continue;
		}
		if (*p >= 0x80) {
			size_t k = utf8_char(t, p);
			if (!k)
				return -1;
			t->p += k;
			continue;
		}
		emit(t, run, (size_t)(p - run));
		if (*p == '\r') {
			emit(t, (const unsigned char *)"\n", 1);
			t->p += p + 1 < end && p[1] == '\n' ? 2 : 1;
		} else if (*p == '&') {
			unsigned long cp;
			unsigned char u[4];
			int amp;
			int named = p + 1 < end && p[1] != '#';
			if (reference(t, &cp, &amp) < 0)
				return -1;
			if (!(named && t->ill_formed))   /* see ill_formed */
				emit(t, u, utf8_put(u, (uint32_t)cp));
		} else {
			return fail(t, "a control character");
		}
		run = t->p;
	}
	emit(t, run, (size_t)(t->p - run));
	return 0;
}

static int cdata(struct xt *t)
{
	const unsigned char *run;
	t->p += 9;
	run = t->p;
	for (;;) {
		const unsigned char *p = t->p, *end = t->end;
		p = skip_plain(p, end, C_CDATA_STOP, ']', ']', ']', ']');
		t->p = p;
		if (p >= end)
			return fail(t, "an unterminated CDATA section");
		if (*p == ']') {
			if (at(t, "]]>", 3)) {
				emit(t, run, (size_t)(p - run));
				t->p += 3;
				return 0;
			}
			t->p++;
		} else if (*p >= 0x80) {
			size_t k = utf8_char(t, p);
			if (!k)
				return -1;
			t->p += k;
		} else if (*p == '\r') {
			emit(t, run, (size_t)(p - run));
			emit(t, (const unsigned char *)"\n", 1);
			t->p += p + 1 < end && p[1] == '\n' ? 2 : 1;
			run = t->p;
		} else {
			return fail(t, "a control character");
		}
	}
}

/* Comment (at "<!--") or PI (at "<?"): checked and skipped; term is "-->" or "?>". */
static int skip_misc(struct xt *t, size_t open, int comment)
{
	t->p += open;
	for (;;) {
		const unsigned char *p = t->p, *end = t->end;
		p = skip_plain(p, end, C_MISC_STOP, '-', '?', '?', '?');
		t->p = p;
		if (p >= end)
			return fail(t, "an unterminated comment or processing instruction");
		if (*p >= 0x80) {
			size_t k = utf8_char(t, p);
			if (!k)
				return -1;
			t->p += k;
			continue;
		}
		if (*p < 0x20)
			return fail(t, "a control character");
		if (comment && at(t, "--", 2)) {
			if (!at(t, "-->", 3))
				return fail(t, "'--' inside a comment");
			t->p += 3;
			return 0;
		}
		if (!comment && at(t, "?>", 2)) {
			t->p += 2;
			return 0;
		}
		t->p++;
	}
}

static int pi(struct xt *t)
{
	const unsigned char *s;
	size_t n;
	t->p += 2;
	s = t->p;
	n = ncname(t, s);
	if (n == 3 && !memcmp(s, "xml", 3)) {
		/* the XML declaration is read before any pi() call: this one is misplaced */
		if (recover(t, s, "a processing instruction named xml",
			    "XML declaration allowed only at the start of the document") < 0)
			return -1;
	} else if (!n || (n == 3 && (s[0] | 32) == 'x' && (s[1] | 32) == 'm' && (s[2] | 32) == 'l')) {
		return fail(t, "a processing instruction named xml, or unnamed");
	}
	t->p += n;
	if (at(t, "?>", 2)) {
		t->p += 2;
		return 0;
	}
	if (t->p >= t->end || !(cls[*t->p] & C_SPACE))
		return fail(t, "a malformed processing instruction");
	return skip_misc(t, 0, 0);
}

/* Whitespace, comments and PIs (before and after the root element). */
static int misc(struct xt *t)
{
	for (;;) {
		skip_space(t);
		if (at(t, "<!--", 4)) {
			if (skip_misc(t, 4, 1) < 0)
				return -1;
		} else if (at(t, "<?", 2)) {
			if (pi(t) < 0)
				return -1;
		} else {
			return 0;
		}
	}
}

/* ---- the XML declaration ---- */

/* S name S? = S? quoted value; the value's span, or -1. */
static int decl_attr(struct xt *t, const char *name, const unsigned char **v, size_t *n)
{
	const unsigned char *q;
	size_t k = strlen(name);
	if (t->p >= t->end || !(cls[*t->p] & C_SPACE))
		return -1;
	skip_space(t);
	if (!at(t, name, k))
		return -1;
	t->p += k;
	skip_space(t);
	if (!at(t, "=", 1))
		return -1;
	t->p++;
	skip_space(t);
	if (t->p >= t->end || (*t->p != '"' && *t->p != '\''))
		return -1;
	q = memchr(t->p + 1, *t->p, (size_t)(t->end - t->p - 1));
	if (!q)
		return -1;
	*v = t->p + 1;
	*n = (size_t)(q - t->p - 1);
	t->p = q + 1;
	return 0;
}

static int xml_decl(struct xt *t)
{
	const unsigned char *v, *save;
	size_t n;
	t->p += 5;
	if (decl_attr(t, "version", &v, &n) < 0 || n != 3 || memcmp(v, "1.0", 3))
		return fail(t, "an XML declaration other than version 1.0");
	save = t->p;
	if (decl_attr(t, "encoding", &v, &n) == 0) {
		if (!n || !ascii_isalpha(v[0]))
			return fail(t, "a malformed encoding name");
		for (size_t i = 1; i < n; i++)
			if (!ascii_isalnum(v[i]) && v[i] != '.' && v[i] != '_' && v[i] != '-')
				return fail(t, "a malformed encoding name");
		save = t->p;
	}
	t->p = save;
	if (decl_attr(t, "standalone", &v, &n) == 0) {
		if (!(n == 3 && !memcmp(v, "yes", 3)) && !(n == 2 && !memcmp(v, "no", 2)))
			return fail(t, "a malformed standalone declaration");
		save = t->p;
	}
	t->p = save;
	skip_space(t);
	if (!at(t, "?>", 2))
		return fail(t, "a malformed XML declaration");
	t->p += 2;
	return 0;
}

/* ---- start and end tags ---- */

/* An attribute value at the cursor (a quote). Kept as a span of the input when libxml2
 * would pass it unchanged, else normalized into t->tag as libxml2 does: TAB/LF/CR (and
 * CR LF) become one space, references are decoded except '&', which stays "&#38;". */
static int attr_value(struct xt *t, struct attr *a)
{
	unsigned char q = *t->p++;
	const unsigned char *s = t->p, *run;
	for (;;) {
		size_t k;
		t->p = skip_plain(t->p, t->end, C_ATTR_STOP, '<', '&', '"', '\'');
		if (t->p >= t->end || *t->p < 0x80)
			break;
		if (!(k = utf8_char(t, t->p)))
			return -1;
		t->p += k;
	}
	if (t->p < t->end && *t->p == q) {
		a->v = s, a->vlen = (size_t)(t->p - s);
		t->p++;
		return 0;
	}
	a->v = NULL;
	a->voff = t->tag.len;
	run = s;
	for (;;) {
		const unsigned char *p = t->p;
		p = skip_plain(p, t->end, C_ATTR_STOP, '<', '&', '"', '\'');
		t->p = p;
		if (p >= t->end)
			return fail(t, "an unterminated attribute value");
		if (*p >= 0x80) {
			size_t k = utf8_char(t, p);
			if (!k)
				return -1;
			t->p += k;
			continue;
		}
		if ((*p == '"' || *p == '\'') && *p != q) {
			t->p++;
			continue;
		}
		if (feed_buf_append(&t->tag, run, (size_t)(p - run)) < 0)
			return fail(t, "a start tag past the size limit");
		if (*p == q) {
			t->p++;
			break;
		}
		if (*p == '\t' || *p == '\n' || *p == '\r') {
			t->p += *p == '\r' && p + 1 < t->end && p[1] == '\n' ? 2 : 1;
			buf_putc(&t->tag, ' ');
		} else if (*p == '&') {
			unsigned long cp;
			unsigned char u[4];
			int amp;
			if (reference(t, &cp, &amp) < 0)
				return -1;
			if (amp)
				buf_puts(&t->tag, "&#38;");
			else
				buf_append(&t->tag, u, utf8_put(u, (uint32_t)cp));
		} else {
			return fail(t, *p == '<' ? "'<' in an attribute value" : "a control character");
		}
		run = t->p;
	}
	a->vlen = t->tag.len - a->voff;
	if (buf_putc(&t->tag, '\0') < 0)
		return fail(t, "a start tag past the size limit");
	return 0;
}

/* Namespace names most feeds declare: URIs, so uriref_valid's walk (1.5% of a batch) is
 * skipped for them (test_parse_xmltok checks that uriref_valid accepts each). */
const char *const xmltok_common_ns[] = {
	"http://www.w3.org/2005/Atom", "http://purl.org/dc/elements/1.1/",
	"http://purl.org/rss/1.0/modules/content/", "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
	"http://purl.org/rss/1.0/", "http://search.yahoo.com/mrss/",
	"http://www.itunes.com/dtds/podcast-1.0.dtd", "http://www.w3.org/1999/xhtml",
	"http://purl.org/atom/ns#", "http://wellformedweb.org/CommentAPI/",
	"http://purl.org/rss/1.0/modules/slash/", "http://purl.org/dc/terms/",
	"http://purl.org/rss/1.0/modules/syndication/", "http://webns.net/mvcb/",
	"http://purl.org/syndication/thread/1.0", NULL };

static int common_ns(const char *v, size_t n)
{
	for (const char *const *c = xmltok_common_ns; *c; c++)
		if (strlen(*c) == n && !memcmp(*c, v, n))
			return 1;
	return 0;
}

/* xmlns / xmlns:p = "uri": a binding in scope. */
static int declare(struct xt *t, const struct attr *a, const unsigned char *loc, size_t llen,
		   int is_default, int first)
{
	struct binding *b;
	const char *v = a->v ? (const char *)a->v : t->tag.data + a->voff;
	if (t->nbind >= MAX_BINDINGS || t->nbind - first >= MAX_NSDECL)
		return fail(t, "too many namespace declarations");
	if (!is_default && (a->vlen == 0 || (llen == 3 && !memcmp(loc, "xml", 3)) ||
			    (llen == 5 && !memcmp(loc, "xmlns", 5))))
		return fail(t, "a reserved or empty namespace declaration");
	if (memchr(v, '&', a->vlen) || (a->vlen == sizeof XML_NS - 1 && !memcmp(v, XML_NS, a->vlen)) ||
	    (a->vlen == sizeof XMLNS_NS - 1 && !memcmp(v, XMLNS_NS, a->vlen)))
		return fail(t, "a namespace URI with a reference or the XML namespace");
	for (int i = first; i < t->nbind; i++) {
		const struct binding *o = &t->bind[i];
		if (is_default ? o->prefix == NONE
			       : o->prefix != NONE && strlen(t->scope.data + o->prefix) == llen &&
					 !memcmp(t->scope.data + o->prefix, loc, llen))
			return fail(t, "a namespace declared twice on one element");
	}
	b = &t->bind[t->nbind];
	b->prefix = is_default ? NONE : put(&t->scope, loc, llen);
	b->uri = put(&t->scope, v, a->vlen);
	if (b->uri == NONE || (!is_default && b->prefix == NONE))
		return fail(t, "names in scope past the size limit");
	/* libxml2 reports a namespace name that is not a URI as an error */
	if (a->vlen && !common_ns(v, a->vlen) && !uriref_valid(t->scope.data + b->uri))
		return fail(t, "a namespace name that is not a URI");
	t->nbind++;
	return 0;
}

/* The URI bound to prefix (n bytes; NULL = the default namespace), "" for "xml",
 * NULL when unbound (the default namespace may be unbound; a prefix may not). */
static const char *lookup(const struct xt *t, const char *prefix, size_t n, int *unbound)
{
	*unbound = 0;
	if (prefix && n == 3 && !memcmp(prefix, "xml", 3))
		return XML_NS;
	for (int i = t->nbind - 1; i >= 0; i--) {
		const struct binding *b = &t->bind[i];
		if (prefix ? b->prefix != NONE && !strcmp(t->scope.data + b->prefix, prefix)
			   : b->prefix == NONE) {
			const char *u = t->scope.data + b->uri;
			return *u ? u : NULL;
		}
	}
	*unbound = prefix != NULL;
	return NULL;
}

/* One attribute at the cursor: name, '=', value; namespace declarations become bindings. */
static int attribute(struct xt *t, int first_bind)
{
	const unsigned char *pre, *loc, *q = t->p;
	size_t plen, llen;
	struct attr *a;
	if (qname(t, &pre, &plen, &loc, &llen) < 0)
		return -1;
	skip_space(t);
	if (!at(t, "=", 1))
		return fail(t, "an attribute without a value");
	t->p++;
	skip_space(t);
	if (t->p >= t->end || (*t->p != '"' && *t->p != '\''))
		return fail(t, "an unquoted attribute value");
	if (t->nat >= MAX_ATTRS)
		return fail(t, "too many attributes");
	a = &t->at[t->nat];
	a->q = q, a->qlen = (size_t)(loc + llen - q);
	if (attr_value(t, a) < 0)
		return -1;
	if (!pre && llen == 5 && !memcmp(loc, "xmlns", 5))
		return declare(t, a, loc, llen, 1, first_bind);
	if (pre && plen == 5 && !memcmp(pre, "xmlns", 5))
		return declare(t, a, loc, llen, 0, first_bind);
	a->local = put(&t->tag, loc, llen);
	a->prefix = pre ? put(&t->tag, pre, plen) : NONE;
	if (a->local == NONE || (pre && a->prefix == NONE))
		return fail(t, "a start tag past the size limit");
	t->nat++;
	return 0;
}

/* Resolve attribute prefixes and reject duplicates, as libxml2 does after the tag. */
static int resolve_attrs(struct xt *t)
{
	for (int i = 0; i < t->nat; i++) {
		struct attr *a = &t->at[i];
		int unbound;
		a->uri = a->prefix == NONE ? NULL
					   : lookup(t, t->tag.data + a->prefix, strlen(t->tag.data + a->prefix),
						    &unbound);
		if (a->prefix != NONE && (unbound || !a->uri))
			return fail(t, "an attribute with an undeclared prefix");
		for (int j = 0; j < i; j++) {
			const struct attr *b = &t->at[j];
			if ((a->qlen == b->qlen && !memcmp(a->q, b->q, a->qlen)) ||
			    (a->uri && b->uri && !strcmp(a->uri, b->uri) &&
			     !strcmp(t->tag.data + a->local, t->tag.data + b->local)))
				return fail(t, "an attribute given twice");
		}
	}
	return 0;
}

static const xmlChar *str_at(const struct buf *b, size_t off)
{
	return off == NONE ? NULL : (const xmlChar *)b->data + off;
}

/* Make the startElementNs call for the element on top of the stack. */
static void call_start(struct xt *t, const struct open_el *e, int first_bind)
{
	const xmlChar *ns[2 * MAX_NSDECL], *av[5 * MAX_ATTRS];
	int nns = t->nbind - first_bind;
	for (int i = 0; i < nns; i++) {
		const struct binding *b = &t->bind[first_bind + i];
		ns[2 * i] = str_at(&t->scope, b->prefix);
		ns[2 * i + 1] = str_at(&t->scope, b->uri);
	}
	for (int i = 0; i < t->nat; i++) {
		const struct attr *a = &t->at[i];
		const xmlChar *v = a->v ? a->v : (const xmlChar *)t->tag.data + a->voff;
		av[5 * i] = str_at(&t->tag, a->local);
		av[5 * i + 1] = str_at(&t->tag, a->prefix);
		av[5 * i + 2] = (const xmlChar *)a->uri;
		av[5 * i + 3] = v;
		av[5 * i + 4] = v + a->vlen;
	}
	t->sax->start(t->ctx, str_at(&t->scope, e->local), str_at(&t->scope, e->prefix),
		      e->uri == NONE ? NULL : (const xmlChar *)t->scope.data + e->uri, nns, ns,
		      t->nat, 0, av);
}

static void pop(struct xt *t)
{
	struct open_el *e = &t->el[--t->depth];
	t->sax->end(t->ctx, str_at(&t->scope, e->local), str_at(&t->scope, e->prefix),
		    e->uri == NONE ? NULL : (const xmlChar *)t->scope.data + e->uri);
	t->scope.len = e->scope_mark;
	t->nbind = e->bind_mark;
}

/* The element's name, resolved: stored in scope (the URI as an offset of its binding's). */
static int element_name(struct xt *t, struct open_el *e, const unsigned char *pre, size_t plen,
			const unsigned char *loc, size_t llen)
{
	const char *uri;
	int unbound;
	e->local = put(&t->scope, loc, llen);
	e->prefix = pre ? put(&t->scope, pre, plen) : NONE;
	if (e->local == NONE || (pre && e->prefix == NONE))
		return fail(t, "names in scope past the size limit");
	if (pre && plen == 5 && !memcmp(pre, "xmlns", 5))
		return fail(t, "an element with the xmlns prefix");
	uri = lookup(t, pre ? t->scope.data + e->prefix : NULL, plen, &unbound);
	if (unbound) {
		/* libxml2 checks after the tag's last attribute: the line of its '>' */
		char m[2 * MAX_NAME + 64];
		snprintf(m, sizeof m, "Namespace prefix %s on %s is not defined",
			 t->scope.data + e->prefix, t->scope.data + e->local);
		if (recover_as(t, t->p - 1, "an element with an undeclared prefix", m, 1) < 0)
			return -1;
	} else if (pre && !uri) {
		return fail(t, "an element with an undeclared prefix");
	}
	/* XML_NS is static; every other URI lives in scope, below this element's mark. */
	if (uri == XML_NS) {
		size_t off = put(&t->scope, XML_NS, sizeof XML_NS - 1);
		if (off == NONE)
			return fail(t, "names in scope past the size limit");
		e->uri = off;
	} else {
		e->uri = uri ? (size_t)(uri - t->scope.data) : NONE;
	}
	return 0;
}

static int start_tag(struct xt *t)
{
	const unsigned char *pre, *loc, *q;
	size_t plen, llen;
	struct open_el *e;
	int first_bind = t->nbind, empty = 0;
	if (t->depth >= MAX_DEPTH)
		return fail(t, "elements nested past the depth limit");
	t->p++;
	q = t->p;
	if (qname(t, &pre, &plen, &loc, &llen) < 0)
		return -1;
	e = &t->el[t->depth];
	e->q = q, e->qlen = (size_t)(loc + llen - q);
	e->scope_mark = t->scope.len;
	e->bind_mark = t->nbind;
	t->nat = 0;
	buf_reset(&t->tag);
	for (;;) {
		int spaced = t->p < t->end && (cls[*t->p] & C_SPACE);
		skip_space(t);
		if (at(t, ">", 1) || at(t, "/>", 2)) {
			empty = *t->p == '/';
			t->p += empty ? 2 : 1;
			break;
		}
		if (!spaced)
			return fail(t, "a malformed start tag");
		if (attribute(t, first_bind) < 0)
			return -1;
	}
	if (element_name(t, e, pre, plen, loc, llen) < 0 || resolve_attrs(t) < 0)
		return -1;
	t->depth++;
	call_start(t, e, first_bind);
	if (empty)
		pop(t);
	return 0;
}

static int end_tag(struct xt *t)
{
	const struct open_el *e;
	if (t->depth == 0)
		return fail(t, "an end tag with no open element");
	e = &t->el[t->depth - 1];
	t->p += 2;
	if ((size_t)(t->end - t->p) < e->qlen || memcmp(t->p, e->q, e->qlen))
		return fail(t, "an end tag that does not match");
	t->p += e->qlen;
	if (t->p < t->end && (cls[*t->p] & C_NAME || *t->p == ':' || *t->p >= 0x80))
		return fail(t, "an end tag that does not match");
	skip_space(t);
	if (t->p == t->end) {
		/* cut before its '>': libxml2 reports it and closes the element all the same */
		if (recover(t, t->p, "a malformed end tag", "expected '>'") < 0)
			return -1;
	} else if (!at(t, ">", 1)) {
		return fail(t, "a malformed end tag");
	} else {
		t->p++;
	}
	pop(t);
	return 0;
}

/* The end of the document with elements open: libxml2 names the innermost and the line
 * of its '<', and makes no end callback for any of them. */
static int premature_end(struct xt *t)
{
	const struct open_el *e = &t->el[t->depth - 1];
	const unsigned char *lt = e->q - 1;
	char m[MAX_NAME + 80];
	int line = 1;
	for (const unsigned char *p = t->doc; (p = memchr(p, '\n', (size_t)(lt - p))); p++)
		line++;
	snprintf(m, sizeof m, "Premature end of data in tag %s line %d",
		 t->scope.data + e->local, line);
	if (recover(t, t->end, "an element left open at the end", m) < 0)
		return -1;
	t->depth = 0;
	return 0;
}

/* A byte after '<' in content that starts no name (and no other markup): ASCII, not a
 * name start, not ':' (libxml2 reads ":x" as a name), not '/', '?' or a CR. */
static int no_name(unsigned char c)
{
	return c < 0x80 && !(cls[c] & C_NAME_START) && c != ':' && c != '/' && c != '?' &&
	       c != '\r' && (c >= 0x20 || c == '\t' || c == '\n');
}

/* '<' with no name after it in content: libxml2 reports it, drops the '<' and reads on
 * (what follows is text, "<![CD" cut short among others). */
static int not_a_tag(struct xt *t)
{
	if (recover(t, t->p, "'<' with no name after it", "StartTag: invalid element name") < 0)
		return -1;
	t->p++;
	return 0;
}

/* The root element and everything in it. */
static int content(struct xt *t)
{
	if (start_tag(t) < 0)
		return -1;
	while (t->depth > 0) {
		int rc;
		if (t->p >= t->end)
			return premature_end(t);
		if (*t->p != '<')
			rc = text(t);
		else if (at(t, "</", 2))
			rc = end_tag(t);
		else if (at(t, "<!--", 4))
			rc = skip_misc(t, 4, 1);
		else if (at(t, "<![CDATA[", 9))
			rc = cdata(t);
		else if (at(t, "<?", 2))
			rc = pi(t);
		else if (at(t, "<!DOCTYPE", 9))
			rc = fail(t, "a declaration inside the document");   /* xmlprep.c's */
		else if (t->p + 1 < t->end && !no_name(t->p[1]))
			rc = start_tag(t);
		else if (t->p + 1 < t->end)
			rc = not_a_tag(t);
		else
			rc = fail(t, "'<' at the end");
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* Is the document a UTF-8 BOM alone? (libxml2 says "Document is empty" for it.) */
static int at_bom_end(const struct xt *t)
{
	return t->end - t->doc == 3 && !memcmp(t->doc, "\xEF\xBB\xBF", 3);
}

static int document(struct xt *t)
{
	if (at(t, "\xEF\xBB\xBF", 3))
		t->p += 3;
	if (at(t, "<?xml", 5) && t->p + 5 < t->end && (cls[t->p[5]] & C_SPACE) && xml_decl(t) < 0)
		return -1;
	if (misc(t) < 0)
		return -1;
	if (t->p == t->end && t->end > t->doc && !at_bom_end(t))
		return recover(t, t->p, "no root element", "Start tag expected, '<' not found");
	if (!at(t, "<", 1) || t->p + 1 >= t->end || !(cls[t->p[1]] & C_NAME_START))
		return fail(t, "no root element (or a DOCTYPE)");
	if (content(t) < 0 || misc(t) < 0)
		return -1;
	if (t->p != t->end)
		return fail(t, "content after the root element");
	return 0;
}

/* One tokenizer state (27 KB, and its two buffers as they grew) kept for the next
 * document: a batch parses thousands, and allocating, growing and freeing them each time
 * was a few percent of its instructions. Whichever thread comes first takes it; the
 * others allocate their own. Buffers grown past KEEP_BUF are not kept. */
#define KEEP_BUF (64u << 10)
static _Atomic(struct xt *) spare;

static struct xt *xt_take(void)
{
	struct xt *t = atomic_exchange(&spare, NULL);
	if (t) {
		buf_reset(&t->scope);
		buf_reset(&t->tag);
		return t;
	}
	t = xmalloc(sizeof *t);
	buf_init(&t->scope, MAX_SCOPE);
	buf_init(&t->tag, MAX_TAG);
	return t;
}

static void xt_put(struct xt *t)
{
	if (t->scope.cap > KEEP_BUF)
		buf_release(&t->scope);
	if (t->tag.cap > KEEP_BUF)
		buf_release(&t->tag);
	if (!FEED_KEEP_SPARES || (t = atomic_exchange(&spare, t))) {
		buf_release(&t->scope);
		buf_release(&t->tag);
		free(t);
	}
}

int xmltok_parse(const char *doc, size_t len, const struct xmltok_sax *sax, void *ctx,
		 const char **why)
{
	struct xt *t = xt_take();
	int rc;
	if (!cls['<'])
		cls_init();   /* idempotent: racing threads write the same bytes */
	t->doc = t->p = (const unsigned char *)doc;
	t->end = t->p + len;
	t->reported = t->ill_formed = 0;
	t->sax = sax;
	t->ctx = ctx;
	t->nbind = t->depth = t->nat = 0;
	t->why = NULL;
	rc = document(t);
	*why = t->why;
	xt_put(t);
	return rc;
}
