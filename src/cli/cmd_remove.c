/*
 * cmd_remove.c — `newsfold remove ID|URL`: unsubscribe; the feed and its articles go
 * when no user subscribes any more.
 */
#include "cli/cli.h"
#include "store/feeds.h"

#include <stdio.h>

int cmd_remove(struct cli *c, int argc, char **argv)
{
	struct store *st = NULL;
	char *err = NULL;
	int64_t id;
	int rc = 1, found;
	if (argc != 2)
		return cli_usage(c, "remove ID|URL");
	if (cli_open_store(c, &st))
		return 1;
	found = store_feed_find(st, argv[1], &id, &err);
	if (found < 0) {
		cli_fail_free(c, err);
		goto out;
	}
	if (found > 0) {
		cli_fail(c, "no feed '%s' (see newsfold feeds)", argv[1]);
		goto out;
	}
	if (store_feed_remove(st, STORE_LOCAL_USER, id, &err) < 0) {
		cli_fail_free(c, err);
		goto out;
	}
	if (!c->quiet)
		printf("removed feed %lld\n", (long long)id);
	rc = 0;
out:
	store_close(st);
	return rc;
}
