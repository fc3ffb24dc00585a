/*
 * stream.c — read a line (the fast flat reader of cluster/input.h, jansson for every other
 * form, so both give the same values), map it onto struct cluster_article, run the engine,
 * print ids back. Keys given to the engine are line numbers, so story/thread/duplicate keys
 * map back to the ids of those lines, kept as their compact JSON text (numeric and string
 * ids both round-trip unchanged) in one growing arena.
 */
#include "cluster/stream.h"
#include "cluster/input.h"
#include "util/date.h"
#include "util/util.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

struct cluster_stream {
	struct cluster_engine *e;
	int flags;
	struct cluster_input in;
	char *idtext;          /* every id's JSON text, back to back */
	size_t idlen, idcap;
	size_t *idoff;         /* line key k's text is idtext[idoff[k] .. idoff[k + 1]) */
	size_t n, cap;
};

struct cluster_stream *cluster_stream_new(const struct cluster_opts *o, int flags)
{
	struct cluster_stream *s = xcalloc(1, sizeof *s);
	s->e = cluster_engine_new(o);
	s->flags = flags;
	s->idoff = xcalloc(1, sizeof *s->idoff);
	s->cap = 1;
	cluster_input_init(&s->in);
	return s;
}

void cluster_stream_free(struct cluster_stream *s)
{
	if (!s)
		return;
	cluster_input_release(&s->in);
	free(s->idtext);
	free(s->idoff);
	cluster_engine_free(s->e);
	free(s);
}

const struct cluster_engine *cluster_stream_engine(const struct cluster_stream *s)
{
	return s->e;
}

/* Keep the id text of the next line key; returns the key. */
static int64_t id_keep(struct cluster_stream *s, const char *txt, size_t n)
{
	xgrow((void **)&s->idtext, &s->idcap, s->idlen + n, 1);
	memcpy(s->idtext + s->idlen, txt, n);
	s->idlen += n;
	xgrow((void **)&s->idoff, &s->cap, s->n + 2, sizeof *s->idoff);
	s->idoff[s->n + 1] = s->idlen;
	return (int64_t)s->n++;
}

static void put_id(struct cluster_stream *s, struct buf *out, int64_t key)
{
	if (key >= 0 && (size_t)key < s->n)
		buf_append(out, s->idtext + s->idoff[key], s->idoff[key + 1] - s->idoff[key]);
	else
		buf_puts(out, "null");
}

static void put_key(struct cluster_stream *s, struct buf *out, const char *name, int64_t key)
{
	buf_printf(out, ",\"%s\":", name);
	put_id(s, out, key);
}

static int64_t published_text(const char *v)
{
	int64_t ms;
	if (str_to_i64(v, &ms) == 0)
		return ms / 1000;
	return date_parse(v);
}

static int64_t parse_published(const json_t *v)
{
	if (json_is_integer(v))
		return json_integer_value(v) / 1000;
	if (json_is_real(v))
		return (int64_t)(json_real_value(v) / 1000);
	if (!json_is_string(v))
		return DATE_NONE;
	return published_text(json_string_value(v));
}

