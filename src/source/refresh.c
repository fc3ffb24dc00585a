/*
 * refresh.c — due feeds → fetch_run → parse → store, one transaction per feed.
 *
 * The work happens in fetch_run's done() callback, so a feed is stored as soon as its
 * response is complete, while other transfers wait (they are paused, not timed out, for the
 * few milliseconds a commit takes). Per-feed state the callback needs (the feed row, the
 * ids it stored) hangs off the request's userdata. Full-text page fetches are a second
 * fetch_run after every feed is stored, so a slow article page never delays a feed.
 *
 * The feed bookkeeping is written here with plain UPDATEs on the feeds table: the columns
 * (etag, last_*, error_count, next_fetch, interval) exist for refresh and nobody else
 * writes them.
 */
#include "source/refresh.h"
#include "source/entry.h"
#include "cluster/update.h"
#include "extract/extract.h"
#include "parse/feed.h"
#include "store/articles.h"
#include "store/feeds.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/log.h"
#include "util/url.h"
#include "util/util.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FULLTEXT_SHORT_WORDS 100        /* an entry under this many words is "only a summary" */
#define MAX_DATES 50                    /* entries looked at to estimate a feed's pace */
#define REFRESH_WAL_PAGES "8192"        /* auto-checkpoint interval during a refresh */

struct page_job {
	int64_t article_id, feed_id;
	char *url;
	int words;                      /* of the text we have now */
};

struct feed_job {
	struct store_feed *feed;
	int64_t *ids;                   /* new or changed article ids in this refresh */
	size_t n_ids, cap_ids;
};

struct refresh_ctx {
	struct store *st;
	const struct refresh_opts *o;
	struct refresh_stats *stats;
	int64_t now;
	struct page_job *pages;
	size_t n_pages, cap_pages;
};

void refresh_opts_default(struct refresh_opts *o)
{
	memset(o, 0, sizeof *o);
	fetch_opts_default(&o->fetch);
	o->fetch.progress_label = "refresh";
	o->fulltext = 1;
	o->max_fulltext_per_feed = 20;
	o->cluster = 1;
}

/* ---- policies ---- */

int64_t refresh_backoff(int errors, int64_t retry_after)
{
	int64_t d = REFRESH_BACKOFF_MIN;
	for (int i = 1; i < errors && d < REFRESH_BACKOFF_MAX; i++)
		d *= 2;
	if (d > REFRESH_BACKOFF_MAX)
		d = REFRESH_BACKOFF_MAX;
	if (retry_after > d)
		d = retry_after;
	return d;
}

static int cmp_i64_desc(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? 1 : x > y ? -1 : 0;
}

/* Median gap between the newest dated entries, or -1 when fewer than three are dated. */
static int64_t median_gap(const int64_t *dates, size_t n)
{
	int64_t d[MAX_DATES], gaps[MAX_DATES];
	size_t k = 0, g = 0;
	for (size_t i = 0; i < n && k < MAX_DATES; i++)
		if (dates[i] != DATE_NONE)
			d[k++] = dates[i];
	if (k < 3)
		return -1;
	qsort(d, k, sizeof *d, cmp_i64_desc);
	for (size_t i = 0; i + 1 < k; i++)
		gaps[g++] = d[i] - d[i + 1];
	qsort(gaps, g, sizeof *gaps, cmp_i64_desc);
	return gaps[g / 2];
}

static int64_t clamp_interval(int64_t v)
{
	return v < REFRESH_INTERVAL_MIN ? REFRESH_INTERVAL_MIN : v > REFRESH_INTERVAL_MAX ? REFRESH_INTERVAL_MAX : v;
}

int64_t refresh_adapt_interval(int64_t old, int64_t n_new, const int64_t *dates, size_t n)
{
	int64_t gap;
	if (old <= 0)
		old = 3600;
	if (n_new <= 0)
		return clamp_interval(old + old / 4);     /* quiet: back off gently */
	gap = median_gap(dates, n);
	/* Publishing: move halfway towards half the feed's typical gap (two looks per post). */
	return clamp_interval(gap > 0 ? (old + gap / 2) / 2 : old / 2);
}

