/*
 * parse_int.h — internals shared by the feed parser's pieces (not for other modules).
 *
 * feed.c drives: charset.c turns bytes into UTF-8, then xmlfeed.c (RSS/RDF/Atom, libxml2
 * SAX) or jsonfeed.c (JSON Feed, jansson) fill a struct feed. All strings handed to the
 * helpers below are copied; the struct feed owns everything it points to.
 */
#ifndef PARSE_PARSE_INT_H
#define PARSE_PARSE_INT_H
#include "parse/feed.h"

#include "util/buf.h"
#include "util/util.h"

#include <stddef.h>
#include <string.h>

struct feed_ctx {
	struct feed *f;
	const char *url;          /* document URL (base) or NULL */
	const char *lang;         /* HTTP Content-Language or NULL */
	size_t max_entries;
	int truncated;            /* entries past max_entries were dropped */
	int xml_path;             /* enum feed_xml_path */
	const char *fast_why;     /* why the fast XML path gave up (static), or NULL */
	int utf8_unverified;      /* the text's UTF-8 is unchecked (feed_charset_decode's defer) */
	int fast_failed;          /* the fast path already refused this very text: fast_why */
	size_t n_streamed;        /* entries already handed to on_entry and released */
	/* Optional entry sink: called when an entry is complete; the entry is released after. */
	void (*on_entry)(struct feed_ctx *c, const struct feed_entry *e);
	void (*reset)(struct feed_ctx *c);   /* forget what on_entry was given (a reparse) */
	void *sink;
};

#if defined(__SSE2__)
#include <emmintrin.h>
/* The first byte in [p, end) that is below 0x20, one of a b c d (repeat one to ask for
 * fewer), or >= 0x80 and not the start of a valid UTF-8 sequence (or, with no_ffff, the
 * start of U+FFFE/U+FFFF, which XML refuses) — looking at sixteen bytes at a time and
 * stepping over valid sequences inside each sixteen (French text has one every few
 * words), up to the last whole sixteen: past there (end - result < 16 and no such byte
 * found) the caller's byte loop goes on. Every byte >= 0x80 stepped over was checked by
 * utf8_seq_len. Callers that stop on fewer bytes than these re-check the one found. */
static inline const unsigned char *feed_scan_text(const unsigned char *p, const unsigned char *end,
						  char a, char b, char c, char d, int no_ffff)
{
	const __m128i sp = _mm_set1_epi8(0x20), va = _mm_set1_epi8(a), vb = _mm_set1_epi8(b);
	const __m128i vc = _mm_set1_epi8(c), vd = _mm_set1_epi8(d);
	while (end - p >= 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
		__m128i m = _mm_or_si128(_mm_cmplt_epi8(v, sp),
					 _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, va), _mm_cmpeq_epi8(v, vb)),
						      _mm_or_si128(_mm_cmpeq_epi8(v, vc), _mm_cmpeq_epi8(v, vd))));
		unsigned bits = (unsigned)_mm_movemask_epi8(m), hi, stop, first;
		const unsigned char *next = p + 16;
		if (!bits) {
			p = next;
			continue;
		}
		hi = (unsigned)_mm_movemask_epi8(v);   /* bytes >= 0x80 */
		stop = bits & ~hi;
		first = stop ? (unsigned)__builtin_ctz(stop) : 16;
		while (hi) {   /* the sequences before the first ASCII stop, in order */
			unsigned i = (unsigned)__builtin_ctz(hi);
			const unsigned char *q = p + i;
			size_t k;
			if (i >= first)
				break;
			if (i < 15 && q[0] >= 0xC2 && q[0] <= 0xDF && (q[1] & 0xC0) == 0x80) {
				hi &= ~(3u << i);   /* two bytes, both in this sixteen: Latin text */
				continue;
			}
			if (!(k = utf8_seq_len(q, end)) ||
			    (no_ffff && q[0] == 0xEF && q[1] == 0xBF && (q[2] & 0xFE) == 0xBE))
				return q;
			if (i + k >= 16) {   /* runs into the next sixteen */
				next = q + k;
				break;
			}
			hi &= ~(((1u << k) - 1) << i);
		}
		if (first < 16 && p + first < next)
			return p + first;
		p = next;
	}
	return p;
}
#else
static inline const unsigned char *feed_scan_text(const unsigned char *p, const unsigned char *end,
						  char a, char b, char c, char d, int no_ffff)
{
	(void)end, (void)a, (void)b, (void)c, (void)d, (void)no_ffff;
	return p;   /* the caller's byte loop does all the work */
}
#endif

/* buf_append without the call when there is room: len + n < cap also keeps len within
 * a capped buffer's max (buf keeps cap <= max + 1). 0, or -1 as buf_append. */
static inline int feed_buf_append(struct buf *b, const void *p, size_t n)
{
	if (n < b->cap - b->len) {   /* cap >= len always; n < cap - len: room for the NUL */
		memcpy(b->data + b->len, p, n);
		b->len += n;
		b->data[b->len] = '\0';
		return 0;
	}
	return buf_append(b, p, n);
}

