/*
 * prefetch.c — the io_uring batch (see prefetch.h). Each file gets a hard-linked openat ->
 * read -> read -> close on registered file slot i: hard links, so the close runs even
 * when a read fails or comes back short (a plain link would cancel it). The first read
 * takes up to PREFETCH_SLOT - 1 bytes from the file position, the second one byte from
 * where it stopped: 0 there is the end of the file, so the first read had all of it. A
 * statx per file said the same (type and size) before, but io_uring runs statx in a
 * worker thread (it is never tried inline), and waking it and stat'ing each file again
 * after the open was 7-10% of the corpus batch's CPU.
 * Anything but a clean answer for a file leaves that file to the caller's ordinary
 * read, so this never decides what a read returns, only whether it was already done.
 * The open is non-blocking: a FIFO would otherwise wait for a writer inside the batch
 * (its read then ends at once with nothing, which goes to the caller), and a regular
 * file whose pages are not cached comes back short or with EAGAIN, which the second read
 * or the first one's result sends to the caller too. An empty file also goes to the
 * caller (nothing read may be a FIFO without a writer).
 * openat takes the file's name relative to its directory, opened once (O_PATH) for the
 * files that follow in it: the path walk of each long absolute name was a tenth of the
 * batch.
 */
#define _GNU_SOURCE   /* O_PATH */
#include "util/prefetch.h"
#include "util/util.h"

#include <errno.h>
#include <fcntl.h>
#include <liburing.h>   /* the io_uring_prep_* inline helpers only */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The ring, set up with the system calls themselves (io_uring_setup(2)): liburing's
 * functions are a shared library to load (a dlopen: mapping, relocations, page faults;
 * ~0.3 ms, 2% of a corpus batch) for the few lines below. Its header's inline
 * io_uring_prep_* still fill the entries. One mapping holds both rings
 * (IORING_FEAT_SINGLE_MMAP, 5.4; openat into a file slot needs 5.15 anyway). Indices
 * the kernel shares are read with acquire and written with release, as liburing does. */
struct ring {
	int fd;
	unsigned sq_mask, cq_mask, sq_tail;   /* sq_tail: ours, published on enter */
	unsigned *ksq_head, *ksq_tail, *ksq_array, *kcq_head, *kcq_tail;
	struct io_uring_sqe *sqes;
	struct io_uring_cqe *cqes;
	void *rings;
	size_t rings_len, sqes_len;
};

static int ring_init(struct ring *r, unsigned entries)
{
	struct io_uring_params prm;
	size_t sq_len, cq_len;
	char *b;
	memset(&prm, 0, sizeof prm);
	r->fd = (int)syscall(__NR_io_uring_setup, entries, &prm);
	if (r->fd < 0)
		return -1;
	sq_len = prm.sq_off.array + prm.sq_entries * sizeof(unsigned);
	cq_len = prm.cq_off.cqes + prm.cq_entries * sizeof(struct io_uring_cqe);
	r->rings_len = sq_len > cq_len ? sq_len : cq_len;
	r->sqes_len = prm.sq_entries * sizeof(struct io_uring_sqe);
	r->rings = MAP_FAILED;
	r->sqes = MAP_FAILED;
	if (prm.features & IORING_FEAT_SINGLE_MMAP) {
		r->rings = mmap(NULL, r->rings_len, PROT_READ | PROT_WRITE,
				MAP_SHARED | MAP_POPULATE, r->fd, IORING_OFF_SQ_RING);
		r->sqes = mmap(NULL, r->sqes_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE,
			       r->fd, IORING_OFF_SQES);
	}
	if (r->rings == MAP_FAILED || r->sqes == MAP_FAILED) {
		if (r->rings != MAP_FAILED)
			munmap(r->rings, r->rings_len);
		if (r->sqes != MAP_FAILED)
			munmap(r->sqes, r->sqes_len);
		close(r->fd);
		return -1;
	}
	b = r->rings;
	r->ksq_head = (unsigned *)(b + prm.sq_off.head);
	r->ksq_tail = (unsigned *)(b + prm.sq_off.tail);
	r->ksq_array = (unsigned *)(b + prm.sq_off.array);
	r->sq_mask = *(unsigned *)(b + prm.sq_off.ring_mask);
	r->kcq_head = (unsigned *)(b + prm.cq_off.head);
	r->kcq_tail = (unsigned *)(b + prm.cq_off.tail);
	r->cq_mask = *(unsigned *)(b + prm.cq_off.ring_mask);
	r->cqes = (struct io_uring_cqe *)(b + prm.cq_off.cqes);
	r->sq_tail = *r->ksq_tail;
	return 0;
}

static void ring_exit(struct ring *r)
{
	munmap(r->sqes, r->sqes_len);
	munmap(r->rings, r->rings_len);
	close(r->fd);
}

/* The next free entry. The caller never queues more than the ring holds before entering
 * (see sqe_for). The io_uring_prep_* helpers set every field. */
static struct io_uring_sqe *ring_sqe(struct ring *r)
{
	unsigned i = r->sq_tail++ & r->sq_mask;
	r->ksq_array[i] = i;
	return &r->sqes[i];
}

