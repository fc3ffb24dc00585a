/*
 * cli.c — shared plumbing for subcommands.
 */
#include "cli/cli.h"
#include "util/util.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

int cli_fail(const struct cli *c, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "newsfold: %s: ", c->cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

int cli_fail_free(const struct cli *c, char *msg)
{
	cli_fail(c, "%s", msg ? msg : "unknown error");
	free(msg);
	return 1;
}

int cli_usage(const struct cli *c, const char *usage)
{
	fprintf(stderr, "usage: newsfold %s\n", usage);
	(void)c;
	return 2;
}

int cli_open_store(const struct cli *c, struct store **st)
{
	char *err = NULL;
	if (store_open(c->db_path, st, &err) < 0)
		return cli_fail_free(c, err);
	return 0;
}

void cli_print_json(json_t *v, int indent)
{
	char *s = json_dumps(v, (indent ? JSON_INDENT(indent) : JSON_COMPACT) | JSON_PRESERVE_ORDER);
	if (s) {
		fputs(s, stdout);
		fputc('\n', stdout);
		free(s);
	}
}
