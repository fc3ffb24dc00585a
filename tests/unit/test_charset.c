/* test_charset.c — the byte scanners behind extract's encoding choice, against plain
 * byte-at-a-time versions (their word-at-a-time fast paths must not skip anything), and
 * charset_detect's labels and its "read as is" answer. */
#include "t.h"
#include "extract/charset.h"

#include <stdbool.h>
#include <stdint.h>

static bool naive_binary(const unsigned char *u, size_t len)
{
	size_t n = len < 65536 ? len : 65536, bad = 0;
	if (n >= 2 && ((u[0] == 0xff && u[1] == 0xfe) || (u[0] == 0xfe && u[1] == 0xff)))
		return false;
	for (size_t i = 0; i < n; i++)
		bad += u[i] < 0x20 && u[i] != 9 && u[i] != 10 && u[i] != 11 && u[i] != 12 &&
		       u[i] != 13 && u[i] != 0x1b;
	return bad * 20 > n;
}

static uint32_t rng = 12345;
static unsigned next(void)
{
	rng = rng * 1103515245u + 12345u;
	return rng >> 16;
}

static void binary_scan_matches_bytewise(void)
{
	static unsigned char buf[70000];
	for (int round = 0; round < 400; round++) {
		size_t len = next() % (round < 200 ? 200 : sizeof buf);
		int density = (int)(next() % 12);   /* control bytes per 100 */
		for (size_t i = 0; i < len; i++) {
			unsigned r = next() % 100;
			buf[i] = (unsigned char)(r < (unsigned)density ? next() % 0x20
						 : r < 60 ? 'a' + next() % 26
						 : r < 70 ? 0x80 + next() % 0x80
						 : 0x20 + next() % 0x60);
		}
		T_CHECK(charset_looks_binary((const char *)buf, len) == naive_binary(buf, len));
	}
}

static void utf8_scan_finds_bad_bytes_anywhere(void)
{
	char buf[300];
	for (size_t len = 1; len < 100; len++) {
		for (size_t at = 0; at < len; at++) {
			memset(buf, 'a', len);
			T_CHECK(charset_valid_utf8(buf, len, NULL));
			buf[at] = (char)0xff;   /* never valid */
			T_CHECK(!charset_valid_utf8(buf, len, NULL));
			if (at + 2 <= len) {
				bool hi = false;
				memcpy(buf + at, "\xc3\xa9", 2);   /* é */
				T_CHECK(charset_valid_utf8(buf, len, &hi) && hi);
				if (at + 2 < len) {
					buf[at + 1] = 'x';   /* a lead byte with no continuation */
					T_CHECK(!charset_valid_utf8(buf, len, NULL));
				}
			}
		}
	}
}

/* Valid UTF-8, byte by byte: a lead byte and the continuation bytes its value asks for,
 * no overlong form, no surrogate, nothing above U+10FFFF. */
static bool naive_utf8(const unsigned char *u, size_t len, bool *hi)
{
	*hi = false;
	for (size_t i = 0; i < len;) {
		unsigned c = u[i], need = c < 0x80 ? 0 : c >= 0xc2 && c < 0xe0 ? 1 : c >= 0xe0 && c < 0xf0 ? 2
					     : c >= 0xf0 && c <= 0xf4 ? 3 : 9;
		if (need == 9 || i + need >= len + (need ? 0 : 1))
			return false;
		unsigned cp = need ? c & (0x3f >> need) : c;
		for (unsigned k = 1; k <= need; k++) {
			if ((u[i + k] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (u[i + k] & 0x3f);
		}
		if ((need == 2 && cp < 0x800) || (need == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		*hi |= need > 0;
		i += need + 1;
	}
	return true;
}

/* The one pass extract makes gives what the byte-at-a-time rules give, on pages longer
 * than the 64 KB binary window, with control bytes and multibyte characters on every side
 * of the window's end and, now and then, one bad byte. */
static void one_scan_matches_both_rules(void)
{
	static unsigned char buf[70000];
	int seen = 0;
	static const char *const chars[] = {"\xc3\xa9", "\xe2\x80\x94", "\xf0\x9f\x98\x80", "\n", "\x01", "\0"};
	for (int round = 0; round < 300; round++) {
		size_t len = 60000 + next() % 10000, i = 0;
		int density = (int)(next() % 40);   /* binary from about 30 */
		while (i < len) {
			const char *c = next() % 100 < (unsigned)density ? chars[next() % 6] : "a";
			size_t n = c[0] ? strlen(c) : 1;
			for (size_t k = 0; k < n && i < len; k++)
				buf[i++] = (unsigned char)c[k];
		}
		if (round % 3 == 0)
			buf[next() % len] = 0xff;
		struct charset_scan sc;
		bool hi;
		charset_scan((const char *)buf, len, &sc);
		bool valid = naive_utf8(buf, len, &hi);
		T_CHECK(sc.valid_utf8 == valid && sc.non_ascii == (valid && hi));
		T_CHECK(sc.binary == naive_binary(buf, len));
		seen |= 1 << (sc.valid_utf8 * 2 + sc.binary);
	}
	T_CHECK(seen == 15);   /* every mix of valid/invalid and binary/not was met */
}

static void detect_labels_and_as_is(void)
{
	char enc[64];
	bool as_is;
	const char *p = "<html><meta charset=\"iso-8859-1\"><p>caf\xc3\xa9</p>";
	T_CHECK(charset_detect(p, strlen(p), NULL, NULL, enc, sizeof enc, &as_is) == 0);
	T_STREQ(enc, "UTF-8");   /* a Latin-1 label on valid UTF-8 is the common lie */
	T_CHECK(as_is);
	p = "<html><p>caf\xe9</p>";
	charset_detect(p, strlen(p), NULL, NULL, enc, sizeof enc, &as_is);
	T_STREQ(enc, "windows-1252");
	T_CHECK(!as_is);
	p = "\xef\xbb\xbf<p>bom</p>";
	T_CHECK(charset_detect(p, strlen(p), NULL, NULL, enc, sizeof enc, &as_is) == 3);
	T_STREQ(enc, "UTF-8");
	T_CHECK(as_is);
	p = "<p>x</p>";
	charset_detect(p, strlen(p), "text/html; charset=Shift_JIS", NULL, enc, sizeof enc, &as_is);
	T_CHECK(!as_is);   /* a real non-UTF-8 label is converted by libxml2 */
	/* libxml2 would sniff these first bytes as UTF-16: not read as is */
	charset_detect("<\0?\0x\0", 6, NULL, NULL, enc, sizeof enc, &as_is);
	T_CHECK(!as_is);
}

int main(void)
{
	T_RUN(binary_scan_matches_bytewise);
	T_RUN(utf8_scan_finds_bad_bytes_anywhere);
	T_RUN(one_scan_matches_both_rules);
	T_RUN(detect_labels_and_as_is);
	return t_done();
}
