/*
 * charset.c — encoding detection for pages (see charset.h for the order of evidence).
 */
#include "extract/charset.h"
#include "util/buf.h"
#include "util/util.h"

#include <libxml/encoding.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define META_SCAN 8192
#define BINARY_SCAN 65536

/* control bytes other than \t \n \v \f \r ESC: one bit per byte value below 0x20 */
#define CTL_BAD (~((1u << 0x09) | (1u << 0x0a) | (1u << 0x0b) | (1u << 0x0c) | (1u << 0x0d) | (1u << 0x1b)))
#define HIGH 0x8080808080808080ull

/* Does the word hold a byte below 0x20? Exact for bytes below 0x80; bytes from 0x80 have
 * their top bit set, which ~w clears. */
static bool has_ctl(uint64_t w)
{
	return ((w - 0x2020202020202020ull) & ~w & HIGH) != 0;
}

/* Is [p, e) valid UTF-8? Pages are mostly ASCII: skipped 32, then 8 bytes at a time.
 * Sets *hi on a non-ASCII character. */
static bool utf8_rest(const unsigned char *p, const unsigned char *e, bool *hi)
{
	while (p < e) {
		while (e - p >= 32) {
			uint64_t w[4];
			memcpy(w, p, 32);
			if ((w[0] | w[1] | w[2] | w[3]) & HIGH)
				break;
			p += 32;
		}
		while (e - p >= 8) {
			uint64_t w;
			memcpy(&w, p, 8);
			if (w & HIGH)
				break;
			p += 8;
		}
		if (p >= e)
			break;
		if (*p < 0x80) {
			p++;
			continue;
		}
		size_t k = utf8_seq_len(p, e);
		if (!k)
			return false;
		*hi = true;
		p += k;
	}
	return true;
}

/* The binary window (the first 64 KB) is read once for both questions: words with
 * neither a control byte nor a high bit are skipped 8 bytes at a time, the rest byte by
 * byte (a UTF-8 sequence at a time); the rest of the page only for UTF-8. */
void charset_scan(const char *data, size_t len, struct charset_scan *out)
{
	const unsigned char *u = (const unsigned char *)data, *p = u, *e = u + len;
	size_t n = len < BINARY_SCAN ? len : BINARY_SCAN, bad = 0;
	const unsigned char *win = u + n;
	bool valid = true, hi = false;
	while (p < win) {
		uint64_t w;
		if (win - p >= 8) {
			memcpy(&w, p, 8);
			if (!(w & HIGH) && !has_ctl(w)) {
				p += 8;
				continue;
			}
		}
		if (*p < 0x80) {
			bad += *p < 0x20 && ((CTL_BAD >> *p) & 1);
			p++;
			continue;
		}
		size_t k = valid ? utf8_seq_len(p, e) : 1;
		valid = valid && k;
		hi = true;
		p += k ? k : 1;
	}
	valid = valid && utf8_rest(p, e, &hi);
	out->valid_utf8 = valid;
	out->non_ascii = valid && hi;
	/* UTF-16 has NULs by design */
	bool utf16 = n >= 2 && ((u[0] == 0xff && u[1] == 0xfe) || (u[0] == 0xfe && u[1] == 0xff));
	out->binary = !utf16 && bad * 20 > n;   /* more than 5% control bytes */
}

bool charset_valid_utf8(const char *s, size_t len, bool *non_ascii)
{
	struct charset_scan sc;
	charset_scan(s, len, &sc);
	if (non_ascii && sc.valid_utf8)
		*non_ascii = sc.non_ascii;
	return sc.valid_utf8;
}

char *charset_fix_utf8(const char *s, size_t len)
{
	struct buf b = BUF_INIT(0);
	const unsigned char *p = (const unsigned char *)s, *e = p + len;
	while (p < e) {
		size_t k = !*p ? 0 : *p < 0x80 ? 1 : utf8_seq_len(p, e);
		if (k) {
			buf_append(&b, p, k);
			p += k;
		} else {
			if (*p)
				buf_puts(&b, "\xef\xbf\xbd");
			p++;
		}
	}
	return buf_detach(&b, NULL);
}

/* Copy the charset value following "charset=" at p into out. */
static bool take_label(const char *p, const char *end, char *out, size_t cap)
{
	while (p < end && (*p == ' ' || *p == '=' || *p == '"' || *p == '\''))
		p++;
	size_t n = 0;
	while (p < end && n + 1 < cap && (ascii_isalnum((unsigned char)*p) || strchr("-_.:", *p)))
		out[n++] = *p++;
	out[n] = 0;
	return n > 0;
}

