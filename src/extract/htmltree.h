/*
 * htmltree — internal to extract: libxml2's HTML parser building its usual xmlNode tree,
 * faster.
 *
 * htmlReadMemory spends about 40% of its time building and freeing the tree: one malloc
 * per element, attribute, attribute value, text node and name copy, an ID table, then as
 * many frees. htmltree_parse runs the same parser (libxml2's tokenizer, its implied-tag
 * and auto-close rules, the same options) with SAX callbacks that build the same tree —
 * same nodes, names, attributes, text coalescing, comments, DTD — out of one arena, and
 * htmltree_free drops it in a few frees. The result is an ordinary read-only xmlDoc for
 * the tree walkers and the read-only libxml2 calls (xmlGetProp, xmlNodeGetContent).
 *
 * The bytes libxml2 is given are a copy of the page with two repairs (htmltree_prepare):
 * attributes whose names libxml2 cannot read (@click, [class], a stray '/') are blanked
 * out, because libxml2's recovery from them lets a '>' inside their value end the tag and
 * leak the rest as text; and the bodies of <script> (but JSON-LD) and <style> are cut, as
 * half a page's bytes are script and CSS libxml2 reads a character at a time for text
 * nobody reads: those elements come out empty, as do <svg>s holding only SVG's own
 * elements; and attributes nothing in extract reads (htmltree_attr_unread) are cut too.
 * Reading a new attribute? Check it is not one of those.
 *
 * Ownership: the document must be freed with htmltree_free, never xmlFreeDoc, and must not
 * be modified with libxml2's tree functions (nodes are not individually allocated).
 * doc->_private is taken. Names are interned in the parser's dictionary, which the
 * document keeps alive. Thread-safety: reentrant. Limits: as libxml2 (int-sized input;
 * nesting past libxml2's depth limit stops the parse there, as it does htmlReadMemory's).
 */
#ifndef EXTRACT_HTMLTREE_H
#define EXTRACT_HTMLTREE_H
#include <libxml/HTMLparser.h>
#include <stddef.h>

/* As htmlReadMemory(data, len, NULL, encoding, options) on the bytes htmltree_prepare
 * gives (data itself when it gives NULL); NULL when libxml2 gives no document. */
xmlDoc *htmltree_parse(const char *data, size_t len, const char *encoding, int options);
/* htmltree_parse(data, len, NULL, options) for a caller that has already checked data is
 * valid UTF-8 (charset_scan): the repairs' own check of it is skipped. */
xmlDoc *htmltree_parse_utf8(const char *data, size_t len, int options);
void htmltree_free(xmlDoc *doc);

/* A heap copy of data (*out_len bytes and a NUL; caller frees) with the repairs asked for
 * in `what` (htmltree_parse makes both). HTMLTREE_BLANK: every start-tag attribute whose
 * name libxml2 2.9 would not read whole (first byte not a letter, '_', ':' or '.', or a
 * later byte not a letter, digit or ":-_.") is replaced by spaces with its value, as is
 * every '/' in a tag not followed by '>'; tags are lexed as a browser lexes them.
 * HTMLTREE_CUT: the body of every <style> and of every <script> whose start tag does not
 * say "ld+json" (nor holds a '&', which could spell it) is left out (to the first "</"
 * and the name, as libxml2 reads it), as is the body of an <svg> holding only SVG's own
 * elements, and every attribute htmltree_attr_unread names. Nothing is cut from a page
 * libxml2 does not read as valid UTF-8 (encoding NULL or "UTF-8"), nor from one holding
 * a NUL byte: how it reads the rest could depend on the bytes cut.
 * Comments, "<?", "<!doctype" and end tags are skipped as libxml2 skips them. NULL when
 * the encoding (named, or sniffed from a BOM or NULs at the start) is not ASCII-compatible. */
enum { HTMLTREE_BLANK = 1, HTMLTREE_CUT = 2 };
/* The attributes HTMLTREE_CUT leaves out, because nothing in extract reads them and they
 * are a tenth of a page's markup: data-* (but data-src, data-original, data-lazy-src and
 * data-url, image sources render.c reads), srcset and sizes (and any name ending in
 * "srcset"), and on* event handlers. name is n bytes, compared in any case. */
bool htmltree_attr_unread(const char *name, size_t n);
char *htmltree_prepare(const char *data, size_t len, const char *encoding, int what, size_t *out_len);
#endif
