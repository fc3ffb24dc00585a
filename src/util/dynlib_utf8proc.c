/*
 * dynlib_utf8proc.c — utf8proc, loaded on first use (see dynlib.h): only the text
 * commands normalize Unicode, and a library on the link line costs every command its
 * mapping and relocation at start (`newsfold parse` among them).
 */
#include "util/dynlib.h"

#include <pthread.h>
#include <utf8proc.h>

#define SONAME "libutf8proc.so.2"

#define UTF8PROC_FUNCS(X) X(utf8proc_category) X(utf8proc_iterate) X(utf8proc_map)

DYNLIB_LIBRARY("libutf8proc2", UTF8PROC_FUNCS)

DYNLIB_FORWARD(utf8proc_category_t, utf8proc_category, (utf8proc_int32_t codepoint), (codepoint))
DYNLIB_FORWARD(utf8proc_ssize_t, utf8proc_iterate,
	       (const utf8proc_uint8_t *str, utf8proc_ssize_t strlen,
		utf8proc_int32_t *codepoint_ref),
	       (str, strlen, codepoint_ref))
DYNLIB_FORWARD(utf8proc_ssize_t, utf8proc_map,
	       (const utf8proc_uint8_t *str, utf8proc_ssize_t strlen, utf8proc_uint8_t **dstptr,
		utf8proc_option_t options),
	       (str, strlen, dstptr, options))
