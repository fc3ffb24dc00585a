/*
 * itemidx — an in-memory copy of what the sync APIs' long id lists read from every article:
 * (id, feed_id, canonical_id, time), for Fever's unread_item_ids (every unread id the user
 * sees) and Google Reader's stream/items/ids with thousands of ids.
 *
 * Why: those lists walk all 100,000 articles (or tens of thousands) per request; through
 * SQLite that is a B-tree step, a record decode and two probes per row, 25-45 ms. From
 * flat arrays it is a few ms, most of it reading the user's read marks.
 *
 * Validity: one index per process, shared by the worker threads, stamped with the value of
 * web_item_gen.gen (serve/web_schema.c) it was built at. Triggers bump that counter in the
 * same transaction as any insert, delete, or change of feed_id, canonical_id, published or
 * fetched of an article, so the stamp matches exactly when the arrays equal the table in
 * the caller's snapshot. A request whose snapshot shows another value rebuilds the index
 * (one walk of the covering id index and a sort: ~30 ms at 100,000 articles) and swaps it
 * in; a reader still holding the old one keeps it until it lets go (reference counted).
 * Built only when asked for, so an idle server does not carry it; at most ITEMIDX_MAX rows
 * (past that the callers use SQL).
 *
 * Ownership: itemidx_get returns a reference the caller drops with itemidx_put.
 * Errors: NULL and *err on a database error; NULL and *err == NULL when the table is too
 * large (the caller falls back). Thread-safety: all functions may be called from any thread.
 */
#ifndef SERVE_ITEMIDX_H
#define SERVE_ITEMIDX_H
#include "store/store.h"
#include <stddef.h>
#include <stdint.h>

#define ITEMIDX_MAX (1000 * 1000)   /* 64 MB of rows at most */

struct itemidx_row {
	int64_t id, ts;       /* ts: coalesce(published, fetched) */
	int64_t feed;
	int64_t cfeed;        /* the feed of the row canonical_id points at; 0: none, or gone */
};

/* The same rows twice: by id for Fever's ascending lists and the canonical lookups, and by
 * (ts, id) descending for Google Reader's newest-first (or, walked backwards, oldest-first)
 * streams, each walked in memory order. */
struct itemidx {
	size_t n;
	struct itemidx_row *by_id;    /* id ascending */
	struct itemidx_row *by_time;  /* (ts, id) descending */
	int64_t gen;
	int refs;                     /* guarded by the module's lock */
};

struct itemidx *itemidx_get(struct store *st, char **err);
void itemidx_put(struct itemidx *x);   /* NULL-safe */
/* Position of id in x->by_id, or -1. */
ptrdiff_t itemidx_find(const struct itemidx *x, int64_t id);
/* Free the current index (tests, shutdown). */
void itemidx_reset(void);
#endif
