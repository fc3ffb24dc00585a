/*
 * charset.c — bytes in any charset → UTF-8, feedparser's way (RFC 3023 plus real life).
 *
 * Candidates are tried in order and the first that decodes cleanly wins: the HTTP charset
 * (text/xml without one means us-ascii), the XML declaration, the BOM or the byte pattern
 * of "<?xml", then utf-8, windows-1252 and iso-8859-1 as fallbacks. When the winner is not
 * the first candidate the document was mislabelled: we still decode it and say so (bozo).
 * UTF-8 is validated by hand (fast path, no copy through iconv), and the charsets most
 * often met besides (iso-8859-1, windows-1252, UTF-16 and UTF-32 of either byte order)
 * and iso-8859-7 are decoded here too: through iconv, each loads a gconv module on first
 * use (a dlopen: mapping, relocations, page faults), which cost more than parsing a small
 * feed. Their answers are iconv's, failures included (see feed_charset_iconv). The rest
 * goes through glibc's iconv, which knows every charset feeds use.
 */
#include "parse/parse_int.h"
#include "util/util.h"

#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>


/* The index of the first (lowest-addressed) byte whose high bit is set in a word loaded
 * with memcpy. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define FIRST_FLAGGED(m) ((size_t)__builtin_clzll(m) / 8)
#else
#define FIRST_FLAGGED(m) ((size_t)__builtin_ctzll(m) / 8)
#endif

#define MAX_CANDIDATES 8
#define NAME_MAX_LEN 40

/* Length of the valid UTF-8 prefix of s (RFC 3629: no overlongs, no surrogates). */
static size_t utf8_valid_prefix(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned c = s[i];
		size_t k;
		if (n - i >= 8) {   /* eight bytes at a time up to the next non-ASCII one */
			uint64_t w;
			memcpy(&w, s + i, 8);
			w &= 0x8080808080808080ull;
			if (!w) {
				i += 8;
				continue;
			}
			i += FIRST_FLAGGED(w);
			c = s[i];
		}
		if (c < 0x80) {
			i++;
			continue;
		}
		if (!(k = utf8_seq_len(s + i, s + n)))
			return i;
		i += k;
	}
	return n;
}

static void lower_name(char *dst, const char *src, size_t n)
{
	size_t i = 0;
	for (; i < n && i < NAME_MAX_LEN - 1; i++)
		dst[i] = (char)ascii_tolower((unsigned char)src[i]);
	dst[i] = '\0';
}

/* charset=... from a Content-Type header value, quotes stripped, lower-cased; "" if none. */
static void http_charset(const char *ct, char out[NAME_MAX_LEN])
{
	const char *p = ct ? str_casestr(ct, "charset") : NULL, *e;
	out[0] = '\0';
	if (!p)
		return;
	p += 7;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p != '=')
		return;
	p++;
	while (*p == ' ' || *p == '\t' || *p == '"' || *p == '\'')
		p++;
	for (e = p; *e && *e != ';' && *e != '"' && *e != '\'' && *e != ' '; e++)
		;
	lower_name(out, p, (size_t)(e - p));
}

/* The media type, lower-cased, without parameters. */
static void media_type(const char *ct, char out[NAME_MAX_LEN])
{
	const char *p = ct, *e;
	out[0] = '\0';
	if (!p)
		return;
	while (*p == ' ')
		p++;
	for (e = p; *e && *e != ';' && *e != ' '; e++)
		;
	lower_name(out, p, (size_t)(e - p));
}

/* encoding="..." from an XML declaration at the start of ASCII-compatible text. */
static void xml_decl_encoding(const char *s, size_t n, char out[NAME_MAX_LEN])
{
	const char *end, *p;
	out[0] = '\0';
	if (n < 6 || memcmp(s, "<?xml", 5) != 0)
		return;
	end = memchr(s, '>', n < 512 ? n : 512);
	if (!end)
		return;
	for (p = s; p + 8 < end; p++)
		if (memcmp(p, "encoding", 8) == 0)
			break;
	if (p + 8 >= end)
		return;
	p += 8;
	while (p < end && (*p == ' ' || *p == '='))
		p++;
	if (p < end && (*p == '"' || *p == '\'')) {
		char q = *p++;
		const char *e = memchr(p, q, (size_t)(end - p));
		if (e)
			lower_name(out, p, (size_t)(e - p));
	}
}

