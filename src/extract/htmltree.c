/*
 * htmltree.c — libxml2's HTML parser with an arena tree builder.
 *
 * The parser is set up exactly as htmlReadMemory sets it up (an XML memory context, the
 * HTML SAX handler, htmlDoRead's options and encoding steps); only the callbacks that
 * build the tree are ours. Each mirrors its SAX2.c counterpart for HTML documents
 * (xmlSAX2StartElement, xmlSAX2Text, xmlSAX2Comment, xmlSAX2ProcessingInstruction), so
 * the tree is the one htmlReadMemory builds: element names split at the first ':' like
 * xmlSplitQName, valueless boolean attributes given their name as value, adjacent text
 * (or CDATA) coalesced into one node, comments and PIs kept. libxml2's own code still
 * handles the document node, the DTD and the node stack (nodePush/nodePop, whose depth
 * limit halts the parse just as before). The parser reads the tree while parsing
 * (areBlanks looks at the current node's last child), which is why the nodes are real
 * xmlNodes rather than a smaller struct.
 *
 * What is left out is what nobody reads: the document's ID table, per-node name copies,
 * line numbers. tests/unit/test_htmltree.c and fuzz/fuzz_htmltree.c compare the two trees.
 */
#include "extract/htmltree.h"
#include "util/util.h"

#include <libxml/HTMLtree.h>
#include <libxml/SAX2.h>
#include <libxml/parserInternals.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_MIN (16u << 10)
#define ARENA_MAX (8u << 20)

struct chunk {
	struct chunk *next;
	size_t size;   /* of the data after the header (which keeps it 16-byte aligned) */
};

struct arena {
	struct chunk *chunks;
	char *p, *end;
	size_t next_size;
	xmlDictPtr dict;    /* names point into it */
	xmlNode *text;      /* the text node last appended to, and its length */
	size_t text_len;
};

/* ---- arena ----------------------------------------------------------------------------- */

/* One chunk per thread is kept from page to page: a fresh one would cost a page fault per
 * 4 KB touched, which was a tenth of the parse. Freed at thread exit. */
#define SPARE_MAX (8u << 20)
static pthread_key_t spare_key;
static pthread_once_t spare_once = PTHREAD_ONCE_INIT;

static void spare_drop(void *c)
{
	free(c);
}

static void spare_init(void)
{
	if (pthread_key_create(&spare_key, spare_drop) != 0)
		abort();
}

static struct chunk *spare_take(size_t need)
{
	pthread_once(&spare_once, spare_init);
	struct chunk *c = pthread_getspecific(spare_key);
	if (!c || c->size < need)
		return NULL;
	pthread_setspecific(spare_key, NULL);
	return c;
}

/* Keep the largest chunk up to SPARE_MAX; free the rest. */
static void spare_give(struct chunk *c)
{
	pthread_once(&spare_once, spare_init);
	struct chunk *old = pthread_getspecific(spare_key);
	if (c->size > SPARE_MAX || (old && old->size >= c->size)) {
		free(c);
		return;
	}
	free(old);
	pthread_setspecific(spare_key, c);
}

static void arena_chunk(struct arena *a, size_t need)
{
	size_t sz = a->next_size > need ? a->next_size : need;
	struct chunk *c = a->chunks ? NULL : spare_take(sz);
	if (c) {
		sz = c->size;
	} else {
		c = xmalloc(sizeof *c + sz);
		c->size = sz;
	}
	c->next = a->chunks;
	a->chunks = c;
	a->p = (char *)(c + 1);
	a->end = a->p + sz;
	if (a->next_size < ARENA_MAX)
		a->next_size *= 2;
}

static void *arena_node(struct arena *a, size_t n)
{
	uintptr_t at = ((uintptr_t)a->p + 7) & ~(uintptr_t)7;
	if (!a->p || at + n > (uintptr_t)a->end) {
		arena_chunk(a, n);
		at = (uintptr_t)a->p;
	}
	a->p = (char *)(at + n);
	memset((void *)at, 0, n);
	return (void *)at;
}

static xmlChar *arena_bytes(struct arena *a, size_t n)
{
	if (!a->p || n > (size_t)(a->end - a->p))
		arena_chunk(a, n);
	xmlChar *r = (xmlChar *)a->p;
	a->p += n;
	return r;
}

static xmlChar *arena_strndup(struct arena *a, const xmlChar *s, size_t n)
{
	xmlChar *r = arena_bytes(a, n + 1);
	memcpy(r, s, n);
	r[n] = 0;
	return r;
}

