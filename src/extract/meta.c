/*
 * meta.c — collect metadata candidates in one walk over the document.
 *
 * Each field keeps the value from the best-ranked source (lower rank wins, first seen wins
 * a tie), so the order of elements in the page does not matter. Authors given as URLs
 * (article:author often is a profile link) are ignored; "By " prefixes are stripped later.
 */
#include "extract/meta.h"
#include "extract/lines.h"
#include "extract/render.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/url.h"
#include "util/util.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LD_MAX (2u << 20)
#define LD_DEPTH 8
#define LD_LOOKUPS 16   /* articles whose {"@id"} authors are looked up in the graph */
#define SHOWN_DATE_RANK 7   /* a text that is only a date: the last resort */
#define BYLINE_RANK 7   /* a visible "By ..." line: the last resort */

static void set_ranked(char **slot, int *rank, int r, const char *v)
{
	if (!v)
		return;
	char *c = render_collapse(v);
	if (!c[0] || (*slot && *rank <= r)) {
		free(c);
		return;
	}
	free(*slot);
	*slot = c;
	*rank = r;
}

/* A date candidate counts only if it reads as a date: an unreadable one ("Thu, 09/25/2025
 * - 11:38") must not hide a readable one from a weaker source. */
static void set_date(struct page_meta *m, int r, const char *v)
{
	if (v && m->date_rank > r && date_parse(v) != DATE_NONE)
		set_ranked(&m->date, &m->date_rank, r, v);
}

static void set_first(char **slot, const char *v)
{
	int r = *slot ? 0 : 1;
	set_ranked(slot, &r, 0, v);
}

/* ---- text helper --------------------------------------------------------------------- */

struct text_cap {
	struct buf *b;
};

static bool cap_enter(void *st, xmlNode *n)
{
	struct text_cap *t = st;
	if (n->type == XML_TEXT_NODE && n->content) {
		buf_puts(t->b, (const char *)n->content);
		buf_putc(t->b, ' ');
	}
	return n->type == XML_ELEMENT_NODE && !render_is_dropped((const char *)n->name);
}

static void cap_leave(void *st, xmlNode *n)
{
	(void)st;
	(void)n;
}

/* The text of an element up to the first block element that follows some of it: an <h1>
 * left open ("<h1>Headline<div></div><h3>Posted on ... by ...") holds what comes after
 * the headline, which the parser nests in it. */
struct head_cap {
	struct buf *b;
	bool stopped;
};

static bool is_block(const char *name)
{
	static const char *const blocks[] = {"div", "p", "h2", "h3", "h4", "h5", "h6", "ul",
					     "ol", "dl", "table", "section", "article", "header",
					     "footer", "nav", "aside", "form", "figure", "blockquote"};
	for (size_t i = 0; i < sizeof blocks / sizeof blocks[0]; i++)
		if (!strcmp(name, blocks[i]))
			return true;
	return false;
}

static bool head_enter(void *st, xmlNode *n)
{
	struct head_cap *h = st;
	if (h->stopped)
		return false;
	if (n->type == XML_TEXT_NODE && n->content) {
		buf_puts(h->b, (const char *)n->content);
		buf_putc(h->b, ' ');
	}
	if (n->type != XML_ELEMENT_NODE || render_is_dropped((const char *)n->name))
		return false;
	if (is_block((const char *)n->name) && h->b->len && lines_count_words(h->b->data) > 0) {
		h->stopped = true;
		return false;
	}
	return true;
}

static char *head_text(xmlNode *n, size_t max)
{
	static const struct render_walk_ops ops = {head_enter, cap_leave};
	struct buf b = BUF_INIT(max);
	struct head_cap h = {&b, false};
	render_walk(n, &ops, &h);
	char *c = render_collapse(b.data ? b.data : "");
	buf_release(&b);
	return c;
}

char *meta_node_text(xmlNode *n, size_t max)
{
	static const struct render_walk_ops ops = {cap_enter, cap_leave};
	struct buf b = BUF_INIT(max);
	struct text_cap t = {&b};
	render_walk(n, &ops, &t);
	char *c = render_collapse(b.data ? b.data : "");
	buf_release(&b);
	return c;
}

/* ---- JSON-LD ------------------------------------------------------------------------- */

