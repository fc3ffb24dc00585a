/*
 * cli — what every subcommand shares: the global options, opening the store, and the
 * one-line error convention ("newsfold: COMMAND: message", exit status 1; usage errors 2).
 *
 * A subcommand is int cmd_NAME(struct cli *c, int argc, char **argv): argv[0] is the
 * command name, options follow (parse them with getopt_long; optind is reset for you).
 * It returns the process exit status.
 */
#ifndef CLI_CLI_H
#define CLI_CLI_H
#include "store/store.h"

struct cli {
	const char *db_path;     /* --db, $NEWSFOLD_DB, or ./newsfold.db */
	const char *cmd;         /* the subcommand's name, for messages */
	int allow_private;       /* --allow-private, or config */
	int quiet, verbose;
};

/* Print "newsfold: CMD: msg" to stderr; returns 1 so callers can `return cli_fail(...)`. */
int cli_fail(const struct cli *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Same, then frees msg (a heap error string from a module). */
int cli_fail_free(const struct cli *c, char *msg);
int cli_usage(const struct cli *c, const char *usage);  /* prints usage, returns 2 */
int cli_open_store(const struct cli *c, struct store **st);  /* 0, or prints and returns 1 */
/* Print a JSON value to stdout with a newline (compact when indent == 0). */
struct json_t;
void cli_print_json(struct json_t *v, int indent);

#define CLI_COMMANDS(X)                                                                \
	X(add, "add URL [--title T] [--folder F]  subscribe to a feed or a site")          \
	X(import, "import FILE.opml                  import subscriptions")               \
	X(export, "export                            write subscriptions as OPML")       \
	X(feeds, "feeds [--json]                    list subscriptions")                 \
	X(remove, "remove ID|URL                     unsubscribe")                        \
	X(refresh, "refresh [--feed ID] [--all]        fetch due feeds")                  \
	X(parse, "parse FILE|-                      print a feed as JSON")               \
	X(ingest, "ingest PATH...                    store local documents")             \
	X(articles, "articles [--feed ID] [--json]     list stored articles")             \
	X(extract, "extract [--url U] FILE...         extract articles from pages")       \
	X(cluster, "cluster < JSONL                   fold and cluster a stream")         \
	X(stories, "stories [--json] [--limit N]      top stories")                       \
	X(serve, "serve [--listen ADDR:PORT]        web reader and APIs")                 \
	X(user, "user add|passwd|list|token ...    manage accounts")

#define CLI_DECLARE(name, help) int cmd_##name(struct cli *c, int argc, char **argv);
CLI_COMMANDS(CLI_DECLARE)
#undef CLI_DECLARE
#endif
