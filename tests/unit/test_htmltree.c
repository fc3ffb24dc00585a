/* test_htmltree.c — htmltree_parse builds the tree htmlReadMemory builds: hand-made pages
 * for each rule the builder mirrors (name splitting, boolean attributes, text coalescing,
 * comments and PIs around the root, the depth limit, implied tags), long text, and the
 * first pages of wcxb-dev in the encodings extract uses; and the bytes libxml2 is given:
 * unreadable attributes blanked, script and style bodies cut with nothing else changed. */
#include "t.h"
#include "htmltree_check.h"
#include "extract/charset.h"
#include "util/buf.h"
#include "util/util.h"

#include <dirent.h>
#include <zlib.h>

#define OPTS (HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | \
	      HTML_PARSE_COMPACT)

/* Same tree with no encoding, UTF-8 and windows-1252 (these two as extract passes them). */
static const char *check_all(const char *html, size_t len)
{
	const char *d = htmltree_check(html, len, NULL, OPTS);
	if (!d)
		d = htmltree_check(html, len, "UTF-8", OPTS | HTML_PARSE_IGNORE_ENC);
	if (!d)
		d = htmltree_check(html, len, "windows-1252", OPTS | HTML_PARSE_IGNORE_ENC);
	if (d)
		printf("  %s\n  in: %.80s\n", d, html);
	return d;
}

static const char *check(const char *html)
{
	return check_all(html, strlen(html));
}

static void same_tree_for_ordinary_markup(void)
{
	T_CHECK(!check("<!DOCTYPE html><html><head><title>T</title><meta charset=utf-8></head>"
		       "<body><h1>Head</h1><p>One <b>two</b> &amp; three&nbsp;four</p>"
		       "<ul><li>a<li>b</ul><table><tr><td>1<td>2</table></body></html>"));
	T_CHECK(!check("<p>a<p>b<div>c</p>d</div><span>unclosed <i>every<b>thing"));
	T_CHECK(!check("hello <b>world</b> & more"));
	T_CHECK(!check("   \n  "));
	T_CHECK(!check("<td>cell</td>"));
}

static void same_tree_for_names_and_attributes(void)
{
	/* xmlSplitQName: "fb:like" is element "like"; ":x", "x:" and "xml:..." are special */
	T_CHECK(!check("<body><fb:like href=x></fb:like><o:p></o:p><xml:x>q</xml:x><a:b:c>r</a:b:c>"
		       "<foo:>s</foo:><:bar>t</:bar><svg:rect/></body>"));
	/* boolean attributes get their name as value; others stay valueless */
	T_CHECK(!check("<input disabled checked><option selected>o</option><div hidden "
		       "class=a class=b data-x='1' id=\"i\">d</div><a href=\"?a=1&amp;b=2\">l</a>"));
}

static void same_tree_for_text_comments_and_pis(void)
{
	T_CHECK(!check("<?xml version=\"1.0\"?><!-- c0 --><!DOCTYPE html PUBLIC \"-//W3C//DTD HTML "
		       "4.01//EN\"><!-- c1 --><html><head><script>if (a<b && c>d) {}</script>"
		       "<style>p{}</style></head><body>x<!-- mid -->y<?php echo 1; ?>z &nosuch; "
		       "&#0; &#x1F600;</body></html>trailing<p>late</p><!-- end -->"));
	/* whitespace between blocks is kept or dropped by libxml2 looking at the tree built
	 * so far (and the 4.01 doctype), so the builder's tree must be right as it grows */
	T_CHECK(!check("<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\"><html><body>  <div> a "
		       "</div>  \n <b> b </b> <!-- c --> </body></html>"));
	T_CHECK(!check_all("<p>a\0b</p><p>c</p>", 17));
	/* after </html> libxml2 opens a new <html>: under the root when the document's first
	 * child is the root, after the document's children when it is a comment or DTD */
	T_CHECK(!check("<html><body><p>a</p></body></html>\nafter<p>x</p><!-- c -->"));
	T_CHECK(!check("<!-- c --><html><body><p>a</p></body></html>\nafter<p>x</p>"));
}

