/*
 * html.c — extract_html: page bytes → article text, sanitized HTML and metadata.
 *
 * Steps: refuse what cannot be a page (empty, too large, binary); pick the encoding
 * (charset.c); parse with libxml2's recovering HTML parser into an arena tree
 * (htmltree.c); collect metadata (meta.c);
 * choose the title so the body can drop its repeat; find and clean the content
 * (content.c); write text and HTML through the same keep() filter (render.c). When the
 * page's JSON-LD articleBody is much longer than what the DOM gave (pages that render the
 * article with script), the articleBody is used instead.
 */
#include "extract/charset.h"
#include "extract/content.h"
#include "extract/extract.h"
#include "extract/htmltree.h"
#include "extract/lines.h"
#include "extract/meta.h"
#include "extract/render.h"
#include "util/date.h"
#include "util/url.h"
#include "util/util.h"

#include <libxml/HTMLparser.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define HTML_MAX_INPUT (64u << 20)
/* fewer words than this from a page with at least this much text: retry leniently */
#define LENIENT_WORDS 150
#define LENIENT_PAGE_CHARS 500
/* the last pass, keeping link-dense blocks, runs below LINKS_WORDS words and replaces the
 * text when it has at least LINKS_LEAST words and holds LINKS_COVER of the words it replaces */
#define LINKS_WORDS 250
#define LINKS_LEAST 100
#define LINKS_COVER 0.9

bool extract_looks_like_html(const char *data, size_t len)
{
	static const char *const marks[] = {"<!doctype", "<html", "<head", "<body", "<p>", "<p ",
					    "<div", "<br", "<meta", "<title", "<article", "<a ",
					    "<span", "<h1", "<h2", "<table", "<ul", "<img"};
	size_t n = len < 4096 ? len : 4096;
	char *head = xstrndup(data ? data : "", n);
	bool r = false;
	for (size_t i = 0; i < sizeof marks / sizeof marks[0] && !r; i++)
		r = str_casestr(head, marks[i]) != NULL;
	free(head);
	return r;
}

/* ---- title --------------------------------------------------------------------------------- */

static size_t word_count(const char *s)
{
	return lines_count_words(s);
}

static bool loose_eq(const char *a, const char *b)
{
	char *x = NULL, *y = NULL;
	bool r;
	if (!a || !b)
		return false;
	x = render_collapse(a);
	y = render_collapse(b);
	r = !str_casecmp(x, y);
	free(x);
	free(y);
	return r;
}

/* What stands between a headline and the site's name in a <title> */
static const char *const title_seps[] = {" | ", " - ", " – ", " — ", " :: ", " » ", " · ",
					 " / ", " • ", " ~ "};
#define N_SEPS (sizeof title_seps / sizeof title_seps[0])

/* Could tail be a name (a site's, a section's)? Not when it begins in lower case ("... –
 * tips and tricks" goes on with the headline) or holds no letter ("2026 / 2027"). */
static bool tail_is_name(const char *tail)
{
	if (tail[0] >= 'a' && tail[0] <= 'z')
		return false;
	for (const char *p = tail; *p; p++)
		if (ascii_isalpha((unsigned char)*p) || (unsigned char)*p >= 0x80)
			return true;
	return false;
}

/* "Headline | Site" → "Headline"; also "Site: Headline" when the site is known. With
 * names_only, a short tail the site does not name goes only when it reads as a name. */
static char *strip_site(const char *title, const char *site, const char *host, bool names_only)
{
	char *t = xstrdup(title);
	for (int round = 0; round < 2; round++) {
		char *cut = NULL;
		size_t sl = 0;
		for (size_t i = 0; i < N_SEPS; i++) {
			char *p = t, *last = NULL;
			while ((p = strstr(p, title_seps[i])) != NULL)
				last = p++;
			if (last && (!cut || last > cut)) {
				cut = last;
				sl = strlen(title_seps[i]);
			}
		}
		if (!cut)
			break;
		const char *suffix = cut + sl;
		char saved = *cut;
		*cut = 0;
		bool named = (site && (str_casestr(site, suffix) || str_casestr(suffix, site))) ||
			     (host && str_casestr(host, suffix));
		bool short_tail = word_count(suffix) <= 4 && word_count(t) >= 3 &&
				  (!names_only || tail_is_name(suffix));
		if (!named && !short_tail) {
			*cut = saved;
			break;
		}
	}
	return t;
}

/* Is h1 the site's name rather than the headline: og:site_name, or what follows a
 * separator in the <title> ("Long headline | H1") when what precedes it is longer? */
