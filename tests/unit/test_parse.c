/* test_parse.c — the feed parser: formats, encodings, entities, hostile input, caps. */
#include "t.h"
#include "parse/feed.h"
#include "parse/parse_int.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/url.h"
#include "util/util.h"

#include <dirent.h>

static struct feed *parse_ct(const char *doc, size_t len, const char *ct, const char *url)
{
	struct feed_parse_opts o = { .url = url, .content_type = ct };
	struct feed *f = NULL;
	char *err = NULL;
	if (feed_parse(doc, len, &o, &f, &err) < 0) {
		printf("  parse error: %s\n", err);
		free(err);
		return NULL;
	}
	return f;
}

static struct feed *parse(const char *doc)
{
	return parse_ct(doc, strlen(doc), NULL, NULL);
}

static const char *xasprintf_tmp(int n)
{
	static char b[64];
	snprintf(b, sizeof b, "http://big.example/%d", n);
	return b;
}

static void rss20_basics(void)
{
	struct feed *f = parse(
		"<?xml version='1.0'?><rss version='2.0' xmlns:dc='http://purl.org/dc/elements/1.1/'"
		" xmlns:content='http://purl.org/rss/1.0/modules/content/'><channel>"
		"<title>T</title><link>http://ex.com/</link><description>D</description>"
		"<language>fr</language><item><title>I1</title><link>http://ex.com/1</link>"
		"<guid isPermaLink='false'>g1</guid><description>&lt;p&gt;s&lt;/p&gt;</description>"
		"<content:encoded><![CDATA[<p>c</p>]]></content:encoded><dc:creator>Ann</dc:creator>"
		"<pubDate>Sat, 07 Sep 2002 00:00:01 GMT</pubDate><category>x</category>"
		"<enclosure url='http://ex.com/a.mp3' length='10' type='audio/mpeg'/></item></channel></rss>");
	T_REQUIRE(f);
	T_STREQ(f->format, "rss20");
	T_CHECK(!f->bozo);
	T_STREQ(f->title, "T");
	T_STREQ(f->link, "http://ex.com/");
	T_STREQ(f->description, "D");
	T_STREQ(f->language, "fr");
	T_REQUIRE(f->n_entries == 1);
	T_STREQ(f->entries[0].id, "g1");
	T_STREQ(f->entries[0].summary, "<p>s</p>");
	T_STREQ(f->entries[0].content, "<p>c</p>");
	T_REQUIRE(f->entries[0].n_authors == 1);
	T_STREQ(f->entries[0].authors[0], "Ann");
	T_CHECK(f->entries[0].published == 1031356801);
	T_REQUIRE(f->entries[0].n_enclosures == 1);
	T_CHECK(f->entries[0].enclosures[0].length == 10);
	T_STREQ(f->entries[0].categories[0], "x");
	feed_free(f);
}

static void atom10_xhtml_and_base(void)
{
	struct feed *f = parse(
		"<feed xmlns='http://www.w3.org/2005/Atom' xml:base='http://ex.org/b/'>"
		"<title>A</title><link href='/'/><entry><title type='html'>&lt;i&gt;x&lt;/i&gt;</title>"
		"<link href='p/1'/><id>urn:1</id><updated>2024-01-02T03:04:05+01:00</updated>"
		"<content type='xhtml'><div xmlns='http://www.w3.org/1999/xhtml'><p>a &amp; <b>b</b></p>"
		"</div></content><author><name>N</name></author></entry></feed>");
	T_REQUIRE(f);
	T_STREQ(f->format, "atom10");
	T_STREQ(f->link, "http://ex.org/");
	T_REQUIRE(f->n_entries == 1);
	T_STREQ(f->entries[0].link, "http://ex.org/b/p/1");
	T_STREQ(f->entries[0].title, "<i>x</i>");
	T_STREQ(f->entries[0].content, "<p>a &amp; <b>b</b></p>");
	T_STREQ(f->entries[0].content_type, "application/xhtml+xml");
	T_CHECK(f->entries[0].updated == 1704161045);
	T_STREQ(f->entries[0].authors[0], "N");
	feed_free(f);
}

