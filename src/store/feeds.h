/*
 * feeds — feed rows and subscriptions.
 *
 * A feed row is global (fetched once for all users); a subscription ties it to a user with
 * that user's title and folder. The command line acts as user 1 (STORE_LOCAL_USER).
 * Ownership: struct store_feed strings belong to the struct; store_feed_release frees them,
 * store_feeds_free frees an array from store_feeds_list. Errors: -1 and *err.
 */
#ifndef STORE_FEEDS_H
#define STORE_FEEDS_H
#include "store/store.h"
#include <stddef.h>
#include <stdint.h>

#define STORE_LOCAL_USER 1

struct store_feed {
	int64_t id;
	char *url, *kind, *title, *site_url, *description, *folder, *etag, *last_modified;
	char *last_error, *fulltext;
	int64_t last_fetch, last_success, next_fetch, interval;
	int last_status, error_count;
	int64_t n_articles, n_unread;
};

/* Insert the feed if its URL is new and subscribe user_id. *id is the feed id; *created is 1
 * when the subscription is new for user_id (the feed row may be another user's already),
 * 0 when they had it (title/folder then updated where given). title/folder may be NULL. */
int store_feed_add(struct store *st, int64_t user_id, const char *url, const char *kind,
		   const char *title, const char *folder, int64_t *id, int *created, char **err);
/* Look up by numeric id or URL text; 0 found, 1 not found, -1 error. */
/* Record the site a feed belongs to (discovery's page, OPML's htmlUrl) unless one is
 * already known (refresh learns it from the feed itself). */
int store_feed_keep_site_url(struct store *st, int64_t id, const char *site, char **err);
int store_feed_find(struct store *st, const char *id_or_url, int64_t *id, char **err);
int store_feed_get(struct store *st, int64_t user_id, int64_t id, struct store_feed *out, char **err);
/* All feeds user_id subscribes to (user_id 0: every feed), ordered by folder, title. */
int store_feeds_list(struct store *st, int64_t user_id, struct store_feed **out, size_t *n, char **err);
/* Feeds whose next_fetch <= now (all of them when force), for refresh. */
int store_feeds_due(struct store *st, int64_t now, int force, struct store_feed **out, size_t *n, char **err);
/* Unsubscribe user_id; the feed and its articles are deleted when nobody subscribes. */
int store_feed_remove(struct store *st, int64_t user_id, int64_t id, char **err);
void store_feed_release(struct store_feed *f);
void store_feeds_free(struct store_feed *f, size_t n);
#endif