static bool h1_is_site(const char *h1, const struct page_meta *m)
{
	if (m->site && loose_eq(h1, m->site))
		return true;
	const char *titles[] = {m->title_tag, m->og_title};
	for (size_t t = 0; t < 2; t++) {
		if (!titles[t])
			continue;
		for (size_t i = 0; i < N_SEPS; i++) {
			const char *p = titles[t], *last = NULL;
			while ((p = strstr(p, title_seps[i])) != NULL)
				last = p++;
			if (!last || last == titles[t] || !loose_eq(last + strlen(title_seps[i]), h1))
				continue;
			char *head = xstrndup(titles[t], (size_t)(last - titles[t]));
			bool longer = word_count(head) > word_count(h1);
			free(head);
			if (longer)
				return true;
		}
	}
	return false;
}

/* Does title begin with h1 and a separator ("Flexbox - Learn web development | MDN")? */
static bool title_starts_with(const char *title, const char *h1)
{
	size_t n = strlen(h1);
	if (!title || strncasecmp(title, h1, n) != 0)
		return false;
	if (!strncmp(title + n, ": ", 2))
		return true;
	for (size_t i = 0; i < N_SEPS; i++)
		if (!strncmp(title + n, title_seps[i], strlen(title_seps[i])))
			return true;
	return false;
}

/* The headline: the page's <h1> when the <title>/og:title agree with it or it stands
 * alone, else the <title>/og:title/JSON-LD headline without the site's name. */
static char *choose_title(const struct page_meta *m, const char *host)
{
	const char *base = m->og_title ? m->og_title : m->ld_headline ? m->ld_headline : m->title_tag;
	const char *h1 = m->h1, *site = m->site;
	if (h1 && h1_is_site(h1, m)) {
		site = h1;   /* a blog's name in its masthead: strip it from the <title> */
		h1 = NULL;
	}
	if (h1 && (title_starts_with(m->title_tag, h1) || title_starts_with(m->og_title, h1)))
		return xstrdup(h1);
	if (h1 && m->h1_count <= 2 && word_count(h1) >= 2 &&
	    (!base || loose_eq(h1, base) || (m->title_tag && str_casestr(m->title_tag, h1)) ||
	     (m->og_title && str_casestr(m->og_title, h1))))
		return xstrdup(h1);
	if (h1 && base) {
		/* "Dec 18 2025 Headline", "Thread: Headline": the h1 is the headline with a
		 * date or label before it */
		char *b = strip_site(base, site, host, false);
		size_t hl = strlen(h1), bl = strlen(b);
		if (word_count(b) >= 3 && hl > bl && !str_casecmp(h1 + hl - bl, b))
			return b;
		free(b);
	}
	/* the one visible headline is what the reader sees as the title, even when the
	 * <title>/og:title was written for search engines ("Top 10 ... in 2025 | Site") */
	if (h1 && m->h1_count == 1 && word_count(h1) >= 2 && word_count(h1) <= 30)
		return xstrdup(h1);
	if (!base)
		return h1 ? xstrdup(h1) : NULL;
	return strip_site(base, site, host, false);
}

/* A character reference left after the parser decoded the attribute or text once: the page
 * escaped it twice ("SQL &amp;#x26; AI", "Maria &amp;amp; Katerina"), so the reader would
 * see the reference. One more round of decoding, of &#N;, &#xN; and the named references
 * HTML defines; anything else stays as written. */
static size_t char_ref(const char *s, char out[4])
{
	/* the ';' within the next 10 bytes: a bounded look, not a scan of the rest of s */
	const char *e = memchr(s, ';', strnlen(s, 11));
	unsigned long cp = 0;
	if (!e || e - s < 3)
		return 0;
	if (s[1] == '#') {
		bool hex = s[2] == 'x' || s[2] == 'X';
		const char *p = s + 2 + hex;
		if (p == e)
			return 0;
		for (; p < e; p++) {
			int d = ascii_isdigit((unsigned char)*p)                       ? *p - '0'
				: hex && (unsigned)((*p | 32) - 'a') < 6 ? (*p | 32) - 'a' + 10
									   : -1;
			if (d < 0)
				return 0;
			if (cp > 0x10FFFF)
				return 0;
			cp = cp * (hex ? 16 : 10) + (unsigned long)d;
		}
	} else {
		char name[12];
		memcpy(name, s + 1, (size_t)(e - s - 1));
		name[e - s - 1] = 0;
		const htmlEntityDesc *d = htmlEntityLookup((const xmlChar *)name);
		if (!d)
			return 0;
		cp = d->value;
	}
	if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return utf8_put((unsigned char *)out, (uint32_t)cp);
}

