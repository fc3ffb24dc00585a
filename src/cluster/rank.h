/*
 * rank — the order of top stories: breadth (distinct outlets) first, then size, velocity
 * (articles per hour over the story's life) and recency (half-life RANK_HALF_LIFE hours
 * from "now", the newest story's last article, so an old sample set still ranks sensibly).
 *
 *   score = (1 + 2 log2(1 + sources) + log2(1 + articles + copies))
 *           x (1 + ln(1 + velocity)) x 0.5^((now - last_seen) / half-life)
 *
 * Pure function; thread-safe. The reader's own signals are a later factor.
 */
#ifndef CLUSTER_RANK_H
#define CLUSTER_RANK_H
#include <stdint.h>

#define RANK_HALF_LIFE 12.0

struct rank_input {
	int64_t sources, articles, copies, first_seen, last_seen;
};

double rank_score(const struct rank_input *in, int64_t now);
#endif
