/* fuzz_cluster.c — libFuzzer target for the `newsfold cluster` reader: the input is split
 * into lines, each fed to the stream exactly as the command does; every line must produce
 * exactly one output line, and nothing may crash, leak or hang. Each line is also given to
 * the fast flat reader (cluster/input.h) and to jansson: whatever the fast reader accepts,
 * jansson must accept with the same field values and the same printed id. */
#include "../tests/unit/cluster_in_check.h"
#include "cluster/input.h"
#include "cluster/stream.h"
#include "util/buf.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Whatever the fast reader accepts, jansson must accept with the same values. */
static void differential(struct cluster_input *in, const char *p, size_t n)
{
	json_error_t e;
	json_t *o;
	if (cluster_input_parse(in, p, n) != CLUSTER_INPUT_OK)
		return;
	o = json_loadb(p, n, 0, &e);
	if (!cluster_in_agrees(in, o))
		abort();
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
