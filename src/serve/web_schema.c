/*
 * web_schema.c — what the web reader adds to the database: an expression index so article
 * lists ordered by time (coalesce(published, fetched), id) read one index range instead of
 * sorting every article, which is what keeps a page under 10 ms at 100,000 articles.
 */
#include "store/schema.h"

#include <stddef.h>

static const char *const web_migrations[] = {
	/* 1 */
	"CREATE INDEX IF NOT EXISTS web_articles_time ON articles(coalesce(published, fetched), id);"
	"CREATE INDEX IF NOT EXISTS web_state_user ON article_state(user_id, read, starred);",
	/* 2: one feed's articles in time order, and per-feed counts without the table */
	"CREATE INDEX IF NOT EXISTS web_articles_feed_time ON articles(feed_id, canonical_id, coalesce(published, fetched), id);"
	/* read counts per feed from article_state without touching the (large) article rows */
	"CREATE INDEX IF NOT EXISTS web_articles_id_feed ON articles(id, feed_id, canonical_id);",
	/* 3: the time and id walks of the lists and the sync APIs' id lists test feed_id and
	 * canonical_id of every row they pass; with those in the index they never read the
	 * article row (canonical_id sits after the bodies in the record, often on overflow
	 * pages). These replace web_articles_time and web_articles_id_feed (same prefixes). */
	"CREATE INDEX web_articles_ts ON articles(coalesce(published, fetched), id, feed_id, canonical_id);"
	"CREATE INDEX web_articles_id_ts ON articles(id, feed_id, canonical_id, coalesce(published, fetched));"
	"DROP INDEX IF EXISTS web_articles_time;"
	"DROP INDEX IF EXISTS web_articles_id_feed;",
	/* 4: starred lists start from the user's starred rows (few) instead of every state row;
	 * a sync API feed stream (copies included) walks one feed's articles in time order and
	 * stops at the page size instead of sorting the whole feed */
	"CREATE INDEX web_state_starred ON article_state(user_id, article_id) WHERE starred = 1;"
	"CREATE INDEX web_articles_feed_ts ON articles(feed_id, coalesce(published, fetched), id, canonical_id);",
	/* 5: a generation number for the in-memory item index of the sync APIs (serve/itemidx.h):
	 * bumped in the same transaction as any change to what the index copies, so an index
	 * stamped with the value a snapshot shows is exactly that snapshot's. */
	"CREATE TABLE web_item_gen(id INTEGER PRIMARY KEY CHECK (id = 1), gen INTEGER NOT NULL);"
	"INSERT INTO web_item_gen VALUES (1, 0);"
	"CREATE TRIGGER web_item_gen_ai AFTER INSERT ON articles BEGIN"
	"  UPDATE web_item_gen SET gen = gen + 1 WHERE id = 1; END;"
	"CREATE TRIGGER web_item_gen_ad AFTER DELETE ON articles BEGIN"
	"  UPDATE web_item_gen SET gen = gen + 1 WHERE id = 1; END;"
	"CREATE TRIGGER web_item_gen_au AFTER UPDATE OF feed_id, canonical_id, published, fetched ON articles BEGIN"
	"  UPDATE web_item_gen SET gen = gen + 1 WHERE id = 1; END;",
	/* 6: the read list of a user who has read few articles starts from their read rows
	 * (serve/reader.c) instead of walking the whole time index to find a page of them */
	"CREATE INDEX web_state_read ON article_state(user_id, article_id) WHERE read = 1;",
	NULL
};

const struct store_schema web_schema = { "web", web_migrations };

/* Indexes on the cluster module's tables, applied after cluster_schema creates them (the
 * registry lists this one after it). 1: top stories rank the stories active in a window
 * from their counts alone (cluster/stories.c); with those in a partial index the ranking
 * scan reads only index pages, never the story rows. */
static const char *const web_stories_migrations[] = {
	/* 1 */
	"CREATE INDEX web_stories_rank ON stories(last_seen, first_seen, articles, copies, sources, merged_into)"
	"  WHERE merged_into IS NULL;",
	NULL
};

const struct store_schema web_stories_schema = { "web_stories", web_stories_migrations };
