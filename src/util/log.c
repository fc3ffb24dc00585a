/*
 * log.c — leveled stderr logging with a redaction helper for URLs.
 */
#include "util/log.h"
#include "util/util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int level = -1;

static const char *const names[] = { "error", "warn", "info", "debug" };

void log_set_level(enum log_level lvl)
{
	level = (int)lvl;
}

enum log_level log_get_level(void)
{
	if (level < 0) {
		const char *e = getenv("NEWSFOLD_LOG");
		level = LOG_WARN;
		for (int i = 0; e && i < 4; i++)
			if (strcmp(e, names[i]) == 0)
				level = i;
	}
	return (enum log_level)level;
}

void log_msg(enum log_level lvl, const char *fmt, ...)
{
	char line[2048];
	int n;
	va_list ap;
	if ((int)lvl > (int)log_get_level())
		return;
	n = snprintf(line, sizeof line, "newsfold: %s: ", names[lvl]);
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
	va_end(ap);
	n = (int)strlen(line);
	line[n] = '\n';
	line[n + 1] = '\0';
	fputs(line, stderr);
}

static int secret_name(const char *p, size_t n)
{
	static const char *const words[] = { "token", "key", "pass", "auth", "sig", "secret", "session" };
	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		for (size_t j = 0; j + strlen(words[i]) <= n; j++)
			if (str_ncasecmp(p + j, words[i], strlen(words[i])) == 0)
				return 1;
	return 0;
}

void log_redact_url(const char *url, char *out, size_t n)
{
	struct { char *p; size_t left; } o = { out, n };
	const char *s = url, *at, *scheme = strstr(url, "://"), *q;
	if (!n)
		return;
#define PUT(ch) do { if (o.left > 1) { *o.p++ = (ch); o.left--; } } while (0)
	if (scheme) {
		const char *host = scheme + 3, *slash = host + strcspn(host, "/?#");
		at = memchr(host, '@', (size_t)(slash - host));
		while (s < host)
			PUT(*s++);
		if (at)
			s = at + 1;
	}
	q = strchr(s, '?');
	while (*s && (!q || s <= q))
		PUT(*s++);
	while (q && *s) {
		const char *eq = s + strcspn(s, "=&#"), *end = s + strcspn(s, "&#");
		int secret = *eq == '=' && secret_name(s, (size_t)(eq - s));
		while (s < (secret ? eq + 1 : end))
			PUT(*s++);
		if (secret) {
			for (const char *r = "REDACTED"; *r; r++)
				PUT(*r);
			s = end;
		}
		if (*s == '#')
			break;
		if (*s)
			PUT(*s++);
	}
	*o.p = '\0';
#undef PUT
}
