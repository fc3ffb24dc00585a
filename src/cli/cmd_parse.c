/*
 * cmd_parse.c — `newsfold parse FILE|- [--url URL] [--content-type CT] [--pretty]`.
 *
 * Prints the parsed feed as one JSON object (shape in docs/parse.md). Unusable input
 * (unreadable file, not a feed, undecodable) is one line on stderr and exit status 1.
 * Hidden --batch: reads "PATH<TAB>CONTENT-TYPE<TAB>URL<TAB>LANGUAGE" lines on stdin and prints one
 * JSON line per document ({"file", "result"} or {"file", "error"}), so the conformance
 * test runs 2,000 feeds in one process.
 */
#include "cli/cli.h"
#include "parse/feed.h"
#include "util/buf.h"
#include "util/prefetch.h"
#include "util/util.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <getopt.h>
#include <jansson.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A regular file is read in one go into a buffer of its size (file_read_all grows by
 * doubling: for a 50 MB feed that is several copies we do not need). open + fstat, not
 * stat + open: one path lookup per file, which is much of a small feed's cost in --batch.
 * A size of 0 may be a file that is generated as it is read (/proc): read to its end, as
 * util/prefetch.h does. */
static int read_input(const char *path, char **data, size_t *len)
{
	struct stat st;
	int fd;
	ssize_t n;
	size_t got = 0;
	if (strcmp(path, "-") == 0 || (fd = open(path, O_RDONLY)) < 0)
		return file_read_all(path, FEED_MAX_BYTES_DEFAULT, data, len);
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size == 0 ||
	    (size_t)st.st_size > FEED_MAX_BYTES_DEFAULT) {
		close(fd);
		return file_read_all(path, FEED_MAX_BYTES_DEFAULT, data, len);
	}
	*data = xmalloc((size_t)st.st_size + 1);
	while (got < (size_t)st.st_size && (n = read(fd, *data + got, (size_t)st.st_size - got)) > 0)
		got += (size_t)n;
	close(fd);
	(*data)[got] = '\0';
	*len = got;
	return 0;
}

/* Parse path and print its JSON. A regular file is mapped, not read: a copy of a large
 * feed in fresh memory costs more (page faults) than parsing it. 0, or -1 with *err. */
static int parse_print_file(const char *path, const struct feed_parse_opts *o, char **err)
{
	struct stat st;
	char *data = NULL;
	size_t len = 0;
	int fd, rc;
	if (strcmp(path, "-") != 0 && (fd = open(path, O_RDONLY)) >= 0) {
		void *m = MAP_FAILED;
		if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
		    (size_t)st.st_size <= FEED_MAX_BYTES_DEFAULT)
			m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
		close(fd);
		if (m != MAP_FAILED) {
			rc = feed_parse_print(m, (size_t)st.st_size, o, stdout, err);
			munmap(m, (size_t)st.st_size);
			return rc;
		}
	}
	if (read_input(path, &data, &len) < 0) {
		*err = xasprintf("%s: %s", path,
				 errno == EFBIG ? "larger than the 64 MB cap" : strerror(errno));
		return -1;
	}
	rc = feed_parse_print(data, len, o, stdout, err);
	free(data);
	return rc;
}

static int parse_one(const char *path, const struct feed_parse_opts *o, json_t **out, char **err)
{
	char *data = NULL;
	size_t len = 0;
	struct feed *f = NULL;
	if (read_input(path, &data, &len) < 0) {
		*err = xasprintf("%s: %s", path,
				 errno == EFBIG ? "larger than the 64 MB cap" : strerror(errno));
		return -1;
	}
	if (feed_parse(data, len, o, &f, err) < 0) {
		free(data);
		return -1;
	}
	free(data);
	*out = feed_to_json(f);
	feed_free(f);
	return 0;
}

