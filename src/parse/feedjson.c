/*
 * feedjson.c — the `newsfold parse` JSON shape: as a jansson tree (feed_to_json, for
 * callers that want to inspect it) and as text written straight into a buffer
 * (feed_print_json, feed_parse_print), which is what the command prints.
 *
 * Why a writer of our own: building a jansson tree per entry and dumping it cost more
 * than parsing the feed. The text writer produces the same bytes the tree would dump to
 * (compact, keys in insertion order), with one exception kept from the first printer: the
 * entry's own string fields escape control characters as \u00xx (lower case) where
 * jansson writes \b, \f, \u00XX; XML cannot carry those characters, JSON Feed can.
 *
 * Streaming: feed_parse_print hands every completed entry to a spool (its JSON text
 * written straight into a region of anonymous memory) and frees it, so a
 * 50 MB feed never holds more than one entry's structures, only their text. The head
 * ("format", "bozo", "feed") is only final at the end of the document (and a fast parse
 * that gives up near the end starts over), so it is written first, then the spool.
 */
#define _GNU_SOURCE   /* mremap */
#include "parse/feed.h"
#include "parse/fx.h"
#include "parse/parse_int.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/util.h"

#include <assert.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>




#define SPOOL_REGION0 (4u << 20)    /* the spool's first size: two huge pages */
/* max of a capped writer buffer (the spool) after an append failed: every later capped
 * append fails too, and the caller sees that the text is incomplete. */
#define W_OVERFLOW 1
#define TREE_DEPTH 64   /* deeper extras (only JSON Feed can make them) go through jansson */

enum style { S_TREE, S_ENTRY };

/* buf_append / buf_putc without the call when there is room. The writer's buffers are
 * ours: uncapped (max == 0), or the spool, capped at its mapping (see W_OVERFLOW). */
static inline void w_append(struct buf *b, const void *p, size_t n)
{
	if (feed_buf_append(b, p, n) < 0)
		b->max = W_OVERFLOW;
}

static inline void w_putc(struct buf *b, char c)
{
	if (b->len + 1 < b->cap) {
		b->data[b->len++] = c;
		b->data[b->len] = '\0';
	} else if (buf_putc(b, c) < 0) {
		b->max = W_OVERFLOW;
	}
}

static inline void w_puts(struct buf *b, const char *s)
{
	w_append(b, s, strlen(s));
}   /* jansson's escapes, or the entry fields' (see above) */

/* ---- the jansson tree ---- */

/* A string value, or null: also null if s were not UTF-8, so a key is never lost. */
static json_t *jstr(const char *s)
{
	json_t *v = s ? json_string(s) : NULL;
	return v ? v : json_null();
}

static json_t *jdate(int64_t t)
{
	char buf[DATE_ISO_LEN];
	return t == DATE_NONE ? json_null() : json_string(date_format(t, buf));
}

static json_t *jstrv(char **v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, jstr(v[i]));
	return a;
}

static json_t *enclosures_json(const struct feed_entry *e)
{
	json_t *a = json_array();
	for (size_t i = 0; i < e->n_enclosures; i++) {
		const struct feed_enclosure *x = &e->enclosures[i];
		json_array_append_new(a, json_pack("{s:o,s:o,s:o}", "url", jstr(x->url), "type",
						   jstr(x->type), "length",
						   x->length < 0 ? json_null() : json_integer(x->length)));
	}
	return a;
}

/* The extras as jansson holds them: extra, or a new tree made from fx (*tmp, to decref). */
static json_t *extras_json(json_t *extra, struct fx_arena *fx, json_t **tmp)
{
	*tmp = NULL;
	if (extra || !fx)
		return extra;
	return *tmp = fx_to_json(fx_root(fx));
}

void feed_extras_to_json(struct feed *f)
{
	json_t *tmp;
	for (size_t i = 0; i < f->n_entries; i++)
		if (!f->entries[i].extra)
			f->entries[i].extra = extras_json(NULL, f->entries[i].fx, &tmp);
	if (!f->extra)
		f->extra = extras_json(NULL, f->fx, &tmp);
}

