/*
 * feed — the parsed form of a feed document, whatever its format, and the parser entry.
 *
 * feed_parse detects the format (RSS 0.90-2.0, RSS 1.0/RDF, Atom 0.3/1.0, JSON Feed 1.x),
 * decodes the bytes to UTF-8 (HTTP charset, BOM, XML declaration, sniffing), and fills a
 * struct feed. Ill-formed input is parsed as far as possible and flagged: bozo = 1 with a
 * reason; a document that yields nothing usable returns -1 with *err set.
 * Security: the XML parser never loads external entities or DTDs, never touches the network
 * and does not expand entities recursively (billion laughs); inputs over opts->max_bytes
 * (default 64 MB) and more than opts->max_entries entries (default 100,000) are cut.
 *
 * Ownership: *out is owned by the caller, freed with feed_free (NULL-safe). All strings are
 * UTF-8, NUL-terminated, NULL when absent. Dates are Unix seconds UTC, DATE_NONE when absent.
 * URLs (link, entry links, enclosure URLs) are resolved against xml:base / the document URL.
 * Thread-safety: reentrant (libxml2 must be initialised once by the program: feed_global_init).
 */
#ifndef PARSE_FEED_H
#define PARSE_FEED_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <jansson.h>

struct fx_arena;

struct feed_enclosure {
	char *url, *type;
	int64_t length;                 /* -1 when unknown */
};

struct feed_entry {
	char *id, *link, *title;
	char *summary, *content;        /* as given: HTML or text */
	char *summary_type, *content_type; /* "text/html", "text/plain", "application/xhtml+xml" */
	char **authors;
	size_t n_authors;
	int64_t published, updated;
	char **categories;
	size_t n_categories;
	struct feed_enclosure *enclosures;
	size_t n_enclosures;
	char *image;                    /* media:thumbnail / JSON Feed image, if any */
	char *lang;
	char *comments;                 /* RSS <comments> URL */
	json_t *extra;                  /* feedparser-shaped details (title_detail, links, tags,
					   author_detail, source, ...); NULL or an object we own */
	struct fx_arena *fx;            /* parse-internal: the XML parser's extras before they
					   become extra (see parse/fx.h); NULL or ours */
};

struct feed {
	char *format;                   /* feedparser's names: "rss20", "rss10", "rss090", "rss091u",
					   "atom10", "atom03", "json1", "json11", ... */
	int bozo;
	char *bozo_reason;
	char *encoding;                 /* what the bytes were decoded from */
	char *title, *link, *description, *language, *image, *generator, *author, *icon;
	int64_t updated;
	int64_t published;
	char *id, *rights;
	struct feed_entry *entries;
	size_t n_entries, cap_entries;
	json_t *extra;                  /* feedparser-shaped details, as for entries */
	struct fx_arena *fx;            /* parse-internal, as for entries */
};

struct feed_parse_opts {
	const char *url;                /* document URL, base for relative links; may be NULL */
	const char *content_type;       /* HTTP Content-Type header, for the charset; may be NULL */
	size_t max_bytes;               /* 0 = default */
	size_t max_entries;             /* 0 = default */
	const char *content_language;   /* HTTP Content-Language, default language; may be NULL */
	int xml_path;                   /* enum feed_xml_path: which XML parser (tests, benchmarks) */
};

/* RSS/Atom documents are read by a one-pass tokenizer (xmltok.c) when they are well-formed,
 * else by libxml2 in recover mode; both give the same result where both apply. AUTO picks;
 * the others force one (FAST fails with an error naming why when it cannot). */
enum feed_xml_path { FEED_XML_AUTO, FEED_XML_LIBXML2, FEED_XML_FAST };

#define FEED_MAX_BYTES_DEFAULT (64u << 20)
#define FEED_MAX_ENTRIES_DEFAULT 100000u

void feed_global_init(void);
int feed_parse(const char *data, size_t len, const struct feed_parse_opts *opts,
	       struct feed **out, char **err);
/* feed_parse for a caller that only prints the result (feed_json_dumps, feed_print_json,
 * feed_json_text): the same feed, except that the extras the XML parser keeps in its
 * arena (parse/fx.h) are not copied into f->extra and the entries' extra (NULL there).
 * The writers read them in the arena, so the JSON is byte for byte feed_parse's, without
 * a jansson tree built per document only to be printed. */
int feed_parse_to_print(const char *data, size_t len, const struct feed_parse_opts *opts,
			struct feed **out, char **err);
void feed_free(struct feed *f);
/* The `newsfold parse` JSON shape (see README): new reference, caller decrefs. */
json_t *feed_to_json(const struct feed *f);
/* The same JSON, compact, written to out with a newline without building the whole tree
 * (what `newsfold parse` prints). 0, or -1 on a write error. */
int feed_print_json(const struct feed *f, FILE *out);
/* json_dumps(feed_to_json(f), JSON_COMPACT) without the tree: malloc'd, caller frees. */
char *feed_json_dumps(const struct feed *f);
/* The same text appended to b (util/buf.h), which keeps its memory for the next: for a
 * caller writing many documents. */
struct buf;
void feed_json_append(const struct feed *f, struct buf *b);
/* Parse and print in one go, the way `newsfold parse` does: entries are written out as
 * they complete and freed, so memory stays small whatever the feed's size. 0, or -1 with
 * *err (nothing printed when parsing failed). */
int feed_parse_print(const char *data, size_t len, const struct feed_parse_opts *opts, FILE *out,
		     char **err);
/* Cheap check used by discovery: does this look like a feed document at all? */
int feed_sniff(const char *data, size_t len);
#endif