/* Printable ASCII without '"' or '\\': a JSON string's text as it is. Every path of a
 * batch is looked at, so eight bytes at a time, with the usual word tricks: (x - k * ones)
 * & ~x & high is non-zero when some byte of x is below k (k <= 0x80), so a byte equal to
 * c is a zero byte of x ^ (c * ones); (x & ~high) + ones sets the high bit of the bytes
 * whose low seven bits are all set (0x7f; 0xff is caught by x's own high bit). */
static int plain_ascii(const char *s)
{
	const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
	size_t n = strlen(s), i = 0;
	for (uint64_t w; i + 8 <= n; i += 8) {
		uint64_t ctl, del, quote, bslash;
		memcpy(&w, s + i, 8);
		ctl = (w - 0x20 * ones) & ~w;
		del = (w & ~high) + ones;
		quote = ((w ^ ('"' * ones)) - ones) & ~(w ^ ('"' * ones));
		bslash = ((w ^ ('\\' * ones)) - ones) & ~(w ^ ('\\' * ones));
		if ((ctl | del | w | quote | bslash) & high)
			return 0;
	}
	for (; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x7f || s[i] == '"' ||
		    s[i] == '\\')
			return 0;
	return 1;
}

/* One batch row, {"file": PATH, "result": {...}} as json_dumps would write it, but with the
 * feed's JSON from the parser's own writer (no jansson tree per document), built in row
 * (kept from one row to the next) and written in one piece. The document is the
 * prefetched one when there is one, else read here. */
static void batch_row(const char *path, const struct feed_parse_opts *o, const char *pre,
		      size_t pre_len, struct buf *row)
{
	char *data = NULL, *err = NULL;
	const char *doc = pre;
	size_t len = pre_len;
	struct feed *f = NULL;
	/* jansson's string (its UTF-8 check, a malloc) only where the path is not written
	 * as it is: an error row, or a path that needs escaping */
	int plain = plain_ascii(path);
	json_t *p = plain ? NULL : json_string(path);
	if ((plain || p) && !doc && read_input(path, &data, &len) == 0)
		doc = data;
	if ((plain || p) && doc && feed_parse_to_print(doc, len, o, &f, &err) == 0) {
		buf_reset(row);
		buf_puts(row, "{\"file\":");
		if (plain) {   /* json_dumps would write it as it is, quoted */
			buf_putc(row, '"');
			buf_puts(row, path);
			buf_putc(row, '"');
		} else {
			char *ps = json_dumps(p, JSON_ENCODE_ANY);
			buf_puts(row, ps);
			free(ps);
		}
		buf_puts(row, ",\"result\":");
		feed_json_append(f, row);
		buf_puts(row, "}\n");
		/* unlocked: glibc's fwrite takes the stream lock with an atomic exchange, a fence
		 * after the row's 700 bytes were stored (1.5% of a corpus batch); one thread
		 * writes stdout here */
		fwrite_unlocked(row->data, 1, row->len, stdout);
	} else if (plain || p) {
		json_t *r;
		if (!doc && !err)
			err = xasprintf("%s: %s", path,
					errno == EFBIG ? "larger than the 64 MB cap" : strerror(errno));
		r = json_pack("{s:s,s:s}", "file", path, "error", err ? err : "?");
		cli_print_json(r, 0);
		json_decref(r);
	}
	json_decref(p);
	feed_free(f);
	free(data);
	free(err);
}

/* Batch input: stdin read in large blocks (not fgets' 4 KB ones), cut into lines exactly
 * as fgets(line, BATCH_LINE, stdin) cut them before (a longer line is several). */
#define BATCH_LINE 8192
struct lines {
	char buf[1u << 16];
	size_t start, end;
	int eof;
};

/* The next line into line (NUL-terminated, *len bytes before the NUL): 1; 0 when no whole
 * line is buffered and wait is 0 (a batch takes what has arrived, so a caller feeding
 * lines one at a time is never kept waiting); -1 at the end of the input. */