static json_t *entry_json(const struct feed_entry *e)
{
	json_t *tmp, *extra = extras_json(e->extra, e->fx, &tmp);
	json_t *o = json_object();
	json_object_set_new(o, "id", jstr(e->id));
	json_object_set_new(o, "link", jstr(e->link));
	json_object_set_new(o, "title", jstr(e->title));
	json_object_set_new(o, "authors", jstrv(e->authors, e->n_authors));
	json_object_set_new(o, "published", jdate(e->published));
	json_object_set_new(o, "updated", jdate(e->updated));
	json_object_set_new(o, "summary", jstr(e->summary));
	json_object_set_new(o, "summary_type", jstr(e->summary_type));
	json_object_set_new(o, "content", jstr(e->content));
	json_object_set_new(o, "content_type", jstr(e->content_type));
	json_object_set_new(o, "categories", jstrv(e->categories, e->n_categories));
	json_object_set_new(o, "enclosures", enclosures_json(e));
	json_object_set_new(o, "image", jstr(e->image));
	json_object_set_new(o, "language", jstr(e->lang));
	json_object_set_new(o, "comments", jstr(e->comments));
	if (extra)
		json_object_update_missing(o, extra);
	json_decref(tmp);
	return o;
}

json_t *feed_head_json(const struct feed *f)
{
	json_t *o = json_object(), *tmp, *extra = extras_json(f->extra, f->fx, &tmp);
	json_object_set_new(o, "title", jstr(f->title));
	json_object_set_new(o, "link", jstr(f->link));
	json_object_set_new(o, "description", jstr(f->description));
	json_object_set_new(o, "language", jstr(f->language));
	json_object_set_new(o, "updated", jdate(f->updated));
	json_object_set_new(o, "published", jdate(f->published));
	json_object_set_new(o, "id", jstr(f->id));
	json_object_set_new(o, "author", jstr(f->author));
	json_object_set_new(o, "rights", jstr(f->rights));
	json_object_set_new(o, "generator", jstr(f->generator));
	json_object_set_new(o, "image", jstr(f->image));
	json_object_set_new(o, "icon", jstr(f->icon));
	if (extra)
		json_object_update_missing(o, extra);
	json_decref(tmp);
	return o;
}

json_t *feed_to_json(const struct feed *f)
{
	json_t *o = json_object(), *ents = json_array();
	json_object_set_new(o, "format", jstr(f->format));
	json_object_set_new(o, "bozo", json_boolean(f->bozo));
	json_object_set_new(o, "bozo_reason", jstr(f->bozo_reason));
	json_object_set_new(o, "encoding", jstr(f->encoding));
	json_object_set_new(o, "feed", feed_head_json(f));
	for (size_t i = 0; i < f->n_entries; i++)
		json_array_append_new(ents, entry_json(&f->entries[i]));
	json_object_set_new(o, "entries", ents);
	return o;
}

/* ---- the text writer ---- */

/* Bytes that end a run of a JSON string's plain text. */
static unsigned char stop[256];

static void stop_init(void)
{
	for (int c = 0; c < 256; c++)
		stop[c] = c < 0x20 || c == '"' || c == '\\' || c >= 0x80;
}

static void put_escape(struct buf *b, unsigned c, enum style st)
{
	char u[8];
	switch (c) {
	case '"': w_append(b, "\\\"", 2); return;
	case '\\': w_append(b, "\\\\", 2); return;
	case '\n': w_append(b, "\\n", 2); return;
	case '\t': w_append(b, "\\t", 2); return;
	case '\r': w_append(b, "\\r", 2); return;
	case '\b': if (st == S_TREE) { w_append(b, "\\b", 2); return; } break;
	case '\f': if (st == S_TREE) { w_append(b, "\\f", 2); return; } break;
	default: break;
	}
	snprintf(u, sizeof u, st == S_TREE ? "\\u%04X" : "\\u%04x", c);
	w_append(b, u, 6);
}

/* A JSON string, or null when s (n bytes) is not valid UTF-8 (as jstr does). */
static void put_strn(struct buf *b, const char *s, size_t n, enum style st)
{
	const unsigned char *p = (const unsigned char *)s, *end, *run;
	size_t mark = b->len;
	if (!s) {
		w_append(b, "null", 4);
		return;
	}
	end = p + n;   /* not before: NULL + 0 is undefined (clang's UBSan says so) */
	w_putc(b, '"');
	run = p;
	while (p < end) {
		size_t k;
		if (end - p >= 16) {   /* sixteen bytes at a time up to the next one to look at */
			p = feed_scan_text(p, end, '"', '\\', '"', '\\', 0);
			if (p == end)
				break;
		}
		if (!stop[*p]) {
			p++;
			continue;
		}
		if (*p >= 0x80) {
			if (!(k = utf8_seq_len(p, end))) {
				b->len = mark;   /* not UTF-8: null, like json_string() refusing it */
				w_append(b, "null", 4);
				return;
			}
			p += k;
			continue;
		}
		w_append(b, run, (size_t)(p - run));
		put_escape(b, *p, st);
		run = ++p;
	}
	w_append(b, run, (size_t)(p - run));
	w_putc(b, '"');
}

