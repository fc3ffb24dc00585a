/*
 * html.c — extract_html: the article inside a web page. (First cut: whole-body text with
 * the dropped tags removed; the content scorer replaces it.)
 */
#include "extract/extract.h"
#include "extract/lines.h"
#include "extract/render.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

#define HTML_MAX_INPUT (64u << 20)

int extract_html(const char *data, size_t len, const char *url, const char *content_type,
		 struct extract_result *out, char **err)
{
	(void)content_type;
	memset(out, 0, sizeof *out);
	if (len > HTML_MAX_INPUT) {
		*err = xasprintf("page too large (%zu bytes, limit %u)", len, HTML_MAX_INPUT);
		return -1;
	}
	xmlDoc *doc = render_parse(data, len, NULL);
	if (!doc) {
		*err = xstrdup("not an HTML document");
		return -1;
	}
	struct buf text = BUF_INIT(0), html = BUF_INIT(0);
	render_text((xmlNode *)doc, &text, NULL, NULL);
	render_html((xmlNode *)doc, &html, url, NULL, NULL);
	out->text = buf_detach(&text, NULL);
	out->html = buf_detach(&html, NULL);
	out->words = lines_count_words(out->text);
	xmlFreeDoc(doc);
	return 0;
}

void extract_result_release(struct extract_result *r)
{
	if (!r)
		return;
	free(r->title);
	free(r->byline);
	free(r->date);
	free(r->lang);
	free(r->site);
	free(r->image);
	free(r->canonical);
	free(r->text);
	free(r->html);
	memset(r, 0, sizeof *r);
}
