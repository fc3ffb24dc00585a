/*
 * input — the purpose-built reader of one `newsfold cluster` input line: a flat JSON object
 * {"id","title","text","url","source","published"[,"lang"]} whose values are strings,
 * integers, true, false or null. It is the fast path of stream.c (a general JSON library
 * was 40% of the time of folding a 400-word article).
 *
 * It accepts exactly the lines jansson (json_loadb, flags 0) would accept AND that have this
 * flat shape, and gives the same values: strict RFC 8259 strings (UTF-8 validated, no raw
 * control characters, escapes decoded, surrogate pairs joined; \u0000 is refused as jansson
 * refuses it), integers without fraction or exponent of at most 18 digits, any whitespace,
 * duplicate keys (the last wins). Anything else — a nested object or array, a real number,
 * a long integer, any syntax error — returns CLUSTER_INPUT_OTHER and the caller parses the
 * line with jansson, so errors and rare forms keep exactly their old results.
 *
 * Ownership: struct cluster_input owns one scratch buffer (decoded strings, NUL-terminated,
 * valid until the next parse); init/release. Limits: the scratch is at most the line length
 * + 1 (decoding never lengthens a JSON string). Thread-safety: one cluster_input per thread.
 */
#ifndef CLUSTER_INPUT_H
#define CLUSTER_INPUT_H
#include <stddef.h>
#include <stdint.h>

enum { CLUSTER_INPUT_OK = 0, CLUSTER_INPUT_OTHER = 1 };
enum { CLUSTER_IN_ABSENT = 0, CLUSTER_IN_NULL, CLUSTER_IN_BOOL, CLUSTER_IN_INT, CLUSTER_IN_STR };

struct cluster_in_value {
	int kind;            /* CLUSTER_IN_* */
	const char *s;       /* STR: decoded, NUL-terminated; BOOL: "true"/"false" */
	size_t len;
	int64_t i;           /* INT */
};

struct cluster_input {
	struct cluster_in_value id, title, text, url, source, published, lang;
	char *scratch;
	size_t cap;
};

void cluster_input_init(struct cluster_input *in);
void cluster_input_release(struct cluster_input *in);
/* Parse line[0..n). CLUSTER_INPUT_OK: the fields are set; CLUSTER_INPUT_OTHER: use jansson. */
int cluster_input_parse(struct cluster_input *in, const char *line, size_t n);
/* Append v as compact JSON exactly as jansson's json_dumps prints it (strings escaped the
 * same way: \" \\ \b \f \n \r \t, other controls as \u00XX, UTF-8 kept). Returns the bytes
 * written; out needs 6 * v->len + 24 bytes. */
size_t cluster_input_dump(const struct cluster_in_value *v, char *out);
#endif
