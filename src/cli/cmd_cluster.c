/*
 * cmd_cluster.c — `newsfold cluster`: JSON lines on stdin, one decision line per input on
 * stdout, in order (contract in cluster/stream.h). Lines are read in 64 KB pieces into a
 * buffer capped at CLUSTER_LINE_MAX; a longer line is skipped to its newline and answered
 * with an error line, so a hostile input cannot make us allocate without bound.
 */
#include "cli/cli.h"
#include "cluster/stream.h"
#include "util/buf.h"
#include "util/util.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char usage[] =
	"cluster [--why] [--fold-only|--tokenize-only] [--stats] [--join X] [--join-short X] [--thread X] [--window SECONDS] [--half-life HOURS] [--half-life-short HOURS] [--merge X] < JSONL";

static int parse_opts(struct cli *c, int argc, char **argv, struct cluster_opts *o, int *flags,
		      int *stats)
{
	static const struct option opts[] = {
		{ "why", no_argument, NULL, 'w' }, { "fold-only", no_argument, NULL, 'f' },
		{ "tokenize-only", no_argument, NULL, 'T' },
		{ "stats", no_argument, NULL, 's' }, { "join", required_argument, NULL, 'j' },
		{ "thread", required_argument, NULL, 't' }, { "window", required_argument, NULL, 'W' },
		{ "half-life", required_argument, NULL, 'H' }, { "merge", required_argument, NULL, 'm' },
		{ "join-short", required_argument, NULL, 'J' }, { "half-life-short", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	int ch;
	int64_t v;
	while ((ch = getopt_long(argc, argv, "wfTsj:J:t:W:H:S:m:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'w': *flags |= CLUSTER_STREAM_WHY; break;
		case 'f': *flags |= CLUSTER_STREAM_FOLD_ONLY; break;
		case 'T': *flags |= CLUSTER_STREAM_TOKENIZE_ONLY; break;
		case 's': *stats = 1; break;
		case 'j': o->join = strtod(optarg, NULL); break;
		case 't': o->thread = strtod(optarg, NULL); break;
		case 'J': o->join_short = strtod(optarg, NULL); break;
		case 'S': o->half_life_short = strtod(optarg, NULL); break;
		case 'm': o->merge = strtod(optarg, NULL); break;
		case 'H': o->half_life = strtod(optarg, NULL); break;
		case 'W':
			if (str_to_i64(optarg, &v) < 0 || v <= 0)
				return cli_usage(c, usage);
			o->window = v;
			break;
		default: return cli_usage(c, usage);
		}
	}
	return optind < argc ? cli_usage(c, usage) : 0;
}

static double cpu_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void print_stats(struct cluster_stream *s, double secs)
{
	struct cluster_stats st;
	cluster_engine_stats(cluster_stream_engine(s), &st);
	fprintf(stderr, "articles %zu canonicals %zu stories_live %zu stories_archived %zu "
			"fold_bytes %zu cluster_bytes %zu bytes_per_article %.0f wall_seconds %.3f cpu_seconds %.3f\n",
		st.articles, st.canonicals, st.stories_live, st.stories_archived, st.fold_bytes,
		st.cluster_bytes, st.articles ? (double)(st.fold_bytes + st.cluster_bytes) / st.articles : 0,
		secs, cpu_seconds());
}

/* Cumulative CPU seconds and the index memory now: whether cost and memory stay flat. */
static void checkpoint(struct cluster_stream *s, size_t nlines)
{
	struct cluster_stats st;
	double cpu = cpu_seconds();
	cluster_engine_stats(cluster_stream_engine(s), &st);
	fprintf(stderr, "checkpoint %zu cpu_seconds %.3f canonicals %zu fold_bytes %zu cluster_bytes %zu\n",
		nlines, cpu, st.canonicals, st.fold_bytes, st.cluster_bytes);
}

/* Read lines; returns 0, or -1 on a read error. With stats, a checkpoint line on stderr
 * every 10,000 inputs (cumulative CPU seconds, index memory) shows whether the cost per
 * article and the memory stay flat. */
static int run(struct cluster_stream *s, int stats)
{
	size_t nlines = 0;
	char chunk[65536];
	struct buf line = BUF_INIT(CLUSTER_LINE_MAX), out = BUF_INIT(0);
	int too_long = 0, rc = 0;
	while (fgets(chunk, sizeof chunk, stdin)) {
		size_t n = strlen(chunk);
		int eol = n > 0 && chunk[n - 1] == '\n';
		if (eol)
			n--;
		if (!too_long && buf_append(&line, chunk, n) < 0)
			too_long = 1;
		if (!eol && !feof(stdin))
			continue;
		if (too_long)
			cluster_stream_too_long(s, &out);
		else if (line.len > 0 && strspn(line.data, " \t\r") < line.len)
			cluster_stream_line(s, line.data ? line.data : "", line.len, &out);
		too_long = 0;
		buf_reset(&line);
		if (stats && ++nlines % 10000 == 0)
			checkpoint(s, nlines);
		if (out.len >= 65536 || feof(stdin)) {
			fwrite(out.data, 1, out.len, stdout);
			buf_reset(&out);
		}
	}
	if (line.len > 0 || too_long) {   /* last line without newline, cut by EOF */
		if (too_long)
			cluster_stream_too_long(s, &out);
		else if (strspn(line.data, " \t\r") < line.len)
			cluster_stream_line(s, line.data, line.len, &out);
	}
	if (ferror(stdin))
		rc = -1;
	if (out.len)
		fwrite(out.data, 1, out.len, stdout);
	buf_release(&line);
	buf_release(&out);
	return rc;
}

int cmd_cluster(struct cli *c, int argc, char **argv)
{
	struct cluster_opts o;
	struct cluster_stream *s;
	int flags = 0, stats = 0, rc;
	int64_t t0 = time_mono_ns();
	cluster_opts_default(&o);
	if ((rc = parse_opts(c, argc, argv, &o, &flags, &stats)) != 0)
		return rc;
	s = cluster_stream_new(&o, flags);
	rc = run(s, stats);
	if (stats)
		print_stats(s, (double)(time_mono_ns() - t0) / 1e9);
	cluster_stream_free(s);
	if (fflush(stdout) != 0 || rc < 0)
		return cli_fail(c, "read or write error");
	return 0;
}
