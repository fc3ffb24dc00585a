/*
 * xtrec.h — records SAX2 events as text, from xmltok or from libxml2 configured exactly as
 * xmlfeed.c configures it, so the two can be compared (test_parse_xmltok, fuzz_feed_xmltok).
 * Adjacent character events are merged: how text is split into pieces is not part of the
 * contract, since xmlfeed.c only ever appends it. The first error (level >= XML_ERR_ERROR)
 * is kept as "line N: message" from either: xmltok recovers from a few as libxml2 does.
 */
#ifndef XTREC_H
#define XTREC_H
#include "parse/xmltok.h"
#include "util/buf.h"

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <stdio.h>
#include <string.h>

struct xtrec {
	struct buf out;
	int error;        /* an error was reported (level >= XML_ERR_ERROR, or not well-formed) */
	char first[600];  /* the first reported error, "line N: message", "" when none */
};

/* Keep the first error as "line N: message" with the trailing newline cut. */
static void xtrec_note(struct xtrec *r, int line, const char *msg)
{
	size_t n;
	r->error = 1;
	if (r->first[0])
		return;
	snprintf(r->first, sizeof r->first, "line %d: %s", line, msg ? msg : "(null)");
	n = strlen(r->first);
	while (n && (r->first[n - 1] == '\n' || r->first[n - 1] == ' '))
		r->first[--n] = '\0';
}

static void xtrec_s(struct buf *b, const xmlChar *s)
{
	buf_puts(b, s ? (const char *)s : "(null)");
}

static void xtrec_start(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
			int nb_ns, const xmlChar **ns, int nb_attrs, int nb_def, const xmlChar **a)
{
	struct buf *b = &((struct xtrec *)ctx)->out;
	buf_putc(b, '<');
	xtrec_s(b, prefix);
	buf_putc(b, ':');
	xtrec_s(b, local);
	buf_putc(b, '{');
	xtrec_s(b, uri);
	buf_putc(b, '}');
	for (int i = 0; i < nb_ns; i++) {
		buf_puts(b, " ns(");
		xtrec_s(b, ns[2 * i]);
		buf_putc(b, '=');
		xtrec_s(b, ns[2 * i + 1]);
		buf_putc(b, ')');
	}
	for (int i = 0; i < nb_attrs; i++, a += 5) {
		buf_putc(b, ' ');
		xtrec_s(b, a[1]);
		buf_putc(b, ':');
		xtrec_s(b, a[0]);
		buf_putc(b, '{');
		xtrec_s(b, a[2]);
		buf_puts(b, "}=[");
		buf_append(b, a[3], (size_t)(a[4] - a[3]));
		buf_putc(b, ']');
	}
	buf_printf(b, " def=%d>", nb_def);
}

static void xtrec_end(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
	struct buf *b = &((struct xtrec *)ctx)->out;
	buf_puts(b, "</");
	xtrec_s(b, prefix);
	buf_putc(b, ':');
	xtrec_s(b, local);
	buf_putc(b, '{');
	xtrec_s(b, uri);
	buf_puts(b, "}>");
}

static void xtrec_chars(void *ctx, const xmlChar *s, int n)
{
	struct buf *b = &((struct xtrec *)ctx)->out;
	buf_append(b, s, (size_t)n);
}

static void xtrec_error(void *ctx, xmlErrorPtr err)
{
	if (err && err->level >= XML_ERR_ERROR)
		xtrec_note(ctx, err->line, err->message);
}

static void xtrec_fast_error(void *ctx, int line, const char *msg)
{
	xtrec_note(ctx, line, msg);
}

/* xmltok's events into r; its return value. With recovery (as xmlfeed.c runs it) when
 * recover is set, else strict (well-formed documents only). */
static int xtrec_fast_mode(struct xtrec *r, const char *doc, size_t len, const char **why,
			   int recover)
{
	static const struct xmltok_sax strict = { xtrec_start, xtrec_end, xtrec_chars, NULL };
	static const struct xmltok_sax rec = { xtrec_start, xtrec_end, xtrec_chars,
					       xtrec_fast_error };
	buf_reset(&r->out);
	r->error = 0;
	r->first[0] = '\0';
	return xmltok_parse(doc, len, recover ? &rec : &strict, r, why);
}

static int xtrec_fast(struct xtrec *r, const char *doc, size_t len, const char **why)
{
	return xtrec_fast_mode(r, doc, len, why, 1);
}

/* libxml2's events into r, set up as xmlfeed.c sets it up. */
static void xtrec_libxml2(struct xtrec *r, const char *doc, size_t len)
{
	xmlParserCtxtPtr ctxt = xmlCreateMemoryParserCtxt(doc, (int)len);
	buf_reset(&r->out);
	r->error = 0;
	r->first[0] = '\0';
	if (!ctxt) {
		r->error = 1;
		return;
	}
	memset(ctxt->sax, 0, sizeof *ctxt->sax);
	ctxt->sax->initialized = XML_SAX2_MAGIC;
	ctxt->sax->startElementNs = xtrec_start;
	ctxt->sax->endElementNs = xtrec_end;
	ctxt->sax->characters = xtrec_chars;
	ctxt->sax->cdataBlock = xtrec_chars;
	ctxt->sax->serror = xtrec_error;
	ctxt->userData = r;
	xmlCtxtUseOptions(ctxt, XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOWARNING |
					XML_PARSE_IGNORE_ENC | XML_PARSE_NOERROR);
	xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8);
	ctxt->encoding = xmlStrdup((const xmlChar *)"UTF-8");
	xmlParseDocument(ctxt);
	if (!ctxt->wellFormed || !ctxt->nsWellFormed)
		r->error = 1;
	ctxt->sax->serror = NULL;
	if (ctxt->myDoc)
		xmlFreeDoc(ctxt->myDoc);
	ctxt->myDoc = NULL;
	xmlFreeParserCtxt(ctxt);
}
#endif