/* ---- entries → articles ---- */

static void want_id(struct feed_job *j, int64_t id)
{
	xgrow((void **)&j->ids, &j->cap_ids, j->n_ids + 1, sizeof *j->ids);
	j->ids[j->n_ids++] = id;
}

static int fulltext_wanted(const struct store_feed *f, const struct refresh_opts *o, int words)
{
	if (!o->fulltext || !f->fulltext || !str_istartswith(f->url, "http"))
		return 0;
	if (str_casecmp(f->fulltext, "always") == 0)
		return 1;
	return str_casecmp(f->fulltext, "auto") == 0 && words < FULLTEXT_SHORT_WORDS;
}

static void queue_page(struct refresh_ctx *c, const struct store_feed *f, size_t *queued,
		       const struct store_article *a)
{
	struct page_job *p;
	if (*queued >= c->o->max_fulltext_per_feed || !a->url || !str_istartswith(a->url, "http"))
		return;
	xgrow((void **)&c->pages, &c->cap_pages, c->n_pages + 1, sizeof *c->pages);
	p = &c->pages[c->n_pages++];
	p->article_id = a->id;
	p->feed_id = f->id;
	p->url = xstrdup(a->url);
	p->words = a->words;
	(*queued)++;
}

static int store_entry(struct refresh_ctx *c, struct feed_job *j, const struct feed *fd,
		       const struct feed_entry *e, size_t *queued, char **err)
{
	struct entry_article x;
	int is_new = 0, rc;
	entry_article(fd, e, j->feed->id, c->now, &x);
	rc = articles_upsert(c->st, &x.a, &is_new, err);
	if (rc == 0 && is_new != 2) {
		want_id(j, x.a.id);
		if (is_new == 1)
			c->stats->new_articles++;
		else
			c->stats->updated_articles++;
		if (fulltext_wanted(j->feed, c->o, x.a.words))
			queue_page(c, j->feed, queued, &x.a);
	}
	entry_article_release(&x);
	return rc;
}

/* ---- feed bookkeeping ---- */

static void bind_text(sqlite3_stmt *q, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(q, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(q, i);
}

static int mark_success(struct refresh_ctx *c, const struct store_feed *f, const struct fetch_res *r,
			const struct feed *fd, int64_t interval, char **err)
{
	sqlite3_stmt *q = store_prepare(c->st,
		"UPDATE feeds SET title = coalesce(title, ?1), site_url = coalesce(?2, site_url),"
		" description = coalesce(?3, description), language = coalesce(?4, language),"
		" image = coalesce(?5, image), etag = coalesce(?6, etag),"
		" last_modified = coalesce(?7, last_modified), last_fetch = ?8, last_success = ?8,"
		" last_status = ?9, last_error = NULL, error_count = 0, next_fetch = ?8 + ?10,"
		" interval = ?10 WHERE id = ?11", err);
	if (!q)
		return -1;
	bind_text(q, 1, fd ? fd->title : NULL);
	bind_text(q, 2, fd ? fd->link : NULL);
	bind_text(q, 3, fd ? fd->description : NULL);
	bind_text(q, 4, fd ? fd->language : NULL);
	bind_text(q, 5, fd ? (fd->image ? fd->image : fd->icon) : NULL);
	bind_text(q, 6, r->etag);
	bind_text(q, 7, r->last_modified);
	sqlite3_bind_int64(q, 8, c->now);
	sqlite3_bind_int(q, 9, (int)r->status);
	sqlite3_bind_int64(q, 10, interval);
	sqlite3_bind_int64(q, 11, f->id);
	return store_step_done(c->st, q, "updating feed", err);
}

static int mark_failure(struct refresh_ctx *c, const struct store_feed *f, long status, const char *why,
			int64_t retry_after, char **err)
{
	sqlite3_stmt *q = store_prepare(c->st,
		"UPDATE feeds SET last_fetch = ?1, last_status = ?2, last_error = ?3,"
		" error_count = error_count + 1, next_fetch = ?1 + ?4 WHERE id = ?5", err);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, c->now);
	if (status)
		sqlite3_bind_int(q, 2, (int)status);
	else
		sqlite3_bind_null(q, 2);
	bind_text(q, 3, why);
	sqlite3_bind_int64(q, 4, refresh_backoff(f->error_count + 1, retry_after));
	sqlite3_bind_int64(q, 5, f->id);
	return store_step_done(c->st, q, "recording feed error", err);
}

