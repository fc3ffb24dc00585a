/*
 * schema.c — the cluster module's tables.
 *
 * stories: one row per story; id = the article that started it; thread_id = the first story
 *   of its thread; merged_into set when an article bridged two stories and this one was
 *   absorbed (its articles moved to the other story); counts are kept by cluster_update and
 *   stories_split (articles = canonical articles, copies = folded copies, sources = feeds).
 * story_why: per article, why it was folded / joined / started a story / split out; via: the
 *   earlier article a headline-only join matched (member link), else NULL.
 * Folding itself is articles.canonical_id; membership is articles.story_id (core schema).
 */
#include "store/schema.h"

#include <stddef.h>

static const char *const cluster_migrations[] = {
	/* 1 */
	"CREATE TABLE stories("
	"  id INTEGER PRIMARY KEY, thread_id INTEGER NOT NULL,"
	"  title TEXT, url TEXT,"
	"  first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL,"
	"  articles INTEGER NOT NULL DEFAULT 0, copies INTEGER NOT NULL DEFAULT 0,"
	"  sources INTEGER NOT NULL DEFAULT 0, merged_into INTEGER);"
	"CREATE INDEX stories_last ON stories(last_seen);"
	"CREATE INDEX stories_thread ON stories(thread_id);"
	"CREATE TABLE story_why("
	"  article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,"
	"  kind TEXT NOT NULL, target INTEGER, score REAL, containment REAL,"
	"  entities TEXT, terms TEXT, created INTEGER NOT NULL DEFAULT (unixepoch()));",
	/* 2: a headline-only join through one earlier headline of the story names it */
	"ALTER TABLE story_why ADD COLUMN via INTEGER;",
	NULL
};

const struct store_schema cluster_schema = { "cluster", cluster_migrations };
