/*
 * xmlprep.c — one linear pass over the UTF-8 text before libxml2 sees it.
 *
 * Why: feeds use HTML entities (&nbsp; &eacute;) without declaring them, bare '&' in URLs,
 * and DOCTYPEs with entity declarations. libxml2 treats the first two as fatal errors and,
 * once a document is not well-formed, silently drops every later entity reference, so a
 * single &nbsp; would cost us all the '&amp;'s after it. Here we rewrite them up front:
 *   - the DOCTYPE is removed (as feedparser does); plain-text internal entities declared in
 *     it (<!ENTITY id "text">) are remembered; anything else declared there — external
 *     (SYSTEM/PUBLIC, i.e. XXE), parameter, or values that reference other entities
 *     (billion laughs) — is never expanded: a reference to it stays as literal text;
 *   - &name; for an HTML entity becomes the character itself (escaped where needed);
 *   - an unknown &name; or a bare & becomes &amp;... and the feed is flagged bozo.
 * CDATA sections, comments and processing instructions are copied untouched.
 * Declared values are capped and so is their total expansion (input length + 1 MB), so the
 * output stays within a small multiple of the input.
 */
#include "parse/htmlent.h"
#include "parse/parse_int.h"
#include "util/buf.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

#define MAX_DECL 64
#define MAX_DECL_VALUE 1024
#define MAX_NAME 64

struct decl {
	char name[MAX_NAME];
	char *value;   /* already XML-escaped text */
};

struct prep {
	struct buf *out;
	struct decl decls[MAX_DECL];
	int n_decls;
	size_t budget;   /* bytes declared entities may still add (quadratic blowup guard) */
	int fixed_amp, unknown_entity, netscape;
};

static const char *find(const char *h, size_t n, const char *needle, size_t k)
{
	for (const char *p = h; k <= n && p <= h + (n - k); p++) {
		p = memchr(p, needle[0], (size_t)(h + n - k + 1 - p));
		if (!p)
			return NULL;
		if (memcmp(p, needle, k) == 0)
			return p;
	}
	return NULL;
}

static int name_char(int c)
{
	return ascii_isalnum(c) || c == '_' || c == '-' || c == '.' || c == ':' || c >= 0x80;
}

static void put_escaped(struct buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		switch (s[i]) {
		case '&': buf_puts(b, "&amp;"); break;
		case '<': buf_puts(b, "&lt;"); break;
		case '>': buf_puts(b, "&gt;"); break;
		case '"': buf_puts(b, "&quot;"); break;
		default: buf_putc(b, s[i]);
		}
	}
}

static void put_utf8(struct buf *b, unsigned cp)
{
	unsigned char u[4];
	size_t n = utf8_put(u, cp);
	if (cp == '<' || cp == '&' || cp == '>' || cp == '"')
		put_escaped(b, (const char *)u, n);
	else
		buf_append(b, u, n);
}

/* One <!ENTITY name "value"> from the internal subset; s points after "<!ENTITY". */
static void take_decl(struct prep *p, const char *s, const char *end)
{
	const char *n0, *v0, *v1;
	char q;
	struct decl *d;
	while (s < end && ascii_isspace((unsigned char)*s))
		s++;
	if (s >= end || *s == '%' || p->n_decls >= MAX_DECL)
		return;   /* parameter entities are never ours to expand */
	for (n0 = s; s < end && name_char((unsigned char)*s); s++)
		;
	if (s == n0 || (size_t)(s - n0) >= MAX_NAME)
		return;
	v0 = s;
	while (v0 < end && ascii_isspace((unsigned char)*v0))
		v0++;
	if (v0 >= end || (*v0 != '"' && *v0 != '\''))
		return;   /* SYSTEM / PUBLIC: external, never loaded */
	q = *v0++;
	v1 = memchr(v0, q, (size_t)(end - v0));
	if (!v1 || v1 - v0 > MAX_DECL_VALUE || memchr(v0, '&', (size_t)(v1 - v0)) ||
	    memchr(v0, '%', (size_t)(v1 - v0)) || memchr(v0, '<', (size_t)(v1 - v0)))
		return;   /* references other entities or markup: not expanded (billion laughs) */
	d = &p->decls[p->n_decls++];
	memcpy(d->name, n0, (size_t)(s - n0));
	d->name[s - n0] = '\0';
	{
		struct buf b = BUF_INIT(0);
		put_escaped(&b, v0, (size_t)(v1 - v0));
		d->value = buf_detach(&b, NULL);
	}
}