/* BOM or the byte pattern of "<?" in UTF-16/32/EBCDIC; sets *skip to the BOM length. */
static const char *sniff_bom(const unsigned char *d, size_t n, size_t *skip)
{
	*skip = 0;
	if (n >= 4 && !memcmp(d, "\x00\x00\xFE\xFF", 4))
		return *skip = 4, "utf-32be";
	if (n >= 4 && !memcmp(d, "\xFF\xFE\x00\x00", 4))
		return *skip = 4, "utf-32le";
	if (n >= 3 && !memcmp(d, "\xEF\xBB\xBF", 3))
		return *skip = 3, "utf-8";
	if (n >= 2 && !memcmp(d, "\xFE\xFF", 2))
		return *skip = 2, "utf-16be";
	if (n >= 2 && !memcmp(d, "\xFF\xFE", 2))
		return *skip = 2, "utf-16le";
	if (n >= 4 && !memcmp(d, "\x00\x00\x00\x3C", 4))
		return "utf-32be";
	if (n >= 4 && !memcmp(d, "\x3C\x00\x00\x00", 4))
		return "utf-32le";
	if (n >= 4 && !memcmp(d, "\x00\x3C\x00\x3F", 4))
		return "utf-16be";
	if (n >= 4 && !memcmp(d, "\x3C\x00\x3F\x00", 4))
		return "utf-16le";
	if (n >= 4 && !memcmp(d, "\x4C\x6F\xA7\x94", 4))
		return "cp037";
	return NULL;
}

/* Names feeds use that iconv or feedparser spell differently. */
static const char *canonical(const char *name)
{
	static const struct { const char *from, *to; } a[] = {
		{ "gb2312", "gb18030" }, { "gbk", "gb18030" }, { "x-gbk", "gb18030" },
		{ "utf8", "utf-8" }, { "latin1", "iso-8859-1" }, { "latin-1", "iso-8859-1" },
		{ "iso8859-1", "iso-8859-1" }, { "ascii", "us-ascii" }, { "cp1252", "windows-1252" },
		{ "x-sjis", "shift_jis" }, { "utf-16", "utf-16" }, { "ucs-2", "utf-16" },
		{ "macintosh", "mac" }, { "x-mac-roman", "mac" }, { "ebcdic", "cp037" } };
	for (size_t i = 0; i < sizeof a / sizeof *a; i++)
		if (strcmp(name, a[i].from) == 0)
			return a[i].to;
	return name;
}

/* glibc loads a charset's gconv module at iconv_open and unloads it when the last
 * descriptor using it is closed: ~0.4 ms of dlopen and dlclose per document in a batch of
 * latin-1 or windows-1252 feeds. So one descriptor per charset (up to PINNED_MAX) is kept
 * open, never used, and the module stays. Conversions still get a fresh descriptor each:
 * a reused one would carry state (UTF-16's byte order, read from the first BOM). */
#define PINNED_MAX 32
static void pin_module(const char *enc)
{
	static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
	static char names[PINNED_MAX][NAME_MAX_LEN];
	static iconv_t pinned[PINNED_MAX];
	static size_t n;
	size_t i;
	if (strlen(enc) >= NAME_MAX_LEN)
		return;
	pthread_mutex_lock(&mu);
	for (i = 0; i < n && strcmp(names[i], enc) != 0; i++)
		;
	if (i == n && n < PINNED_MAX && (pinned[n] = iconv_open("UTF-8", enc)) != (iconv_t)-1)
		memcpy(names[n++], enc, strlen(enc) + 1);
	pthread_mutex_unlock(&mu);
}

static int decode_iconv(const char *enc, const char *in, size_t n, char **out, size_t *olen)
{
	iconv_t cd = iconv_open("UTF-8", enc);
	size_t cap, left, inleft = n;
	char *buf, *op, *ip = (char *)in;
	if (cd == (iconv_t)-1)
		return -1;
	pin_module(enc);
	if (n > (SIZE_MAX - 16) / 4) {
		iconv_close(cd);
		return -1;
	}
	cap = n * 4 + 16; /* no charset needs more than 4 UTF-8 bytes per input byte */
	buf = xmalloc(cap);
	op = buf;
	left = cap - 1;
	if (iconv(cd, &ip, &inleft, &op, &left) == (size_t)-1 ||
	    iconv(cd, NULL, NULL, &op, &left) == (size_t)-1) {
		iconv_close(cd);
		free(buf);
		return -1;
	}
	iconv_close(cd);
	*op = '\0';
	*olen = (size_t)(op - buf);
	*out = buf;
	return 0;
}

