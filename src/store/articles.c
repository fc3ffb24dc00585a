/*
 * articles.c — the upsert that makes refresh idempotent, and the listing behind
 * `newsfold articles`.
 *
 * An update that changes nothing visible reports "unchanged" (is_new = 2) so a refresh
 * can count truly new and truly updated entries; the content hash decides.
 */
#include "store/articles.h"
#include "util/date.h"
#include "util/url.h"
#include "util/util.h"

#include <string.h>
#include <utf8proc.h>
#include <xxhash.h>

int articles_count_words(const char *text)
{
	const uint8_t *p = (const uint8_t *)text;
	int words = 0, in = 0;
	if (!p)
		return 0;
	while (*p) {
		utf8proc_int32_t c;
		utf8proc_ssize_t n = utf8proc_iterate(p, -1, &c);
		int cat, alnum;
		if (n <= 0) {
			p++;
			in = 0;
			continue;
		}
		cat = utf8proc_category(c);
		alnum = (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
			(cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO) || c == '\'' || c == 0x2019;
		if (alnum && !in)
			words++;
		in = alnum;
		p += n;
	}
	return words;
}

static void hash_hex(const char *a, const char *b, const char *c, char out[33])
{
	XXH3_state_t *s = XXH3_createState();
	XXH128_hash_t h;
	XXH3_128bits_reset(s);
	if (a)
		XXH3_128bits_update(s, a, strlen(a));
	XXH3_128bits_update(s, "\x1f", 1);
	if (b)
		XXH3_128bits_update(s, b, strlen(b));
	XXH3_128bits_update(s, "\x1f", 1);
	if (c)
		XXH3_128bits_update(s, c, strlen(c));
	h = XXH3_128bits_digest(s);
	XXH3_freeState(s);
	snprintf(out, 33, "%016llx%016llx", (unsigned long long)h.high64, (unsigned long long)h.low64);
}

static char *dedup_key(const struct store_article *a, const char *hash)
{
	if (a->guid && *a->guid)
		return xasprintf("g:%s", a->guid);
	if (a->url && *a->url)
		return xasprintf("u:%s", a->url);
	return xasprintf("h:%s", hash);
}

static void bind_opt_text(sqlite3_stmt *q, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(q, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(q, i);
}

static void bind_opt_time(sqlite3_stmt *q, int i, int64_t t)
{
	if (t == DATE_NONE)
		sqlite3_bind_null(q, i);
	else
		sqlite3_bind_int64(q, i, t);
}

/* Returns 1 and the existing row's id/hash when the key exists, 0 when not, -1 on error. */
static int existing(struct store *st, int64_t feed_id, const char *key, int64_t *id, char hash[33], char **err)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT id, content_hash FROM articles WHERE feed_id = ? AND dedup_key = ?", err);
	int rc;
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, feed_id);
	sqlite3_bind_text(q, 2, key, -1, SQLITE_STATIC);
	rc = store_step_row(st, q, "looking up article", err);
	if (rc == 0) {
		const unsigned char *h = sqlite3_column_text(q, 1);
		*id = sqlite3_column_int64(q, 0);
		snprintf(hash, 33, "%s", h ? (const char *)h : "");
		sqlite3_reset(q);
	}
	return rc < 0 ? -1 : !rc;   /* 1 found, 0 not */
}

