/*
 * itemidx.c — build, share and replace the in-memory item index (see itemidx.h).
 *
 * The current index sits in `cur` under `lock`; a caller whose snapshot's generation
 * differs builds a new one without holding the lock (a build takes tens of ms and other
 * threads may keep serving from theirs), then installs it unless someone installed the same
 * generation meanwhile. Every holder has a reference; the last one frees.
 */
#include "serve/itemidx.h"
#include "util/util.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct itemidx *cur;

static void idx_free(struct itemidx *x)
{
	if (!x)
		return;
	free(x->by_id);
	free(x->by_time);
	free(x);
}

void itemidx_put(struct itemidx *x)
{
	int last;
	if (!x)
		return;
	pthread_mutex_lock(&lock);
	last = --x->refs == 0;
	pthread_mutex_unlock(&lock);
	if (last)
		idx_free(x);
}

void itemidx_reset(void)
{
	struct itemidx *x;
	pthread_mutex_lock(&lock);
	x = cur;
	cur = NULL;
	pthread_mutex_unlock(&lock);
	itemidx_put(x);   /* the reference `cur` held */
}

static int64_t one_int(struct store *st, const char *sql, int64_t dflt)
{
	sqlite3_stmt *q = store_prepare(st, sql, NULL);
	int64_t v = dflt;
	if (q && sqlite3_step(q) == SQLITE_ROW)
		v = sqlite3_column_int64(q, 0);
	if (q)
		sqlite3_reset(q);
	return v;
}

static int cmp_newest(const void *a, const void *b)
{
	const struct itemidx_row *x = a, *y = b;
	if (x->ts != y->ts)
		return x->ts > y->ts ? -1 : 1;
	return x->id > y->id ? -1 : x->id < y->id;
}

/* Read every article's row of the covering id index into a new index. */
static struct itemidx *build(struct store *st, int64_t gen, size_t count, char **err)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT id, feed_id, coalesce(canonical_id, 0), coalesce(published, fetched)"
					    " FROM articles INDEXED BY web_articles_id_ts ORDER BY id", err);
	struct itemidx *x;
	size_t cap = count + 64;   /* the count is the snapshot's, so this is exact; slack is cheap */
	int rc;
	if (!q)
		return NULL;
	x = xcalloc(1, sizeof *x);
	x->gen = gen;
	x->by_id = xmalloc(cap * sizeof *x->by_id);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW && x->n < cap) {
		struct itemidx_row *r = &x->by_id[x->n++];
		r->id = sqlite3_column_int64(q, 0);
		r->feed = sqlite3_column_int64(q, 1);
		r->cfeed = sqlite3_column_int64(q, 2);   /* the canonical's id, for now */
		r->ts = sqlite3_column_int64(q, 3);
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		*err = store_errmsg(st, "reading the item index");
		idx_free(x);
		return NULL;
	}
	for (size_t i = 0; i < x->n; i++) {
		ptrdiff_t c = x->by_id[i].cfeed ? itemidx_find(x, x->by_id[i].cfeed) : -1;
		x->by_id[i].cfeed = c >= 0 ? x->by_id[c].feed : 0;
	}
	x->by_time = xmalloc((x->n ? x->n : 1) * sizeof *x->by_time);
	if (x->n)
		memcpy(x->by_time, x->by_id, x->n * sizeof *x->by_time);
	qsort(x->by_time, x->n, sizeof *x->by_time, cmp_newest);
	return x;
}

struct itemidx *itemidx_get(struct store *st, char **err)
{
	int64_t gen = one_int(st, "SELECT gen FROM web_item_gen WHERE id = 1", -1), count;
	struct itemidx *x = NULL;
	*err = NULL;
	pthread_mutex_lock(&lock);
	if (cur && cur->gen == gen && gen >= 0) {
		x = cur;
		x->refs++;
	}
	pthread_mutex_unlock(&lock);
	if (x || gen < 0)
		return x;
	count = one_int(st, "SELECT count(*) FROM articles", -1);
	if (count < 0 || count > ITEMIDX_MAX)
		return NULL;
	x = build(st, gen, (size_t)count, err);
	if (!x)
		return NULL;
	x->refs = 2;   /* the caller's and `cur`'s */
	pthread_mutex_lock(&lock);
	struct itemidx *old = cur;
	cur = x;
	pthread_mutex_unlock(&lock);
	itemidx_put(old);
	return x;
}

ptrdiff_t itemidx_find(const struct itemidx *x, int64_t id)
{
	size_t lo = 0, hi = x->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (x->by_id[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < x->n && x->by_id[lo].id == id ? (ptrdiff_t)lo : -1;
}
