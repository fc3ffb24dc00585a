/*
 * prefetch — many small files read whole, a batch at a time, with io_uring.
 *
 * Why: `newsfold parse --batch` reads thousands of small feeds, and on a virtual machine
 * each system call costs microseconds: open, fstat, read and close per file were more of
 * the corpus run than the parsing. Here one io_uring_enter submits, for every file of a
 * batch, a linked openat -> read -> read -> close (into a registered file slot, so no
 * descriptor is made; the second read is the one that finds the end of the file), and
 * waits for them all.
 *
 * Use: prefetch_add up to PREFETCH_MAX paths, prefetch_run, then prefetch_get for each.
 * prefetch_get gives the file's bytes when they were read to the end of the file (what a
 * loop of read() until it returns 0 gives); otherwise (it could not be opened or read
 * without blocking, it is empty, it is larger than PREFETCH_SLOT - 1 bytes, it grew while
 * it was read, or io_uring is unavailable: an old kernel, io_uring_disabled, a seccomp
 * filter) it returns false and the caller reads the file its ordinary way, which must
 * read to the end of the file too (not only st_size bytes: /proc's files say 0) to give
 * the same bytes or the same error.
 * NEWSFOLD_NO_IO_URING=1 turns io_uring off (tests compare the two paths).
 * Ownership: paths are copied; the bytes belong to the prefetch until the next
 * prefetch_run or prefetch_free. Thread-safety: one prefetch per thread.
 * Limits: PREFETCH_MAX files per batch, PREFETCH_SLOT bytes per file (PREFETCH_MAX *
 * PREFETCH_SLOT of buffers, allocated on first use and touched only as far as files fill
 * them).
 */
#ifndef UTIL_PREFETCH_H
#define UTIL_PREFETCH_H
#include <stdbool.h>
#include <stddef.h>

#define PREFETCH_MAX 32
#define PREFETCH_SLOT (64u << 10)

struct prefetch;

struct prefetch *prefetch_new(void);
void prefetch_free(struct prefetch *p);
/* Queue path; false when the batch is full (PREFETCH_MAX) */
bool prefetch_add(struct prefetch *p, const char *path);
/* Read the queued files; afterwards prefetch_get answers for them and the queue is empty
 * for the next batch (prefetch_add starts again at index 0). */
void prefetch_run(struct prefetch *p);
/* The i-th file of the last run: true with *data (NUL-terminated) and *len, or false
 * (see above: the caller reads it itself). */
bool prefetch_get(const struct prefetch *p, size_t i, const char **data, size_t *len);
#endif