/* Decode data (len bytes, any charset) to UTF-8. http_ct is the HTTP Content-Type or NULL.
 * On success returns 0 with *out (malloc'd and NUL-terminated, or — when the bytes already
 * are valid UTF-8 — a pointer into data itself, not to be freed), *out_len, *encoding (the
 * charset name, lower case, malloc'd) and, when the bytes disagreed with their label,
 * *bozo (malloc'd reason). -1 with *err when nothing could be decoded.
 * defer_utf8: when UTF-8 is the first candidate and would raise no bozo, the bytes are
 * returned as they are, unchecked, with *unverified = 1: the caller's parser checks them
 * in its own pass (xmltok does), and calls again with defer_utf8 = 0 when it could not
 * (the answer then is exactly what it would have been). */
int feed_charset_decode(const char *data, size_t len, const char *http_ct, int is_xml,
			int defer_utf8, char **out, size_t *out_len, char **encoding, char **bozo,
			int *unverified, char **err);

/* The parser keeps some freed state for the next document (xmltok.c, xmlfeed.c, fx.c);
 * not under AddressSanitizer, so that it still sees a use after free there. */
#if defined(__SANITIZE_ADDRESS__)
#define FEED_KEEP_SPARES 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FEED_KEEP_SPARES 0
#endif
#endif
#ifndef FEED_KEEP_SPARES
#define FEED_KEEP_SPARES 1
#endif

/* One charset's bytes to UTF-8, as feed_charset_decode tries each candidate: 0 with *out
 * (malloc'd, NUL-terminated; for utf-8 and us-ascii data itself) and *olen, -1 when the
 * bytes are not in that charset. enc is lower case ("iso-8859-1", "utf-16le", ...).
 * feed_charset_iconv is the same through glibc's iconv only: the seven charsets decoded
 * here without it (iso-8859-1, iso-8859-7, windows-1252, utf-16be/le, utf-32be/le) must give iconv's
 * answer, bytes and failures alike (tests/unit/test_parse_charset.c, fuzz_feed_charset). */
int feed_charset_convert(const char *enc, const char *in, size_t n, char **out, size_t *olen);
int feed_charset_iconv(const char *enc, const char *in, size_t n, char **out, size_t *olen);
/* windows-1252's 0x80-0x9F as Unicode; 0 for the five bytes glibc's CP1252 has no
 * character for (so a number written as one of them is not turned into a character). */
extern const uint16_t feed_cp1252_hi[32];

/* The pre-pass of xmlprep.c: HTML entities, bare '&', DOCTYPE removal. *out is malloc'd,
 * or NULL when the input needs no rewriting (then use the input itself). */
enum { FEED_PREP_BARE_AMP = 1, FEED_PREP_UNKNOWN_ENTITY = 2, FEED_PREP_NETSCAPE = 4 };
int feed_xml_prepare(const char *in, size_t len, char **out, size_t *out_len, int *flags);

/* 0, or -1 with *err; FEED_XML_UNVERIFIED (c->utf8_unverified set and the fast path
 * could not take the document: check the UTF-8 and call again). */
#define FEED_XML_UNVERIFIED (-2)
int feed_xml_parse(struct feed_ctx *c, const char *utf8, size_t len, char **err);
int feed_json_parse(struct feed_ctx *c, const char *utf8, size_t len, char **err);

/* feed_parse with an entry sink (see struct feed_ctx): on_entry may be NULL. */
int feed_parse_sink(const char *data, size_t len, const struct feed_parse_opts *opts,
		    void (*on_entry)(struct feed_ctx *, const struct feed_entry *),
		    void (*reset)(struct feed_ctx *), void *sink, struct feed **out, char **err);
/* The last entry is complete: hand it to c->on_entry and free it (no-op without a sink). */
void feed_entry_done(struct feed_ctx *c);
void feed_entry_release(struct feed_entry *e);
/* What feed_free frees, but not f itself (a struct feed of the caller's). */
void feed_clear(struct feed *f);
struct buf;
/* The compact JSON text of f (what feed_print_json prints, without the newline); as_tree:
 * exactly json_dumps(feed_to_json(f), JSON_COMPACT), see feedjson.c on the difference. */
void feed_json_text(const struct feed *f, struct buf *b, int as_tree);
/* Append a new zeroed entry; NULL when the cap is reached (c->truncated is set). */
struct feed_entry *feed_entry_add(struct feed_ctx *c);
void feed_set_bozo(struct feed *f, const char *reason);
/* Replace *dst with a copy of s (NULL clears). */
void feed_str_set(char **dst, const char *s);
void feed_strv_add(char ***v, size_t *n, const char *s);
/* Resolve ref against base unless it is already absolute; always returns a new string. */
char *feed_resolve(const char *base, const char *ref);
json_t *feed_extra(json_t **extra);   /* the object, created on first use */
/* Give every entry and the feed the jansson form (extra) of their fx extras, for
 * callers of feed_parse that read extra; the fx form stays for the text writer. */
void feed_extras_to_json(struct feed *f);
struct fx;
struct fx_arena;
/* Keep the JSON text of v (a shared extras object that will not change) in v. */
void feed_fx_render(struct fx_arena *a, struct fx *v);
/* The "feed" object of feed_to_json (also used for an Atom entry's <source>). */
json_t *feed_head_json(const struct feed *f);
/* HTML with relative URLs in href/src/... resolved against base; NULL if nothing to do. */
char *feed_html_resolve(const char *html, const char *base);
/* The same pass without the checks that answer NULL: always a new string (tests compare
 * it with the input wherever feed_html_resolve says there is nothing to do). */
char *feed_html_resolve_all(const char *html, const char *base);
#endif
