/*
 * date.c — a small hand-written date scanner. Feeds carry every imaginable variant, and
 * strptime depends on the locale, so we tokenize: numbers, words (month/day/zone names,
 * AM/PM) and signs, then decide by shape. ISO 8601 / RFC 3339 is tried first and must
 * consume the whole string; everything else goes to the RFC 822 family scanner, which
 * takes its tokens in any sane order (so asctime, "Dec 31, 2006" and dotted months work).
 * Numbers are read digit by digit with a cap (no sscanf: no overflow on hostile input).
 * Civil-to-epoch uses Howard Hinnant's days_from_civil.
 */
#include "util/date.h"
#include "util/util.h"

#include <stdio.h>
#include <string.h>

int64_t date_from_civil(int y, int mon, int d, int h, int mi, int s)
{
	int64_t era, yoe, doy, doe, days;
	y -= mon <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (mon + (mon > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	days = era * 146097 + doe - 719468;
	return days * 86400 + (int64_t)h * 3600 + mi * 60 + s;
}

/* v (0 <= v < 10^width) as width decimal digits, zero-padded. */
static void put_digits(char *out, int v, int width)
{
	for (int i = width - 1; i >= 0; i--, v /= 10)
		out[i] = (char)('0' + v % 10);
}

char *date_format(int64_t t, char out[DATE_ISO_LEN])
{
	int64_t days, secs, z, era, doe, yoe, y, doy, mp, d, m;
	/* Years 0..9999 only: anything else is clamped so the output keeps its shape. */
	const int64_t lo = -62167219200LL, hi = 253402300799LL;
	if (t == DATE_NONE) {
		out[0] = '\0';
		return out;
	}
	t = t < lo ? lo : t > hi ? hi : t;
	days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
	secs = t - days * 86400;
	z = days + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	/* Digits by hand, not snprintf: `newsfold parse` formats two dates per entry, and the
	 * format string was a twentieth of its work. Clamped values keep every field's width. */
	put_digits(out, (int)y, 4);
	out[4] = '-';
	put_digits(out + 5, (int)m, 2);
	out[7] = '-';
	put_digits(out + 8, (int)d, 2);
	out[10] = 'T';
	put_digits(out + 11, (int)(secs / 3600), 2);
	out[13] = ':';
	put_digits(out + 14, (int)(secs / 60 % 60), 2);
	out[16] = ':';
	put_digits(out + 17, (int)(secs % 60), 2);
	out[19] = 'Z';
	out[20] = '\0';
	return out;
}

/* Read up to max digits at *p; returns the count read (0: none) and advances *p. */
static int digits(const char **p, int max, int *out)
{
	int n = 0, v = 0;
	while (n < max && ascii_isdigit((unsigned char)**p)) {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	*out = v;
	return n;
}

static int days_in_month(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

static int valid(int y, int mo, int d, int h, int mi, int s)
{
	return y >= 1 && y <= 9999 && mo >= 1 && mo <= 12 && d >= 1 && d <= days_in_month(y, mo) &&
	       h >= 0 && h <= 24 && mi >= 0 && mi <= 59 && s >= 0 && s <= 60;
}

static int64_t finish(int y, int mo, int d, int h, int mi, int s, int off_min)
{
	int64_t t;
	if (!valid(y, mo, d, h, mi, s))
		return DATE_NONE;
	t = date_from_civil(y, mo, d, h, mi, s > 59 ? 59 : s) - (int64_t)off_min * 60;
	/* A zone offset must not carry the instant out of years 1..9999 (what we can print). */
	if (t < -62135596800LL || t > 253402300799LL)
		return DATE_NONE;
	return t;
}

/* ±hh[:mm] or ±hhmm at p (after the sign); returns minutes, advances *p. */
static int zone_offset(const char **p, int sign)
{
	int h = 0, m = 0, n = digits(p, 2, &h);
	if (n == 2 && **p == ':')
		(*p)++;
	if (n == 2 && ascii_isdigit((unsigned char)**p))
		digits(p, 2, &m);
	if (n == 1 && ascii_isdigit((unsigned char)**p)) /* "+100" style: h=1, then mm */
		digits(p, 2, &m);
	if (h > 14 || m > 59)
		return 0;
	return sign * (h * 60 + m);
}

/* RFC 3339 / ISO 8601 / W3C-DTF: YYYY[-MM[-DD]][(T| )hh:mm[:ss[.f]]][Z|±hh[:]mm], also
 * the compact YYYYMMDDThhmmss form. Must consume the whole string. */
static int64_t parse_iso(const char *s)
{
	int y, mo = 1, d = 1, h = 0, mi = 0, sec = 0, off = 0;
	const char *p = s;
	if (digits(&p, 4, &y) != 4)
		return DATE_NONE;
	if (*p == '-') {
		p++;
		if (digits(&p, 2, &mo) != 2)
			return DATE_NONE;
		if (*p == '-') {
			p++;
			if (digits(&p, 2, &d) != 2)
				return DATE_NONE;
		}
	} else if (ascii_isdigit((unsigned char)*p)) {
		if (digits(&p, 2, &mo) != 2 || digits(&p, 2, &d) != 2)
			return DATE_NONE;
	}
	if ((*p == 'T' || *p == 't' || *p == ' ') && ascii_isdigit((unsigned char)p[1])) {
		p++;
		if (digits(&p, 2, &h) < 1)
			return DATE_NONE;
		if (*p == ':')
			p++;
		if (digits(&p, 2, &mi) < 1)
			return DATE_NONE;
		if (*p == ':')
			p++;
		digits(&p, 2, &sec);
		if (*p == '.' || *p == ',')
			for (p++; ascii_isdigit((unsigned char)*p); p++)
				;
	}
	while (*p == ' ')
		p++;
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int sign = *p == '-' ? -1 : 1;
		p++;
		if (!ascii_isdigit((unsigned char)*p))
			return DATE_NONE;
		off = zone_offset(&p, sign);
	} else if (str_istartswith(p, "UTC") || str_istartswith(p, "GMT")) {
		p += 3;
	}
	while (ascii_isspace((unsigned char)*p))
		p++;
	if (*p)
		return DATE_NONE;

	return finish(y, mo, d, h, mi, sec, off);
}

static int month_of(const char *w, size_t n)
{
	static const char *const m[] = { "jan", "feb", "mar", "apr", "may", "jun",
					 "jul", "aug", "sep", "oct", "nov", "dec" };
	/* A few non-English spellings feeds really use (German, French, Spanish, Dutch). */
	static const struct { const char *w; int m; } alt[] = {
		{ "mär", 3 }, { "mrz", 3 }, { "mai", 5 }, { "okt", 10 }, { "dez", 12 },
		{ "janv", 1 }, { "févr", 2 }, { "fév", 2 }, { "avr", 4 }, { "juil", 7 },
		{ "aoû", 8 }, { "déc", 12 }, { "ene", 1 }, { "abr", 4 }, { "ago", 8 },
		{ "dic", 12 }, { "mei", 5 }, { "maart", 3 } };
	if (n < 3)
		return 0;
	for (int i = 0; i < 12; i++)
		if (str_ncasecmp(w, m[i], 3) == 0)
			return i + 1;
	for (size_t i = 0; i < sizeof alt / sizeof *alt; i++)
		if (strlen(alt[i].w) <= n && str_ncasecmp(w, alt[i].w, strlen(alt[i].w)) == 0)
			return alt[i].m;
	return 0;
}

static int zone_of(const char *w, size_t n, int *off)
{
	static const struct { const char *name; int off; } z[] = {
		{ "UT", 0 }, { "UTC", 0 }, { "GMT", 0 }, { "Z", 0 }, { "EST", -300 }, { "EDT", -240 },
		{ "CST", -360 }, { "CDT", -300 }, { "MST", -420 }, { "MDT", -360 }, { "PST", -480 },
		{ "PDT", -420 }, { "AST", -240 }, { "ADT", -180 }, { "AKST", -540 }, { "AKDT", -480 },
		{ "HST", -600 }, { "CET", 60 }, { "CEST", 120 }, { "MET", 60 }, { "MEST", 120 },
		{ "BST", 60 }, { "IST", 330 }, { "JST", 540 }, { "KST", 540 }, { "HKT", 480 },
		{ "SGT", 480 }, { "AEST", 600 }, { "AEDT", 660 }, { "ACST", 570 }, { "AWST", 480 },
		{ "NZST", 720 }, { "NZDT", 780 }, { "EET", 120 }, { "EEST", 180 }, { "WET", 0 },
		{ "WEST", 60 }, { "MSK", 180 } };
	for (size_t i = 0; i < sizeof z / sizeof *z; i++)
		if (strlen(z[i].name) == n && str_ncasecmp(w, z[i].name, n) == 0) {
			*off = z[i].off;
			return 1;
		}
	/* Military single letters (RFC 1123 reading): A-I = +1..+9, K-M = +10..+12, N-Y = -1..-12. */
	if (n == 1 && ascii_isalpha((unsigned char)*w) && ascii_tolower((unsigned char)*w) != 'j') {
		int c = ascii_tolower((unsigned char)*w);
		*off = c <= 'i' ? (c - 'a' + 1) * 60 : c <= 'm' ? (c - 'k' + 10) * 60
			: c <= 'y' ? -(c - 'n' + 1) * 60 : 0;
		return 1;
	}
	return 0;
}

struct toks {
	int y, mo, d, h, mi, sec, off, have_time, pm, am;
};

static void take_word(struct toks *t, const char *w, size_t n)
{
	int m = month_of(w, n), off;
	if (m && !t->mo) {
		t->mo = m;
	} else if (n == 2 && !str_ncasecmp(w, "pm", 2)) {
		t->pm = 1;
	} else if (n == 2 && !str_ncasecmp(w, "am", 2)) {
		t->am = 1;
	} else if (t->have_time && zone_of(w, n, &off)) {
		t->off = off;
	}
}

static const char *take_number(struct toks *t, const char *p)
{
	int a, b, c = 0, n;
	const char *q = p;
	n = digits(&q, 9, &a);
	if (*q == ':' && ascii_isdigit((unsigned char)q[1]) && n <= 2) {
		q++;
		digits(&q, 2, &b);
		if (*q == ':' && ascii_isdigit((unsigned char)q[1])) {
			q++;
			digits(&q, 2, &c);
		}
		if (*q == '.' || *q == ',')
			for (q++; ascii_isdigit((unsigned char)*q); q++)
				;
		t->h = a, t->mi = b, t->sec = c, t->have_time = 1;
		return q;
	}
	if (n > 4)
		t->d = 99; /* no date part has five digits: poison */
	else if (t->d < 0 && n <= 2)
		t->d = a;
	else if (t->y < 0)
		t->y = n <= 2 ? (a < 50 ? 2000 + a : 1900 + a) : a;
	return q;
}

/* RFC 822 family: [Wday,] DD Mon YYYY hh:mm[:ss] [zone] — tokens in any sane order. */
static int64_t parse_rfc822(const char *s)
{
	struct toks t = { -1, 0, -1, 0, 0, 0, 0, 0, 0, 0 };
	const char *p = s;
	for (int guard = 0; *p && guard < 256; guard++) {
		unsigned char c = (unsigned char)*p;
		if (ascii_isalpha(c) || c >= 0x80) {
			const char *w = p;
			while (ascii_isalpha((unsigned char)*p) || (unsigned char)*p >= 0x80)
				p++;
			take_word(&t, w, (size_t)(p - w));
			if (*p == '.')
				p++;
		} else if (ascii_isdigit(c)) {
			p = take_number(&t, p);
		} else if ((c == '+' || c == '-') && ascii_isdigit((unsigned char)p[1]) && t.have_time) {
			int sign = c == '-' ? -1 : 1;
			p++;
			t.off = zone_offset(&p, sign);
		} else {
			p++;
		}
	}
	if (t.pm && t.h < 12)
		t.h += 12;
	else if (t.am && t.h == 12)
		t.h = 0;
	return finish(t.y, t.mo, t.d, t.h, t.mi, t.sec, t.off);
}

int64_t date_parse(const char *s)
{
	int64_t t;
	if (!s)
		return DATE_NONE;
	while (ascii_isspace((unsigned char)*s))
		s++;
	if (!*s || strlen(s) > 200)
		return DATE_NONE;
	t = parse_iso(s);
	if (t != DATE_NONE)
		return t;
	return parse_rfc822(s);
}
