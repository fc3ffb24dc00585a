/*
 * opml.c — OPML import (libxml2 tree, hostile-input settings) and export (hand-written,
 * escaped XML).
 *
 * Import walks <body> depth-first carrying the folder path; every outline with an xmlUrl
 * is a feed, every outline with child outlines adds its name to the path for them. Real
 * exporters disagree on attribute case (xmlUrl, xmlurl, XMLURL), so attributes are matched
 * case-insensitively. Export sorts feeds by folder path component-wise ('/' sorts first),
 * so each folder is opened once and nested folders sit inside their parent.
 */
#include "source/opml.h"
#include "util/util.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

struct walk {
	struct opml *o;
	size_t cap, outlines;
};

static int is_elem(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && str_casecmp((const char *)n->name, name) == 0;
}

/* Cut s at max bytes on a UTF-8 boundary. */
static void utf8_cut(char *s, size_t max)
{
	size_t n = strlen(s);
	if (n <= max)
		return;
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	s[max] = '\0';
}

/* The attribute's trimmed value, or NULL when absent or blank; caller frees. */
static char *attr(const xmlNode *n, const char *name)
{
	for (const xmlAttr *a = n->properties; a; a = a->next) {
		xmlChar *v;
		char *t, *r;
		if (str_casecmp((const char *)a->name, name) != 0)
			continue;
		v = xmlNodeGetContent((const xmlNode *)a);
		if (!v)
			return NULL;
		t = str_trim((char *)v);
		r = *t ? xstrdup(t) : NULL;
		xmlFree(v);
		return r;
	}
	return NULL;
}

static char *outline_name(const xmlNode *n)
{
	char *s = attr(n, "text");
	if (!s)
		s = attr(n, "title");
	if (s)
		utf8_cut(s, OPML_MAX_FIELD);
	return s;
}

static int has_child_outline(const xmlNode *n)
{
	for (const xmlNode *c = n->children; c; c = c->next)
		if (is_elem(c, "outline"))
			return 1;
	return 0;
}

/* OPML 2.0 category="/Tech/Linux,/other": the first path, without slashes at the ends. */
static char *category_folder(const xmlNode *n)
{
	char *cat = attr(n, "category"), *p, *end, *r = NULL;
	if (!cat)
		return NULL;
	if (cat[0] == '/') {
		p = cat + strspn(cat, "/");
		end = p + strcspn(p, ",");
		while (end > p && end[-1] == '/')
			end--;
		if (end > p)
			r = xstrndup(p, (size_t)(end - p));
	}
	free(cat);
	return r;
}

static void add_feed(struct walk *w, const xmlNode *n, char *url, const char *path)
{
	struct opml_feed *f;
	if (strlen(url) > OPML_MAX_FIELD) {
		free(url);
		w->o->skipped++;
		return;
	}
	xgrow((void **)&w->o->feeds, &w->cap, w->o->n + 1, sizeof *w->o->feeds);
	f = &w->o->feeds[w->o->n++];
	f->xml_url = url;
	f->title = outline_name(n);
	f->html_url = attr(n, "htmlUrl");
	if (f->html_url && strlen(f->html_url) > OPML_MAX_FIELD) {
		free(f->html_url);
		f->html_url = NULL;
	}
	f->folder = *path ? xstrdup(path) : category_folder(n);
}

/* Append "/name" (or "name") to path; returns the old length to restore. */
static size_t path_push(struct buf *path, const char *name)
{
	size_t old = path->len;
	if (!name)
		return old;
	/* A path past the buf cap keeps its parent: the feed still lands somewhere sane. */
	if ((path->len && buf_putc(path, '/') < 0) || buf_puts(path, name) < 0) {
		path->len = old;
		path->data[old] = '\0';
	}
	return old;
}

static void walk_outlines(struct walk *w, const xmlNode *parent, struct buf *path, int depth)
{
	for (const xmlNode *n = parent->children; n; n = n->next) {
		char *url, *name;
		size_t old;
		if (!is_elem(n, "outline"))
			continue;
		if (++w->outlines > OPML_MAX_OUTLINES || depth > OPML_MAX_DEPTH) {
			w->o->skipped++;
			continue;
		}
		url = attr(n, "xmlUrl");
		if (url)
			add_feed(w, n, url, path->data ? path->data : "");
		else if (!has_child_outline(n))
			w->o->skipped++;   /* a leaf with no feed: a link or a note, not a subscription */
		if (!has_child_outline(n))
			continue;
		name = outline_name(n);
		old = path_push(path, name);
		free(name);
		walk_outlines(w, n, path, depth + 1);
		path->len = old;
		if (path->data)
			path->data[old] = '\0';
	}
}

