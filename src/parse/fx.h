/*
 * fx — the XML parser's feedparser-shaped extras (title_detail, links, tags, author_detail,
 * ...) as a small JSON value tree in a per-entry arena, instead of jansson objects.
 *
 * Why: an RSS item carries a dozen extras; as jansson trees they cost about a third of
 * `newsfold parse` (an allocation per node and per key, hashing, then freeing each). Here
 * a node is a few words in an arena that goes in one free, objects are short arrays of
 * members (extras objects have a handful of keys: a linear scan beats hashing), and the
 * text writer (feedjson.c) writes the tree straight out.
 *
 * Semantics are jansson's, call for call, so the output is unchanged: fx_str is NULL for
 * NULL or invalid UTF-8 (json_string); fx_set with a NULL value or a key that is not UTF-8
 * changes nothing (json_object_set_new); setting a present key replaces its value where
 * it stands; fx_append of NULL appends nothing. Values may be shared (set in two places,
 * as json_object_set does); a node marked shared (the parser's detail cache) is copied
 * with fx_copy before it is modified. fx_wrap holds a jansson value (rare extras: an Atom
 * <source> feed) and drops its reference when the arena goes.
 *
 * Ownership: every node and string belongs to the arena it was made in; fx_arena_free
 * releases them all (NULL-safe). A node may point only to nodes of the same arena or of
 * an arena that outlives it (the feed's, for shared details). Not thread-safe per arena.
 * Limits: none of its own; callers cap list lengths (MAX_LIST in xmlfeed.c).
 */
#ifndef PARSE_FX_H
#define PARSE_FX_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

enum fx_type { FX_NULL, FX_TRUE, FX_FALSE, FX_INT, FX_STR, FX_OBJ, FX_ARR, FX_JSON };

struct fx;
struct fx_member {
	const char *key;   /* NUL-terminated, valid UTF-8 */
	uint32_t klen;
	unsigned char kplain;   /* the key needs no JSON escape */
	struct fx *val;
};

struct fx {
	unsigned char type;     /* enum fx_type */
	unsigned char shared;   /* copy (fx_copy) before modifying */
	unsigned char plain;    /* FX_STR: no byte needs a JSON escape */
	uint32_t n, cap;        /* members (FX_OBJ) or items (FX_ARR) */
	uint32_t raw_len;
	union {
		struct { const char *s; size_t len; } str;   /* NUL-terminated too */
		int64_t i;
		struct {
			struct fx_member *m;
			const char *raw;   /* a shared object's JSON text (fx_set_raw), or NULL */
		};
		struct fx **items;
		json_t *j;
	} u;
};

struct fx_arena;

/* A new arena with an empty root object (fx_root). */
struct fx_arena *fx_arena_new(void);
void fx_arena_free(struct fx_arena *a);
struct fx *fx_root(struct fx_arena *a);

struct fx *fx_obj(struct fx_arena *a);
struct fx *fx_arr(struct fx_arena *a);
struct fx *fx_str(struct fx_arena *a, const char *s);
struct fx *fx_strn(struct fx_arena *a, const char *s, size_t n);
struct fx *fx_int(struct fx_arena *a, int64_t i);
struct fx *fx_null(void);
struct fx *fx_bool(int b);
/* Holds j (the reference is taken over); NULL when j is NULL. */
struct fx *fx_wrap(struct fx_arena *a, json_t *j);

/* o[key] = v (see above); 0, or -1 when nothing changed. The key is copied. */
int fx_set(struct fx_arena *a, struct fx *o, const char *key, struct fx *v);
/* The same for a key that outlives the arena and needs no JSON escape (a string literal
 * of ours): neither copied nor checked. */
int fx_set_lit(struct fx_arena *a, struct fx *o, const char *key, struct fx *v);
struct fx *fx_get(const struct fx *o, const char *key);   /* NULL if absent or not an object */
int fx_append(struct fx_arena *a, struct fx *arr, struct fx *v);
size_t fx_size(const struct fx *arr);   /* items of an array, else 0 */
const char *fx_string_value(const struct fx *v);   /* NULL unless a string */
/* A shallow copy of an object (values shared), unshared, in a. */
struct fx *fx_copy(struct fx_arena *a, const struct fx *o);
/* A copy of s (NULL for NULL) in a, unchecked: text the parser keeps beside the values
 * (its detail cache's keys) for as long as the arena lives. */
char *fx_strdup(struct fx_arena *a, const char *s);
/* Keep s (n bytes) as the JSON text of v, a shared object that will not change (the
 * writer then copies it instead of walking v). */
void fx_set_raw(struct fx_arena *a, struct fx *v, const char *s, size_t n);

/* The jansson value equal to v (a new reference). */
json_t *fx_to_json(const struct fx *v);
#endif
