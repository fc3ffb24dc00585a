/*
 * log — one-line diagnostics on stderr.
 *
 * Levels: error, warn, info, debug; the threshold comes from log_set_level or the
 * NEWSFOLD_LOG environment variable (error|warn|info|debug). Lines are "newsfold: LEVEL: msg".
 * Never pass a password, token or cookie to these functions: callers redact first
 * (log_redact_url strips userinfo and query strings that look like credentials).
 * Thread-safety: each call writes one line with one fputs, safe from any thread.
 */
#ifndef UTIL_LOG_H
#define UTIL_LOG_H
#include <stddef.h>

enum log_level { LOG_ERROR = 0, LOG_WARN, LOG_INFO, LOG_DEBUG };

void log_set_level(enum log_level lvl);
enum log_level log_get_level(void);
void log_msg(enum log_level lvl, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

/* Copy url into out (size n) without user:password@ and with values of query parameters
 * named like secrets (token, key, password, auth, sig) replaced by "REDACTED". */
void log_redact_url(const char *url, char *out, size_t n);
#endif
