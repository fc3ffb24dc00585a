/*
 * cmd_ingest.c — `newsfold ingest PATH...`: store local documents (text, HTML, feed files)
 * as articles, in one transaction. Files that cannot be read are reported and skipped; a
 * missing PATH or a database error fails the whole run.
 */
#include "cli/cli.h"
#include "cluster/update.h"
#include "source/ingest.h"

#include <stdio.h>

int cmd_ingest(struct cli *c, int argc, char **argv)
{
	struct store *st = NULL;
	struct ingest_stats s;
	char *err = NULL;
	int rc = 1;
	if (argc < 2)
		return cli_usage(c, "ingest PATH...");
	if (cli_open_store(c, &st))
		return 1;
	if (ingest_paths(st, argv + 1, (size_t)(argc - 1), &s, &err) < 0) {
		cli_fail_free(c, err);
		goto out;
	}
	if (!c->quiet)
		printf("ingested %zu documents into %zu sources: %zu new, %zu updated, %zu unchanged articles"
		       "; %zu skipped, %zu failed\n",
		       s.files, s.sources, s.added, s.updated, s.unchanged, s.skipped, s.failed);
	if (cluster_update(st, &err) < 0) {   /* fold + cluster what was stored */
		cli_fail_free(c, err);
		goto out;
	}
	rc = 0;
out:
	store_close(st);
	return rc;
}
