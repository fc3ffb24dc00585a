/* test_opml.c — OPML import (nesting, attribute case, caps, hostile documents) and the
 * export → import round trip. */
#include "t.h"
#include "source/opml.h"
#include "util/buf.h"
#include "util/util.h"

#include <libxml/parser.h>

static struct opml *parse(const char *s, char **err)
{
	struct opml *o = NULL;
	*err = NULL;
	if (opml_parse(s, strlen(s), &o, err) < 0)
		return NULL;
	return o;
}

static const char nested[] =
	"<?xml version=\"1.0\"?>\n<opml version=\"1.0\"><head><title> Mine </title></head><body>\n"
	"<outline text=\"Top &amp; co\" xmlUrl=\"http://a.example/rss?x=1&amp;y=2\"/>\n"
	"<outline text=\"Tech\"><outline title=\"Linux\">"
	"<outline text=\"LWN\" XMLURL=\"https://lwn.example/rss\" htmlUrl=\"https://lwn.example/\"/></outline>\n"
	"<outline text=\"HN\" xmlurl=\"https://hn.example/rss\"/></outline>\n"
	"<outline text=\"a note, no feed\"/>\n"
	"<outline text=\"cat\" xmlUrl=\"http://c.example/feed\" category=\"/World/Europe/,/x\"/>\n"
	"</body></opml>";

static void parses_nested_folders(void)
{
	char *err;
	struct opml *o = parse(nested, &err);
	T_REQUIRE(o);
	T_STREQ(o->title, "Mine");
	T_REQUIRE(o->n == 4);
	T_STREQ(o->feeds[0].title, "Top & co");
	T_STREQ(o->feeds[0].xml_url, "http://a.example/rss?x=1&y=2");
	T_CHECK(o->feeds[0].folder == NULL);
	T_STREQ(o->feeds[1].xml_url, "https://lwn.example/rss");
	T_STREQ(o->feeds[1].folder, "Tech/Linux");
	T_STREQ(o->feeds[1].html_url, "https://lwn.example/");
	T_STREQ(o->feeds[2].folder, "Tech");
	T_STREQ(o->feeds[3].folder, "World/Europe");
	T_CHECK(o->skipped == 1);
	opml_free(o);
}

static struct opml *round_trip(const struct opml *in)
{
	struct buf b = BUF_INIT(0);
	struct opml *o = NULL;
	char *err = NULL;
	if (opml_write(&b, in->title, in->feeds, in->n) == 0 && opml_parse(b.data, b.len, &o, &err) < 0) {
		printf("  reparse: %s\n%s\n", err, b.data);
		free(err);
	}
	buf_release(&b);
	return o;
}

static int same_feed(const struct opml_feed *a, const struct opml_feed *b)
{
	return strcmp(a->xml_url, b->xml_url) == 0 && a->title && b->title && strcmp(a->title, b->title) == 0 &&
	       ((!a->folder && !b->folder) || (a->folder && b->folder && strcmp(a->folder, b->folder) == 0));
}

static void round_trip_keeps_titles_urls_folders(void)
{
	/* Feeds in a deliberately scattered folder order, with characters that need escaping. */
	struct opml_feed fs[] = {
		{ "Linux \"weekly\" <news>", "https://l.example/feed?a=1&b=2", NULL, "Tech/Linux" },
		{ "Top", "http://top.example/", NULL, NULL },
		{ "Tech-dash", "http://td.example/", NULL, "Tech-x" },
		{ "Tech root", "http://t.example/", "http://t.example/site", "Tech" },
		{ "Ünïcode — ok\ttab", "http://u.example/rss", NULL, "Welt/Europa" },
		{ "Deep", "http://d.example/", NULL, "Tech/Linux/Kernel" },
	};
	struct opml in = { "subs & things", fs, sizeof fs / sizeof *fs, 0 }, *o = round_trip(&in);
	T_REQUIRE(o);
	T_STREQ(o->title, "subs & things");
	T_REQUIRE(o->n == in.n);
	for (size_t i = 0; i < in.n; i++) {
		size_t hits = 0;
		for (size_t j = 0; j < o->n; j++)
			hits += same_feed(&fs[i], &o->feeds[j]);
		if (hits != 1)
			printf("  lost: %s (%s)\n", fs[i].title, fs[i].folder ? fs[i].folder : "-");
		T_CHECK(hits == 1);
	}
	opml_free(o);
}

