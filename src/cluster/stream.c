/*
 * stream.c — parse a line with jansson, map it onto struct cluster_article, run the engine,
 * print ids back. Keys given to the engine are line numbers, so story/thread/duplicate keys
 * map back to the ids of those lines (kept as JSON values, so numeric and string ids both
 * round-trip unchanged).
 */
#include "cluster/stream.h"
#include "util/date.h"
#include "util/util.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

struct cluster_stream {
	struct cluster_engine *e;
	int flags;
	json_t **ids;
	size_t n, cap;
};

struct cluster_stream *cluster_stream_new(const struct cluster_opts *o, int flags)
{
	struct cluster_stream *s = xcalloc(1, sizeof *s);
	s->e = cluster_engine_new(o);
	s->flags = flags;
	return s;
}

void cluster_stream_free(struct cluster_stream *s)
{
	size_t i;
	if (!s)
		return;
	for (i = 0; i < s->n; i++)
		json_decref(s->ids[i]);
	free(s->ids);
	cluster_engine_free(s->e);
	free(s);
}

const struct cluster_engine *cluster_stream_engine(const struct cluster_stream *s)
{
	return s->e;
}

static int64_t parse_published(const json_t *v)
{
	int64_t ms;
	if (json_is_integer(v))
		return json_integer_value(v) / 1000;
	if (json_is_real(v))
		return (int64_t)(json_real_value(v) / 1000);
	if (!json_is_string(v))
		return DATE_NONE;
	if (str_to_i64(json_string_value(v), &ms) == 0)
		return ms / 1000;
	return date_parse(json_string_value(v));
}

static const char *str_field(const json_t *o, const char *k)
{
	const json_t *v = json_object_get(o, k);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static void put_key(struct cluster_stream *s, struct buf *out, const char *name, int64_t key)
{
	char *v = NULL;
	if (key >= 0 && (size_t)key < s->n)
		v = json_dumps(s->ids[key], JSON_ENCODE_ANY | JSON_COMPACT);
	buf_printf(out, ",\"%s\":%s", name, v ? v : "null");
	free(v);
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

void cluster_stream_line(struct cluster_stream *s, const char *line, size_t n, struct buf *out)
{
	json_error_t jerr;
	json_t *o = json_loadb(line, n, JSON_REJECT_DUPLICATES * 0, &jerr), *id;
	struct cluster_article a;
	struct cluster_result r;
	char *idtxt;
	int64_t key;
	if (!json_is_object(o)) {
		error_line(out, NULL, o ? "not a JSON object" : "invalid JSON");
		json_decref(o);
		return;
	}
	id = json_object_get(o, "id");
	id = id ? json_incref(id) : json_null();
	key = (int64_t)s->n;
	xgrow((void **)&s->ids, &s->cap, s->n + 1, sizeof *s->ids);
	s->ids[s->n++] = id;
	memset(&a, 0, sizeof a);
	a.key = key;
	a.title = str_field(o, "title");
	a.text = str_field(o, "text");
	a.source = str_field(o, "source");
	a.url = str_field(o, "url");
	a.lang = str_field(o, "lang");
	a.published = parse_published(json_object_get(o, "published"));
	if (s->flags & CLUSTER_STREAM_TOKENIZE_ONLY) {
		size_t ntok = cluster_engine_tokenize(s->e, &a);
		idtxt = json_dumps(id, JSON_ENCODE_ANY | JSON_COMPACT);
		buf_printf(out, "{\"id\":%s,\"tokens\":%zu}\n", idtxt ? idtxt : "null", ntok);
		free(idtxt);
		json_decref(o);
		return;
	}
	if (s->flags & CLUSTER_STREAM_FOLD_ONLY)
		cluster_engine_fold_only(s->e, &a, &r);
	else
		cluster_engine_add(s->e, &a, &r);
	idtxt = json_dumps(id, JSON_ENCODE_ANY | JSON_COMPACT);
	buf_printf(out, "{\"id\":%s", idtxt ? idtxt : "null");
	free(idtxt);
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
	json_decref(o);
}