/* Follow a permanent move; a URL another feed already has is left alone. */
static int move_url(struct refresh_ctx *c, const struct store_feed *f, const char *to, char **err)
{
	sqlite3_stmt *q;
	if (!to || strcmp(to, f->url) == 0)
		return 0;
	q = store_prepare(c->st, "UPDATE feeds SET url = ?1 WHERE id = ?2 AND NOT EXISTS "
				 "(SELECT 1 FROM feeds WHERE url = ?1)", err);
	if (!q)
		return -1;
	bind_text(q, 1, to);
	sqlite3_bind_int64(q, 2, f->id);
	return store_step_done(c->st, q, "moving feed URL", err);
}

/* ---- one result, one transaction ---- */

static int store_feed_doc(struct refresh_ctx *c, struct feed_job *j, const struct fetch_res *r,
			  struct feed *fd, char **err)
{
	int64_t *dates = xcalloc(fd->n_entries ? fd->n_entries : 1, sizeof *dates);
	int64_t before = c->stats->new_articles, interval;
	size_t queued = 0;
	int rc = 0;
	for (size_t i = 0; i < fd->n_entries && rc == 0; i++) {
		const struct feed_entry *e = &fd->entries[i];
		dates[i] = e->published != DATE_NONE ? e->published : e->updated;
		rc = store_entry(c, j, fd, e, &queued, err);
	}
	interval = refresh_adapt_interval(j->feed->interval, c->stats->new_articles - before, dates, fd->n_entries);
	if (rc == 0)
		rc = mark_success(c, j->feed, r, fd, interval, err);
	free(dates);
	return rc;
}

static int apply_result(struct refresh_ctx *c, struct feed_job *j, const struct fetch_res *r,
			const char **why, char **err)
{
	struct feed *fd = NULL;
	struct feed_parse_opts po = { 0 };
	char *perr = NULL;
	int rc;
	if (r->error) {
		*why = r->error;
		return mark_failure(c, j->feed, r->status, r->error, r->retry_after, err);
	}
	if (r->status == 304) {
		rc = mark_success(c, j->feed, r, NULL, refresh_adapt_interval(j->feed->interval, 0, NULL, 0), err);
		goto moved;
	}
	po.url = r->final_url;
	po.content_type = r->content_type;
	if (feed_parse(r->body, r->len, &po, &fd, &perr) < 0) {
		char *msg = perr && str_istartswith(perr, "not a feed") ? xstrdup(perr)
			  : xasprintf("not a feed: %s", perr ? perr : "nothing usable in the document");
		rc = mark_failure(c, j->feed, r->status, msg, -1, err);
		*why = "not a feed";
		free(msg);
		free(perr);
		return rc < 0 ? -1 : 1;
	}
	rc = store_feed_doc(c, j, r, fd, err);
	feed_free(fd);
moved:
	if (rc == 0 && r->permanent_redirect)
		rc = move_url(c, j->feed, r->final_url, err);
	return rc;
}

/* The hook after a feed's transaction committed: ids are its new or changed articles.
 * Per-feed work on fresh articles goes here. Folding and clustering do NOT: cluster_update
 * rebuilds its index from the database on every call, so it runs once per refresh, in
 * refresh_after_run. Errors here must not undo the stored feed. */
static void refresh_after_feed(struct store *st, int64_t feed_id, const int64_t *ids, size_t n)
{
	(void)st;
	(void)feed_id;
	(void)ids;
	(void)n;
}

