/*
 * t.h — the unit-test harness: one header, no library.
 *
 * A test program defines functions and calls T_RUN(fn) for each from main(), then returns
 * t_done(). Each case prints "pass: name" or "fail: name: file:line: expression", which
 * tests/run.sh counts. T_CHECK records a failure and goes on; T_REQUIRE also leaves the
 * case. T_SKIP leaves it as skipped with a reason.
 */
#ifndef T_H
#define T_H
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

static int t_case_failed, t_case_skipped, t_failures;
static const char *t_case_name;

#define T_CHECK(cond) do { if (!(cond)) { \
	if (!t_case_failed) printf("fail: %s: %s:%d: %s\n", t_case_name, __FILE__, __LINE__, #cond); \
	else printf("  also: %s:%d: %s\n", __FILE__, __LINE__, #cond); \
	t_case_failed = 1; } } while (0)
#define T_REQUIRE(cond) do { T_CHECK(cond); if (t_case_failed) return; } while (0)
#define T_STREQ(a, b) do { const char *t_a_ = (a), *t_b_ = (b); \
	if (!t_a_ || !t_b_ || strcmp(t_a_, t_b_) != 0) { \
	printf("  got \"%s\", want \"%s\"\n", t_a_ ? t_a_ : "(null)", t_b_ ? t_b_ : "(null)"); \
	T_CHECK(!"strings differ: " #a " vs " #b); } } while (0)
#define T_SKIP(...) do { printf("skip: %s: ", t_case_name); printf(__VA_ARGS__); \
	printf("\n"); t_case_skipped = 1; return; } while (0)
#define T_RUN(fn) do { t_case_name = #fn; t_case_failed = 0; t_case_skipped = 0; fn(); \
	if (t_case_failed) { t_failures++; } \
	else if (!t_case_skipped) { printf("pass: %s\n", #fn); } \
	fflush(stdout); } while (0)

static inline int t_done(void) { return t_failures ? 1 : 0; }

/* Where ../shared lives; tests that need it skip when getenv returns a missing folder. */
static inline const char *t_shared_data(void)
{
	const char *d = getenv("SHARED_DATA");
	return d ? d : "../shared/data";
}
#endif
