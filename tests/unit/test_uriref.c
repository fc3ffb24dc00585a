/* test_uriref.c — uriref_valid against libxml2's xmlParseURI, whose decision it replaces
 * in the fast feed parser: named cases, every string of up to 4 symbols from an alphabet
 * holding each character class the grammar tells apart, and shaped random strings. */
#include "t.h"
#include "util/uriref.h"

#include <assert.h>
#include <libxml/parser.h>
#include <libxml/uri.h>
#include <stdint.h>

static int libxml_valid(const char *s)
{
	xmlURIPtr u = xmlParseURI(s);
	xmlFreeURI(u);
	return u != NULL;
}

/* Prints the first few disagreements; returns how many there were. */
static int disagree(const char *s, int *shown)
{
	int want = libxml_valid(s), got = uriref_valid(s);
	if (want == got)
		return 0;
	if ((*shown)++ < 5)
		printf("  \"%s\": xmlParseURI %s, uriref_valid %s\n", s, want ? "yes" : "no",
		       got ? "yes" : "no");
	return 1;
}

static void named_cases(void)
{
	static const struct {
		const char *s;
		int ok;
	} cases[] = {
		{ "http://www.w3.org/2005/Atom", 1 },
		{ "http://purl.org/rss/1.0/modules/content/", 1 },
		{ "urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6", 1 },
		{ "", 1 },
		{ "relative/path", 1 },
		{ "http://example.com:8080/x?q=1#frag[1]", 1 },
		{ "http://[::1]/", 1 },
		{ "http://[::1/", 0 },
		{ "http://host:/x", 0 },
		{ "http://ex ample.com/", 0 },
		{ "http://example.com/%zz", 0 },
		{ "http://example.com/\xc3\xa9", 0 },
		{ "a:b:c", 1 },
		{ ":a", 0 },
		{ "1a:b", 0 },
		{ "x{y}", 0 },
		{ "http://1.2.3.4/", 1 },
		{ "http://1.2.3.4x/", 1 },   /* libxml2 reads IPv4 addresses as reg-names */
		{ "//255.255.255.255:80", 1 },
	};
	int shown = 0;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		T_CHECK(uriref_valid(cases[i].s) == cases[i].ok);
		T_CHECK(!disagree(cases[i].s, &shown));
	}
}

static const char ALPHABET[] = "aZ09:/?#[]@%fG.-_~!$&'()*+,;= \"<>{}|\\^`\x7f\xc3";

/* Disagreements over every string prefix + up to max_len symbols of alphabet, from
 * min_len symbols on. */
static size_t every_string(const char *prefix, const char *alphabet, size_t min_len, size_t max_len)
{
	size_t k = strlen(alphabet), p = strlen(prefix), bad = 0;
	int shown = 0;
	char s[32];
	assert(p + max_len < sizeof s);
	memcpy(s, prefix, p);
	for (size_t len = min_len; len <= max_len; len++) {
		size_t total = 1;
		for (size_t i = 0; i < len; i++)
			total *= k;
		for (size_t n = 0; n < total; n++) {
			size_t v = n;
			for (size_t i = 0; i < len; i++, v /= k)
				s[p + i] = alphabet[v % k];
			s[p + len] = '\0';
			bad += (size_t)disagree(s, &shown);
		}
	}
	return bad;
}

static void every_short_string(void)
{
	T_CHECK(every_string("", ALPHABET, 0, 4) == 0);
}

/* Random strings that start like real URIs, so the authority, port, IP literal, query and
 * fragment rules are reached with longer tails. */
static void shaped_random_strings(void)
{
	static const char *const prefixes[] = { "", "http://", "//", "a:", "/", "x:/", "h://u@",
						"h://[", "h://h:", "p?", "p#", "%4" };
	uint64_t r = 0x9e3779b97f4a7c15u;
	size_t bad = 0, k = sizeof ALPHABET - 1;
	int shown = 0;
	char s[64];
	for (int n = 0; n < 200000; n++) {
		r ^= r << 13, r ^= r >> 7, r ^= r << 17;
		const char *pre = prefixes[r % (sizeof prefixes / sizeof *prefixes)];
		size_t len = strlen(pre), tail = (r >> 8) % 12;
		memcpy(s, pre, len);
		for (size_t i = 0; i < tail; i++) {
			r ^= r << 13, r ^= r >> 7, r ^= r << 17;
			/* half the time a plain letter, so valid strings are not rare */
			s[len++] = (r & 1) ? 'a' : ALPHABET[(r >> 1) % k];
		}
		s[len] = '\0';
		bad += (size_t)disagree(s, &shown);
	}
	T_CHECK(bad == 0);
}

/* Hosts of digits and dots after "//" (the IPv4 rule), every string of up to 7 symbols. */
static void every_short_host(void)
{
	T_CHECK(every_string("//", "0125.a:", 1, 7) == 0);
}

int main(void)
{
	xmlInitParser();
	T_RUN(named_cases);
	T_RUN(every_short_string);
	T_RUN(every_short_host);
	T_RUN(shaped_random_strings);
	xmlCleanupParser();
	return t_done();
}
