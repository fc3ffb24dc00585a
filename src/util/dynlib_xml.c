/*
 * dynlib_xml.c — libxml2, loaded on first use (see dynlib.h for why and how).
 *
 * libxml2 2.9.14 pulls in ICU (libicuuc, its 30 MB libicudata), libstdc++, libgcc_s and
 * liblzma: mapping and relocating them was most of the start-up of every command, and
 * `newsfold parse` on a well-formed feed needs none of it (xmltok.c parses it). HTML
 * extraction, the fallback feed parser, OPML and discovery still use libxml2 for all they
 * used it for; the first call of theirs loads it.
 *
 * Every function the program calls is defined here with libxml2's own prototype and
 * forwards to the real one. Four need more than forwarding:
 *  - xmlInitParser before the load does nothing: the load itself initialises the library
 *    (like curl_global_init in dynlib_curl.c); main() calls it for every command.
 *  - xmlCleanupParser does nothing unless the library was loaded.
 *  - xmlSetGenericErrorFunc and xmlThrDefSetGenericErrorFunc before the load are kept and
 *    applied by the load, in the loading thread (the program sets them once, from
 *    cmd_parse, before it parses; single-threaded).
 * Three of the library's global variables are used, which dynlib.h's shims cannot forward:
 *  - xmlFree is a variable holding a function pointer (globals.h): defined here, holding
 *    a function that calls the library's own xmlFree (memory handed to it always came from
 *    the library, so the library is loaded by then);
 *  - xmlStringText and xmlStringComment are the node names libxml2 compares by address:
 *    dynlib_xml_string_text/comment return the library's own (htmltree.c names its text
 *    and comment nodes with them).
 */
#include "util/dynlib.h"

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/uri.h>
#include <pthread.h>

#define SONAME "libxml2.so.2"

#define XML_FUNCS(X)                                                                           \
	X(htmlCtxtUseOptions) X(htmlEntityLookup) X(htmlIsBooleanAttr) X(htmlParseDocument)        \
	X(htmlReadMemory) X(nodePop) X(nodePush) X(xmlCharEncCloseFunc) X(xmlCleanupParser)        \
	X(xmlCreateMemoryParserCtxt) X(xmlCtxtUseOptions) X(xmlDetectCharEncoding) X(xmlDictFree) \
	X(xmlDictLookup) X(xmlDictReference) X(xmlDocGetRootElement)                               \
	X(xmlFindCharEncodingHandler) X(xmlFreeDoc) X(xmlFreeParserCtxt) X(xmlFreeURI)             \
	X(xmlGetProp) X(xmlHasProp) X(xmlInitParser) X(xmlNodeGetContent) X(xmlParseDocument)      \
	X(xmlParseURI) X(xmlReadMemory) X(xmlSAX2InitHtmlDefaultSAXHandler)                        \
	X(xmlSetGenericErrorFunc) X(xmlStrdup) X(xmlSwitchEncoding) X(xmlSwitchToEncoding)         \
	X(xmlThrDefSetGenericErrorFunc)

static struct {
	XML_FUNCS(DYNLIB_MEMBER)
	xmlFreeFunc *free;   /* the library's xmlFree variable */
	const xmlChar *text, *comment;
} F;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static int loaded;

/* Error handlers asked for before the load (see the top of the file). */
static struct {
	int set, thr_set;
	void *ctx, *thr_ctx;
	xmlGenericErrorFunc fn, thr_fn;
} pending;

static void load(void)
{
	void *h = dynlib_open(SONAME, "libxml2");
	XML_FUNCS(DYNLIB_RESOLVE)
	F.free = (xmlFreeFunc *)dynlib_sym(h, SONAME, "xmlFree");
	F.text = (const xmlChar *)dynlib_sym(h, SONAME, "xmlStringText");
	F.comment = (const xmlChar *)dynlib_sym(h, SONAME, "xmlStringComment");
	F.xmlInitParser();
	if (pending.thr_set)
		F.xmlThrDefSetGenericErrorFunc(pending.thr_ctx, pending.thr_fn);
	if (pending.set)
		F.xmlSetGenericErrorFunc(pending.ctx, pending.fn);
	loaded = 1;
}

static void need(void)
{
	pthread_once(&once, load);
}

static void free_shim(void *p)
{
	if (p) {
		need();
		(*F.free)(p);
	}
}
xmlFreeFunc xmlFree = free_shim;

const xmlChar *dynlib_xml_string_text(void)
{
	need();
	return F.text;
}

const xmlChar *dynlib_xml_string_comment(void)
{
	need();
	return F.comment;
}

