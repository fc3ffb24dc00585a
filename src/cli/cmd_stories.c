/*
 * cmd_stories.c — `newsfold stories`: assign any stored articles not yet clustered
 * (cluster_update, unless --no-update), then list the top stories with their articles and
 * the copies folded into each ("also published by ...").
 */
#include "cli/cli.h"
#include "cluster/stories.h"
#include "cluster/update.h"
#include "util/date.h"
#include "util/util.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

static const char *js(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

static void print_copies(json_t *copies)
{
	json_t *c;
	size_t i;
	if (!json_array_size(copies))
		return;
	printf("      also published by: ");
	json_array_foreach(copies, i, c)
		printf("%s%s", i ? ", " : "", js(c, "source"));
	printf("\n");
}

/* "1 outlet", "3 outlets": the count and the noun, singular or plural. */
static void print_count(json_t *s, const char *key, const char *one, const char *many)
{
	long long n = (long long)json_integer_value(json_object_get(s, key));
	printf(" · %lld %s", n, n == 1 ? one : many);
}

static void print_story(size_t rank, json_t *s)
{
	json_t *e, *tl = json_object_get(s, "timeline");
	size_t i;
	printf("%zu. %s\n   #%lld", rank + 1, js(s, "title"), (long long)json_integer_value(json_object_get(s, "id")));
	print_count(s, "sources", "outlet", "outlets");
	print_count(s, "articles", "article", "articles");
	print_count(s, "copies", "copy", "copies");
	printf(" · %s .. %s\n", js(s, "first_seen"), js(s, "last_seen"));
	json_array_foreach(tl, i, e) {
		printf("    - %s  %s: %s\n", js(e, "published"), js(e, "source"), js(e, "title"));
		if (*js(e, "url"))
			printf("      %s\n", js(e, "url"));
		print_copies(json_object_get(e, "copies"));
	}
}

int cmd_stories(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = { { "json", no_argument, NULL, 'j' },
					      { "limit", required_argument, NULL, 'n' },
					      { "since", required_argument, NULL, 's' },
					      { "no-update", no_argument, NULL, 'U' },
					      { 0, 0, 0, 0 } };
	static const char *const use = "stories [--json] [--limit N] [--since DATE] [--no-update]";
	struct stories_query q = { 10, DATE_NONE, 0, 1 };
	struct store *st = NULL;
	json_t *arr = NULL, *s;
	char *err = NULL;
	int json = 0, update = 1, ch, rc = 1;
	int64_t n;
	size_t i;
	while ((ch = getopt_long(argc, argv, "jn:s:U", opts, NULL)) != -1) {
		switch (ch) {
		case 'j': json = 1; break;
		case 'U': update = 0; break;
		case 'n':
			if (str_to_i64(optarg, &n) < 0 || n <= 0 || n > 1000)
				return cli_fail(c, "--limit wants a number from 1 to 1000");
			q.limit = (int)n;
			break;
		case 's':
			if (str_to_i64(optarg, &q.since) < 0 && (q.since = date_parse(optarg)) == DATE_NONE)
				return cli_fail(c, "--since: '%s' is not a date", optarg);
			break;
		default: return cli_usage(c, use);
		}
	}
	if (optind < argc)
		return cli_usage(c, use);
	if (cli_open_store(c, &st))
		return 1;
	if (update && cluster_update(st, &err) < 0) {
		cli_fail_free(c, err);
		goto out;
	}
	if (stories_top_json(st, &q, &arr, &err) < 0) {
		cli_fail_free(c, err);
		goto out;
	}
	if (json)
		cli_print_json(arr, 2);
	else if (!json_array_size(arr))
		printf("no stories yet: add feeds and refresh, or ingest documents\n");
	else
		json_array_foreach(arr, i, s)
			print_story(i, s);
	rc = 0;
out:
	json_decref(arr);
	store_close(st);
	return rc;
}
