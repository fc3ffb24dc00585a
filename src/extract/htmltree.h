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
 * One repair: attributes whose names libxml2 cannot read (@click, [class], a stray '/')
 * are blanked out before parsing (htmltree_blank_attrs), because libxml2's recovery from
 * them lets a '>' inside their value end the tag and leak the rest as text.
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

/* As htmlReadMemory(data, len, NULL, encoding, options) on the bytes
 * htmltree_blank_attrs gives (data itself when it gives NULL); NULL when libxml2 gives no
 * document. */
xmlDoc *htmltree_parse(const char *data, size_t len, const char *encoding, int options);
void htmltree_free(xmlDoc *doc);

/* A heap copy of data (len bytes, not terminated; caller frees) in which every start-tag
 * attribute whose name libxml2 2.9 would not read whole (first byte not a letter, '_', ':'
 * or '.', or a later byte not a letter, digit or ":-_.") is replaced by spaces with its
 * value, as is every '/' in a tag not followed by '>'; tags are lexed as a browser lexes
 * them, script and style bodies and comments skipped. NULL when nothing is blanked or the
 * encoding (named, or sniffed from a BOM or NULs at the start) is not ASCII-compatible. */
char *htmltree_blank_attrs(const char *data, size_t len, const char *encoding);
#endif
