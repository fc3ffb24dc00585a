/* test_text — tokenizer, normalization, stop words, language detection, stemming. */
#include "t.h"
#include "text/lang.h"
#include "text/text.h"

#include <stdlib.h>
#include <string.h>

/* Tokens of s joined by '|'. */
static const char *toks(const char *s)
{
	static char out[4096];
	struct text_tokens t;
	size_t i, o = 0;
	text_tokens_init(&t, 0);
	text_tokenize(&t, s, strlen(s));
	out[0] = 0;
	for (i = 0; i < t.n && o + t.tok[i].len + 2 < sizeof out; i++) {
		if (i)
			out[o++] = '|';
		memcpy(out + o, text_tok_str(&t, i), t.tok[i].len);
		o += t.tok[i].len;
	}
	out[o] = 0;
	text_tokens_release(&t);
	return out;
}

static void test_ascii_words(void)
{
	T_STREQ(toks("Hello, World! It's 3.5% of 1,000 well-known U.S. cases."),
		"hello|world|it|3.5|of|1,000|well|known|u|s|cases");
}

static void test_apostrophes(void)
{
	T_STREQ(toks("Russia's war; Russia\xe2\x80\x99s army; won't; rock 'n' roll"),
		"russia|war|russia|army|won't|rock|n|roll");
	T_STREQ(toks("l'arm\xc3\xa9""e qu'il d'Italie"), "arm\xc3\xa9""e|il|italie");
}

static void test_nfkc_casefold(void)
{
	/* ligature fi, fullwidth A, sharp s, Greek capital sigma, combining acute */
	T_STREQ(toks("\xef\xac\x81le \xef\xbc\xa1""BC Stra\xc3\x9f""e \xce\xa3OFIA Cafe\xcc\x81"),
		"file|abc|strasse|\xcf\x83""ofia|caf\xc3\xa9");
}

static void test_cjk_bigrams(void)
{
	/* 東京都 → 東京, 京都; a lone character stays a unigram; Latin around it */
	T_STREQ(toks("\xe6\x9d\xb1\xe4\xba\xac\xe9\x83\xbd in \xe6\x97\xa5 Tokyo"),
		"\xe6\x9d\xb1\xe4\xba\xac|\xe4\xba\xac\xe9\x83\xbd|in|\xe6\x97\xa5|tokyo");
	/* Thai: no spaces */
	T_CHECK(strlen(toks("\xe0\xb8\xaa\xe0\xb8\xa7\xe0\xb8\xb1\xe0\xb8\xaa\xe0\xb8\x94\xe0\xb8\xb5")) > 0);
}

static void test_invalid_utf8(void)
{
	T_STREQ(toks("ab\xff\xfe""cd \xc3\x28 \xed\xa0\x80x \xf4\x90\x80\x80y"), "ab|cd|x|y");
	T_STREQ(toks(""), "");
	T_STREQ(toks("\xe2\x80\x94 -- ... "), "");
}

static void test_flags(void)
{
	struct text_tokens t;
	const char *s = "Putin met NATO chiefs. Then Biden left";
	text_tokens_init(&t, 0);
	text_tokenize(&t, s, strlen(s));
	T_REQUIRE(t.n == 7);
	T_CHECK((t.tok[0].flags & (TEXT_F_CAP | TEXT_F_SENT)) == (TEXT_F_CAP | TEXT_F_SENT));
	T_CHECK(t.tok[2].flags & TEXT_F_UPPER);
	T_CHECK(!(t.tok[3].flags & TEXT_F_CAP));
	T_CHECK(t.tok[4].flags & TEXT_F_SENT);
	T_CHECK((t.tok[5].flags & (TEXT_F_CAP | TEXT_F_SENT)) == TEXT_F_CAP);
	text_tokens_release(&t);
}

static void test_caps_and_truncation(void)
{
	struct text_tokens t;
	char *big = malloc(100001);
	memset(big, 'a', 100000);
	big[100000] = 0;
	text_tokens_init(&t, 3);
	text_tokenize(&t, "one two three four five", 23);
	T_CHECK(t.n == 3 && t.truncated);
	text_tokens_reset(&t);
	text_tokenize(&t, big, 100000);
	T_CHECK(t.n == 1 && t.tok[0].len <= TEXT_MAX_TOKEN);
	text_tokens_release(&t);
	free(big);
}

static int detect(const char *s)
{
	struct text_tokens t;
	int l;
	text_tokens_init(&t, 0);
	text_tokenize(&t, s, strlen(s));
	l = text_lang_detect(&t);
	text_tokens_release(&t);
	return l;
}