static int next_line(struct lines *in, char *line, int wait, size_t *len)
{
	for (;;) {
		size_t avail = in->end - in->start, n = avail < BATCH_LINE - 1 ? avail : BATCH_LINE - 1;
		const char *nl = memchr(in->buf + in->start, '\n', n);
		ssize_t r;
		if (nl)
			n = (size_t)(nl - (in->buf + in->start)) + 1;
		if (nl || n == BATCH_LINE - 1 || (in->eof && n)) {
			memcpy(line, in->buf + in->start, n);
			line[n] = '\0';
			in->start += n;
			*len = n;
			return 1;
		}
		if (in->eof)
			return -1;
		if (!wait)
			return 0;
		/* about to wait for input: what is answered so far goes out first (stdout is
		 * fully buffered on a pipe, and the caller may be waiting for it) */
		fflush(stdout);
		memmove(in->buf, in->buf + in->start, avail);
		in->start = 0;
		in->end = avail;
		r = read(STDIN_FILENO, in->buf + in->end, sizeof in->buf - in->end);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			in->eof = 1;
		else
			in->end += (size_t)r;
	}
}

struct batch_item {
	char *line;   /* in the batch's pool of lines */
	const char *path;
	struct feed_parse_opts o;
};

/* "PATH<TAB>CONTENT-TYPE<TAB>URL<TAB>LANGUAGE" (all but PATH optional) */
static void split_line(struct batch_item *it)
{
	char *path = it->line, *ct, *url;
	memset(&it->o, 0, sizeof it->o);
	it->path = path;
	path[strcspn(path, "\n")] = '\0';
	ct = strchr(path, '\t');
	if (!ct)
		return;
	*ct++ = '\0';
	url = strchr(ct, '\t');
	if (url) {
		char *lang;
		*url++ = '\0';
		if ((lang = strchr(url, '\t'))) {
			*lang++ = '\0';
			it->o.content_language = *lang ? lang : NULL;
		}
	}
	it->o.content_type = *ct ? ct : NULL;
	it->o.url = url && *url ? url : NULL;
}

/* Up to PREFETCH_MAX lines at a time: their files read in one go (util/prefetch.h), then
 * parsed and printed in order. The lines are packed in one pool (as long as it has room
 * for a longest line), not one BATCH_LINE buffer each: fewer pages to touch. */
#define BATCH_POOL (4 * BATCH_LINE)

/* A batch allocates and frees the same few MB over and over, a document at a time, and
 * each 4 KB page of heap it first touches is a page fault (~17 us on a VM: half the
 * faults of a corpus run). So the heap is grown once by HEAP_PAD, kept (no trimming
 * between documents), and marked for transparent huge pages before anything touches it
 * (a 2 MB range already holding a small page is never given a huge one): a fault per
 * 2 MB. The part below the first 2 MB boundary is taken by a block that is never
 * touched, so the allocations that follow start on the boundary. glibc only (its main
 * arena grows with brk; mallinfo2's keepcost is its top chunk); elsewhere, or without
 * THP, nothing changes. Returns the filler block, to free after the batch. */
#define HEAP_PAD (8u << 20)
#define HUGE_PAGE ((uintptr_t)2 << 20)
static void *batch_heap(void)
{
#if defined(__GLIBC__) && defined(MADV_HUGEPAGE) && defined(M_TOP_PAD) && \
	(__GLIBC__ > 2 || __GLIBC_MINOR__ >= 33)
	char *lo = sbrk(0), *hi, *grow;
	size_t top = mallinfo2().keepcost;
	uintptr_t a = ((uintptr_t)lo + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1), base;
	if (lo == (char *)-1 || a - (uintptr_t)lo < (64u << 10) || top > (1u << 20))
		return NULL;   /* no room to grow below the boundary without touching it */
	mallopt(M_MMAP_THRESHOLD, 4u << 20);   /* the blocks below come from the heap */
	mallopt(M_TRIM_THRESHOLD, 4 * HEAP_PAD);
	mallopt(M_TOP_PAD, HEAP_PAD);
	/* one byte more than the top chunk holds: the heap grows, and this block and the
	 * new top's header end below the boundary */
	grow = malloc(top + 1);
	hi = sbrk(0);
	if (!grow || hi == (char *)-1 || (uintptr_t)hi < a + HUGE_PAGE ||
	    (uintptr_t)grow + top + 64 > a) {
		free(grow);
		return NULL;
	}
	madvise((void *)a, (size_t)((uintptr_t)hi - a), MADV_HUGEPAGE);
	base = (uintptr_t)grow;
	free(grow);   /* back into the top chunk, which starts where grow did */
	return malloc(a - base - 32);
#else
	return NULL;
#endif
}

