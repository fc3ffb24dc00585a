/*
 * htmlurl.c — make the URLs inside HTML content absolute (href, src, ...), the way
 * feedparser does, so an entry's content still links right once it leaves the feed.
 *
 * A small tag scanner, not an HTML parser: it walks "<name attr=value ...>" tags, copies
 * everything byte for byte, and rewrites only the values of URL attributes that are
 * relative. Comments are skipped. Values are re-emitted double-quoted and escaped.
 * Bounded: one pass, output at most input + (number of rewritten attributes × URL size).
 */
#include "parse/parse_int.h"
#include "util/buf.h"
#include "util/util.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

static int url_attr(const char *n, size_t len)
{
	/* lengths first: this runs for every attribute and every '=' of every entry's HTML */
	static const struct {
		const char *s;
		size_t n;
	} a[] = { { "href", 4 },     { "src", 3 },      { "cite", 4 },       { "action", 6 },
		  { "background", 10 }, { "longdesc", 8 }, { "usemap", 6 },   { "poster", 6 },
		  { "codebase", 8 }, { "data", 4 },     { "profile", 7 },    { "dynsrc", 6 },
		  { "lowsrc", 6 } };
	if (len < 3 || len > 10)
		return 0;
	for (size_t i = 0; i < sizeof a / sizeof *a; i++)
		if (a[i].n == len && str_ncasecmp(n, a[i].s, len) == 0)
			return 1;
	return 0;
}

static void put_attr_value(struct buf *b, const char *v)
{
	while (*v) {
		size_t n = strcspn(v, "\"<>");   /* a run written as it is (data: URLs are long) */
		buf_append(b, v, n);
		v += n;
		if (*v == '"')
			buf_puts(b, "&quot;");
		else if (*v == '<')
			buf_puts(b, "&lt;");
		else if (*v == '>')
			buf_puts(b, "&gt;");
		else
			break;
		v++;
	}
}

/* Unescape the few entities an attribute value commonly holds (&amp; above all). */
static char *attr_text(const char *s, size_t n)
{
	struct buf b = BUF_INIT(0);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '&' && n - i >= 5 && !memcmp(s + i, "&amp;", 5)) {
			buf_putc(&b, '&');
			i += 4;
		} else {
			buf_putc(&b, s[i]);
		}
	}
	return buf_detach(&b, NULL);
}

static int unsafe_scheme(const char *v)
{
	return str_istartswith(v, "javascript:") || str_istartswith(v, "vbscript:") ||
	       str_istartswith(v, "data:");
}

/* One tag from p (at '<'); returns the position after it. Everything but the values of
 * URL attributes is copied as it is, so nothing is written here but those: *copied is
 * where the text not yet in out starts, and a rewritten attribute first flushes the
 * text before it (a copy per rewrite, not per byte). */
static const char *one_tag(struct buf *out, const char **copied, const char *p, const char *end,
			   const char *base)
{
	const char *q = p + 1;
	while (q < end && *q != '>' && !ascii_isspace((unsigned char)*q) && *q != '/')
		q++;
	while (q < end && *q != '>') {
		const char *n0, *n1, *v0, *v1;
		char quote = 0;
		if (ascii_isspace((unsigned char)*q) || *q == '/') {
			q++;
			continue;
		}
		for (n0 = q; q < end && *q != '=' && *q != '>' && !ascii_isspace((unsigned char)*q) && *q != '/'; q++)
			;
		n1 = q;
		if (q >= end || *q != '=')
			continue;
		q++;
		if (q < end && (*q == '"' || *q == '\''))
			quote = *q++;
		v0 = q;
		if (quote) {
			const char *e = memchr(q, quote, (size_t)(end - q));
			q = e ? e : end;
		}
		while (!quote && q < end && !ascii_isspace((unsigned char)*q) && *q != '>')
			q++;
		v1 = q;
		if (quote && q < end)
			q++;
		if (url_attr(n0, (size_t)(n1 - n0))) {
			char *raw = attr_text(v0, (size_t)(v1 - v0)), *t = str_trim(raw), *abs;
			abs = unsafe_scheme(t) ? xstrdup(t) : feed_resolve(base, t);
			buf_append(out, *copied, (size_t)(n1 - *copied));
			buf_puts(out, "=\"");
			put_attr_value(out, abs);
			buf_putc(out, '"');
			*copied = q;
			free(abs);
			free(raw);
		}
	}
	return q;
}

/* Can one_tag rewrite anything in html (len bytes)? Only a URL attribute's name right
 * before an '=' is ever rewritten; everything else is copied as it is, so without one the
 * pass would give back html unchanged. Looser than one_tag (any such name before any
 * '=', in a tag or not), never stricter. */
static int has_url_attr(const char *html, size_t len)
{
	const char *p = html, *end = html + len;
	while ((p = memchr(p, '=', (size_t)(end - p)))) {
		size_t k = 0;
		while (k < 10 && p - k > html && ascii_isalpha((unsigned char)p[-(ptrdiff_t)k - 1]))
			k++;
		for (size_t j = 1; j <= k; j++)   /* the name's last j letters */
			if (url_attr(p - j, j))
				return 1;
		p++;
	}
	return 0;
}

char *feed_html_resolve(const char *html, const char *base)
{
	if (!base || !*base || !strchr(html, '<') || !has_url_attr(html, strlen(html)))
		return NULL;
	return feed_html_resolve_all(html, base);
}

char *feed_html_resolve_all(const char *html, const char *base)
{
	struct buf out = BUF_INIT(0);
	const char *p = html, *end = html + strlen(html), *copied = html;
	while (p < end) {
		const char *lt = memchr(p, '<', (size_t)(end - p));
		if (!lt)
			break;
		if (end - lt >= 4 && !memcmp(lt, "<!--", 4)) {
			const char *e = strstr(lt + 4, "-->");
			p = e ? e + 3 : end;
		} else if (lt + 1 < end && ascii_isalpha((unsigned char)lt[1])) {
			p = one_tag(&out, &copied, lt, end, base);
		} else {
			p = lt + 1;
		}
	}
	buf_append(&out, copied, (size_t)(end - copied));
	return buf_detach(&out, NULL);
}