/* Skip a DOCTYPE starting at s ("<!DOCTYPE"), harvesting simple entity declarations. */
static const char *skip_doctype(struct prep *p, const char *s, const char *end)
{
	const char *q = s + 9;
	char quote = 0;
	int in_subset = 0;
	const char *head_end = memchr(s, '>', (size_t)(end - s));
	if (head_end && (find(s, (size_t)(head_end - s), "Netscape", 8)))
		p->netscape = 1;
	for (; q < end; q++) {
		if (quote) {
			if (*q == quote)
				quote = 0;
		} else if (*q == '"' || *q == '\'') {
			quote = *q;
		} else if (*q == '[') {
			in_subset = 1;
		} else if (*q == ']') {
			in_subset = 0;
		} else if (in_subset && *q == '<' && end - q > 8 && !memcmp(q, "<!ENTITY", 8)) {
			const char *e = q + 8;
			char qq = 0;
			for (; e < end && (qq || *e != '>'); e++)
				if (qq ? *e == qq : (*e == '"' || *e == '\''))
					qq = qq ? 0 : *e;
			take_decl(p, q + 8, e);
			q = e < end ? e : end - 1;
		} else if (in_subset && *q == '<' && end - q > 4 && !memcmp(q, "<!--", 4)) {
			const char *e = find(q, (size_t)(end - q), "-->", 3);
			q = e ? e + 2 : end - 1;
		} else if (!in_subset && *q == '>') {
			return q + 1;
		}
	}
	return end;
}

static const struct decl *find_decl(const struct prep *p, const char *name, size_t n)
{
	for (int i = 0; i < p->n_decls; i++)
		if (strlen(p->decls[i].name) == n && !memcmp(p->decls[i].name, name, n))
			return &p->decls[i];
	return NULL;
}

