/*
 * charset — internal to extract: which encoding to hand libxml2 for a page.
 *
 * Order of evidence: a byte-order mark, the HTTP Content-Type charset, a <meta charset> or
 * http-equiv in the first 8 KB, then sniffing. A label is checked against the bytes: a page
 * labelled UTF-8 that is not valid UTF-8 is read as windows-1252, and a page labelled
 * Latin-1/ASCII that is valid UTF-8 with non-ASCII bytes is read as UTF-8 (the two common
 * mislabels). Labels are mapped as browsers do (latin1 → windows-1252, gb2312 → GBK) and
 * must be known to libxml2/iconv. Thread-safety: pure.
 */
#ifndef EXTRACT_CHARSET_H
#define EXTRACT_CHARSET_H
#include <stdbool.h>
#include <stddef.h>

/* What one pass over a page tells: whether it is valid UTF-8 and holds non-ASCII bytes,
 * and whether it looks binary (charset_looks_binary's rule). */
struct charset_scan {
	bool valid_utf8, non_ascii, binary;
};
void charset_scan(const char *data, size_t len, struct charset_scan *out);

/* Writes the encoding name into out (cap bytes) and returns how many leading bytes (a BOM)
 * to skip. *as_is is set when the bytes after the skip are valid UTF-8 that libxml2 given
 * no encoding reads as they are (its first-bytes sniffing finds nothing else): the parse
 * then needs no conversion pass. scan is charset_scan's result for the same bytes, or
 * NULL to have it made here. */
size_t charset_detect(const char *data, size_t len, const char *content_type,
		      const struct charset_scan *scan, char *out, size_t cap, bool *as_is);
bool charset_valid_utf8(const char *s, size_t len, bool *non_ascii);
/* More than 5% control bytes (NUL, C0 but tab/newline/escape) in the first 64 KB. */
bool charset_looks_binary(const char *data, size_t len);
/* A copy of s with invalid UTF-8 sequences replaced by U+FFFD. */
char *charset_fix_utf8(const char *s, size_t len);
#endif