static void put_str(struct buf *b, const char *s, enum style st)
{
	put_strn(b, s, s ? strlen(s) : 0, st);
}

static void put_key(struct buf *b, const char *key, int first)
{
	size_t n = 0;
	if (!first)
		w_putc(b, ',');
	while (key[n] && !stop[(unsigned char)key[n]])
		n++;
	if (!key[n]) {   /* nothing to escape or check: most keys are the parser's own names */
		w_putc(b, '"');
		w_append(b, key, n);
		w_append(b, "\":", 2);
		return;
	}
	put_str(b, key, S_TREE);
	w_putc(b, ':');
}

/* ,"key": for the shape's own keys (string literals): plain ASCII, so nothing to escape
 * or check, and the length is known when compiling. */
#define put_lit_key(b, key) w_append((b), ",\"" key "\":", sizeof(key) + 3)

#define put_key_str(b, key, s, st) (put_lit_key(b, key), put_str((b), (s), (st)))
#define put_date(b, key, t, st) (put_lit_key(b, key), put_date_value((b), (t), (st)))

static void put_date_value(struct buf *b, int64_t t, enum style st)
{
	char d[DATE_ISO_LEN];
	put_str(b, t == DATE_NONE ? NULL : date_format(t, d), st);
}

/* A jansson value as json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY) writes it. */
static void put_tree(struct buf *b, json_t *v, int depth)
{
	const char *k;
	json_t *x;
	size_t i;
	int first = 1;
	char num[32];
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		if (depth >= TREE_DEPTH)
			break;
		w_putc(b, '{');
		json_object_foreach(v, k, x) {
			put_key(b, k, first);
			put_tree(b, x, depth + 1);
			first = 0;
		}
		w_putc(b, '}');
		return;
	case JSON_ARRAY:
		if (depth >= TREE_DEPTH)
			break;
		w_putc(b, '[');
		json_array_foreach(v, i, x) {
			if (i)
				w_putc(b, ',');
			put_tree(b, x, depth + 1);
		}
		w_putc(b, ']');
		return;
	case JSON_STRING:
		put_strn(b, json_string_value(v), json_string_length(v), S_TREE);
		return;
	case JSON_INTEGER:
		snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		w_puts(b, num);
		return;
	case JSON_TRUE: w_append(b, "true", 4); return;
	case JSON_FALSE: w_append(b, "false", 5); return;
	case JSON_NULL: w_append(b, "null", 4); return;
	default: break;   /* reals: jansson's own formatting */
	}
	{
		char *s = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
		w_puts(b, s ? s : "null");
		free(s);
	}
}

/* An fx member's key as put_key writes it. */
static void put_fx_key(struct buf *b, const struct fx_member *m, int first)
{
	if (!m->kplain) {
		put_key(b, m->key, first);
		return;
	}
	if (!first)
		w_putc(b, ',');
	w_putc(b, '"');
	w_append(b, m->key, m->klen);
	w_append(b, "\":", 2);
}

/* An fx value as put_tree writes its jansson twin (fx_to_json). */
static void put_fx(struct buf *b, const struct fx *v, int depth)
{
	char num[32];
	switch (v->type) {
	case FX_OBJ:
		if (depth >= TREE_DEPTH)
			break;
		if (v->u.raw) {
			w_append(b, v->u.raw, v->raw_len);
			return;
		}
		w_putc(b, '{');
		for (uint32_t i = 0; i < v->n; i++) {
			put_fx_key(b, &v->u.m[i], i == 0);
			put_fx(b, v->u.m[i].val, depth + 1);
		}
		w_putc(b, '}');
		return;
	case FX_ARR:
		if (depth >= TREE_DEPTH)
			break;
		w_putc(b, '[');
		for (uint32_t i = 0; i < v->n; i++) {
			if (i)
				w_putc(b, ',');
			put_fx(b, v->u.items[i], depth + 1);
		}
		w_putc(b, ']');
		return;
	case FX_STR:
		if (!v->plain) {
			put_strn(b, v->u.str.s, v->u.str.len, S_TREE);
			return;
		}
		w_putc(b, '"');
		w_append(b, v->u.str.s, v->u.str.len);
		w_putc(b, '"');
		return;
	case FX_INT:
		snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, (json_int_t)v->u.i);
		w_puts(b, num);
		return;
	case FX_JSON: put_tree(b, v->u.j, depth); return;
	case FX_TRUE: w_append(b, "true", 4); return;
	case FX_FALSE: w_append(b, "false", 5); return;
	default: w_append(b, "null", 4); return;
	}
	{   /* as deep as put_tree gives up: the same fallback */
		json_t *j = fx_to_json(v);
		put_tree(b, j, depth);
		json_decref(j);
	}
}