static bool ld_type_is(json_t *o, const char *const *names)
{
	json_t *t = json_object_get(o, "@type");
	size_t i;
	json_t *v;
	if (json_is_string(t)) {
		for (const char *const *n = names; *n; n++)
			if (strstr(json_string_value(t), *n))
				return true;
		return false;
	}
	json_array_foreach(t, i, v) if (json_is_string(v)) for (const char *const *n = names; *n;
								  n++) if (strstr(json_string_value(v),
										  *n)) return true;
	return false;
}

/* The Person of the script whose "@id" is id and which has a name, looked for in
 * top-level arrays and "@graph" lists: Yoast SEO writes an article's author as {"@id":
 * ".../#/schema/person/..."} and the Person, with its name, elsewhere in the graph. */
static json_t *ld_by_id(json_t *v, const char *id, int depth)
{
	size_t i;
	json_t *e, *r;
	if (!v || depth > LD_DEPTH)
		return NULL;
	if (json_is_array(v)) {
		json_array_foreach(v, i, e) if ((r = ld_by_id(e, id, depth + 1)) != NULL) return r;
		return NULL;
	}
	if (!json_is_object(v))
		return NULL;
	json_t *vid = json_object_get(v, "@id");
	static const char *const person[] = {"Person", NULL};
	if (json_is_string(vid) && !strcmp(json_string_value(vid), id) && ld_type_is(v, person) &&
	    json_is_string(json_object_get(v, "name")))
		return v;
	return ld_by_id(json_object_get(v, "@graph"), id, depth + 1);
}

static const char *ld_name(json_t *v, json_t *root)
{
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_object(v)) {
		json_t *n = json_object_get(v, "name"), *id = json_object_get(v, "@id");
		if (!n && json_is_string(id) && root) {
			json_t *o = ld_by_id(root, json_string_value(id), 0);
			n = o ? json_object_get(o, "name") : NULL;
		}
		return json_is_string(n) ? json_string_value(n) : NULL;
	}
	return NULL;
}

/* One name, or a list as a byline writes it: "A and B", "A, B and C" (at most 8). */
static char *ld_authors(json_t *a, json_t *root)
{
	if (!json_is_array(a)) {
		const char *n = ld_name(a, root);
		return n && !str_istartswith(n, "http") ? xstrdup(n) : NULL;
	}
	const char *names[8];
	size_t k = 0, i;
	json_t *v;
	json_array_foreach(a, i, v)
	{
		const char *n = ld_name(v, root);
		if (n && !str_istartswith(n, "http") && k < 8)
			names[k++] = n;
	}
	if (!k)
		return NULL;
	struct buf b = BUF_INIT(4096);
	for (i = 0; i < k; i++) {
		if (i)
			buf_puts(&b, i + 1 == k ? " and " : ", ");
		buf_puts(&b, names[i]);
	}
	return buf_detach(&b, NULL);
}

static const char *ld_image(json_t *v)
{
	if (json_is_array(v))
		v = json_array_get(v, 0);
	if (json_is_string(v))
		return json_string_value(v);
	json_t *u = json_object_get(v, "url");
	return json_is_string(u) ? json_string_value(u) : NULL;
}

