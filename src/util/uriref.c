/*
 * uriref.c — RFC 3986's URI-reference grammar as a recognizer: each production takes the
 * text at p and returns where it stops (or NULL where the production fails). Only the
 * authority can fail inside a URI (an unclosed '[', a ':' with no port digits); the
 * paths, query and fragment take what they can, and the string is valid when what is
 * left at the end is nothing. See uriref.h for where libxml2's reading differs from the
 * RFC's, which is the reading kept here.
 */
#include "util/uriref.h"

#include <stddef.h>

static bool alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool hexdig(char c)
{
	return digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static bool unreserved(char c)
{
	return alpha(c) || digit(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

static bool sub_delim(char c)
{
	return c == '!' || c == '$' || c == '&' || c == '\'' || c == '(' || c == ')' ||
	       c == '*' || c == '+' || c == ',' || c == ';' || c == '=';
}

/* A "%" HEXDIG HEXDIG at p: its length, else 0. p[1] is only read when p[0] is '%', p[2]
 * when p[1] is a digit, so the string's end is never passed. */
static size_t pct(const char *p)
{
	return p[0] == '%' && hexdig(p[1]) && hexdig(p[2]) ? 3 : 0;
}

/* One pchar (unreserved / pct-encoded / sub-delims / ":" / "@") at p: its length or 0. */
static size_t pchar(const char *p)
{
	if (*p == '%')
		return pct(p);
	return unreserved(*p) || sub_delim(*p) || *p == ':' || *p == '@';
}

/* segment = *pchar, stopping early at `stop` (the ':' a first relative segment may not
 * hold); 0 for no stop. */
static const char *segment(const char *p, char stop)
{
	size_t n;
	while (*p != stop && (n = pchar(p)))
		p += n;
	return p;
}

/* *( "/" segment ) */
static const char *more_segments(const char *p)
{
	while (*p == '/')
		p = segment(p + 1, 0);
	return p;
}

/* path-absolute = "/" [ segment-nz *( "/" segment ) ], p at the "/" */
static const char *path_absolute(const char *p)
{
	p++;
	return pchar(p) ? more_segments(segment(p, 0)) : p;
}

/* userinfo / reg-name characters: unreserved / pct-encoded / sub-delims, and ':' where
 * colon is set. Returns where they stop. */
static const char *run(const char *p, bool colon)
{
	size_t n;
	for (;;) {
		if (*p == '%' && (n = pct(p)))
			p += n;
		else if (unreserved(*p) || sub_delim(*p) || (colon && *p == ':'))
			p++;
		else
			return p;
	}
}

/* authority = [ userinfo "@" ] host [ ":" port ], p just past the "//" */
static const char *authority(const char *p)
{
	const char *q = run(p, true);
	if (*q == '@')
		p = q + 1;
	if (*p == '[') {   /* IP-literal: libxml2 takes whatever lies before the ']' */
		while (*p && *p != ']')
			p++;
		if (!*p)
			return NULL;
		p++;
	} else {
		p = run(p, false);
	}
	if (*p == ':') {
		if (!digit(*++p))
			return NULL;
		while (digit(*p))
			p++;
	}
	return p;
}

/* [ "?" query ] [ "#" fragment ], then the end of the string */
static bool tail(const char *p)
{
	size_t n;
	if (*p == '?')
		for (p++; (n = pchar(p)) || *p == '/' || *p == '?'; p += n ? n : 1)
			;
	if (*p == '#')
		for (p++; (n = pchar(p)) || *p == '/' || *p == '?' || *p == '[' || *p == ']';
		     p += n ? n : 1)
			;
	return *p == '\0';
}

/* "//" authority path-abempty, or NULL */
static const char *net_path(const char *p)
{
	p = authority(p + 2);
	return p ? more_segments(p) : NULL;
}

/* URI = scheme ":" hier-part [ "?" query ] [ "#" fragment ] */
static bool absolute(const char *p)
{
	if (!alpha(*p))
		return false;
	while (alpha(*p) || digit(*p) || *p == '+' || *p == '-' || *p == '.')
		p++;
	if (*p++ != ':')
		return false;
	if (p[0] == '/' && p[1] == '/')
		p = net_path(p);
	else if (*p == '/')
		p = path_absolute(p);
	else if (pchar(p))
		p = more_segments(segment(p, 0));
	return p && tail(p);
}

/* relative-ref = relative-part [ "?" query ] [ "#" fragment ] */
static bool relative(const char *p)
{
	if (p[0] == '/' && p[1] == '/')
		p = net_path(p);
	else if (*p == '/')
		p = path_absolute(p);
	else if (pchar(p))
		p = more_segments(segment(p, ':'));
	return p && tail(p);
}

bool uriref_valid(const char *s)
{
	return absolute(s) || relative(s);
}