static int in_keys(const char *k, const char *const *req, size_t nreq)
{
	for (size_t i = 0; req && i < nreq; i++)
		if (k[0] == req[i][0] && !strcmp(k, req[i]))
			return 1;
	return 0;
}

/* The longest required key, of the entry's and the head's ("summary_type"): most extras'
 * keys are longer ("summary_detail"), which settles them at once (asserted in
 * writer_init). */
#define REQ_KEY_MAX 12

/* in_keys for an fx member. */
static int fx_in_keys(const struct fx_member *m, const char *const *req, size_t nreq)
{
	if (m->klen > REQ_KEY_MAX)
		return 0;
	return in_keys(m->key, req, nreq);
}

/* Members of the extras (fx if there, else extra) whose keys are not in req
 * (json_object_update_missing's rule); req is NULL when the caller knows none collide. */
static void put_extras(struct buf *b, json_t *extra, const struct fx_arena *fx,
		       const char *const *req, size_t nreq)
{
	const char *k;
	json_t *x;
	if (fx) {
		const struct fx *r = fx_root((struct fx_arena *)fx);
		for (uint32_t i = 0; i < r->n; i++) {
			if (fx_in_keys(&r->u.m[i], req, nreq))
				continue;
			put_fx_key(b, &r->u.m[i], 0);
			put_fx(b, r->u.m[i].val, 1);
		}
		return;
	}
	if (!extra)
		return;
	json_object_foreach(extra, k, x) {
		if (in_keys(k, req, nreq))
			continue;
		put_key(b, k, 0);
		put_tree(b, x, 1);
	}
}

#define put_strv(b, key, v, n) (put_lit_key(b, key), put_strv_value((b), (v), (n)))

static void put_strv_value(struct buf *b, char **v, size_t n)
{
	w_putc(b, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			w_putc(b, ',');
		put_str(b, v[i], S_TREE);
	}
	w_putc(b, ']');
}

static void put_enclosures(struct buf *b, const struct feed_entry *e)
{
	char num[32];
	put_lit_key(b, "enclosures");
	w_putc(b, '[');
	for (size_t i = 0; i < e->n_enclosures; i++) {
		const struct feed_enclosure *x = &e->enclosures[i];
		w_puts(b, i ? ",{\"url\":" : "{\"url\":");
		put_str(b, x->url, S_TREE);
		put_key_str(b, "type", x->type, S_TREE);
		put_lit_key(b, "length");
		if (x->length < 0) {
			w_append(b, "null", 4);
		} else {
			snprintf(num, sizeof num, "%" PRId64, x->length);
			w_puts(b, num);
		}
		w_putc(b, '}');
	}
	w_putc(b, ']');
}

static const char *const ENTRY_KEYS[] = { "id", "link", "title", "authors", "published",
					  "updated", "summary", "summary_type", "content",
					  "content_type", "categories", "enclosures", "image",
					  "language", "comments" };

static int extra_collides(json_t *extra, struct fx_arena *fx)
{
	const size_t n = sizeof ENTRY_KEYS / sizeof *ENTRY_KEYS;
	if (fx) {
		const struct fx *r = fx_root(fx);
		for (uint32_t i = 0; i < r->n; i++)
			if (fx_in_keys(&r->u.m[i], ENTRY_KEYS, n))
				return 1;
		return 0;
	}
	for (size_t i = 0; extra && i < n; i++)
		if (json_object_get(extra, ENTRY_KEYS[i]))
			return 1;
	return 0;
}