static void same_tree_for_long_text(void)
{
	struct buf b = BUF_INIT(0);
	buf_puts(&b, "<p>");
	for (int i = 0; i < 40000; i++)
		buf_puts(&b, i % 7 ? "word " : "x&amp;y ");
	buf_puts(&b, "</p><pre>");
	for (int i = 0; i < 3000; i++)
		buf_puts(&b, "line<br>\n");
	T_CHECK(!check_all(b.data, b.len));
	buf_release(&b);
}

static void same_tree_past_the_depth_limit(void)
{
	struct buf b = BUF_INIT(0);
	for (int i = 0; i < 1000; i++)
		buf_puts(&b, i % 3 ? "<div>x" : "<span><b>");
	buf_puts(&b, "end<p>after</p>");
	T_CHECK(!check_all(b.data, b.len));
	/* the parse stopped where libxml2's stops: not 1000 levels */
	xmlDoc *d = htmltree_parse(b.data, b.len, NULL, OPTS);
	int depth = 0;
	for (xmlNode *n = xmlDocGetRootElement(d); n; n = n->last)
		depth++;
	T_CHECK(depth > 100 && depth < 600);
	htmltree_free(d);
	buf_release(&b);
}

static void empty_input_is_null_like_libxml2(void)
{
	T_CHECK(htmltree_parse("", 0, NULL, OPTS) == NULL);
	T_CHECK(!check_all("<", 1));
	htmltree_free(NULL);
}

/* The bytes htmltree_prepare gives for s ("=" when it changes nothing) */
static char *blanked(const char *s)
{
	size_t n = 0;
	char *b = htmltree_prepare(s, strlen(s), NULL, HTMLTREE_BLANK | HTMLTREE_CUT, &n);
	T_CHECK(b && b[n] == 0 && strlen(b) == n);
	if (b && !strcmp(b, s)) {
		free(b);
		return xstrdup("=");
	}
	return b ? b : xstrdup("(null)");
}

static bool blanks_to(const char *in, const char *want)
{
	char *got = blanked(in);
	bool ok = strcmp(got, want) == 0;
	if (!ok)
		printf("  in:   %s\n  got:  %s\n  want: %s\n", in, got, want);
	free(got);
	return ok;
}

static void unreadable_attribute_names_are_blanked(void)
{
	/* Alpine, Vue and AMP names libxml2 cannot read, with their values; readable ones stay */
	T_CHECK(blanks_to("<div @click=\"() => open = !open\" class=k>",
	                  "<div                             class=k>"));
	T_CHECK(blanks_to("<a [class]='x > y' href=/x @click.prevent=go>",
	                  "<a                 href=/x                  >"));
	T_CHECK(blanks_to("<p data-x@y=\"1\" x-on:click=\"a > b\" :class=c>",
	                  "<p              x-on:click=\"a > b\" :class=c>"));
	T_CHECK(
	    blanks_to("<div/class=\"a\"><br/><img src=a.png/>", "<div class=\"a\"><br/><img src=a.png/>"));
	/* script and style bodies and comments are not tags; "/>" closes a script */
	T_CHECK(blanks_to("<script>if (a<b @c=\"d > e\") {}</script><!-- <i @x=\"y\"> -->",
	                  "<script></script><!-- <i @x=\"y\"> -->"));
	T_CHECK(blanks_to("<STYLE>a<b @c>{}</style ><script src=x /><b @c=d>",
	                  "<STYLE></style ><script src=x /><b     >"));
	T_CHECK(blanks_to("<p class=\"ok\" id=x title='a > b'>text @click=\"no\" <3</p>", "="));
	/* UTF-16 and ISO-2022 are not lexed as bytes */
	size_t n;
	T_CHECK(htmltree_prepare("<b @c=d>", 8, "UTF-16LE", HTMLTREE_BLANK | HTMLTREE_CUT, &n) == NULL);
	T_CHECK(htmltree_prepare("\xff\xfe<b @c=d>", 10, NULL, HTMLTREE_BLANK | HTMLTREE_CUT, &n) == NULL);
	T_CHECK(htmltree_prepare("<b @c=d>", 8, "ISO-2022-JP", HTMLTREE_BLANK | HTMLTREE_CUT, &n) == NULL);
	/* the parse: no script text in the body, the tag keeps its later attributes */
	const char *page = "<body><div @click=\"() => open = !open\" class=k><p>Hello</p></div>"
	                   "<a @click.prevent=\"if (n > 0) go()\" href=\"/x\">Go</a></body>";
	xmlDoc *d = htmltree_parse(page, strlen(page), NULL, OPTS);
	xmlNode *body = xmlDocGetRootElement(d)->children;
	xmlChar *text = xmlNodeGetContent(body);
	T_CHECK(strcmp((const char *)text, "HelloGo") == 0);
	xmlChar *cls = xmlGetProp(body->children, (const xmlChar *)"class");
	xmlChar *href = xmlGetProp(body->last, (const xmlChar *)"href");
	T_CHECK(cls && strcmp((const char *)cls, "k") == 0);
	T_CHECK(href && strcmp((const char *)href, "/x") == 0);
	xmlFree(text);
	xmlFree(cls);
	xmlFree(href);
	htmltree_free(d);
	T_CHECK(!check(page));
}