/* ---- the charsets decoded without iconv ---- */

const uint16_t feed_cp1252_hi[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
	0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178 };

/* ISO-8859-7 (Greek, with the 2003 additions glibc has: euro, drachma, ypogegrammeni)
 * from 0xA0 on; below, every byte is its own code point. 0 for the three bytes glibc's
 * table leaves out (0xAE, 0xD2, 0xFF): iconv refuses them, and so do we. Decoded here
 * because a Greek feed otherwise costs a gconv dlopen (~0.5 ms CPU on this VM, a
 * thirtieth of a whole corpus batch, for the one such test of the feedparser corpus). */
static const uint16_t iso8859_7_hi[96] = {
	0x00A0, 0x2018, 0x2019, 0x00A3, 0x20AC, 0x20AF, 0x00A6, 0x00A7, 0x00A8, 0x00A9, 0x037A, 0x00AB,
	0x00AC, 0x00AD, 0x0000, 0x2015, 0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x0384, 0x0385, 0x0386, 0x00B7,
	0x0388, 0x0389, 0x038A, 0x00BB, 0x038C, 0x00BD, 0x038E, 0x038F, 0x0390, 0x0391, 0x0392, 0x0393,
	0x0394, 0x0395, 0x0396, 0x0397, 0x0398, 0x0399, 0x039A, 0x039B, 0x039C, 0x039D, 0x039E, 0x039F,
	0x03A0, 0x03A1, 0x0000, 0x03A3, 0x03A4, 0x03A5, 0x03A6, 0x03A7, 0x03A8, 0x03A9, 0x03AA, 0x03AB,
	0x03AC, 0x03AD, 0x03AE, 0x03AF, 0x03B0, 0x03B1, 0x03B2, 0x03B3, 0x03B4, 0x03B5, 0x03B6, 0x03B7,
	0x03B8, 0x03B9, 0x03BA, 0x03BB, 0x03BC, 0x03BD, 0x03BE, 0x03BF, 0x03C0, 0x03C1, 0x03C2, 0x03C3,
	0x03C4, 0x03C5, 0x03C6, 0x03C7, 0x03C8, 0x03C9, 0x03CA, 0x03CB, 0x03CC, 0x03CD, 0x03CE, 0x0000,
};

/* A code unit of w bytes (2 or 4), big- or little-endian. */
static uint32_t unit(const unsigned char *p, int w, int be)
{
	if (w == 2)
		return be ? (uint32_t)p[0] << 8 | p[1] : (uint32_t)p[1] << 8 | p[0];
	return be ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]
		  : (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

/* The next character of UTF-16 (w 2) or UTF-32 (w 4) at *i, or -1 where iconv stops: an
 * unpaired surrogate, a value past U+10FFFF, a code unit cut by the end. */
static int64_t next_wide(const unsigned char *s, size_t n, size_t *i, int w, int be)
{
	uint32_t c, d;
	if (n - *i < (size_t)w)
		return -1;
	c = unit(s + *i, w, be);
	*i += (size_t)w;
	if (w == 4)
		return c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF) ? -1 : (int64_t)c;
	if (c < 0xD800 || c > 0xDFFF)
		return c;
	if (c > 0xDBFF || n - *i < 2)
		return -1;
	d = unit(s + *i, 2, be);
	if (d < 0xDC00 || d > 0xDFFF)
		return -1;
	*i += 2;
	return 0x10000 + ((c - 0xD800) << 10) + (d - 0xDC00);
}

