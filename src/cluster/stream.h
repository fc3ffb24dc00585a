/*
 * stream — the `newsfold cluster` contract over the engine: one JSON line in,
 * {"id","title","text","url","source","published"} (published RFC 3339 / ISO 8601 text, or
 * epoch milliseconds as a number or a digit string; text may be empty), exactly one JSON line
 * out, {"id","story","thread","duplicate_of"}: story and thread are the ids of the articles
 * that started them, duplicate_of null or the id of the canonical (earliest) copy.
 * A line that is not a JSON object, or that was cut by the line cap, gives
 * {"id":null,"story":null,"thread":null,"duplicate_of":null,"error":"..."} (id kept when
 * readable). With CLUSTER_STREAM_WHY the line also carries
 * "why":{"kind","score","entities","terms"[,"containment"][,"thread_from"]}.
 * CLUSTER_STREAM_FOLD_ONLY and CLUSTER_STREAM_TOKENIZE_ONLY are for the benchmark: the first
 * prints {"id","duplicate_of"} from folding alone, the second {"id","tokens"}.
 *
 * Ownership: cluster_stream_new/free; ids are kept for the life of the stream (one JSON
 * value per line). Thread-safety: none.
 */
#ifndef CLUSTER_STREAM_H
#define CLUSTER_STREAM_H
#include "cluster/engine.h"
#include "util/buf.h"
#include <stddef.h>

#define CLUSTER_LINE_MAX (16u << 20)

enum { CLUSTER_STREAM_WHY = 1, CLUSTER_STREAM_FOLD_ONLY = 2, CLUSTER_STREAM_TOKENIZE_ONLY = 4 };

struct cluster_stream;
struct cluster_stream *cluster_stream_new(const struct cluster_opts *o, int flags);
void cluster_stream_free(struct cluster_stream *s);
/* Process one line (without its newline); appends one output line ending in '\n'. */
void cluster_stream_line(struct cluster_stream *s, const char *line, size_t n, struct buf *out);
/* An input line longer than CLUSTER_LINE_MAX: appends the error line. */
void cluster_stream_too_long(struct cluster_stream *s, struct buf *out);
const struct cluster_engine *cluster_stream_engine(const struct cluster_stream *s);
#endif