/* Cutting a script or style body changes nothing else: libxml2 reads the bytes around it
 * as it read them before (every case also against the tree with the bodies in it). */
static const char *check_cut(const char *html)
{
	size_t len = strlen(html);
	const char *d = htmltree_check_cut(html, len, NULL, OPTS);
	if (!d)
		d = htmltree_check_cut(html, len, "windows-1252", OPTS | HTML_PARSE_IGNORE_ENC);
	if (!d)
		d = check_all(html, len);
	if (d)
		printf("  %s\n  in: %.80s\n", d, html);
	return d;
}

static void script_and_style_bodies_are_cut(void)
{
	T_CHECK(blanks_to("<p>a<script type=module>if (x</y) {}</script>b<style>p{}</STYLE>c",
	                  "<p>a<script type=module></script>b<style></STYLE>c"));
	/* JSON-LD stays (meta.c reads it), whatever the case or quoting of its type */
	T_CHECK(blanks_to("<script type=\"application/ld+json\">{\"a\":1}</script>"
	                  "<SCRIPT TYPE='Application/LD+JSON'>{}</SCRIPT>"
	                  "<script type=\"application/ld&#x2B;json\">{}</script>", "="));
	/* libxml2 ends the body at "</" and the name as a prefix; an unclosed one runs to the end */
	T_CHECK(blanks_to("<script>a</scriptx>b</script>c<style>d", "<script></scriptx>b</script>c<style>"));
	/* "<script>" that libxml2 reads as part of something else opens nothing */
	T_CHECK(blanks_to("<!DOCTYPE x \"<script>\"><p>a</script>b", "="));
	T_CHECK(blanks_to("<?pi <script> ?>a</script>b<p>x</div class=\"<script>\">y</script>", "="));
	T_CHECK(blanks_to("<!-- <script> -->a<!-- b --!><script>c</script>", "<!-- <script> -->a<!-- b --!><script></script>"));
	T_CHECK(blanks_to("<_x a=\"<script>\">b</script>", "<_x a=\"<script></script>"));
	/* "/>" closes a script; "x/>" is an unquoted value "x/" and a '>' */
	T_CHECK(blanks_to("<script/>a</script><script src=x/>b", "<script/>a</script><script src=x/>"));
	T_CHECK(!check_cut("<p>a<script>x</script>b<style>y</style>c<_x a=\"<script>\">b</script>d"));
	T_CHECK(!check_cut("<!DOCTYPE x \"<script>\"><p>a</script>b<?pi <script> ?>c</script>"));
	T_CHECK(!check_cut("<p>x</div class=\"<script>\">y</script><!-- b --!><script>c</script>z"));
	T_CHECK(!check_cut("<![CDATA[<script>]]><p>a</script>b<p>x</.y<script>z</script>w"));
	T_CHECK(!check_cut("<script>a</scriptx>b</script>c<title>t<script>s</title>u</script>v"));
	T_CHECK(!check_cut("<table><tr><script>a</script><td>1<style>b</style></table><p>"
	                   "<svg><style>a<b>c</style>d</svg><textarea><script>x</textarea>y</script>z"));
	T_CHECK(!check_cut("<div @click=\"a > <script>\" class=k>t</div><script>a\0b</script>c"));
	T_CHECK(!check_cut("<head><script>a</script>  <style>b</style>\n</head>  <body> <script>c"));
	/* a body beginning with a tag: libxml2 reads the tag, which may end the script */
	T_CHECK(blanks_to("<path><script></path><", "="));
	T_CHECK(blanks_to("<script><html>x</script><style><p>y</style><script> </p>z</script>",
	                  "<script><html>x</script><style><p>y</style><script></script>"));
	T_CHECK(!check_cut("<path><script></path><"));
	T_CHECK(!check_cut("<div><script><html>x</script>y<style></div>z</style><script><_a>b</script>"));
}