static int write_row(struct store *st, struct store_article *a, const char *key, const char *hash, int update, char **err)
{
	static const char *const ins =
		"INSERT INTO articles(feed_id, dedup_key, guid, url, title, author, published, updated, fetched,"
		" summary, content, text, html, lang, words, image, categories, enclosures, content_hash)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)";
	static const char *const upd =
		"UPDATE articles SET guid = ?3, url = ?4, title = ?5, author = ?6, published = coalesce(?7, published),"
		" updated = ?8, fetched = ?9, summary = ?10, content = ?11, text = ?12, html = coalesce(?13, html),"
		" lang = ?14, words = ?15, image = ?16, categories = ?17, enclosures = ?18, content_hash = ?19"
		" WHERE id = ?20";
	sqlite3_stmt *q = store_prepare(st, update ? upd : ins, err);
	if (!q)
		return -1;
	if (!update) {
		sqlite3_bind_int64(q, 1, a->feed_id);
		sqlite3_bind_text(q, 2, key, -1, SQLITE_STATIC);
	}
	bind_opt_text(q, 3, a->guid);
	bind_opt_text(q, 4, a->url);
	bind_opt_text(q, 5, a->title);
	bind_opt_text(q, 6, a->author);
	bind_opt_time(q, 7, a->published);
	bind_opt_time(q, 8, a->updated);
	sqlite3_bind_int64(q, 9, a->fetched);
	bind_opt_text(q, 10, a->summary);
	bind_opt_text(q, 11, a->content);
	bind_opt_text(q, 12, a->text);
	bind_opt_text(q, 13, a->html);
	bind_opt_text(q, 14, a->lang);
	sqlite3_bind_int(q, 15, a->words ? a->words : articles_count_words(a->text));
	bind_opt_text(q, 16, a->image);
	bind_opt_text(q, 17, a->categories);
	bind_opt_text(q, 18, a->enclosures);
	sqlite3_bind_text(q, 19, hash, -1, SQLITE_STATIC);
	if (update)
		sqlite3_bind_int64(q, 20, a->id);
	if (store_step_done(st, q, "saving article", err))
		return -1;
	if (!update)
		a->id = sqlite3_last_insert_rowid(store_db(st));
	return 0;
}

int articles_upsert(struct store *st, struct store_article *a, int *is_new, char **err)
{
	char hash[33], old[33] = "";
	char *key, *norm = NULL;
	const char *url_in = a->url;
	int rc, found;
	*is_new = 0;
	if (a->url && (norm = url_normalize(a->url)))
		a->url = norm;
	hash_hex(a->title, a->content ? a->content : a->summary, a->text, hash);
	key = dedup_key(a, hash);
	found = existing(st, a->feed_id, key, &a->id, old, err);
	if (found < 0) {
		rc = -1;
		goto out;
	}
	if (found && strcmp(old, hash) == 0) {
		*is_new = 2;
		rc = 0;
		goto out;
	}
	rc = write_row(st, a, key, hash, found, err);
	*is_new = !found;
out:
	a->url = url_in;
	free(norm);
	free(key);
	return rc;
}

static json_t *col_json(sqlite3_stmt *q, int i)
{
	switch (sqlite3_column_type(q, i)) {
	case SQLITE_NULL:
		return json_null();
	case SQLITE_INTEGER:
		return json_integer(sqlite3_column_int64(q, i));
	default:
		return json_string((const char *)sqlite3_column_text(q, i));
	}
}

static json_t *col_date(sqlite3_stmt *q, int i)
{
	char iso[DATE_ISO_LEN];
	if (sqlite3_column_type(q, i) == SQLITE_NULL)
		return json_null();
	return json_string(date_format(sqlite3_column_int64(q, i), iso));
}

int articles_list_json(struct store *st, const struct articles_query *aq, json_t **out, char **err)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT a.id, a.feed_id, coalesce(f.title, f.url), a.url, a.title, a.author, a.published, a.fetched,"
		" a.summary, a.text, a.lang, a.words, a.canonical_id, a.story_id"
		" FROM articles a JOIN feeds f ON f.id = a.feed_id"
		" WHERE (?1 = 0 OR a.feed_id = ?1) AND (?2 IS NULL OR coalesce(a.published, a.fetched) >= ?2)"
		" ORDER BY coalesce(a.published, a.fetched) DESC, a.id DESC LIMIT ?3", err);
	static const char *const keys[] = { "id", "feed", "feed_title", "url", "title", "author", "published",
					    "fetched", "summary", "text", "lang", "words", "canonical_id", "story_id" };
	json_t *arr;
	int rc;
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, aq->feed_id);
	bind_opt_time(q, 2, aq->since);
	sqlite3_bind_int(q, 3, aq->limit > 0 ? aq->limit : 50);
	arr = json_array();
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		json_t *o = json_object();
		for (int i = 0; i < 14; i++)
			json_object_set_new(o, keys[i], (i == 6 || i == 7) ? col_date(q, i) : col_json(q, i));
		json_array_append_new(arr, o);
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		json_decref(arr);
		*err = store_errmsg(st, "listing articles");
		return -1;
	}
	*out = arr;
	return 0;
}
