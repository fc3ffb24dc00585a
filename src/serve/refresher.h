/*
 * refresher — the server's background thread that keeps feeds fresh, and the one-feed
 * fetch used when a user adds a feed.
 *
 * The thread opens its own store, runs refresh_run over the due feeds (which folds and clusters what arrived; refresh decides what
 * is due from feeds.next_fetch, which it adapts per feed: sooner for feeds that publish
 * often, backed off exponentially on errors and never before a Retry-After; conditional GET
 * honours ETag/Last-Modified), then sleeps until the earliest next_fetch (at least
 * REFRESHER_MIN_SLEEP, at most REFRESHER_MAX_SLEEP) or until refresher_stop wakes it.
 * Ownership: refresher_start returns a handle refresher_stop joins and frees (NULL-safe).
 * Errors: -1 and *err when the thread cannot start; refresh failures are logged and the
 * loop goes on. Thread-safety: refresher_stop from the thread that started it.
 */
#ifndef SERVE_REFRESHER_H
#define SERVE_REFRESHER_H
#include "store/store.h"
#include <stdint.h>

#define REFRESHER_MIN_SLEEP 5
#define REFRESHER_MAX_SLEEP 300

struct refresher;
int refresher_start(const char *db_path, int allow_private, struct refresher **out, char **err);
void refresher_stop(struct refresher *r);
/* Wake the running refresher now (feeds were added); a no-op when none runs. */
void refresher_kick(void);
/* Fetch one feed now on the caller's store (a feed just added); errors are stored on the
 * feed row, where the feeds page shows them. */
void refresher_fetch_now(struct store *st, int64_t feed, int allow_private);
#endif