static void rdf_and_atom03(void)
{
	struct feed *f = parse("<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'"
			       " xmlns='http://purl.org/rss/1.0/'><channel><title>R</title></channel>"
			       "<item><title>r1</title><link>http://x/1</link></item></rdf:RDF>");
	T_REQUIRE(f);
	T_STREQ(f->format, "rss10");
	T_CHECK(f->n_entries == 1);
	feed_free(f);
	f = parse("<feed version='0.3' xmlns='http://purl.org/atom/ns#'><title>x</title>"
		  "<entry><content mode='escaped' type='text/html'>&lt;b&gt;y&lt;/b&gt;</content>"
		  "</entry></feed>");
	T_REQUIRE(f);
	T_STREQ(f->format, "atom03");
	T_STREQ(f->entries[0].content, "<b>y</b>");
	T_STREQ(f->entries[0].content_type, "text/html");
	feed_free(f);
}

static void json_feed(void)
{
	struct feed *f = parse("{\"version\":\"https://jsonfeed.org/version/1\",\"title\":\"J\","
			       "\"items\":[{\"id\":7,\"url\":\"http://x/7\",\"content_text\":\"t\","
			       "\"attachments\":[{\"url\":\"http://x/a\",\"size_in_bytes\":3}]}]}");
	T_REQUIRE(f);
	T_STREQ(f->format, "json1");
	T_STREQ(f->entries[0].id, "7");
	T_STREQ(f->entries[0].content_type, "text/plain");
	T_CHECK(f->entries[0].enclosures[0].length == 3);
	feed_free(f);
}

static void html_entities_and_bare_amp(void)
{
	struct feed *f = parse("<rss><channel><title>a&nbsp;&eacute;&hellip;&amp;</title>"
			       "<link>http://x/?a=1&b=2</link></channel></rss>");
	T_REQUIRE(f);
	T_STREQ(f->title, "a\xc2\xa0\xc3\xa9\xe2\x80\xa6&");
	T_STREQ(f->link, "http://x/?a=1&b=2");
	T_CHECK(f->bozo);
	feed_free(f);
}

static void mislabelled_cp1252(void)
{
	const char *doc = "<?xml version='1.0' encoding='utf-8'?><rss><channel>"
			  "<title>caf\xe9 \x93q\x94</title></channel></rss>";
	struct feed *f = parse(doc);
	T_REQUIRE(f);
	T_CHECK(f->bozo);
	T_STREQ(f->encoding, "windows-1252");
	T_STREQ(f->title, "caf\xc3\xa9 \xe2\x80\x9cq\xe2\x80\x9d");
	feed_free(f);
}

static void utf16_bom(void)
{
	const char *ascii = "<rss><channel><title>u16</title></channel></rss>";
	struct buf b = BUF_INIT(0);
	struct feed *f;
	buf_append(&b, "\xff\xfe", 2);
	for (const char *p = ascii; *p; p++) {
		buf_putc(&b, *p);
		buf_putc(&b, 0);
	}
	f = parse_ct(b.data, b.len, NULL, NULL);
	T_REQUIRE(f);
	T_STREQ(f->title, "u16");
	T_STREQ(f->encoding, "utf-16le");
	feed_free(f);
	buf_release(&b);
}

static void http_charset_wins(void)
{
	const char *doc = "<?xml version='1.0' encoding='utf-8'?><rss><channel><title>\xe9</title>"
			  "</channel></rss>";
	struct feed *f = parse_ct(doc, strlen(doc), "application/rss+xml; charset=iso-8859-1", NULL);
	T_REQUIRE(f);
	T_CHECK(!f->bozo);
	T_STREQ(f->encoding, "iso-8859-1");
	T_STREQ(f->title, "\xc3\xa9");
	feed_free(f);
}

static void truncated_xml_keeps_entries(void)
{
	struct feed *f = parse("<rss version='2.0'><channel><title>T</title><item><title>one</title>"
			       "</item><item><title>two</title><link>http://x/2</li");
	T_REQUIRE(f);
	T_CHECK(f->bozo);
	T_CHECK(f->bozo_reason != NULL);
	T_CHECK(f->n_entries == 2);
	T_STREQ(f->entries[0].title, "one");
	feed_free(f);
}