static const char *jget(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static void ld_article(struct page_meta *m, json_t *o, json_t *root)
{
	set_first(&m->ld_headline, jget(o, "headline") ? jget(o, "headline") : jget(o, "name"));
	set_date(m, 0, jget(o, "datePublished") ? jget(o, "datePublished") : jget(o, "dateCreated"));
	/* each lookup walks the graph: only while no JSON-LD author is known, and at most
	 * LD_LOOKUPS articles' worth, so a graph of many articles stays linear */
	json_t *ids = m->author_rank > 0 && m->ld_lookups++ < LD_LOOKUPS ? root : NULL;
	char *a = ld_authors(json_object_get(o, "author"), ids);
	set_ranked(&m->author, &m->author_rank, 0, a);
	free(a);
	const char *body = jget(o, "articleBody") ? jget(o, "articleBody") : jget(o, "text");
	if (body && (!m->ld_body || strlen(body) > strlen(m->ld_body))) {
		free(m->ld_body);
		m->ld_body = xstrdup(body);   /* paragraphs kept: not collapsed */
	}
	set_ranked(&m->image, &m->image_rank, 2, ld_image(json_object_get(o, "image")));
	set_ranked(&m->site, &m->site_rank, 1, ld_name(json_object_get(o, "publisher"), NULL));
}

/* A shop's own words on the product, as it gives them to search engines; the longest
 * (a ProductGroup's and its variants' may differ). Kept as the author wrote its lines. */
static void ld_product(struct page_meta *m, json_t *o)
{
	const char *d = jget(o, "description");
	if (d && (!m->ld_product || strlen(d) > strlen(m->ld_product))) {
		free(m->ld_product);
		m->ld_product = xstrdup(d);
	}
}

static void ld_walk(struct page_meta *m, json_t *v, int depth, json_t *root)
{
	static const char *const article[] = {"Article", "BlogPosting", "Posting", "Report",
					      "Review", "Recipe", NULL};
	static const char *const site[] = {"WebSite", "Organization", "NewsMediaOrganization",
					   NULL};
	static const char *const product[] = {"Product", "ProductGroup", NULL};
	size_t i;
	json_t *e;
	if (depth > LD_DEPTH)
		return;
	if (json_is_array(v)) {
		json_array_foreach(v, i, e) ld_walk(m, e, depth + 1, root);
		return;
	}
	if (!json_is_object(v))
		return;
	if (ld_type_is(v, article))
		ld_article(m, v, root);
	else if (ld_type_is(v, product))
		ld_product(m, v);
	else if (ld_type_is(v, site))
		set_ranked(&m->site, &m->site_rank, 3, jget(v, "name"));
	else
		set_date(m, 2, jget(v, "datePublished"));   /* a WebPage's, below an article's */
	ld_walk(m, json_object_get(v, "@graph"), depth + 1, root);
	ld_walk(m, json_object_get(v, "mainEntity"), depth + 1, root);
}

/* A template that pastes text into a JSON string as it is leaves raw line breaks and tabs
 * in it, which JSON forbids ("Invalid control character"); browsers' JSON-LD readers vary,
 * search engines read such scripts. Read again with every control byte as a space (outside
 * a string they are white space already). s is modified. */
static json_t *ld_loads_lax(char *s)
{
	bool any = false;
	for (char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20) {
			*p = ' ';
			any = true;
		}
	json_error_t e;
	return any ? json_loads(s, JSON_DECODE_ANY, &e) : NULL;
}

static void ld_script(struct page_meta *m, xmlNode *n)
{
	xmlChar *s = xmlNodeGetContent(n);
	if (s && strlen((const char *)s) <= LD_MAX) {
		json_error_t e;
		json_t *v = json_loads((const char *)s, JSON_DECODE_ANY, &e);
		if (!v)
			v = ld_loads_lax((char *)s);
		ld_walk(m, v, 0, v);
		json_decref(v);
	}
	xmlFree(s);
}

/* ---- <meta> -------------------------------------------------------------------------- */

static const char *const date_keys[] = {
	"article:published_time", "og:article:published_time", "datepublished", "date",
	"pubdate", "publishdate", "publish-date", "publish_date", "dc.date", "dc.date.issued",
	"dcterms.date", "dcterms.created", "dcterms.issued", "sailthru.date", "parsely-pub-date",
	"article.published", "published_time", "citation_publication_date", "citation_date",
	"originalpublicationdate", "article_date_original", "og:published_time",
	"release_date", "created", "published", "published-date", NULL};
static const char *const author_keys[] = {"author", "article:author", "parsely-author",
					  "sailthru.author", "byl", "dc.creator",
					  "citation_author", "dcterms.creator", NULL};

static int key_index(const char *k, const char *const *keys)
{
	for (int i = 0; keys[i]; i++)
		if (!str_casecmp(k, keys[i]))
			return i;
	return -1;
}

static void meta_tag(struct page_meta *m, xmlNode *n, const char *url)
{
	xmlChar *k = xmlGetProp(n, (const xmlChar *)"property");
	if (!k)
		k = xmlGetProp(n, (const xmlChar *)"name");
	if (!k)
		k = xmlGetProp(n, (const xmlChar *)"itemprop");
	if (!k)
		k = xmlGetProp(n, (const xmlChar *)"http-equiv");
	xmlChar *v = k ? xmlGetProp(n, (const xmlChar *)"content") : NULL;
	const char *key = (const char *)k, *val = (const char *)v;
	int i;
	if (!v)
		goto out;
	if (!str_casecmp(key, "og:title"))
		set_first(&m->og_title, val);
	else if (!str_casecmp(key, "twitter:title") && !m->og_title)
		set_first(&m->og_title, val);
	else if (!str_casecmp(key, "og:site_name"))
		set_ranked(&m->site, &m->site_rank, 0, val);
	else if (!str_casecmp(key, "application-name"))
		set_ranked(&m->site, &m->site_rank, 2, val);
	else if (!str_casecmp(key, "og:image") || !str_casecmp(key, "og:image:url") ||
		 !str_casecmp(key, "og:image:secure_url"))
		set_ranked(&m->image, &m->image_rank, 0, val);
	else if (!str_casecmp(key, "twitter:image") || !str_casecmp(key, "twitter:image:src"))
		set_ranked(&m->image, &m->image_rank, 1, val);
	else if (!str_casecmp(key, "og:url"))
		set_ranked(&m->canonical, &m->canonical_rank, 1, val);
	else if (!str_casecmp(key, "content-language") || !str_casecmp(key, "language"))
		set_ranked(&m->lang, &m->lang_rank, 1, val);
	else if (!str_casecmp(key, "og:locale"))
		set_ranked(&m->lang, &m->lang_rank, 2, val);
	else if ((i = key_index(key, date_keys)) >= 0)
		set_date(m, i < 3 ? 1 : 2, val);
	else if (!str_casecmp(key, "twitter:label1"))
		m->tw_written_by = str_istartswith(val, "written by");
	else if (!str_casecmp(key, "twitter:data1"))
		set_first(&m->tw_data1, val);
	else if ((i = key_index(key, author_keys)) >= 0 && !str_istartswith(val, "http"))
		set_ranked(&m->author, &m->author_rank, 1, val);
out:
	(void)url;
	xmlFree(k);
	xmlFree(v);
}

/* ---- body markup --------------------------------------------------------------------- */

static bool attr_has(xmlNode *n, const char *attr, const char *word)
{
	const char *v = render_attr(n, attr);
	return v && render_icontains(v, word);
}

/* n's text as the date (at rank r) when it is short and reads as one. */
static void text_date(struct page_meta *m, xmlNode *n, int r)
{
	char *t = meta_node_text(n, 256);
	if (strlen(t) >= 6 && strlen(t) <= 60)
		set_date(m, r, t);
	free(t);
}

/* For the weak author sources: a few words, not a label, a prompt or a price. */
static bool looks_like_name(const char *t)
{
	size_t w = lines_count_words(t);
	return w >= 1 && w <= 6 && !strpbrk(t, ":*$@|") && !render_icontains(t, "author") &&
	       !render_icontains(t, "sign in") && !render_icontains(t, "log in") &&
	       str_casecmp(t, "name") != 0;
}

/* Labels and prompts that sit where a name does ("Role", "Writer", "Learn more", "Jun 2
 * Written By"), and template keys left unfilled ("page.head.extra.author"). */
static bool not_a_name(const char *t)
{
	static const char *const words[] = {"by", "role", "writer", "author", "editor", "find",
					    "contributor", "admin", "type", "more", "follow",
					    "share", "view more posts", "read more", "learn more"};
	size_t n = strlen(t), dots = 0;
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (!str_casecmp(t, words[i]))
			return true;
	if (str_istartswith(t, "learn more") || str_istartswith(t, "read more") ||
	    str_istartswith(t, "view more") || (n >= 3 && !str_casecmp(t + n - 3, " by")))
		return true;
	for (const char *p = t; *p; p++) {
		if (ascii_isspace((unsigned char)*p))
			return false;
		dots += *p == '.';
	}
	return dots >= 2;   /* one word with two dots: a key, not "J.R.R." (which has three) */
}

/* For every author source in the body: not a label ("Posted by:"), a date or a count,
 * and with a letter at its start (after stray punctuation, which clean_byline drops). */
static bool plausible_author(const char *t)
{
	size_t n, digits = 0;
	while (*t && !ascii_isalnum((unsigned char)*t) && (unsigned char)*t < 0x80)
		t++;
	n = strlen(t);
	if (!n || n >= 100 || t[n - 1] == ':' || ascii_isdigit((unsigned char)t[0]))
		return false;
	for (const char *p = t; *p; p++)
		digits += ascii_isdigit((unsigned char)*p);
	if (3 * digits > 2 * n || not_a_name(t))
		return false;
	return 4 * digits < n || date_parse(t) == DATE_NONE;
}

/* "By", "Written by", "Posted by", "Author:" at the start of a text node: the label of a
 * byline. Returns the length of the label (with what separates it from the name), or 0. */
static size_t byline_label(const char *s)
{
	static const char *const labels[] = {"written by", "posted by", "authored by",
					     "words by", "story by", "author:", "by:", "by"};
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++) {
		size_t n = strlen(labels[i]);
		if (!str_istartswith(s, labels[i]))
			continue;
		if (s[n] && !ascii_isspace((unsigned char)s[n]) && labels[i][n - 1] != ':')
			continue;   /* "Bypass", "Byte" */
		while (ascii_isspace((unsigned char)s[n]))
			n++;
		return n;
	}
	return 0;
}

