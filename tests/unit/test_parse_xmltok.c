/* test_parse_xmltok.c — the fast XML tokenizer's rules, each checked two ways: the events
 * xmltok reports are what we expect, and they are exactly the events libxml2 (set up as
 * xmlfeed.c sets it up) reports for the same bytes. Documents xmltok must refuse (so that
 * libxml2 parses them) are checked to be refused. */
#include "t.h"
#include "xtrec.h"
#include "parse/feed.h"
#include "util/uriref.h"
#include "util/util.h"

static struct xtrec fast_r, lib_r;

/* xmltok accepts doc, its events equal libxml2's (with no libxml2 error), and, when want is
 * given, equal want. */
static int same(const char *doc, const char *want)
{
	const char *why = NULL;
	size_t n = strlen(doc);
	int rc = xtrec_fast(&fast_r, doc, n, &why);
	xtrec_libxml2(&lib_r, doc, n);
	if (rc != 0) {
		printf("  refused (%s): %s\n", why ? why : "?", doc);
		return 0;
	}
	if (lib_r.error || fast_r.error || strcmp(fast_r.out.data, lib_r.out.data)) {
		printf("  doc:     %s\n  xmltok:  %s\n  libxml2: %s%s\n", doc, fast_r.out.data,
		       lib_r.out.data, lib_r.error ? " (with an error)" : "");
		return 0;
	}
	if (want && strcmp(fast_r.out.data, want)) {
		printf("  doc:  %s\n  got:  %s\n  want: %s\n", doc, fast_r.out.data, want);
		return 0;
	}
	return 1;
}

/* doc is ill-formed, xmltok recovers as libxml2 does: the same events and the same first
 * error, which is want ("line N: message"); and without an error callback it refuses. */
static int recovered(const char *doc, const char *want)
{
	const char *why = NULL;
	size_t n = strlen(doc);
	if (xtrec_fast_mode(&fast_r, doc, n, &why, 0) == 0) {
		printf("  strict mode accepted: %s\n", doc);
		return 0;
	}
	if (xtrec_fast(&fast_r, doc, n, &why) != 0) {
		printf("  refused (%s): %s\n", why ? why : "?", doc);
		return 0;
	}
	xtrec_libxml2(&lib_r, doc, n);
	if (strcmp(fast_r.out.data ? fast_r.out.data : "", lib_r.out.data ? lib_r.out.data : "") ||
	    strcmp(fast_r.first, lib_r.first) || strcmp(fast_r.first, want)) {
		printf("  doc:     %s\n  xmltok:  %s\n          [%s]\n  libxml2: %s\n          [%s]\n"
		       "  want:    [%s]\n", doc, fast_r.out.data, fast_r.first, lib_r.out.data,
		       lib_r.first, want);
		return 0;
	}
	return 1;
}

/* xmltok refuses doc (libxml2 will parse it instead). */
static int refused(const char *doc)
{
	const char *why = NULL;
	int rc = xtrec_fast(&fast_r, doc, strlen(doc), &why);
	if (rc == 0)
		printf("  accepted, should refuse: %s\n  events: %s\n", doc, fast_r.out.data);
	return rc < 0 && why != NULL;
}

static void entities(void)
{
	T_CHECK(same("<a>x &amp; &lt;y&gt; &quot;&apos;</a>",
		     "<(null):a{(null)} def=0>x & <y> \"'</(null):a{(null)}>"));
	T_CHECK(same("<a>&#233;&#xE9;&#x1F600;&#38;&#60;</a>", NULL));
	T_CHECK(same("<a>&#00000065;</a>", NULL));
	T_CHECK(refused("<a>&nbsp;</a>"));          /* HTML entities: xmlprep.c rewrites them */
	T_CHECK(refused("<a>&#0;</a>"));
	T_CHECK(refused("<a>&#xD800;</a>"));
	T_CHECK(refused("<a>&#X41;</a>"));
	T_CHECK(refused("<a>&#1114112;</a>"));
	T_CHECK(refused("<a>&#000000065;</a>"));   /* 9 digits: xmlprep.c makes them text */
	T_CHECK(refused("<a>& b</a>"));
	T_CHECK(refused("<a>&amp</a>"));
}

