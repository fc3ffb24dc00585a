/*
 * fx.c — extras values in an arena (see fx.h for the why and the jansson-equal rules).
 *
 * The arena is one malloc holding its first block (enough for a typical RSS item's
 * extras), then blocks of doubling size. Growing an object's members or an array's items
 * takes a new array from the arena and leaves the old one there: lists are short, and the
 * waste is at most the live size.
 */
#include "parse/fx.h"
#include "parse/parse_int.h"
#include "util/util.h"

#include <pthread.h>
#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#define FIRST_BLOCK 1536   /* an RSS item's extras (links, tags, author, date) fit */

struct fx_block {
	struct fx_block *next;
	alignas(max_align_t) char data[];
};

struct fx_arena {
	char *p, *end;             /* free space of the current block */
	size_t next_size;          /* the next block's size */
	struct fx_block *blocks;   /* blocks after the first */
	json_t **wrapped;          /* references fx_wrap holds */
	size_t n_wrapped, cap_wrapped;
	struct fx *root;
	alignas(max_align_t) char first[FIRST_BLOCK];
};

static struct fx NULL_V = { .type = FX_NULL, .shared = 1 };
static struct fx TRUE_V = { .type = FX_TRUE, .shared = 1 };
static struct fx FALSE_V = { .type = FX_FALSE, .shared = 1 };

static void *arena_alloc(struct fx_arena *a, size_t n)
{
	void *r;
	n = (n + 7) & ~(size_t)7;
	if ((size_t)(a->end - a->p) < n) {
		size_t size = a->next_size > n ? a->next_size : n;
		struct fx_block *b = xmalloc(sizeof *b + size);
		b->next = a->blocks;
		a->blocks = b;
		a->p = b->data;
		a->end = b->data + size;
		a->next_size = size * 2;
	}
	r = a->p;
	a->p += n;
	return r;
}

/* Freed arenas kept for the next ones (a feed's entries each have one, and a batch parses
 * thousands of feeds: their malloc and free were 2% of it). Only the first block is kept;
 * the mutex makes the stack safe for any thread. */
#define SPARE_MAX 64
static struct {
	pthread_mutex_t mu;
	int n;
	struct fx_arena *a[SPARE_MAX];
} spare = { PTHREAD_MUTEX_INITIALIZER, 0, { 0 } };

static struct fx_arena *spare_take(void)
{
	struct fx_arena *a = NULL;
	pthread_mutex_lock(&spare.mu);
	if (spare.n > 0)
		a = spare.a[--spare.n];
	pthread_mutex_unlock(&spare.mu);
	return a;
}

static int spare_put(struct fx_arena *a)
{
	int kept = 0;
	if (!FEED_KEEP_SPARES)
		return 0;
	pthread_mutex_lock(&spare.mu);
	if (spare.n < SPARE_MAX) {
		spare.a[spare.n++] = a;
		kept = 1;
	}
	pthread_mutex_unlock(&spare.mu);
	return kept;
}

struct fx_arena *fx_arena_new(void)
{
	struct fx_arena *a = spare_take();
	if (!a)
		a = xmalloc(sizeof *a);
	a->p = a->first;
	a->end = a->first + sizeof a->first;
	a->next_size = 2 * FIRST_BLOCK;
	a->blocks = NULL;
	a->wrapped = NULL;
	a->n_wrapped = a->cap_wrapped = 0;
	a->root = fx_obj(a);
	return a;
}

void fx_arena_free(struct fx_arena *a)
{
	if (!a)
		return;
	while (a->blocks) {
		struct fx_block *b = a->blocks;
		a->blocks = b->next;
		free(b);
	}
	for (size_t i = 0; i < a->n_wrapped; i++)
		json_decref(a->wrapped[i]);
	free(a->wrapped);
	if (!spare_put(a))
		free(a);
}

struct fx *fx_root(struct fx_arena *a)
{
	return a->root;
}

static struct fx *node(struct fx_arena *a, enum fx_type t)
{
	struct fx *v = arena_alloc(a, sizeof *v);
	v->type = (unsigned char)t;
	v->shared = 0;
	v->plain = 0;
	v->n = v->cap = v->raw_len = 0;
	memset(&v->u, 0, sizeof v->u);
	return v;
}

