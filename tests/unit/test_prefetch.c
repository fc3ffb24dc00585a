/* test_prefetch.c — util/prefetch: files read to their end come back as they are (a
 * /proc file whose size says 0 too); everything else (missing, a directory, a FIFO, an
 * empty file, a file too large for a slot) is left to the caller; batches are reused;
 * NEWSFOLD_NO_IO_URING=1 leaves every file to the caller. */
#include "t.h"
#include "util/prefetch.h"
#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[] = "/tmp/test_prefetch.XXXXXX";

static char *path_of(const char *name)
{
	return xasprintf("%s/%s", dir, name);
}

static void write_file(const char *name, const char *data, size_t n)
{
	char *p = path_of(name);
	FILE *f = fopen(p, "wb");
	if (f) {
		fwrite(data, 1, n, f);
		fclose(f);
	}
	free(p);
}

static void add(struct prefetch *pf, const char *name)
{
	char *p = path_of(name);
	T_CHECK(prefetch_add(pf, p));
	free(p);
}

static int ring_available(void)
{
	/* what prefetch itself does when io_uring is off: every get is false */
	struct prefetch *pf = prefetch_new();
	const char *d;
	size_t n;
	int ok;
	add(pf, "small.xml");
	prefetch_run(pf);
	ok = prefetch_get(pf, 0, &d, &n);
	prefetch_free(pf);
	return ok;
}

static void whole_files_and_the_rest(void)
{
	struct prefetch *pf;
	const char *d = NULL;
	size_t n = 0;
	char *big = xmalloc(PREFETCH_SLOT), *fifo;
	if (!ring_available()) {
		free(big);
		T_SKIP("io_uring unavailable here (kernel, io_uring_disabled or seccomp)");
	}
	memset(big, 'x', PREFETCH_SLOT);
	write_file("big", big, PREFETCH_SLOT);                 /* one byte over what a slot holds */
	write_file("fits", big, PREFETCH_SLOT - 1);            /* exactly what it holds */
	free(big);
	write_file("empty", "", 0);
	fifo = path_of("fifo");
	T_CHECK(mkfifo(fifo, 0600) == 0);
	free(fifo);
	pf = prefetch_new();
	add(pf, "small.xml");
	add(pf, "missing");
	add(pf, ".");
	add(pf, "big");
	add(pf, "fits");
	add(pf, "empty");
	add(pf, "fifo");
	T_CHECK(prefetch_add(pf, "/proc/self/stat"));   /* st_size 0, bytes when read */
	prefetch_run(pf);
	T_CHECK(prefetch_get(pf, 0, &d, &n) && n == 11 && !memcmp(d, "<rss></rss>", 12));
	T_CHECK(!prefetch_get(pf, 1, &d, &n));   /* missing: the caller's open says why */
	T_CHECK(!prefetch_get(pf, 2, &d, &n));   /* a directory */
	T_CHECK(!prefetch_get(pf, 3, &d, &n));   /* larger than a slot */
	T_CHECK(prefetch_get(pf, 4, &d, &n) && n == PREFETCH_SLOT - 1 && d[n] == '\0');
	/* empty, and a FIFO without a writer: both read nothing, and only the caller's
	 * blocking read can tell "empty" from "no writer yet" */
	T_CHECK(!prefetch_get(pf, 5, &d, &n));
	T_CHECK(!prefetch_get(pf, 6, &d, &n));
	T_CHECK(access("/proc/self/stat", R_OK) != 0 ||
		(prefetch_get(pf, 7, &d, &n) && n > 0 && strlen(d) == n));
	T_CHECK(!prefetch_get(pf, 8, &d, &n));   /* past the batch */
	prefetch_free(pf);
}

static void batches_are_reused(void)
{
	struct prefetch *pf = prefetch_new();
	const char *d = NULL;
	size_t n = 0;
	int all = 1;
	if (!ring_available()) {
		prefetch_free(pf);
		T_SKIP("io_uring unavailable here");
	}
	for (int round = 0; round < 5; round++) {
		for (int i = 0; i < PREFETCH_MAX; i++) {
			char name[32], body[32];
			snprintf(name, sizeof name, "f%d_%d", round, i);
			snprintf(body, sizeof body, "<r>%d %d</r>", round, i);
			write_file(name, body, strlen(body));
			add(pf, name);
		}
		T_CHECK(!prefetch_add(pf, "one too many"));
		prefetch_run(pf);
		for (int i = 0; i < PREFETCH_MAX; i++) {
			char body[32];
			snprintf(body, sizeof body, "<r>%d %d</r>", round, i);
			all &= prefetch_get(pf, (size_t)i, &d, &n) && n == strlen(body) &&
			       !strcmp(d, body);
		}
	}
	T_CHECK(all);
	prefetch_free(pf);
}

/* More directories in one batch than it keeps open, each holding a file of the same name:
 * every file is still its own (a directory descriptor closed and its number reused for
 * another directory would read the wrong one). Relative and '..' paths too. */
static void same_names_in_many_directories(void)
{
	struct prefetch *pf = prefetch_new();
	const char *d = NULL;
	size_t n = 0;
	int all = 1;
	char *cwd = getcwd(NULL, 0);
	if (!ring_available()) {
		prefetch_free(pf);
		free(cwd);
		T_SKIP("io_uring unavailable here");
	}
	for (int i = 0; i < 12; i++) {
		char name[32], body[32], *sub;
		snprintf(name, sizeof name, "d%d", i);
		sub = path_of(name);
		T_CHECK(mkdir(sub, 0700) == 0);
		free(sub);
		snprintf(name, sizeof name, "d%d/same.xml", i);
		snprintf(body, sizeof body, "<r>%d</r>", i);
		write_file(name, body, strlen(body));
	}
	T_REQUIRE(chdir(dir) == 0);
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < 12; i++) {
			char rel[48];
			if (round == 0) {   /* absolute */
				snprintf(rel, sizeof rel, "d%d/same.xml", i);
				add(pf, rel);
				continue;
			}
			snprintf(rel, sizeof rel, round == 1 ? "d%d/same.xml" : "d0/../d%d/same.xml", i);
			T_CHECK(prefetch_add(pf, rel));
		}
		prefetch_run(pf);
		for (int i = 0; i < 12; i++) {
			char body[32];
			snprintf(body, sizeof body, "<r>%d</r>", i);
			all &= prefetch_get(pf, (size_t)i, &d, &n) && !strcmp(d, body);
		}
	}
	T_CHECK(all);
	T_CHECK(chdir(cwd) == 0);
	free(cwd);
	prefetch_free(pf);
}

static void off_switch(void)
{
	struct prefetch *pf;
	const char *d;
	size_t n;
	setenv("NEWSFOLD_NO_IO_URING", "1", 1);
	pf = prefetch_new();
	add(pf, "small.xml");
	prefetch_run(pf);
	T_CHECK(!prefetch_get(pf, 0, &d, &n));
	prefetch_free(pf);
	unsetenv("NEWSFOLD_NO_IO_URING");
	prefetch_free(NULL);
}

int main(void)
{
	char *cmd;
	if (!mkdtemp(dir)) {
		printf("fail: test_prefetch: mkdtemp\n");
		return 1;
	}
	write_file("small.xml", "<rss></rss>", 11);
	T_RUN(whole_files_and_the_rest);
	T_RUN(batches_are_reused);
	T_RUN(same_names_in_many_directories);
	T_RUN(off_switch);
	cmd = xasprintf("rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("  note: could not remove %s\n", dir);
	free(cmd);
	return t_done();
}
