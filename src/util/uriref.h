/*
 * uriref — is a string a URI reference (RFC 3986), as libxml2 2.9 decides it?
 *
 * XML Namespaces require a namespace name to be a URI reference; libxml2 reports one that
 * xmlParseURI refuses, and the fast feed parser (parse/xmltok.c) gives up on such a
 * document so libxml2 can parse it. Calling xmlParseURI for that loaded libxml2 (and ICU)
 * for nearly every feed, so this is the same decision without it: xmlParseURI's grammar
 * (RFC 3986's URI, else its relative-ref, each to the end of the string) with the
 * quirks of libxml2 2.9.14, not the RFC's letter where they differ: an IP literal is any
 * text between '[' and ']'; an IPv4 address is read as a reg-name; '[' and ']' are allowed
 * in the fragment. Only ASCII can match; any other byte makes the string invalid.
 *
 * tests/unit/test_uriref.c compares the answers with xmlParseURI's on generated strings.
 * Contract: s is NUL-terminated; no allocation; reentrant.
 */
#ifndef UTIL_URIREF_H
#define UTIL_URIREF_H
#include <stdbool.h>

bool uriref_valid(const char *s);
#endif
