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

DYNLIB_LIBRARY("libxxhash0", XXH_FUNCS)

DYNLIB_FORWARD(XXH32_hash_t, XXH32, (const void *input, size_t length, XXH32_hash_t seed),
	       (input, length, seed))
DYNLIB_FORWARD(XXH3_state_t *, XXH3_createState, (void), ())
DYNLIB_FORWARD(XXH_errorcode, XXH3_freeState, (XXH3_state_t * statePtr), (statePtr))
DYNLIB_FORWARD(XXH_errorcode, XXH3_128bits_reset, (XXH3_state_t * statePtr), (statePtr))
DYNLIB_FORWARD(XXH_errorcode, XXH3_128bits_update,
	       (XXH3_state_t * statePtr, const void *input, size_t length),
	       (statePtr, input, length))
DYNLIB_FORWARD(XXH128_hash_t, XXH3_128bits_digest, (const XXH3_state_t *statePtr), (statePtr))
