/*
 * reader_subs.c — subscriptions from the web and the API: add (with feed discovery), OPML
 * import and export. Users type URLs; only http and https are accepted here (file: URLs
 * are for the local command line, never for a remote user of the server).
 */
#include "serve/reader.h"
#include "source/discover.h"
#include "source/opml.h"
#include "store/feeds.h"
#include "util/url.h"
#include "util/util.h"

#include <string.h>

static void (*fetch_now_fn)(struct store *, int64_t, int);
static void (*wake_fn)(void);

void reader_set_fetcher(void (*fetch_now)(struct store *st, int64_t feed, int allow_private), void (*wake)(void))
{
	fetch_now_fn = fetch_now;
	wake_fn = wake;
}

void reader_feeds_added(void)
{
	if (wake_fn)
		wake_fn();
}

static int web_url_ok(const char *u)
{
	return str_istartswith(u, "http://") || str_istartswith(u, "https://");
}

static int set_site(struct store *st, int64_t feed, const char *site)
{
	sqlite3_stmt *q = store_prepare(st, "UPDATE feeds SET site_url = ?2 WHERE id = ?1 AND site_url IS NULL", NULL);
	if (!q || !site)
		return 0;
	sqlite3_bind_int64(q, 1, feed);
	sqlite3_bind_text(q, 2, site, -1, SQLITE_TRANSIENT);
	sqlite3_step(q);
	sqlite3_reset(q);
	return 0;
}

int reader_feed_add(struct store *st, int64_t user, const char *url, const char *folder,
		    int allow_private, int64_t *feed, char **err)
{
	struct discover_result d = { 0 };
	char *clean = url && strlen(url) <= 2048 ? discover_clean_url(url) : NULL;
	int created = 0, rc = -1;
	if (!clean || !web_url_ok(clean)) {
		*err = xstrdup("give an http:// or https:// URL of a feed or a site");
		goto out;
	}
	/* Discovery fetches on this request's thread; fetch's own timeouts bound it. */
	if (discover_feed(clean, allow_private, &d, err))
		goto out;
	if (!web_url_ok(d.feed_url)) {
		*err = xstrdup("the site points to a feed that is not http(s)");
		goto out;
	}
	rc = store_feed_add(st, user, d.feed_url, "feed", d.title, folder, feed, &created, err);
	if (!rc)
		set_site(st, *feed, d.site_url);
	if (!rc && fetch_now_fn)
		fetch_now_fn(st, *feed, allow_private);
out:
	discover_result_release(&d);
	free(clean);
	return rc;
}

int reader_import_opml(struct store *st, int64_t user, const char *data, size_t len, int *added, char **err)
{
	struct opml *o = NULL;
	int rc = -1;
	*added = 0;
	if (opml_parse(data, len, &o, err))
		return -1;
	if (store_begin(st, err))
		goto out;
	for (size_t i = 0; i < o->n; i++) {
		int64_t id;
		int created;
		char *norm;
		if (!web_url_ok(o->feeds[i].xml_url) || !(norm = url_normalize(o->feeds[i].xml_url)))
			continue;
		rc = store_feed_add(st, user, norm, "feed", o->feeds[i].title, o->feeds[i].folder, &id, &created, err);
		free(norm);
		if (rc) {
			store_rollback(st);
			goto out;
		}
		*added += created;   /* new subscriptions of this user only */
	}
	rc = store_commit(st, err);
	if (!rc && *added)
		reader_feeds_added();
out:
	opml_free(o);
	return rc;
}

int reader_export_opml(struct store *st, int64_t user, struct buf *out, char **err)
{
	struct store_feed *f = NULL;
	struct opml_feed *of;
	size_t n = 0;
	int rc;
	if (store_feeds_list(st, user, &f, &n, err))
		return -1;
	of = xcalloc(n ? n : 1, sizeof *of);
	for (size_t i = 0; i < n; i++) {
		of[i].title = f[i].title;
		of[i].xml_url = f[i].url;
		of[i].html_url = f[i].site_url;
		of[i].folder = f[i].folder;
	}
	rc = opml_write(out, "newsfold subscriptions", of, n);
	if (rc)
		*err = xstrdup("the OPML document is too large");
	free(of);
	store_feeds_free(f, n);
	return rc;
}
