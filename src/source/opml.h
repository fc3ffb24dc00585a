/*
 * opml — subscription lists in and out: OPML 1.0 / 2.0 with nested folders.
 *
 * Folders: a feed's folder is the path of the outlines that hold it, joined with '/'
 * ("Tech/Linux" for a feed inside <outline text="Tech"><outline text="Linux">). Export
 * splits the folder on '/' and nests outlines again, so import → export → import keeps
 * every feed's title, URL and folder (a folder title that itself contains '/' comes back
 * as nested folders with the same path text). Top-level feeds have folder NULL. An
 * OPML 2.0 `category="/A/B"` attribute on a top-level feed is used as its folder.
 *
 * Security: the document is hostile. libxml2 parses with XML_PARSE_NONET, no DTD loading
 * and no entity substitution; a document declaring entities is refused outright (OPML never
 * needs them, and this is the billion-laughs door). Caps: OPML_MAX_BYTES input,
 * OPML_MAX_OUTLINES outlines, OPML_MAX_DEPTH nesting, OPML_MAX_FIELD bytes per attribute.
 *
 * Ownership: opml_parse returns a struct opml the caller frees with opml_free (NULL-safe);
 * all strings in it are owned by it, UTF-8, NULL when absent.
 * Errors: -1 and *err (caller frees), one line a user can act on.
 * Thread-safety: reentrant (libxml2 must be initialised by the program).
 */
#ifndef SOURCE_OPML_H
#define SOURCE_OPML_H
#include "util/buf.h"
#include <stddef.h>

#define OPML_MAX_BYTES (16u << 20)
#define OPML_MAX_OUTLINES 100000
#define OPML_MAX_DEPTH 32
#define OPML_MAX_FIELD 4096

struct opml_feed {
	char *title;        /* text or title attribute; may be NULL */
	char *xml_url;      /* the feed URL (never NULL in a parsed document) */
	char *html_url;     /* the site, may be NULL */
	char *folder;       /* "A/B" path, or NULL at top level */
};

struct opml {
	char *title;        /* head/title, may be NULL */
	struct opml_feed *feeds;
	size_t n;
	size_t skipped;     /* outlines dropped: no usable URL, over a cap */
};

int opml_parse(const char *data, size_t len, struct opml **out, char **err);
void opml_free(struct opml *o);

/* Append an OPML 2.0 document listing feeds[0..n) to out (uncapped buf recommended).
 * Feeds may come in any order; they are grouped by folder path. Returns 0 or -1 when
 * out's cap is hit. */
int opml_write(struct buf *out, const char *title, const struct opml_feed *feeds, size_t n);
#endif
