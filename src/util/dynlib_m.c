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

DYNLIB_LIBRARY("libc6", M_FUNCS)

DYNLIB_FORWARD(double, log, (double x), (x))
DYNLIB_FORWARD(double, log2, (double x), (x))
DYNLIB_FORWARD(float, logf, (float x), (x))
DYNLIB_FORWARD(double, pow, (double x, double y), (x, y))
DYNLIB_FORWARD(double, sqrt, (double x), (x))
DYNLIB_FORWARD(float, sqrtf, (float x), (x))
