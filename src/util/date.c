/*
 * date.c — a small hand-written date scanner. Feeds carry every imaginable variant, and
 * strptime depends on the locale, so we tokenize: numbers, words (month/day/zone names)
 * and signs, then decide by shape. Civil-to-epoch uses Howard Hinnant's days_from_civil.
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
	return days * 86400 + h * 3600 + mi * 60 + s;
}

char *date_format(int64_t t, char out[DATE_ISO_LEN])
{
	int64_t days, secs, z, era, doe, yoe, y, doy, mp, d, m;
	if (t == DATE_NONE) {
		out[0] = '\0';
		return out;
	}
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
	if (y < 0 || y > 9999)
		y = y < 0 ? 0 : 9999;
	snprintf(out, DATE_ISO_LEN, "%04d-%02d-%02dT%02d:%02d:%02dZ", (int)y, (int)m, (int)d,
		 (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
	return out;
}

static int month_of(const char *w, size_t n)
{
	static const char *const m[] = { "jan", "feb", "mar", "apr", "may", "jun",
					 "jul", "aug", "sep", "oct", "nov", "dec" };
	if (n < 3)
		return 0;
	for (int i = 0; i < 12; i++)
		if (str_ncasecmp(w, m[i], 3) == 0)
			return i + 1;
	return 0;
}

static int zone_of(const char *w, size_t n, int *off)
{
	static const struct { const char *name; int off; } z[] = {
		{ "UT", 0 }, { "UTC", 0 }, { "GMT", 0 }, { "Z", 0 }, { "EST", -300 }, { "EDT", -240 },
		{ "CST", -360 }, { "CDT", -300 }, { "MST", -420 }, { "MDT", -360 }, { "PST", -480 },
		{ "PDT", -420 }, { "CET", 60 }, { "CEST", 120 }, { "BST", 60 }, { "IST", 330 },
		{ "JST", 540 }, { "AEST", 600 }, { "AEDT", 660 }, { "EET", 120 }, { "EEST", 180 } };
	for (size_t i = 0; i < sizeof z / sizeof *z; i++)
		if (strlen(z[i].name) == n && str_ncasecmp(w, z[i].name, n) == 0) {
			*off = z[i].off;
			return 1;
		}
	return 0;
}

static int valid(int y, int mo, int d, int h, int mi, int s)
{
	return y >= 1 && y <= 9999 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h >= 0 &&
	       h <= 24 && mi >= 0 && mi <= 59 && s >= 0 && s <= 60;
}

/* RFC 3339 / ISO 8601 / W3C-DTF: YYYY[-MM[-DD]][(T| )hh:mm[:ss[.f]]][Z|±hh[:]mm] */
static int64_t parse_iso(const char *s)
{
	int y = 0, mo = 1, d = 1, h = 0, mi = 0, sec = 0, n = 0, off = 0;
	const char *p = s;
	if (sscanf(p, "%4d%n", &y, &n) != 1 || n != 4)
		return DATE_NONE;
	p += n;
	if (*p == '-' && sscanf(p + 1, "%2d%n", &mo, &n) == 1) {
		p += 1 + n;
		if (*p == '-' && sscanf(p + 1, "%2d%n", &d, &n) == 1)
			p += 1 + n;
	} else if (ascii_isdigit((unsigned char)*p) && sscanf(p, "%2d%2d%n", &mo, &d, &n) == 2) {
		p += n;
	}
	if ((*p == 'T' || *p == 't' || *p == ' ') && sscanf(p + 1, "%2d:%2d%n", &h, &mi, &n) == 2) {
		p += 1 + n;
		if (*p == ':' && sscanf(p + 1, "%2d%n", &sec, &n) == 1)
			p += 1 + n;
		if (*p == '.' || *p == ',')
			for (p++; ascii_isdigit((unsigned char)*p); p++)
				;
		while (*p == ' ')
			p++;
		if (*p == '+' || *p == '-') {
			int oh = 0, om = 0, sign = *p == '-' ? -1 : 1;
			if (sscanf(p + 1, "%2d:%2d", &oh, &om) >= 1 || sscanf(p + 1, "%2d%2d", &oh, &om) >= 1)
				off = sign * (oh * 60 + om);
		}
	}
	if (!valid(y, mo, d, h, mi, sec))
		return DATE_NONE;
	return date_from_civil(y, mo, d, h, mi, sec) - off * 60;
}

/* RFC 822 family: [Wday,] DD Mon YYYY hh:mm[:ss] [zone] — tokens in any sane order. */
static int64_t parse_rfc822(const char *s)
{
	int y = -1, mo = 0, d = -1, h = 0, mi = 0, sec = 0, off = 0;
	const char *p = s;
	while (*p) {
		if (ascii_isalpha((unsigned char)*p)) {
			const char *w = p;
			while (ascii_isalpha((unsigned char)*p) || *p == '.')
				p++;
			if (!mo && month_of(w, (size_t)(p - w)))
				mo = month_of(w, (size_t)(p - w));
			else
				zone_of(w, (size_t)(p - w), &off);
		} else if (ascii_isdigit((unsigned char)*p)) {
			int a = 0, b = 0, c = 0, n = 0;
			if (sscanf(p, "%d:%d:%d%n", &a, &b, &c, &n) == 3 || (c = 0, sscanf(p, "%d:%d%n", &a, &b, &n) == 2)) {
				h = a, mi = b, sec = c;
				p += n;
				continue;
			}
			sscanf(p, "%d%n", &a, &n);
			if (d < 0 && n <= 2)
				d = a;
			else if (y < 0)
				y = n <= 2 ? (a < 50 ? 2000 + a : 1900 + a) : a;
			p += n;
		} else if ((*p == '+' || *p == '-') && ascii_isdigit((unsigned char)p[1]) && y >= 0) {
			int v = 0, n = 0, sign = *p == '-' ? -1 : 1;
			sscanf(p + 1, "%4d%n", &v, &n);
			off = sign * (n <= 2 ? v * 60 : (v / 100) * 60 + v % 100);
			p += 1 + n;
		} else {
			p++;
		}
	}
	if (!valid(y, mo, d, h, mi, sec))
		return DATE_NONE;
	return date_from_civil(y, mo, d, h, mi, sec) - off * 60;
}

int64_t date_parse(const char *s)
{
	int64_t t;
	if (!s)
		return DATE_NONE;
	while (ascii_isspace((unsigned char)*s))
		s++;
	if (!*s)
		return DATE_NONE;
	t = parse_iso(s);
	if (t != DATE_NONE)
		return t;
	return parse_rfc822(s);
}