/* The node after n that holds text (comments and blank text skipped), looking past the
 * end of n's parent once ("<p>Written by</p><p>Name</p>"). */
static xmlNode *next_with_text(xmlNode *n)
{
	for (int up = 0; n && up < 2; up++, n = n->parent) {
		for (xmlNode *s = n->next; s; s = s->next) {
			if (s->type == XML_ELEMENT_NODE)
				return s;
			if (s->type == XML_TEXT_NODE && s->content) {
				const char *c = (const char *)s->content;
				while (ascii_isspace((unsigned char)*c))
					c++;
				if (*c)
					return s;
			}
		}
		if (n->parent && n->parent->children != n)
			return NULL;   /* the label is not all its parent begins with */
	}
	return NULL;
}

/* The text of a node next_with_text found: a name after its label. */
static char *text_of(xmlNode *next)
{
	return next->type == XML_TEXT_NODE ? render_collapse((const char *)next->content)
					   : meta_node_text(next, 256);
}

/* The first text in the page that is only a date with a year ("August 16, 2019",
 * "2025-12-17"): the date the reader sees, when nothing better says it. */
static void shown_date(struct page_meta *m, xmlNode *n)
{
	const char *s = (const char *)n->content;
	while (ascii_isspace((unsigned char)*s))
		s++;
	size_t len = strlen(s), digits = 0;
	while (len && ascii_isspace((unsigned char)s[len - 1]))
		len--;
	if (len < 8 || len > 40)
		return;
	bool year = false;
	for (size_t i = 0; i < len; i++) {
		digits += ascii_isdigit((unsigned char)s[i]);
		if (i + 4 <= len && (!strncmp(s + i, "19", 2) || !strncmp(s + i, "20", 2)) &&
		    ascii_isdigit((unsigned char)s[i + 2]) && ascii_isdigit((unsigned char)s[i + 3]) &&
		    (i == 0 || !ascii_isdigit((unsigned char)s[i - 1])) &&
		    (i + 4 == len || !ascii_isdigit((unsigned char)s[i + 4])))
			year = true;
	}
	if (!year || digits > 14)
		return;
	char *t = xstrndup(s, len);
	set_date(m, SHOWN_DATE_RANK, t);
	free(t);
}

