/*
 * dynlib_curl.c — libcurl, loaded on first use (see dynlib.h for why and how).
 *
 * Every libcurl function newsfold calls is defined here with curl.h's prototype and
 * forwards to the real one. The library is initialised once, with CURL_GLOBAL_DEFAULT
 * (the only flags the program uses), right after it is loaded and before any other call
 * (pthread_once), so curl_global_init needs no caller any more; it only loads.
 * curl_global_cleanup does nothing unless the library was loaded.
 * The variadic setters read their argument the way libcurl does: the option number's
 * range says its type (CURLOPTTYPE_*: long, pointer, function pointer, curl_off_t, blob),
 * and curl_easy_getinfo always takes a pointer.
 */
#include "util/dynlib.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdarg.h>

#define SONAME "libcurl.so.4"

#define CURL_FUNCS(X)                                                                         \
	X(curl_global_init) X(curl_global_cleanup) X(curl_free) X(curl_easy_init)                 \
	X(curl_easy_cleanup) X(curl_easy_setopt) X(curl_easy_getinfo) X(curl_easy_strerror)       \
	X(curl_multi_init) X(curl_multi_cleanup) X(curl_multi_add_handle)                         \
	X(curl_multi_remove_handle) X(curl_multi_perform) X(curl_multi_poll)                      \
	X(curl_multi_info_read) X(curl_multi_setopt) X(curl_slist_append) X(curl_slist_free_all)  \
	X(curl_url) X(curl_url_cleanup) X(curl_url_get) X(curl_url_set)

static struct {
	CURL_FUNCS(DYNLIB_MEMBER)
} F;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static int loaded;
static CURLcode init_rc;

static void load(void)
{
	void *h = dynlib_open(SONAME, "libcurl4");
	CURL_FUNCS(DYNLIB_RESOLVE)
	init_rc = F.curl_global_init(CURL_GLOBAL_DEFAULT);
	loaded = 1;
}

static void need(void)
{
	pthread_once(&once, load);
}

CURLcode (curl_global_init)(long flags)
{
	(void)flags;
	need();
	return init_rc;
}

void (curl_global_cleanup)(void)
{
	/* Reading `loaded` without the once: cleanup runs single-threaded at exit, by contract. */
	if (loaded)
		F.curl_global_cleanup();
}

void (curl_free)(void *p)
{
	if (p) {
		need();
		F.curl_free(p);
	}
}

/* The three variadic functions are hand-written: each passes on its one argument by type. */
CURLcode (curl_easy_setopt)(CURL *h, CURLoption opt, ...)
{
	va_list ap;
	CURLcode rc;
	need();
	va_start(ap, opt);
	if (opt < CURLOPTTYPE_OBJECTPOINT)
		rc = (F.curl_easy_setopt)(h, opt, va_arg(ap, long));
	else if (opt < CURLOPTTYPE_FUNCTIONPOINT)
		rc = (F.curl_easy_setopt)(h, opt, va_arg(ap, void *));
	else if (opt < CURLOPTTYPE_OFF_T)
		rc = (F.curl_easy_setopt)(h, opt, va_arg(ap, void (*)(void)));
	else if (opt < CURLOPTTYPE_BLOB)
		rc = (F.curl_easy_setopt)(h, opt, va_arg(ap, curl_off_t));
	else
		rc = (F.curl_easy_setopt)(h, opt, va_arg(ap, void *));
	va_end(ap);
	return rc;
}

CURLcode (curl_easy_getinfo)(CURL *h, CURLINFO info, ...)
{
	va_list ap;
	CURLcode rc;
	need();
	va_start(ap, info);
	rc = (F.curl_easy_getinfo)(h, info, va_arg(ap, void *));
	va_end(ap);
	return rc;
}

CURLMcode (curl_multi_setopt)(CURLM *m, CURLMoption opt, ...)
{
	va_list ap;
	CURLMcode rc;
	need();
	va_start(ap, opt);
	if (opt < CURLOPTTYPE_OBJECTPOINT)
		rc = (F.curl_multi_setopt)(m, opt, va_arg(ap, long));
	else if (opt < CURLOPTTYPE_FUNCTIONPOINT)
		rc = (F.curl_multi_setopt)(m, opt, va_arg(ap, void *));
	else if (opt < CURLOPTTYPE_OFF_T)
		rc = (F.curl_multi_setopt)(m, opt, va_arg(ap, void (*)(void)));
	else
		rc = (F.curl_multi_setopt)(m, opt, va_arg(ap, curl_off_t));
	va_end(ap);
	return rc;
}

DYNLIB_FORWARD(CURL *, curl_easy_init, (void), ())
DYNLIB_FORWARD_VOID(curl_easy_cleanup, (CURL * h), (h))
DYNLIB_FORWARD(const char *, curl_easy_strerror, (CURLcode code), (code))
DYNLIB_FORWARD(CURLM *, curl_multi_init, (void), ())
DYNLIB_FORWARD(CURLMcode, curl_multi_cleanup, (CURLM * m), (m))
DYNLIB_FORWARD(CURLMcode, curl_multi_add_handle, (CURLM * m, CURL *h), (m, h))
DYNLIB_FORWARD(CURLMcode, curl_multi_remove_handle, (CURLM * m, CURL *h), (m, h))
DYNLIB_FORWARD(CURLMcode, curl_multi_perform, (CURLM * m, int *running), (m, running))
DYNLIB_FORWARD(CURLMcode, curl_multi_poll,
	       (CURLM * m, struct curl_waitfd extra[], unsigned n, int timeout_ms, int *numfds),
	       (m, extra, n, timeout_ms, numfds))
DYNLIB_FORWARD(CURLMsg *, curl_multi_info_read, (CURLM * m, int *left), (m, left))
DYNLIB_FORWARD(struct curl_slist *, curl_slist_append, (struct curl_slist * l, const char *s),
	       (l, s))
DYNLIB_FORWARD_VOID(curl_slist_free_all, (struct curl_slist * l), (l))
DYNLIB_FORWARD(CURLU *, curl_url, (void), ())
DYNLIB_FORWARD_VOID(curl_url_cleanup, (CURLU * u), (u))
DYNLIB_FORWARD(CURLUcode, curl_url_get,
	       (CURLU * u, CURLUPart what, char **part, unsigned int flags), (u, what, part, flags))
DYNLIB_FORWARD(CURLUcode, curl_url_set,
	       (CURLU * u, CURLUPart what, const char *part, unsigned int flags),
	       (u, what, part, flags))
