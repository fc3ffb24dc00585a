/*
 * cluster_in_check.h — the flat `newsfold cluster` line reader (cluster/input.h) checked
 * against jansson on the same line (test_cluster_input, fuzz_cluster): every field the reader
 * set must hold the value jansson found under its key, and the id must print as jansson
 * prints it.
 */
#ifndef CLUSTER_IN_CHECK_H
#define CLUSTER_IN_CHECK_H
#include "cluster/input.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* 1 when v holds the same value jansson found under its key (or both are absent). */
static inline int cluster_in_same_value(const struct cluster_in_value *v, const json_t *j)
{
	switch (v->kind) {
	case CLUSTER_IN_ABSENT: return j == NULL;
	case CLUSTER_IN_NULL: return json_is_null(j);
	case CLUSTER_IN_BOOL: return json_is_boolean(j) && json_is_true(j) == (v->s[0] == 't');
	case CLUSTER_IN_INT: return json_is_integer(j) && json_integer_value(j) == v->i;
	case CLUSTER_IN_STR:
		return json_is_string(j) && json_string_length(j) == v->len &&
		       memcmp(json_string_value(j), v->s, v->len) == 0;
	default: return 0;
	}
}

/* 1 when the reader's fields in (parsed OK) agree with jansson's object o for the same line. */
static inline int cluster_in_agrees(const struct cluster_input *in, const json_t *o)
{
	static const char *const names[] = { "id", "title", "text", "url", "source", "published", "lang" };
	const struct cluster_in_value *v[] = { &in->id, &in->title, &in->text, &in->url,
					       &in->source, &in->published, &in->lang };
	const json_t *id;
	char *want, *got;
	size_t i, len;
	int ok = json_is_object(o);
	for (i = 0; ok && i < sizeof names / sizeof *names; i++)
		ok = cluster_in_same_value(v[i], json_object_get(o, names[i]));
	if (!ok)
		return 0;
	id = json_object_get(o, "id");
	want = id ? json_dumps(id, JSON_ENCODE_ANY | JSON_COMPACT) : strdup("null");
	got = malloc(6 * in->id.len + 24);
	ok = want && got;
	if (ok) {
		len = cluster_input_dump(&in->id, got);
		ok = strlen(want) == len && memcmp(want, got, len) == 0;
	}
	free(want);
	free(got);
	return ok;
}
#endif
