/*
 * discover.c — find the feed behind a URL.
 *
 * Three steps, each a fetch_run batch: the URL itself (a feed? done), the page's
 * <link rel="alternate"> candidates, then the common paths. Every fetched body is
 * checked with feed_sniff and then feed_parse, so an HTML error page served with status
 * 200 at /feed is not mistaken for a feed. The page is parsed with libxml2's recovering
 * HTML parser (no network); the tree walk is bounded in depth and node count.
 */
#include "source/discover.h"
#include "fetch/fetch.h"
#include "parse/feed.h"
#include "util/buf.h"
#include "util/url.h"
#include "util/util.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#define WALK_MAX_NODES 200000
#define WALK_MAX_DEPTH 256
#define TRIED_MAX_SHOWN 8

/* ---- the URL a user typed ---- */

char *discover_clean_url(const char *typed)
{
	char *t = xstrdup(typed ? typed : ""), *s = str_trim(t), *url = NULL, *norm = NULL, *host = NULL;
	int bare;
	if (!*s || strpbrk(s, " \t\r\n\"<>"))
		goto out;
	bare = !strstr(s, "://");
	url = bare ? xasprintf("https://%s", s) : xstrdup(s);
	norm = url_normalize(url);
	if (!norm || !url_scheme_ok(url))
		goto bad;
	if (!str_istartswith(url, "file:")) {
		host = url_host(url);
		if (!host || !*host)
			goto bad;
		/* "news" alone is more likely a typo than an intranet host name */
		if (bare && !strchr(host, '.') && strcmp(host, "localhost") != 0)
			goto bad;
	}
	goto out;
bad:
	free(url);
	url = NULL;
out:
	free(host);
	free(norm);
	free(t);
	return url;
}

/* ---- <link rel="alternate"> ---- */

static int has_token(const char *list, const char *tok)
{
	size_t n = strlen(tok);
	const char *p = list;
	while (p && *p) {
		size_t len;
		while (ascii_isspace((unsigned char)*p))
			p++;
		len = strcspn(p, " \t\r\n\f");
		if (len == n && str_ncasecmp(p, tok, n) == 0)
			return 1;
		p += len;
	}
	return 0;
}

static int feed_type(const char *type)
{
	static const char *const types[] = { "application/rss+xml", "application/atom+xml", "application/rdf+xml",
		"application/feed+json", "application/json", "application/x.atom+xml", "application/x-atom+xml",
		"application/x-rss+xml", "text/xml", "application/xml" };
	size_t n = strcspn(type, "; \t");
	for (size_t i = 0; i < sizeof types / sizeof *types; i++)
		if (strlen(types[i]) == n && str_ncasecmp(type, types[i], n) == 0)
			return 1;
	return 0;
}

struct links {
	char **v;
	size_t n, cap, nodes;
	char *base;        /* from <base href>, else the page URL */
};

static char *prop(const xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	char *r = v ? xstrdup((const char *)v) : NULL;
	xmlFree(v);
	return r;
}

static void add_link(struct links *l, const char *href)
{
	char *abs = url_resolve(l->base, href);
	if (!abs || !url_scheme_ok(abs) || l->n >= DISCOVER_MAX_LINKS) {
		free(abs);
		return;
	}
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], abs) == 0) {
			free(abs);
			return;
		}
	xgrow((void **)&l->v, &l->cap, l->n + 2, sizeof *l->v);
	l->v[l->n++] = abs;
	l->v[l->n] = NULL;
}

static void visit(struct links *l, const xmlNode *n)
{
	char *rel, *type, *href;
	if (str_casecmp((const char *)n->name, "base") == 0 && (href = prop(n, "href"))) {
		char *abs = url_resolve(l->base, href);
		if (abs) {
			free(l->base);
			l->base = abs;
		}
		free(href);
		return;
	}
	if (str_casecmp((const char *)n->name, "link") != 0)
		return;
	rel = prop(n, "rel");
	type = prop(n, "type");
	href = prop(n, "href");
	if (rel && type && href && *str_trim(href) && has_token(rel, "alternate") && feed_type(str_trim(type)))
		add_link(l, str_trim(href));
	free(rel);
	free(type);
	free(href);
}

