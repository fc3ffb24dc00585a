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
#endif
