/*
 * input.c — a single forward pass over the line. Strings are copied into the scratch buffer
 * as they are checked: a table sends plain ASCII bytes through a tight loop, and only
 * quotes, backslashes, control and non-ASCII bytes leave it. Every construct the flat
 * shape does not need (and every error) stops the pass with CLUSTER_INPUT_OTHER: the
 * reader never has to reproduce jansson's error messages, only its accepted values.
 */
#include "cluster/input.h"
#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define INT_DIGITS_MAX 18   /* always fits int64: longer integers go to jansson */

struct cur {
	const unsigned char *p, *end;
	char *o;   /* scratch write position */
};

void cluster_input_init(struct cluster_input *in)
{
	memset(in, 0, sizeof *in);
}

void cluster_input_release(struct cluster_input *in)
{
	free(in->scratch);
	in->scratch = NULL;
	in->cap = 0;
}

static void skip_ws(struct cur *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
		c->p++;
}

/* 1 for bytes that may be copied as they are inside a string: printable ASCII but '"' and
 * '\\'. */
static const unsigned char plain[256] = {
	0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0, 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
	1,1,0,1,1,1,1,1,1,1,1,1,1,1,1,1, 1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
	1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1, 1,1,1,1,1,1,1,1,1,1,1,1,0,1,1,1,
	1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1, 1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
};

static int hexval(int ch)
{
	if (ch >= '0' && ch <= '9') return ch - '0';
	if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
	return -1;
}

/* Four hex digits after "\u"; -1 when malformed. */
static int32_t hex4(const unsigned char *p, const unsigned char *end)
{
	int32_t v = 0;
	int k;
	if (end - p < 4)
		return -1;
	for (k = 0; k < 4; k++) {
		int h = hexval(p[k]);
		if (h < 0)
			return -1;
		v = (v << 4) | h;
	}
	return v;
}

/* A \u escape at c->p (just past the backslash and 'u'), joined with a following low
 * surrogate; \u0000 and lone surrogates are refused as jansson refuses them. */
static int unicode_escape(struct cur *c)
{
	int32_t cp = hex4(c->p, c->end), lo;
	if (cp <= 0)
		return -1;
	c->p += 4;
	if (cp >= 0xdc00 && cp <= 0xdfff)
		return -1;
	if (cp >= 0xd800 && cp <= 0xdbff) {
		if (c->end - c->p < 6 || c->p[0] != '\\' || c->p[1] != 'u')
			return -1;
		lo = hex4(c->p + 2, c->end);
		if (lo < 0xdc00 || lo > 0xdfff)
			return -1;
		c->p += 6;
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
	}
	c->o += utf8_put((unsigned char *)c->o, (uint32_t)cp);
	return 0;
}

static int escape(struct cur *c)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *k;
	if (c->p >= c->end)
		return -1;
	if (*c->p == 'u') {
		c->p++;
		return unicode_escape(c);
	}
	k = memchr(from, *c->p, sizeof from - 1);
	if (!k)
		return -1;
	*c->o++ = to[k - from];
	c->p++;
	return 0;
}

/* One UTF-8 sequence of 2-4 bytes, checked as jansson checks it (no overlongs, no
 * surrogates, nothing above U+10FFFF), copied. */