static void cdata_and_text(void)
{
	T_CHECK(same("<a><![CDATA[<p>x</p> & ]] ]>]]></a>",
		     "<(null):a{(null)} def=0><p>x</p> & ]] ]></(null):a{(null)}>"));
	/* text split across a CDATA section and references: one merged string */
	T_CHECK(same("<a>one <![CDATA[two]]> &amp; three<![CDATA[]]></a>",
		     "<(null):a{(null)} def=0>one two & three</(null):a{(null)}>"));
	T_CHECK(same("<a>l1\r\nl2\rl3\n</a>", "<(null):a{(null)} def=0>l1\nl2\nl3\n</(null):a{(null)}>"));
	T_CHECK(same("<a><![CDATA[x\r\ny]]></a>", NULL));
	T_CHECK(same("<a>]x]]</a>", NULL));
	T_CHECK(same("<a>caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80</a>", NULL));
	T_CHECK(refused("<a>x ]]> y</a>"));
	T_CHECK(refused("<a>\x01</a>"));
	T_CHECK(refused("<a>\xef\xbf\xbe</a>"));
	T_CHECK(refused("<a><![CDATA[never closed</a>"));
}

static void attributes(void)
{
	T_CHECK(same("<a x=\"1\" y='2' z = \"it's\" w='say \"hi\"'/>",
		     "<(null):a{(null)} (null):x{(null)}=[1] (null):y{(null)}=[2] (null):z{(null)}=[it's] "
		     "(null):w{(null)}=[say \"hi\"] def=0></(null):a{(null)}>"));
	/* normalization: TAB/LF/CR(LF) become spaces; '&' is kept as &#38; as libxml2 does */
	T_CHECK(same("<a h=\"a\tb\nc\r\nd\rE &amp; &lt; &#38; &#10;\"/>",
		     "<(null):a{(null)} (null):h{(null)}=[a b c d E &#38; < &#38; \n] def=0></(null):a{(null)}>"));
	T_CHECK(same("<a h='&#233;&gt;'></a>", NULL));
	T_CHECK(refused("<a x=1/>"));
	T_CHECK(refused("<a x/>"));
	T_CHECK(refused("<a x='1' x='2'/>"));
	T_CHECK(refused("<a x='1'y='2'/>"));
	T_CHECK(refused("<a x='<'/>"));
	T_CHECK(refused("<a x='1/>"));
}

static void namespaces(void)
{
	/* the names xmltok does not check are ones the check accepts */
	for (const char *const *c = xmltok_common_ns; *c; c++)
		T_CHECK(uriref_valid(*c));
	T_CHECK(same("<rss xmlns:dc='http://purl.org/dc/elements/1.1/'><dc:creator>A</dc:creator></rss>",
		     "<(null):rss{(null)} ns(dc=http://purl.org/dc/elements/1.1/) def=0>"
		     "<dc:creator{http://purl.org/dc/elements/1.1/} def=0>A"
		     "</dc:creator{http://purl.org/dc/elements/1.1/}></(null):rss{(null)}>"));
	T_CHECK(same("<feed xmlns='http://www.w3.org/2005/Atom' xml:lang='en' xml:base='http://x/'>"
		     "<link href='/a' rel='alternate'/><content type='xhtml'><div xmlns="
		     "'http://www.w3.org/1999/xhtml'><p>x</p></div></content></feed>", NULL));
	/* redeclared prefix in an inner scope, then the outer one again */
	T_CHECK(same("<r xmlns:p='urn:a'><p:x xmlns:p='urn:b' p:at='1'/><p:y/></r>", NULL));
	T_CHECK(same("<r xmlns='urn:a'><x xmlns=''/><y/></r>", NULL));
	T_CHECK(same("<r xmlns:a='urn:a' xmlns:b='urn:a' a:x='1' y='2'/>", NULL));
	T_CHECK(recovered("<r><p:x/></r>", "line 1: Namespace prefix p on x is not defined"));
	T_CHECK(refused("<r xmlns:a='urn:a' xmlns:b='urn:a' a:x='1' b:x='2'/>"));
	T_CHECK(refused("<r xmlns:p=''/>"));
	T_CHECK(refused("<r xmlns='http://www.w3.org/2005/At%om'/>"));   /* not a URI: an error */
	T_CHECK(refused("<r xmlns:x='http://www.w3.org/2000/xmlns/'/>"));
	T_CHECK(refused("<r a:b:c='1'/>"));
	T_CHECK(refused("<r><caf\xc3\xa9/></r>"));              /* non-ASCII names: libxml2's job */
}