static void garbage_rejected(void)
{
	struct feed *f = NULL;
	char *err = NULL;
	char bin[512];
	for (size_t i = 0; i < sizeof bin; i++)
		bin[i] = (char)(i * 131 + 7);
	T_CHECK(feed_parse(bin, sizeof bin, NULL, &f, &err) == -1);
	T_CHECK(f == NULL && err != NULL);
	free(err);
	err = NULL;
	T_CHECK(feed_parse("<html><body>hi</body></html>", 28, NULL, &f, &err) == -1);
	free(err);
	err = NULL;
	T_CHECK(feed_parse("", 0, NULL, &f, &err) == -1);
	free(err);
}

static void billion_laughs_and_xxe(void)
{
	struct buf b = BUF_INIT(0);
	struct feed *f;
	buf_puts(&b, "<?xml version='1.0'?><!DOCTYPE rss [<!ENTITY lol 'lol'>");
	for (int i = 1; i <= 9; i++) {
		buf_printf(&b, "<!ENTITY lol%d '", i);
		for (int j = 0; j < 10; j++)
			buf_printf(&b, "&lol%d;", i - 1);
		buf_puts(&b, "'>");
	}
	buf_puts(&b, "<!ENTITY xxe SYSTEM 'file:///etc/passwd'>]><rss><channel><title>&lol9;</title>"
		     "<description>&xxe;</description></channel></rss>");
	f = parse_ct(b.data, b.len, NULL, NULL);
	T_REQUIRE(f);
	T_CHECK(f->title && strlen(f->title) < 100);
	T_CHECK(f->description && !strstr(f->description, "root:"));
	feed_free(f);
	buf_release(&b);
}

static void entry_cap(void)
{
	struct buf b = BUF_INIT(0);
	struct feed_parse_opts o = { .max_entries = 5 };
	struct feed *f = NULL;
	char *err = NULL;
	buf_puts(&b, "<rss><channel>");
	for (int i = 0; i < 20; i++)
		buf_printf(&b, "<item><title>%d</title></item>", i);
	buf_puts(&b, "</channel></rss>");
	T_REQUIRE(feed_parse(b.data, b.len, &o, &f, &err) == 0);
	T_CHECK(f->n_entries == 5);
	T_CHECK(f->bozo);
	feed_free(f);
	buf_release(&b);
}

static void malformed_dates_are_null(void)
{
	struct feed *f = parse("<rss><channel><item><pubDate>yesterday-ish</pubDate></item>"
			       "<item><pubDate>99 Foo 20x3</pubDate></item></channel></rss>");
	T_REQUIRE(f);
	T_CHECK(f->n_entries == 2);
	T_CHECK(f->entries[0].published == DATE_NONE);
	T_CHECK(f->entries[1].published == DATE_NONE);
	feed_free(f);
}

static void json_shape(void)
{
	struct feed *f = parse("<rss><channel><title>T</title><item><title>x</title></item></channel></rss>");
	json_t *j, *e;
	T_REQUIRE(f);
	j = feed_to_json(f);
	T_CHECK(json_is_string(json_object_get(j, "format")));
	T_CHECK(json_is_boolean(json_object_get(j, "bozo")));
	T_CHECK(json_is_null(json_object_get(j, "bozo_reason")));
	T_CHECK(json_is_null(json_object_get(json_object_get(j, "feed"), "link")));
	e = json_array_get(json_object_get(j, "entries"), 0);
	T_CHECK(json_is_array(json_object_get(e, "authors")));
	T_CHECK(json_is_null(json_object_get(e, "published")));
	T_CHECK(json_is_array(json_object_get(e, "enclosures")));
	json_decref(j);
	feed_free(f);
}

static void print_json_matches_to_json(void)
{
	struct feed *f = parse("<feed xmlns='http://www.w3.org/2005/Atom'><title>T \"q\"</title>"
			       "<entry><title>a</title><category term='x'/></entry><entry><id>2</id>"
			       "<summary>\xc3\xa9\t\\</summary></entry></feed>");
	char *buf = NULL;
	size_t n = 0;
	FILE *m = open_memstream(&buf, &n);
	json_t *a, *b;
	json_error_t je;
	T_REQUIRE(f && m);
	T_CHECK(feed_print_json(f, m) == 0);
	fclose(m);
	a = json_loads(buf, 0, &je);
	b = feed_to_json(f);
	T_CHECK(a && json_equal(a, b));
	json_decref(a);
	json_decref(b);
	free(buf);
	feed_free(f);
}

