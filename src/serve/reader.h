/*
 * reader — what a user reads and does, as data: the one layer both the web pages and the
 * JSON API call, so they cannot disagree. Every function takes the user id and only ever
 * touches that user's subscriptions and state: an article or feed of someone else's is
 * "not found" (return 1), never an error that reveals it exists.
 *
 * JSON shapes:
 *   article (list): {id, feed, feed_title, folder, title, url, author, published (ISO),
 *                    words, minutes, image, read, starred, story_id, summary, cursor}
 *                   (cursor: pass as `before` for the next page, see reader_cursor_parse)
 *   article (one):  list fields + {html (sanitized by extract_sanitize_fragment), copies:
 *                    [{id, feed_title, url}] (folded copies of it)}
 *   feed: {id, url, title, site_url, folder, kind, fulltext, last_fetch, last_success,
 *          last_status, last_error, error_count, next_fetch, articles, unread}
 *   search (best first: FTS5 bm25, a title match weighing READER_TITLE_WEIGHT body matches,
 *           among the user's READER_RANK_WINDOW newest matches, which is all of them for most
 *           queries; scoring every match of a word found in most articles would break the
 *           10 ms page budget): [{story_id|null, title, articles:[{id, title, url, feed_title, published,
 *            read, snippet_html}]}] — snippet_html is escaped text with <mark> around hits.
 *
 * Ownership: *out is a new reference. Errors: -1 and *err (caller frees); 1 = not found.
 * Limits: lists return at most READER_MAX_LIMIT rows; search queries are cut at 256 bytes
 * and 16 terms, each term quoted so FTS5 syntax in user input is inert.
 * Thread-safety: one store per thread.
 */
#ifndef SERVE_READER_H
#define SERVE_READER_H
#include "store/store.h"
#include "util/buf.h"
#include <jansson.h>
#include <stdint.h>

#define READER_MAX_LIMIT 200
#define READER_RANK_WINDOW 1000   /* newest matches ranked by bm25 */
#define READER_TITLE_WEIGHT 10.0

enum reader_view { READER_UNREAD = 0, READER_ALL, READER_STARRED, READER_READ };

struct reader_filter {
	enum reader_view view;
	int64_t feed_id;          /* 0: any */
	const char *folder;       /* NULL: any */
	int64_t story_id;         /* 0: any */
	int limit;                /* 0: 50 */
	int offset;               /* capped at 10000; prefer the cursor */
	/* Keyset paging: only articles strictly older than (before_ts, before_id) in the list's
	 * order, so page 50 costs what page 1 does. has_before 0: from the newest. */
	int has_before;
	int64_t before_ts, before_id;
};

/* A list cursor is "<time>_<id>" of the last article shown (its "cursor" field): parse it
 * into f->before_*; 0 ok, -1 malformed (f unchanged). */
int reader_cursor_parse(const char *s, struct reader_filter *f);

int reader_articles(struct store *st, int64_t user, const struct reader_filter *f, json_t **out, char **err);
int reader_article(struct store *st, int64_t user, int64_t id, json_t **out, char **err);
int reader_search(struct store *st, int64_t user, const char *query, int limit, json_t **out, char **err);
int reader_feeds(struct store *st, int64_t user, json_t **out, char **err);
int reader_folders(struct store *st, int64_t user, json_t **out, char **err);  /* ["A", ...] */
/* Change a subscription: title/folder (NULL: unchanged, "" clears) and the feed's full-text
 * setting ("auto", "always", "never"; NULL unchanged). */
int reader_feed_update(struct store *st, int64_t user, int64_t feed, const char *title,
		       const char *folder, const char *fulltext, char **err);
int reader_feed_remove(struct store *st, int64_t user, int64_t feed, char **err);
/* Subscribe to url (a feed, or a site whose feed is discovered), then fetch it once so the
 * user sees articles right away. *feed is the new feed id. */
int reader_feed_add(struct store *st, int64_t user, const char *url, const char *folder,
		    int allow_private, int64_t *feed, char **err);
/* Fetching is the refresher's (serve/refresher.c); the server setup installs it here so the
 * reader layer does not depend on it: fetch_now fetches one feed just added, wake asks the
 * background refresher to run now. Either may be NULL (the feed is then fetched on the next
 * scheduled run). Set once before the server starts. */
void reader_set_fetcher(void (*fetch_now)(struct store *st, int64_t feed, int allow_private),
			void (*wake)(void));
/* Feeds were subscribed without a fetch (a sync client's subscription/edit, an OPML import):
 * wake the background refresher so they are fetched now, not at its next scheduled run.
 * A no-op when no refresher runs. */
void reader_feeds_added(void);
/* OPML in and out. *added counts new subscriptions. */
int reader_import_opml(struct store *st, int64_t user, const char *data, size_t len, int *added, char **err);
int reader_export_opml(struct store *st, int64_t user, struct buf *out, char **err);
#endif
