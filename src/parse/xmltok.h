/*
 * xmltok — the feed parser's fast path: a one-pass XML tokenizer for well-formed documents.
 *
 * Purpose: most feeds are well-formed UTF-8 with no DTD; for them libxml2's generality
 * (input buffers copied and re-encoded, per-node dictionaries, recovery) costs most of the
 * parse. xmltok walks the bytes once and reports elements and text through the same
 * callbacks libxml2's SAX2 interface uses (startElementNs / endElementNs / characters,
 * with the same argument layout), so xmlfeed.c's handlers run unchanged on either source.
 *
 * Contract: xmltok_parse returns 0 only when every callback it made is exactly what
 * libxml2 (recover mode, no entity substitution, no DTD) would have delivered for the
 * whole document. Without an error callback that means a well-formed XML 1.0 document
 * with namespaces, within the limits below. With one, it also recovers from the few
 * errors below exactly as libxml2 2.9 does, and reports the first one as libxml2 would
 * (its line and message, as libxml2 numbers lines: '\n' bytes; after a lone CR it gives
 * up rather than guess):
 *   - an end tag cut by the end of the document before its '>' ("expected '>'");
 *   - the end of the document with elements open ("Premature end of data in tag N line L":
 *     the open elements get no end callback, as in libxml2);
 *   - a PI named "xml" after the start ("XML declaration allowed only at the start...");
 *   - '<' in content followed by no name ("StartTag: invalid element name"): the '<' is
 *     dropped and what follows is text;
 *   - an element prefix with no namespace declaration ("Namespace prefix P on N is not
 *     defined"): the element keeps its prefix, with a NULL URI;
 *   - no root element before the end ("Start tag expected, '<' not found").
 * The moment it meets anything else — a DOCTYPE, an undefined entity, an attribute with
 * an undeclared prefix, a control character, a mismatched tag, a name outside ASCII, a
 * limit — it stops and returns -1 with *why set to a static string: the caller discards
 * whatever the callbacks built and parses the document again with libxml2.
 *
 * Input: len bytes, not NUL-terminated, meant to be UTF-8: xmltok checks that as it goes
 * (bytes that are not UTF-8 are one more reason to return -1), so the charset layer can
 * skip its own pass over a document labelled UTF-8 (feed_charset_decode's defer).
 * Handles: the XML declaration, an optional UTF-8 BOM, comments, PIs, CDATA, the five
 * predefined entities, decimal and hex character references, xmlns declarations and
 * prefixes, attribute-value normalization and line-end normalization (CR LF, CR -> LF).
 * Limits (-1 past them): 255 open elements, 64 attributes and 32 namespace declarations
 * per element, 512 bindings in scope, names of 256 bytes, 1 MB per start tag, 1 MB of
 * names and namespace URIs in scope. No recursion; memory is two capped buffers.
 * Thread-safety: reentrant; all state is on the caller's stack and heap.
 */
#ifndef PARSE_XMLTOK_H
#define PARSE_XMLTOK_H
#include <libxml/parser.h>
#include <stddef.h>

struct xmltok_sax {
	startElementNsSAX2Func start;   /* nb_defaulted is always 0 */
	endElementNsSAX2Func end;
	charactersSAXFunc chars;        /* text and CDATA alike, in pieces */
	/* NULL: no recovery. Else called once, for the first error, with libxml2's line and
	 * message (no trailing newline). */
	void (*error)(void *ctx, int line, const char *msg);
};

int xmltok_parse(const char *doc, size_t len, const struct xmltok_sax *sax, void *ctx,
		 const char **why);
/* The namespace names xmltok takes as URIs without checking them (NULL-terminated). */
extern const char *const xmltok_common_ns[];
#endif
