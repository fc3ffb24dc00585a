/*
 * reader_subs.c — subscriptions from the web and the API: add (with feed discovery), OPML
 * import and export. Users type URLs; only http and https are accepted here (file: URLs
 * are for the local command line, never for a remote user of the server).
 */
#include "serve/reader.h"
#include "source/opml.h"
#include "store/feeds.h"
#include "util/url.h"
#include "util/util.h"

#include <string.h>

static int web_url_ok(const char *u)
{
	return str_istartswith(u, "http://") || str_istartswith(u, "https://");
}

int reader_feed_add(struct store *st, int64_t user, const char *url, const char *folder,
		    int allow_private, int64_t *feed, char **err)
{
	char *norm;
	int created = 0, rc;
	(void)allow_private;
	if (!url || strlen(url) > 2048 || !web_url_ok(url) || !(norm = url_normalize(url))) {
		*err = xstrdup("give an http:// or https:// URL of a feed or a site");
		return -1;
	}
	rc = store_feed_add(st, user, norm, "feed", NULL, folder, feed, &created, err);
	free(norm);
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
		(*added)++;
	}
	rc = store_commit(st, err);
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
