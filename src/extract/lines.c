/*
 * lines.c — what a single line of page text is, without knowing the page.
 *
 * Three kinds of evidence: phrases that only boilerplate uses (matched whole, as a prefix, or
 * contained in a short line — never inside a long paragraph, where the same words can be
 * news), shapes (a count of comments, "3d ago", "5 min read", "Name Name/AP"), and
 * statistics (word count, share of function words, sentence punctuation), the jusText idea
 * that prose is made of stop words and boilerplate is not.
 */
#include "extract/lines.h"
#include "util/util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Past leading space, bullets and dashes (ASCII, U+00A0, U+00B7, U+2022, U+2013/4). */
static const char *skip_lead(const char *s)
{
	for (;;) {
		const unsigned char *u = (const unsigned char *)s;
		if (*u && (ascii_isspace(*u) || strchr("-*>|#", *u)))
			s++;
		else if (u[0] == 0xc2 && (u[1] == 0xa0 || u[1] == 0xb7))
			s += 2;
		else if (u[0] == 0xe2 && u[1] == 0x80 && (u[2] == 0xa2 || u[2] == 0x93 || u[2] == 0x94))
			s += 3;
		else
			return s;
	}
}

/* A lower-cased copy without leading bullets/space and trailing punctuation/space. */
static void line_key(const char *s, char *key, size_t cap)
{
	size_t n = 0;
	for (s = skip_lead(s); *s && n + 1 < cap; s++)
		key[n++] = (char)ascii_tolower((unsigned char)*s);
	while (n > 0 && (ascii_isspace((unsigned char)key[n - 1]) ||
			 strchr(".:!>|-", key[n - 1])))
		n--;
	key[n] = 0;
}

static const char *const exact_boiler[] = {
	"reply", "share", "tweet", "email", "print", "like", "follow", "save", "copy link",
	"share this", "share this article", "share this story", "share on facebook",
	"share on twitter", "share via email", "advertisement", "advertising", "sponsored",
	"sponsored content", "skip to content", "skip to main content", "menu", "search", "home",
	"subscribe", "sign in", "log in", "login", "sign up", "register", "start reading",
	"one app", "download the app", "get the app", "our picks", "top stories", "trending",
	"listen", "listen to this article", "close", "loading", "back to top", "news feed",
	"continue reading", "view comments", "add comment", "leave a comment", "see more",
	"load more", "facebook", "twitter", "linkedin", "whatsapp", "pinterest", "reddit",
	"image", "photo", "video", "gallery", "open in app", "cookie settings", "accept",
	"accept all", "got it", "ok", "more", "less", "previous", "next", "top",
	/* a card's or a teaser's link (a listing has one per item): not the end of anything */
	"read more", "show more",
	/* shop controls beside products and cards */
	"compare", "add to compare", "add to cart", "add to bag", "add to basket",
	"add to wishlist", "wishlist", "add to favorites", "quick view", "quick shop",
	"view product", "view details", "select options", "choose options", "view options",
	"shop now", "view all", "see all", "sale", "in stock", "filters", "sort by",
	"write a review", "learn more",
};

static const char *const end_markers[] = {
	"sign up to read this article", "next post", "previous post", "next article",
	"previous article", "related stories", "related articles", "related posts",
	"related content", "related", "more from", "more stories",
	"more news", "recommended", "recommended for you", "recommended stories",
	"you may also like", "you might also like", "most popular", "most read", "popular now",
	"trending now", "latest news", "latest stories", "top stories on", "comments",
	"about the author", "avatar", "author image", "more on this story", "what to read next", "editor's picks",
	"further reading", "up next", "don't miss", "also read", "keep reading",
};