static void walk(struct links *l, const xmlNode *n, int depth)
{
	for (; n && depth < WALK_MAX_DEPTH; n = n->next) {
		if (++l->nodes > WALK_MAX_NODES)
			return;
		if (n->type != XML_ELEMENT_NODE)
			continue;
		visit(l, n);
		walk(l, n->children, depth + 1);
	}
}

size_t discover_links(const char *html, size_t len, const char *base, char ***out)
{
	struct links l = { 0 };
	htmlDocPtr doc;
	*out = NULL;
	l.base = xstrdup(base);
	if (len > INT32_MAX)
		len = INT32_MAX;
	doc = htmlReadMemory(html, (int)len, base, NULL,
			     HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER);
	if (doc)
		walk(&l, xmlDocGetRootElement(doc), 0);
	xmlFreeDoc(doc);
	free(l.base);
	if (!l.v)
		l.v = xcalloc(1, sizeof *l.v);
	*out = l.v;
	return l.n;
}

void discover_links_free(char **links)
{
	for (size_t i = 0; links && links[i]; i++)
		free(links[i]);
	free(links);
}

/* ---- fetching candidates ---- */

struct got {
	long status;
	char *body, *content_type, *final_url, *error;
	size_t len;
	int permanent_redirect;
};

static void on_done(const struct fetch_req *req, const struct fetch_res *res, void *ctx)
{
	struct got *g = req->userdata;
	(void)ctx;
	g->status = res->status;
	g->error = xstrdup(res->error);
	g->final_url = xstrdup(res->final_url ? res->final_url : req->url);
	g->content_type = xstrdup(res->content_type);
	g->permanent_redirect = res->permanent_redirect;
	if (!res->error && res->body) {
		g->body = xstrndup(res->body, res->len);
		g->len = res->len;
	}
}

static void got_release(struct got *g)
{
	free(g->body);
	free(g->content_type);
	free(g->final_url);
	free(g->error);
	memset(g, 0, sizeof *g);
}

/* Fetch urls[0..n) concurrently; got[i] is filled for each. */
/* allow_file: read file:// URLs. Only a discovery that started from a local file may; a page
 * fetched over HTTP must never make us read the local disk through its <link> tags. */
static int fetch_batch(char *const *urls, size_t n, int allow_private, int allow_file, struct got *got,
		       char **err)
{
	struct fetch_req *reqs = xcalloc(n ? n : 1, sizeof *reqs);
	struct fetch_opts o;
	int rc;
	fetch_opts_default(&o);
	o.allow_private = allow_private;
	o.allow_file = allow_file;
	for (size_t i = 0; i < n; i++) {
		reqs[i].url = urls[i];
		reqs[i].userdata = &got[i];
	}
	rc = fetch_run(&o, reqs, n, on_done, NULL);
	free(reqs);
	if (rc < 0)
		*err = xstrdup("cannot start the HTTP client (libcurl)");
	return rc;
}

/* 1 and *out filled when g holds a feed; 0 when it does not. */
static int as_feed(const struct got *g, const char *asked, struct discover_result *out)
{
	struct feed_parse_opts po = { 0 };
	struct feed *f = NULL;
	char *perr = NULL;
	if (g->error || !g->body || !feed_sniff(g->body, g->len))
		return 0;
	po.url = g->final_url;
	po.content_type = g->content_type;
	if (feed_parse(g->body, g->len, &po, &f, &perr) < 0) {
		free(perr);
		return 0;
	}
	/* Normalized like every other way in (web, import), so one feed is one row. */
	out->feed_url = url_normalize(g->permanent_redirect ? g->final_url : asked);
	if (!out->feed_url)
		out->feed_url = xstrdup(g->permanent_redirect ? g->final_url : asked);
	out->title = f->title && *f->title ? xstrdup(f->title) : NULL;
	if (out->title)
		str_trim(out->title);
	out->site_url = f->link ? xstrdup(f->link) : NULL;
	out->format = xstrdup(f->format);
	feed_free(f);
	free(perr);
	return 1;
}

static void note_tried(struct buf *tried, size_t *shown, const char *url, const struct got *g)
{
	if (*shown == TRIED_MAX_SHOWN)
		buf_puts(tried, ", ...");
	if ((*shown)++ >= TRIED_MAX_SHOWN)
		return;
	buf_printf(tried, "%s%s (%s)", tried->len ? ", " : "", url, g->error ? g->error : "not a feed");
}

