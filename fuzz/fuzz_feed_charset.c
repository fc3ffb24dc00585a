/* fuzz_feed_charset.c — libFuzzer target for the charsets parse/charset.c decodes without
 * iconv: the first byte picks one (iso-8859-1, windows-1252, UTF-16BE/LE, UTF-32BE/LE,
 * iso-8859-7),
 * the rest is decoded both ways; the native decoder must give glibc iconv's answer, the
 * same UTF-8 bytes or the same refusal. */
#include "parse/parse_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const encs[] = { "iso-8859-1", "windows-1252", "utf-16be", "utf-16le",
					    "utf-32be", "utf-32le", "iso-8859-7" };
	const char *enc;
	char *a = NULL, *b = NULL;
	size_t al = 0, bl = 0;
	int ra, rb;
	if (size < 1)
		return 0;
	enc = encs[data[0] % (sizeof encs / sizeof *encs)];
	ra = feed_charset_convert(enc, (const char *)data + 1, size - 1, &a, &al);
	rb = feed_charset_iconv(enc, (const char *)data + 1, size - 1, &b, &bl);
	if (ra != rb || (ra == 0 && (al != bl || memcmp(a, b, al) != 0 || a[al] != '\0')))
		abort();
	if (ra == 0) {
		free(a);
		free(b);
	}
	return 0;
}
