/*
 * rank.c — see rank.h for the formula; logs keep one huge story from drowning the rest.
 */
#include "cluster/rank.h"

#include <math.h>

double rank_score(const struct rank_input *in, int64_t now)
{
	double n = (double)(in->articles + in->copies);
	double hours = (double)(in->last_seen - in->first_seen) / 3600.0;
	double velocity = n / (hours < 1 ? 1 : hours);
	double age = (double)(now - in->last_seen) / 3600.0;
	double breadth = 1 + 2 * log2(1 + (double)in->sources) + log2(1 + n);
	if (age < 0)
		age = 0;
	return breadth * (1 + log(1 + velocity)) * pow(0.5, age / RANK_HALF_LIFE);
}
