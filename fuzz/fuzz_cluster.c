/* fuzz_cluster.c — libFuzzer target for the `newsfold cluster` reader: the input is split
 * into lines, each fed to the stream exactly as the command does; every line must produce
 * exactly one output line, and nothing may crash, leak or hang. */
#include "cluster/stream.h"
#include "util/buf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cluster_stream *s = cluster_stream_new(NULL, CLUSTER_STREAM_WHY);
	struct buf out = BUF_INIT(0);
	const char *p = (const char *)data, *end = p + size;
	size_t lines = 0, nl = 0, i;
	while (p < end) {
		const char *e = memchr(p, '\n', (size_t)(end - p));
		size_t n = e ? (size_t)(e - p) : (size_t)(end - p);
		cluster_stream_line(s, p, n, &out);
		lines++;
		p += n + (e ? 1 : 0);
	}
	for (i = 0; i < out.len; i++)
		nl += out.data[i] == '\n';
	if (nl != lines)
		abort();
	buf_release(&out);
	cluster_stream_free(s);
	return 0;
}
