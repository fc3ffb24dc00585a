/*
 * dynlib.c — dlopen/dlsym with the program's failure policy (see dynlib.h).
 */
#include "util/dynlib.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

static void broken(const char *what, const char *soname, const char *package)
{
	const char *why = dlerror();
	fprintf(stderr, "newsfold: cannot load %s from %s (%s)%s%s%s\n", what, soname,
		why ? why : "unknown error", package ? "; is the Debian package " : "",
		package ? package : "", package ? " installed?" : "");
	exit(70);
}

void *dynlib_open(const char *soname, const char *package)
{
	/* RTLD_NOW: a missing symbol shows here, not in the middle of a transfer. */
	void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	if (!h)
		broken(soname, soname, package);
	return h;
}

void *dynlib_sym(void *handle, const char *soname, const char *name)
{
	void *p;
	dlerror();
	p = dlsym(handle, name);
	if (!p)
		broken(name, soname, NULL);
	return p;
}
