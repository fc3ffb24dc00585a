/*
 * textdoc.c — extract_text: the article inside a plain-text page dump.
 *
 * A scraped .txt keeps the page's chrome as lines: app pitches and section labels above the
 * title, bylines and "4 days ago" under it, credited captions and other stories' teasers in
 * the middle, paywall prompts, comments and "Next Post" at the end. We split into lines and
 * blocks (runs of lines without a blank between), classify each line (lines.c), take the
 * title from the first headline-shaped line near the top, the date from a "date ..." line
 * or a short line that is only a date, and keep prose from the first paragraph to the first
 * end marker. A block that holds a placeholder ("Article image") is another story's card and
 * goes whole; a short line between two paragraphs stays as a subheading.
 */
#include "extract/charset.h"
#include "extract/extract.h"
#include "extract/lines.h"
#include "extract/render.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define TEXT_MAX_INPUT (64u << 20)
#define TEXT_MAX_LINES 200000
#define TITLE_SCAN_LINES 12

enum role { R_DROP, R_BODY, R_HEAD };

struct tline {
	char *s;                /* collapsed text */
	int block;              /* index of the blank-line-separated block */
	enum line_kind kind;
	struct line_stats st;
	enum role role;
};

struct tdoc {
	struct tline *v;
	size_t n, cap;
	int64_t date;
	char *title, *byline;
	bool title_is_line;     /* the title was a line of its own (so repeats of it go) */
};

static void tdoc_free(struct tdoc *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->v[i].s);
	free(d->v);
	free(d->title);
	free(d->byline);
}

static void split_lines(struct tdoc *d, const char *data, size_t len)
{
	int block = 0;
	const char *p = data, *end = data + len;
	while (p < end && d->n < TEXT_MAX_LINES) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		char *raw = xstrndup(p, (size_t)(e - p));
		char *s = render_collapse(raw);
		free(raw);
		p = nl ? nl + 1 : end;
		if (!s[0]) {
			free(s);
			block++;
			continue;
		}
		xgrow((void **)&d->v, &d->cap, d->n + 1, sizeof *d->v);
		struct tline *l = &d->v[d->n++];
		memset(l, 0, sizeof *l);
		l->s = s;
		l->block = block;
		l->kind = lines_classify(s);
		lines_stats(s, &l->st);
	}
}

/* "date 2022-12-30 rest of line" / "Published: ..." → date, and the rest stays as text. */
static void take_date_prefix(struct tdoc *d, struct tline *l)
{
	static const char *prefixes[] = {"date ", "date: ", "published ", "published: ",
					 "posted ", "posted on ", "updated: "};
	for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
		size_t n = strlen(prefixes[i]);
		if (!str_istartswith(l->s, prefixes[i]))
			continue;
		const char *p = l->s + n, *q = p;
		while (*q && !ascii_isspace((unsigned char)*q))
			q++;
		char *tok = xstrndup(p, (size_t)(q - p));
		int64_t t = date_parse(tok);
		free(tok);
		if (t == DATE_NONE)
			continue;
		if (d->date == DATE_NONE)
			d->date = t;
		while (ascii_isspace((unsigned char)*q))
			q++;
		char *rest = xstrdup(q);
		free(l->s);
		l->s = rest;
		l->kind = rest[0] ? lines_classify(rest) : LINE_BOILER;
		lines_stats(rest, &l->st);
		return;
	}
}

/* A short line that is only a date ("April 11, 2022", "2022-12-30"). */
static bool is_date_line(struct tdoc *d, const struct tline *l)
{
	if (l->st.words > 7 || !l->st.has_digit)
		return false;
	int64_t t = date_parse(l->s);
	if (t == DATE_NONE)
		return false;
	if (d->date == DATE_NONE)
		d->date = t;
	return true;
}

static bool is_byline(struct tdoc *d, const struct tline *l)
{
	if (l->st.words < 2 || l->st.words > 8 || !str_istartswith(l->s, "by "))
		return false;
	if (!d->byline)
		d->byline = xstrdup(l->s + 3);
	return true;
}

static bool headline_shaped(const struct tline *l)
{
	if (l->kind != LINE_TEXT || l->st.words < 4 || l->st.words > 30 || l->st.chars > 250)
		return false;
	const char *e = l->s + strlen(l->s);
	return !(e > l->s && e[-1] == '.');
}

/* The first sentence of a paragraph, cut at a word boundary (never inside a UTF-8
 * sequence) near 160 bytes. */
static char *first_sentence(const char *s)
{
	size_t n = 0, cut = 0;
	for (; s[n] && n < 160; n++) {
		if (strchr(".!?", s[n]) && (s[n + 1] == ' ' || !s[n + 1]))
			return xstrndup(s, n + 1);
		if (s[n] == ' ')
			cut = n;
	}
	if (s[n] && cut)
		n = cut;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return xstrndup(s, n);
}