static char *decode_refs(char *s)
{
	if (!s || !strchr(s, '&'))
		return s;
	char *w = s;
	for (const char *r = s; *r;) {
		char u[4];
		size_t n = *r == '&' ? char_ref(r, u) : 0;
		if (n) {
			memcpy(w, u, n);   /* a reference is at least 4 bytes, its character at most 4 */
			w += n;
			r = strchr(r, ';') + 1;
		} else {
			*w++ = *r++;
		}
	}
	*w = 0;
	return s;
}

/* An <h1> title that runs on into the block after it (left open, so the parser nested
 * the date line in it) ends where its first block begins. */
static char *h1_head_only(char *t, const struct page_meta *m)
{
	if (!m->h1 || !m->h1_head || strcmp(t, m->h1) != 0 || !strcmp(m->h1_head, m->h1) ||
	    word_count(m->h1_head) < 2)
		return t;
	free(t);
	return xstrdup(m->h1_head);
}

/* The <h1> as the title when it is a link to the front page, the site's logo: the <title>
 * (or og:title) without the site's name, the <h1> taken as that name, is the headline. */
static char *h1_logo(char *t, const struct page_meta *m, const char *host)
{
	const char *base = m->title_tag ? m->title_tag : m->og_title;
	if (!m->h1_home || !base || strcmp(t, m->h1) != 0)
		return t;
	char *s = strip_site(base, m->h1, host, false);
	if (!strcmp(s, base) || word_count(s) < 1) {
		free(s);
		return t;
	}
	free(t);
	return s;
}

/* A page that is not an article (no author, no date, no JSON-LD headline: a service's,
 * a shop's or a section's front) whose one <h1> the <title> and og:title do not contain:
 * the <h1> is a slogan ("Business messaging that scales"), the <title> names the page. */
static char *slogan_h1(char *t, const struct page_meta *m, const char *host)
{
	const char *base = m->og_title ? m->og_title : m->title_tag;
	if (!m->h1 || !base || strcmp(t, m->h1) != 0 || m->author || m->date || m->ld_headline ||
	    (m->title_tag && str_casestr(m->title_tag, m->h1)) ||
	    (m->og_title && str_casestr(m->og_title, m->h1)))
		return t;
	char *s = strip_site(base, m->site, host, false);
	if (!strcmp(s, base)) {
		free(s);
		return t;
	}
	free(t);
	return s;
}

/* The visible <h1> as the title, but a <h1> that copies the <title> whole ("Headline |
 * Opinion", "Headline - Site Cost Report") loses the same suffix strip_site takes from a
 * <title>: a site's or section's name is not the headline however it is shown. */
static char *h1_without_site(char *t, const struct page_meta *m, const char *host)
{
	if (!m->h1 || (strcmp(t, m->h1) != 0 && (!m->h1_head || strcmp(t, m->h1_head) != 0)))
		return t;
	char *s = strip_site(t, m->site, host, true);
	free(t);
	return s;
}

/* What the reader sees as the title: choose_title's headline (which the body also uses,
 * to drop its repeat) made presentable. */
static char *display_title(const char *title, const struct page_meta *m, const char *host)
{
	if (!title)
		return NULL;
	char *t = xstrdup(title);
	t = h1_logo(t, m, host);
	t = slogan_h1(t, m, host);
	t = h1_head_only(t, m);
	t = h1_without_site(t, m, host);
	t = decode_refs(t);
	return t;
}

/* ---- metadata out -------------------------------------------------------------------------- */


/* A label of up to four words ending in "by" before the name: "Articles by Juliette",
 * "View all posts by Ray Ansari", "Written By: Tom May", "Text by Hunter Dukes"; not after a
 * name ("The Team, edited by Walter"). Returns where the name begins, or p. */
static const char *after_by_label(const char *p)
{
	size_t words = 0;
	for (const char *q = p; *q && *q != ','; q++) {
		if (!ascii_isspace((unsigned char)*q) || ascii_isspace((unsigned char)q[1]))
			continue;   /* q is the blank before a word */
		if (++words > 4)
			break;
		const char *w = q + 1;
		if (strncasecmp(w, "by", 2) != 0 || (w[2] != ' ' && w[2] != ':'))
			continue;
		w += 2;
		while (*w == ':' || ascii_isspace((unsigned char)*w))
			w++;
		return ascii_isalnum((unsigned char)*w) || (unsigned char)*w >= 0x80 ? w : p;
	}
	return p;
}

