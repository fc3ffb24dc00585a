/*
 * dynlib_m.c — libm, loaded on first use (see dynlib.h): only the clustering code
 * (cluster/rank.c, engine.c, vocab.c) calls it, and a library on the link line costs every
 * command its mapping and relocation at start (libm: 9 page faults, its IFUNC resolvers
 * touching scattered code pages, ~3% of a `parse --batch` of the feedparser corpus).
 * The functions are glibc's own, resolved by name (each default version, the one the
 * linker would bind), so results are bit-identical. gcc computes sqrt and sqrtf inline
 * (sqrtsd/sqrtss) and calls them only to set errno for a negative argument.
 */
#include "util/dynlib.h"

#include <math.h>
#include <pthread.h>

#define SONAME "libm.so.6"

#define M_FUNCS(X) X(log) X(log2) X(logf) X(pow) X(sqrt) X(sqrtf)

static struct {
	M_FUNCS(DYNLIB_MEMBER)
} F;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void)
{
	void *h = dynlib_open(SONAME, "libc6");
	M_FUNCS(DYNLIB_RESOLVE)
}

double (log)(double x)
{
	pthread_once(&once, load);
	return F.log(x);
}

double (log2)(double x)
{
	pthread_once(&once, load);
	return F.log2(x);
}

float (logf)(float x)
{
	pthread_once(&once, load);
	return F.logf(x);
}

double (pow)(double x, double y)
{
	pthread_once(&once, load);
	return F.pow(x, y);
}

double (sqrt)(double x)
{
	pthread_once(&once, load);
	return F.sqrt(x);
}

float (sqrtf)(float x)
{
	pthread_once(&once, load);
	return F.sqrtf(x);
}
