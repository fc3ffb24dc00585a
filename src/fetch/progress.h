/*
 * progress — the one-line progress bar fetch draws on a terminal (stderr).
 *
 * Internal to fetch (fetch_run drives it); kept apart so the drawing rules (throttled to
 * ~10 redraws a second, always a final redraw, cleared line on finish) live in one place.
 * Does nothing when stderr is not a terminal or progress is off.
 */
#ifndef FETCH_PROGRESS_H
#define FETCH_PROGRESS_H
#include <stddef.h>
#include <stdint.h>

struct fetch_progress {
	int on;
	const char *label;
	size_t done, total, own_errors;
	const int64_t *items, *errors;
	int64_t last_draw_ns;
};

void fetch_progress_begin(struct fetch_progress *p, int want, const char *label, size_t total,
			  const int64_t *items, const int64_t *errors);
void fetch_progress_step(struct fetch_progress *p, int failed);
void fetch_progress_end(struct fetch_progress *p);
#endif
