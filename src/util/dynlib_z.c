/*
 * dynlib_z.c — zlib, loaded on first use (see dynlib.h): only reading gzip'd local files
 * needs it here (libcurl brings its own copy when it decompresses), and a library on the
 * link line costs every command its mapping and relocation at start.
 */
#include "util/dynlib.h"

#include <pthread.h>
#include <zlib.h>

#define SONAME "libz.so.1"

#define Z_FUNCS(X) X(gzclose) X(gzdopen) X(gzerror) X(gzopen) X(gzread)

static struct {
	Z_FUNCS(DYNLIB_MEMBER)
} F;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void)
{
	void *h = dynlib_open(SONAME, "zlib1g");
	Z_FUNCS(DYNLIB_RESOLVE)
}

gzFile (gzopen)(const char *path, const char *mode)
{
	pthread_once(&once, load);
	return F.gzopen(path, mode);
}

gzFile (gzdopen)(int fd, const char *mode)
{
	pthread_once(&once, load);
	return F.gzdopen(fd, mode);
}

int (gzread)(gzFile file, voidp buf, unsigned len)
{
	pthread_once(&once, load);
	return F.gzread(file, buf, len);
}

const char *(gzerror)(gzFile file, int *errnum)
{
	pthread_once(&once, load);
	return F.gzerror(file, errnum);
}

int (gzclose)(gzFile file)
{
	pthread_once(&once, load);
	return F.gzclose(file);
}
