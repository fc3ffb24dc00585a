/* test_cluster_input — the flat reader of `newsfold cluster` lines against jansson: every
 * line it accepts must be accepted by jansson with the same values and the same printed id;
 * the common forms must take the fast path; every error and rare form must leave it. */
#include "t.h"
#include "cluster_in_check.h"
#include "cluster/input.h"

#include <jansson.h>
#include <stdint.h>

/* The reader's verdict on line; with OK, checks every field and the id's print. */
static int check_line(const char *line, int *agrees)
{
	struct cluster_input in;
	json_error_t e;
	json_t *o;
	int rc;
	cluster_input_init(&in);
	rc = cluster_input_parse(&in, line, strlen(line));
	o = json_loadb(line, strlen(line), 0, &e);
	*agrees = 1;
	if (rc == CLUSTER_INPUT_OK)
		*agrees = cluster_in_agrees(&in, o);
	json_decref(o);
	cluster_input_release(&in);
	return rc;
}

static void test_fast_path_agrees(void)
{
	static const char *const ok[] = {
		"{\"id\":1,\"title\":\"Hello world\",\"text\":\"\",\"url\":\"https://x.org/a\",\"source\":\"x\",\"published\":1700000000000}",
		"{\"id\":\"a\\\"b\\\\c\\/d\",\"title\":\"tab\\there\\nline\\r\\b\\f\"}",
		"  {  \"id\" : -0 , \"published\" : \"2024-01-02T03:04:05Z\" }  \t\r",
		"{\"id\":\"\\u00e9t\\u00C9 \\ud83d\\ude00 caf\xc3\xa9 \xe2\x80\x99 \xf0\x9f\x98\x80\"}",
		"{\"id\":\"ctl \\u0001\\u001f\\u007f\",\"title\":null,\"text\":true,\"url\":false}",
		"{\"id\":1,\"id\":2,\"title\":\"last wins\",\"title\":\"yes\"}",
		"{\"\\u0069d\":\"escaped key\",\"extra\":\"ignored\",\"n\":123456789012345678}",
		"{}",
		"{\"id\":-999999999999999999,\"published\":-5}",
		"{\"id\":\"\",\"lang\":\"fr\",\"text\":\"\xe4\xb8\xad\xe6\x96\x87\"}",
	};
	size_t i;
	for (i = 0; i < sizeof ok / sizeof *ok; i++) {
		int agrees;
		T_CHECK(check_line(ok[i], &agrees) == CLUSTER_INPUT_OK);
		T_CHECK(agrees);
		if (!agrees)
			printf("  line %zu: %s\n", i, ok[i]);
	}
}

static void test_other_forms_go_to_jansson(void)
{
	static const char *const other[] = {
		"", "   ", "[1,2]", "\"str\"", "42", "null", "{", "{\"id\":1", "{\"id\":1,}", "{,}",
		"{\"id\" 1}", "{\"id\":1}x", "{\"id\":1}{}", "{id:1}", "{\"id\":01}", "{\"id\":1.5}",
		"{\"id\":1e3}", "{\"id\":-}", "{\"id\":1234567890123456789}", "{\"id\":{\"a\":1}}",
		"{\"id\":[1]}", "{\"id\":tru}", "{\"id\":truex}", "{\"id\":nul}", "{\"id\":\"a\\u0000b\"}",
		"{\"id\":\"\\ud83d\"}", "{\"id\":\"\\ude00\"}", "{\"id\":\"\\ud83d\\u0041\"}",
		"{\"id\":\"\\x\"}", "{\"id\":\"\\u12\"}", "{\"id\":\"raw\ttab\"}", "{\"id\":\"a\nb\"}",
		"{\"id\":\"\xff\"}", "{\"id\":\"\xc0\xaf\"}", "{\"id\":\"\xed\xa0\x80\"}",
		"{\"id\":\"\xf4\x90\x80\x80\"}", "{\"id\":\"\xe2\x82\"}", "{\"id\":\"open",
		"\xef\xbb\xbf{\"id\":1}", "{\"id\":1 2}",
	};
	size_t i;
	for (i = 0; i < sizeof other / sizeof *other; i++) {
		int agrees;
		int rc = check_line(other[i], &agrees);
		T_CHECK(rc == CLUSTER_INPUT_OTHER);
		if (rc != CLUSTER_INPUT_OTHER)
			printf("  line %zu: %s\n", i, other[i]);
	}
}

/* Random mutations of valid lines: whatever the reader accepts, jansson must read the same. */
static void test_mutations_agree(void)
{
	static const char base[] = "{\"id\":\"x\\u00e9\\n\",\"title\":\"T\xc3\xa9 \\\"q\\\"\",\"text\":\"a b\",\"published\":1234,\"n\":null}";
	static const char alphabet[] = "{}[]\":,\\u0123456789abcdefntrlse-+.eE \t\xc3\xa9\xff\x01";
	char line[sizeof base];
	uint32_t x = 12345;
	int round, accepted = 0, disagree = 0;
	for (round = 0; round < 20000; round++) {
		int k, m = 1 + round % 3, agrees;
		memcpy(line, base, sizeof base);
		for (k = 0; k < m; k++) {
			x = x * 1103515245u + 12345u;
			line[(x >> 8) % (sizeof base - 1)] = alphabet[(x >> 20) % (sizeof alphabet - 1)];
		}
		if (check_line(line, &agrees) == CLUSTER_INPUT_OK) {
			accepted++;
			disagree += !agrees;
		}
	}
	T_CHECK(disagree == 0);
	T_CHECK(accepted > 1000);   /* the mutations do exercise the fast path */
}

int main(void)
{
	T_RUN(test_fast_path_agrees);
	T_RUN(test_other_forms_go_to_jansson);
	T_RUN(test_mutations_agree);
	return t_done();
}