static void test_language(void)
{
	T_CHECK(detect("The minister said that the talks with the rebels would go on for a week") == TEXT_LANG_EN);
	T_CHECK(detect("Le ministre a dit que les n\xc3\xa9gociations avec les rebelles vont continuer pour une semaine") == TEXT_LANG_FR);
	T_CHECK(detect("Der Minister sagte, dass die Gespr\xc3\xa4""che mit den Rebellen noch eine Woche weitergehen") == TEXT_LANG_DE);
	T_CHECK(detect("El ministro dijo que las conversaciones con los rebeldes van a seguir una semana") == TEXT_LANG_ES);
	T_CHECK(detect("\xe6\x9d\xb1\xe4\xba\xac\xe9\x83\xbd") == TEXT_LANG_NONE);
	T_CHECK(text_lang_from_code("en-US") == TEXT_LANG_EN);
	T_CHECK(text_lang_from_code("fr_FR") == TEXT_LANG_FR);
	T_CHECK(text_lang_from_code("xx") == TEXT_LANG_NONE);
	T_CHECK(text_lang_from_code(NULL) == TEXT_LANG_NONE);
	T_CHECK(text_is_stop(TEXT_LANG_EN, "the", 3));
	T_CHECK(!text_is_stop(TEXT_LANG_EN, "ukraine", 7));
	T_CHECK(text_is_stop(TEXT_LANG_FR, "les", 3));
}

/* The stop-word table decides by length and first 8 bytes, then the rest: exact for words
 * longer than 8 bytes, words sharing a prefix with a stop word, and every language's list. */
static void test_stop_words_exact(void)
{
	T_CHECK(text_is_stop(TEXT_LANG_EN, "themselves", 10));
	T_CHECK(!text_is_stop(TEXT_LANG_EN, "themselvez", 10));
	T_CHECK(!text_is_stop(TEXT_LANG_EN, "themselve", 9));
	T_CHECK(!text_is_stop(TEXT_LANG_EN, "themselvess", 11));
	T_CHECK(!text_is_stop(TEXT_LANG_EN, "th", 2));
	T_CHECK(!text_is_stop(TEXT_LANG_EN, "thee", 4));
	T_CHECK(text_is_stop(TEXT_LANG_RU, "\xd1\x82\xd0\xb5\xd0\xbf\xd0\xb5\xd1\x80\xd1\x8c", 12));
	T_CHECK(!text_is_stop(TEXT_LANG_RU, "\xd1\x82\xd0\xb5\xd0\xbf\xd0\xb5\xd1\x80\xd1\x8f", 12));
	T_CHECK(text_is_stop(TEXT_LANG_DE, "\xc3\xbc" "ber", 5));
	T_CHECK(!text_is_stop(TEXT_LANG_EN, "\xc3\xbc" "ber", 5));
	T_CHECK(text_is_stop_any("\xc3\xbc" "ber", 5));
	T_CHECK(text_is_stop(TEXT_LANG_SV, "och", 3));
	T_CHECK(text_is_stop(TEXT_LANG_IT, "della", 5) && text_is_stop(TEXT_LANG_ES, "del", 3));
	T_CHECK(!text_is_stop_any("", 0));
	T_CHECK(!text_is_stop_any("abcdefghijklmnopqrstuvwxyzabcdefghijklmnop", 42));
	/* "a" is English, Italian and Portuguese: one slot, three languages */
	T_CHECK(text_is_stop(TEXT_LANG_EN, "a", 1) && text_is_stop(TEXT_LANG_IT, "a", 1) &&
		text_is_stop(TEXT_LANG_PT, "a", 1) && !text_is_stop(TEXT_LANG_DE, "a", 1));
}

static void test_stemming(void)
{
	struct text_stemmer *s = text_stemmer_new();
	size_t n;
	const char *r = text_stem(s, TEXT_LANG_EN, "negotiations", 12, &n);
	char a[64];
	T_REQUIRE(n < sizeof a);
	memcpy(a, r, n);
	a[n] = 0;
	r = text_stem(s, TEXT_LANG_EN, "negotiation", 11, &n);
	T_CHECK(strlen(a) == n && memcmp(a, r, n) == 0);
	r = text_stem(s, TEXT_LANG_NONE, "negotiations", 12, &n);
	T_CHECK(n == 12);
	r = text_stem(s, TEXT_LANG_FR, "n\xc3\xa9gociations", 13, &n);
	T_CHECK(n < 13);
	text_stemmer_free(s);
	text_stemmer_free(NULL);
}

static void test_normalize(void)
{
	size_t n;
	char *s = text_normalize("\xef\xac\x81X\xff", 5, &n);
	T_STREQ(s, "fix\xef\xbf\xbd");
	free(s);
}

int main(void)
{
	T_RUN(test_ascii_words);
	T_RUN(test_apostrophes);
	T_RUN(test_nfkc_casefold);
	T_RUN(test_cjk_bigrams);
	T_RUN(test_invalid_utf8);
	T_RUN(test_flags);
	T_RUN(test_caps_and_truncation);
	T_RUN(test_language);
	T_RUN(test_stop_words_exact);
	T_RUN(test_stemming);
	T_RUN(test_normalize);
	return t_done();
}
