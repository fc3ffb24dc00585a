/* test_entry.c — a parsed feed entry as the article row refresh and ingest both store. */
#include "t.h"
#include "parse/feed.h"
#include "source/entry.h"
#include "util/date.h"

static struct feed *parse(const char *doc)
{
	struct feed *f = NULL;
	char *err = NULL;
	if (feed_parse(doc, strlen(doc), NULL, &f, &err) < 0) {
		printf("  parse error: %s\n", err);
		free(err);
		return NULL;
	}
	return f;
}

static void atom_entry_fields(void)
{
	struct feed *f = parse(
		"<feed xmlns='http://www.w3.org/2005/Atom' xml:lang='de'><title>F</title>"
		"<entry><id>tag:x,2026:1</id><title type='html'>&lt;b&gt;Bold&lt;/b&gt; news</title>"
		"<link href='http://x.example/a'/><author><name>Ann</name></author><author><name>Bo</name></author>"
		"<category term='eu'/><category term='trade'/>"
		"<link rel='enclosure' href='http://x.example/a.mp3' type='audio/mpeg' length='1200'/>"
		"<updated>2026-11-20T10:00:00Z</updated>"
		"<content type='html'>&lt;p&gt;One two &lt;script&gt;evil()&lt;/script&gt;three.&lt;/p&gt;</content>"
		"</entry></feed>");
	struct entry_article x;
	T_REQUIRE(f && f->n_entries == 1);
	entry_article(f, &f->entries[0], 7, 1000, &x);
	T_CHECK(x.a.feed_id == 7 && x.a.fetched == 1000);
	T_STREQ(x.a.guid, "tag:x,2026:1");
	T_STREQ(x.a.url, "http://x.example/a");
	T_STREQ(x.a.title, "Bold news");              /* HTML title as plain text */
	T_STREQ(x.a.author, "Ann, Bo");
	T_STREQ(x.a.categories, "[\"eu\",\"trade\"]");
	T_STREQ(x.a.enclosures, "[{\"url\":\"http://x.example/a.mp3\",\"type\":\"audio/mpeg\",\"length\":1200}]");
	T_STREQ(x.a.lang, "de");                      /* the feed's language stands in */
	T_CHECK(x.a.published == x.a.updated && x.a.updated != DATE_NONE);   /* no published: updated */
	T_CHECK(x.a.text && strstr(x.a.text, "One two") && !strstr(x.a.text, "evil"));
	T_CHECK(x.a.html && !strstr(x.a.html, "script"));
	T_CHECK(x.a.words == 3);
	entry_article_release(&x);
	feed_free(f);
}

static void rss_plain_title_and_feed_author(void)
{
	struct feed *f = parse("<rss version='2.0'><channel><title>F</title>"
			       "<managingEditor>desk@x.example (Desk)</managingEditor>"
			       "<item><title>A &amp;lt;b&amp;gt; tag</title><description>Short.</description></item>"
			       "</channel></rss>");
	struct entry_article x;
	T_REQUIRE(f && f->n_entries == 1);
	entry_article(f, &f->entries[0], 1, 0, &x);
	T_STREQ(x.a.title, f->entries[0].title);   /* a plain title is kept byte for byte */
	T_CHECK(x.a.author == f->author);            /* no entry author: the feed's */
	T_CHECK(!x.a.categories && !x.a.enclosures);
	T_CHECK(x.a.published == DATE_NONE);
	T_STREQ(x.a.summary, "Short.");
	entry_article_release(&x);
	feed_free(f);
}

int main(void)
{
	T_RUN(atom_entry_fields);
	T_RUN(rss_plain_title_and_feed_author);
	return t_done();
}
