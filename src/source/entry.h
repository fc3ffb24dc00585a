/*
 * entry — one parsed feed entry as the article row the store keeps.
 *
 * Refresh (feeds over HTTP) and ingest (feed files on disk) both store feed entries; this is
 * the one place that decides how: a title marked up as HTML becomes plain text; the body
 * (content, else summary) gives the indexed text and the sanitized reader HTML; authors are
 * joined with ", "; categories and enclosures are kept as JSON arrays; the feed's author and
 * language stand in for the entry's; published falls back to updated.
 *
 * Ownership: entry_article fills out->a with pointers into fd and e (which must outlive it)
 * and into strings out owns; entry_article_release frees the owned ones. Never fails:
 * strings that cannot be made are left NULL.
 */
#ifndef SOURCE_ENTRY_H
#define SOURCE_ENTRY_H
#include "parse/feed.h"
#include "store/articles.h"

struct entry_article {
	struct store_article a;   /* what articles_upsert takes */
	char *own[6];             /* what entry_article allocated for a */
};

void entry_article(const struct feed *fd, const struct feed_entry *e, int64_t feed_id, int64_t fetched,
		   struct entry_article *out);
void entry_article_release(struct entry_article *x);
#endif
