/* test_parse_charset.c — the charsets parse/charset.c decodes without iconv (iso-8859-1,
 * windows-1252, UTF-16BE/LE, UTF-32BE/LE, iso-8859-7) must give glibc iconv's answer: the same UTF-8
 * bytes, and a failure exactly where iconv fails (a windows-1252 byte with no character,
 * an unpaired surrogate, a value past U+10FFFF, a code unit cut short). Every byte value,
 * then many generated strings built from the code units where the rules change. */
#include "t.h"
#include "parse/parse_int.h"
#include "util/util.h"

#include <stdint.h>

static const char *const ENCS[] = { "iso-8859-1", "windows-1252", "utf-16be", "utf-16le",
				    "utf-32be", "utf-32le", "iso-8859-7" };

static int differs, refused;

/* Both decoders on one input: 1 when they agree. */
static int agree(const char *enc, const unsigned char *s, size_t n)
{
	char *a = NULL, *b = NULL;
	size_t al = 0, bl = 0;
	int ra = feed_charset_convert(enc, (const char *)s, n, &a, &al);
	int rb = feed_charset_iconv(enc, (const char *)s, n, &b, &bl);
	int ok = ra == rb && (ra < 0 || (al == bl && memcmp(a, b, al) == 0 && a[al] == '\0'));
	if (!ok && ++differs <= 5) {
		printf("  %s differs from iconv (native %d, iconv %d) on:", enc, ra, rb);
		for (size_t i = 0; i < n && i < 24; i++)
			printf(" %02x", s[i]);
		printf("\n");
	}
	refused += ok && ra < 0;
	if (ra == 0)
		free(a);
	if (rb == 0)
		free(b);
	return ok;
}

static void every_byte(void)
{
	int bad = 0;
	static const char *const single[] = { "iso-8859-1", "windows-1252", "iso-8859-7" };
	for (size_t e = 0; e < sizeof single / sizeof *single; e++)
		for (int c = 0; c < 256; c++) {
			unsigned char s[3] = { 'a', (unsigned char)c, 'z' };
			bad += !agree(single[e], s, sizeof s);
		}
	/* windows-1252 has five holes: iconv refuses them, and so must we */
	{
		unsigned char hole = 0x81;
		char *o = NULL;
		size_t ol = 0;
		T_CHECK(feed_charset_convert("windows-1252", (const char *)&hole, 1, &o, &ol) < 0);
		hole = 0xAE;   /* and iso-8859-7 three (0xAE, 0xD2, 0xFF) */
		T_CHECK(feed_charset_convert("iso-8859-7", (const char *)&hole, 1, &o, &ol) < 0);
	}
	T_CHECK(bad == 0);
}

static uint32_t rnd(uint32_t *st)
{
	*st ^= *st << 13;
	*st ^= *st >> 17;
	*st ^= *st << 5;
	return *st;
}

/* A code unit where UTF-16/32 rules change: ASCII, around the surrogates, the
 * non-characters, the top of Unicode, or anything. */
static uint32_t edge_unit(uint32_t *st, int w)
{
	static const uint32_t edges[] = { 0x00, 0x3C, 0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xD800,
					  0xDBFF, 0xDC00, 0xDFFF, 0xE000, 0xFEFF, 0xFFFE, 0xFFFF,
					  0x10000, 0x10FFFF, 0x110000, 0xFFFFFFFF, 0xFFFE0000 };
	uint32_t r = rnd(st);
	if (r % 4 == 0)
		return w == 2 ? rnd(st) & 0xFFFF : rnd(st) % 0x120000;
	return edges[r / 4 % (sizeof edges / sizeof *edges)] & (w == 2 ? 0xFFFF : 0xFFFFFFFF);
}

static void generated(void)
{
	uint32_t st = 2463534242u;
	int bad = 0;
	unsigned char s[64];
	for (int round = 0; round < 20000; round++) {
		const char *enc = ENCS[round % 6];
		int w = round % 6 < 2 ? 1 : round % 6 < 4 ? 2 : 4;
		int be = strstr(enc, "be") != NULL;
		size_t n = 0, units = rnd(&st) % 12;
		for (size_t u = 0; u < units; u++) {
			uint32_t v = w == 1 ? rnd(&st) & 0xFF : edge_unit(&st, w);
			for (int k = 0; k < w; k++)
				s[n++] = (unsigned char)(be ? v >> (8 * (w - 1 - k)) : v >> (8 * k));
		}
		if (w > 1 && rnd(&st) % 8 == 0)
			s[n++] = (unsigned char)rnd(&st);   /* a unit cut short */
		bad += !agree(enc, s, n);
	}
	printf("  20000 generated inputs, %d refused by both decoders\n", refused);
	T_CHECK(bad == 0);
	T_CHECK(refused > 2000);   /* the failure rules were exercised, not only the happy path */
}

int main(void)
{
	T_RUN(every_byte);
	T_RUN(generated);
	return t_done();
}