/* Phrases that mark a short line (≤ 24 words) as boilerplate wherever they appear in it. */
static const char *const contains_boiler[] = {
	"get all your news in one place", "premium titles", "one app. one membership",
	"trusted global sources", "curated specifically for you", "already a member",
	"already a subscriber", "sign in here", "sign up for", "subscribe to our",
	"subscribe now", "our newsletter", "free trial", "days free", "download the app",
	"follow us on", "follow us:", "share on", "click here to", "all rights reserved",
	"copyright ©", "our standards:", "trust principles", "privacy policy",
	"terms of use", "terms of service", "cookie policy", "we use cookies",
	"this site uses cookies", "accept cookies", "read news from", "to continue reading",
	"subscribe to continue", "log in to continue", "create a free account",
	"become a member", "support our journalism", "enable javascript",
	"your browser does not support", "view in browser", "join the conversation",
	"rights reserved", "reprints & permissions", "for reprint rights",
};

static const char *const credit_words[] = {
	"getty images", "shutterstock", "ap photo", "photo by", "photo:", "image:",
	"credit:", "photograph:", "illustration:", "photo credit", "image credit",
	"/afp", "/reuters)", "via reuters", "afp via", "/ap)", "epa-efe", "/epa",
	"image source", "photograph by", "pictured:", "/ getty", "photo courtesy of",
	"photograph courtesy of", "photos courtesy of", "image courtesy of",
	"images courtesy of", "(courtesy of",
};

static const char *const placeholders[] = {"article image", "thumbnail", "image placeholder"};

static bool in_list(const char *key, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (list[i][0] == key[0] && !strcmp(key, list[i]))
			return true;
	return false;
}

static bool contains_any(const char *key, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strstr(key, list[i]))
			return true;
	return false;
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *skip_digits(const char *p)
{
	while (ascii_isdigit((unsigned char)*p) || *p == ',' || *p == '.' || *p == 'k')
		p++;
	return p;
}

/* "comments / 4", "4 comments", "comments (12)", "12" */
static bool is_count_line(const char *k)
{
	const char *p = skip_digits(k);
	if (!*p && p != k)
		return true;
	while (*p == ' ')
		p++;
	if (!str_startswith(p, "comment") && !str_startswith(p, "repl") &&
	    !str_startswith(p, "share") && !str_startswith(p, "response"))
		return false;
	while (ascii_isalpha((unsigned char)*p))
		p++;
	while (*p == ' ' || *p == '/' || *p == '(' || *p == ':')
		p++;
	p = skip_digits(p);
	return !*p || !strcmp(p, ")");
}

/* "3d ago", "4 days ago", "5 min read", "updated 2 hours ago" */
static bool is_relative_time(const char *k)
{
	const char *p = k;
	if (str_startswith(p, "updated "))
		p += 8;
	if (!ascii_isdigit((unsigned char)*p))
		return !strcmp(p, "just now") || !strcmp(p, "yesterday");
	p = skip_digits(p);
	while (*p == ' ')
		p++;
	const char *unit = p;
	while (ascii_isalpha((unsigned char)*p))
		p++;
	if (p == unit || p - unit > 7)
		return false;
	while (*p == ' ')
		p++;
	return !strcmp(p, "ago") || !strcmp(p, "read") || !strcmp(p, "min read") ||
	       !strcmp(p, "reading time");
}

/* "Evgeniy Maloletka/AP The war..." — a photographer and an agency in capitals. */
static bool starts_with_agency_credit(const char *s)
{
	int words = 0, caps = 0;
	const char *p = s;
	for (; *p && p - s < 60 && *p != '/'; p++) {
		if (p == s || p[-1] == ' ') {
			words++;
			caps += (*p >= 'A' && *p <= 'Z');
		}
		if (!ascii_isalpha((unsigned char)*p) && !strchr(" .'-", *p) &&
		    (unsigned char)*p < 0x80)
			return false;
	}
	if (*p != '/' || words < 2 || words > 4 || caps != words)
		return false;
	p++;
	int up = 0;
	while (*p >= 'A' && *p <= 'Z')
		p++, up++;
	return up >= 2 && (!*p || *p == ' ' || *p == ')' || *p == ',');
}