static void prolog_and_misc(void)
{
	T_CHECK(same("<?xml version=\"1.0\" encoding=\"utf-8\" standalone='yes'?>\n"
		     "<!-- c --><?xml-stylesheet href='a'?>\n<a><!-- in --><?pi x?>t</a>\n<!-- after -->\n",
		     "<(null):a{(null)} def=0>t</(null):a{(null)}>"));
	T_CHECK(same("\xef\xbb\xbf<a/>", NULL));
	T_CHECK(same("<a></a >", NULL));
	T_CHECK(refused("<!DOCTYPE rss [<!ENTITY x 'y'>]><rss/>"));
	T_CHECK(recovered(" <?xml version='1.0'?><a/>",
			  "line 1: XML declaration allowed only at the start of the document"));
	T_CHECK(refused("<?xml version='2.0'?><a/>"));
	T_CHECK(refused("<?xml encoding='utf-8'?><a/>"));
	T_CHECK(refused("<a/><b/>"));
	T_CHECK(refused("<a/>text"));
	T_CHECK(refused("<a><!-- x -- y --></a>"));
	T_CHECK(recovered("<a>\n<?xml version='1.0'?></a>",
			  "line 2: XML declaration allowed only at the start of the document"));
	T_CHECK(refused("<a><?XML version='1.0'?></a>"));
	T_CHECK(refused(""));
	T_CHECK(recovered("   ", "line 1: Start tag expected, '<' not found"));
	T_CHECK(recovered("<!--\nc\n-->\r\n", "line 4: Start tag expected, '<' not found"));
	T_CHECK(refused("\xef\xbb\xbf"));   /* libxml2: "Document is empty" */
}

