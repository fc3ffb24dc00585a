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
	NULL
};

const struct store_schema store_core_schema = { "core", core_migrations };