/* enc decoded here: 0 or -1 as try_decode; 1 when enc is not one of ours. */
static int decode_native(const char *enc, const unsigned char *s, size_t n, char **out,
			 size_t *olen)
{
	int w = 0, be = 0, cp1252 = 0;
	const uint16_t *hi = NULL;   /* 0xA0-0xFF, for a table-driven single-byte charset */
	unsigned char *buf, *o;
	if (!strcmp(enc, "windows-1252"))
		cp1252 = 1;
	else if (!strcmp(enc, "iso-8859-7"))
		hi = iso8859_7_hi;
	else if (!strcmp(enc, "utf-16be") || !strcmp(enc, "utf-16le"))
		w = 2, be = enc[6] == 'b';
	else if (!strcmp(enc, "utf-32be") || !strcmp(enc, "utf-32le"))
		w = 4, be = enc[6] == 'b';
	else if (strcmp(enc, "iso-8859-1"))
		return 1;
	if (n > (SIZE_MAX - 1) / 3)
		return -1;
	/* UTF-8 takes at most 3 bytes per input byte here (4 per 4-byte UTF-32 unit, 4 per
	 * surrogate pair) */
	o = buf = xmalloc(n * 3 + 1);
	if (w) {
		for (size_t i = 0; i < n;) {
			int64_t c = next_wide(s, n, &i, w, be);
			if (c < 0) {
				free(buf);
				return -1;
			}
			o += utf8_put(o, (uint32_t)c);
		}
	} else {
		for (size_t i = 0; i < n; i++) {
			uint32_t c = s[i];
			if ((cp1252 && c >= 0x80 && c < 0xA0 && !(c = feed_cp1252_hi[c - 0x80])) ||
			    (hi && c >= 0xA0 && !(c = hi[c - 0xA0]))) {
				free(buf);
				return -1;
			}
			o += utf8_put(o, c);
		}
	}
	*o = '\0';
	*olen = (size_t)(o - buf);
	*out = (char *)buf;
	return 0;
}

int feed_charset_iconv(const char *enc, const char *in, size_t n, char **out, size_t *olen)
{
	return decode_iconv(enc, in, n, out, olen);
}

/* Charsets that write each ASCII byte as itself, under names glibc's iconv knows: a
 * document in one of them that holds ASCII bytes only decodes to a copy of its bytes,
 * which is what iconv gives, without the dlopen of iconv's gconv module (mapping,
 * relocations and page faults: ~0.2 ms each, more than parsing a small feed; the
 * feedparser corpus's big5 and gb2312 tests are all ASCII). Not here: the 7-bit
 * encodings that give ASCII bytes other meanings (UTF-7, ISO-2022-*, HZ), EBCDIC, the
 * 16/32-bit ones, and Shift_JIS and Big5-HKSCS, whose 0x5C and 0x7E differ in some
 * tables. */
static int ascii_superset(const char *enc)
{
	/* each checked against glibc's iconv: bytes 0x00-0x7F come out as themselves */
	static const char *const names[] = {
		"iso-8859-2", "iso-8859-3", "iso-8859-4", "iso-8859-5", "iso-8859-6",
		"iso-8859-7", "iso-8859-8", "iso-8859-9", "iso-8859-10", "iso-8859-11",
		"iso-8859-13", "iso-8859-14", "iso-8859-15", "iso-8859-16", "windows-1250",
		"windows-1251", "windows-1253", "windows-1254", "windows-1255", "windows-1256",
		"windows-1257", "windows-1258", "gb18030", "big5", "euc-kr", "euc-jp", "euc-tw",
		"koi8-r", "koi8-u", "tis-620" };
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcmp(enc, names[i]) == 0)
			return 1;
	return 0;
}

/* n bytes at s all ASCII */
static int all_ascii(const unsigned char *s, size_t n)
{
	size_t i = 0;
	for (uint64_t w; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		if (w & 0x8080808080808080ull)
			return 0;
	}
	for (; i < n; i++)
		if (s[i] >= 0x80)
			return 0;
	return 1;
}

static int try_decode(const char *enc, const char *in, size_t n, char **out, size_t *olen)
{
	int rc;
	if (strcmp(enc, "utf-8") == 0 || strcmp(enc, "us-ascii") == 0) {
		size_t ok = utf8_valid_prefix((const unsigned char *)in, n);
		if (ok != n)
			return -1;
		if (enc[0] == 'u' && enc[1] == 's')
			for (size_t i = 0; i < n; i++)
				if ((unsigned char)in[i] >= 0x80)
					return -1;
		*out = (char *)in;   /* valid as it is: no copy (the caller sees *out == input) */
		*olen = n;
		return 0;
	}
	if (strcmp(enc, "mac") == 0)
		enc = "MACINTOSH";
	rc = decode_native(enc, (const unsigned char *)in, n, out, olen);
	if (rc <= 0)
		return rc;
	if (ascii_superset(enc) && all_ascii((const unsigned char *)in, n)) {
		*out = xmalloc(n + 1);   /* a copy, as iconv's would be */
		memcpy(*out, in, n);
		(*out)[n] = '\0';
		*olen = n;
		return 0;
	}
	return decode_iconv(enc, in, n, out, olen);
}