static bool header_label(const char *ct, char *out, size_t cap)
{
	const char *p = ct ? str_casestr(ct, "charset") : NULL;
	return p && take_label(p + 7, p + strlen(p), out, cap);
}

static bool meta_label(const char *data, size_t len, char *out, size_t cap)
{
	size_t n = len < META_SCAN ? len : META_SCAN;
	char *head = xstrndup(data, n);
	bool found = false;
	for (const char *m = str_casestr(head, "<meta"); m && !found;
	     m = str_casestr(m + 5, "<meta")) {
		const char *gt = strchr(m, '>');
		const char *c = str_casestr(m, "charset");
		if (c && (!gt || c < gt))
			found = take_label(c + 7, gt ? gt : head + n, out, cap);
	}
	free(head);
	return found;
}

/* Browser label mapping for the names that matter, then "does iconv know it". */
static void canon_label(char *label, size_t cap)
{
	static const char *const latin[] = {"iso-8859-1", "iso8859-1", "latin1", "latin-1",
					    "us-ascii", "ascii", "iso_8859-1", "l1", "cp1252"};
	for (size_t i = 0; i < sizeof latin / sizeof latin[0]; i++)
		if (!str_casecmp(label, latin[i])) {
			snprintf(label, cap, "windows-1252");
			return;
		}
	if (!str_casecmp(label, "utf8") || !str_ncasecmp(label, "utf-16", 6) ||
	    !str_casecmp(label, "unicode"))
		snprintf(label, cap, "UTF-8");   /* a UTF-16 label on 8-bit bytes is a lie */
	else if (!str_casecmp(label, "gb2312") || !str_casecmp(label, "x-gbk"))
		snprintf(label, cap, "GBK");
	else if (!str_casecmp(label, "x-sjis") || !str_casecmp(label, "sjis"))
		snprintf(label, cap, "SHIFT_JIS");
}

static bool label_known(const char *label)
{
	if (!str_casecmp(label, "UTF-8"))
		return true;
	xmlCharEncodingHandlerPtr h = xmlFindCharEncodingHandler(label);
	if (!h)
		return false;
	xmlCharEncCloseFunc(h);
	return true;
}

/* libxml2 given no encoding sniffs the first four bytes (UTF-16/32, EBCDIC); when that
 * finds nothing but UTF-8 the bytes are read as they are. */
static bool read_as_is(const char *data, size_t len)
{
	if (len < 4)
		return true;
	xmlCharEncoding e = xmlDetectCharEncoding((const unsigned char *)data, 4);
	return e == XML_CHAR_ENCODING_NONE || e == XML_CHAR_ENCODING_UTF8;
}

size_t charset_detect(const char *data, size_t len, const char *content_type,
		      const struct charset_scan *scan, char *out, size_t cap, bool *as_is)
{
	const unsigned char *u = (const unsigned char *)data;
	struct charset_scan own;
	if (!scan) {
		charset_scan(data, len, &own);
		scan = &own;
	}
	*as_is = false;
	if (len >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf) {
		/* the BOM is itself a whole UTF-8 sequence: the rest is valid when all is */
		snprintf(out, cap, "UTF-8");
		*as_is = scan->valid_utf8 && read_as_is(data + 3, len - 3);
		return 3;
	}
	if (len >= 2 && ((u[0] == 0xff && u[1] == 0xfe) || (u[0] == 0xfe && u[1] == 0xff))) {
		snprintf(out, cap, u[0] == 0xff ? "UTF-16LE" : "UTF-16BE");
		return 2;
	}
	char label[64] = "";
	if (!header_label(content_type, label, sizeof label))
		meta_label(data, len, label, sizeof label);
	canon_label(label, sizeof label);
	bool hi = scan->non_ascii, valid = scan->valid_utf8;
	if (!label[0] || !label_known(label))
		snprintf(label, sizeof label, "%s", valid ? "UTF-8" : "windows-1252");
	else if (!str_casecmp(label, "UTF-8") && !valid)
		snprintf(label, sizeof label, "windows-1252");
	else if (!str_casecmp(label, "windows-1252") && valid && hi)
		snprintf(label, sizeof label, "UTF-8");
	snprintf(out, cap, "%s", label);
	*as_is = valid && !str_casecmp(label, "UTF-8") && read_as_is(data, len);
	return 0;
}

bool charset_looks_binary(const char *data, size_t len)
{
	struct charset_scan sc;
	charset_scan(data, len < BINARY_SCAN ? len : BINARY_SCAN, &sc);
	return sc.binary;
}
