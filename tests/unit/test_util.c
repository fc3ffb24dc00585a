/* test_util.c — util, buf, url, date, log redaction. */
#include "t.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/log.h"
#include "util/url.h"
#include "util/util.h"

static void buf_caps_growth(void)
{
	struct buf b = BUF_INIT(10);
	T_CHECK(buf_puts(&b, "12345") == 0);
	T_CHECK(buf_puts(&b, "67890") == 0);
	T_CHECK(buf_putc(&b, 'x') == -1);
	T_CHECK(b.len == 10);
	T_STREQ(b.data, "1234567890");
	buf_release(&b);
	buf_init(&b, 0);
	for (int i = 0; i < 1000; i++)
		T_CHECK(buf_printf(&b, "%d,", i) == 0);
	T_CHECK(str_startswith(b.data, "0,1,2,"));
	buf_release(&b);
}

static void url_normalizes(void)
{
	char *u = url_normalize("HTTPS://Example.COM:443/a/b?utm_source=x&id=7&fbclid=zz#frag");
	T_STREQ(u, "https://example.com/a/b?id=7");
	free(u);
	u = url_normalize("http://example.com:80/?utm_medium=rss");
	T_STREQ(u, "http://example.com/");
	free(u);
	u = url_normalize("http://example.com:8080/x");
	T_STREQ(u, "http://example.com:8080/x");
	free(u);
	T_CHECK(url_normalize("not a url") == NULL);
	u = url_resolve("http://a.example/b/c.html", "../d.png");
	T_STREQ(u, "http://a.example/d.png");
	free(u);
}

static void dates_parse(void)
{
	char iso[DATE_ISO_LEN];
	T_STREQ(date_format(date_parse("2022-12-30T10:00:00+01:00"), iso), "2022-12-30T09:00:00Z");
	T_STREQ(date_format(date_parse("Fri, 30 Dec 2022 10:00:00 GMT"), iso), "2022-12-30T10:00:00Z");
	T_STREQ(date_format(date_parse("30 Dec 22 10:00 EST"), iso), "2022-12-30T15:00:00Z");
	T_STREQ(date_format(date_parse("2022-12-30"), iso), "2022-12-30T00:00:00Z");
	T_STREQ(date_format(date_parse("Thu, 01 Jan 1970 00:00:00 +0000"), iso), "1970-01-01T00:00:00Z");
	T_CHECK(date_parse("garbage") == DATE_NONE);
	T_CHECK(date_parse("") == DATE_NONE);
	T_CHECK(date_parse(NULL) == DATE_NONE);
}

static void redacts_secrets(void)
{
	char out[256];
	log_redact_url("https://bob:hunter2@example.com/feed?token=abc&page=2", out, sizeof out);
	T_STREQ(out, "https://example.com/feed?token=REDACTED&page=2");
	T_CHECK(strstr(out, "hunter2") == NULL);
}

static void strings(void)
{
	char s[] = "  hi there \n";
	int64_t v;
	T_STREQ(str_trim(s), "hi there");
	T_CHECK(str_to_i64("42", &v) == 0 && v == 42);
	T_CHECK(str_to_i64("42x", &v) == -1);
	T_CHECK(str_to_i64("99999999999999999999", &v) == -1);
	T_CHECK(str_casestr("Hello World", "WORLD") != NULL);
}

int main(void)
{
	T_RUN(buf_caps_growth);
	T_RUN(url_normalizes);
	T_RUN(dates_parse);
	T_RUN(redacts_secrets);
	T_RUN(strings);
	return t_done();
}