static const xmlNode *child_elem(const xmlNode *n, const char *name)
{
	for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (is_elem(c, name))
			return c;
	return NULL;
}

static char *head_title(const xmlNode *root)
{
	const xmlNode *t = child_elem(child_elem(root, "head"), "title");
	xmlChar *v;
	char *r = NULL, *s;
	if (!t)
		return NULL;
	v = xmlNodeGetContent(t);
	if (!v)
		return NULL;
	s = str_trim((char *)v);
	if (*s) {
		r = xstrdup(s);
		utf8_cut(r, OPML_MAX_FIELD);
	}
	xmlFree(v);
	return r;
}

/* Checked on the bytes before parsing (so no expansion ever starts) and on the tree after
 * (for encodings the byte scan cannot read, e.g. UTF-16). */
static int bytes_declare_entities(const char *data, size_t len)
{
	static const char needle[] = "<!ENTITY";
	for (size_t i = 0; i + sizeof needle - 1 <= len; i++)
		if (data[i] == '<' && memcmp(data + i, needle, sizeof needle - 1) == 0)
			return 1;
	return 0;
}

static int doc_declares_entities(const xmlDoc *doc)
{
	return doc->intSubset && doc->intSubset->entities;
}

static int from_doc(const xmlDoc *doc, struct opml *o, char **err)
{
	const xmlNode *root = xmlDocGetRootElement(doc), *body;
	struct walk w = { o, 0, 0 };
	struct buf path = BUF_INIT(OPML_MAX_FIELD);
	if (!root || !is_elem(root, "opml")) {
		*err = xasprintf("not an OPML document (root element is <%s>)",
				 root ? (const char *)root->name : "none");
		return -1;
	}
	body = child_elem(root, "body");
	if (!body) {
		*err = xstrdup("OPML document has no <body>");
		return -1;
	}
	o->title = head_title(root);
	walk_outlines(&w, body, &path, 0);
	buf_release(&path);
	return 0;
}

int opml_parse(const char *data, size_t len, struct opml **out, char **err)
{
	const int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_RECOVER |
			 XML_PARSE_NOCDATA | XML_PARSE_COMPACT;
	struct opml *o = NULL;
	xmlDoc *doc = NULL;
	int rc = -1;
	*out = NULL;
	*err = NULL;
	if (len > OPML_MAX_BYTES || len > INT32_MAX) {
		*err = xasprintf("OPML file too large (over %u MB)", OPML_MAX_BYTES >> 20);
		return -1;
	}
	if (bytes_declare_entities(data, len)) {
		*err = xstrdup("OPML document declares XML entities; refused (not needed by OPML, unsafe)");
		return -1;
	}
	doc = xmlReadMemory(data, (int)len, "opml.xml", NULL, opts);
	if (!doc) {
		*err = xstrdup("not an XML document (is this an OPML file?)");
		goto out;
	}
	if (doc_declares_entities(doc)) {
		*err = xstrdup("OPML document declares XML entities; refused (not needed by OPML, unsafe)");
		goto out;
	}
	o = xcalloc(1, sizeof *o);
	if (from_doc(doc, o, err) < 0)
		goto out;
	*out = o;
	o = NULL;
	rc = 0;
out:
	opml_free(o);
	xmlFreeDoc(doc);
	return rc;
}

void opml_free(struct opml *o)
{
	if (!o)
		return;
	for (size_t i = 0; i < o->n; i++) {
		free(o->feeds[i].title);
		free(o->feeds[i].xml_url);
		free(o->feeds[i].html_url);
		free(o->feeds[i].folder);
	}
	free(o->feeds);
	free(o->title);
	free(o);
}

/* --- export --- */

/* Escape for an XML attribute value. Tabs and newlines become character references so
 * attribute-value normalization does not eat them; other C0 controls are not allowed in
 * XML 1.0 at all and are dropped. */
static int put_escaped(struct buf *b, const char *s)
{
	int rc = 0;
	for (; s && *s && rc == 0; s++) {
		unsigned char c = (unsigned char)*s;
		switch (c) {
		case '&': rc = buf_puts(b, "&amp;"); break;
		case '<': rc = buf_puts(b, "&lt;"); break;
		case '>': rc = buf_puts(b, "&gt;"); break;
		case '"': rc = buf_puts(b, "&quot;"); break;
		case '\t': rc = buf_puts(b, "&#9;"); break;
		case '\n': rc = buf_puts(b, "&#10;"); break;
		case '\r': rc = buf_puts(b, "&#13;"); break;
		default:
			if (c >= 0x20)
				rc = buf_putc(b, (char)c);
		}
	}
	return rc;
}

