/*
 * cmd_parse.c — `newsfold parse`. Not built yet: the issue that names it is in progress.
 */
#include "cli/cli.h"

int cmd_parse(struct cli *c, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return cli_fail(c, "this command is not available in this build yet");
}