static void log_line(struct refresh_ctx *c, const struct store_feed *f, const struct fetch_res *r,
		     const char *why, int64_t n_new)
{
	char url[512];
	if (!c->o->log_lines)
		return;
	log_redact_url(f->url, url, sizeof url);
	if (why)
		fprintf(stderr, "newsfold: refresh: %s: error: %s\n", url, why);
	else if (r->status == 304)
		fprintf(stderr, "newsfold: refresh: %s: not modified\n", url);
	else
		fprintf(stderr, "newsfold: refresh: %s: %lld new\n", url, (long long)n_new);
}

/* Record a failure whose own transaction was rolled back, in a transaction of its own. */
static void record_db_failure(struct refresh_ctx *c, const struct store_feed *f, long status, const char *why)
{
	char *e2 = NULL;
	if (store_begin(c->st, &e2) == 0 && mark_failure(c, f, status, why ? why : "database error", -1, &e2) == 0 &&
	    store_commit(c->st, &e2) == 0)
		goto out;
	store_rollback(c->st);
	log_error("refresh: cannot record the error of feed %lld: %s", (long long)f->id, e2 ? e2 : "?");
out:
	free(e2);
}

static void on_fetched(const struct fetch_req *req, const struct fetch_res *r, void *ud)
{
	struct refresh_ctx *c = ud;
	struct feed_job *j = req->userdata;
	const char *why = NULL;
	char *err = NULL;
	int64_t before = c->stats->new_articles, upd = c->stats->updated_articles;
	size_t pages = c->n_pages;
	int rc = store_begin(c->st, &err);
	if (rc == 0)
		rc = apply_result(c, j, r, &why, &err);
	if (rc >= 0 && store_commit(c->st, &err) == 0) {
		if (why)
			c->stats->failed++;
		else if (r->status == 304)
			c->stats->not_modified++;
		else
			c->stats->ok++;
		refresh_after_feed(c->st, j->feed->id, j->ids, j->n_ids);
		log_line(c, j->feed, r, why, c->stats->new_articles - before);
		goto out;
	}
	/* The feed's transaction failed: forget its counts and pages, record the error alone. */
	store_rollback(c->st);
	c->stats->new_articles = before;
	c->stats->updated_articles = upd;
	for (size_t i = pages; i < c->n_pages; i++)
		free(c->pages[i].url);
	c->n_pages = pages;
	c->stats->failed++;
	log_line(c, j->feed, r, err ? err : "database error", 0);
	record_db_failure(c, j->feed, r->status, err);
out:
	c->stats->errors = (int64_t)c->stats->failed;
	free(err);
}

/* ---- full text ---- */

static void on_page(const struct fetch_req *req, const struct fetch_res *r, void *ud)
{
	struct refresh_ctx *c = ud;
	struct page_job *p = req->userdata;
	struct extract_result x = { 0 };
	char *err = NULL;
	sqlite3_stmt *q;
	if (r->error || r->status != 200 || extract_html(r->body, r->len, r->final_url, r->content_type, &x, &err) < 0)
		goto out;
	if (!x.text || articles_count_words(x.text) <= p->words)
		goto out;
	q = store_prepare(c->st, "UPDATE articles SET text = ?1, html = ?2, words = ?3 WHERE id = ?4", &err);
	if (!q)
		goto out;
	bind_text(q, 1, x.text);
	bind_text(q, 2, x.html);
	sqlite3_bind_int(q, 3, articles_count_words(x.text));
	sqlite3_bind_int64(q, 4, p->article_id);
	if (store_step_done(c->st, q, "saving full text", &err) == 0)
		c->stats->fulltext_pages++;
out:
	if (err)
		log_debug("full text %s: %s", p->url, err);
	extract_result_release(&x);
	free(err);
}

