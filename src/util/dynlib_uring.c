/*
 * dynlib_uring.c — liburing, loaded on first use (see dynlib.h). Only `parse --batch`
 * (through util/prefetch.c) uses it; the rest of liburing's API that file calls is inline
 * in liburing.h.
 */
#include "util/dynlib.h"

#include <liburing.h>
#include <pthread.h>

#define SONAME "liburing.so.2"

#define URING_FUNCS(X)                                                                         \
	X(io_uring_queue_init) X(io_uring_queue_exit) X(io_uring_register_files)                   \
	X(io_uring_submit_and_wait)

static struct {
	URING_FUNCS(DYNLIB_MEMBER)
} F;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void)
{
	void *h = dynlib_open(SONAME, "liburing2");
	URING_FUNCS(DYNLIB_RESOLVE)
}

int (io_uring_queue_init)(unsigned entries, struct io_uring *ring, unsigned flags)
{
	pthread_once(&once, load);
	return F.io_uring_queue_init(entries, ring, flags);
}

void (io_uring_queue_exit)(struct io_uring *ring)
{
	pthread_once(&once, load);
	F.io_uring_queue_exit(ring);
}

int (io_uring_register_files)(struct io_uring *ring, const int *files, unsigned nr_files)
{
	pthread_once(&once, load);
	return F.io_uring_register_files(ring, files, nr_files);
}

int (io_uring_submit_and_wait)(struct io_uring *ring, unsigned wait_nr)
{
	pthread_once(&once, load);
	return F.io_uring_submit_and_wait(ring, wait_nr);
}
