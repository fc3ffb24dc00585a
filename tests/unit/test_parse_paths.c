/* test_parse_paths.c — the fast XML path (xmltok.c) and the libxml2 path must give the
 * same JSON, byte for byte, on every document both can parse: the feedparser corpus
 * ($SHARED_DATA/feedparser-tests, skipped when absent), sample/feeds and tests/data/feeds.
 * Also prints how often, and why, the fast path hands a document to libxml2. On the same
 * documents: the text writer (feedjson.c) must write what jansson dumps of feed_to_json,
 * the streaming printer (feed_parse_print) what feed_print_json prints, and the writer
 * the same text from feed_parse_to_print's feed (no jansson extras) as from feed_parse's. */
#include "t.h"
#include "parse/feed.h"
#include "parse/parse_int.h"
#include "util/buf.h"
#include "util/util.h"

#include <dirent.h>
#include <sys/stat.h>

#define MAX_WHY 64

struct tally {
	int writer_differs, stream_differs, to_print_differs;
	int same, differ, fast_only_fail, both_fail, libxml_only_fail, files;
	const char *why[MAX_WHY];
	int why_n[MAX_WHY];
	int nwhy;
};

static const char URL[] = "http://example.org/feeds/index.xml";

static char *dump(const char *data, size_t len, int path, char **err)
{
	struct feed_parse_opts o = { .url = URL, .xml_path = path };
	struct feed *f = NULL;
	json_t *j;
	char *s;
	if (feed_parse(data, len, &o, &f, err) < 0)
		return NULL;
	j = feed_to_json(f);
	s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(j);
	feed_free(f);
	return s;
}

/* The writer (as a tree) against jansson, and the streaming printer against the printer. */
static void check_writers(struct tally *t, const char *path, const char *data, size_t len,
			  const char *jansson)
{
	struct feed_parse_opts o = { .url = URL };
	struct feed *f = NULL;
	struct buf b = BUF_INIT(0);
	char *err = NULL, *printed = NULL, *streamed = NULL;
	size_t np = 0, ns = 0;
	FILE *fp;
	if (feed_parse(data, len, &o, &f, &err) < 0) {
		free(err);
		return;
	}
	feed_json_text(f, &b, 1);
	if (strcmp(b.data, jansson) && ++t->writer_differs <= 3)
		printf("  writer differs from jansson: %s\n    writer:  %.300s\n    jansson: %.300s\n",
		       path, b.data, jansson);
	{   /* no jansson extras (what parse --batch prints from): the same text */
		struct feed *g = NULL;
		struct buf b2 = BUF_INIT(0);
		if (feed_parse_to_print(data, len, &o, &g, &err) < 0) {
			t->to_print_differs++;
			free(err);
			err = NULL;
		} else {
			feed_json_text(g, &b2, 1);
			if (strcmp(b.data, b2.data) && ++t->to_print_differs <= 3)
				printf("  feed_parse_to_print's JSON differs: %s\n", path);
		}
		buf_release(&b2);
		feed_free(g);
	}
	if ((fp = open_memstream(&printed, &np))) {
		feed_print_json(f, fp);
		fclose(fp);
	}
	if ((fp = open_memstream(&streamed, &ns))) {
		if (feed_parse_print(data, len, &o, fp, &err) < 0)
			free(err);
		fclose(fp);
	}
	if ((!printed || !streamed || strcmp(printed, streamed)) && ++t->stream_differs <= 3)
		printf("  streamed differs from printed: %s\n", path);
	free(printed), free(streamed);
	buf_release(&b);
	feed_free(f);
}

static void count_why(struct tally *t, const char *err)
{
	const char *w = strstr(err, ": ") ? strstr(err, ": ") + 2 : err;
	for (int i = 0; i < t->nwhy; i++)
		if (!strcmp(t->why[i], w)) {
			t->why_n[i]++;
			return;
		}
	if (t->nwhy < MAX_WHY) {
		t->why[t->nwhy] = xstrdup(w);
		t->why_n[t->nwhy++] = 1;
	}
}

static void compare_file(struct tally *t, const char *path)
{
	char *data = NULL, *a, *b, *ea = NULL, *eb = NULL;
	size_t len = 0;
	if (file_read_all(path, 64u << 20, &data, &len) < 0)
		return;
	t->files++;
	a = dump(data, len, FEED_XML_FAST, &ea);
	b = dump(data, len, FEED_XML_LIBXML2, &eb);
	if (b)
		check_writers(t, path, data, len, b);
	if (a && b && !strcmp(a, b)) {
		t->same++;
	} else if (a && b) {
		t->differ++;
		if (t->differ <= 5)
			printf("  differs: %s\n    fast:    %.300s\n    libxml2: %.300s\n", path, a, b);
	} else if (!a && b) {
		t->fast_only_fail++;
		count_why(t, ea);
	} else if (!a) {
		t->both_fail++;
	} else {
		t->libxml_only_fail++;
		printf("  only libxml2 fails: %s: %s\n", path, eb);
	}
	free(a), free(b), free(ea), free(eb), free(data);
}

