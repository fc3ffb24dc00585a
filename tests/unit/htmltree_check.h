/*
 * htmltree_check.h — does htmltree_parse build the tree htmlReadMemory builds?
 *
 * Shared by tests/unit/test_htmltree.c and fuzz/fuzz_htmltree.c. Both documents are walked
 * in step (iteratively: hostile pages nest deep) comparing, node by node, the type, the
 * name, the text content, and the attributes (names and values in order). Namespace
 * declarations, line numbers and the ID table are left out: htmltree does not build them
 * and nothing in extract reads them. libxml2's side parses the page as htmltree_parse
 * does, with htmltree_prepare's repairs. htmltree_diff returns NULL when the trees match,
 * else a static description of the first difference.
 */
#ifndef HTMLTREE_CHECK_H
#define HTMLTREE_CHECK_H
#include "extract/htmltree.h"

#include <libxml/HTMLparser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int htc_streq(const xmlChar *a, const xmlChar *b)
{
	if (!a || !b)
		return a == b;
	return strcmp((const char *)a, (const char *)b) == 0;
}

/* The next attribute from x on, past those HTMLTREE_CUT leaves out when skip is set (a
 * page it does not cut keeps them) */
static const xmlAttr *htc_attr(const xmlAttr *x, int skip)
{
	while (x && skip && htmltree_attr_unread((const char *)x->name, strlen((const char *)x->name)))
		x = x->next;
	return x;
}

static const char *htc_node(const xmlNode *a, const xmlNode *b, char *why, size_t cap, int skip)
{
	if (a->type != b->type) {
		snprintf(why, cap, "type %d vs %d (name %s)", a->type, b->type,
			 a->name ? (const char *)a->name : "-");
		return why;
	}
	if (a->type != XML_DOCUMENT_NODE && a->type != XML_HTML_DOCUMENT_NODE &&
	    a->type != XML_CDATA_SECTION_NODE && !htc_streq(a->name, b->name)) {
		snprintf(why, cap, "name %s vs %s", a->name ? (const char *)a->name : "(null)",
			 b->name ? (const char *)b->name : "(null)");
		return why;
	}
	if (a->type == XML_TEXT_NODE || a->type == XML_CDATA_SECTION_NODE ||
	    a->type == XML_COMMENT_NODE || a->type == XML_PI_NODE) {
		if (!htc_streq(a->content, b->content)) {
			snprintf(why, cap, "content \"%.60s\" vs \"%.60s\"",
				 a->content ? (const char *)a->content : "(null)",
				 b->content ? (const char *)b->content : "(null)");
			return why;
		}
	}
	if (a->type != XML_ELEMENT_NODE)
		return NULL;
	const xmlAttr *x = htc_attr(a->properties, skip), *y = htc_attr(b->properties, skip);
	for (; x && y; x = htc_attr(x->next, skip), y = htc_attr(y->next, skip)) {
		const xmlNode *xv = x->children, *yv = y->children;
		if (!htc_streq(x->name, y->name) || !xv != !yv || (xv && (xv->next || yv->next)) ||
		    (xv && !htc_streq(xv->content, yv->content))) {
			snprintf(why, cap, "attribute %s on <%s>", (const char *)x->name,
				 (const char *)a->name);
			return why;
		}
	}
	if (x || y) {
		snprintf(why, cap, "attribute count on <%s>", (const char *)a->name);
		return why;
	}
	return NULL;
}

/* A <script>, <style> or <svg> element: its body is what HTMLTREE_CUT may leave out. */
static int htc_raw(const xmlNode *a)
{
	return a->type == XML_ELEMENT_NODE && a->name &&
	       (htc_streq(a->name, (const xmlChar *)"script") || htc_streq(a->name, (const xmlChar *)"style") ||
	        htc_streq(a->name, (const xmlChar *)"svg"));
}

/* The first difference between the trees; with skip_raw, what is under a <script>,
 * <style> or <svg> is not compared, nor are the attributes HTMLTREE_CUT leaves out. */
static const char *htmltree_diff_in(const xmlDoc *want, const xmlDoc *got, int skip_raw)
{
	static char why[256];
	if (!want || !got)
		return want == got ? NULL : "one document is NULL";
	const xmlNode *a = (const xmlNode *)want, *b = (const xmlNode *)got;
	for (;;) {
		const char *d = htc_node(a, b, why, sizeof why, skip_raw);
		if (d)
			return d;
		int leaf = skip_raw && htc_raw(a);
		if (!leaf && !a->children != !b->children)
			return snprintf(why, sizeof why, "children of <%s>",
					a->name ? (const char *)a->name : "doc"), why;
		if (!leaf && a->children) {
			a = a->children;
			b = b->children;
			continue;
		}
		while (!a->next || !b->next) {
			if (a->next || b->next)
				return snprintf(why, sizeof why, "siblings after <%s>",
						a->name ? (const char *)a->name : "?"), why;
			a = a->parent;
			b = b->parent;
			if (!a || !b)
				return a == b ? NULL : "parents differ";
			if (a == (const xmlNode *)want)
				return b == (const xmlNode *)got ? NULL : "parents differ";
		}
		a = a->next;
		b = b->next;
	}
}

static const char *htmltree_diff(const xmlDoc *want, const xmlDoc *got)
{
	return htmltree_diff_in(want, got, 0);
}

/* libxml2's tree of html with the repairs in `what` */
static xmlDoc *htmltree_libxml2(const char *html, size_t len, const char *encoding, int options,
				int what)
{
	size_t n = len;
	char *prepared = htmltree_prepare(html, len, encoding, what, &n);
	xmlDoc *d = htmlReadMemory(prepared ? prepared : html, (int)n, NULL, encoding, options);
	free(prepared);
	return d;
}

/* Does cutting script, style and svg bodies and unread attributes change anything else
 * in libxml2's tree? */
static const char *htmltree_check_cut(const char *html, size_t len, const char *encoding, int options)
{
	xmlDoc *whole = htmltree_libxml2(html, len, encoding, options, HTMLTREE_BLANK);
	xmlDoc *cut = htmltree_libxml2(html, len, encoding, options, HTMLTREE_BLANK | HTMLTREE_CUT);
	const char *d = htmltree_diff_in(whole, cut, 1);
	xmlFreeDoc(whole);
	xmlFreeDoc(cut);
	return d;
}

/* libxml2's own tree of the bytes htmltree_parse parses: unreadable attributes blanked,
 * script and style bodies cut */
static xmlDoc *htmltree_want(const char *html, size_t len, const char *encoding, int options)
{
	return htmltree_libxml2(html, len, encoding, options, HTMLTREE_BLANK | HTMLTREE_CUT);
}

/* Parse html both ways with the same options and compare. */
static const char *htmltree_check(const char *html, size_t len, const char *encoding, int options)
{
	xmlDoc *want = htmltree_want(html, len, encoding, options);
	xmlDoc *got = htmltree_parse(html, len, encoding, options);
	const char *d = htmltree_diff(want, got);
	xmlFreeDoc(want);
	htmltree_free(got);
	return d;
}
#endif
