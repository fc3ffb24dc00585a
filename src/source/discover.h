/*
 * discover — from whatever URL a user typed to the URL of a feed newsfold can read.
 *
 * discover_feed fetches url (http, https or file; a bare "example.com" means https://).
 * If the document is a feed, that is the answer. If it is an HTML page, the candidates are
 * its <link rel="alternate"> tags for RSS, Atom, RDF and JSON Feed (in document order,
 * resolved against <base href> / the page URL), then, for http(s) only, the usual paths at
 * the site root (/feed, /rss.xml, /atom.xml, /index.xml, /feed.xml, /rss, /feed.json);
 * the first candidate that fetches and parses as a feed wins. The link-tag candidates are
 * fetched as one batch and the common paths as a second batch only when needed, so a
 * well-behaved site costs two requests.
 *
 * Errors: -1 with *err one line a user can act on: a bad URL, an unreachable host, an
 * HTTP error, or "no feed found at URL; tried: ...". The address policy of fetch applies
 * (allow_private for loopback/private targets).
 * Limits: at most DISCOVER_MAX_LINKS link candidates; bodies capped by fetch's max_body.
 * Ownership: *out's strings belong to it; discover_result_release frees them.
 * Thread-safety: reentrant (uses its own fetch_run).
 */
#ifndef SOURCE_DISCOVER_H
#define SOURCE_DISCOVER_H
#include <stddef.h>

#define DISCOVER_MAX_LINKS 16

struct discover_result {
	char *feed_url;     /* where the feed is (after a permanent redirect, its new home) */
	char *title;        /* the feed's own title, may be NULL */
	char *site_url;     /* the feed's link (or the page that named it), may be NULL */
	char *format;       /* feed_parse's format name, e.g. "rss20" */
	int via_page;       /* 1 when found through an HTML page */
};

int discover_feed(const char *url, int allow_private, struct discover_result *out, char **err);
void discover_result_release(struct discover_result *r);

/* The feed links an HTML page advertises, resolved against base (the page URL), in document
 * order, deduplicated, at most DISCOVER_MAX_LINKS. Returns the count; *out is a
 * NULL-terminated array the caller frees with discover_links_free. */
size_t discover_links(const char *html, size_t len, const char *base, char ***out);
void discover_links_free(char **links);

/* The URL a user typed, made fetchable: trimmed, "https://" added to a bare host name.
 * NULL when it is not a URL newsfold can fetch (caller frees). */
char *discover_clean_url(const char *typed);
#endif
