/*
 * render — internal to extract: parse HTML with libxml2, walk a DOM without recursion, and
 * write a subtree out as plain text or as sanitized HTML.
 *
 * Both writers take a keep() callback so the article extractor can hide boilerplate nodes
 * without copying the tree. The sanitizer is an allowlist: a tag that is not listed is
 * unwrapped (its children kept), a tag in the drop list disappears with its content, an
 * attribute that is not listed is dropped, URLs are resolved and must have a safe scheme.
 * Limits: output buffers are capped by the caller (struct buf max); nesting deeper than
 * RENDER_MAX_DEPTH is flattened in the HTML output. Thread-safety: reentrant.
 */
#ifndef EXTRACT_RENDER_H
#define EXTRACT_RENDER_H
#include <libxml/HTMLparser.h>
#include <stdbool.h>
#include "util/buf.h"

#define RENDER_MAX_DEPTH 256

/* Returns false to hide n and everything below it. */
typedef bool (*render_keep_fn)(void *ctx, xmlNode *n);

/* htmlReadMemory's tree with the recovering, silent, offline options, built by htmltree:
 * free it with htmltree_free. encoding may be NULL. */
xmlDoc *render_parse(const char *html, size_t len, const char *encoding);

/* Text: blocks separated by a blank line, <br>/<li>/<tr> by a newline, whitespace collapsed
 * (inside <pre> kept). Appends to out. */
void render_text(xmlNode *root, struct buf *out, render_keep_fn keep, void *ctx);
/* Sanitized HTML of root's children (root itself is not written). */
void render_html(xmlNode *root, struct buf *out, const char *base_url, render_keep_fn keep,
		 void *ctx);

/* Iterative pre/post-order walk over root's descendants: enter returns true to descend;
 * leave is called for every node entered, after its children. No recursion. */
struct render_walk_ops {
	bool (*enter)(void *st, xmlNode *n);
	void (*leave)(void *st, xmlNode *n);
};
void render_walk(xmlNode *root, const struct render_walk_ops *ops, void *st);

/* Tag classes shared with the extractor (name is a lower-case libxml2 element name). */
bool render_is_block(const char *name);
bool render_is_dropped(const char *name);   /* script, style, iframe, svg, ... */
/* button, noscript: dropped by the writers unless a keep() callback is given (then the
 * callback decides); the extractor treats them as boilerplate it may rescue. */
bool render_is_soft_dropped(const char *name);
/* A URL made safe for an attribute: control characters stripped, resolved against base,
 * scheme http/https/mailto (or data:image/... when image is true). NULL when unsafe. */
char *render_safe_url(const char *raw, const char *base, bool image);
/* The value of attribute name (lower case) on n without copying: libxml2's HTML parser
 * stores every attribute value as one text node, entities decoded. "" for a valueless
 * attribute, NULL when absent. Valid as long as the document. */
const char *render_attr(const xmlNode *n, const char *name);
/* True when s contains needle ignoring ASCII case; needle must be lower case. */
bool render_icontains(const char *s, const char *needle);
/* Trim, collapse whitespace runs (incl. U+00A0) to one space; returns a new string. */
char *render_collapse(const char *s);
#endif