static void svg_bodies_are_cut_when_nothing_else_changes(void)
{
	T_CHECK(blanks_to("<p>a<svg viewBox=\"0 0 9 9\"><g><path d=\"M0 0L9 9\"/><circle r=1></g>"
	                  "<linearGradient id=g><stop/></linearGradient></svg>b",
	                  "<p>a<svg viewBox=\"0 0 9 9\"></svg>b"));
	T_CHECK(blanks_to("<SVG><Path></Path><text>t<tspan>u</tspan></text><feBlend/></svG >", "<SVG></svG >"));
	/* kept: what libxml2 knows or could read as more than svg (a <title>, a comment, an end
	 * tag of an element open outside, an <a>, no end, a name to blank); a nested svg's
	 * body is cut, not the outer one's */
	const char *kept[] = {"<svg><title>t</title><path/></svg>", "<svg><!-- c --><path/></svg>",
	                      "<g><svg><path></g>x</svg>", "<svg><a href=x>l</a></svg>",
	                      "<svg><svg><path/></svg></svg>", "<svg><path/>", "<svg><path @x=\"y\"/></svg>",
	                      "<svg><foreignObject><p>x</p></foreignObject></svg>", "<svg><?x?></svg>"};
	for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++) {
		T_CHECK(blanks_to(kept[i], i == 4 ? "<svg><svg></svg></svg>" : i == 6 ? "<svg><path       /></svg>" : "="));
		T_CHECK(!check_cut(kept[i]));
	}
	T_CHECK(!check_cut("<div><svg class=i><g><path d=1><rect></g><text>a&amp;b</text></svg>c</div>d"));
	T_CHECK(!check_cut("<head><svg><path/></svg><title>t</title></head><p><svg><use href=#a></svg>"));
	T_CHECK(!check_cut("<table><tr><td><svg><g><g><path></svg></td><td>2</table>"));
}

static void unread_attributes_are_cut(void)
{
	T_CHECK(blanks_to("<img data-x=\"{&quot;a&quot;:1}\" src=a.png srcset=\"a 1x, b 2x\" sizes=9 "
	                  "data-src=b.png onload='go(\">\")' DATA-Y=1 data-srcset=c alt=x>",
	                  "<img  src=a.png   data-src=b.png    alt=x>"));
	/* kept: the image sources render.c reads, and names that only look alike */
	T_CHECK(blanks_to("<img data-original=a data-lazy-src=b data-url=c data- on=1 data=2 size=3>", "="));
	T_CHECK(htmltree_attr_unread("data-id", 7) && htmltree_attr_unread("onclick", 7) &&
	        htmltree_attr_unread("nitro-lazy-srcset", 17) && !htmltree_attr_unread("class", 5) &&
	        !htmltree_attr_unread("data-src", 8) && !htmltree_attr_unread("href", 4));
	T_CHECK(!check_cut("<div data-a=1 class=k data-b='x > y' id=i><img srcset=s src=x onerror=f></div>"));
	T_CHECK(!check_cut("<p data-a=1 data-a=2 class=a class=b>x<a href=y data-z>z</a></p>"));
	T_CHECK(!check_cut("<svg data-x=1><path data-y=2/></svg><span data-q=\"<script>\">t</span>"));
	/* a NUL ends a quoted value for libxml2, not for a browser: a page with one is not cut */
	const char nul[] = "<c data-r=\"\0\" e><script>x</script>";
	size_t n;
	char *got = htmltree_prepare(nul, sizeof nul - 1, NULL, HTMLTREE_BLANK | HTMLTREE_CUT, &n);
	T_CHECK(got && n == sizeof nul - 1 && !memcmp(got, nul, n));
	free(got);
	T_CHECK(!htmltree_check_cut(nul, sizeof nul - 1, NULL, OPTS));
	/* nor is a page libxml2 does not read as valid UTF-8: an undefined windows-1252 byte in
	 * a script ends its parse there, an invalid UTF-8 one switches it to Latin-1 */
	const char *undecodable[][2] = {{"<script>\x8f</script>c", "windows-1252"},
	                                {"<script>\xe9</script>\xc3\xa9", NULL},
	                                {"<script>x</script>c", "ISO-8859-2"}};
	for (size_t i = 0; i < 3; i++) {
		const char *p = undecodable[i][0];
		got = htmltree_prepare(p, strlen(p), undecodable[i][1], HTMLTREE_BLANK | HTMLTREE_CUT, &n);
		T_CHECK(got && !strcmp(got, p));
		free(got);
		T_CHECK(!htmltree_check_cut(p, strlen(p), undecodable[i][1], OPTS | HTML_PARSE_IGNORE_ENC));
	}
}