static char *clean_byline(const char *a)
{
	if (!a)
		return NULL;
	const char *p = a;
	/* ", USA TODAY", "& Ann Lee": what stood between two names */
	while (*p && !ascii_isalnum((unsigned char)*p) && (unsigned char)*p < 0x80)
		p++;
	if (str_istartswith(p, "posted by ") || str_istartswith(p, "written by "))
		p = strchr(p, ' ') + 1;
	p = after_by_label(p);
	if (str_istartswith(p, "by:"))
		p += 3;
	else if (str_istartswith(p, "by "))
		p += 3;
	char *s = render_collapse(p);
	char *bar = strstr(s, " | ");
	if (bar)
		*bar = 0;
	if (!s[0] || strlen(s) > 120 || str_casestr(s, "http")) {
		free(s);
		return NULL;
	}
	return s;
}

/* The UTC offset a date ends with ("...T21:50:50-05:00", "... 21:50:50 -0500"), in
 * seconds, after a time of day; false when it names none (or Z, GMT, UT). */
static bool date_offset(const char *raw, int *off)
{
	size_t n = strlen(raw);
	while (n && ascii_isspace((unsigned char)raw[n - 1]))
		n--;
	const char *colon = strchr(raw, ':');
	for (size_t len = 5; len <= 6; len++) {
		if (n < len + 1)
			continue;
		const char *p = raw + n - len;
		bool sep = len == 6;
		if ((p[0] != '+' && p[0] != '-') || !colon || colon > p ||
		    !ascii_isdigit((unsigned char)p[1]) || !ascii_isdigit((unsigned char)p[2]) ||
		    (sep && p[3] != ':') || !ascii_isdigit((unsigned char)p[3 + sep]) ||
		    !ascii_isdigit((unsigned char)p[4 + sep]))
			continue;
		int h = (p[1] - '0') * 10 + (p[2] - '0'), mi = (p[3 + sep] - '0') * 10 + (p[4 + sep] - '0');
		if (h > 14 || mi > 59)
			return false;
		*off = (p[0] == '-' ? -1 : 1) * (h * 3600 + mi * 60);
		return true;
	}
	return false;
}

/* ISO 8601 in the page's own time zone when it gives one ("2024-01-14T21:50:50-05:00":
 * the day the page says, not the day in UTC), else UTC ("...Z"). */
static char *iso_date(const char *raw)
{
	int64_t t = raw ? date_parse(raw) : DATE_NONE;
	char iso[DATE_ISO_LEN];
	int off = 0;
	if (t == DATE_NONE)
		return NULL;
	if (!date_offset(raw, &off) || off == 0)
		return xstrdup(date_format(t, iso));
	date_format(t + off, iso);
	size_t n = strlen(iso);
	if (!n || iso[n - 1] != 'Z')
		return xstrdup(iso);
	int a = off < 0 ? -off : off;
	return xasprintf("%.*s%c%02d:%02d", (int)(n - 1), iso, off < 0 ? '-' : '+', a / 3600,
			 a % 3600 / 60);
}

static char *clean_lang(const char *l)
{
	if (!l)
		return NULL;
	char *s = xstrdup(l);
	size_t n = 0;
	for (char *p = s; *p && (ascii_isalpha((unsigned char)*p) || *p == '-' || *p == '_'); p++)
		s[n++] = *p == '_' ? '-' : *p;
	s[n] = 0;
	for (size_t i = 0; i < n && s[i] != '-'; i++)
		s[i] = (char)ascii_tolower((unsigned char)s[i]);
	if (n < 2) {
		free(s);
		return NULL;
	}
	return s;
}

static char *abs_url(const char *v, const char *base)
{
	char *u = v ? render_safe_url(v, base, false) : NULL;
	if (u && !str_istartswith(u, "http")) {
		free(u);
		return NULL;
	}
	return u;
}

static void fill_meta(struct extract_result *out, struct page_meta *m, const char *url)
{
	out->canonical = abs_url(m->canonical, url);
	const char *base = url ? url : out->canonical;
	out->byline = decode_refs(clean_byline(m->author));
	out->date = iso_date(m->date);
	out->lang = clean_lang(m->lang);
	out->site = m->site ? xstrdup(m->site) : NULL;
	out->image = abs_url(m->image, base);
}

