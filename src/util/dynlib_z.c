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

DYNLIB_LIBRARY("zlib1g", Z_FUNCS)

DYNLIB_FORWARD(gzFile, gzopen, (const char *path, const char *mode), (path, mode))
DYNLIB_FORWARD(gzFile, gzdopen, (int fd, const char *mode), (fd, mode))
DYNLIB_FORWARD(int, gzread, (gzFile file, voidp buf, unsigned len), (file, buf, len))
DYNLIB_FORWARD(const char *, gzerror, (gzFile file, int *errnum), (file, errnum))
DYNLIB_FORWARD(int, gzclose, (gzFile file), (file))