static void hostile_values_keep_the_shape(void)
{
	/* base64 that decodes to non-UTF-8 bytes stays base64; a surrogate char ref in an
	 * attribute is not decoded into invalid UTF-8; no required key goes missing. */
	struct feed *f = parse("<feed version='0.3' xmlns='http://purl.org/atom/ns#'><entry>"
			       "<title mode='base64'>//79/A==</title>"
			       "<link rel='alternate' href='http://x/&#xD800;'/></entry></feed>");
	json_t *j, *e;
	T_REQUIRE(f);
	T_STREQ(f->entries[0].title, "//79/A==");
	j = feed_to_json(f);
	e = json_array_get(json_object_get(j, "entries"), 0);
	T_CHECK(json_object_get(e, "link") != NULL);
	T_CHECK(json_object_get(e, "title") != NULL);
	json_decref(j);
	feed_free(f);
}

static void sniffing(void)
{
	T_CHECK(feed_sniff("<?xml version='1.0'?>\n<rss version='2.0'>", 38));
	T_CHECK(feed_sniff("<feed xmlns='http://www.w3.org/2005/Atom'>", 42));
	T_CHECK(feed_sniff("{\"version\": \"https://jsonfeed.org/version/1.1\"}", 47));
	T_CHECK(!feed_sniff("<!DOCTYPE html><html><head></head></html>", 41));
	T_CHECK(!feed_sniff("hello", 5));
	T_CHECK(!feed_sniff(NULL, 0));
}

/* Data-driven: tests/data/feeds/NAME.{xml,json} parsed with a fixed base URL must give
 * exactly NAME.expected.json (compared as JSON values). */
static int data_case(const char *dir, const char *name)
{
	char *in = xasprintf("%s/%s", dir, name), *exp_path, *data = NULL, *err = NULL;
	const char *dot = strrchr(name, '.');
	struct feed_parse_opts o = { .url = "http://feeds.example/dir/feed" };
	struct feed *f = NULL;
	json_t *want, *got = NULL;
	json_error_t je;
	size_t len;
	int ok = 0;
	exp_path = xasprintf("%s/%.*s.expected.json", dir, (int)(dot - name), name);
	want = json_load_file(exp_path, 0, &je);
	if (!want)
		printf("  %s: cannot load: %s\n", exp_path, je.text);
	else if (file_read_all(in, 1 << 20, &data, &len) < 0)
		printf("  %s: cannot read\n", in);
	else if (feed_parse(data, len, &o, &f, &err) < 0)
		printf("  %s: %s\n", name, err);
	else if (!json_equal((got = feed_to_json(f)), want)) {
		char *g = json_dumps(got, JSON_INDENT(1) | JSON_SORT_KEYS);
		printf("  %s differs from %s; got:\n%s\n", name, exp_path, g);
		free(g);
	} else
		ok = 1;
	json_decref(want);
	json_decref(got);
	feed_free(f);
	free(err);
	free(data);
	free(in);
	free(exp_path);
	return ok;
}

static void data_driven_cases(void)
{
	const char *dir = "tests/data/feeds";
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;
	if (!d)
		T_SKIP("%s not found (run from the repository root)", dir);
	while ((de = readdir(d))) {
		const char *nm = de->d_name;
		if (nm[0] == '.' || str_endswith(nm, ".expected.json") ||
		    !(str_endswith(nm, ".xml") || str_endswith(nm, ".json")))
			continue;
		n++;
		if (!data_case(dir, nm)) {
			printf("  case %s failed\n", nm);
			T_CHECK(!"data case differs");
		}
	}
	closedir(d);
	T_CHECK(n >= 10);
}

static void fifty_megabytes(void)
{
	struct buf b = BUF_INIT(0);
	struct feed *f;
	char pad[901];
	int n = 0;
	memset(pad, 'x', sizeof pad - 1);
	pad[sizeof pad - 1] = '\0';
	buf_puts(&b, "<?xml version='1.0'?><rss version='2.0'><channel><title>big</title>");
	while (b.len < 50u << 20) {
		buf_printf(&b, "<item><title>item %d</title><link>http://big.example/%d</link>"
			       "<description>%s</description><pubDate>Mon, 01 Jan 2024 00:00:00 GMT"
			       "</pubDate></item>\n", n, n, pad);
		n++;
	}
	buf_puts(&b, "</channel></rss>");
	f = parse_ct(b.data, b.len, NULL, NULL);
	T_REQUIRE(f);
	T_CHECK(!f->bozo);
	T_CHECK(f->n_entries == (size_t)n);
	T_STREQ(f->entries[n - 1].link, xasprintf_tmp(n - 1));
	feed_free(f);
	buf_release(&b);
}