struct fx *fx_obj(struct fx_arena *a)
{
	return node(a, FX_OBJ);
}

struct fx *fx_arr(struct fx_arena *a)
{
	return node(a, FX_ARR);
}

/* Per byte: 0 plain ASCII, 1 ASCII that JSON escapes, 2 the start of a UTF-8 sequence. */
#define R8(x) x, x, x, x, x, x, x, x
static const unsigned char kind[256] = {
	R8(1), R8(1), R8(1), R8(1),                         /* 0x00-0x1F */
	0, 0, 1, 0, 0, 0, 0, 0, R8(0), R8(0), R8(0),          /* 0x20-0x3F: '"' */
	R8(0), R8(0), R8(0), 0, 0, 0, 0, 1, 0, 0, 0,          /* 0x40-0x5F: '\\' */
	R8(0), R8(0), R8(0), R8(0),                         /* 0x60-0x7F */
	R8(2), R8(2), R8(2), R8(2), R8(2), R8(2), R8(2), R8(2),
	R8(2), R8(2), R8(2), R8(2), R8(2), R8(2), R8(2), R8(2),
};

/* jansson's rule (utf8_check): every sequence well-formed, NULs allowed. *plain: no
 * byte needs a JSON escape (control characters, '"', '\\'), so the writer copies it as
 * it is. One pass for both, sixteen bytes at a time through long ASCII runs. */
static int utf8_ok(const char *s, size_t n, unsigned char *plain)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	unsigned char esc = 0;
	while (p < end) {
		size_t k;
		if (end - p >= 16) {
			p = feed_scan_text(p, end, '"', '\\', '"', '\\', 0);
			if (p == end)
				break;
		}
		switch (kind[*p]) {
		case 0: p++; continue;
		case 1: esc = 1; p++; continue;
		default: break;
		}
		if (!(k = utf8_seq_len(p, end)))
			return 0;
		p += k;
	}
	*plain = !esc;
	return 1;
}

