/*
 * cmd_import.c — `newsfold import FILE.opml`: subscribe to every feed of an OPML file in
 * one transaction (all or nothing), reporting how many were new and how many were there.
 * URLs are stored normalized (url_normalize), as `add` and the web reader store them, so
 * the same feed reached two ways is one row.
 */
#include "cli/cli.h"
#include "source/opml.h"
#include "store/feeds.h"
#include "util/url.h"
#include "util/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct import_counts {
	size_t added, existing, bad;
};

static int import_all(struct store *st, const struct opml *o, struct import_counts *n, char **err)
{
	if (store_begin(st, err) < 0)
		return -1;
	for (size_t i = 0; i < o->n; i++) {
		const struct opml_feed *f = &o->feeds[i];
		int64_t id;
		int created, rc;
		char *url = url_scheme_ok(f->xml_url) ? url_normalize(f->xml_url) : NULL;
		if (!url) {
			n->bad++;
			continue;
		}
		rc = store_feed_add(st, STORE_LOCAL_USER, url, "feed", f->title, f->folder, &id, &created, err);
		free(url);
		if (rc < 0) {
			store_rollback(st);
			return -1;
		}
		if (f->html_url && store_feed_keep_site_url(st, id, f->html_url, err) < 0) {
			store_rollback(st);
			return -1;
		}
		if (created)
			n->added++;
		else
			n->existing++;
	}
	return store_commit(st, err);
}

int cmd_import(struct cli *c, int argc, char **argv)
{
	struct store *st = NULL;
	struct opml *o = NULL;
	struct import_counts n = { 0 };
	char *data = NULL, *err = NULL;
	size_t len;
	int rc = 1;
	if (argc != 2)
		return cli_usage(c, "import FILE.opml");
	if (file_read_all(argv[1], OPML_MAX_BYTES, &data, &len) < 0)
		return cli_fail(c, "%s: %s", argv[1], errno == EFBIG ? "file too large for an OPML list" : strerror(errno));
	if (opml_parse(data, len, &o, &err) < 0) {
		cli_fail(c, "%s: %s", argv[1], err);
		free(err);
		goto out;
	}
	if (cli_open_store(c, &st))
		goto out;
	if (import_all(st, o, &n, &err) < 0) {
		cli_fail_free(c, err);
		goto out;
	}
	if (!c->quiet)
		printf("imported %zu feeds: %zu added, %zu already subscribed\n", n.added + n.existing, n.added,
		       n.existing);
	if (n.bad + o->skipped)
		fprintf(stderr, "newsfold: import: skipped %zu outlines (no http/https/file feed URL)\n", n.bad + o->skipped);
	rc = 0;
out:
	store_close(st);
	opml_free(o);
	free(data);
	return rc;
}
