/*
 * cmd_ingest.c — `newsfold ingest`. Not built yet: the issue that names it is in progress.
 */
#include "cli/cli.h"

int cmd_ingest(struct cli *c, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return cli_fail(c, "this command is not available in this build yet");
}
