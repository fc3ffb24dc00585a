/*
 * progress.c — "label [#####     ] 120/2000 feeds, 345 new, 3 errors", redrawn in place
 * with \r. Redraws are throttled so thousands of fast completions cost no terminal time.
 */
#include "fetch/progress.h"
#include "util/util.h"

#include <stdio.h>
#include <unistd.h>

#define BAR_WIDTH 30

void fetch_progress_begin(struct fetch_progress *p, int want, const char *label, size_t total,
			  const int64_t *items, const int64_t *errors)
{
	p->on = want && isatty(STDERR_FILENO);
	p->label = label ? label : "fetch";
	p->done = 0;
	p->total = total;
	p->own_errors = 0;
	p->items = items;
	p->errors = errors;
	p->last_draw_ns = 0;
}

static void draw(struct fetch_progress *p)
{
	char bar[BAR_WIDTH + 1];
	size_t fill = p->total ? p->done * BAR_WIDTH / p->total : BAR_WIDTH;
	long long errs = p->errors ? (long long)*p->errors : (long long)p->own_errors;
	for (size_t i = 0; i < BAR_WIDTH; i++)
		bar[i] = i < fill ? '#' : ' ';
	bar[BAR_WIDTH] = '\0';
	fprintf(stderr, "\r%s [%s] %zu/%zu", p->label, bar, p->done, p->total);
	if (p->items)
		fprintf(stderr, ", %lld new", (long long)*p->items);
	fprintf(stderr, ", %lld error%s\033[K", errs, errs == 1 ? "" : "s");
	fflush(stderr);
	p->last_draw_ns = time_mono_ns();
}

void fetch_progress_step(struct fetch_progress *p, int failed)
{
	p->done++;
	if (failed)
		p->own_errors++;
	if (p->on && (p->done == p->total || time_mono_ns() - p->last_draw_ns > 100000000))
		draw(p);
}

void fetch_progress_end(struct fetch_progress *p)
{
	if (!p->on)
		return;
	draw(p);
	fputc('\n', stderr);
}