static int utf8_seq(struct cur *c)
{
	unsigned b = c->p[0];
	int32_t cp;
	size_t need, i;
	if (b >= 0xc2 && b <= 0xdf) { need = 1; cp = b & 0x1f; }
	else if (b >= 0xe0 && b <= 0xef) { need = 2; cp = b & 0x0f; }
	else if (b >= 0xf0 && b <= 0xf4) { need = 3; cp = b & 0x07; }
	else return -1;
	if ((size_t)(c->end - c->p) <= need)
		return -1;
	for (i = 1; i <= need; i++) {
		if ((c->p[i] & 0xc0) != 0x80)
			return -1;
		cp = (cp << 6) | (c->p[i] & 0x3f);
	}
	if ((need == 2 && cp < 0x800) || (need == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	memcpy(c->o, c->p, need + 1);
	c->o += need + 1;
	c->p += need + 1;
	return 0;
}

/* A string at c->p (the opening quote); decoded into the scratch, NUL-terminated. */
static int string(struct cur *c, struct cluster_in_value *v)
{
	char *start;
	c->p++;
	start = c->o;
	for (;;) {
		while (c->p < c->end && plain[*c->p])
			*c->o++ = (char)*c->p++;
		if (c->p >= c->end)
			return -1;
		if (*c->p == '"')
			break;
		if (*c->p == '\\') {
			c->p++;
			if (escape(c) < 0)
				return -1;
		} else if (*c->p < 0x20 || utf8_seq(c) < 0) {
			return -1;
		}
	}
	c->p++;
	*c->o++ = 0;
	v->kind = CLUSTER_IN_STR;
	v->s = start;
	v->len = (size_t)(c->o - start - 1);
	return 0;
}

/* An integer as JSON writes it: -?(0|[1-9][0-9]*), no fraction or exponent. */
static int integer(struct cur *c, struct cluster_in_value *v)
{
	int neg = 0, digits = 0;
	int64_t x = 0;
	if (*c->p == '-') {
		neg = 1;
		c->p++;
	}
	if (c->p >= c->end || !ascii_isdigit(*c->p))
		return -1;
	if (*c->p == '0' && c->p + 1 < c->end && ascii_isdigit(c->p[1]))
		return -1;
	while (c->p < c->end && ascii_isdigit(*c->p)) {
		if (++digits > INT_DIGITS_MAX)
			return -1;
		x = x * 10 + (*c->p++ - '0');
	}
	if (c->p < c->end && (*c->p == '.' || *c->p == 'e' || *c->p == 'E'))
		return -1;
	v->kind = CLUSTER_IN_INT;
	v->i = neg ? -x : x;
	return 0;
}

static int word(struct cur *c, const char *w, struct cluster_in_value *v, int kind)
{
	size_t n = strlen(w);
	if ((size_t)(c->end - c->p) < n || memcmp(c->p, w, n) != 0)
		return -1;
	c->p += n;
	v->kind = kind;
	v->s = w;
	v->len = n;
	return 0;
}

static int value(struct cur *c, struct cluster_in_value *v)
{
	memset(v, 0, sizeof *v);
	switch (*c->p) {
	case '"': return string(c, v);
	case 't': return word(c, "true", v, CLUSTER_IN_BOOL);
	case 'f': return word(c, "false", v, CLUSTER_IN_BOOL);
	case 'n': return word(c, "null", v, CLUSTER_IN_NULL);
	default: return integer(c, v);
	}
}

static struct cluster_in_value *field(struct cluster_input *in, const struct cluster_in_value *k)
{
	static const char *const names[] = { "id", "title", "text", "url", "source", "published", "lang" };
	struct cluster_in_value *const slots[] = { &in->id, &in->title, &in->text, &in->url,
						   &in->source, &in->published, &in->lang };
	size_t i;
	for (i = 0; i < sizeof names / sizeof *names; i++)
		if (k->len == strlen(names[i]) && memcmp(k->s, names[i], k->len) == 0)
			return slots[i];
	return NULL;
}

/* "key": value pairs up to the closing brace. */
static int members(struct cluster_input *in, struct cur *c)
{
	struct cluster_in_value k, v, *slot;
	skip_ws(c);
	if (c->p < c->end && *c->p == '}')
		return 0;
	for (;;) {
		if (c->p >= c->end || *c->p != '"' || string(c, &k) < 0)
			return -1;
		skip_ws(c);
		if (c->p >= c->end || *c->p != ':')
			return -1;
		c->p++;
		skip_ws(c);
		if (c->p >= c->end || value(c, &v) < 0)
			return -1;
		if ((slot = field(in, &k)) != NULL)
			*slot = v;
		skip_ws(c);
		if (c->p >= c->end)
			return -1;
		if (*c->p == '}')
			return 0;
		if (*c->p != ',')
			return -1;
		c->p++;
		skip_ws(c);
	}
}

int cluster_input_parse(struct cluster_input *in, const char *line, size_t n)
{
	struct cur c;
	struct cluster_in_value none = { CLUSTER_IN_ABSENT, NULL, 0, 0 };
	if (n + 1 > in->cap) {
		free(in->scratch);
		in->cap = n + 1 > 4096 ? n + 1 : 4096;
		in->scratch = xmalloc(in->cap);
	}
	in->id = in->title = in->text = in->url = in->source = in->published = in->lang = none;
	c.p = (const unsigned char *)line;
	c.end = c.p + n;
	c.o = in->scratch;
	skip_ws(&c);
	if (c.p >= c.end || *c.p != '{')
		return CLUSTER_INPUT_OTHER;
	c.p++;
	if (members(in, &c) < 0)
		return CLUSTER_INPUT_OTHER;
	c.p++;   /* the closing brace */
	skip_ws(&c);
	return c.p == c.end ? CLUSTER_INPUT_OK : CLUSTER_INPUT_OTHER;
}

size_t cluster_input_dump(const struct cluster_in_value *v, char *out)
{
	static const char hex[] = "0123456789ABCDEF";
	char *o = out;
	size_t i;
	switch (v->kind) {
	case CLUSTER_IN_INT:
		return (size_t)snprintf(out, 24, "%lld", (long long)v->i);
	case CLUSTER_IN_BOOL:
		memcpy(out, v->s, v->len);
		return v->len;
	case CLUSTER_IN_STR:
		break;
	default:
		memcpy(out, "null", 4);
		return 4;
	}
	*o++ = '"';
	for (i = 0; i < v->len; i++) {
		unsigned char ch = (unsigned char)v->s[i];
		const char *e = ch == '"' ? "\\\"" : ch == '\\' ? "\\\\" : ch == '\b' ? "\\b" :
				ch == '\f' ? "\\f" : ch == '\n' ? "\\n" : ch == '\r' ? "\\r" :
				ch == '\t' ? "\\t" : NULL;
		if (e) {
			memcpy(o, e, 2);
			o += 2;
		} else if (ch < 0x20) {
			memcpy(o, "\\u00", 4);
			o[4] = hex[ch >> 4];
			o[5] = hex[ch & 15];
			o += 6;
		} else {
			*o++ = (char)ch;
		}
	}
	*o++ = '"';
	return (size_t)(o - out);
}
