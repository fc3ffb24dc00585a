/* test_lines.c — the line classifier: what ends an article, what is only dropped. */
#include "t.h"
#include "extract/lines.h"

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

static void shop_controls_are_boilerplate(void)
{
	T_CHECK(lines_classify("Compare") == LINE_BOILER);
	T_CHECK(lines_classify("Add to cart") == LINE_BOILER);
	T_CHECK(lines_classify("Quick view") == LINE_BOILER);
	T_CHECK(lines_classify("Learn more") == LINE_BOILER);
	T_CHECK(lines_classify("Compare the two plans side by side before you buy.") == LINE_TEXT);
}

int main(void)
{
	T_RUN(end_markers_end_the_article);
	T_RUN(teaser_links_are_dropped_not_cut);
	T_RUN(shop_controls_are_boilerplate);
	return t_done();
}