/* One entry's JSON object. */
static void put_entry(struct buf *b, const struct feed_entry *e, int as_tree)
{
	/* The first printer dumped the whole tree (jansson escapes) when extras named a
	 * required key; kept so the bytes do not change. */
	int collides = extra_collides(e->extra, e->fx);
	enum style st = as_tree || collides ? S_TREE : S_ENTRY;
	w_puts(b, "{\"id\":");
	put_str(b, e->id, st);
	put_key_str(b, "link", e->link, st);
	put_key_str(b, "title", e->title, st);
	put_strv(b, "authors", e->authors, e->n_authors);
	put_date(b, "published", e->published, st);
	put_date(b, "updated", e->updated, st);
	put_key_str(b, "summary", e->summary, st);
	put_key_str(b, "summary_type", e->summary_type, st);
	put_key_str(b, "content", e->content, st);
	put_key_str(b, "content_type", e->content_type, st);
	put_strv(b, "categories", e->categories, e->n_categories);
	put_enclosures(b, e);
	put_key_str(b, "image", e->image, st);
	put_key_str(b, "language", e->lang, st);
	put_key_str(b, "comments", e->comments, st);
	put_extras(b, e->extra, e->fx, collides ? ENTRY_KEYS : NULL,
		   sizeof ENTRY_KEYS / sizeof *ENTRY_KEYS);
	w_putc(b, '}');
}

static const char *const HEAD_KEYS[] = { "title", "link", "description", "language",
					 "updated", "published", "id", "author",
					 "rights", "generator", "image", "icon" };

static void put_head(struct buf *b, const struct feed *f)
{
	const char *const *keys = HEAD_KEYS;
	const size_t n_keys = sizeof HEAD_KEYS / sizeof *HEAD_KEYS;
	w_puts(b, "{\"title\":");
	put_str(b, f->title, S_TREE);
	put_key_str(b, "link", f->link, S_TREE);
	put_key_str(b, "description", f->description, S_TREE);
	put_key_str(b, "language", f->language, S_TREE);
	put_date(b, "updated", f->updated, S_TREE);
	put_date(b, "published", f->published, S_TREE);
	put_key_str(b, "id", f->id, S_TREE);
	put_key_str(b, "author", f->author, S_TREE);
	put_key_str(b, "rights", f->rights, S_TREE);
	put_key_str(b, "generator", f->generator, S_TREE);
	put_key_str(b, "image", f->image, S_TREE);
	put_key_str(b, "icon", f->icon, S_TREE);
	put_extras(b, f->extra, f->fx, keys, n_keys);
	w_putc(b, '}');
}

/* Everything before the entries' members: {"format":..., "feed":{...}, "entries":[ */
static void put_top(struct buf *b, const struct feed *f)
{
	w_puts(b, "{\"format\":");
	put_str(b, f->format, S_TREE);
	w_puts(b, f->bozo ? ",\"bozo\":true" : ",\"bozo\":false");
	put_key_str(b, "bozo_reason", f->bozo_reason, S_TREE);
	put_key_str(b, "encoding", f->encoding, S_TREE);
	w_puts(b, ",\"feed\":");
	put_head(b, f);
	w_puts(b, ",\"entries\":[");
}

static void writer_setup(void)
{
	for (size_t i = 0; i < sizeof ENTRY_KEYS / sizeof *ENTRY_KEYS; i++)
		assert(strlen(ENTRY_KEYS[i]) <= REQ_KEY_MAX);
	for (size_t i = 0; i < sizeof HEAD_KEYS / sizeof *HEAD_KEYS; i++)
		assert(strlen(HEAD_KEYS[i]) <= REQ_KEY_MAX);
	stop_init();
}

/* Once per process (it ran per document: 3% of a batch's instructions in strlen). */
static void writer_init(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, writer_setup);
}

void feed_fx_render(struct fx_arena *a, struct fx *v)
{
	struct buf b = BUF_INIT(0);
	writer_init();
	put_fx(&b, v, 1);
	fx_set_raw(a, v, b.data, b.len);
	buf_release(&b);
}

void feed_json_text(const struct feed *f, struct buf *b, int as_tree)
{
	writer_init();
	put_top(b, f);
	for (size_t i = 0; i < f->n_entries; i++) {
		if (i)
			w_putc(b, ',');
		put_entry(b, &f->entries[i], as_tree);
	}
	w_puts(b, "]}");
}

char *feed_json_dumps(const struct feed *f)
{
	struct buf b = BUF_INIT(0);
	feed_json_text(f, &b, 1);
	return buf_detach(&b, NULL);
}

void feed_json_append(const struct feed *f, struct buf *b)
{
	feed_json_text(f, b, 1);
}

