/*
 * cmd_extract.c — `newsfold extract [--url URL] [--format jsonl|text|html] FILE...`
 *
 * One result per input, in input order. FILE may be "-" (stdin) or gzip-compressed (zlib's
 * gzread reads plain files unchanged, so every file goes through it). HTML or text is
 * decided by sniffing (extract_looks_like_html), a ".txt" name forces text. A file that
 * cannot be read or parsed gives {"file":..., "error":...} on its line and the run goes on;
 * the exit status is 1 if any file failed.
 *
 * Hidden: --bench extract|parse [--repeat N] reads every file into memory first, then times (CPU)
 * extraction (or a bare libxml2 parse) on one thread and prints pages/s and MB/s; it is what
 * bench/extract.sh measures.
 */
#include "cli/cli.h"
#include "extract/extract.h"
#include "util/util.h"

#include <errno.h>
#include <getopt.h>
#include <libxml/HTMLparser.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#define EXTRACT_MAX_FILE (64u << 20)

static const char usage[] =
	"usage: newsfold extract [--url URL] [--format jsonl|text|html] FILE...\n"
	"  FILE may be - (stdin) or .gz; one JSON object per file (jsonl, the default)\n";

/* Read a whole (possibly gzip-compressed) file, at most EXTRACT_MAX_FILE bytes. */
static int read_input(const char *path, char **data, size_t *len, char **err)
{
	gzFile g = strcmp(path, "-") ? gzopen(path, "rb") : gzdopen(dup(0), "rb");
	size_t cap = 1 << 16, n = 0;
	char *p = NULL;
	int rc = -1;
	if (!g) {
		*err = xasprintf("cannot open: %s", strerror(errno ? errno : ENOENT));
		return -1;
	}
	p = xmalloc(cap + 1);
	for (;;) {
		if (n == cap) {
			if (cap >= EXTRACT_MAX_FILE) {
				*err = xasprintf("file larger than %u bytes", EXTRACT_MAX_FILE);
				goto out;
			}
			cap *= 2;
			p = xrealloc(p, cap + 1);
		}
		int r = gzread(g, p + n, (unsigned)(cap - n));
		if (r < 0) {
			int e;
			const char *m = gzerror(g, &e);
			*err = xasprintf("cannot read: %s", e == Z_ERRNO ? strerror(errno) : m);
			goto out;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	p[n] = 0;
	*data = p;
	*len = n;
	p = NULL;
	rc = 0;
out:
	free(p);
	gzclose(g);
	return rc;
}

/* JSON is written straight to stdout rather than built with jansson: a 5 MB page's text
 * and HTML would otherwise be held three times over (strings, tree, dump). */
static size_t utf8_len(const unsigned char *p)
{
	size_t k = p[0] < 0x80 ? 1 : p[0] >= 0xf0 && p[0] <= 0xf4 ? 4 : p[0] >= 0xe0 ? 3 :
		   p[0] >= 0xc2 ? 2 : 0;
	for (size_t i = 1; i < k; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	return k;
}

static void put_json_string(const char *s)
{
	if (!s) {
		fputs("null", stdout);
		return;
	}
	putchar('"');
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		size_t k = utf8_len(p);
		if (k == 0) {
			fputs("\\ufffd", stdout);   /* never emit invalid UTF-8 */
			p++;
		} else if (k > 1) {
			fwrite(p, 1, k, stdout);
			p += k;
		} else {
			if (*p == '"' || *p == '\\')
				printf("\\%c", *p);
			else if (*p == '\n')
				fputs("\\n", stdout);
			else if (*p == '\t')
				fputs("\\t", stdout);
			else if (*p < 0x20 || *p == 0x7f)
				printf("\\u%04x", *p);
			else
				putchar(*p);
			p++;
		}
	}
	putchar('"');
}

static void put_field(const char *key, const char *value, bool first)
{
	printf("%s\"%s\":", first ? "{" : ",", key);
	put_json_string(value);
}

static void print_json_result(const char *file, const char *url, const struct extract_result *r)
{
	put_field("file", file, true);
	put_field("url", r->canonical ? r->canonical : url, false);
	put_field("title", r->title, false);
	put_field("byline", r->byline, false);
	put_field("date", r->date, false);
	put_field("lang", r->lang, false);
	put_field("site", r->site, false);
	put_field("image", r->image, false);
	put_field("text", r->text, false);
	put_field("html", r->html, false);
	printf(",\"words\":%zu}\n", r->words);
}

static void print_json_error(const char *file, const char *err)
{
	put_field("file", file, true);
	put_field("error", err, false);
	fputs("}\n", stdout);
}

static int extract_one(const char *path, const char *data, size_t len, const char *url,
		       struct extract_result *r, char **err)
{
	if (str_endswith(path, ".txt") || str_endswith(path, ".txt.gz") ||
	    !extract_looks_like_html(data, len))
		return extract_text(data, len, r, err);
	return extract_html(data, len, url, NULL, r, err);
}

/* Returns 0 on success, 1 when this file failed (already reported). */
static int run_file(const struct cli *c, const char *path, const char *url, const char *fmt)
{
	char *data = NULL, *err = NULL;
	size_t len = 0;
	struct extract_result r = {0};
	int rc = read_input(path, &data, &len, &err);
	if (rc == 0)
		rc = extract_one(path, data, len, url, &r, &err);
	if (rc != 0) {
		if (!strcmp(fmt, "jsonl"))
			print_json_error(path, err ? err : "failed");
		else
			fprintf(stderr, "newsfold: %s: %s: %s\n", c->cmd, path, err ? err : "failed");
	} else if (!strcmp(fmt, "jsonl")) {
		print_json_result(path, url, &r);
	} else if (!strcmp(fmt, "text")) {
		if (r.title)
			printf("%s\n\n", r.title);
		printf("%s\n", r.text ? r.text : "");
	} else {
		printf("%s\n", r.html ? r.html : "");
	}
	fflush(stdout);
	extract_result_release(&r);
	free(data);
	free(err);
	return rc != 0;
}

/* ---- hidden benchmark mode -------------------------------------------------------------- */

struct page {
	char *data;
	size_t len;
};

static int bench(const struct cli *c, char **files, int n, const char *mode, int repeat)
{
	struct page *pages = xcalloc((size_t)n, sizeof *pages);
	size_t bytes = 0, words = 0;
	int failed = 0, loaded = 0;
	for (int i = 0; i < n; i++) {
		char *err = NULL;
		if (read_input(files[i], &pages[loaded].data, &pages[loaded].len, &err) == 0)
			bytes += pages[loaded++].len;
		free(err);
	}
	/* one untimed page first: the libraries are loaded on first use (dynlib.h), and the
	 * peers in bench/extract.sh import theirs before their clocks start too */
	if (loaded && !strcmp(mode, "extract")) {
		struct extract_result r;
		char *err = NULL;
		extract_html(pages[0].data, pages[0].len, NULL, NULL, &r, &err);
		free(err);
		extract_result_release(&r);
	} else if (loaded) {
		xmlFreeDoc(htmlReadMemory(pages[0].data, (int)pages[0].len, NULL, NULL,
					  HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING));
	}
	/* CPU time of this process (the machine is shared; wall time would measure the others) */
	struct timespec c0, c1;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
	for (int rep = 0; rep < repeat; rep++)
		for (int i = 0; i < loaded; i++) {
			if (!strcmp(mode, "parse")) {
				xmlDoc *d = htmlReadMemory(pages[i].data, (int)pages[i].len, NULL, NULL,
							   HTML_PARSE_RECOVER | HTML_PARSE_NONET |
								   HTML_PARSE_NOERROR |
								   HTML_PARSE_NOWARNING | HTML_PARSE_COMPACT);
				failed += d == NULL;
				xmlFreeDoc(d);
				continue;
			}
			struct extract_result r;
			char *err = NULL;
			if (extract_html(pages[i].data, pages[i].len, NULL, NULL, &r, &err) == 0)
				words += r.words;
			else
				failed++;
			free(err);
			extract_result_release(&r);
		}
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
	double secs = (double)(c1.tv_sec - c0.tv_sec) + (double)(c1.tv_nsec - c0.tv_nsec) / 1e9;
	double np = (double)loaded * repeat, mb = (double)bytes * repeat / 1e6;
	printf("{\"mode\":\"%s\",\"pages\":%.0f,\"mb\":%.3f,\"seconds\":%.4f,\"pages_per_s\":%.1f,"
	       "\"mb_per_s\":%.2f,\"failed\":%d,\"words\":%zu}\n",
	       mode, np, mb, secs, secs > 0 ? np / secs : 0, secs > 0 ? mb / secs : 0, failed,
	       words);
	for (int i = 0; i < loaded; i++)
		free(pages[i].data);
	free(pages);
	(void)c;
	return 0;
}

int cmd_extract(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"url", required_argument, NULL, 'u'},  {"format", required_argument, NULL, 'f'},
		{"bench", required_argument, NULL, 'b'}, {"repeat", required_argument, NULL, 'r'},
		{"help", no_argument, NULL, 'h'},       {NULL, 0, NULL, 0}};
	const char *url = NULL, *fmt = "jsonl", *bench_mode = NULL;
	int64_t repeat = 1;
	int ch, failed = 0;
	while ((ch = getopt_long(argc, argv, "u:f:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'u': url = optarg; break;
		case 'f': fmt = optarg; break;
		case 'b': bench_mode = optarg; break;
		case 'r':
			if (str_to_i64(optarg, &repeat) != 0 || repeat < 1 || repeat > 1000)
				return cli_usage(c, usage);
			break;
		default: return cli_usage(c, usage);
		}
	}
	if (optind >= argc)
		return cli_usage(c, usage);
	if (strcmp(fmt, "jsonl") && strcmp(fmt, "text") && strcmp(fmt, "html"))
		return cli_fail(c, "unknown --format %s (jsonl, text or html)", fmt);
	if (bench_mode)
		return bench(c, argv + optind, argc - optind, bench_mode, (int)repeat);
	for (int i = optind; i < argc; i++)
		failed |= run_file(c, argv[i], url, fmt);
	return failed ? 1 : 0;
}