/* A visible byline: "By Ann Lee", or a "By"/"Written by" label and the name after it. The
 * name must look like one and begin with a capital (a sentence "By then..." does not). */
static void byline_text(struct page_meta *m, xmlNode *n, int rank)
{
	const char *s = (const char *)n->content;
	while (ascii_isspace((unsigned char)*s))
		s++;
	size_t at = byline_label(s);
	if (!at)
		return;
	char *name = NULL;
	bool own = false;   /* the name is an element of its own: "by <a>jdoe</a>" */
	if (s[at]) {
		name = render_collapse(s + at);
	} else {
		xmlNode *next = next_with_text(n);
		own = next && next->type == XML_ELEMENT_NODE;
		if (next)
			name = text_of(next);
	}
	if (name && (own || (name[0] >= 'A' && name[0] <= 'Z') || (unsigned char)name[0] >= 0x80) &&
	    looks_like_name(name) && plausible_author(name))
		set_ranked(&m->author, &m->author_rank, rank, name);
	free(name);
}

/* Is href the site's front page: "/", "../index.html", "https://host/", rel=home? */
static bool home_href(xmlNode *a)
{
	const char *h = render_attr(a, "href");
	if (attr_has(a, "rel", "home"))
		return true;
	if (!h)
		return false;
	if (str_istartswith(h, "http://") || str_istartswith(h, "https://") || !strncmp(h, "//", 2)) {
		h = strstr(h, "//") + 2;
		h += strcspn(h, "/");
	}
	while (!strncmp(h, "../", 3) || !strncmp(h, "./", 2))
		h += h[1] == '/' ? 2 : 3;
	if (*h == '/')
		h++;
	return !*h || !str_casecmp(h, "index.html") || !str_casecmp(h, "index.htm") ||
	       !str_casecmp(h, "index.php");
}