static int batch(void)
{
	/* the heap first, so that what follows is in its huge pages too */
	void *filler = batch_heap();
	struct lines *in = xmalloc(sizeof *in);
	struct batch_item *items = xmalloc(PREFETCH_MAX * sizeof *items);
	char *pool = xmalloc(BATCH_POOL);
	struct prefetch *pf = prefetch_new();
	struct buf row = BUF_INIT(0);
	size_t n, used, len;
	/* A row is ~700 bytes: stdio's 4 KB was a write per 6. The buffer is ours (glibc
	 * ignores the size asked for when it is left to allocate one: it kept 4 KB), from the
	 * heap rather than static (16 more page faults), and stdio's until the exit. */
	static char *obuf;
	in->start = in->end = 0;
	in->eof = 0;
	if (!isatty(STDOUT_FILENO) && (obuf = malloc(1u << 16)))
		setvbuf(stdout, obuf, _IOFBF, 1u << 16);
	do {
		for (n = used = 0; n < PREFETCH_MAX && BATCH_POOL - used >= BATCH_LINE &&
				   next_line(in, pool + used, n == 0, &len) == 1;
		     n++) {
			items[n].line = pool + used;
			used += len + 1;
			split_line(&items[n]);
			prefetch_add(pf, items[n].path);
		}
		prefetch_run(pf);
		for (size_t i = 0; i < n; i++) {
			const char *doc = NULL;
			size_t dlen = 0;
			prefetch_get(pf, i, &doc, &dlen);
			batch_row(items[i].path, &items[i].o, doc, dlen, &row);
		}
	} while (n);
	prefetch_free(pf);
	buf_release(&row);
	free(filler);
	free(pool);
	free(items);
	free(in);
	return 0;
}

int cmd_parse(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = { { "url", required_argument, NULL, 'u' },
					      { "content-type", required_argument, NULL, 't' },
					      { "content-language", required_argument, NULL, 'l' },
					      { "pretty", no_argument, NULL, 'p' },
					      { "batch", no_argument, NULL, 'b' },
					      { 0, 0, 0, 0 } };
	static const char *const use = "parse FILE|- [--url URL] [--content-type CT] [--pretty]";
	struct feed_parse_opts o = { 0 };
	int ch, pretty = 0;
	json_t *res = NULL;
	char *err = NULL;
	while ((ch = getopt_long(argc, argv, "u:t:l:p", opts, NULL)) != -1) {
		switch (ch) {
		case 'u': o.url = optarg; break;
		case 't': o.content_type = optarg; break;
		case 'l': o.content_language = optarg; break;
		case 'p': pretty = 1; break;
		case 'b': feed_global_init(); return batch();
		default: return cli_usage(c, use);
		}
	}
	if (optind != argc - 1)
		return cli_usage(c, use);
	feed_global_init();
	if (!pretty)
		return parse_print_file(argv[optind], &o, &err) < 0 ? cli_fail_free(c, err) : 0;
	if (parse_one(argv[optind], &o, &res, &err) < 0)
		return cli_fail_free(c, err);
	json_dumpf(res, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', stdout);
	json_decref(res);
	return 0;
}