void (xmlInitParser)(void)
{
	/* Reading `loaded` without the once: before the load it is 0 and the load initialises;
	 * after it, xmlInitParser is idempotent. */
	if (loaded)
		F.xmlInitParser();
}

void (xmlCleanupParser)(void)
{
	/* Runs single-threaded at exit, by contract (like curl_global_cleanup). */
	if (loaded)
		F.xmlCleanupParser();
}

void (xmlSetGenericErrorFunc)(void *ctx, xmlGenericErrorFunc handler)
{
	if (!loaded) {
		pending.set = 1, pending.ctx = ctx, pending.fn = handler;
		return;
	}
	F.xmlSetGenericErrorFunc(ctx, handler);
}

void (xmlThrDefSetGenericErrorFunc)(void *ctx, xmlGenericErrorFunc handler)
{
	if (!loaded) {
		pending.thr_set = 1, pending.thr_ctx = ctx, pending.thr_fn = handler;
		return;
	}
	F.xmlThrDefSetGenericErrorFunc(ctx, handler);
}

DYNLIB_FORWARD(int, htmlCtxtUseOptions, (htmlParserCtxtPtr c, int o), (c, o))
DYNLIB_FORWARD(const htmlEntityDesc *, htmlEntityLookup, (const xmlChar *name), (name))
DYNLIB_FORWARD(int, htmlIsBooleanAttr, (const xmlChar *name), (name))
DYNLIB_FORWARD(int, htmlParseDocument, (htmlParserCtxtPtr c), (c))
DYNLIB_FORWARD(htmlDocPtr, htmlReadMemory,
	       (const char *b, int n, const char *url, const char *enc, int o), (b, n, url, enc, o))
DYNLIB_FORWARD(xmlNodePtr, nodePop, (xmlParserCtxtPtr c), (c))
DYNLIB_FORWARD(int, nodePush, (xmlParserCtxtPtr c, xmlNodePtr n), (c, n))
DYNLIB_FORWARD(int, xmlCharEncCloseFunc, (xmlCharEncodingHandler * h), (h))
DYNLIB_FORWARD(xmlParserCtxtPtr, xmlCreateMemoryParserCtxt, (const char *b, int n), (b, n))
DYNLIB_FORWARD(int, xmlCtxtUseOptions, (xmlParserCtxtPtr c, int o), (c, o))
DYNLIB_FORWARD(xmlCharEncoding, xmlDetectCharEncoding, (const unsigned char *in, int n), (in, n))
DYNLIB_FORWARD_VOID(xmlDictFree, (xmlDictPtr d), (d))
DYNLIB_FORWARD(const xmlChar *, xmlDictLookup, (xmlDictPtr d, const xmlChar *name, int n),
	       (d, name, n))
DYNLIB_FORWARD(int, xmlDictReference, (xmlDictPtr d), (d))
DYNLIB_FORWARD(xmlNodePtr, xmlDocGetRootElement, (const xmlDoc *d), (d))
DYNLIB_FORWARD(xmlCharEncodingHandlerPtr, xmlFindCharEncodingHandler, (const char *name), (name))
DYNLIB_FORWARD_VOID(xmlFreeDoc, (xmlDocPtr d), (d))
DYNLIB_FORWARD_VOID(xmlFreeParserCtxt, (xmlParserCtxtPtr c), (c))
DYNLIB_FORWARD_VOID(xmlFreeURI, (xmlURIPtr u), (u))
DYNLIB_FORWARD(xmlChar *, xmlGetProp, (const xmlNode *n, const xmlChar *name), (n, name))
DYNLIB_FORWARD(xmlAttrPtr, xmlHasProp, (const xmlNode *n, const xmlChar *name), (n, name))
DYNLIB_FORWARD(xmlChar *, xmlNodeGetContent, (const xmlNode *n), (n))
DYNLIB_FORWARD(int, xmlParseDocument, (xmlParserCtxtPtr c), (c))
DYNLIB_FORWARD(xmlURIPtr, xmlParseURI, (const char *s), (s))
DYNLIB_FORWARD(xmlDocPtr, xmlReadMemory,
	       (const char *b, int n, const char *url, const char *enc, int o), (b, n, url, enc, o))
DYNLIB_FORWARD_VOID(xmlSAX2InitHtmlDefaultSAXHandler, (xmlSAXHandler * h), (h))
DYNLIB_FORWARD(xmlChar *, xmlStrdup, (const xmlChar *s), (s))
DYNLIB_FORWARD(int, xmlSwitchEncoding, (xmlParserCtxtPtr c, xmlCharEncoding e), (c, e))
DYNLIB_FORWARD(int, xmlSwitchToEncoding, (xmlParserCtxtPtr c, xmlCharEncodingHandlerPtr h), (c, h))