static void fetch_pages(struct refresh_ctx *c)
{
	struct fetch_req *reqs;
	struct fetch_opts fo = c->o->fetch;
	if (!c->n_pages)
		return;
	reqs = xcalloc(c->n_pages, sizeof *reqs);
	for (size_t i = 0; i < c->n_pages; i++) {
		reqs[i].url = c->pages[i].url;
		reqs[i].userdata = &c->pages[i];
	}
	fo.allow_file = 0;              /* a link in a feed must never read our disk */
	fo.progress = 0;
	fetch_run(&fo, reqs, c->n_pages, on_page, c);
	free(reqs);
}

/* After every feed is stored (and full text fetched): fold near-duplicates and cluster
 * the new articles into stories. A failure is logged; the stored articles stay, and the
 * next cluster_update (refresh, ingest or `newsfold stories`) picks them up. */
static void refresh_after_run(struct store *st, const struct refresh_opts *o, struct refresh_stats *s)
{
	char *err = NULL;
	int n;
	if (!o->cluster || s->new_articles + s->updated_articles == 0)
		return;
	n = cluster_update(st, &err);
	if (n < 0)
		log_warn("refresh: clustering the new articles failed: %s", err ? err : "?");
	else
		s->clustered = n;
	free(err);
}

/* ---- the run ---- */

static int select_feeds(struct store *st, const struct refresh_opts *o, int64_t now,
			struct store_feed **out, size_t *n, char **err)
{
	int64_t id;
	int rc;
	if (!o->feed)
		return store_feeds_due(st, now, o->all, out, n, err);
	rc = store_feed_find(st, o->feed, &id, err);
	if (rc == 1) {
		*err = xasprintf("no feed %s (see newsfold feeds)", o->feed);
		return -1;
	}
	if (rc < 0)
		return -1;
	*out = xcalloc(1, sizeof **out);
	*n = 1;
	if (store_feed_get(st, STORE_LOCAL_USER, id, *out, err) != 0) {
		if (!*err)
			*err = xasprintf("no feed %s", o->feed);
		store_feeds_free(*out, 1);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

int refresh_run(struct store *st, const struct refresh_opts *o, struct refresh_stats *out, char **err)
{
	struct refresh_ctx c = { 0 };
	struct store_feed *feeds = NULL;
	struct feed_job *jobs = NULL;
	struct fetch_req *reqs = NULL;
	struct fetch_opts fo = o->fetch;
	size_t n = 0;
	int rc = -1;
	memset(out, 0, sizeof *out);
	c.st = st;
	c.o = o;
	c.stats = out;
	c.now = o->now ? o->now : time_now_ms() / 1000;
	if (select_feeds(st, o, c.now, &feeds, &n, err) < 0)
		return -1;
	jobs = xcalloc(n ? n : 1, sizeof *jobs);
	reqs = xcalloc(n ? n : 1, sizeof *reqs);
	for (size_t i = 0; i < n; i++) {
		jobs[i].feed = &feeds[i];
		reqs[i].url = feeds[i].url;
		reqs[i].etag = feeds[i].etag;
		reqs[i].last_modified = feeds[i].last_modified;
		reqs[i].userdata = &jobs[i];
	}
	out->feeds = n;
	/* Thousands of small per-feed commits: checkpoint the WAL every ~32 MB instead of every
	 * 4 MB, so pages rewritten by many feeds (indexes, FTS) reach the database file once. */
	if (n > 1)
		store_exec(st, "PRAGMA wal_autocheckpoint = " REFRESH_WAL_PAGES, NULL);
	fo.progress_items = &out->new_articles;
	fo.progress_errors = &out->errors;
	if (fetch_run(&fo, reqs, n, on_fetched, &c) < 0) {
		*err = xstrdup("could not start the HTTP client (libcurl)");
		goto out;
	}
	fetch_pages(&c);
	refresh_after_run(st, o, out);
	rc = 0;
out:
	if (n > 1)
		store_exec(st, "PRAGMA wal_autocheckpoint = 1000", NULL);
	for (size_t i = 0; i < n; i++)
		free(jobs[i].ids);
	for (size_t i = 0; i < c.n_pages; i++)
		free(c.pages[i].url);
	free(c.pages);
	free(jobs);
	free(reqs);
	store_feeds_free(feeds, n);
	return rc;
}
