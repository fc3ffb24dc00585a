/*
 * dynlib_xxhash.c — libxxhash, loaded on first use (see dynlib.h): only the commands that
 * hash article text use it, and a library on the link line costs every command its
 * mapping and relocation at start (`newsfold parse` among them).
 */
#include "util/dynlib.h"

#include <pthread.h>
#include <xxhash.h>

#define SONAME "libxxhash.so.0"

#define XXH_FUNCS(X)                                                                           \
	X(XXH32) X(XXH3_128bits_digest) X(XXH3_128bits_reset) X(XXH3_128bits_update)           \
	X(XXH3_createState) X(XXH3_freeState)

static struct {
	XXH_FUNCS(DYNLIB_MEMBER)
} F;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void)
{
	void *h = dynlib_open(SONAME, "libxxhash0");
	XXH_FUNCS(DYNLIB_RESOLVE)
}

XXH32_hash_t (XXH32)(const void *input, size_t length, XXH32_hash_t seed)
{
	pthread_once(&once, load);
	return F.XXH32(input, length, seed);
}

XXH3_state_t *(XXH3_createState)(void)
{
	pthread_once(&once, load);
	return F.XXH3_createState();
}

XXH_errorcode (XXH3_freeState)(XXH3_state_t *statePtr)
{
	pthread_once(&once, load);
	return F.XXH3_freeState(statePtr);
}

XXH_errorcode (XXH3_128bits_reset)(XXH3_state_t *statePtr)
{
	pthread_once(&once, load);
	return F.XXH3_128bits_reset(statePtr);
}

XXH_errorcode (XXH3_128bits_update)(XXH3_state_t *statePtr, const void *input, size_t length)
{
	pthread_once(&once, load);
	return F.XXH3_128bits_update(statePtr, input, length);
}

XXH128_hash_t (XXH3_128bits_digest)(const XXH3_state_t *statePtr)
{
	pthread_once(&once, load);
	return F.XXH3_128bits_digest(statePtr);
}