/* ---- body ---------------------------------------------------------------------------------- */

static void body_from_ld(struct extract_result *out, const char *ld)
{
	struct buf text = BUF_INIT(0), html = BUF_INIT(0);
	const char *p = ld;
	while (*p) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		char *raw = xstrndup(p, n), *line = render_collapse(raw);
		free(raw);
		if (line[0]) {
			if (text.len)
				buf_puts(&text, "\n\n");
			buf_puts(&text, line);
			char *frag = extract_sanitize_fragment(line, strlen(line), NULL);
			buf_printf(&html, "<p>%s</p>\n", frag);
			free(frag);
		}
		free(line);
		p += n + (e ? 1 : 0);
	}
	free(out->text);
	free(out->html);
	out->text = buf_detach(&text, NULL);
	out->html = buf_detach(&html, NULL);
}

/* content_keep, and the <h1> that names the site rather than the article is not body */
struct body_keep {
	struct content *c;
	xmlNode *masthead;
};

static bool body_keep(void *ctx, xmlNode *n)
{
	struct body_keep *k = ctx;
	return n != k->masthead && content_keep(k->c, n);
}

static void render_body(struct extract_result *out, struct content *c, const char *url,
			xmlNode *masthead)
{
	struct buf text = BUF_INIT(0), html = BUF_INIT(0);
	struct body_keep k = {c, masthead};
	for (size_t i = 0; i < c->nparts; i++) {
		xmlNode *p = c->parts[i];
		if (!body_keep(&k, p))
			continue;
		/* the writers write a node's children, so a part's own tag is added here */
		render_text(p, &text, body_keep, &k);
		bool wrap = !strcmp((const char *)p->name, "p") || !strcmp((const char *)p->name, "pre") ||
			    !strcmp((const char *)p->name, "blockquote") ||
			    !strcmp((const char *)p->name, "ul") || !strcmp((const char *)p->name, "ol");
		if (wrap)
			buf_printf(&html, "<%s>", (const char *)p->name);
		render_html(p, &html, url, body_keep, &k);
		if (wrap)
			buf_printf(&html, "</%s>\n", (const char *)p->name);
	}
	out->text = buf_detach(&text, NULL);
	out->html = buf_detach(&html, NULL);
}

/* ---- streamed segments ---------------------------------------------------------------- */

/* React's streaming server render (React 18 and later, Next.js) sends the page first with a
 * placeholder for each part not ready yet — <template id="B:N"> after a <!--$?--> comment,
 * then the fallback ("Loading..."), then <!--/$--> — and later, at the end of the body,
 * that part as <div hidden id="S:N"> and a script, $RC("B:N","S:N"), that moves it into
 * place; a part nested in another comes as <template id="P:N"> inside it and
 * $RS("S:N","P:N"). The scripts do not run here (and their bodies are cut before the
 * parse), so the moves are made on the tree before anything reads it, pairing the ids by
 * their number as React writes them: the segment's children replace the fallback (or, with
 * no comment markers, follow the template) or the P placeholder, and the emptied hidden
 * div goes. Only on pages that hold `id="S:`. The tree is the arena's: nodes are relinked,
 * never freed. */
#define SEGMENTS_MAX 1024   /* of each kind: the pairing is quadratic */

static bool segment_id(const xmlNode *n, char kind, const char **num)
{
	for (const xmlAttr *a = n->properties; a; a = a->next) {
		if (strcmp((const char *)a->name, "id") != 0)
			continue;
		const xmlNode *t = a->children;
		const char *v = t && t->type == XML_TEXT_NODE && t->content ? (const char *)t->content : "";
		if (v[0] != kind || v[1] != ':' || !v[2])
			return false;
		for (const char *p = v + 2; *p; p++)
			if (!ascii_isdigit((unsigned char)*p) && (unsigned)((*p | 32) - 'a') >= 6)
				return false;
		*num = v + 2;
		return true;
	}
	return false;
}

static void node_unlink(xmlNode *n)
{
	if (n->prev)
		n->prev->next = n->next;
	else if (n->parent)
		n->parent->children = n->next;
	if (n->next)
		n->next->prev = n->prev;
	else if (n->parent)
		n->parent->last = n->prev;
	n->parent = n->prev = n->next = NULL;
}

/* Puts n under parent before ref (at the end when ref is NULL). */
static void node_insert(xmlNode *parent, xmlNode *ref, xmlNode *n)
{
	n->parent = parent;
	n->next = ref;
	n->prev = ref ? ref->prev : parent->last;
	if (n->prev)
		n->prev->next = n;
	else
		parent->children = n;
	if (ref)
		ref->prev = n;
	else
		parent->last = n;
}

