/*
 * ingest.c — walk paths, turn each document into store rows.
 *
 * The walk collects a folder's entry names, sorts them (so runs are reproducible), and
 * handles files before descending into subfolders. Loop safety does not rely on lstat:
 * symlinks are followed (people link their notes folders), but a folder whose
 * (device, inode) was already entered is skipped, and depth and file count are capped.
 * A folder's feed row is created lazily by its first document, so folders holding only
 * subfolders or unreadable junk leave no empty sources behind.
 */
#include "source/ingest.h"
#include "source/entry.h"
#include "extract/extract.h"
#include "parse/feed.h"
#include "store/articles.h"
#include "store/feeds.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/log.h"
#include "util/util.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum doc_kind { DOC_NONE, DOC_TEXT, DOC_HTML, DOC_FEED };

struct seen_dir {
	dev_t dev;
	ino_t ino;
};

struct run {
	struct store *st;
	struct ingest_stats *s;
	struct seen_dir *seen;
	size_t n_seen, cap_seen, visited;
	int64_t now;
};

/* The folder a document belongs to, and its feed row once created. */
struct folder {
	const char *abs;
	int64_t feed_id;     /* 0 until the first document */
};

char *ingest_file_url(const char *abs_path)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf b = BUF_INIT(0);
	buf_puts(&b, "file://");
	for (const unsigned char *p = (const unsigned char *)abs_path; *p; p++) {
		if (ascii_isalnum(*p) || strchr("/-._~", *p)) {
			buf_putc(&b, (char)*p);
		} else {
			buf_putc(&b, '%');
			buf_putc(&b, hex[*p >> 4]);
			buf_putc(&b, hex[*p & 15]);
		}
	}
	return buf_detach(&b, NULL);
}

static enum doc_kind kind_of(const char *name)
{
	static const char *const feeds[] = { ".xml", ".rss", ".atom", ".rdf", ".json" };
	const char *dot = strrchr(name, '.');
	if (!dot)
		return DOC_NONE;
	if (str_casecmp(dot, ".txt") == 0)
		return DOC_TEXT;
	if (str_casecmp(dot, ".html") == 0 || str_casecmp(dot, ".htm") == 0)
		return DOC_HTML;
	for (size_t i = 0; i < sizeof feeds / sizeof *feeds; i++)
		if (str_casecmp(dot, feeds[i]) == 0)
			return DOC_FEED;
	return DOC_NONE;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash && slash[1] ? slash + 1 : path;
}

/* The file name without its extension: a title when the document has none. */
static char *name_title(const char *path)
{
	const char *b = base_name(path), *dot = strrchr(b, '.');
	return dot && dot > b ? xstrndup(b, (size_t)(dot - b)) : xstrdup(b);
}

static void count(struct run *r, int is_new)
{
	if (is_new == 1)
		r->s->added++;
	else if (is_new == 2)
		r->s->unchanged++;
	else
		r->s->updated++;
}

static int source_row(struct run *r, const char *abs, const char *title, int64_t *id, char **err)
{
	char *url = ingest_file_url(abs);
	int created, rc = store_feed_add(r->st, STORE_LOCAL_USER, url, "local", title, "Local", id, &created, err);
	free(url);
	if (rc == 0)
		r->s->sources++;
	return rc;
}

/* ---- one .txt or .html document ---- */

static int save_document(struct run *r, struct folder *f, const char *path, int64_t mtime,
			 const struct extract_result *x, char **err)
{
	struct store_article a = { 0 };
	char *url = ingest_file_url(path), *title = NULL;
	int is_new, rc;
	if (!f->feed_id && source_row(r, f->abs, base_name(f->abs), &f->feed_id, err) < 0) {
		free(url);
		return -1;
	}
	title = x->title && *x->title ? xstrdup(x->title) : name_title(path);
	a.feed_id = f->feed_id;
	a.guid = url;
	a.url = url;
	a.title = title;
	a.author = x->byline;
	a.text = x->text;
	a.html = x->html;
	a.lang = x->lang;
	a.image = x->image;
	a.published = x->date ? date_parse(x->date) : DATE_NONE;
	if (a.published == DATE_NONE)
		a.published = mtime;
	a.updated = DATE_NONE;
	a.fetched = r->now;
	a.words = (int)x->words;
	rc = articles_upsert(r->st, &a, &is_new, err);
	if (rc == 0)
		count(r, is_new);
	free(title);
	free(url);
	return rc;
}

