/*
 * content — internal to extract: find the main content of a parsed page and decide, node by
 * node, what of it is kept.
 *
 * content_find scores the page (see content.c), picks the container(s) that hold the
 * article, and marks boilerplate inside them hidden. content_keep is the render_keep_fn
 * the writers use with it. The state points into the document (xmlNode._private is used
 * for per-node numbers), so it lives no longer than the document; content_release frees it.
 * Limits: at most CONTENT_MAX_PARTS containers. Thread-safety: reentrant.
 */
#ifndef EXTRACT_CONTENT_H
#define EXTRACT_CONTENT_H
#include <libxml/tree.h>
#include <stdbool.h>
#include <stdint.h>

#define CONTENT_MAX_PARTS 64
#define CONTENT_TAG_CACHE 64   /* a power of two */
#define CONTENT_SEEN 1024      /* a power of two: at most half of it is filled */

struct ninfo;

struct content {
	xmlDoc *doc;
	struct ninfo *ni;
	size_t n, cap;
	xmlNode *parts[CONTENT_MAX_PARTS];
	size_t nparts;
	const char *title;      /* a block equal to it is not body */
	bool lenient;           /* class/id hints but comment ignored (the retry when they hid everything) */
	bool keep_links;        /* link density hides nothing (the last retry: a page of links) */
	/* walk state */
	int link_depth, card_depth;
	bool cut;
	size_t words_seen;
	float part_prose;
	xmlNode *part;          /* the part being cleaned, and its text */
	uint32_t part_text;
	struct {                /* the kept blocks' text hashes (content.c repeats_kept) */
		uint64_t hash;
		xmlNode *node;
	} *seen;
	size_t nseen;
	xmlNode *items;         /* a list of repeated items chosen as the content (keep its links) */
	xmlNode *best;          /* the best-scored candidate, before gather/widen/items */
	xmlNode *landmark;      /* the page's <main> or role=main (content.c landmark) */
	unsigned nlandmarks;    /* how many, not counting one nested in another */
	/* element name pointer → tag id and classes (content.c tag_of) */
	const xmlChar *tc_name[CONTENT_TAG_CACHE];
	uint16_t tc_info[CONTENT_TAG_CACHE];
};

/* lenient: of the class/id hints only comment, consent and page-furniture words (footer,
 * newsletter, navigation...) count, for the retry when the strict pass found almost nothing
 * on a page that has text (sites whose every wrapper is called "widget" or "module"). */
enum { CONTENT_LENIENT = 1, CONTENT_KEEP_LINKS = 2 };
void content_find(struct content *c, xmlDoc *doc, const char *title, unsigned mode);
/* Non-space characters of visible text in the whole document (after content_find). */
size_t content_page_text(const struct content *c);
bool content_keep(void *ctx, xmlNode *n);
void content_release(struct content *c);
#endif