static bool is_comment(const xmlNode *n, const char *text)
{
	return n && n->type == XML_COMMENT_NODE && n->content &&
	       !strcmp((const char *)n->content, text);
}

static bool is_ancestor_of(const xmlNode *a, const xmlNode *n)
{
	for (; n; n = n->parent)
		if (n == a)
			return true;
	return false;
}

static void place_segment(xmlNode *tpl, xmlNode *seg, bool placeholder)
{
	if (!tpl->parent || is_ancestor_of(seg, tpl) || is_ancestor_of(tpl, seg))
		return;
	xmlNode *parent = tpl->parent, *end = tpl->next;
	if (!placeholder && (is_comment(tpl->prev, "$?") || is_comment(tpl->prev, "$!"))) {
		/* the fallback runs to the matching <!--/$--> */
		int depth = 0, steps = 0;
		for (xmlNode *x = tpl->next; x && steps < 100000; x = end, steps++) {
			end = x->next;
			if (x->type == XML_COMMENT_NODE && x->content) {
				const char *d = (const char *)x->content;
				if (!strcmp(d, "/$")) {
					if (depth-- == 0) {
						end = x;
						break;
					}
				} else if (!strcmp(d, "$") || !strcmp(d, "$?") || !strcmp(d, "$!")) {
					depth++;
				}
			}
			if (is_ancestor_of(x, seg))
				return;
			node_unlink(x);
		}
	}
	while (seg->children) {
		xmlNode *ch = seg->children;
		node_unlink(ch);
		node_insert(parent, end, ch);
	}
	node_unlink(seg);
	if (placeholder)
		node_unlink(tpl);
}

/* Whether the page's bytes hold `id="S:` (memchr runs from one 'S' to the next). */
static bool has_segment_id(const char *data, size_t len)
{
	for (const char *p = data, *end = data + len; p && end - p >= 3;) {
		p = memchr(p, 'S', (size_t)(end - p));
		if (!p || end - p < 2)
			break;
		if (p[1] == ':' && p - data >= 4 && !memcmp(p - 4, "id=\"", 4))
			return true;
		p++;
	}
	return false;
}

static void place_streamed_segments(xmlDoc *doc)
{
	xmlNode *root = xmlDocGetRootElement(doc);
	xmlNode **tpl = NULL, **seg = NULL;
	size_t ntpl = 0, nseg = 0;
	for (xmlNode *n = root; n;) {
		const char *num;
		if (n->type == XML_ELEMENT_NODE && n->properties) {
			if (ntpl < SEGMENTS_MAX && !strcmp((const char *)n->name, "template") &&
			    (segment_id(n, 'B', &num) || segment_id(n, 'P', &num))) {
				if (!tpl)
					tpl = xcalloc(SEGMENTS_MAX, sizeof *tpl);
				tpl[ntpl++] = n;
			} else if (nseg < SEGMENTS_MAX && !strcmp((const char *)n->name, "div") &&
				   xmlHasProp(n, (const xmlChar *)"hidden") && segment_id(n, 'S', &num)) {
				if (!seg)
					seg = xcalloc(SEGMENTS_MAX, sizeof *seg);
				seg[nseg++] = n;
			}
		}
		if (n->type == XML_ELEMENT_NODE && n->children) {
			n = n->children;
			continue;
		}
		while (n && !n->next && n != root)
			n = n->parent;
		if (!n || n == root)
			break;
		n = n->next;
	}
	/* a segment completes the boundary or the placeholder of its own number: B:N
	 * (React's $RC, the fallback goes) or P:N ($RS, the placeholder goes) */
	for (size_t i = 0; i < nseg && ntpl; i++) {
		const char *sn, *tn;
		segment_id(seg[i], 'S', &sn);
		for (size_t k = 0; k < ntpl; k++) {
			if (!tpl[k])
				continue;
			bool p = segment_id(tpl[k], 'P', &tn);
			if ((p || segment_id(tpl[k], 'B', &tn)) && !strcmp(sn, tn)) {
				place_segment(tpl[k], seg[i], p);
				tpl[k] = NULL;
				break;
			}
		}
	}
	free(tpl);
	free(seg);
}

/* ---- markup after </html> ----------------------------------------------------------------- */