static int ingest_document(struct run *r, struct folder *f, const char *path, enum doc_kind k, const char *data,
			   size_t len, int64_t mtime, char **err)
{
	struct extract_result x = { 0 };
	char *xerr = NULL, *url = ingest_file_url(path);
	int rc = 0;
	if ((k == DOC_TEXT ? extract_text(data, len, &x, &xerr) : extract_html(data, len, url, "text/html", &x, &xerr)) < 0) {
		log_warn("ingest: %s: %s", path, xerr ? xerr : "cannot extract");
		r->s->failed++;
	} else if (!x.text || !*x.text) {
		log_warn("ingest: %s: no article text found", path);
		r->s->failed++;
	} else {
		rc = save_document(r, f, path, mtime, &x, err);
	}
	extract_result_release(&x);
	free(xerr);
	free(url);
	return rc;
}

/* ---- a feed file ---- */

static int save_entry(struct run *r, const struct feed *fd, int64_t feed_id, const struct feed_entry *e,
		      int64_t mtime, char **err)
{
	struct entry_article x;
	int is_new, rc;
	entry_article(fd, e, feed_id, r->now, &x);
	if (x.a.published == DATE_NONE)
		x.a.published = mtime;   /* an undated entry in a file: the file's time */
	rc = articles_upsert(r->st, &x.a, &is_new, err);
	if (rc == 0)
		count(r, is_new);
	entry_article_release(&x);
	return rc;
}

static int ingest_feed_file(struct run *r, const char *path, const char *data, size_t len, int64_t mtime, char **err)
{
	struct feed_parse_opts po = { 0 };
	struct feed *fd = NULL;
	char *url = ingest_file_url(path), *perr = NULL, *title = NULL;
	int64_t feed_id;
	int rc = 0;
	po.url = url;
	if (!feed_sniff(data, len)) {
		r->s->skipped++;   /* a .json or .xml that is not a feed: not ours to read */
		goto out;
	}
	if (feed_parse(data, len, &po, &fd, &perr) < 0) {
		log_warn("ingest: %s: %s", path, perr ? perr : "not a feed");
		r->s->failed++;
		goto out;
	}
	title = fd->title && *fd->title ? xstrdup(fd->title) : name_title(path);
	rc = source_row(r, path, title, &feed_id, err);
	for (size_t i = 0; rc == 0 && i < fd->n_entries; i++)
		rc = save_entry(r, fd, feed_id, &fd->entries[i], mtime, err);
out:
	feed_free(fd);
	free(title);
	free(perr);
	free(url);
	return rc;
}

/* ---- files and folders ---- */

static int ingest_file(struct run *r, struct folder *f, const char *path, const struct stat *sb, char **err)
{
	enum doc_kind k = kind_of(path);
	char *data = NULL;
	size_t len;
	int rc = 0;
	if (k == DOC_NONE || sb->st_size > (off_t)INGEST_MAX_BYTES || r->visited >= INGEST_MAX_FILES) {
		if (k != DOC_NONE)
			log_warn("ingest: %s: skipped (%s)", path, r->visited >= INGEST_MAX_FILES ? "file limit reached" : "too large");
		r->s->skipped++;
		return 0;
	}
	r->visited++;
	if (file_read_all(path, INGEST_MAX_BYTES, &data, &len) < 0) {
		log_warn("ingest: %s: %s", path, strerror(errno));
		r->s->failed++;
		return 0;
	}
	r->s->files++;
	if (k == DOC_FEED)
		rc = ingest_feed_file(r, path, data, len, (int64_t)sb->st_mtime, err);
	else
		rc = ingest_document(r, f, path, k, data, len, (int64_t)sb->st_mtime, err);
	free(data);
	return rc;
}

