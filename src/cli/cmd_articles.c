/*
 * cmd_articles.c — `newsfold articles [--feed ID] [--json] [--limit N]`.
 */
#include "cli/cli.h"
#include "store/articles.h"
#include "store/feeds.h"
#include "util/date.h"
#include "util/util.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>

static void print_rows(json_t *arr)
{
	size_t i;
	json_t *a;
	json_array_foreach(arr, i, a) {
		const char *pub = json_string_value(json_object_get(a, "published"));
		printf("%6lld  %-20.20s  %-24.24s  %s\n", (long long)json_integer_value(json_object_get(a, "id")),
		       pub ? pub : "-", json_string_value(json_object_get(a, "feed_title")),
		       json_string_value(json_object_get(a, "title")) ? json_string_value(json_object_get(a, "title")) : "(untitled)");
	}
}

int cmd_articles(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = { { "json", no_argument, NULL, 'j' },
					      { "feed", required_argument, NULL, 'f' },
					      { "limit", required_argument, NULL, 'n' },
					      { "since", required_argument, NULL, 's' },
					      { 0, 0, 0, 0 } };
	static const char *const use = "articles [--feed ID|URL] [--json] [--limit N] [--since DATE]";
	struct articles_query q = { 0, 0, 50, DATE_NONE };
	const char *feed = NULL;
	struct store *st = NULL;
	json_t *arr = NULL;
	char *err = NULL;
	int json = 0, ch, rc = 1;
	int64_t n;
	while ((ch = getopt_long(argc, argv, "jf:n:s:", opts, NULL)) != -1) {
		switch (ch) {
		case 'j': json = 1; break;
		case 'f': feed = optarg; break;
		case 'n':
			if (str_to_i64(optarg, &n) < 0 || n <= 0 || n > 1000000)
				return cli_fail(c, "--limit wants a number from 1 to 1000000");
			q.limit = (int)n;
			break;
		case 's':
			if ((q.since = date_parse(optarg)) == DATE_NONE)
				return cli_fail(c, "--since: '%s' is not a date", optarg);
			break;
		default: return cli_usage(c, use);
		}
	}
	if (cli_open_store(c, &st))
		return 1;
	if (feed) {
		int found = store_feed_find(st, feed, &q.feed_id, &err);
		if (found != 0) {
			found < 0 ? cli_fail_free(c, err) : cli_fail(c, "no feed '%s' (see newsfold feeds)", feed);
			goto out;
		}
	}
	if (articles_list_json(st, &q, &arr, &err) < 0) {
		cli_fail_free(c, err);
		goto out;
	}
	if (json)
		cli_print_json(arr, 2);
	else
		print_rows(arr);
	rc = 0;
out:
	json_decref(arr);
	store_close(st);
	return rc;
}