static xmlChar *arena_strdup(struct arena *a, const xmlChar *s)
{
	return s ? arena_strndup(a, s, strlen((const char *)s)) : NULL;
}

static void arena_free(struct arena *a)
{
	if (!a)
		return;
	for (struct chunk *c = a->chunks, *next; c; c = next) {
		next = c->next;
		spare_give(c);
	}
	xmlDictFree(a->dict);
	free(a);
}

/* ---- nodes ----------------------------------------------------------------------------- */

static xmlNode *node_new(struct arena *a, xmlElementType type, const xmlChar *name, xmlDoc *doc)
{
	xmlNode *n = arena_node(a, sizeof *n);
	n->type = type;
	n->name = name;
	n->doc = doc;
	return n;
}

/* xmlAddChild for what never merges (elements, comments, PIs, a first text node); with the
 * document as parent it is also xmlAddSibling after one of the document's children. */
static void link_child(xmlNode *parent, xmlNode *n)
{
	n->parent = parent;
	n->prev = parent->last;
	if (parent->last)
		parent->last->next = n;
	else
		parent->children = n;
	parent->last = n;
}

/* xmlSplitQName as xmlSAX2StartElement uses it: "fb:like" is element "like". */
static const xmlChar *local_name(xmlParserCtxtPtr ctxt, const xmlChar *full)
{
	if (full[0] == ':')
		return full;
	const char *c = strchr((const char *)full, ':');
	if (!c || !c[1])
		return full;
	const xmlChar *r = xmlDictLookup(ctxt->dict, (const xmlChar *)c + 1, -1);
	return r ? r : full;
}

static void add_attrs(struct arena *a, xmlNode *n, const xmlChar **atts)
{
	xmlAttr *tail = NULL;
	for (size_t i = 0; atts[i]; i += 2) {
		const xmlChar *name = atts[i], *value = atts[i + 1];
		if (!value && htmlIsBooleanAttr(name))
			value = name;
		xmlAttr *at = arena_node(a, sizeof *at);
		at->type = XML_ATTRIBUTE_NODE;
		at->name = name;
		at->parent = n;
		at->doc = n->doc;
		if (value) {
			xmlNode *t = node_new(a, XML_TEXT_NODE, xmlStringText, n->doc);
			t->content = arena_strdup(a, value);
			t->parent = (xmlNode *)at;
			at->children = at->last = t;
		}
		at->prev = tail;
		if (tail)
			tail->next = at;
		else
			n->properties = at;
		tail = at;
	}
}

/* ---- SAX callbacks --------------------------------------------------------------------- */

static void on_start(void *ctx, const xmlChar *fullname, const xmlChar **atts)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct arena *a = ctxt->_private;
	xmlDoc *doc = ctxt->myDoc;
	if (!fullname || !doc)
		return;
	xmlNode *parent = ctxt->node;
	xmlNode *n = node_new(a, XML_ELEMENT_NODE, local_name(ctxt, fullname), doc);
	bool first = doc->children == NULL;
	if (first)
		link_child((xmlNode *)doc, n);
	/* past libxml2's depth limit nodePush halts the parser; the node is dropped */
	if (nodePush(ctxt, n) < 0) {
		if (first)
			doc->children = doc->last = NULL;
		return;
	}
	/* with no open element, xmlSAX2StartElement hangs the node under the document's first
	 * child when that is an element (the root), else after the document's children */
	if (!first && !parent)
		parent = doc->children;
	if (!first)
		link_child(parent->type == XML_ELEMENT_NODE ? parent : (xmlNode *)doc, n);
	if (atts)
		add_attrs(a, n, atts);
}

static void on_end(void *ctx, const xmlChar *name)
{
	(void)name;
	nodePop(ctx);
}

/* xmlSAX2Text: text (or CDATA) right after text of its kind in the same parent extends it */
static void on_text(xmlParserCtxtPtr ctxt, const xmlChar *s, int len, xmlElementType type)
{
	struct arena *a = ctxt->_private;
	xmlNode *parent = ctxt->node, *last;
	if (!parent || len < 0)
		return;
	last = parent->last;
	if (last && last->type == type &&
	    (type != XML_TEXT_NODE || last->name == xmlStringText)) {
		size_t old = last == a->text ? a->text_len : strlen((const char *)last->content);
		size_t n = old + (size_t)len;
		if (last == a->text && (char *)last->content + old + 1 == a->p &&
		    (size_t)len <= (size_t)(a->end - a->p)) {
			a->p += len;   /* it ends the arena: grow it in place */
		} else {
			/* room for as much again, so a long text grows in amortized linear time */
			if ((size_t)(a->end - a->p) < 2 * n + 1)
				arena_chunk(a, 2 * n + 1);
			xmlChar *c = arena_bytes(a, n + 1);
			memcpy(c, last->content, old);
			last->content = c;
		}
		memcpy(last->content + old, s, (size_t)len);
		last->content[n] = 0;
		a->text = last;
		a->text_len = n;
		return;
	}
	xmlNode *t = node_new(a, type, type == XML_TEXT_NODE ? xmlStringText : NULL, ctxt->myDoc);
	t->content = arena_strndup(a, s, (size_t)len);
	link_child(parent, t);
	a->text = t;
	a->text_len = (size_t)len;
}

