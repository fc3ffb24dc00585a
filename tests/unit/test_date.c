/* test_date.c — date_parse over the formats feeds really carry, date_format round trips. */
#include "t.h"
#include "util/date.h"

static const struct { const char *in, *want; } cases[] = {
	/* RFC 822 / 1123 / 2822 */
	{ "Sat, 07 Sep 2002 00:00:01 GMT", "2002-09-07T00:00:01Z" },
	{ "Sat, 07 Sep 2002 00:00:01 +0200", "2002-09-06T22:00:01Z" },
	{ "Sat, 7 Sep 2002 0:0:1 -0130", "2002-09-07T01:30:01Z" },
	{ "07 Sep 2002 00:00 EST", "2002-09-07T05:00:00Z" },
	{ "Sat, 07 Sep 02 00:00:01 GMT", "2002-09-07T00:00:01Z" },
	{ "Thu, 01 Jan 98 12:00:00 PST", "1998-01-01T20:00:00Z" },
	{ "Sun, 31 Dec 2006 11:10:43 +00:00", "2006-12-31T11:10:43Z" },
	{ "Mon, 05 May 2008 10:00:00 Z", "2008-05-05T10:00:00Z" },
	{ "Mon, 05 May 2008 10:00:00 A", "2008-05-05T09:00:00Z" },
	{ "Mon, 05 May 2008 10:00:00 +05:30", "2008-05-05T04:30:00Z" },
	/* broken variants */
	{ "Tuesday, 3 June 2008 10:00 GMT", "2008-06-03T10:00:00Z" },
	{ "Wed, 06 Sept. 2006 09:00:00 GMT", "2006-09-06T09:00:00Z" },
	{ "Dec 31, 2006 11:10:43 PM EST", "2007-01-01T04:10:43Z" },
	{ "Sun Dec 31 11:10:43 2006", "2006-12-31T11:10:43Z" },
	{ "  Sat,   07  Sep  2002   00:00:01   GMT  ", "2002-09-07T00:00:01Z" },
	{ "Mittwoch, 06 Dez 2006 09:00:00 +0100", "2006-12-06T08:00:00Z" },
	{ "Fri, 30 Dec 2022 12:00:00 AM GMT", "2022-12-30T00:00:00Z" },
	/* RFC 3339 / ISO 8601 / W3C-DTF */
	{ "2003-12-31T10:14:55Z", "2003-12-31T10:14:55Z" },
	{ "2003-12-31T10:14:55.123-08:00", "2003-12-31T18:14:55Z" },
	{ "2003-12-31T10:14:55+0100", "2003-12-31T09:14:55Z" },
	{ "2003-12-31 10:14:55", "2003-12-31T10:14:55Z" },
	{ "2003-12-31T10:14Z", "2003-12-31T10:14:00Z" },
	{ "20031231T101455Z", "2003-12-31T10:14:55Z" },
	{ "2003-12-31", "2003-12-31T00:00:00Z" },
	{ "2003-12", "2003-12-01T00:00:00Z" },
	{ "2003", "2003-01-01T00:00:00Z" },
	{ "2004-02-29T00:00:00Z", "2004-02-29T00:00:00Z" },
	{ "1969-12-31T23:59:59Z", "1969-12-31T23:59:59Z" },
};

static const char *const bad[] = {
	"", "   ", "garbage", "yesterday", "2003-02-30", "2003-13-01", "2003-12-32T00:00:00Z",
	"Sat, 31 Feb 2002 00:00:01 GMT", "12345", "99 Foo 20x3", "2003-12-31T25:00:00Z",
	"Mon, 99 Sep 2002 00:00:01 GMT", "99999999999999999999999999", "-----", "::::",
	"Sat, 07 Sep 2002 99:99:99 GMT", "\xff\xfe\xfd",
};

static void parses_known_formats(void)
{
	char iso[DATE_ISO_LEN];
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		int64_t t = date_parse(cases[i].in);
		if (t == DATE_NONE) {
			printf("  no date from \"%s\"\n", cases[i].in);
			T_CHECK(!"date expected");
			continue;
		}
		T_STREQ(date_format(t, iso), cases[i].want);
	}
}

static void rejects_malformed(void)
{
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		if (date_parse(bad[i]) != DATE_NONE) {
			printf("  \"%s\" gave a date\n", bad[i]);
			T_CHECK(!"malformed date accepted");
		}
	T_CHECK(date_parse(NULL) == DATE_NONE);
}

static void formats_and_round_trips(void)
{
	char iso[DATE_ISO_LEN];
	T_STREQ(date_format(0, iso), "1970-01-01T00:00:00Z");
	T_STREQ(date_format(DATE_NONE, iso), "");
	T_STREQ(date_format(date_from_civil(2000, 2, 29, 23, 59, 59), iso), "2000-02-29T23:59:59Z");
	T_STREQ(date_format(INT64_MAX, iso), "9999-12-31T23:59:59Z");
	T_STREQ(date_format(INT64_MIN + 1, iso), "0000-01-01T00:00:00Z");
	for (int64_t t = -86400 * 400; t < 86400LL * 365 * 200; t += 86400 * 37 + 3671)
		T_REQUIRE(date_parse(date_format(t, iso)) == t);
}

int main(void)
{
	T_RUN(parses_known_formats);
	T_RUN(rejects_malformed);
	T_RUN(formats_and_round_trips);
	return t_done();
}
