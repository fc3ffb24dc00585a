/*
 * schema_core.c — the core tables: settings, users, feeds, subscriptions, articles, the
 * per-user article state, and the FTS5 index over articles. Times are Unix seconds (UTC).
 *
 * Feeds are global and fetched once however many users subscribe (subscriptions carries the
 * per-user title/folder). User 1 exists from the start as the local owner the command line
 * acts for; it has no password until one is set (`newsfold user add`, or the first-run page).
 * articles.dedup_key is "g:<guid>", "u:<normalized url>" or "h:<content hash>": the same
 * entry fetched twice updates its row. canonical_id (fold) and story_id (cluster) are owned
 * by those modules.
 */
#include "store/schema.h"

#include <stddef.h>

/* The bucket of article row r (see migration 2). */
#define CF(r) "CASE WHEN " r ".canonical_id IS NULL THEN 0 ELSE coalesce((SELECT c.feed_id FROM articles c" \
	" WHERE c.id = " r ".canonical_id), -1) END"
#define INC_FEED(r) "INSERT INTO feed_counts(feed_id, bucket, n) VALUES (" r ".feed_id, " CF(r) ", 1)" \
	" ON CONFLICT DO UPDATE SET n = n + 1;"
#define DEC_FEED(r) "UPDATE feed_counts SET n = n - 1 WHERE feed_id = " r ".feed_id AND bucket = " CF(r) ";"
/* Every user who has read article r moves with it. */
#define INC_READS(r) "INSERT INTO read_counts(user_id, feed_id, bucket, n) SELECT x.user_id, " r ".feed_id, " \
	CF(r) ", 1 FROM article_state x WHERE x.article_id = " r ".id AND x.read ON CONFLICT DO UPDATE SET n = n + 1;"
#define DEC_READS(r) "UPDATE read_counts SET n = n - 1 WHERE feed_id = " r ".feed_id AND bucket = " CF(r) \
	" AND user_id IN (SELECT x.user_id FROM article_state x WHERE x.article_id = " r ".id AND x.read);"
/* One read mark on state row s; nothing when its article is gone (a cascade from its delete). */
#define STATE_INC(s) "INSERT INTO read_counts(user_id, feed_id, bucket, n) SELECT " s ".user_id, a.feed_id, " \
	CF("a") ", 1 FROM articles a WHERE a.id = " s ".article_id ON CONFLICT DO UPDATE SET n = n + 1;"
#define STATE_DEC(s) "UPDATE read_counts SET n = n - 1 WHERE user_id = " s ".user_id AND (feed_id, bucket) ="  \
	" (SELECT a.feed_id, " CF("a") " FROM articles a WHERE a.id = " s ".article_id);"

