/*
 * cmd_add.c — `newsfold add URL [--title T] [--folder F]`: discover the feed behind URL
 * and subscribe to it. The feed's title comes from the document; `refresh` fetches the
 * entries (add does not store any, so it stays one quick request or two).
 */
#include "cli/cli.h"
#include "source/discover.h"
#include "store/feeds.h"
#include "util/util.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

static int subscribe(struct store *st, const struct discover_result *d, const char *title, const char *folder,
		     int64_t *id, int *created, char **err)
{
	if (store_begin(st, err) < 0)
		return -1;
	if (store_feed_add(st, STORE_LOCAL_USER, d->feed_url, "feed", title, folder, id, created, err) < 0 ||
	    (d->site_url && store_feed_keep_site_url(st, *id, d->site_url, err) < 0)) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, err);
}

int cmd_add(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = { { "title", required_argument, NULL, 't' },
		{ "folder", required_argument, NULL, 'f' }, { 0, 0, 0, 0 } };
	const char *title = NULL, *folder = NULL, *usage = "add URL [--title T] [--folder F]";
	struct discover_result d = { 0 };
	struct store *st = NULL;
	char *err = NULL;
	int64_t id = 0;
	int ch, created = 0, rc = 1;
	while ((ch = getopt_long(argc, argv, "t:f:", opts, NULL)) != -1) {
		if (ch == 't')
			title = optarg;
		else if (ch == 'f')
			folder = optarg;
		else
			return cli_usage(c, usage);
	}
	if (optind != argc - 1)
		return cli_usage(c, usage);
	if (folder && !*folder)
		folder = NULL;
	if (cli_open_store(c, &st))
		return 1;
	if (discover_feed(argv[optind], c->allow_private, &d, &err) < 0) {
		cli_fail_free(c, err);
		goto out;
	}
	if (subscribe(st, &d, title ? title : d.title, folder, &id, &created, &err) < 0) {
		cli_fail_free(c, err);
		goto out;
	}
	if (!c->quiet)
		printf("%s %s <%s> (feed %lld%s%s)\n", created ? "subscribed to" : "already subscribed to",
		       title ? title : d.title ? d.title : "untitled feed", d.feed_url, (long long)id,
		       folder ? ", folder " : "", folder ? folder : "");
	rc = 0;
out:
	discover_result_release(&d);
	store_close(st);
	return rc;
}