/* Text after the page's </body></html> (a template that closes the page and then writes
 * the article, a footer include printed twice) is shown by browsers at the end of the
 * body; libxml2 gives it a second <html> root that nothing reads. Its content (its body's
 * children, or its own children but a <head>) is moved to the end of the first root's
 * body. */
static xmlNode *child_named(xmlNode *n, const char *name)
{
	for (xmlNode *ch = n ? n->children : NULL; ch; ch = ch->next)
		if (ch->type == XML_ELEMENT_NODE && !strcmp((const char *)ch->name, name))
			return ch;
	return NULL;
}

static void move_children(xmlNode *from, xmlNode *to, bool skip_head)
{
	xmlNode *ch = from->children;
	while (ch) {
		xmlNode *next = ch->next;
		if (!(skip_head && ch->type == XML_ELEMENT_NODE && !strcmp((const char *)ch->name, "head"))) {
			node_unlink(ch);
			node_insert(to, NULL, ch);
		}
		ch = next;
	}
}

static void join_later_roots(xmlDoc *doc)
{
	xmlNode *root = xmlDocGetRootElement(doc);
	xmlNode *body = child_named(root, "body");
	if (!body)
		return;
	for (xmlNode *n = root->next; n;) {
		xmlNode *next = n->next;
		if (n->type == XML_ELEMENT_NODE) {
			xmlNode *b = !strcmp((const char *)n->name, "html") ? child_named(n, "body") : NULL;
			if (b)
				move_children(b, body, false);
			if (!strcmp((const char *)n->name, "html"))
				move_children(n, body, true);
			else {
				node_unlink(n);
				node_insert(body, NULL, n);
			}
		}
		n = next;
	}
}

static int parse_page(const char *data, size_t len, const char *content_type, xmlDoc **doc,
		      char **err)
{
	if (len == 0) {
		*err = xstrdup("empty document");
		return -1;
	}
	if (len > HTML_MAX_INPUT) {
		*err = xasprintf("page too large (%zu bytes, limit %u)", len, HTML_MAX_INPUT);
		return -1;
	}
	struct charset_scan scan;
	charset_scan(data, len, &scan);
	if (scan.binary) {
		*err = xstrdup("binary data, not an HTML page");
		return -1;
	}
	char enc[64];
	bool as_is;
	size_t skip = charset_detect(data, len, content_type, &scan, enc, sizeof enc, &as_is);
	/* valid UTF-8 is parsed as it is, without libxml2's conversion copy (IGNORE_ENC keeps
	 * a <meta charset> from switching); the tree is the one the UTF-8 label gives */
	int opts = HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
		   HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC;
	/* as_is: the scan found the bytes valid UTF-8 (a UTF-8 BOM skipped is valid too) */
	*doc = as_is ? htmltree_parse_utf8(data + skip, len - skip, opts)
		     : htmltree_parse(data + skip, len - skip, enc, opts);
	if (!*doc || !xmlDocGetRootElement(*doc)) {
		htmltree_free(*doc);
		*doc = NULL;
		*err = xstrdup("not an HTML document (the parser found no elements)");
		return -1;
	}
	return 0;
}

/* Extracts again in another mode; the new text replaces out's when it has at least twice
 * the words, at least `least` words and (cover > 0) that share of out's words: a pass
 * that widens the content, not one that moved elsewhere. Returns the words of the text
 * kept. */
static size_t retry(struct extract_result *out, xmlDoc *doc, const char *page_url,
		    const char *body_title, xmlNode *masthead, unsigned mode, size_t words, size_t least, double cover)
{
	struct content c;
	struct extract_result alt = {0};
	content_find(&c, doc, body_title, mode);
	render_body(&alt, &c, page_url, masthead);
	content_release(&c);
	size_t w2 = lines_count_words(alt.text);
	if (w2 >= 2 * words && w2 >= least && w2 > 0 &&
	    (cover <= 0 || lines_word_cover(out->text, alt.text) >= cover)) {
		free(out->text);
		free(out->html);
		out->text = alt.text;
		out->html = alt.html;
		return w2;
	}
	free(alt.text);
	free(alt.html);
	return words;
}

/* The page's structured text (ld, of ldw words: JSON-LD articleBody, a Product's
 * description) is the text when it has at least `least` words and the DOM rules gave under
 * `under` of that (a page that renders its content with script). Returns whether it is. */
static bool ld_instead(struct extract_result *out, const char *ld, size_t ldw, size_t least,
		       double under, size_t words)
{
	if (ldw < least || (double)words >= under * (double)ldw)
		return false;
	body_from_ld(out, ld);
	return true;
}

