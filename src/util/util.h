/*
 * util — allocation and small string helpers shared by every module.
 *
 * Ownership: x*alloc/xstrdup return memory the caller frees with free(). They never return
 * NULL: on out-of-memory they print one line and exit(70), the git convention, so callers
 * need no OOM branches. Functions taking (s, n) never read past n bytes.
 * Thread-safety: all functions are reentrant.
 */
#ifndef UTIL_UTIL_H
#define UTIL_UTIL_H
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);            /* NULL in, NULL out */
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grow *arr (element size sz) so it holds at least need elements; *cap is updated. */
void xgrow(void **arr, size_t *cap, size_t need, size_t sz);

/* A 64-bit integer mixer (MurmurHash3's finalizer): every input bit flips about half of
 * the output bits. For deriving well-spread keys and slots from hashes already computed. */
static inline uint64_t util_mix64(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	k *= 0xc4ceb9fe1a85ec53ULL;
	k ^= k >> 33;
	return k;
}

/* Locale-free ASCII classification (sfeed's lesson: the C locale must not matter). */
static inline int ascii_isspace(int c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
static inline int ascii_isdigit(int c) { return c >= '0' && c <= '9'; }
static inline int ascii_isalpha(int c) { return (unsigned)((c | 32) - 'a') < 26; }
static inline int ascii_isalnum(int c) { return ascii_isalpha(c) || ascii_isdigit(c); }
static inline int ascii_tolower(int c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

/* The length of the UTF-8 sequence at s, a byte from 0x80 (RFC 3629: no overlongs, no surrogates, nothing past
 * U+10FFFF; the rule jansson checks too), or 0 when it is invalid or runs past end (0 too for an ASCII byte: callers step over
 * those themselves). */
static inline size_t utf8_seq_len(const unsigned char *s, const unsigned char *end)
{
	unsigned c = s[0];
	size_t k;
	if (c >= 0xC2 && c <= 0xDF)
		k = 1;
	else if (c >= 0xE0 && c <= 0xEF)
		k = 2;
	else if (c >= 0xF0 && c <= 0xF4)
		k = 3;
	else
		return 0;
	if ((size_t)(end - s) <= k)
		return 0;
	for (size_t j = 1; j <= k; j++)
		if ((s[j] & 0xC0) != 0x80)
			return 0;
	if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] > 0x9F) || (c == 0xF0 && s[1] < 0x90) ||
	    (c == 0xF4 && s[1] > 0x8F))
		return 0;
	return k + 1;
}

/* Write code point cp (at most 0x10FFFF; the caller rejects surrogates and anything else
 * its context forbids) as UTF-8 into o[0..3]; returns the number of bytes, 1 to 4. */
static inline size_t utf8_put(unsigned char *o, uint32_t cp)
{
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | cp >> 6), o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | cp >> 12), o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | cp >> 18), o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F)), o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

int str_casecmp(const char *a, const char *b);               /* ASCII case-insensitive */
int str_ncasecmp(const char *a, const char *b, size_t n);
bool str_startswith(const char *s, const char *prefix);
bool str_istartswith(const char *s, const char *prefix);
bool str_endswith(const char *s, const char *suffix);
char *str_trim(char *s); /* trims ASCII space in place; returns s past leading space */
const char *str_casestr(const char *hay, const char *needle);

/* Parse a whole decimal integer; returns 0 on success, -1 on junk or overflow. */
int str_to_i64(const char *s, int64_t *out);

/* Read a whole file (or "-" for stdin) into a NUL-terminated buffer of at most max bytes.
 * Returns 0 and sets *data and *len, or -1 with errno set (EFBIG past max). */
int file_read_all(const char *path, size_t max, char **data, size_t *len);

/* Milliseconds since the epoch (wall clock) and a monotonic clock in nanoseconds. */
int64_t time_now_ms(void);
int64_t time_mono_ns(void);
#endif