int feed_print_json(const struct feed *f, FILE *out)
{
	struct buf b = BUF_INIT(0);
	int rc;
	feed_json_text(f, &b, 0);
	w_putc(&b, '\n');
	rc = fwrite(b.data, 1, b.len, out) == b.len ? 0 : -1;
	buf_release(&b);
	return rc || ferror(out) ? -1 : 0;
}

/* ---- streaming: feed_parse_print ---- */

struct spool {
	struct buf mem;   /* the entries' JSON; when mapped, capped at the mapping */
	int mapped;       /* mem.data is our anonymous mapping, not malloc'd */
	size_t n;         /* entries written */
	int err;          /* no memory for the output: it is incomplete */
};

/* Grow the mapping to at least need bytes (0, or -1): mremap moves pages, not bytes, so
 * growth never copies; huge pages where the kernel has them (fewer faults: this is fresh
 * memory written once). The entries are written straight into it. It used to be a memfd
 * written with write(2) and sent with sendfile(2): the same RAM (tmpfs is memory), plus a
 * copy into the kernel that was a sixth of the whole run on a large feed. */
static int spool_grow(struct spool *s, size_t need)
{
	size_t cap = s->mem.cap ? s->mem.cap : SPOOL_REGION0;
	void *p;
	while (cap < need && cap <= SIZE_MAX / 2)
		cap *= 2;
	if (cap < need)
		return -1;
	p = s->mapped ? mremap(s->mem.data, s->mem.cap, cap, MREMAP_MAYMOVE)
		      : mmap(NULL, cap, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -1;
	(void)madvise(p, cap, MADV_HUGEPAGE);   /* a hint; without it, small pages */
	if (!s->mapped)
		((char *)p)[0] = '\0';
	s->mapped = 1;
	s->mem.data = p;
	s->mem.cap = cap;
	s->mem.max = cap - 1;   /* buf keeps len + NUL within cap: appends fail, never realloc */
	return 0;
}

/* Write e (NULL: the closing "]}\n") after what the spool holds; an entry that does not
 * fit is taken back, the mapping grown, and written again. */
static void spool_put(struct spool *s, const struct feed_entry *e)
{
	size_t mark = s->mem.len;
	for (;;) {
		if (!e)
			w_append(&s->mem, "]}\n", 3);
		else if (s->n)
			w_putc(&s->mem, ',');
		if (e)
			put_entry(&s->mem, e, 0);
		if (s->mem.max != W_OVERFLOW)
			break;
		if (!s->mapped) {   /* a malloc'd buffer that could not grow */
			s->err = 1;
			break;
		}
		s->mem.len = mark;
		s->mem.data[mark] = '\0';
		s->mem.max = s->mem.cap - 1;
		if (s->err || spool_grow(s, 2 * s->mem.cap) < 0) {
			s->err = 1;
			break;
		}
	}
	if (e)
		s->n++;
}

static void spool_entry(struct feed_ctx *c, const struct feed_entry *e)
{
	spool_put(c->sink, e);
}

static void spool_reset(struct feed_ctx *c)
{
	struct spool *s = c->sink;
	s->mem.len = 0;
	if (s->mem.data)
		s->mem.data[0] = '\0';
	s->n = 0;
	s->err = 0;
}

int feed_parse_print(const char *data, size_t len, const struct feed_parse_opts *opts, FILE *out,
		     char **err)
{
	struct spool s = { BUF_INIT(0), 0, 0, 0 };
	struct feed *f = NULL;
	struct buf head = BUF_INIT(0);
	int rc = -1;
	writer_init();
	(void)spool_grow(&s, SPOOL_REGION0);   /* else a malloc'd buffer, uncapped: slower */
	if (feed_parse_sink(data, len, opts, spool_entry, spool_reset, &s, &f, err) < 0)
		goto out;
	put_top(&head, f);
	for (size_t i = 0; i < f->n_entries; i++)   /* entries the parser kept (JSON Feed) */
		spool_put(&s, &f->entries[i]);
	spool_put(&s, NULL);
	if (s.err) {
		*err = xstrdup("out of memory for the output");
		goto out;
	}
	rc = fwrite(head.data, 1, head.len, out) == head.len &&
			     fwrite(s.mem.data, 1, s.mem.len, out) == s.mem.len && !ferror(out)
		     ? 0
		     : -1;
	if (rc < 0)
		*err = xstrdup("cannot write the output");
out:
	feed_free(f);
	if (s.mapped)
		munmap(s.mem.data, s.mem.cap);
	else
		buf_release(&s.mem);
	buf_release(&head);
	return rc;
}