/* Walk dir (no recursion on the tree's depth: an explicit stack of paths). */
static void walk(struct tally *t, const char *root)
{
	char *stack[4096];
	int n = 0;
	stack[n++] = xstrdup(root);
	while (n > 0) {
		char *dir = stack[--n];
		DIR *d = opendir(dir);
		struct dirent *de;
		while (d && (de = readdir(d))) {
			char *p;
			struct stat st;
			if (de->d_name[0] == '.')
				continue;
			p = xasprintf("%s/%s", dir, de->d_name);
			if (stat(p, &st) == 0 && S_ISDIR(st.st_mode) && n < 4096) {
				stack[n++] = p;
				continue;
			}
			if (!str_endswith(p, ".expected.json") &&
			    (str_endswith(p, ".xml") || str_endswith(p, ".rss") ||
			     str_endswith(p, ".atom") || str_endswith(p, ".json")))
				compare_file(t, p);
			free(p);
		}
		if (d)
			closedir(d);
		free(dir);
	}
}

static void report(struct tally *t, const char *what)
{
	printf("  %s: %d files, %d identical, %d differ, %d to libxml2 (fast path gave up), "
	       "%d rejected by both\n",
	       what, t->files, t->same, t->differ, t->fast_only_fail, t->both_fail);
	for (int i = 0; i < t->nwhy; i++) {
		printf("    fallback %4d: %s\n", t->why_n[i], t->why[i]);
		free((char *)t->why[i]);
	}
}

static void same_json_on_corpus(void)
{
	struct tally t = { 0 };
	char *dir = xasprintf("%s/feedparser-tests", t_shared_data());
	struct stat st;
	if (stat(dir, &st) < 0) {
		free(dir);
		T_SKIP("%s/feedparser-tests absent", t_shared_data());
	}
	walk(&t, dir);
	free(dir);
	report(&t, "feedparser corpus");
	T_CHECK(t.writer_differs == 0);
	T_CHECK(t.stream_differs == 0);
	T_CHECK(t.to_print_differs == 0);
	T_CHECK(t.files > 1000);
	T_CHECK(t.differ == 0);
	T_CHECK(t.libxml_only_fail == 0);
	T_CHECK(t.same > t.files / 2);   /* the fast path is the common case */
}

static void same_json_on_samples(void)
{
	struct tally t = { 0 };
	walk(&t, "sample/feeds");
	walk(&t, "tests/data/feeds");
	report(&t, "sample/feeds + tests/data/feeds");
	T_CHECK(t.writer_differs == 0);
	T_CHECK(t.stream_differs == 0);
	T_CHECK(t.to_print_differs == 0);
	T_CHECK(t.files > 5);
	T_CHECK(t.differ == 0);
	T_CHECK(t.libxml_only_fail == 0);
}

/* The streaming printer's spool (a 4 MB mapping written in place) past its first size:
 * entries that do not fit are taken back and written again after it grows, one entry
 * larger than twice the mapping included; the output is still the printer's. */
static void stream_past_the_spool(void)
{
	struct buf doc = BUF_INIT(0);
	struct feed *f = NULL;
	char *err = NULL, *printed = NULL, *streamed = NULL, *quotes;
	size_t np = 0, ns = 0, nq = 9u << 19;   /* 4.5 MB of '"': 9 MB escaped */
	FILE *fp;
	buf_puts(&doc, "<rss version='2.0'><channel><title>spool</title>");
	for (int i = 0; i < 2500; i++)
		buf_printf(&doc, "<item><title>entry %d</title><description>%0900d</description></item>",
			   i, i);
	quotes = xmalloc(nq + 1);
	memset(quotes, '"', nq);
	quotes[nq] = '\0';
	buf_printf(&doc, "<item><title>quotes</title><description>%s</description></item>", quotes);
	buf_puts(&doc, "<item><title>after</title></item></channel></rss>");
	free(quotes);
	T_REQUIRE(feed_parse(doc.data, doc.len, NULL, &f, &err) == 0);
	T_CHECK(f->n_entries == 2502);
	T_REQUIRE((fp = open_memstream(&printed, &np)));
	feed_print_json(f, fp);
	fclose(fp);
	T_REQUIRE((fp = open_memstream(&streamed, &ns)));
	T_CHECK(feed_parse_print(doc.data, doc.len, NULL, fp, &err) == 0);
	fclose(fp);
	T_CHECK(np > (12u << 20));
	T_CHECK(np == ns && memcmp(printed, streamed, np) == 0);
	free(printed);
	free(streamed);
	feed_free(f);
	buf_release(&doc);
}

int main(void)
{
	feed_global_init();
	T_RUN(same_json_on_samples);
	T_RUN(same_json_on_corpus);
	T_RUN(stream_past_the_spool);
	return t_done();
}
