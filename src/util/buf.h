/*
 * buf — a growable byte buffer with a hard cap, for everything the network sizes.
 *
 * Ownership: the buf owns data; buf_release frees it, buf_detach hands it to the caller.
 * data is always NUL-terminated (when non-NULL) so text can be used as a C string.
 * Limits: appends that would grow len past max fail with -1 and leave the buffer as it
 * was; max == 0 means "no cap" and is only for data we produced ourselves.
 * Thread-safety: none; one buf per thread.
 */
#ifndef UTIL_BUF_H
#define UTIL_BUF_H
#include <stddef.h>
#include <stdarg.h>

struct buf {
	char *data;
	size_t len, cap, max;
};

#define BUF_INIT(max_) { NULL, 0, 0, (max_) }

void buf_init(struct buf *b, size_t max);
void buf_release(struct buf *b);
char *buf_detach(struct buf *b, size_t *len);   /* never NULL; caller frees */
void buf_reset(struct buf *b);                   /* len = 0, keeps memory */
int buf_append(struct buf *b, const void *p, size_t n);
int buf_puts(struct buf *b, const char *s);
int buf_putc(struct buf *b, char c);
int buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int buf_vprintf(struct buf *b, const char *fmt, va_list ap);
#endif
