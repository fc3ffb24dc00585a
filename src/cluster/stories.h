/*
 * stories — reading and editing the stories the cluster module stored, for the CLI and the
 * web reader. Nothing here clusters: cluster_update (cluster/update.h) assigns stored
 * articles to stories; these functions read the result and let a user correct it.
 *
 * Model (tables owned by cluster/schema.c):
 *   - an article is either canonical (articles.canonical_id IS NULL) or a copy of one
 *     (canonical_id = the canonical article: the EARLIEST copy to arrive); copies are never
 *     deleted, they are listed as "also published by ...";
 *   - every canonical article belongs to one story (articles.story_id = stories.id; copies
 *     carry their canonical's story_id too);
 *   - stories.id is the id of the article that started the story; stories about the same
 *     long-running subject share a thread (stories.thread_id = id of the thread's first story);
 *   - story_why holds, per article, why it was folded / joined / started a story.
 *
 * JSON shapes (all times are ISO 8601 UTC strings, ids are integers):
 *   story summary: {id, thread, title, first_seen, last_seen, articles, copies, sources,
 *                   outlets:[names], score, url (of the representative article)}
 *   story detail:  summary + {timeline:[{id, title, url, source, published, why,
 *                   copies:[{id, url, source, published, why}]}]}
 *                   where why = {kind:"new"|"join"|"fold"|"split", score, entities:[..],
 *                   terms:[..], target (story or article id), text:"grouped because: ..."}
 *   thread:        {id, stories:[story summary...]} oldest first
 *
 * Ownership: *out is a new json_t reference the caller json_decref's. Errors: -1 and *err
 * (caller frees); an unknown id is an error "no story N". Thread-safety: one store per thread.
 */
#ifndef CLUSTER_STORIES_H
#define CLUSTER_STORIES_H
#include "store/store.h"
#include <jansson.h>
#include <stdint.h>

struct stories_query {
	int limit;          /* 0: 30; capped at 1000 */
	int64_t since;      /* DATE_NONE or 0: no bound; else only stories with last_seen >= since */
	int64_t user_id;    /* 0: no per-user state; else adds "unread" counts */
	int with_articles;  /* 1: each summary also carries "timeline" as in story detail */
};

/* Top stories ranked by rank_score (breadth = distinct outlets, velocity, recency). */
int stories_top_json(struct store *st, const struct stories_query *q, json_t **out, char **err);
/* Canonical entries one timeline query returns at most: a detail's timeline is its first
 * STORIES_TIMELINE_MAX entries; stories_timeline_json reads the rest page by page. */
#define STORIES_TIMELINE_MAX 1000
/* One story with its timeline (its first STORIES_TIMELINE_MAX entries), folded copies and
 * why-records. */
int stories_detail_json(struct store *st, int64_t story_id, json_t **out, char **err);
/* The same without "timeline" (the summary and outlets), for a caller that pages it. */
int stories_head_json(struct store *st, int64_t story_id, json_t **out, char **err);
/* The timeline entries of story_id from position offset (0: the oldest; negative reads as 0)
 * on, at most limit of them (clamped to 0..STORIES_TIMELINE_MAX): a JSON array shaped as
 * the detail's "timeline". [] past the end or for an unknown story. No merge is followed:
 * pass the id a detail or head answered with. */
int stories_timeline_json(struct store *st, int64_t story_id, int64_t offset, int limit, json_t **out, char **err);
/* The thread a story belongs to: every story of it, oldest first. */
int stories_thread_json(struct store *st, int64_t story_id, json_t **out, char **err);
/* Move one canonical article (and its copies) out of its story into a new story of its
 * own (id = article id), recorded as why kind "split"; the cluster index is rebuilt from the
 * database on the next cluster_update, so the split sticks. */
int stories_split(struct store *st, int64_t article_id, char **err);
#endif