static const char *const core_migrations[] = {
	/* 1 */
	"CREATE TABLE settings(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	"CREATE TABLE users("
	"  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE,"
	"  password_hash TEXT, is_admin INTEGER NOT NULL DEFAULT 0,"
	"  created INTEGER NOT NULL DEFAULT (unixepoch()));"
	"INSERT INTO users(id, name, is_admin) VALUES (1, 'admin', 1);"
	"CREATE TABLE feeds("
	"  id INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE, kind TEXT NOT NULL DEFAULT 'feed',"
	"  title TEXT, site_url TEXT, description TEXT, language TEXT, image TEXT,"
	"  etag TEXT, last_modified TEXT,"
	"  last_fetch INTEGER, last_success INTEGER, last_status INTEGER, last_error TEXT,"
	"  error_count INTEGER NOT NULL DEFAULT 0, next_fetch INTEGER NOT NULL DEFAULT 0,"
	"  interval INTEGER NOT NULL DEFAULT 3600, fulltext TEXT NOT NULL DEFAULT 'auto',"
	"  created INTEGER NOT NULL DEFAULT (unixepoch()));"
	"CREATE TABLE subscriptions("
	"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,"
	"  title TEXT, folder TEXT, created INTEGER NOT NULL DEFAULT (unixepoch()),"
	"  PRIMARY KEY(user_id, feed_id));"
	"CREATE INDEX subscriptions_feed ON subscriptions(feed_id);"
	"CREATE TABLE articles("
	"  id INTEGER PRIMARY KEY,"
	"  feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,"
	"  dedup_key TEXT NOT NULL, guid TEXT, url TEXT,"
	"  title TEXT, author TEXT, published INTEGER, updated INTEGER,"
	"  fetched INTEGER NOT NULL, summary TEXT, content TEXT, text TEXT, html TEXT,"
	"  lang TEXT, words INTEGER NOT NULL DEFAULT 0, image TEXT,"
	"  categories TEXT, enclosures TEXT, content_hash TEXT,"
	"  canonical_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,"
	"  story_id INTEGER,"
	"  UNIQUE(feed_id, dedup_key));"
	"CREATE INDEX articles_published ON articles(published);"
	"CREATE INDEX articles_story ON articles(story_id);"
	"CREATE INDEX articles_canonical ON articles(canonical_id);"
	"CREATE INDEX articles_url ON articles(url);"
	"CREATE TABLE article_state("
	"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
	"  read INTEGER NOT NULL DEFAULT 0, starred INTEGER NOT NULL DEFAULT 0,"
	"  updated INTEGER NOT NULL DEFAULT (unixepoch()),"
	"  PRIMARY KEY(user_id, article_id)) WITHOUT ROWID;"
	"CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles',"
	"  content_rowid='id', tokenize='unicode61 remove_diacritics 2');"
	"CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN"
	"  INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END;"
	"CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN"
	"  INSERT INTO articles_fts(articles_fts, rowid, title, text)"
	"  VALUES ('delete', old.id, old.title, old.text); END;"
	"CREATE TRIGGER articles_au AFTER UPDATE OF title, text ON articles BEGIN"
	"  INSERT INTO articles_fts(articles_fts, rowid, title, text)"
	"  VALUES ('delete', old.id, old.title, old.text);"
	"  INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END;",
	/* 2: article counts kept as the rows change, so a feed list (web /feeds, the APIs' unread
	 * counts) reads a few hundred counter rows instead of counting 100,000 articles per
	 * request. Counts are bucketed by the feed of the row the article's canonical_id points
	 * at (CF above: 0 = canonical itself, -1 = that row is gone, else its feed), which is
	 * what the readers need: the web lists canonical articles only (bucket 0); the sync APIs
	 * also show a copy whose canonical's feed the user does not read. feed_counts(feed,
	 * bucket) counts articles; read_counts(user, feed, bucket) those the user has read.
	 * Triggers keep both in the transaction of every insert, fold/unfold (canonical_id),
	 * delete and read mark; decrements are plain UPDATEs so a cascade never re-creates a
	 * row, and a feed's or user's rows go with it. Deleting an article first moves its
	 * copies to bucket -1, from where the ON DELETE SET NULL that follows moves them to 0. */
	"CREATE INDEX article_state_article ON article_state(article_id, read);"
	"CREATE TABLE feed_counts(feed_id INTEGER NOT NULL, bucket INTEGER NOT NULL, n INTEGER NOT NULL,"
	"  PRIMARY KEY(feed_id, bucket)) WITHOUT ROWID;"
	"CREATE TABLE read_counts(user_id INTEGER NOT NULL, feed_id INTEGER NOT NULL, bucket INTEGER NOT NULL,"
	"  n INTEGER NOT NULL, PRIMARY KEY(user_id, feed_id, bucket)) WITHOUT ROWID;"
	"INSERT INTO feed_counts(feed_id, bucket, n) SELECT a.feed_id, " CF("a") ", count(*) FROM articles a"
	"  WHERE true GROUP BY 1, 2;"
	"INSERT INTO read_counts(user_id, feed_id, bucket, n) SELECT x.user_id, a.feed_id, " CF("a") ", count(*)"
	"  FROM article_state x JOIN articles a ON a.id = x.article_id WHERE x.read GROUP BY 1, 2, 3;"
	"CREATE TRIGGER counts_ai AFTER INSERT ON articles BEGIN " INC_FEED("new") " END;"
	"CREATE TRIGGER counts_au AFTER UPDATE OF canonical_id ON articles"
	"  WHEN old.canonical_id IS NOT new.canonical_id BEGIN "
	DEC_FEED("old") DEC_READS("old") INC_FEED("new") INC_READS("new") " END;"
	"CREATE TRIGGER counts_bd BEFORE DELETE ON articles BEGIN " DEC_FEED("old") DEC_READS("old")
	"  UPDATE feed_counts SET n = n - (SELECT count(*) FROM articles c WHERE c.canonical_id = old.id"
	"   AND c.feed_id = feed_counts.feed_id) WHERE bucket = old.feed_id"
	"   AND feed_id IN (SELECT c.feed_id FROM articles c WHERE c.canonical_id = old.id);"
	"  INSERT INTO feed_counts(feed_id, bucket, n) SELECT c.feed_id, -1, count(*) FROM articles c"
	"   WHERE c.canonical_id = old.id GROUP BY c.feed_id ON CONFLICT DO UPDATE SET n = n + excluded.n;"
	"  UPDATE read_counts SET n = n - (SELECT count(*) FROM articles c JOIN article_state x ON x.article_id = c.id"
	"   WHERE c.canonical_id = old.id AND c.feed_id = read_counts.feed_id AND x.user_id = read_counts.user_id"
	"   AND x.read) WHERE bucket = old.feed_id AND feed_id IN (SELECT c.feed_id FROM articles c"
	"   WHERE c.canonical_id = old.id);"
	"  INSERT INTO read_counts(user_id, feed_id, bucket, n) SELECT x.user_id, c.feed_id, -1, count(*)"
	"   FROM articles c JOIN article_state x ON x.article_id = c.id WHERE c.canonical_id = old.id AND x.read"
	"   GROUP BY 1, 2 ON CONFLICT DO UPDATE SET n = n + excluded.n;"
	" END;"
	"CREATE TRIGGER counts_feed_ad AFTER DELETE ON feeds BEGIN"
	"  DELETE FROM feed_counts WHERE feed_id = old.id; DELETE FROM read_counts WHERE feed_id = old.id; END;"
	"CREATE TRIGGER counts_user_ad AFTER DELETE ON users BEGIN DELETE FROM read_counts WHERE user_id = old.id; END;"
	"CREATE TRIGGER counts_state_ai AFTER INSERT ON article_state WHEN new.read BEGIN " STATE_INC("new") " END;"
	"CREATE TRIGGER counts_state_read AFTER UPDATE OF read ON article_state"
	"  WHEN new.read AND NOT old.read BEGIN " STATE_INC("new") " END;"
	"CREATE TRIGGER counts_state_unread AFTER UPDATE OF read ON article_state"
	"  WHEN old.read AND NOT new.read BEGIN " STATE_DEC("old") " END;"
	"CREATE TRIGGER counts_state_ad AFTER DELETE ON article_state WHEN old.read BEGIN " STATE_DEC("old") " END;",
	NULL
};

const struct store_schema store_core_schema = { "core", core_migrations };