static char *copy_text(struct fx_arena *a, const char *s, size_t n)
{
	char *d = arena_alloc(a, n + 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *fx_strdup(struct fx_arena *a, const char *s)
{
	return s ? copy_text(a, s, strlen(s)) : NULL;
}

struct fx *fx_strn(struct fx_arena *a, const char *s, size_t n)
{
	struct fx *v;
	unsigned char plain;
	if (!s || !utf8_ok(s, n, &plain))
		return NULL;
	v = node(a, FX_STR);
	v->plain = plain;
	v->u.str.s = copy_text(a, s, n);
	v->u.str.len = n;
	return v;
}

struct fx *fx_str(struct fx_arena *a, const char *s)
{
	return s ? fx_strn(a, s, strlen(s)) : NULL;
}

struct fx *fx_int(struct fx_arena *a, int64_t i)
{
	struct fx *v = node(a, FX_INT);
	v->u.i = i;
	return v;
}

struct fx *fx_null(void)
{
	return &NULL_V;
}

struct fx *fx_bool(int b)
{
	return b ? &TRUE_V : &FALSE_V;
}

struct fx *fx_wrap(struct fx_arena *a, json_t *j)
{
	struct fx *v;
	if (!j)
		return NULL;
	if (a->n_wrapped == a->cap_wrapped)
		xgrow((void **)&a->wrapped, &a->cap_wrapped, a->n_wrapped + 1, sizeof *a->wrapped);
	a->wrapped[a->n_wrapped++] = j;
	v = node(a, FX_JSON);
	v->u.j = j;
	return v;
}

/* Room for one more member or item (they are the same size class: grow both alike). */
static void *grow(struct fx_arena *a, void *old, uint32_t n, uint32_t *cap, size_t size)
{
	void *d;
	if (n < *cap)
		return old;
	*cap = *cap ? 2 * *cap : 4;
	d = arena_alloc(a, *cap * size);
	if (n)
		memcpy(d, old, n * size);
	return d;
}

/* o[key] = v when key is there: 1; 0 when it is not; -1 when nothing can be set. */
static int replace(struct fx *o, const char *key, struct fx *v)
{
	if (!v || !o || o->type != FX_OBJ || !key)
		return -1;
	for (uint32_t i = 0; i < o->n; i++)
		if (o->u.m[i].key[0] == key[0] && !strcmp(o->u.m[i].key, key)) {
			o->u.m[i].val = v;
			return 1;
		}
	return 0;
}

static void add_member(struct fx_arena *a, struct fx *o, const char *key, size_t kn,
		       unsigned char plain, struct fx *v)
{
	o->u.m = grow(a, o->u.m, o->n, &o->cap, sizeof *o->u.m);
	o->u.m[o->n].key = key;
	o->u.m[o->n].klen = (uint32_t)kn;
	o->u.m[o->n].kplain = plain;
	o->u.m[o->n++].val = v;
}

int fx_set(struct fx_arena *a, struct fx *o, const char *key, struct fx *v)
{
	size_t kn;
	unsigned char plain;
	int r = replace(o, key, v);
	if (r)
		return r < 0 ? -1 : 0;
	kn = strlen(key);
	if (kn > UINT32_MAX || !utf8_ok(key, kn, &plain))
		return -1;
	add_member(a, o, copy_text(a, key, kn), kn, plain, v);
	return 0;
}

int fx_set_lit(struct fx_arena *a, struct fx *o, const char *key, struct fx *v)
{
	int r = replace(o, key, v);
	if (r)
		return r < 0 ? -1 : 0;
	add_member(a, o, key, strlen(key), 1, v);
	return 0;
}

struct fx *fx_get(const struct fx *o, const char *key)
{
	if (!o || o->type != FX_OBJ)
		return NULL;
	for (uint32_t i = 0; i < o->n; i++)
		if (o->u.m[i].key[0] == key[0] && !strcmp(o->u.m[i].key, key))
			return o->u.m[i].val;
	return NULL;
}

int fx_append(struct fx_arena *a, struct fx *arr, struct fx *v)
{
	if (!v || !arr || arr->type != FX_ARR)
		return -1;
	arr->u.items = grow(a, arr->u.items, arr->n, &arr->cap, sizeof *arr->u.items);
	arr->u.items[arr->n++] = v;
	return 0;
}

size_t fx_size(const struct fx *arr)
{
	return arr && arr->type == FX_ARR ? arr->n : 0;
}

const char *fx_string_value(const struct fx *v)
{
	return v && v->type == FX_STR ? v->u.str.s : NULL;
}

struct fx *fx_copy(struct fx_arena *a, const struct fx *o)
{
	struct fx *c;
	if (!o || o->type != FX_OBJ)
		return NULL;
	c = fx_obj(a);
	c->cap = o->n;
	if (o->n) {
		c->u.m = arena_alloc(a, o->n * sizeof *c->u.m);
		memcpy(c->u.m, o->u.m, o->n * sizeof *c->u.m);
	}
	c->n = o->n;
	return c;
}

void fx_set_raw(struct fx_arena *a, struct fx *v, const char *s, size_t n)
{
	if (n > UINT32_MAX)
		return;
	v->u.raw = copy_text(a, s, n);
	v->raw_len = (uint32_t)n;
}

json_t *fx_to_json(const struct fx *v)
{
	json_t *o;
	switch (v->type) {
	case FX_TRUE: return json_true();
	case FX_FALSE: return json_false();
	case FX_INT: return json_integer(v->u.i);
	case FX_STR: return json_stringn_nocheck(v->u.str.s, v->u.str.len);
	case FX_JSON: return json_incref(v->u.j);
	case FX_OBJ:
		o = json_object();
		for (uint32_t i = 0; i < v->n; i++)
			json_object_set_new_nocheck(o, v->u.m[i].key, fx_to_json(v->u.m[i].val));
		return o;
	case FX_ARR:
		o = json_array();
		for (uint32_t i = 0; i < v->n; i++)
			json_array_append_new(o, fx_to_json(v->u.items[i]));
		return o;
	default: return json_null();
	}
}