static int valid_xml_char(unsigned long cp)
{
	return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
	       (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

/* &#...; — keep when it names a legal XML character, else drop it. Returns bytes used. */
static size_t char_ref(struct prep *p, const char *s, const char *end)
{
	const char *q = s + 2;
	unsigned long cp = 0;
	int hex = q < end && (*q == 'x' || *q == 'X'), digits = 0;
	if (hex)
		q++;
	for (; q < end && digits < 8; q++, digits++) {
		int c = (unsigned char)*q, v;
		if (ascii_isdigit(c))
			v = c - '0';
		else if (hex && ascii_isalpha(c) && ascii_tolower(c) <= 'f')
			v = ascii_tolower(c) - 'a' + 10;
		else
			break;
		cp = cp * (hex ? 16 : 10) + (unsigned long)v;
	}
	if (digits == 0 || q >= end || *q != ';') {
		buf_puts(p->out, "&amp;");
		p->fixed_amp = 1;
		return 1;
	}
	if (valid_xml_char(cp) && hex && s[2] == 'X') {
		buf_puts(p->out, "&#x"); /* XML wants a lower-case x; feeds write both */
		buf_append(p->out, s + 3, (size_t)(q + 1 - s - 3));
	} else if (valid_xml_char(cp))
		buf_append(p->out, s, (size_t)(q + 1 - s));
	else if (cp >= 0x80 && cp <= 0x9F && feed_cp1252_hi[cp - 0x80]) /* cp1252 bytes written as numbers */
		put_utf8(p->out, feed_cp1252_hi[cp - 0x80]);
	return (size_t)(q + 1 - s);
}

static size_t entity_ref(struct prep *p, const char *s, const char *end)
{
	const char *q = s + 1;
	char name[MAX_NAME];
	size_t n;
	unsigned cp;
	const struct decl *d;
	if (q < end && *q == '#')
		return char_ref(p, s, end);
	while (q < end && name_char((unsigned char)*q) && q - s <= MAX_NAME)
		q++;
	n = (size_t)(q - s - 1);
	if (n == 0 || n >= MAX_NAME || q >= end || *q != ';') {
		buf_puts(p->out, "&amp;");
		p->fixed_amp = 1;
		return 1;
	}
	memcpy(name, s + 1, n);
	name[n] = '\0';
	if (!strcmp(name, "amp") || !strcmp(name, "lt") || !strcmp(name, "gt") ||
	    !strcmp(name, "quot") || !strcmp(name, "apos")) {
		buf_append(p->out, s, n + 2);
	} else if ((d = find_decl(p, name, n)) && strlen(d->value) <= p->budget) {
		buf_puts(p->out, d->value);
		p->budget -= strlen(d->value);
	} else if ((cp = htmlent_lookup(name))) {
		put_utf8(p->out, cp);
	} else {
		buf_puts(p->out, "&amp;");
		buf_append(p->out, s + 1, n + 1);
		p->unknown_entity = 1;
	}
	return n + 2;
}

/* Copy a construct that ends with term (CDATA, comment, PI) untouched. */
static const char *copy_until(struct prep *p, const char *s, const char *end, const char *term)
{
	size_t tl = strlen(term);
	const char *e = find(s, (size_t)(end - s), term, tl);
	e = e ? e + tl : end;
	buf_append(p->out, s, (size_t)(e - s));
	return e;
}

/* Does the text need rewriting at all? Only a DOCTYPE or an '&' that is not one of the five
 * XML entities or a well-formed character reference does. Cheap: memchr hops over '&'. */
static int needs_prep(const char *in, size_t len)
{
	const char *s = in, *end = in + len;
	if (find(in, len, "<!DOCTYPE", 9))
		return 1;
	while ((s = memchr(s, '&', (size_t)(end - s)))) {
		const char *q = s + 1;
		if (q < end && *q == '#') {
			q++;
			if (q < end && (*q == 'x' || *q == 'X'))
				return 1; /* hex: let the full pass check its value and its x */
			while (q < end && ascii_isdigit((unsigned char)*q) && q - s < 10)
				q++;
			if (q >= end || *q != ';' || q == s + 2)
				return 1;
			{
				unsigned long cp = strtoul(s + 2, NULL, 10);
				if (!valid_xml_char(cp))
					return 1;
			}
		} else if (!((end - s >= 5 && !memcmp(s, "&amp;", 5)) || (end - s >= 4 && !memcmp(s, "&lt;", 4)) ||
			     (end - s >= 4 && !memcmp(s, "&gt;", 4)) || (end - s >= 6 && !memcmp(s, "&quot;", 6)) ||
			     (end - s >= 6 && !memcmp(s, "&apos;", 6)))) {
			return 1;
		}
		s = q;
	}
	return 0;
}

int feed_xml_prepare(const char *in, size_t len, char **out, size_t *out_len, int *flags)
{
	struct buf b = BUF_INIT(0);
	struct prep p = { .out = &b, .budget = len + (1u << 20) };
	const char *s = in, *end = in + len;
	*flags = 0;
	if (!needs_prep(in, len)) {
		*out = NULL;   /* use the input as it is */
		*out_len = len;
		return 0;
	}
	const char *amp = NULL;   /* next '&' at or after s; cached so the scan stays linear */
	int amp_known = 0;
	while (s < end) {
		const char *lt, *stop;
		if (!amp_known || (amp && amp < s)) {
			amp = memchr(s, '&', (size_t)(end - s));
			amp_known = 1;
		}
		lt = memchr(s, '<', (size_t)((amp ? amp : end) - s));
		stop = lt ? lt : amp ? amp : end;
		buf_append(&b, s, (size_t)(stop - s));
		s = stop;
		if (s >= end)
			break;
		if (*s == '&') {
			s += entity_ref(&p, s, end);
		} else if (end - s >= 9 && !memcmp(s, "<![CDATA[", 9)) {
			s = copy_until(&p, s, end, "]]>");
		} else if (end - s >= 4 && !memcmp(s, "<!--", 4)) {
			s = copy_until(&p, s, end, "-->");
		} else if (end - s >= 2 && !memcmp(s, "<?", 2)) {
			s = copy_until(&p, s, end, "?>");
		} else if (end - s >= 9 && !memcmp(s, "<!DOCTYPE", 9)) {
			s = skip_doctype(&p, s, end);
		} else {
			buf_putc(&b, '<');
			s++;
		}
	}
	for (int i = 0; i < p.n_decls; i++)
		free(p.decls[i].value);
	*flags = (p.fixed_amp ? FEED_PREP_BARE_AMP : 0) | (p.unknown_entity ? FEED_PREP_UNKNOWN_ENTITY : 0) |
		 (p.netscape ? FEED_PREP_NETSCAPE : 0);
	*out = buf_detach(&b, out_len);
	return 0;
}