/* Beginnings of the headings shops put over a row of other products. */
static const char *const reco_starts[] = {
	"you may also like", "you might also like", "you may like", "you might like",
	"customers also", "customers who viewed", "customers who bought", "people who viewed",
	"people who bought", "people also", "others like you", "others also", "frequently bought",
	"similar items", "similar products", "related products", "related items",
	"recently viewed", "complete the look", "shop the look", "recommended for you",
	"recommended products", "sponsored products", "more to explore", "pairs well with",
	"goes well with", "shop similar", "more like this", "also viewed", "also bought",
	"compare similar", "more items to explore", "explore related",
};

static bool is_reco_key(const char *key)
{
	for (size_t i = 0; i < N(reco_starts); i++)
		if (str_startswith(key, reco_starts[i]))
			return true;
	return false;
}

bool lines_is_reco(const char *s)
{
	char key[128];
	line_key(s, key, sizeof key);
	return is_reco_key(key) && lines_count_words(s) <= 10;
}

enum line_kind lines_classify(const char *s)
{
	struct line_stats st;
	return lines_classify_stats(s, &st);
}

enum line_kind lines_classify_stats(const char *s, struct line_stats *st)
{
	char key[512];
	lines_stats(s, st);
	line_key(s, key, sizeof key);
	if (!key[0])
		return LINE_BOILER;
	if (in_list(key, placeholders, N(placeholders)))
		return LINE_PLACEHOLDER;
	if (in_list(key, end_markers, N(end_markers)) || is_count_line(key) ||
	    str_startswith(key, "comments ") || str_startswith(key, "more from "))
		return is_count_line(key) && !strstr(key, "comment") ? LINE_BOILER : LINE_END;
	/* "Related: <a story>" and "Read more about <a topic>" sit between paragraphs too */
	if (str_startswith(key, "read more about") || str_startswith(key, "related: "))
		return LINE_BOILER;
	if (in_list(key, exact_boiler, N(exact_boiler)) || is_relative_time(key))
		return LINE_BOILER;
	if (st->words <= 24 && contains_any(key, contains_boiler, N(contains_boiler)))
		return LINE_BOILER;
	if (st->words <= 60 && (contains_any(key, credit_words, N(credit_words)) ||
			       starts_with_agency_credit(s)))
		return LINE_CREDIT;
	/* "Courtesy of NASA" is a credit; "the display comes courtesy of ..." is prose */
	if ((st->words <= 12 && strstr(key, "courtesy of")) || str_startswith(key, "courtesy of"))
		return LINE_CREDIT;
	return LINE_TEXT;
}

static const char *const stop_words[] = {
	"a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be",
	"been", "but", "by", "can", "could", "did", "do", "for", "from", "had", "has", "have",
	"he", "her", "his", "how", "i", "if", "in", "into", "is", "it", "its", "more", "most",
	"no", "not", "of", "on", "one", "or", "our", "out", "over", "said", "says", "she",
	"so", "some", "than", "that", "the", "their", "them", "there", "they", "this", "to",
	"up", "was", "we", "were", "what", "when", "which", "who", "will", "with", "would",
	"you", "your",
};

static int cmp_word(const void *k, const void *e)
{
	return strcmp((const char *)k, *(const char *const *)e);
}

static bool is_stop(const char *w, size_t n)
{
	char low[16];
	if (n == 0 || n >= sizeof low)
		return false;
	for (size_t i = 0; i < n; i++)
		low[i] = (char)ascii_tolower((unsigned char)w[i]);
	low[n] = 0;
	return bsearch(low, stop_words, N(stop_words), sizeof stop_words[0], cmp_word) != NULL;
}