/* Try candidates in order; the first feed wins. 1 found, 0 none, -1 error. */
static int try_candidates(char *const *urls, size_t n, int allow_private, int allow_file,
			  struct discover_result *out, struct buf *tried, size_t *shown, char **err)
{
	struct got *got = xcalloc(n ? n : 1, sizeof *got);
	int found = 0;
	if (fetch_batch(urls, n, allow_private, allow_file, got, err) < 0) {
		found = -1;
		goto out;
	}
	for (size_t i = 0; i < n && !found; i++) {
		found = as_feed(&got[i], urls[i], out);
		if (!found)
			note_tried(tried, shown, urls[i], &got[i]);
	}
out:
	for (size_t i = 0; i < n; i++)
		got_release(&got[i]);
	free(got);
	return found;
}

static char **common_paths(const char *page_url, char *const *skip)
{
	static const char *const paths[] = { "/feed", "/rss.xml", "/atom.xml", "/index.xml", "/feed.xml", "/rss",
		"/feed.json" };
	size_t n = 0, cap = 0;
	char **v = NULL;
	xgrow((void **)&v, &cap, 1, sizeof *v);
	v[0] = NULL;
	if (str_istartswith(page_url, "file:"))
		return v;   /* a local file has no site root to guess paths under */
	for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
		char *u = url_resolve(page_url, paths[i]);
		int dup = !u;
		for (size_t k = 0; !dup && skip && skip[k]; k++)
			dup = strcmp(skip[k], u) == 0;
		if (dup) {
			free(u);
			continue;
		}
		xgrow((void **)&v, &cap, n + 2, sizeof *v);
		v[n++] = u;
		v[n] = NULL;
	}
	return v;
}

static size_t count(char *const *v)
{
	size_t n = 0;
	while (v && v[n])
		n++;
	return n;
}

/* The page was fetched and is not a feed: look at what it links to, then guess. */
static int from_page(const struct got *page, int allow_private, struct discover_result *out, char **err)
{
	struct buf tried = BUF_INIT(4096);
	size_t shown = 0;
	char **links = NULL, **guesses = NULL;
	int found = 0, page_is_file = page->final_url && str_istartswith(page->final_url, "file:");
	discover_links(page->body ? page->body : "", page->len, page->final_url, &links);
	if (links[0])
		found = try_candidates(links, count(links), allow_private, page_is_file, out, &tried, &shown, err);
	if (found == 0) {
		guesses = common_paths(page->final_url, links);
		if (guesses[0])
			found = try_candidates(guesses, count(guesses), allow_private, page_is_file, out, &tried, &shown,
					       err);
	}
	if (found == 1) {
		out->via_page = 1;
		if (!out->site_url)
			out->site_url = xstrdup(page->final_url);
	} else if (found == 0) {
		*err = xasprintf("no feed found at %s; tried: %s", page->final_url,
				 tried.len ? tried.data : "no <link rel=\"alternate\"> feed links on the page");
	}
	discover_links_free(links);
	discover_links_free(guesses);
	buf_release(&tried);
	return found == 1 ? 0 : -1;
}

int discover_feed(const char *typed, int allow_private, struct discover_result *out, char **err)
{
	struct got page = { 0 };
	char *url = discover_clean_url(typed);
	int rc = -1;
	memset(out, 0, sizeof *out);
	*err = NULL;
	if (!url) {
		*err = xasprintf("not a URL newsfold can read: '%s' (use http://, https:// or file://)", typed);
		return -1;
	}
	if (fetch_batch(&url, 1, allow_private, str_istartswith(url, "file:"), &page, err) < 0)
		goto out;
	if (page.error) {
		*err = xasprintf("cannot fetch %s: %s", url, page.error);
		goto out;
	}
	if (as_feed(&page, url, out)) {
		rc = 0;
		goto out;
	}
	if (page.body && feed_sniff(page.body, page.len)) {
		*err = xasprintf("%s looks like a feed but could not be parsed as one", url);
		goto out;
	}
	rc = from_page(&page, allow_private, out, err);
out:
	if (rc < 0)
		discover_result_release(out);
	got_release(&page);
	free(url);
	return rc;
}

void discover_result_release(struct discover_result *r)
{
	if (!r)
		return;
	free(r->feed_url);
	free(r->title);
	free(r->site_url);
	free(r->format);
	memset(r, 0, sizeof *r);
}