static char *read_gz(const char *path, size_t *len)
{
	gzFile f = gzopen(path, "rb");
	struct buf b = BUF_INIT(0);
	char tmp[65536];
	int r;
	if (!f)
		return NULL;
	while ((r = gzread(f, tmp, sizeof tmp)) > 0)
		buf_append(&b, tmp, (size_t)r);
	gzclose(f);
	*len = b.len;
	return buf_detach(&b, NULL);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Real pages: the encodings extract gives, and no encoding for valid UTF-8 (as extract
 * parses it) against the UTF-8 label's tree. */
static void same_tree_on_wcxb_pages(void)
{
	char dir[1024];
	snprintf(dir, sizeof dir, "%s/wcxb-dev/dev/html", t_shared_data());
	DIR *d = opendir(dir);
	if (!d)
		T_SKIP("%s absent", dir);
	char *names[4096];
	size_t n = 0;
	for (struct dirent *e; (e = readdir(d)) && n < 4096;)
		if (strstr(e->d_name, ".html.gz"))
			names[n++] = xstrdup(e->d_name);
	closedir(d);
	qsort(names, n, sizeof *names, cmp_names);
	int bad = 0;
	for (size_t i = 0; i < n; i++) {
		if (i < 60 && !bad) {
			char path[2048];
			size_t len = 0;
			snprintf(path, sizeof path, "%s/%s", dir, names[i]);
			char *page = read_gz(path, &len);
			char enc[64];
			bool as_is;
			size_t skip = charset_detect(page, len, NULL, NULL, enc, sizeof enc, &as_is);
			int o = OPTS | HTML_PARSE_IGNORE_ENC;
			const char *cutdiff = htmltree_check_cut(page + skip, len - skip, enc, o);
			if (cutdiff) {
				printf("  %s (cut): %s\n", names[i], cutdiff);
				bad++;
			}
			xmlDoc *want = htmltree_want(page + skip, len - skip, enc, o);
			xmlDoc *got = htmltree_parse(page + skip, len - skip, as_is ? NULL : enc, o);
			const char *diff = htmltree_diff(want, got);
			if (diff) {
				printf("  %s: %s\n", names[i], diff);
				bad++;
			}
			xmlFreeDoc(want);
			htmltree_free(got);
			free(page);
		}
		free(names[i]);
	}
	T_CHECK(bad == 0);
}

static void quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

int main(void)
{
	xmlInitParser();
	xmlSetGenericErrorFunc(NULL, quiet);   /* the undecodable pages' "encoding error" lines */
	T_RUN(same_tree_for_ordinary_markup);
	T_RUN(same_tree_for_names_and_attributes);
	T_RUN(same_tree_for_text_comments_and_pis);
	T_RUN(same_tree_for_long_text);
	T_RUN(same_tree_past_the_depth_limit);
	T_RUN(empty_input_is_null_like_libxml2);
	T_RUN(unreadable_attribute_names_are_blanked);
	T_RUN(script_and_style_bodies_are_cut);
	T_RUN(svg_bodies_are_cut_when_nothing_else_changes);
	T_RUN(unread_attributes_are_cut);
	T_RUN(same_tree_on_wcxb_pages);
	return t_done();
}
