/*
 * extract — the article a person came to read, from an HTML page or a plain-text document.
 *
 * extract_html parses any-encoding HTML with libxml2's recovering parser, finds the main
 * content, removes boilerplate (navigation, share bars, paywall and newsletter prompts,
 * comments, related-story teasers), and returns plain text (blocks separated by a blank
 * line) plus sanitized HTML (allowlisted tags/attributes, URLs resolved against url) and
 * metadata. extract_text does the line-level version for .txt documents.
 *
 * Ownership: the result's strings belong to it; extract_result_release frees them.
 * Absent values are NULL. Errors: -1 and *err (caller frees). Thread-safety: reentrant.
 * Limits: input over 64 MB is refused; nesting deeper than 256 levels is flattened.
 */
#ifndef EXTRACT_EXTRACT_H
#define EXTRACT_EXTRACT_H
#include <stdbool.h>
#include <stddef.h>

struct extract_result {
	char *title, *byline, *date;    /* date: ISO 8601 UTC */
	char *lang, *site, *image, *canonical;
	char *text, *html;
	size_t words;
};

int extract_html(const char *data, size_t len, const char *url, const char *content_type,
		 struct extract_result *out, char **err);
int extract_text(const char *data, size_t len, struct extract_result *out, char **err);
void extract_result_release(struct extract_result *r);

/* True when data looks like an HTML page or fragment (a tag near the start) rather than
 * plain text; how `extract` and `ingest` choose between extract_html and extract_text. */
bool extract_looks_like_html(const char *data, size_t len);

/* Feed-entry content (an HTML fragment, or text) → plain text: tags dropped, entities
 * decoded, block elements separated by blank lines, whitespace collapsed. Never NULL. */
char *extract_fragment_text(const char *html, size_t len);
/* An HTML fragment → sanitized HTML safe to put in a page: allowlisted tags and attributes
 * only, no script/style/iframe/object/form, no event handlers, no javascript:/vbscript:/data:
 * URLs (data: images excepted), relative URLs resolved against base_url. Never NULL. */
char *extract_sanitize_fragment(const char *html, size_t len, const char *base_url);
#endif