/* A product page's content is its description; the part the DOM rules pick holds it with
 * the shop's option pickers, delivery notes, reviews and FAQs around it. When the page's
 * JSON-LD Product gives a description of some length (PRODUCT_WORDS), the text holds
 * nearly all of its words (so the DOM found that product, not a grid or a script-rendered
 * shell), and that text is much longer than it but not a long spec sheet it is only a
 * part of (a camera's specifications: PRODUCT_SHARE), the description is the text. So it
 * is, like articleBody above, when the DOM gave fewer words than it (a page the shop
 * renders with script). */
#define PRODUCT_FEW 40
#define PRODUCT_UNDER 0.8
#define PRODUCT_WORDS 80
#define PRODUCT_COVER 0.9
#define PRODUCT_OVER 1.5
#define PRODUCT_SHARE 0.2
static void product_text(struct extract_result *out, const char *desc, size_t words)
{
	if (!desc)
		return;
	size_t dw = lines_count_words(desc);
	if (ld_instead(out, desc, dw, PRODUCT_FEW, PRODUCT_UNDER, words))
		return;
	if (dw < PRODUCT_WORDS || (double)words < PRODUCT_OVER * (double)dw ||
	    (double)dw < PRODUCT_SHARE * (double)words)
		return;
	if (lines_word_cover(desc, out->text) >= PRODUCT_COVER)
		body_from_ld(out, desc);
}

int extract_html(const char *data, size_t len, const char *url, const char *content_type,
		 struct extract_result *out, char **err)
{
	memset(out, 0, sizeof *out);
	xmlDoc *doc = NULL;
	if (parse_page(data, len, content_type, &doc, err) != 0)
		return -1;
	join_later_roots(doc);
	if (has_segment_id(data, len))
		place_streamed_segments(doc);
	struct page_meta m;
	meta_collect(doc, url, &m);
	const char *page_url = url ? url : m.canonical;
	char *host = page_url ? url_host(page_url) : NULL;
	/* the body drops a heading that repeats body_title; the reader sees out->title */
	char *body_title = choose_title(&m, host);
	out->title = display_title(body_title, &m, host);
	free(host);
	xmlNode *masthead = m.h1 && h1_is_site(m.h1, &m) ? m.h1_node : NULL;
	struct content c;
	content_find(&c, doc, body_title, 0);
	render_body(out, &c, page_url, masthead);
	size_t words = lines_count_words(out->text);
	size_t page_text = content_page_text(&c);
	content_release(&c);   /* every pass numbers the nodes through _private */
	if (words < LENIENT_WORDS && page_text >= LENIENT_PAGE_CHARS)
		/* little from a page with text: the class hints may have hidden the content
		 * (every wrapper called "widget"); without them, take what is twice as much */
		words = retry(out, doc, page_url, body_title, masthead, CONTENT_LENIENT, words, 0, 0);
	if (words < LINKS_WORDS && page_text >= LENIENT_PAGE_CHARS)
		/* little still: a page that is a list of links (a ranking, a link aggregator's
		 * front page, a shop's grid, a service page's feature cards), which the
		 * link-density rules removed */
		words = retry(out, doc, page_url, body_title, masthead, CONTENT_LENIENT | CONTENT_KEEP_LINKS,
			      words, LINKS_LEAST, LINKS_COVER);
	if (words < LINKS_WORDS && page_text >= LENIENT_PAGE_CHARS)
		/* little even so: the class hints found the list's container (id="content"),
		 * the link rules emptied it, and without the hints a title block beside the list
		 * won; the strict pick with its links kept (a catalog's index of categories) */
		words = retry(out, doc, page_url, body_title, masthead, CONTENT_KEEP_LINKS,
			      words, LINKS_LEAST, LINKS_COVER);
	if (m.ld_body)
		ld_instead(out, m.ld_body, lines_count_words(m.ld_body), 50, 0.6, words);
	product_text(out, m.ld_product, words);
	out->words = lines_count_words(out->text);
	fill_meta(out, &m, page_url);
	free(body_title);
	meta_release(&m);
	htmltree_free(doc);
	return 0;
}

void extract_result_release(struct extract_result *r)
{
	if (!r)
		return;
	free(r->title);
	free(r->byline);
	free(r->date);
	free(r->lang);
	free(r->site);
	free(r->image);
	free(r->canonical);
	free(r->text);
	free(r->html);
	memset(r, 0, sizeof *r);
}