/* Submit what is queued and wait for at least one completion: what io_uring_enter(2)
 * returns (negative errno on failure). */
static int ring_enter(struct ring *r)
{
	unsigned n;
	__atomic_store_n(r->ksq_tail, r->sq_tail, __ATOMIC_RELEASE);
	n = r->sq_tail - __atomic_load_n(r->ksq_head, __ATOMIC_ACQUIRE);
	if (syscall(__NR_io_uring_enter, r->fd, n, 1, IORING_ENTER_GETEVENTS, NULL, 0) < 0)
		return -errno;
	return 0;
}

enum { OP_OPEN, OP_READ, OP_EOF, OP_CLOSE, OPS };

struct slot {
	char *path;         /* kept from batch to batch, grown when a longer one comes */
	size_t path_cap;
	int dirfd;          /* AT_FDCWD, or one of dirs[] */
	const char *name;   /* path relative to dirfd */
	int res[OPS];
};

#define DIRS 4
struct dir {
	char *path;     /* NULL: unused */
	int fd;
	unsigned run;   /* the last run that used it */
};

struct prefetch {
	struct ring ring;
	int state;       /* 0: not tried yet, 1: ring ready, -1: no io_uring (or it failed) */
	bool answered;   /* n counts the last run's files, not queued ones */
	size_t n;
	struct slot s[PREFETCH_MAX];
	struct dir dirs[DIRS];   /* opened directories */
	unsigned run;            /* counts runs */
	char *bufs;    /* PREFETCH_MAX slots of PREFETCH_SLOT bytes, in map */
	char probe[PREFETCH_MAX];   /* the second reads' byte (never kept) */
	void *map;
	size_t map_len;
};

struct prefetch *prefetch_new(void)
{
	return xcalloc(1, sizeof(struct prefetch));
}

void prefetch_free(struct prefetch *p)
{
	if (!p)
		return;
	if (p->bufs)   /* they exist once the ring does */
		ring_exit(&p->ring);
	for (size_t i = 0; i < PREFETCH_MAX; i++)
		free(p->s[i].path);
	for (size_t i = 0; i < DIRS; i++)
		if (p->dirs[i].path) {
			close(p->dirs[i].fd);
			free(p->dirs[i].path);
		}
	if (p->map)
		munmap(p->map, p->map_len);
	free(p);
}

/* An O_PATH descriptor for the directory dir (n bytes), from the cache or opened now;
 * AT_FDCWD when it cannot be opened or every cached one is in use by this run (the full
 * path is used then, and fails or not as it would have). A descriptor another slot of
 * this run names is never closed: its number could come back for another directory. */
static int dir_fd(struct prefetch *p, const char *dir, size_t n)
{
	struct dir *d = NULL;
	char *path;
	int fd;
	for (size_t i = 0; i < DIRS; i++) {
		struct dir *c = &p->dirs[i];
		if (c->path && strlen(c->path) == n && memcmp(c->path, dir, n) == 0) {
			c->run = p->run;
			return c->fd;
		}
		if (!c->path || (c->run != p->run && (!d || d->path)))
			d = c;   /* a free one, else one this run does not use */
	}
	if (!d)
		return AT_FDCWD;
	path = xstrndup(dir, n);
	fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		free(path);
		return AT_FDCWD;
	}
	if (d->path) {
		close(d->fd);
		free(d->path);
	}
	d->path = path;
	d->fd = fd;
	d->run = p->run;
	return fd;
}

/* Where slot s's file is: its directory's descriptor and its last name, or the whole path
 * from the working directory (no '/', or nothing after the last one). */
static void locate(struct prefetch *p, struct slot *s)
{
	const char *slash = strrchr(s->path, '/');
	s->dirfd = AT_FDCWD;
	s->name = s->path;
	if (!slash || !slash[1])
		return;
	s->dirfd = dir_fd(p, s->path, slash == s->path ? 1 : (size_t)(slash - s->path));
	if (s->dirfd != AT_FDCWD)
		s->name = slash + 1;
}

bool prefetch_add(struct prefetch *p, const char *path)
{
	struct slot *s;
	size_t n;
	if (p->answered) {   /* the first add after a run starts a new batch */
		p->n = 0;
		p->answered = false;
	}
	if (p->n >= PREFETCH_MAX)
		return false;
	s = &p->s[p->n++];
	n = strlen(path) + 1;
	if (s->path_cap < n) {   /* a copy per file was a malloc and a free per file */
		free(s->path);
		s->path = xmalloc(n);
		s->path_cap = n;
	}
	memcpy(s->path, path, n);
	return true;
}

/* The slots' 2 MB, aligned on 2 MB and asked for as one transparent huge page: one page
 * fault for all the files of a run instead of one per 4 KB page a file touches (a page
 * fault costs ~17 us on a VM). Without huge pages it is plain memory, faulted as before. */
