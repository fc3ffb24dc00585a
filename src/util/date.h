/*
 * date — parse the dates feeds and pages actually carry, print them as ISO 8601 UTC.
 *
 * date_parse accepts RFC 822/1123/2822 (with or without weekday, 2- or 4-digit years, named
 * and numeric zones, military zones), RFC 3339 / ISO 8601 (with or without separators,
 * fractions, zone), W3C-DTF partial dates (YYYY, YYYY-MM), and the usual broken variants
 * (missing seconds, dotted months, "Sept", non-English day names dropped, extra spaces).
 * It returns seconds since the epoch in UTC, or DATE_NONE when the text holds no date.
 * date_format writes "YYYY-MM-DDTHH:MM:SSZ" into out (at least DATE_ISO_LEN bytes).
 * Thread-safety: reentrant; never depends on the C locale or TZ.
 */
#ifndef UTIL_DATE_H
#define UTIL_DATE_H
#include <stdint.h>

#define DATE_NONE INT64_MIN
#define DATE_ISO_LEN 32

int64_t date_parse(const char *s);
char *date_format(int64_t t, char out[DATE_ISO_LEN]);   /* returns out; "" for DATE_NONE */
int64_t date_from_civil(int y, int mon, int d, int h, int mi, int s); /* UTC, no TZ lookup */
#endif
