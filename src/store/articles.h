/*
 * articles — article rows: upsert from a parsed entry or a local document, and listing.
 *
 * The same entry fetched twice updates its row, keyed per feed by dedup_key: the guid when
 * the entry has one, else the normalized URL, else a hash of title + content. store_article
 * fields are borrowed by articles_upsert (it copies nothing it keeps; SQLite copies).
 * Errors: -1 and *err.
 */
#ifndef STORE_ARTICLES_H
#define STORE_ARTICLES_H
#include "store/store.h"
#include <jansson.h>
#include <stdint.h>

struct store_article {
	int64_t id, feed_id;
	const char *guid, *url, *title, *author;
	const char *summary, *content, *text, *html, *lang, *image;
	const char *categories, *enclosures;   /* JSON arrays as text, or NULL */
	int64_t published, updated, fetched;   /* DATE_NONE when absent */
	int words;
};

/* SQL for "article `a` is listed for the user bound as U" (U: "?1", ...): folded copies
 * appear once, so a copy is listed only when the user does not read its canonical's feed
 * (then nothing else stands for it). The lists, the sync APIs, the story pages and the
 * story counts all apply this one rule. HINT is "" or an INDEXED BY clause for the
 * canonical's lookup (the server's covering id index). */
#define STORE_SQL_SHOWN_ONCE(U, HINT)                                                           \
	"(a.canonical_id IS NULL OR NOT EXISTS (SELECT 1 FROM articles c " HINT                  \
	" JOIN subscriptions s2 ON s2.feed_id = c.feed_id AND s2.user_id = " U " WHERE c.id = a.canonical_id))"

/* Insert or update; sets a->id and *is_new (1 inserted, 0 updated, 2 unchanged). */
int articles_upsert(struct store *st, struct store_article *a, int *is_new, char **err);
/* Count words in UTF-8 text (runs of letters/digits, any script). */
int articles_count_words(const char *text);

struct articles_query {
	int64_t feed_id;       /* 0: all */
	int64_t user_id;       /* 0: no per-user state */
	int limit;             /* 0: 50 */
	int64_t since;         /* DATE_NONE: no bound */
};
/* JSON array of article objects {id, feed, feed_title, url, title, author, published,
 * fetched, summary, text, lang, words, canonical_id, story_id}; newest first. */
int articles_list_json(struct store *st, const struct articles_query *q, json_t **out, char **err);
#endif