/* An <h1> whose only content is a link to the front page is the site's logo (documentation
 * themes: "<h1><a href="../index.html">Project 2.0 Documentation</a></h1>"). */
static bool h1_is_home_link(xmlNode *h1)
{
	xmlNode *link = NULL;
	for (xmlNode *c = h1->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE && c->content && lines_count_words((const char *)c->content))
			return false;
		if (c->type == XML_ELEMENT_NODE) {
			if (link || strcmp((const char *)c->name, "a") != 0)
				return false;
			link = c;
		}
	}
	return link && home_href(link);
}

/* A forum thread's "Thread starter" label (XenForo writes it for screen readers) and the
 * user name after it: the thread's author, ranked with microdata's author (which a forum
 * puts on every post, the first shown not always the thread's). User names need not
 * begin with a capital. */
static void thread_starter(struct page_meta *m, xmlNode *n)
{
	const char *s = (const char *)n->content;
	while (ascii_isspace((unsigned char)*s))
		s++;
	if (!str_istartswith(s, "thread starter"))
		return;
	s += strlen("thread starter");
	while (ascii_isspace((unsigned char)*s) || *s == ':')
		s++;
	if (*s)
		return;
	xmlNode *next = next_with_text(n);
	if (!next)
		return;
	char *name = text_of(next);
	if (looks_like_name(name) && plausible_author(name))
		set_ranked(&m->author, &m->author_rank, 2, name);
	free(name);
}

static void body_markup(struct page_meta *m, xmlNode *n, const char *name)
{
	if (name[0] == 't' && !strcmp(name, "time")) {
		xmlChar *dt = xmlGetProp(n, (const xmlChar *)"datetime");
		bool pub = attr_has(n, "itemprop", "datepublished") || xmlHasProp(n, (const xmlChar *)"pubdate");
		if (dt && date_parse((const char *)dt) != DATE_NONE)
			set_date(m, pub ? 3 : 4, (const char *)dt);
		else if (m->date_rank > 4)
			text_date(m, n, 4);   /* <time>July 27, 2025</time> */
		xmlFree(dt);
	} else if (name[0] == 'h' && name[1] == '1' && !name[2]) {
		m->h1_count++;
		if (!m->h1) {
			char *t = meta_node_text(n, 2048);
			set_first(&m->h1, t);
			free(t);
			m->h1_node = m->h1 ? n : NULL;
			if (m->h1) {
				t = head_text(n, 2048);
				set_first(&m->h1_head, t);
				free(t);
				m->h1_home = h1_is_home_link(n);
			}
		}
	}
	if (!n->properties)
		return;   /* what follows reads attributes */
	/* each source is looked for only while it could still win (m->author_rank > its
	 * rank): the lookups are most of this walk's time */
	int rank = m->author_rank <= 2 ? -1 : attr_has(n, "itemprop", "author") ? 2
		   : m->author_rank > 3 && attr_has(n, "rel", "author") ? 3 : -1;
	if (rank < 0 && m->author_rank > 4 &&
	    (attr_has(n, "class", "byline") || attr_has(n, "class", "author-name")))
		rank = 4;
	/* a link to the author's page, or a short element whose class names the author */
	if (rank < 0 && m->author_rank > 5 && name[0] == 'a' && !name[1] &&
	    (attr_has(n, "href", "/author/") || attr_has(n, "href", "/authors/")))
		rank = 5;
	if (rank < 0 && m->author_rank > 6 && attr_has(n, "class", "author") &&
	    !attr_has(n, "class", "bio") && !attr_has(n, "class", "avatar") &&
	    !attr_has(n, "class", "desc") && !attr_has(n, "class", "form"))
		rank = 6;
	if (rank >= 0 && m->author_rank > rank) {
		char *t = meta_node_text(n, 512);
		/* the weak sources (5, 6) must look like a name: a few words, no sentence */
		if (plausible_author(t) && (rank < 5 || looks_like_name(t)))
			set_ranked(&m->author, &m->author_rank, rank, t);
		free(t);
	}
	/* a short "date"/"published" element that is only a date: what the reader sees */
	if (m->date_rank > 5 && (attr_has(n, "class", "date") || attr_has(n, "class", "publish") ||
				 attr_has(n, "class", "posted")))
		text_date(m, n, 6);
	if (m->date_rank > 3 && attr_has(n, "itemprop", "datepublished")) {
		xmlChar *c = xmlGetProp(n, (const xmlChar *)"content");
		if (!c)
			c = xmlGetProp(n, (const xmlChar *)"datetime");
		set_date(m, 3, (const char *)c);
		xmlFree(c);
	}
}

