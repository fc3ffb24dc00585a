/*
 * text.c — one pass over the bytes: decode UTF-8 by hand (invalid bytes are separators),
 * classify each code point (word / unspaced-script / apostrophe / number joiner / sentence
 * end / separator), collect the raw bytes of the current word, and fold it when it ends.
 * Folding runs utf8proc only for words holding a non-ASCII byte, which keeps English text on
 * a table-driven fast path: tokenizing is the floor every other stage is measured against.
 */
#include "text/text.h"
#include "util/util.h"

#include <string.h>
#include <stdlib.h>
#include <utf8proc.h>
#define XXH_INLINE_ALL   /* the same functions, inlined: one call per token */
#include <xxhash.h>

#define RAW_MAX 256   /* raw bytes kept for one word before folding; the rest is dropped */

struct word {
	char raw[RAW_MAX];
	size_t n;
	int nonascii, cap, upper, lower, num, trunc;
	int last_kind;   /* 1 letter, 2 digit */
};

void text_tokens_init(struct text_tokens *t, size_t max_tokens)
{
	memset(t, 0, sizeof *t);
	t->max = max_tokens ? max_tokens : TEXT_DEFAULT_MAX_TOKENS;
}

void text_tokens_reset(struct text_tokens *t)
{
	t->len = 0;
	t->n = 0;
	t->truncated = 0;
}

void text_tokens_release(struct text_tokens *t)
{
	free(t->buf);
	free(t->tok);
	t->buf = NULL;
	t->tok = NULL;
	t->len = t->cap = t->n = t->tcap = 0;
}