void lines_stats(const char *s, struct line_stats *st)
{
	memset(st, 0, sizeof *st);
	const char *p = s, *last = NULL;
	while (*p) {
		while (*p && ascii_isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		const char *w = p;
		while (*p && !ascii_isspace((unsigned char)*p))
			p++;
		st->words++;
		const char *a = w, *b = p;
		while (a < b && !ascii_isalnum((unsigned char)*a) && (unsigned char)*a < 0x80)
			a++;
		while (b > a && !ascii_isalnum((unsigned char)b[-1]) && (unsigned char)b[-1] < 0x80)
			b--;
		st->stop += is_stop(a, (size_t)(b - a));
		last = p;
	}
	st->chars = (size_t)(p - s);
	for (const char *q = s; *q; q++)
		if (ascii_isdigit((unsigned char)*q)) {
			st->has_digit = true;
			break;
		}
	if (!last)
		return;
	/* walk back over closing quotes/brackets (ASCII or the UTF-8 ” ’ ») */
	const unsigned char *e = (const unsigned char *)last;
	while (e > (const unsigned char *)s) {
		if (strchr("\"')]", e[-1]))
			e--;
		else if (e - (const unsigned char *)s >= 3 && e[-3] == 0xe2 && e[-2] == 0x80 &&
			 (e[-1] == 0x9d || e[-1] == 0x99))
			e -= 3;
		else
			break;
	}
	st->sentence_end = e > (const unsigned char *)s && strchr(".!?", e[-1]);
}

bool lines_is_prose(const struct line_stats *st)
{
	double share = st->words ? (double)st->stop / (double)st->words : 0;
	if (st->words >= 25)
		return true;
	if (st->words >= 9 && (share >= 0.15 || st->sentence_end))
		return true;
	return st->words >= 5 && st->sentence_end && share >= 0.2;
}

size_t lines_count_words(const char *s)
{
	size_t n = 0;
	bool in = false;
	for (; s && *s; s++) {
		bool sp = ascii_isspace((unsigned char)*s);
		if (!sp && !in)
			n++;
		in = !sp;
	}
	return n;
}

/* lines_word_cover: whether a later pass's text (b) takes in the text it would replace
 * (a), word by word. */
static bool is_word_byte(unsigned char ch)
{
	return ascii_isalnum(ch) || ch >= 0x80;
}

/* The next word at *p: its hash (never 0), or 0 at the end; *p moves past it. */
static uint64_t next_word(const char **p)
{
	const unsigned char *s = (const unsigned char *)*p;
	while (*s && !is_word_byte(*s))
		s++;
	if (!*s) {
		*p = (const char *)s;
		return 0;
	}
	uint64_t h = 0xcbf29ce484222325ull;
	for (; *s && is_word_byte(*s); s++)
		h = (h ^ (uint64_t)ascii_tolower(*s)) * 0x100000001b3ull;
	*p = (const char *)s;
	return h | 1;
}

struct word_slot {
	uint64_t h;
	size_t n;
};

static struct word_slot *word_find(struct word_slot *t, size_t cap, uint64_t h)
{
	size_t i = (size_t)(h ^ (h >> 29)) & (cap - 1);
	while (t[i].h && t[i].h != h)
		i = (i + 1) & (cap - 1);
	return &t[i];
}

double lines_word_cover(const char *a, const char *b)
{
	size_t nb = 0, cap = 64;
	for (const char *p = b ? b : ""; next_word(&p);)
		nb++;
	while (cap < 2 * nb)
		cap *= 2;   /* at most half full: every probe ends */
	struct word_slot *t = xcalloc(cap, sizeof *t);
	uint64_t h;
	for (const char *p = b ? b : ""; (h = next_word(&p));) {
		struct word_slot *w = word_find(t, cap, h);
		w->h = h;
		w->n++;
	}
	size_t words = 0, held = 0;
	for (const char *p = a ? a : ""; (h = next_word(&p));) {
		struct word_slot *w = word_find(t, cap, h);
		words++;
		if (w->h == h && w->n) {
			w->n--;
			held++;
		}
	}
	free(t);
	return words ? (double)held / (double)words : 1.0;
}
