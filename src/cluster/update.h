/*
 * update — the live pipeline's clustering step: fold and cluster every stored article not
 * yet assigned (articles.story_id IS NULL), in arrival order (articles.id), with the same
 * engine as `newsfold cluster`, and persist the decisions (articles.canonical_id /
 * story_id, stories, story_why) one transaction per batch of CLUSTER_UPDATE_BATCH articles.
 *
 * The engine's index lives in memory only: each call first rebuilds it by replaying the
 * decisions already stored for articles fetched in the last CLUSTER_REBUILD_DAYS days
 * (before the newest assigned one), so a restart, a split or a crash between batches never
 * loses or duplicates anything: unassigned rows are simply picked up again.
 * An article's time is its published date, or its fetch time when the date is missing or
 * more than a day after the fetch (a future date).
 *
 * Call it after a refresh or ingest has committed. Returns the number of articles assigned
 * (>= 0), or -1 with *err (caller frees). Thread-safety: one store per thread.
 */
#ifndef CLUSTER_UPDATE_H
#define CLUSTER_UPDATE_H
#include "store/store.h"
#include <stdint.h>

#define CLUSTER_UPDATE_BATCH 256
#define CLUSTER_REBUILD_DAYS 14

int cluster_update(struct store *st, char **err);
/* Recompute a story's counts and first/last seen from its articles. 0 or -1 and *err. */
int cluster_story_recount(struct store *st, int64_t story, char **err);
#endif
