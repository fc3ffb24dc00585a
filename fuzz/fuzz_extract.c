/* fuzz_extract.c — libFuzzer target for the article extractor: extract_html (page bytes in
 * any encoding), extract_text, and the two fragment helpers. Besides crashes, leaks and UB
 * it checks what the reader view relies on: sanitized HTML never carries a live <script>,
 * an event handler or a javascript: URL, and every output is valid UTF-8 text. */
#include "extract/extract.h"

#include <libxml/parser.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Text is escaped, so every '<' in sanitized output opens a real tag; attribute values are
 * always double-quoted with '"' escaped. Parse each tag and check its name, attribute names
 * and URL values. */
/* Attributes whose value a browser treats as a URL; alt or title text may say "data:text". */
static int url_attr(const char *a, size_t n)
{
	static const char *const names[] = {"href", "src", "srcset", "action", "formaction", "poster",
					    "cite", "background", "longdesc", "xlink:href"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (n == strlen(names[i]) && !strncasecmp(a, names[i], n))
			return 1;
	return 0;
}

static void check_tag(const char *p, const char *end)
{
	static const char *const bad_tags[] = {"script", "iframe", "style", "svg", "object",
					       "embed", "form", "math", "base", "meta", "link"};
	p++;
	if (*p == '/')
		p++;
	const char *name = p;
	while (p < end && *p != ' ')
		p++;
	for (size_t i = 0; i < sizeof bad_tags / sizeof bad_tags[0]; i++)
		if ((size_t)(p - name) == strlen(bad_tags[i]) && !strncasecmp(name, bad_tags[i], (size_t)(p - name)))
			abort();
	while (p < end) {
		while (p < end && *p == ' ')
			p++;
		const char *an = p;
		while (p < end && *p != '=' && *p != ' ')
			p++;
		size_t al = (size_t)(p - an);
		if (al >= 2 && !strncasecmp(an, "on", 2))
			abort();
		if (al == 5 && !strncasecmp(an, "style", 5))
			abort();
		if (p < end && *p == '=') {
			if (p[1] != '"')
				abort();
			const char *v = p + 2, *q = memchr(v, '"', (size_t)(end - v));
			if (!q)
				abort();
			if (url_attr(an, al) && (!strncasecmp(v, "javascript:", 11) ||
						 !strncasecmp(v, "vbscript:", 9) || !strncasecmp(v, "data:text", 9)))
				abort();
			p = q + 1;
		}
	}
}

static void check_html(const char *h)
{
	if (!h)
		abort();
	for (const char *p = strchr(h, '<'); p; p = strchr(p + 1, '<')) {
		const char *e = strchr(p, '>');
		if (!e)
			abort();   /* text '<' is always escaped */
		check_tag(p, e);
		p = e;
	}
}

static void check_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (p && *p) {
		size_t k = *p < 0x80 ? 1 : *p >= 0xf0 ? 4 : *p >= 0xe0 ? 3 : *p >= 0xc2 ? 2 : 0;
		if (!k)
			abort();
		for (size_t i = 1; i < k; i++)
			if ((p[i] & 0xc0) != 0x80)
				abort();
		p += k;
	}
}

static void check_result(const struct extract_result *r)
{
	check_html(r->html);
	check_utf8(r->text);
	check_utf8(r->title);
	check_utf8(r->html);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int init;
	if (!init) {
		xmlInitParser();
		init = 1;
	}
	const char *d = (const char *)data;
	struct extract_result r;
	char *err = NULL;
	if (extract_html(d, size, "https://news.example/a/b.html", NULL, &r, &err) == 0)
		check_result(&r);
	extract_result_release(&r);
	free(err);
	err = NULL;
	if (extract_text(d, size, &r, &err) == 0)
		check_result(&r);
	extract_result_release(&r);
	free(err);
	char *t = extract_fragment_text(d, size);
	char *h = extract_sanitize_fragment(d, size, "https://news.example/");
	check_html(h);
	check_utf8(t);
	free(t);
	free(h);
	return 0;
}