/* Decode one code point; returns it, or -1 for an invalid byte (*adv = 1). */
static int32_t utf8_decode(const unsigned char *s, size_t n, size_t *adv)
{
	unsigned c = s[0];
	int32_t cp;
	size_t need, i;
	*adv = 1;
	if (c < 0x80)
		return (int32_t)c;
	if (c >= 0xc2 && c <= 0xdf) { need = 1; cp = c & 0x1f; }
	else if (c >= 0xe0 && c <= 0xef) { need = 2; cp = c & 0x0f; }
	else if (c >= 0xf0 && c <= 0xf4) { need = 3; cp = c & 0x07; }
	else return -1;
	if (need >= n)
		return -1;
	for (i = 1; i <= need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return -1;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((need == 2 && cp < 0x800) || (need == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	*adv = need + 1;
	return cp;
}

/* Scripts written without spaces between words: tokenized as character bigrams. */
static int is_unspaced(int32_t cp)
{
	return (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) ||
	       (cp >= 0x3040 && cp <= 0x30ff) || (cp >= 0x0e00 && cp <= 0x0eff) ||
	       (cp >= 0x1780 && cp <= 0x17ff) || (cp >= 0x1000 && cp <= 0x109f) ||
	       (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x2ffff) ||
	       (cp >= 0xff66 && cp <= 0xff9d);
}

enum cls { C_SEP, C_LETTER, C_UPPER, C_DIGIT, C_MARK, C_IGNORE, C_GRAM, C_APOS, C_JOIN, C_END };

static enum cls classify(int32_t cp)
{
	if (cp < 0)
		return C_SEP;
	if (cp < 0x80) {
		if (cp >= 'a' && cp <= 'z') return C_LETTER;
		if (cp >= 'A' && cp <= 'Z') return C_UPPER;
		if (cp >= '0' && cp <= '9') return C_DIGIT;
		if (cp == '\'') return C_APOS;
		if (cp == '.' || cp == ',') return cp == '.' ? C_END : C_JOIN;
		if (cp == '!' || cp == '?' || cp == '\n') return C_END;
		return C_SEP;
	}
	if (cp == 0x2019) return C_APOS;
	if (is_unspaced(cp)) {
		/* Thai/Lao/Khmer/Myanmar vowel signs are marks: they belong to the gram run. */
		return C_GRAM;
	}
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LT: return C_UPPER;
	case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
		return C_LETTER;
	case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
		return C_MARK;
	case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
		return C_DIGIT;
	case UTF8PROC_CATEGORY_CF: return C_IGNORE;   /* soft hyphen, zero-width joiner */
	default: break;
	}
	if (cp == 0x2028 || cp == 0x2029 || cp == 0x3002 || cp == 0xff01 || cp == 0xff1f)
		return C_END;
	return C_SEP;
}

static void push_token(struct text_tokens *t, const char *s, size_t n, int flags)
{
	struct text_token *k;
	if (t->n >= t->max) {
		t->truncated = 1;
		return;
	}
	xgrow((void **)&t->buf, &t->cap, t->len + n + 1, 1);
	xgrow((void **)&t->tok, &t->tcap, t->n + 1, sizeof *t->tok);
	memcpy(t->buf + t->len, s, n);
	t->buf[t->len + n] = 0;
	k = &t->tok[t->n++];
	k->off = (uint32_t)t->len;
	k->len = (uint16_t)n;
	k->flags = (uint8_t)flags;
	k->unused = 0;
	t->len += n + 1;
}

/* Length of the longest prefix of s[0..n) not longer than max that ends on a character. */
static size_t cut_utf8(const char *s, size_t n, size_t max)
{
	if (n <= max)
		return n;
	while (max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--;
	return max;
}

/* Drop a possessive "'s" / trailing "'" and a French/Italian elided article. */
static size_t trim_apostrophes(char *s, size_t n, size_t *start)
{
	static const char elide[] = "ldjmnstc";
	*start = 0;
	if (n >= 2 && s[n - 2] == '\'' && s[n - 1] == 's')
		n -= 2;
	while (n > 0 && s[n - 1] == '\'')
		n--;
	if (n > 2 && s[1] == '\'' && memchr(elide, s[0], sizeof elide - 1))
		*start = 2;
	else if (n > 3 && s[2] == '\'' && s[0] == 'q' && s[1] == 'u')
		*start = 3;
	return n;
}

static void flush_word(struct text_tokens *t, struct word *w, int *sent)
{
	char low[RAW_MAX];
	char *s = low;
	utf8proc_uint8_t *mapped = NULL;
	size_t n = w->n, start, i;
	int flags = 0;
	if (n == 0)
		return;
	if (w->nonascii) {
		utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)w->raw, (utf8proc_ssize_t)n,
			&mapped, UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE |
			UTF8PROC_CASEFOLD | UTF8PROC_IGNORE);
		if (r < 0) {
			w->n = 0;
			return;
		}
		s = (char *)mapped;
		n = (size_t)r;
	} else {
		for (i = 0; i < n; i++)
			low[i] = (char)ascii_tolower((unsigned char)w->raw[i]);
	}
	n = trim_apostrophes(s, n, &start);
	if (n > start) {
		n = cut_utf8(s + start, n - start, TEXT_MAX_TOKEN);
		if (w->cap) flags |= TEXT_F_CAP;
		if (w->upper >= 2 && w->lower == 0) flags |= TEXT_F_UPPER;
		if (w->num) flags |= TEXT_F_NUM;
		if (*sent) flags |= TEXT_F_SENT;
		if (n > 0) {
			push_token(t, s + start, n, flags);
			*sent = 0;
		}
	}
	free(mapped);
	w->n = 0;
}

static void word_add(struct word *w, const unsigned char *p, size_t adv, enum cls c)
{
	if (w->n == 0) {
		w->nonascii = w->upper = w->lower = 0;
		w->cap = c == C_UPPER;
		w->num = c == C_DIGIT;
	}
	if (w->n + adv > RAW_MAX)
		return;
	memcpy(w->raw + w->n, p, adv);
	w->n += adv;
	if (adv > 1)
		w->nonascii = 1;
	if (c == C_UPPER) w->upper++;
	if (c == C_LETTER) w->lower++;
	w->last_kind = (c == C_DIGIT) ? 2 : (c == C_APOS || c == C_JOIN || c == C_END) ? 0 : 1;
}

struct gram {
	const unsigned char *prev;
	size_t prevlen;
	int run;
};

static void gram_add(struct text_tokens *t, struct gram *g, const unsigned char *p, size_t adv,
		     int *sent)
{
	char pair[8];
	if (g->run > 0) {
		memcpy(pair, g->prev, g->prevlen);
		memcpy(pair + g->prevlen, p, adv);
		push_token(t, pair, g->prevlen + adv, TEXT_F_GRAM | (*sent ? TEXT_F_SENT : 0));
		*sent = 0;
	}
	g->prev = p;
	g->prevlen = adv;
	g->run++;
}

static void gram_end(struct text_tokens *t, struct gram *g, int *sent)
{
	if (g->run == 1) {
		push_token(t, (const char *)g->prev, g->prevlen, TEXT_F_GRAM | (*sent ? TEXT_F_SENT : 0));
		*sent = 0;
	}
	g->run = 0;
}

/* Byte classes for the fast path: 1 lower, 2 upper, 3 digit, 4 plain separator (space, most
 * punctuation), 5 sentence end (. ! ? newline), 0 anything needing the slow path
 * (apostrophe, comma, bytes >= 0x80). */
static const unsigned char ascii_cls[256] = {
	4,4,4,4,4,4,4,4,4,4,5,4,4,4,4,4, 4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,
	4,5,4,4,4,4,4,0,4,4,4,4,0,4,5,4, 3,3,3,3,3,3,3,3,3,3,4,4,4,4,4,5,
	4,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2, 2,2,2,2,2,2,2,2,2,2,2,4,4,4,4,4,
	4,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1, 1,1,1,1,1,1,1,1,1,1,1,4,4,4,4,4,
};

/* The common case in one tight loop: a run of ASCII letters/digits ended by a plain
 * separator (or the end), lower-cased straight into the token buffer as it is scanned.
 * Pushes the token and returns the bytes consumed (word and the one separator), or 0 when
 * the slow path must decide (apostrophes, numbers with '.'/',', non-ASCII letters,
 * overlong words); then nothing is kept of what was written past t->len. */
static size_t ascii_word(struct text_tokens *t, const unsigned char *s, size_t n, int *sent)
{
	size_t j = 0, lim = n < TEXT_MAX_TOKEN + 1 ? n : TEXT_MAX_TOKEN + 1;
	unsigned upper = 0, lower = 0, c0 = ascii_cls[s[0]], k;
	int flags = 0;
	char *o;
	if (c0 == 4 || c0 == 5) {
		if (c0 == 5)
			*sent = 1;
		return 1;
	}
	if (c0 == 0)
		return 0;
	if (t->len + TEXT_MAX_TOKEN + 2 > t->cap)
		xgrow((void **)&t->buf, &t->cap, t->len + TEXT_MAX_TOKEN + 2, 1);
	o = t->buf + t->len;
	while (j < lim && (k = ascii_cls[s[j]]) - 1u <= 2u) {
		o[j] = (char)(s[j] | (k == 2 ? 0x20 : 0));
		upper += k == 2;
		lower += k == 1;
		j++;
	}
	if (j > TEXT_MAX_TOKEN || (j < n && ascii_cls[s[j]] == 0))
		return 0;
	if (j < n && s[j] == '.' && c0 == 3 && j + 1 < n && ascii_isdigit(s[j + 1]))
		return 0;   /* 3.5: the slow path keeps numbers whole */
	if (t->n >= t->max) {
		t->truncated = 1;
		return j;
	}
	if (t->n >= t->tcap)
		xgrow((void **)&t->tok, &t->tcap, t->n + 1, sizeof *t->tok);
	o[j] = 0;
	if (c0 == 2) flags |= TEXT_F_CAP;
	if (upper >= 2 && lower == 0) flags |= TEXT_F_UPPER;
	if (c0 == 3) flags |= TEXT_F_NUM;
	if (*sent) flags |= TEXT_F_SENT;
	t->tok[t->n] = (struct text_token){ (uint32_t)t->len, (uint16_t)j, (uint8_t)flags, 0 };
	t->n++;
	t->len += j + 1;
	*sent = 0;
	if (j < n && ascii_cls[s[j]] == 5) {
		*sent = 1;
		return j + 1;
	}
	return j < n ? j + 1 : j;
}

size_t text_tokenize(struct text_tokens *t, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, adv, adv2, before = t->n;
	struct word w;
	struct gram g = { NULL, 0, 0 };
	int sent = 1;
	w.n = 0;
	w.last_kind = 0;
	while (i < n && t->n < t->max) {
		int32_t cp;
		enum cls c;
		if (w.n == 0 && !g.run && s[i] < 0x80) {
			size_t adv3 = ascii_word(t, s + i, n - i, &sent);
			if (adv3) {
				i += adv3;
				continue;
			}
		}
		cp = utf8_decode(s + i, n - i, &adv);
		c = classify(cp);
		if (c != C_GRAM && c != C_MARK && g.run)
			gram_end(t, &g, &sent);
		switch (c) {
		case C_LETTER: case C_UPPER: case C_DIGIT:
			word_add(&w, s + i, adv, c);
			break;
		case C_MARK:
			if (g.run) {
				/* a combining vowel sign joins the previous gram character */
				if (g.prevlen + adv <= 4 && g.prev + g.prevlen == s + i) g.prevlen += adv;
			} else if (w.n) {
				word_add(&w, s + i, adv, C_LETTER);
			}
			break;
		case C_IGNORE:
			break;
		case C_GRAM:
			flush_word(t, &w, &sent);
			gram_add(t, &g, s + i, adv, &sent);
			break;
		case C_APOS: case C_JOIN: case C_END: {
			enum cls next = i + adv < n ? classify(utf8_decode(s + i + adv, n - i - adv, &adv2)) : C_SEP;
			int letter_next = next == C_LETTER || next == C_UPPER;
			if (c == C_APOS && w.n && w.last_kind == 1 && letter_next) {
				word_add(&w, (const unsigned char *)"'", 1, C_APOS);
				break;
			}
			if (c != C_APOS && cp != '!' && cp != '?' && cp != '\n' && w.n &&
			    w.last_kind == 2 && next == C_DIGIT) {
				word_add(&w, s + i, adv, C_JOIN);
				break;
			}
			flush_word(t, &w, &sent);
			if (c == C_END)
				sent = 1;
			break;
		}
		default:
			flush_word(t, &w, &sent);
			break;
		}
		i += adv;
	}
	if (g.run)
		gram_end(t, &g, &sent);
	flush_word(t, &w, &sent);
	if (i < n)
		t->truncated = 1;
	return t->n - before;
}

void text_hash_tokens(const struct text_tokens *t, size_t from, size_t to, uint64_t *h)
{
	size_t i;
	for (i = from; i < to && i < t->n; i++)
		h[i] = XXH3_64bits(t->buf + t->tok[i].off, t->tok[i].len);
}

char *text_normalize(const char *s, size_t n, size_t *outlen)
{
	char *clean = xmalloc(n * 3 + 1), *res;
	size_t i = 0, o = 0, adv;
	utf8proc_uint8_t *mapped = NULL;
	utf8proc_ssize_t r;
	while (i < n) {
		int32_t cp = utf8_decode((const unsigned char *)s + i, n - i, &adv);
		if (cp < 0 || cp == 0) {
			memcpy(clean + o, "\xef\xbf\xbd", 3);
			o += 3;
		} else {
			memcpy(clean + o, s + i, adv);
			o += adv;
		}
		i += adv;
	}
	r = utf8proc_map((const utf8proc_uint8_t *)clean, (utf8proc_ssize_t)o, &mapped,
			 UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
	free(clean);
	if (r < 0) {
		res = xstrdup("");
		r = 0;
	} else {
		res = xstrndup((const char *)mapped, (size_t)r);
	}
	free(mapped);
	if (outlen)
		*outlen = (size_t)r;
	return res;
}
