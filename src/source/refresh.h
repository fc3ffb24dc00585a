/*
 * refresh — the driver behind `newsfold refresh` and the web server's background refresher:
 * due feeds in, articles stored.
 *
 * refresh_run selects the feeds to fetch (every due feed; one feed by ID or URL; or all),
 * fetches them in one fetch_run, and for each result, in completion order:
 *   304        feed bookkeeping only (no parse);
 *   200        feed_parse, articles_upsert every entry (text from the entry's content or
 *              summary), feed metadata (title when it has none, site URL, validators);
 *   failure    error_count + 1, last_error, next_fetch backed off exponentially
 *              (REFRESH_BACKOFF_MIN * 2^(errors-1), at most REFRESH_BACKOFF_MAX) and never
 *              before a Retry-After.
 * EVERY FEED IS ONE TRANSACTION: a feed's articles and its bookkeeping commit together, so a
 * kill -9 loses at most the feed in flight; a database error on one feed is recorded as that
 * feed's error and the others go on. A chain of permanent redirects (301/308) moves the
 * stored URL (unless another feed already has it). The fetch interval adapts: a feed that
 * published new entries comes back sooner (towards half the gap between its entries), one
 * that did not comes back later, within [REFRESH_INTERVAL_MIN, REFRESH_INTERVAL_MAX].
 *
 * Full text (feeds.fulltext): after the feeds, pages of new or changed entries are fetched
 * and run through extract_html when the feed says "always", or "auto" and the entry carries
 * only a short summary; the extracted text/html replace the entry's when longer. Only for
 * http(s) feeds and http(s) links (file:// is never read for a link), at most
 * max_fulltext_per_feed pages per feed per run, each page update its own transaction.
 *
 * After each committed feed, refresh calls refresh_after_feed (refresh.c) with the ids of the
 * new or changed articles (per-feed hook). After the whole run, when anything was new or
 * changed and opts->cluster, refresh_after_run calls cluster_update once (fold + cluster the
 * unassigned articles; its failure is logged, never undoes stored feeds).
 *
 * Ownership: opts are borrowed. Errors: -1 and *err only when nothing could be done
 * (bad --feed, database unreadable); per-feed failures are counted in stats and stored on
 * the feed. Thread-safety: one refresh_run per store handle.
 */
#ifndef SOURCE_REFRESH_H
#define SOURCE_REFRESH_H
#include "fetch/fetch.h"
#include "store/store.h"
#include <stddef.h>
#include <stdint.h>

#define REFRESH_BACKOFF_MIN 300         /* 5 minutes after the first failure */
#define REFRESH_BACKOFF_MAX 86400       /* never more than a day between attempts */
#define REFRESH_INTERVAL_MIN 900        /* 15 minutes */
#define REFRESH_INTERVAL_MAX 86400

struct refresh_opts {
	const char *feed;               /* only this feed (ID or URL), due or not; NULL: due feeds */
	int all;                        /* every feed, due or not */
	struct fetch_opts fetch;        /* caps, timeouts, allow_private, progress bar */
	int fulltext;                   /* 1: honour feeds.fulltext (default); 0: never fetch pages */
	size_t max_fulltext_per_feed;   /* default 20 */
	int log_lines;                  /* one plain line per feed on stderr */
	int cluster;                    /* 1 (default): cluster_update after the run */
	int64_t now;                    /* 0: the clock (tests pin it) */
};

struct refresh_stats {
	size_t feeds, ok, not_modified, failed;
	int64_t new_articles, updated_articles, fulltext_pages;
	int64_t clustered;              /* articles cluster_update assigned to stories */
	int64_t errors;                 /* == failed, as the progress bar's counter */
};

void refresh_opts_default(struct refresh_opts *o);
int refresh_run(struct store *st, const struct refresh_opts *o, struct refresh_stats *out, char **err);

/* The policies, pure so they can be tested: delay before retry after `errors` consecutive
 * failures (>= 1), honouring retry_after (< 0: none); and the next interval. dates are the
 * entries' publication times (DATE_NONE entries ignored). */
int64_t refresh_backoff(int errors, int64_t retry_after);
int64_t refresh_adapt_interval(int64_t old, int64_t n_new, const int64_t *dates, size_t n);
#endif