#define BUFS_LEN ((size_t)PREFETCH_MAX * PREFETCH_SLOT)
#define HUGE (2u << 20)
static int alloc_bufs(struct prefetch *p)
{
	size_t len = BUFS_LEN + HUGE;
	char *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uintptr_t a;
	if (m == MAP_FAILED)
		return -1;
	a = ((uintptr_t)m + HUGE - 1) & ~(uintptr_t)(HUGE - 1);
	p->map = m;
	p->map_len = len;
	p->bufs = (char *)a;
#ifdef MADV_HUGEPAGE
	madvise(p->bufs, BUFS_LEN, MADV_HUGEPAGE);
#endif
	return 0;
}

static bool ring_up(struct prefetch *p)
{
	const char *off = getenv("NEWSFOLD_NO_IO_URING");
	int fds[PREFETCH_MAX];
	if (p->state)
		return p->state == 1;
	p->state = -1;
	if (off && strcmp(off, "1") == 0)
		return false;
	if (ring_init(&p->ring, PREFETCH_MAX * OPS) < 0)
		return false;
	for (size_t i = 0; i < PREFETCH_MAX; i++)
		fds[i] = -1;   /* empty slots, filled by each openat */
	if (syscall(__NR_io_uring_register, p->ring.fd, IORING_REGISTER_FILES, fds,
		    PREFETCH_MAX) < 0) {
		ring_exit(&p->ring);
		return false;
	}
	if (alloc_bufs(p) < 0) {
		ring_exit(&p->ring);
		return false;
	}
	p->state = 1;
	return true;
}

static struct io_uring_sqe *sqe_for(struct prefetch *p, size_t i, int op)
{
	/* the ring holds PREFETCH_MAX * OPS entries and every run reaps all it submitted,
	 * so there is always a free one */
	struct io_uring_sqe *e = ring_sqe(&p->ring);
	e->user_data = i * OPS + (unsigned)op;
	return e;
}

static void queue(struct prefetch *p, size_t i)
{
	struct slot *s = &p->s[i];
	struct io_uring_sqe *e;
	e = sqe_for(p, i, OP_OPEN);
	io_uring_prep_openat_direct(e, s->dirfd, s->name, O_RDONLY | O_NONBLOCK, 0, (unsigned)i);
	e->flags |= IOSQE_IO_HARDLINK;
	/* offset -1: from the file position, so the next read starts where this one ended */
	e = sqe_for(p, i, OP_READ);
	io_uring_prep_read(e, (int)i, p->bufs + i * PREFETCH_SLOT, PREFETCH_SLOT - 1, (uint64_t)-1);
	e->flags |= IOSQE_FIXED_FILE | IOSQE_IO_HARDLINK;
	e = sqe_for(p, i, OP_EOF);
	io_uring_prep_read(e, (int)i, p->probe + i, 1, (uint64_t)-1);
	e->flags |= IOSQE_FIXED_FILE | IOSQE_IO_HARDLINK;
	e = sqe_for(p, i, OP_CLOSE);
	io_uring_prep_close_direct(e, (unsigned)i);
}

/* Collect want completions. false if waiting failed for another reason than a signal:
 * the ring is then given up (requests may still be in flight into the buffers, so
 * they stay allocated until prefetch_free's ring_exit). */
static bool reap(struct prefetch *p, unsigned want)
{
	unsigned got = 0;
	while (got < want) {
		unsigned head, tail;
		int rc = ring_enter(&p->ring);
		if (rc < 0 && rc != -EINTR && rc != -EAGAIN) {
			p->state = -1;
			return false;
		}
		head = *p->ring.kcq_head;
		tail = __atomic_load_n(p->ring.kcq_tail, __ATOMIC_ACQUIRE);
		for (; head != tail; head++, got++) {
			const struct io_uring_cqe *c = &p->ring.cqes[head & p->ring.cq_mask];
			uint64_t u = c->user_data;
			if (u < (uint64_t)PREFETCH_MAX * OPS)
				p->s[u / OPS].res[u % OPS] = c->res;
		}
		__atomic_store_n(p->ring.kcq_head, head, __ATOMIC_RELEASE);
	}
	return true;
}

void prefetch_run(struct prefetch *p)
{
	size_t n = p->n;
	p->answered = true;   /* without a ring, every get says "read it yourself" */
	if (!n || !ring_up(p))
		return;
	p->run++;
	for (size_t i = 0; i < n; i++) {
		for (int op = 0; op < OPS; op++)
			p->s[i].res[op] = -ECANCELED;
		locate(p, &p->s[i]);
		queue(p, i);
	}
	if (!reap(p, (unsigned)(n * OPS)))
		return;
	for (size_t i = 0; i < n; i++)
		if (p->s[i].res[OP_READ] >= 0)
			p->bufs[i * PREFETCH_SLOT + (size_t)p->s[i].res[OP_READ]] = '\0';
}

bool prefetch_get(const struct prefetch *p, size_t i, const char **data, size_t *len)
{
	const struct slot *s;
	if (p->state != 1 || !p->answered || i >= p->n)
		return false;
	s = &p->s[i];
	if (s->res[OP_OPEN] < 0 || s->res[OP_READ] <= 0 || s->res[OP_EOF] != 0)
		return false;
	*data = p->bufs + i * PREFETCH_SLOT;
	*len = (size_t)s->res[OP_READ];
	return true;
}