static int seen_before(struct run *r, const struct stat *sb)
{
	for (size_t i = 0; i < r->n_seen; i++)
		if (r->seen[i].dev == sb->st_dev && r->seen[i].ino == sb->st_ino)
			return 1;
	xgrow((void **)&r->seen, &r->cap_seen, r->n_seen + 1, sizeof *r->seen);
	r->seen[r->n_seen].dev = sb->st_dev;
	r->seen[r->n_seen++].ino = sb->st_ino;
	return 0;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The folder's entry names, sorted, dot-files left out; NULL-terminated. */
static char **list_dir(const char *dir, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t cap = 0;
	char **v = NULL;
	*n = 0;
	if (!d)
		return NULL;
	while ((e = readdir(d)) && *n < INGEST_MAX_FILES) {
		if (e->d_name[0] == '.')
			continue;
		xgrow((void **)&v, &cap, *n + 1, sizeof *v);
		v[(*n)++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (!v)
		v = xcalloc(1, sizeof *v);
	if (*n)
		qsort(v, *n, sizeof *v, name_cmp);
	return v;
}

static int walk_dir(struct run *r, const char *dir, int depth, char **err);

/* pass 0: files of this folder; pass 1: its subfolders. */
static int walk_entries(struct run *r, struct folder *f, char **names, size_t n, int pass, int depth, char **err)
{
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		char *path = xasprintf("%s/%s", f->abs, names[i]);
		struct stat sb;
		if (stat(path, &sb) == 0) {
			if (pass == 0 && S_ISREG(sb.st_mode))
				rc = ingest_file(r, f, path, &sb, err);
			else if (pass == 1 && S_ISDIR(sb.st_mode))
				rc = walk_dir(r, path, depth + 1, err);
		}
		free(path);
	}
	return rc;
}

static int walk_dir(struct run *r, const char *dir, int depth, char **err)
{
	struct folder f = { dir, 0 };
	struct stat sb;
	char **names;
	size_t n;
	int rc;
	if (depth > INGEST_MAX_DEPTH || stat(dir, &sb) < 0 || seen_before(r, &sb))
		return 0;
	names = list_dir(dir, &n);
	if (!names) {
		log_warn("ingest: %s: %s", dir, strerror(errno));
		r->s->failed++;
		return 0;
	}
	rc = walk_entries(r, &f, names, n, 0, depth, err);
	if (rc == 0)
		rc = walk_entries(r, &f, names, n, 1, depth, err);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

static int ingest_one(struct run *r, const char *path, char **err)
{
	char abs[PATH_MAX];
	struct stat sb;
	if (!realpath(path, abs) || stat(abs, &sb) < 0) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	if (S_ISDIR(sb.st_mode))
		return walk_dir(r, abs, 0, err);
	if (S_ISREG(sb.st_mode)) {
		char *parent = xstrdup(abs), *slash = strrchr(parent, '/');
		struct folder f = { parent, 0 };
		int rc;
		if (slash && slash != parent)
			*slash = '\0';
		else
			parent[1] = '\0';   /* a file in / */
		rc = ingest_file(r, &f, abs, &sb, err);
		free(parent);
		return rc;
	}
	*err = xasprintf("%s: not a file or folder", path);
	return -1;
}

int ingest_paths(struct store *st, char *const *paths, size_t n, struct ingest_stats *stats, char **err)
{
	struct run r = { st, stats, NULL, 0, 0, 0, time_now_ms() / 1000 };
	int rc = 0;
	memset(stats, 0, sizeof *stats);
	*err = NULL;
	if (store_begin(st, err) < 0)
		return -1;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = ingest_one(&r, paths[i], err);
	if (rc == 0)
		rc = store_commit(st, err);
	else
		store_rollback(st);
	free(r.seen);
	return rc;
}