static void hundred_thousand_entries(void)
{
	struct buf b = BUF_INIT(0);
	struct feed *f;
	buf_puts(&b, "<feed xmlns='http://www.w3.org/2005/Atom'><title>many</title>");
	for (int i = 0; i < 100001; i++)
		buf_printf(&b, "<entry><id>urn:%d</id></entry>", i);
	buf_puts(&b, "</feed>");
	f = parse_ct(b.data, b.len, NULL, NULL);
	T_REQUIRE(f);
	T_CHECK(f->n_entries == 100000);   /* the default cap: the 100,001st is dropped... */
	T_CHECK(f->bozo);                  /* ...and said so */
	T_STREQ(f->entries[99999].id, "urn:99999");
	feed_free(f);
	buf_release(&b);
}

static void size_cap_cuts(void)
{
	const char *doc = "<rss><channel><title>t</title><item><title>a</title></item>"
			  "<item><title>b</title></item></channel></rss>";
	struct feed_parse_opts o = { .max_bytes = 60 };
	struct feed *f = NULL;
	char *err = NULL;
	T_REQUIRE(feed_parse(doc, strlen(doc), &o, &f, &err) == 0);
	T_CHECK(f->bozo);
	T_CHECK(f->n_entries == 1);
	feed_free(f);
}

static void atom_link_ampersands(void)
{
	struct feed *f = parse("<feed xmlns='http://www.w3.org/2005/Atom'><entry>"
			       "<link href='http://x/?a=1&amp;b=2&#38;c=3'/></entry></feed>");
	T_REQUIRE(f);
	T_STREQ(f->entries[0].link, "http://x/?a=1&b=2&c=3");
	T_CHECK(!f->bozo);
	feed_free(f);
}

/* feed_resolve answers the common shapes itself (no libcurl); what it answers must be
 * exactly libcurl's answer (url_resolve), for every base and reference below. */
static void resolve_matches_libcurl(void)
{
	static const char *const bases[] = {
		"http://example.com/test/", "http://example.com/test/entry/", "http://example.com/",
		"http://example.com", "https://a.b-c.example/x/y/z.xml", "http://d.test/a/b/c",
		"http://d.test/a/./b/../c/", "http://Example.COM/x/", "http://h:8080/x/",
		"http://u@h/x/", "http://h/x/?q=1", "http://h/x/#f", "http:///example.com/test/",
		"http://www.\xe8\xa9\xb9.com/feed", "http://h/a%20b/", "ftp://h/x/", "title/",
		"http://h/a b/", "http://h/~u/it's/(1)/", "feed/base/", "https:///example.com/t/",
		"http:////example.com/t/", "http://EXAMPLE.com/x", "http://ex_ample.com/x",
		"http://h/\xc3\xa9/", "http://h/x/..", "http://h./x", "http://.h/x", "x:/y/z",
		"http://h/x/./", NULL };
	static const char *const refs[] = {
		"test.html", "../", "..", ".", "./", "../../../x", "/entry/base/", "/", "a/./b/../c",
		"a/b/..", "a/b/.", "/./a", "/../a", "x/../../y/", "p.jpeg", "?q", "#f", "a?b=1",
		"%41", "a b", "\xc3\x80", "//other.host/p", "", "a//b/../c", "...", "..a/.b",
		"it's(1)*+,;=:@~$!", "\xc3\xa9/../b", "a\"b<c>", "\xe8\xa9\xb9/x", "a%20b",
		"\xff\xfe", NULL };
	for (size_t i = 0; bases[i]; i++)
		for (size_t j = 0; refs[j]; j++) {
			char *ours = feed_resolve(bases[i], refs[j]);
			char *curl = url_resolve(bases[i], refs[j]);
			const char *want = curl ? curl : refs[j];
			if (strcmp(ours, want) != 0)
				printf("  base %s ref %s: got %s, libcurl %s\n", bases[i], refs[j], ours,
				       want);
			T_CHECK(strcmp(ours, want) == 0);
			free(ours);
			free(curl);
		}
}

