/*
 * cmd_refresh.c — `newsfold refresh [--feed ID|URL] [--all] [--timeout SEC] [--no-fulltext]
 * [--no-cluster] [--max-connections N]`.
 *
 * A thin driver over refresh_run: a progress bar on a terminal, one line per feed otherwise,
 * then a summary on stdout. Exit status: 0 when the run happened (failed feeds are stored
 * on the feed and shown by `newsfold feeds`), 1 when --feed names a feed that failed, when
 * every feed failed, or when nothing could be done (no database, unknown feed).
 */
#include "cli/cli.h"
#include "source/refresh.h"
#include "store/feeds.h"
#include "util/util.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static const char usage[] =
	"refresh [--feed ID|URL] [--all] [--timeout SECONDS] [--no-fulltext] [--no-cluster] [--max-connections N]";

static int parse_args(struct cli *c, int argc, char **argv, struct refresh_opts *o)
{
	static const struct option opts[] = {
		{ "feed", required_argument, NULL, 'f' }, { "all", no_argument, NULL, 'a' },
		{ "timeout", required_argument, NULL, 't' }, { "no-fulltext", no_argument, NULL, 'n' },
		{ "max-connections", required_argument, NULL, 'm' }, { "no-cluster", no_argument, NULL, 'c' },
		{ 0, 0, 0, 0 }
	};
	int ch;
	int64_t v;
	while ((ch = getopt_long(argc, argv, "f:at:nm:c", opts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			o->feed = optarg;
			break;
		case 'a':
			o->all = 1;
			break;
		case 't':
			if (str_to_i64(optarg, &v) < 0 || v < 1 || v > 3600)
				return cli_fail(c, "--timeout wants seconds between 1 and 3600"), 2;
			o->fetch.timeout_ms = (long)v * 1000;
			if (o->fetch.connect_timeout_ms > o->fetch.timeout_ms)
				o->fetch.connect_timeout_ms = o->fetch.timeout_ms;
			break;
		case 'n':
			o->fulltext = 0;
			break;
		case 'c':
			o->cluster = 0;
			break;
		case 'm':
			if (str_to_i64(optarg, &v) < 0 || v < 1 || v > 256)
				return cli_fail(c, "--max-connections wants 1..256"), 2;
			o->fetch.max_connections = (int)v;
			break;
		default:
			return cli_usage(c, usage);
		}
	}
	if (optind < argc)
		return cli_usage(c, usage);
	return 0;
}

/* For --feed: the feed's stored error, so a single-feed refresh says why it failed. */
static int report_single(struct cli *c, struct store *st, const struct refresh_opts *o)
{
	int64_t id;
	struct store_feed f = { 0 };
	char *err = NULL;
	int rc = 1;
	if (store_feed_find(st, o->feed, &id, &err) != 0 || store_feed_get(st, STORE_LOCAL_USER, id, &f, &err) != 0)
		return cli_fail_free(c, err);
	rc = cli_fail(c, "%s: %s", f.url, f.last_error ? f.last_error : "failed");
	store_feed_release(&f);
	return rc;
}

int cmd_refresh(struct cli *c, int argc, char **argv)
{
	struct refresh_opts o;
	struct refresh_stats s;
	struct store *st = NULL;
	char *err = NULL;
	int rc;
	refresh_opts_default(&o);
	o.fetch.allow_private = c->allow_private;
	o.fetch.progress = !c->quiet;
	o.log_lines = !c->quiet && !isatty(STDERR_FILENO);
	if ((rc = parse_args(c, argc, argv, &o)) != 0)
		return rc;
	if (cli_open_store(c, &st))
		return 1;
	if (refresh_run(st, &o, &s, &err) < 0) {
		store_close(st);
		return cli_fail_free(c, err);
	}
	if (!c->quiet)
		printf("refreshed %zu feed%s: %lld new, %lld updated, %zu not modified, %zu failed%s\n", s.feeds,
		       s.feeds == 1 ? "" : "s", (long long)s.new_articles, (long long)s.updated_articles,
		       s.not_modified, s.failed, s.failed ? " (see newsfold feeds)" : "");
	if (!c->quiet && s.clustered)
		printf("clustered %lld new articles into stories (newsfold stories)\n", (long long)s.clustered);
	rc = 0;
	if (o.feed && s.failed)
		rc = report_single(c, st, &o);
	else if (s.feeds && s.failed == s.feeds)
		rc = 1;
	store_close(st);
	return rc;
}