static void on_chars(void *ctx, const xmlChar *s, int len)
{
	on_text(ctx, s, len, XML_TEXT_NODE);
}

static void on_cdata(void *ctx, const xmlChar *s, int len)
{
	on_text(ctx, s, len, XML_CDATA_SECTION_NODE);
}

static void on_comment(void *ctx, const xmlChar *value)
{
	xmlParserCtxtPtr ctxt = ctx;
	if (!ctxt->myDoc)
		return;
	xmlNode *n = node_new(ctxt->_private, XML_COMMENT_NODE, xmlStringComment, ctxt->myDoc);
	n->content = arena_strdup(ctxt->_private, value);
	link_child(ctxt->node ? ctxt->node : (xmlNode *)ctxt->myDoc, n);
}

static void on_pi(void *ctx, const xmlChar *target, const xmlChar *data)
{
	xmlParserCtxtPtr ctxt = ctx;
	if (!ctxt->myDoc || !target)
		return;
	struct arena *a = ctxt->_private;
	xmlNode *n = node_new(a, XML_PI_NODE, arena_strdup(a, target), ctxt->myDoc);
	n->content = arena_strdup(a, data);
	link_child(ctxt->node ? ctxt->node : (xmlNode *)ctxt->myDoc, n);
}

/* ---- public ---------------------------------------------------------------------------- */

/* The HTML SAX handler with our tree callbacks in place of SAX2's. */
static xmlSAXHandler sax;
static pthread_once_t sax_once = PTHREAD_ONCE_INIT;

static void sax_init(void)
{
	xmlSAX2InitHtmlDefaultSAXHandler(&sax);
	sax.startElement = on_start;
	sax.endElement = on_end;
	sax.characters = on_chars;
	sax.cdataBlock = on_cdata;
	sax.comment = on_comment;
	sax.processingInstruction = on_pi;
}

/* htmlReadMemory and htmlDoRead, with our handler and an arena */
xmlDoc *htmltree_parse(const char *data, size_t len, const char *encoding, int options)
{
	if (len > INT_MAX)
		return NULL;
	xmlInitParser();
	pthread_once(&sax_once, sax_init);
	xmlParserCtxtPtr ctxt = xmlCreateMemoryParserCtxt(data, (int)len);
	if (!ctxt)
		return NULL;
	memcpy(ctxt->sax, &sax, sizeof(xmlSAXHandlerV1));
	struct arena *a = xcalloc(1, sizeof *a);
	a->next_size = len / 2 < ARENA_MIN ? ARENA_MIN : len / 2 > ARENA_MAX ? ARENA_MAX : len / 2;
	a->dict = ctxt->dict;
	xmlDictReference(a->dict);
	ctxt->_private = a;
	htmlCtxtUseOptions(ctxt, options);
	ctxt->html = 1;
	if (encoding) {
		xmlCharEncodingHandlerPtr h = xmlFindCharEncodingHandler(encoding);
		if (h) {
			xmlSwitchToEncoding(ctxt, h);
			if (ctxt->input->encoding)
				xmlFree((xmlChar *)ctxt->input->encoding);
			ctxt->input->encoding = xmlStrdup((const xmlChar *)encoding);
		}
	}
	htmlParseDocument(ctxt);
	xmlDoc *doc = ctxt->myDoc;
	ctxt->myDoc = NULL;
	xmlFreeParserCtxt(ctxt);
	if (!doc) {
		arena_free(a);
		return NULL;
	}
	doc->_private = a;
	return doc;
}

/* libxml2 frees the document node and the DTD; the arena holds everything else */
void htmltree_free(xmlDoc *doc)
{
	if (!doc)
		return;
	struct arena *a = doc->_private;
	xmlNode *dtd = (xmlNode *)doc->intSubset;
	if (dtd)
		dtd->prev = dtd->next = NULL;
	doc->children = doc->last = dtd;
	doc->_private = NULL;
	xmlFreeDoc(doc);
	arena_free(a);
}
