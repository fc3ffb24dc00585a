/*
 * lines — internal to extract: the line-level boilerplate classifier shared by the
 * plain-text extractor and the HTML extractor's last pass over short blocks.
 *
 * lines_classify looks at one collapsed line of text and says what it is: a known
 * boilerplate phrase (app pitches, paywall prompts, share/follow lines), a marker after
 * which the article is over (comments, "Next Post", "Related Stories"), an image credit,
 * a relative timestamp or reading time, or ordinary text. lines_stats gives the numbers the
 * callers weigh (words, stop-word share, sentence end). Thread-safety: pure functions.
 */
#ifndef EXTRACT_LINES_H
#define EXTRACT_LINES_H
#include <stdbool.h>
#include <stddef.h>

enum line_kind {
	LINE_TEXT,       /* nothing known: decide by the statistics */
	LINE_BOILER,     /* drop this line */
	LINE_END,        /* drop this line and, once the body has begun, all that follows */
	LINE_CREDIT,     /* image credit or credited caption */
	LINE_PLACEHOLDER /* "Article image", "Avatar": the block it is in is a teaser/card */
};

struct line_stats {
	size_t words, stop, chars;
	bool sentence_end;   /* ends with . ! ? or a closing quote after one */
	bool has_digit;
};

enum line_kind lines_classify(const char *s);
/* Both at once (the classifier computes the statistics anyway). */
enum line_kind lines_classify_stats(const char *s, struct line_stats *st);
void lines_stats(const char *s, struct line_stats *st);
/* True when s reads like prose: enough words, enough function words. */
bool lines_is_prose(const struct line_stats *st);
/* True for a short heading over other products ("You may also like", "Customers also
 * viewed"): an end marker to lines_classify, but on a shop page the block it heads is what
 * ends, not the page. */
bool lines_is_reco(const char *s);
/* Whitespace-separated words. */
size_t lines_count_words(const char *s);
/* The share of a's words that b holds too (words: runs of letters, digits and non-ASCII
 * bytes, ASCII case folded; counted as multisets, so a word twice in a needs two in b);
 * 1 when a has no words. */
double lines_word_cover(const char *a, const char *b);
#endif
