/*
 * dynlib_stemmer.c — libstemmer (Snowball), loaded on first use (see dynlib.h). Its
 * stemmers' tables are relocated at load: ~90 page faults, a third of what every
 * command's start cost, for the few commands that stem (text/lang.c).
 */
#include "util/dynlib.h"

#include <libstemmer.h>
#include <pthread.h>

#define SONAME "libstemmer.so.0d"

#define STEMMER_FUNCS(X) X(sb_stemmer_new) X(sb_stemmer_delete) X(sb_stemmer_stem) X(sb_stemmer_length)

DYNLIB_LIBRARY("libstemmer0d", STEMMER_FUNCS)

void (sb_stemmer_delete)(struct sb_stemmer *s)
{
	/* NULL is a no-op in libstemmer; no stemmer exists before the load */
	if (s) {
		need();
		F.sb_stemmer_delete(s);
	}
}

DYNLIB_FORWARD(struct sb_stemmer *, sb_stemmer_new, (const char *algorithm, const char *charenc),
	       (algorithm, charenc))
DYNLIB_FORWARD(const sb_symbol *, sb_stemmer_stem,
	       (struct sb_stemmer * s, const sb_symbol *word, int size), (s, word, size))
DYNLIB_FORWARD(int, sb_stemmer_length, (struct sb_stemmer * s), (s))