int feed_charset_convert(const char *enc, const char *in, size_t n, char **out, size_t *olen)
{
	return try_decode(enc, in, n, out, olen);
}

static int is_xml_media(const char *mt)
{
	return !strcmp(mt, "application/xml") || !strcmp(mt, "application/xml-dtd") ||
	       !strcmp(mt, "application/xml-external-parsed-entity") ||
	       (str_startswith(mt, "application/") && str_endswith(mt, "+xml")) ||
	       !strcmp(mt, "application/json") || !strcmp(mt, "application/feed+json");
}

static int is_text_xml_media(const char *mt)
{
	return !strcmp(mt, "text/xml") || !strcmp(mt, "text/xml-external-parsed-entity") ||
	       (str_startswith(mt, "text/") && str_endswith(mt, "+xml"));
}

static void add_cand(const char **c, int *n, const char *e)
{
	if (!e || !*e || *n >= MAX_CANDIDATES)
		return;
	for (int i = 0; i < *n; i++)
		if (strcmp(c[i], e) == 0)
			return;
	c[(*n)++] = e;
}

int feed_charset_decode(const char *data, size_t len, const char *http_ct, int is_xml,
			int defer_utf8, char **out, size_t *out_len, char **encoding, char **bozo,
			int *unverified, char **err)
{
	char hc[NAME_MAX_LEN], mt[NAME_MAX_LEN], xc[NAME_MAX_LEN];
	const char *cand[MAX_CANDIDATES], *bom;
	size_t skip;
	int n = 0;
	*out = *encoding = *bozo = NULL;
	bom = sniff_bom((const unsigned char *)data, len, &skip);
	http_charset(http_ct, hc);
	media_type(http_ct, mt);
	xml_decl_encoding(data + skip, len - skip, xc);
	if (hc[0] && (is_xml_media(mt) || is_text_xml_media(mt) || !is_xml)) {
		add_cand(cand, &n, canonical(hc));
	} else if (is_text_xml_media(mt)) {
		add_cand(cand, &n, "us-ascii");
	}
	if (bom && skip)
		add_cand(cand, &n, bom);
	/* A declaration of a 16/32-bit charset on bytes that read "<?xml" in ASCII is a
	 * mislabel (common with utf-16): the byte pattern decides, not the label. */
	if (is_xml && xc[0] && !bom &&
	    (str_startswith(xc, "utf-16") || str_startswith(xc, "utf-32") || str_startswith(xc, "ucs")))
		xc[0] = '\0';
	if (is_xml && xc[0] && !(bom && str_startswith(bom, "utf-") && str_startswith(xc, "utf-16")))
		add_cand(cand, &n, canonical(xc));
	add_cand(cand, &n, bom);
	add_cand(cand, &n, "utf-8");
	add_cand(cand, &n, "windows-1252");
	add_cand(cand, &n, "iso-8859-1");
	*unverified = 0;
	if (defer_utf8 && !strcmp(cand[0], "utf-8") &&
	    !(http_ct && *mt && !is_xml_media(mt) && !is_text_xml_media(mt) && is_xml)) {
		/* Taken as it is, no bozo either way; the caller checks it (see parse_int.h). */
		*out = (char *)data + skip;
		*out_len = len - skip;
		*encoding = xstrdup("utf-8");
		*unverified = 1;
		return 0;
	}
	for (int i = 0; i < n; i++) {
		if (try_decode(cand[i], data + skip, len - skip, out, out_len) < 0)
			continue;
		*encoding = xstrdup(cand[i]);
		if (i > 0)
			*bozo = xasprintf("document declared as %s but bytes are not; decoded as %s",
					  cand[0], cand[i]);
		if (http_ct && *mt && !is_xml_media(mt) && !is_text_xml_media(mt) && is_xml &&
		    !*bozo)
			*bozo = xasprintf("served as %s, not an XML media type", mt);
		return 0;
	}
	*err = xstrdup("cannot decode the document's character encoding");
	return -1;
}
