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

static struct {
	STEMMER_FUNCS(DYNLIB_MEMBER)
} F;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void)
{
	void *h = dynlib_open(SONAME, "libstemmer0d");
	STEMMER_FUNCS(DYNLIB_RESOLVE)
}

struct sb_stemmer *(sb_stemmer_new)(const char *algorithm, const char *charenc)
{
	pthread_once(&once, load);
	return F.sb_stemmer_new(algorithm, charenc);
}

void (sb_stemmer_delete)(struct sb_stemmer *s)
{
	/* NULL is a no-op in libstemmer; no stemmer exists before the load */
	if (s) {
		pthread_once(&once, load);
		F.sb_stemmer_delete(s);
	}
}

const sb_symbol *(sb_stemmer_stem)(struct sb_stemmer *s, const sb_symbol *word, int size)
{
	pthread_once(&once, load);
	return F.sb_stemmer_stem(s, word, size);
}

int (sb_stemmer_length)(struct sb_stemmer *s)
{
	pthread_once(&once, load);
	return F.sb_stemmer_length(s);
}
