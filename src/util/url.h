/*
 * url — URL normalization and resolution on top of libcurl's URL API.
 *
 * url_normalize: lower-cases scheme and host, drops default ports, the fragment, empty
 * query and tracking parameters (utm_*, fbclid, gclid, mc_cid, mc_eid, ...), and keeps
 * everything else byte for byte. Two URLs that name the same article normalize equal.
 * url_resolve: resolves ref against base (RFC 3986); an absolute ref is returned as is.
 * Both return a new string the caller frees, or NULL when the input is not a URL.
 * url_scheme_ok: true for http, https and file (what newsfold will fetch or read).
 * Thread-safety: reentrant.
 */
#ifndef UTIL_URL_H
#define UTIL_URL_H
#include <stdbool.h>

char *url_normalize(const char *url);
char *url_resolve(const char *base, const char *ref);
bool url_scheme_ok(const char *url);
char *url_host(const char *url);     /* lower-cased host or NULL; caller frees */
#endif
