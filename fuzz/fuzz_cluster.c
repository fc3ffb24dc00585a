/* fuzz_cluster.c — libFuzzer target for the `newsfold cluster` reader: the input is split
 * into lines, each fed to the stream exactly as the command does; every line must produce
 * exactly one output line, and nothing may crash, leak or hang. Each line is also given to
 * the fast flat reader (cluster/input.h) and to jansson: whatever the fast reader accepts,
 * jansson must accept with the same field values and the same printed id. */
#include "cluster/input.h"
#include "cluster/stream.h"
#include "util/buf.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int same_value(const struct cluster_in_value *v, const json_t *j)
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

static void differential(struct cluster_input *in, const char *p, size_t n)
{
	static const char *const names[] = { "id", "title", "text", "url", "source", "published", "lang" };
	const struct cluster_in_value *v[] = { &in->id, &in->title, &in->text, &in->url,
					       &in->source, &in->published, &in->lang };
	json_error_t e;
	json_t *o, *id;
	char *want, *got;
	size_t i, len;
	if (cluster_input_parse(in, p, n) != CLUSTER_INPUT_OK)
		return;
	o = json_loadb(p, n, 0, &e);
	if (!json_is_object(o))
		abort();
	for (i = 0; i < 7; i++)
		if (!same_value(v[i], json_object_get(o, names[i])))
			abort();
	id = json_object_get(o, "id");
	want = id ? json_dumps(id, JSON_ENCODE_ANY | JSON_COMPACT) : strdup("null");
	got = malloc(6 * in->id.len + 24);
	len = cluster_input_dump(&in->id, got);
	if (!want || strlen(want) != len || memcmp(want, got, len) != 0)
		abort();
	free(want);
	free(got);
	json_decref(o);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cluster_stream *s = cluster_stream_new(NULL, CLUSTER_STREAM_WHY);
	struct cluster_input in;
	struct buf out = BUF_INIT(0);
	const char *p = (const char *)data, *end = p + size;
	size_t lines = 0, nl = 0, i;
	cluster_input_init(&in);
	while (p < end) {
		const char *e = memchr(p, '\n', (size_t)(end - p));
		size_t n = e ? (size_t)(e - p) : (size_t)(end - p);
		differential(&in, p, n);
		cluster_stream_line(s, p, n, &out);
		lines++;
		p += n + (e ? 1 : 0);
	}
	for (i = 0; i < out.len; i++)
		nl += out.data[i] == '\n';
	if (nl != lines)
		abort();
	cluster_input_release(&in);
	buf_release(&out);
	cluster_stream_free(s);
	return 0;
}
