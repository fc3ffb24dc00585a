/*
 * ingest — local documents into the store: `newsfold ingest PATH...`.
 *
 * A PATH is a file or a folder (walked recursively, names in byte order, dot-files
 * skipped, symlinks followed but each folder visited once, so loops end). By extension:
 *   .txt          extract_text   (title, date line, boilerplate lines dropped)
 *   .html .htm    extract_html   (main content, sanitized HTML, metadata)
 *   .xml .rss .atom .rdf .json   feed_parse, when feed_sniff accepts the bytes
 * Anything else is skipped and counted.
 *
 * Sources: every folder that holds .txt/.html documents becomes one feed row of kind
 * 'local' with URL file:///abs/folder (loose files go to their parent folder's row), titled
 * with the folder's name and filed under the folder "Local". A feed file is a source of
 * its own (kind 'local', URL file:///abs/file.xml, the feed's title), since its entries come
 * from one outlet and their guids are only unique within it.
 * Articles: guid and URL are the document's file URL (for feed entries: the entry's id and
 * link); published is the document's own date, else the file's mtime. Re-ingesting updates
 * rows by guid instead of duplicating them.
 *
 * Transactions: one per run; a database error rolls it all back. A file that cannot be
 * read or extracted is reported (log_warn) and counted, and the run goes on.
 * Limits: INGEST_MAX_DEPTH folder levels, INGEST_MAX_FILES files per run, INGEST_MAX_BYTES
 * per file. Errors: -1 and *err (caller frees). Thread-safety: one run per store.
 */
#ifndef SOURCE_INGEST_H
#define SOURCE_INGEST_H
#include "store/store.h"
#include <stddef.h>

#define INGEST_MAX_DEPTH 16
#define INGEST_MAX_FILES 20000
#define INGEST_MAX_BYTES (32u << 20)

struct ingest_stats {
	size_t files;          /* documents read */
	size_t added, updated, unchanged;   /* articles */
	size_t sources;        /* feed rows touched */
	size_t skipped;        /* not a document type we read, or over a cap */
	size_t failed;         /* unreadable or not extractable */
};

int ingest_paths(struct store *st, char *const *paths, size_t n, struct ingest_stats *stats, char **err);

/* file:///abs/path with bytes outside RFC 3986 unreserved and '/' percent-encoded. */
char *ingest_file_url(const char *abs_path);
#endif