/* Compare folder paths component-wise: NULL first, then '/' below every other byte. */
static int folder_cmp(const char *a, const char *b)
{
	if (!a || !b)
		return a ? 1 : b ? -1 : 0;
	for (;; a++, b++) {
		int ca = (unsigned char)*a, cb = (unsigned char)*b;
		if (ca == '/')
			ca = 1;
		if (cb == '/')
			cb = 1;
		if (ca != cb || !ca)
			return ca - cb;
	}
}

/* Sorts pointers into one array, so comparing addresses keeps the caller's order inside
 * a folder (qsort is not stable) without a global for the base. */
static int feed_ptr_cmp(const void *x, const void *y)
{
	const struct opml_feed *a = *(const struct opml_feed *const *)x, *b = *(const struct opml_feed *const *)y;
	int c = folder_cmp(a->folder, b->folder);
	return c ? c : (a > b) - (a < b);
}

/* Split a folder path into its non-empty components (pointers into a copy kept in *copy). */
static size_t split_path(const char *folder, char **copy, char *parts[OPML_MAX_DEPTH])
{
	size_t n = 0;
	char *p;
	*copy = xstrdup(folder ? folder : "");
	p = *copy;
	while (*p && n < OPML_MAX_DEPTH) {
		char *slash = strchr(p, '/');
		if (slash)
			*slash = '\0';
		if (*p)
			parts[n++] = p;
		if (!slash)
			break;
		p = slash + 1;
	}
	return n;
}

static int indent(struct buf *b, size_t depth)
{
	int rc = buf_puts(b, "    ");
	for (size_t i = 0; i < depth && rc == 0; i++)
		rc = buf_puts(b, "  ");
	return rc;
}

static int put_feed(struct buf *b, const struct opml_feed *f, size_t depth)
{
	int rc = indent(b, depth);
	const char *title = f->title ? f->title : f->xml_url;
	rc |= buf_puts(b, "<outline type=\"rss\" text=\"");
	rc |= put_escaped(b, title);
	rc |= buf_puts(b, "\" title=\"");
	rc |= put_escaped(b, title);
	rc |= buf_puts(b, "\" xmlUrl=\"");
	rc |= put_escaped(b, f->xml_url);
	if (f->html_url) {
		rc |= buf_puts(b, "\" htmlUrl=\"");
		rc |= put_escaped(b, f->html_url);
	}
	rc |= buf_puts(b, "\"/>\n");
	return rc ? -1 : 0;
}

struct open_path {
	char *copy;
	char *parts[OPML_MAX_DEPTH];
	size_t n;
};

/* Close the open folders not shared with the next path, open its new ones. */
static int move_to(struct buf *b, struct open_path *cur, struct open_path *next)
{
	size_t common = 0;
	int rc = 0;
	while (common < cur->n && common < next->n && strcmp(cur->parts[common], next->parts[common]) == 0)
		common++;
	for (size_t d = cur->n; d > common; d--) {
		rc |= indent(b, d - 1);
		rc |= buf_puts(b, "</outline>\n");
	}
	for (size_t d = common; d < next->n; d++) {
		rc |= indent(b, d);
		rc |= buf_puts(b, "<outline text=\"");
		rc |= put_escaped(b, next->parts[d]);
		rc |= buf_puts(b, "\" title=\"");
		rc |= put_escaped(b, next->parts[d]);
		rc |= buf_puts(b, "\">\n");
	}
	free(cur->copy);
	*cur = *next;
	return rc ? -1 : 0;
}

int opml_write(struct buf *out, const char *title, const struct opml_feed *feeds, size_t n)
{
	const struct opml_feed **order = xcalloc(n ? n : 1, sizeof *order);
	struct open_path cur = { 0 }, next;
	int rc = 0;
	for (size_t i = 0; i < n; i++)
		order[i] = &feeds[i];
	qsort(order, n, sizeof *order, feed_ptr_cmp);
	rc |= buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n  <head>\n    <title>");
	rc |= put_escaped(out, title ? title : "newsfold subscriptions");
	rc |= buf_puts(out, "</title>\n  </head>\n  <body>\n");
	for (size_t k = 0; k < n && rc == 0; k++) {
		const struct opml_feed *f = order[k];
		next.n = split_path(f->folder, &next.copy, next.parts);
		rc |= move_to(out, &cur, &next);
		rc |= put_feed(out, f, cur.n);
	}
	next.n = 0;
	next.copy = NULL;
	rc |= move_to(out, &cur, &next);
	rc |= buf_puts(out, "  </body>\n</opml>\n");
	free(order);
	return rc ? -1 : 0;
}
