/* test_discover.c — feed-link discovery in HTML, cleaning typed URLs, and file URLs for
 * local documents (discover_* and ingest_file_url; the fetching paths are e2e-tested in
 * tests/e2e/sources.py). */
#include "t.h"
#include "source/discover.h"
#include "source/ingest.h"
#include "util/buf.h"
#include "util/util.h"

#include <libxml/parser.h>

static void finds_alternate_links_in_order(void)
{
	const char *html = "<html><head>"
			   "<link rel=\"stylesheet\" href=\"/s.css\">"
			   "<link rel=\"alternate\" type=\"text/html\" href=\"/de/\">"
			   "<link rel=\"ALTERNATE home\" type=\"Application/RSS+XML; charset=utf-8\" href=\" rss.xml \">"
			   "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"//cdn.example/atom\">"
			   "<link rel=\"alternate\" type=\"application/feed+json\" href=\"/feed.json\">"
			   "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"rss.xml\">"
			   "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"javascript:alert(1)\">"
			   "<link rel=\"alternate\" type=\"application/rss+xml\">"
			   "</head><body><link rel=alternate type=application/rdf+xml href=/index.rdf></body></html>";
	char **v;
	size_t n = discover_links(html, strlen(html), "https://site.example/blog/post", &v);
	T_REQUIRE(n == 4);
	T_STREQ(v[0], "https://site.example/blog/rss.xml");
	T_STREQ(v[1], "https://cdn.example/atom");
	T_STREQ(v[2], "https://site.example/feed.json");
	T_STREQ(v[3], "https://site.example/index.rdf");
	T_CHECK(v[4] == NULL);
	discover_links_free(v);
}

static void honours_base_href(void)
{
	const char *html = "<head><base href=\"https://other.example/x/\">"
			   "<link rel=alternate type=application/atom+xml href=feed></head>";
	char **v;
	size_t n = discover_links(html, strlen(html), "https://site.example/", &v);
	T_REQUIRE(n == 1);
	T_STREQ(v[0], "https://other.example/x/feed");
	discover_links_free(v);
}

static void caps_links_and_survives_garbage(void)
{
	struct buf b = BUF_INIT(0);
	char **v;
	size_t n;
	for (int i = 0; i < 100; i++)
		buf_printf(&b, "<link rel=alternate type=application/rss+xml href=/f%d>", i);
	n = discover_links(b.data, b.len, "http://h.example/", &v);
	T_CHECK(n == DISCOVER_MAX_LINKS);
	discover_links_free(v);
	buf_reset(&b);
	for (int i = 0; i < 5000; i++)
		buf_puts(&b, "<div><\x01\xff");
	n = discover_links(b.data, b.len, "http://h.example/", &v);
	T_CHECK(n == 0 && v && v[0] == NULL);
	discover_links_free(v);
	n = discover_links("", 0, "http://h.example/", &v);
	T_CHECK(n == 0);
	discover_links_free(v);
	buf_release(&b);
}

static void cleans_typed_urls(void)
{
	char *u;
	u = discover_clean_url("  example.com/blog ");
	T_STREQ(u, "https://example.com/blog");
	free(u);
	u = discover_clean_url("http://127.0.0.1:8080/feed");
	T_STREQ(u, "http://127.0.0.1:8080/feed");
	free(u);
	u = discover_clean_url("file:///tmp/x.xml");
	T_STREQ(u, "file:///tmp/x.xml");
	free(u);
	u = discover_clean_url("localhost:9/x");
	T_STREQ(u, "https://localhost:9/x");
	free(u);
	T_CHECK(discover_clean_url("not a url") == NULL);
	T_CHECK(discover_clean_url("news") == NULL);
	T_CHECK(discover_clean_url("") == NULL);
	T_CHECK(discover_clean_url("ftp://example.com/f") == NULL);
	T_CHECK(discover_clean_url("javascript:alert(1)") == NULL);
	T_CHECK(discover_clean_url("http://") == NULL);
}

static void file_urls_are_percent_encoded(void)
{
	char *u = ingest_file_url("/tmp/My Notes/a#b?c%d/ü.txt");
	T_STREQ(u, "file:///tmp/My%20Notes/a%23b%3Fc%25d/%C3%BC.txt");
	free(u);
}

int main(void)
{
	xmlInitParser();
	T_RUN(finds_alternate_links_in_order);
	T_RUN(honours_base_href);
	T_RUN(caps_links_and_survives_garbage);
	T_RUN(cleans_typed_urls);
	T_RUN(file_urls_are_percent_encoded);
	xmlCleanupParser();
	return t_done();
}
