/*
 * cmd_serve.c — `newsfold serve [--listen ADDR:PORT] [--threads N] [--no-refresh] [--no-cache] [--timeout S]`: the web
 * reader and APIs plus the background refresher, in one process.
 *
 * Signals: SIGINT/SIGTERM are blocked in every thread (the mask is set before any thread
 * starts, and threads inherit it) and taken by sigwait in the main thread, which then stops
 * the refresher and the HTTP server in order. No work happens in a signal handler.
 */
#include "cli/cli.h"
#include "serve/auth.h"
#include "serve/reader.h"
#include "serve/refresher.h"
#include "serve/serve.h"
#include "util/log.h"
#include "util/util.h"

#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] = "serve [--listen ADDR:PORT] [--threads N] [--no-refresh] [--no-cache] [--timeout S]";

int cmd_serve(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "threads", required_argument, NULL, 't' },
		{ "no-refresh", no_argument, NULL, 'R' },
		{ "no-cache", no_argument, NULL, 'C' },
		{ "timeout", required_argument, NULL, 'T' },
		{ NULL, 0, NULL, 0 },
	};
	const char *listen = "127.0.0.1:8080";
	int64_t threads = 2, secs;
	int ch, sig = 0, refresh = 1, rc = 1;
	struct store *st = NULL;
	struct http_router *r = NULL;
	struct http_server *s = NULL;
	struct refresher *rf = NULL;
	char *err = NULL;
	sigset_t set;
	while ((ch = getopt_long(argc, argv, "l:t:RCT:", opts, NULL)) != -1) {
		if (ch == 'l')
			listen = optarg;
		else if (ch == 't' && !str_to_i64(optarg, &threads) && threads >= 1 && threads <= 64)
			continue;
		else if (ch == 'R')
			refresh = 0;
		else if (ch == 'C')
			http_cache_enable(0);
		else if (ch == 'T' && !str_to_i64(optarg, &secs) && secs >= 1 && secs <= 3600)
			http_set_timeout((unsigned)secs);
		else
			return cli_usage(c, usage);
	}
	if (auth_global_init() < 0)
		return cli_fail(c, "cannot initialise libsodium");
	/* Migrate once here so the worker threads open an up-to-date database. */
	if (cli_open_store(c, &st))
		return 1;
	store_close(st);
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	serve_set_allow_private(c->allow_private);
	if (refresh)   /* adding a feed fetches it at once; importing wakes the refresher */
		reader_set_fetcher(refresher_fetch_now, refresher_kick);
	r = http_router_new();
	serve_routes(r);
	if (http_server_start(r, listen, c->db_path, (int)threads, &s, &err)) {
		rc = cli_fail_free(c, err);
		goto out;
	}
	if (refresh && refresher_start(c->db_path, c->allow_private, &rf, &err)) {
		rc = cli_fail_free(c, err);
		goto out;
	}
	{
		const char *colon = strrchr(listen, ':');
		printf("newsfold: serving on http://%.*s:%d/\n", (int)(colon - listen), listen, http_server_port(s));
		fflush(stdout);
	}
	sigwait(&set, &sig);
	log_info("serve: signal %d, shutting down", sig);
	rc = 0;
out:
	refresher_stop(rf);
	http_server_stop(s);
	http_router_free(r);
	return rc;
}