static void unterminated_and_mismatched(void)
{
	T_CHECK(refused("<a><b></a></b>"));
	T_CHECK(recovered("<a><b>", "line 1: Premature end of data in tag b line 1"));
	T_CHECK(recovered("<a>\n<p:b xmlns:p='u'>\ntext\n",
			  "line 4: Premature end of data in tag b line 2"));
	T_CHECK(refused("<a"));
	T_CHECK(refused("<a x='1'"));
	T_CHECK(recovered("<a></a", "line 1: expected '>'"));
	T_CHECK(recovered("<a>\r\n<b>x</b>\n</a \r\n\n", "line 5: expected '>'"));
	T_CHECK(recovered("<p:a xmlns:p='u'><b/></p:a", "line 1: expected '>'"));
	T_CHECK(recovered("<a><b>x</b\n", "line 2: expected '>'"));
	T_CHECK(refused("<a>\r<b>x</b\n"));     /* a lone CR: lines as libxml2 counts them? */
	T_CHECK(refused("<a></a x"));
	T_CHECK(recovered("<a><![CD\r\n", "line 1: StartTag: invalid element name"));
	T_CHECK(recovered("<a>1 < 2 <!x> <=</a>", "line 1: StartTag: invalid element name"));
	T_CHECK(refused("<a><!DOCTYPE x></a>"));  /* xmlprep.c removes it */
	T_CHECK(refused("<a><"));
	T_CHECK(recovered("<rss>\n<p:t a='1'\n>x</p:t><p:u/></rss>",
			  "line 3: Namespace prefix p on t is not defined"));
	T_CHECK(refused("<a p:x='1'/>"));
	/* after an error (not a namespace one) libxml2 drops entity references in text, but
	 * not character references, nor references in attribute values */
	T_CHECK(recovered("<a><?xml version='1.0'?>x &lt;&amp; y &#60;&#x26; z<b c='&lt;&#60;&amp;'/>&gt;</a>",
			  "line 1: XML declaration allowed only at the start of the document"));
	T_CHECK(recovered("<a><p:b>x &lt;&amp; y &#60; z<c d='&lt;'/>&gt;</p:b></a>",
			  "line 1: Namespace prefix p on b is not defined"));
	T_CHECK(refused("<a></ab>"));
	T_CHECK(refused("<a><!--"));
	T_CHECK(refused("<a><?pi"));
	T_CHECK(refused("</a>"));
	T_CHECK(refused("<a>&#x41"));
}

static void limits(void)
{
	struct buf b = BUF_INIT(0);
	for (int i = 0; i < 300; i++)
		buf_puts(&b, "<d>");
	T_CHECK(refused(b.data));   /* deeper than 255: libxml2 decides (it stops at 256) */
	buf_reset(&b);
	buf_puts(&b, "<a");
	for (int i = 0; i < 70; i++)
		buf_printf(&b, " a%d='x'", i);
	buf_puts(&b, "/>");
	T_CHECK(refused(b.data));
	buf_reset(&b);
	buf_puts(&b, "<a>");
	for (int i = 0; i < 250; i++)
		buf_puts(&b, "<d>x");
	for (int i = 0; i < 250; i++)
		buf_puts(&b, "</d>");
	buf_puts(&b, "</a>");
	T_CHECK(same(b.data, NULL));
	buf_release(&b);
}

/* The same document through feed_parse on both paths: one JSON. */
static void feed_both_paths(void)
{
	static const char doc[] =
		"<?xml version='1.0'?><rss version='2.0' xmlns:content="
		"'http://purl.org/rss/1.0/modules/content/'><channel><title>T &amp; U</title>"
		"<item><title>I</title><description>&lt;b&gt;x&lt;/b&gt;</description>"
		"<content:encoded><![CDATA[<p>c</p>]]></content:encoded><link>/rel</link></item>"
		"</channel></rss>";
	char *j[2] = { NULL, NULL };
	for (int i = 0; i < 2; i++) {
		struct feed_parse_opts o = { .url = "http://ex.com/f", .xml_path = i ? FEED_XML_LIBXML2
										     : FEED_XML_FAST };
		struct feed *f = NULL;
		char *err = NULL;
		json_t *v;
		T_REQUIRE(feed_parse(doc, sizeof doc - 1, &o, &f, &err) == 0);
		v = feed_to_json(f);
		j[i] = json_dumps(v, JSON_COMPACT);
		json_decref(v);
		feed_free(f);
	}
	T_STREQ(j[0], j[1]);
	free(j[0]), free(j[1]);
}

int main(void)
{
	feed_global_init();
	buf_init(&fast_r.out, 0);
	buf_init(&lib_r.out, 0);
	T_RUN(entities);
	T_RUN(cdata_and_text);
	T_RUN(attributes);
	T_RUN(namespaces);
	T_RUN(prolog_and_misc);
	T_RUN(unterminated_and_mismatched);
	T_RUN(limits);
	T_RUN(feed_both_paths);
	buf_release(&fast_r.out);
	buf_release(&lib_r.out);
	return t_done();
}