static void export_nests_each_folder_once(void)
{
	struct opml_feed fs[] = {
		{ "a", "http://a/", NULL, "Tech" }, { "b", "http://b/", NULL, "Tech-x" },
		{ "c", "http://c/", NULL, "Tech/Linux" }, { "d", "http://d/", NULL, "Tech" },
	};
	struct buf b = BUF_INIT(0);
	const char *p;
	int tech = 0;
	T_REQUIRE(opml_write(&b, NULL, fs, 4) == 0);
	for (p = b.data; (p = strstr(p, "text=\"Tech\"")); p++)
		tech++;
	T_CHECK(tech == 1);
	T_CHECK(strstr(b.data, "<outline text=\"Linux\""));
	buf_release(&b);
}

static void refuses_entities_and_non_opml(void)
{
	const char *laughs = "<?xml version=\"1.0\"?><!DOCTYPE opml [<!ENTITY a \"aaaaaaaaaa\">"
			     "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
			     "<opml><body><outline text=\"&c;\" xmlUrl=\"http://x/\"/></body></opml>";
	const char *xxe = "<?xml version=\"1.0\"?><!DOCTYPE opml SYSTEM \"file:///etc/passwd\">"
			  "<opml><body><outline text=\"x\" xmlUrl=\"http://x/\"/></body></opml>";
	char *err;
	struct opml *o = parse(laughs, &err);
	T_CHECK(!o && err && strstr(err, "entities"));
	free(err);
	o = parse(xxe, &err);
	T_REQUIRE(o);   /* an external DTD reference is simply not loaded */
	T_CHECK(o->n == 1);
	opml_free(o);
	o = parse("<rss><channel/></rss>", &err);
	T_CHECK(!o && err && strstr(err, "<rss>"));
	free(err);
	o = parse("\x01\x02 garbage", &err);
	T_CHECK(!o && err);
	free(err);
	o = parse("<opml><head/></opml>", &err);
	T_CHECK(!o && err && strstr(err, "body"));
	free(err);
}

static void truncated_document_keeps_what_it_can(void)
{
	char *err;
	struct opml *o = parse("<opml><body><outline text=\"A\"><outline text=\"x\" xmlUrl=\"http://x/\"/>"
			       "<outline text=\"y\" xmlUrl=\"http://y", &err);
	T_REQUIRE(o);
	T_CHECK(o->n >= 1);
	T_STREQ(o->feeds[0].folder, "A");
	opml_free(o);
}

static void caps_outlines_and_depth(void)
{
	struct buf b = BUF_INIT(0);
	struct opml *o = NULL;
	char *err = NULL;
	buf_puts(&b, "<opml><body>");
	for (int i = 0; i < 40; i++)
		buf_puts(&b, "<outline text=\"f\">");
	buf_puts(&b, "<outline text=\"deep\" xmlUrl=\"http://deep/\"/>");
	for (int i = 0; i < 40; i++)
		buf_puts(&b, "</outline>");
	for (int i = 0; i < OPML_MAX_OUTLINES + 10; i++)
		buf_printf(&b, "<outline xmlUrl=\"http://h/%d\"/>", i);
	buf_puts(&b, "</body></opml>");
	T_REQUIRE(opml_parse(b.data, b.len, &o, &err) == 0);
	T_CHECK(o->n < OPML_MAX_OUTLINES);
	T_CHECK(o->skipped >= 10);
	for (size_t i = 0; i < o->n; i++)
		T_CHECK(strcmp(o->feeds[i].xml_url, "http://deep/") != 0);   /* deeper than the cap */
	opml_free(o);
	buf_release(&b);
}

int main(void)
{
	xmlInitParser();
	T_RUN(parses_nested_folders);
	T_RUN(round_trip_keeps_titles_urls_folders);
	T_RUN(export_nests_each_folder_once);
	T_RUN(refuses_entities_and_non_opml);
	T_RUN(truncated_document_keeps_what_it_can);
	T_RUN(caps_outlines_and_depth);
	xmlCleanupParser();
	return t_done();
}
