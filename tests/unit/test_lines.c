/* test_lines.c — the line classifier: what ends an article, what is only dropped. */
#include "t.h"
#include "extract/lines.h"

/* html.c's last pass (keeping link-dense blocks) may replace the text only with one that
 * takes it in: the cover is what share of the old words the new text holds. */
static void word_cover_counts_multisets(void)
{
	T_CHECK(lines_word_cover("", "anything") == 1.0);
	T_CHECK(lines_word_cover("The cat sat", "Intro. the CAT sat, on the mat") == 1.0);
	T_CHECK(lines_word_cover("a cat", "dog") == 0.0);
	T_CHECK(lines_word_cover("cat cat dog dog", "cat dog") == 0.5);
	T_CHECK(lines_word_cover("caf\xc3\xa9 au lait", "le caf\xc3\xa9") == 1.0 / 3);
	T_CHECK(lines_word_cover("one two", NULL) == 0.0);
}

static void end_markers_end_the_article(void)
{
	T_CHECK(lines_classify("Related stories") == LINE_END);
	T_CHECK(lines_classify("You may also like") == LINE_END);
	T_CHECK(lines_classify("12 Comments") == LINE_END);
	T_CHECK(lines_classify("About the author") == LINE_END);
}

/* A listing has a "Read more" per card and an article an inline "Related: <story>" between
 * paragraphs: dropping the line is right, cutting the rest of the page is not. */
static void teaser_links_are_dropped_not_cut(void)
{
	T_CHECK(lines_classify("Read more") == LINE_BOILER);
	T_CHECK(lines_classify("SHOW MORE") == LINE_BOILER);
	T_CHECK(lines_classify("Related: Three tips for preventative maintenance") == LINE_BOILER);
	T_CHECK(lines_classify("Read more about the average cost of movers:") == LINE_BOILER);
}

/* "courtesy of" is a credit where a credit puts it (first, after "Photo"/"Image", or in a
 * short line), not in the middle of a sentence of prose. */
static void courtesy_credits(void)
{
	T_CHECK(lines_classify("Photo courtesy of NASA") == LINE_CREDIT);
	T_CHECK(lines_classify("Courtesy of the artist and the gallery") == LINE_CREDIT);
	T_CHECK(lines_classify("The dense blazing star grows in the foreground, in full summer "
			       "flower. Photograph courtesy of Refugia.") == LINE_CREDIT);
	T_CHECK(lines_classify("In-car infotainment comes courtesy of an 8-inch touchscreen "
			       "display. It comes standard with Apple CarPlay and Android Auto.") ==
		LINE_TEXT);
}

static void shop_controls_are_boilerplate(void)
{
	T_CHECK(lines_classify("Compare") == LINE_BOILER);
	T_CHECK(lines_classify("Add to cart") == LINE_BOILER);
	T_CHECK(lines_classify("Quick view") == LINE_BOILER);
	T_CHECK(lines_classify("Learn more") == LINE_BOILER);
	T_CHECK(lines_classify("Compare the two plans side by side before you buy.") == LINE_TEXT);
}

/* Headings over other products: the block they head goes; a sentence or an article's
 * "You may also be interested: <story>" teaser is not one. */
static void recommendation_headings(void)
{
	T_CHECK(lines_is_reco("You may also like"));
	T_CHECK(lines_is_reco("Customers also viewed"));
	T_CHECK(lines_is_reco("People who viewed this item also viewed"));
	T_CHECK(lines_is_reco("  Frequently bought together:"));
	T_CHECK(lines_is_reco("Similar items"));
	T_CHECK(!lines_is_reco("You may also be interested: Best Course Creation Software"));
	T_CHECK(!lines_is_reco("Similar items are sold in many shops across the country, and most of "
			       "them cost more than this one does today"));
	T_CHECK(!lines_is_reco("Related stories"));
	T_CHECK(!lines_is_reco(""));
}

int main(void)
{
	T_RUN(word_cover_counts_multisets);
	T_RUN(end_markers_end_the_article);
	T_RUN(teaser_links_are_dropped_not_cut);
	T_RUN(courtesy_credits);
	T_RUN(shop_controls_are_boilerplate);
	T_RUN(recommendation_headings);
	return t_done();
}