/* feed_html_resolve answers NULL ("nothing to do") without its pass when no URL
 * attribute name stands before an '=': the pass must then give the input back unchanged.
 * Snippets built from the pieces that pass reads, 20,000 of them. */
static void html_resolve_skip_is_exact(void)
{
	static const char *const piece[] = { "<a ", "<img ", "href=", "HREF=", "src='x'", " src=",
					     "title=\"y\"", "data=", "xdata=", "datum=", "alt=", " ",
					     ">", "/>", "<!-- ", "-->", "x", "=", "<", "&amp;", "'",
					     "\"", "/", "background=", "rel=a", "\n", "<p>", "</a>" };
	const char *base = "http://example.org/dir/feed.xml";
	uint32_t st = 88172645u;
	int skipped = 0, rewritten = 0, bad = 0;
	for (int round = 0; round < 20000; round++) {
		char s[256];
		size_t n = 0, k = 1 + (st % 12);
		char *r, *all;
		s[0] = '\0';
		for (size_t i = 0; i < k; i++) {
			const char *p;
			st ^= st << 13, st ^= st >> 17, st ^= st << 5;
			p = piece[st % (sizeof piece / sizeof *piece)];
			if (n + strlen(p) + 1 < sizeof s) {
				memcpy(s + n, p, strlen(p) + 1);
				n += strlen(p);
			}
		}
		r = feed_html_resolve(s, base);
		all = feed_html_resolve_all(s, base);
		if (!r && strcmp(all, s) && ++bad <= 3)
			printf("  skipped, but the pass changes it: [%s] -> [%s]\n", s, all);
		skipped += !r;
		rewritten += strcmp(all, s) != 0;
		free(r);
		free(all);
	}
	printf("  %d snippets skipped without the pass, %d changed by it\n", skipped, rewritten);
	T_CHECK(bad == 0);
	T_CHECK(skipped > 1000 && rewritten > 1000);   /* both sides exercised */
}

/* Attribute blocks live in a stack-like pool in the parser state while their element is
 * open (xmlfeed.c); those that do not fit are malloc'd. Nested elements with attributes
 * larger than the pool, then more after them: every attribute still reads back, and the
 * pool is cut back right when each element closes. */
static void long_attributes_nested(void)
{
	struct buf b = BUF_INIT(0);
	char *big = xmalloc(6001);
	struct feed *f;
	memset(big, 'q', 6000);
	big[6000] = '\0';
	buf_printf(&b, "<feed xmlns='http://www.w3.org/2005/Atom' x='%s'><title>T</title>", big);
	buf_printf(&b, "<entry y='%s' xml:base='http://b.example/one/'><id>1</id>", big);
	buf_printf(&b, "<link z='%s' href='a'/></entry>", big);
	buf_puts(&b, "<entry xml:base='http://b.example/two/'><id>2</id><link href='b'/></entry></feed>");
	f = parse(b.data);
	T_REQUIRE(f != NULL);
	T_REQUIRE(f->n_entries == 2);
	T_STREQ(f->entries[0].link, "http://b.example/one/a");
	T_STREQ(f->entries[1].link, "http://b.example/two/b");
	feed_free(f);
	free(big);
	buf_release(&b);
}

int main(void)
{
	feed_global_init();
	T_RUN(rss20_basics);
	T_RUN(atom10_xhtml_and_base);
	T_RUN(rdf_and_atom03);
	T_RUN(json_feed);
	T_RUN(html_entities_and_bare_amp);
	T_RUN(mislabelled_cp1252);
	T_RUN(utf16_bom);
	T_RUN(http_charset_wins);
	T_RUN(truncated_xml_keeps_entries);
	T_RUN(garbage_rejected);
	T_RUN(billion_laughs_and_xxe);
	T_RUN(entry_cap);
	T_RUN(malformed_dates_are_null);
	T_RUN(json_shape);
	T_RUN(sniffing);
	T_RUN(print_json_matches_to_json);
	T_RUN(hostile_values_keep_the_shape);
	T_RUN(atom_link_ampersands);
	T_RUN(size_cap_cuts);
	T_RUN(resolve_matches_libcurl);
	T_RUN(html_resolve_skip_is_exact);
	T_RUN(data_driven_cases);
	T_RUN(fifty_megabytes);
	T_RUN(hundred_thousand_entries);
	T_RUN(long_attributes_nested);
	return t_done();
}
