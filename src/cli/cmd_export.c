/*
 * cmd_export.c — `newsfold export > FILE.opml`: the local user's subscriptions as OPML 2.0,
 * with folders as nested outlines. Local-document sources (kind 'local', from `ingest`)
 * are not subscriptions another reader could fetch, so they are left out.
 */
#include "cli/cli.h"
#include "source/opml.h"
#include "store/feeds.h"
#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct opml_feed *to_opml(const struct store_feed *fs, size_t n, size_t *out_n)
{
	struct opml_feed *o = xcalloc(n ? n : 1, sizeof *o);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (fs[i].kind && strcmp(fs[i].kind, "local") == 0)
			continue;
		o[k].title = fs[i].title;
		o[k].xml_url = fs[i].url;
		o[k].html_url = fs[i].site_url;
		o[k].folder = fs[i].folder;
		k++;
	}
	*out_n = k;
	return o;
}

int cmd_export(struct cli *c, int argc, char **argv)
{
	struct store *st = NULL;
	struct store_feed *fs = NULL;
	struct opml_feed *of = NULL;
	struct buf b = BUF_INIT(0);
	size_t n = 0, k;
	char *err = NULL;
	int rc = 1;
	if (argc != 1)
		return cli_usage(c, "export > FILE.opml");
	if (cli_open_store(c, &st))
		return 1;
	if (store_feeds_list(st, STORE_LOCAL_USER, &fs, &n, &err) < 0) {
		cli_fail_free(c, err);
		goto out;
	}
	of = to_opml(fs, n, &k);
	if (opml_write(&b, "newsfold subscriptions", of, k) < 0) {
		cli_fail(c, "out of memory writing OPML");
		goto out;
	}
	fwrite(b.data, 1, b.len, stdout);
	rc = 0;
out:
	buf_release(&b);
	free(of);
	store_feeds_free(fs, n);
	store_close(st);
	return rc;
}
