/*
 * fragment.c — feed-entry HTML fragments: to plain text for indexing, and sanitized for the
 * reader view. Both parse with the same recovering libxml2 parser as whole pages, so a
 * fragment that is broken markup or plain text with stray '&' still comes out sensibly.
 */
#include "extract/charset.h"
#include "extract/extract.h"
#include "extract/htmltree.h"
#include "extract/render.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

/* Text never grows past the input by more than the separators we add; HTML grows by the
 * attributes we add (rel on links) and escaping — the caps only stop a runaway. */
static size_t cap_for(size_t len, size_t factor)
{
	return len * factor + 4096;
}

/* Fragments are meant to be UTF-8 already; bytes that are not become U+FFFD here, since
 * libxml2 would otherwise pass some of them through. */
static xmlDoc *parse_fragment(const char *html, size_t len)
{
	if (!html || !len)
		return NULL;
	if (charset_valid_utf8(html, len, NULL))
		return render_parse(html, len, "UTF-8");
	char *fixed = charset_fix_utf8(html, len);
	xmlDoc *doc = render_parse(fixed, strlen(fixed), "UTF-8");
	free(fixed);
	return doc;
}

char *extract_fragment_text(const char *html, size_t len)
{
	struct buf b = BUF_INIT(cap_for(len, 3));
	xmlDoc *doc = parse_fragment(html, len);
	if (doc)
		render_text(xmlDocGetRootElement(doc) ? (xmlNode *)doc : NULL, &b, NULL, NULL);
	htmltree_free(doc);
	return buf_detach(&b, NULL);
}

char *extract_sanitize_fragment(const char *html, size_t len, const char *base_url)
{
	struct buf b = BUF_INIT(cap_for(len, 16));
	xmlDoc *doc = parse_fragment(html, len);
	if (doc)
		render_html((xmlNode *)doc, &b, base_url, NULL, NULL);
	htmltree_free(doc);
	return buf_detach(&b, NULL);
}