static const char *str_field(const json_t *o, const char *k)
{
	const json_t *v = json_object_get(o, k);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static void put_strings(struct buf *out, const char *name, const char *const *v, int n)
{
	int i;
	buf_printf(out, ",\"%s\":[", name);
	for (i = 0; i < n; i++) {
		json_t *j = json_string(v[i]);
		char *d = j ? json_dumps(j, JSON_ENCODE_ANY) : NULL;
		buf_printf(out, "%s%s", i ? "," : "", d ? d : "\"\"");
		free(d);
		json_decref(j);
	}
	buf_putc(out, ']');
}

static void put_why(struct buf *out, const struct cluster_result *r, struct cluster_stream *s)
{
	static const char *const kinds[] = { "new", "join", "fold", "split" };
	buf_printf(out, ",\"why\":{\"kind\":\"%s\",\"score\":%.3f", kinds[r->kind], r->score);
	if (r->kind == CLUSTER_FOLD)
		buf_printf(out, ",\"containment\":%.3f", r->containment);
	if (r->thread_from >= 0)
		put_key(s, out, "thread_from", r->thread_from);
	if (r->via >= 0)
		put_key(s, out, "via", r->via);
	if (r->merged >= 0)
		put_key(s, out, "merged", r->merged);
	put_strings(out, "entities", r->entities, r->nentities);
	put_strings(out, "terms", r->terms, r->nterms);
	buf_putc(out, '}');
}

static void error_line(struct buf *out, const char *id, const char *msg)
{
	buf_printf(out, "{\"id\":%s,\"story\":null,\"thread\":null,\"duplicate_of\":null,"
			"\"error\":\"%s\"}\n", id ? id : "null", msg);
}

void cluster_stream_too_long(struct cluster_stream *s, struct buf *out)
{
	(void)s;
	error_line(out, NULL, "line longer than 16 MB");
}

/* Run the engine on a and print its line; a.key is the line's key. */
static void process(struct cluster_stream *s, struct cluster_article *a, struct buf *out)
{
	struct cluster_result r;
	if (s->flags & CLUSTER_STREAM_TOKENIZE_ONLY) {
		size_t ntok = cluster_engine_tokenize(s->e, a);
		buf_puts(out, "{\"id\":");
		put_id(s, out, a->key);
		buf_printf(out, ",\"tokens\":%zu}\n", ntok);
		return;
	}
	if (s->flags & CLUSTER_STREAM_FOLD_ONLY)
		cluster_engine_fold_only(s->e, a, &r);
	else
		cluster_engine_add(s->e, a, &r);
	buf_puts(out, "{\"id\":");
	put_id(s, out, a->key);
	if (s->flags & CLUSTER_STREAM_FOLD_ONLY) {
		put_key(s, out, "duplicate_of", r.duplicate_of);
	} else {
		put_key(s, out, "story", r.story);
		put_key(s, out, "thread", r.thread);
		put_key(s, out, "duplicate_of", r.duplicate_of);
		if (s->flags & CLUSTER_STREAM_WHY)
			put_why(out, &r, s);
	}
	buf_puts(out, "}\n");
}

static const char *in_str(const struct cluster_in_value *v)
{
	return v->kind == CLUSTER_IN_STR ? v->s : NULL;
}

static int64_t in_published(const struct cluster_in_value *v)
{
	if (v->kind == CLUSTER_IN_INT)
		return v->i / 1000;
	if (v->kind == CLUSTER_IN_STR)
		return published_text(v->s);
	return DATE_NONE;
}

/* The common flat line, read by cluster/input. */
static void line_fast(struct cluster_stream *s, struct buf *out)
{
	const struct cluster_input *in = &s->in;
	struct cluster_article a;
	char small[256], *txt = small;
	size_t need = 6 * in->id.len + 24;
	if (need > sizeof small)
		txt = xmalloc(need);
	memset(&a, 0, sizeof a);
	a.key = id_keep(s, txt, cluster_input_dump(&in->id, txt));
	if (txt != small)
		free(txt);
	a.title = in_str(&in->title);
	a.text = in_str(&in->text);
	a.source = in_str(&in->source);
	a.url = in_str(&in->url);
	a.lang = in_str(&in->lang);
	a.published = in_published(&in->published);
	process(s, &a, out);
}

/* Every other line: jansson decides (errors, nested values, reals, long integers). */
static void line_jansson(struct cluster_stream *s, const char *line, size_t n, struct buf *out)
{
	json_error_t jerr;
	json_t *o = json_loadb(line, n, 0, &jerr), *id;
	struct cluster_article a;
	char *idtxt;
	if (!json_is_object(o)) {
		error_line(out, NULL, o ? "not a JSON object" : "invalid JSON");
		json_decref(o);
		return;
	}
	id = json_object_get(o, "id");
	idtxt = id ? json_dumps(id, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
	memset(&a, 0, sizeof a);
	a.key = id_keep(s, idtxt ? idtxt : "null", idtxt ? strlen(idtxt) : 4);
	free(idtxt);
	a.title = str_field(o, "title");
	a.text = str_field(o, "text");
	a.source = str_field(o, "source");
	a.url = str_field(o, "url");
	a.lang = str_field(o, "lang");
	a.published = parse_published(json_object_get(o, "published"));
	process(s, &a, out);
	json_decref(o);
}

void cluster_stream_line(struct cluster_stream *s, const char *line, size_t n, struct buf *out)
{
	if (cluster_input_parse(&s->in, line, n) == CLUSTER_INPUT_OK)
		line_fast(s, out);
	else
		line_jansson(s, line, n, out);
}
