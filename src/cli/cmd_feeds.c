/*
 * cmd_feeds.c — `newsfold feeds [--json]`: every subscription with its fetch health.
 */
#include "cli/cli.h"
#include "store/feeds.h"
#include "util/date.h"
#include "util/util.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>

static json_t *opt_str(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *opt_date(int64_t t)
{
	char iso[DATE_ISO_LEN];
	return t ? json_string(date_format(t, iso)) : json_null();
}

static json_t *feed_json(const struct store_feed *f)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(f->id));
	json_object_set_new(o, "title", opt_str(f->title));
	json_object_set_new(o, "url", json_string(f->url));
	json_object_set_new(o, "kind", json_string(f->kind));
	json_object_set_new(o, "site_url", opt_str(f->site_url));
	json_object_set_new(o, "folder", opt_str(f->folder));
	json_object_set_new(o, "fulltext", opt_str(f->fulltext));
	json_object_set_new(o, "last_fetch", opt_date(f->last_fetch));
	json_object_set_new(o, "last_success", opt_date(f->last_success));
	json_object_set_new(o, "next_fetch", opt_date(f->next_fetch));
	json_object_set_new(o, "last_status", f->last_status ? json_integer(f->last_status) : json_null());
	json_object_set_new(o, "last_error", opt_str(f->last_error));
	json_object_set_new(o, "error_count", json_integer(f->error_count));
	json_object_set_new(o, "articles", json_integer(f->n_articles));
	json_object_set_new(o, "unread", json_integer(f->n_unread));
	return o;
}

static void print_table(const struct store_feed *fs, size_t n)
{
	char iso[DATE_ISO_LEN];
	printf("%4s  %-30.30s  %-12.12s  %7s  %-20s  %s\n", "ID", "TITLE", "FOLDER", "ARTICLES", "LAST FETCH", "STATUS");
	for (size_t i = 0; i < n; i++) {
		const struct store_feed *f = &fs[i];
		printf("%4lld  %-30.30s  %-12.12s  %7lld  %-20s  %s\n", (long long)f->id,
		       f->title ? f->title : f->url, f->folder ? f->folder : "-", (long long)f->n_articles,
		       f->last_fetch ? date_format(f->last_fetch, iso) : "never",
		       f->last_error ? f->last_error : "ok");
	}
}

int cmd_feeds(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = { { "json", no_argument, NULL, 'j' }, { 0, 0, 0, 0 } };
	struct store *st = NULL;
	struct store_feed *fs = NULL;
	size_t n = 0;
	char *err = NULL;
	int json = 0, ch, rc = 1;
	while ((ch = getopt_long(argc, argv, "j", opts, NULL)) != -1) {
		if (ch != 'j')
			return cli_usage(c, "feeds [--json]");
		json = 1;
	}
	if (cli_open_store(c, &st))
		return 1;
	if (store_feeds_list(st, STORE_LOCAL_USER, &fs, &n, &err) < 0) {
		cli_fail_free(c, err);
		goto out;
	}
	if (json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, feed_json(&fs[i]));
		cli_print_json(arr, 2);
		json_decref(arr);
	} else {
		print_table(fs, n);
	}
	rc = 0;
out:
	store_feeds_free(fs, n);
	store_close(st);
	return rc;
}