static void pick_title(struct tdoc *d)
{
	for (size_t i = 0; i < d->n && i < TITLE_SCAN_LINES; i++) {
		struct tline *l = &d->v[i];
		if (l->role != R_BODY && l->role != R_HEAD)
			continue;
		if (headline_shaped(l)) {
			d->title = xstrdup(l->s);
			d->title_is_line = true;
			l->role = R_DROP;
			return;
		}
	}
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].role == R_BODY && lines_is_prose(&d->v[i].st)) {
			d->title = first_sentence(d->v[i].s);
			return;
		}
}

/* First pass: per line, what it is on its own. */
static void classify(struct tdoc *d)
{
	for (size_t i = 0; i < d->n; i++) {
		struct tline *l = &d->v[i];
		take_date_prefix(d, l);
		if (l->kind != LINE_TEXT || is_date_line(d, l) || is_byline(d, l))
			l->role = R_DROP;
		else
			l->role = lines_is_prose(&l->st) ? R_BODY : R_HEAD;
	}
}

/* Blocks holding a placeholder line are cards for other stories. */
static void drop_cards(struct tdoc *d)
{
	for (size_t i = 0; i < d->n; i++) {
		if (d->v[i].kind != LINE_PLACEHOLDER)
			continue;
		for (size_t j = 0; j < d->n; j++)
			if (d->v[j].block == d->v[i].block)
				d->v[j].role = R_DROP;
	}
}

/* From the first paragraph to the first end marker; short lines stay only as subheadings
 * (one-line block, prose before and after). */
static void settle(struct tdoc *d)
{
	size_t first = d->n, words = 0;
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].role == R_BODY) {
			first = i;
			break;
		}
	for (size_t i = 0; i < d->n; i++) {
		struct tline *l = &d->v[i];
		if (i < first) {
			l->role = R_DROP;
			continue;
		}
		if (l->kind == LINE_END && words >= 10) {
			for (size_t j = i; j < d->n; j++)
				d->v[j].role = R_DROP;
			break;
		}
		if (d->title_is_line && !strcmp(l->s, d->title))
			l->role = R_DROP;
		if (l->role == R_BODY)
			words += l->st.words;
	}
	for (size_t i = 0; i < d->n; i++) {
		struct tline *l = &d->v[i];
		if (l->role != R_HEAD)
			continue;
		bool alone = (i == 0 || d->v[i - 1].block != l->block) &&
			     (i + 1 >= d->n || d->v[i + 1].block != l->block);
		bool before = false, after = false;
		for (size_t j = i; j-- > 0 && !before;)
			if (d->v[j].role == R_BODY)
				before = true;
		if (i + 1 < d->n && d->v[i + 1].role == R_BODY)
			after = true;
		if (!(alone && before && after && l->st.words >= 2 && !l->st.sentence_end))
			l->role = R_DROP;
	}
}

static void render_lines(const struct tdoc *d, struct buf *text, struct buf *html)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct tline *l = &d->v[i];
		if (l->role == R_DROP)
			continue;
		if (text->len)
			buf_puts(text, "\n\n");
		buf_puts(text, l->s);
		const char *tag = l->role == R_HEAD ? "h2" : "p";
		buf_printf(html, "<%s>", tag);
		for (const char *p = l->s; *p; p++) {
			if (*p == '&')
				buf_puts(html, "&amp;");
			else if (*p == '<')
				buf_puts(html, "&lt;");
			else if (*p == '>')
				buf_puts(html, "&gt;");
			else
				buf_putc(html, *p);
		}
		buf_printf(html, "</%s>\n", tag);
	}
}

int extract_text(const char *data, size_t len, struct extract_result *out, char **err)
{
	memset(out, 0, sizeof *out);
	if (len > TEXT_MAX_INPUT) {
		*err = xasprintf("document too large (%zu bytes, limit %u)", len, TEXT_MAX_INPUT);
		return -1;
	}
	if (len == 0 || !data) {
		*err = xstrdup("empty document");
		return -1;
	}
	if (charset_looks_binary(data, len)) {
		*err = xstrdup("binary data, not a text document");
		return -1;
	}
	/* everything we return is UTF-8; a Latin-1 or broken file gets U+FFFD for bad bytes */
	char *fixed = charset_valid_utf8(data, len, NULL) ? NULL : charset_fix_utf8(data, len);
	if (fixed) {
		data = fixed;
		len = strlen(fixed);
	}
	struct tdoc d = {0};
	d.date = DATE_NONE;
	struct buf text = BUF_INIT(0), html = BUF_INIT(0);
	split_lines(&d, data, len);
	classify(&d);
	drop_cards(&d);
	pick_title(&d);
	settle(&d);
	render_lines(&d, &text, &html);
	out->text = buf_detach(&text, NULL);
	out->html = buf_detach(&html, NULL);
	out->words = lines_count_words(out->text);
	out->title = d.title;
	out->byline = d.byline;
	d.title = d.byline = NULL;
	if (d.date != DATE_NONE) {
		char iso[DATE_ISO_LEN];
		out->date = xstrdup(date_format(d.date, iso));
	}
	tdoc_free(&d);
	free(fixed);
	return 0;
}