struct meta_walk {
	struct page_meta *m;
	const char *url;
};

static bool meta_enter(void *st, xmlNode *n)
{
	struct meta_walk *w = st;
	struct page_meta *m = w->m;
	if (n->type == XML_TEXT_NODE && n->content && m->author_rank > 2)
		thread_starter(m, n);
	if (n->type == XML_TEXT_NODE && n->content && m->author_rank > BYLINE_RANK)
		byline_text(m, n, BYLINE_RANK);
	if (n->type == XML_TEXT_NODE && n->content && m->date_rank > SHOWN_DATE_RANK)
		shown_date(m, n);
	if (n->type != XML_ELEMENT_NODE)
		return false;
	const char *name = (const char *)n->name;
	if (name[0] == 'm' && !strcmp(name, "meta")) {
		meta_tag(m, n, w->url);
	} else if (name[0] == 't' && !strcmp(name, "title")) {
		if (!m->title_tag) {
			char *t = meta_node_text(n, 4096);
			set_first(&m->title_tag, t);
			free(t);
		}
		return false;
	} else if (name[0] == 'l' && !strcmp(name, "link")) {
		if (attr_has(n, "rel", "canonical")) {
			xmlChar *h = xmlGetProp(n, (const xmlChar *)"href");
			set_ranked(&m->canonical, &m->canonical_rank, 0, (const char *)h);
			xmlFree(h);
		}
	} else if (name[0] == 's' && !strcmp(name, "script")) {
		if (attr_has(n, "type", "ld+json"))
			ld_script(m, n);
		return false;
	} else if (name[0] == 'h' && !strcmp(name, "html")) {
		xmlChar *l = xmlGetProp(n, (const xmlChar *)"lang");
		set_ranked(&m->lang, &m->lang_rank, 0, (const char *)l);
		xmlFree(l);
	} else if (name[0] == 's' && (!strcmp(name, "style") || !strcmp(name, "svg"))) {
		return false;
	} else {
		body_markup(m, n, name);
	}
	return true;
}

static void meta_leave(void *st, xmlNode *n)
{
	(void)st;
	(void)n;
}

/* A date in the URL path: /2024/03/05/ or /2024-03-05/ */
static void url_date(struct page_meta *m, const char *url)
{
	for (const char *p = url; p && *p; p++) {
		int y, mo, d;
		char s1, s2;
		if (*p != '/' || !ascii_isdigit((unsigned char)p[1]))
			continue;
		if (sscanf(p + 1, "%4d%c%2d%c%2d", &y, &s1, &mo, &s2, &d) == 5 && s1 == s2 &&
		    (s1 == '/' || s1 == '-') && y > 1990 && y < 2100 && mo >= 1 && mo <= 12 &&
		    d >= 1 && d <= 31) {
			char iso[16];
			snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, mo, d);
			set_ranked(&m->date, &m->date_rank, 5, iso);
			return;
		}
	}
}

void meta_collect(xmlDoc *doc, const char *url, struct page_meta *m)
{
	static const struct render_walk_ops ops = {meta_enter, meta_leave};
	memset(m, 0, sizeof *m);
	m->site_rank = m->image_rank = m->canonical_rank = m->lang_rank = m->author_rank =
		m->date_rank = 99;
	struct meta_walk w = {m, url};
	render_walk((xmlNode *)doc, &ops, &w);
	/* Yoast SEO's Twitter card: label1 "Written by", data1 the author's display name */
	if (m->tw_written_by && m->tw_data1 && !str_istartswith(m->tw_data1, "http"))
		set_ranked(&m->author, &m->author_rank, 6, m->tw_data1);
	if (m->date_rank > 5)
		url_date(m, url ? url : m->canonical);
}

void meta_release(struct page_meta *m)
{
	char **f[] = {&m->title_tag, &m->og_title, &m->ld_headline, &m->h1,     &m->site,
		      &m->image,     &m->canonical, &m->lang,       &m->author, &m->date,
		      &m->ld_body,   &m->tw_data1, &m->h1_head, &m->ld_product};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
		free(*f[i]);
		*f[i] = NULL;
	}
}
