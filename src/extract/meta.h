/*
 * meta — internal to extract: page metadata from <head>, OpenGraph, JSON-LD, microdata and
 * the body's own markup (<time>, rel=author, byline classes, the first <h1>).
 *
 * Every field is a candidate list collapsed to the best source seen: JSON-LD first, then
 * OpenGraph/article meta, then microdata, then visible markup. Strings are collapsed
 * (whitespace) and owned by struct page_meta; meta_release frees them. JSON-LD is parsed
 * with jansson, only from <script type="application/ld+json">, each script capped at 2 MB
 * and walked no deeper than 8 levels. Thread-safety: reentrant.
 */
#ifndef EXTRACT_META_H
#define EXTRACT_META_H
#include <libxml/tree.h>

enum { META_SLOTS = 12 };

struct page_meta {
	char *title_tag, *og_title, *ld_headline, *h1;
	char *site, *image, *canonical, *lang, *author, *date, *ld_body;
	int site_rank, image_rank, canonical_rank, lang_rank, author_rank, date_rank;
	int h1_count;
	xmlNode *h1_node;   /* the first <h1>, whose text is h1 */
	char *h1_head;      /* its text up to a block inside it (an unclosed <h1> runs on) */
	bool h1_home;       /* it is only a link to the site's front page: a logo */
	char *tw_data1;     /* twitter:data1, the author when twitter:label1 says "Written by" */
	bool tw_written_by;
	int ld_lookups;     /* JSON-LD articles whose author @id was looked up */
	char *ld_product;   /* the longest JSON-LD Product description (html.c's product_text) */
};

void meta_collect(xmlDoc *doc, const char *url, struct page_meta *m);
void meta_release(struct page_meta *m);
/* Collapsed text of n's subtree, at most max bytes of it read; caller frees. */
char *meta_node_text(xmlNode *n, size_t max);
#endif
