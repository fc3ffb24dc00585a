/*
 * main.c — newsfold's entry: global options, then dispatch to a subcommand.
 *
 * The pipeline lives in the folders under src/: source → fetch → parse → extract → fold →
 * cluster → store → serve. Each subcommand (src/cli/cmd_*.c) is a thin driver over them.
 */
#include "cli/cli.h"
#include "util/log.h"
#include "util/util.h"

#include <curl/curl.h>
#include <libxml/parser.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef NEWSFOLD_VERSION
#define NEWSFOLD_VERSION "0.1.0"
#endif

struct command {
	const char *name, *help;
	int (*fn)(struct cli *, int, char **);
};

#define CLI_ENTRY(name, help) { #name, help, cmd_##name },
static const struct command commands[] = { CLI_COMMANDS(CLI_ENTRY) };
#undef CLI_ENTRY

static void usage(FILE *f)
{
	fprintf(f, "newsfold %s — all your news in one place, each story once\n\n"
		   "usage: newsfold [--db PATH] [--allow-private] [-q|-v] COMMAND [ARGS]\n\ncommands:\n",
		NEWSFOLD_VERSION);
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		fprintf(f, "  %s\n", commands[i].help);
	fprintf(f, "\nThe database is --db PATH, else $NEWSFOLD_DB, else ./newsfold.db.\n");
}

/* Global options may stand before or after the command; take them out of argv. */
static int take_globals(struct cli *c, int *argc, char **argv)
{
	int out = 1;
	for (int i = 1; i < *argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--") == 0) {
			while (i < *argc)
				argv[out++] = argv[i++];
			break;
		}
		if (strcmp(a, "--db") == 0 && i + 1 < *argc)
			c->db_path = argv[++i];
		else if (strncmp(a, "--db=", 5) == 0)
			c->db_path = a + 5;
		else if (strcmp(a, "--allow-private") == 0)
			c->allow_private = 1;
		else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0)
			c->quiet = 1;
		else if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0)
			c->verbose = 1;
		else
			argv[out++] = argv[i];
	}
	*argc = out;
	argv[out] = NULL;
	return 0;
}

int main(int argc, char **argv)
{
	struct cli c = { 0 };
	int rc;
	setlocale(LC_ALL, "C");
	c.db_path = store_default_path();
	take_globals(&c, &argc, argv);
	if (c.verbose)
		log_set_level(LOG_INFO);
	if (c.quiet)
		log_set_level(LOG_ERROR);
	if (getenv("NEWSFOLD_ALLOW_PRIVATE") && strcmp(getenv("NEWSFOLD_ALLOW_PRIVATE"), "1") == 0)
		c.allow_private = 1;
	if (argc < 2 || strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
		printf("newsfold %s\n", NEWSFOLD_VERSION);
		return 0;
	}
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++) {
		if (strcmp(argv[1], commands[i].name) != 0)
			continue;
		c.cmd = commands[i].name;
		xmlInitParser();   /* libcurl initialises itself when first used (util/dynlib.h) */
		optind = 1;
		rc = commands[i].fn(&c, argc - 1, argv + 1);
		xmlCleanupParser();
		curl_global_cleanup();
		fflush(stdout);
		if (ferror(stdout)) {
			fprintf(stderr, "newsfold: %s: error writing output\n", c.cmd);
			return 1;
		}
		return rc;
	}
	fprintf(stderr, "newsfold: unknown command '%s' (try newsfold help)\n", argv[1]);
	return 2;
}
