/*
 * dynlib — the shared libraries only some commands need, loaded when first used.
 *
 * Why: every library on the link line is mapped and relocated before main() runs, for
 * every command. libcurl (with its TLS, Kerberos, LDAP, SSH chain), libmicrohttpd (GnuTLS)
 * and libcrypto cost ~20 ms of CPU at each start — 4x the whole run of `newsfold parse`
 * on a small feed; libxml2 (with ICU, libstdc++ and liblzma), libstemmer and SQLite most
 * of what was left. So they are not on the link line: the program defines,
 * in dynlib_curl.c, dynlib_mhd.c, dynlib_crypto.c, dynlib_xml.c, dynlib_stemmer.c and
 * dynlib_sqlite.c (and libm's few functions, for clustering only, in dynlib_m.c), each
 * function of theirs it calls, with
 * the library's own prototype (from its header, so the compiler checks every call site as
 * before); the first call dlopen()s the library and resolves every function the program
 * uses, once (pthread_once), and each shim forwards to the real one.
 *
 * Contract: dynlib_open returns a handle or ends the program with one line naming the
 * library and the Debian package that provides it (exit 70, like out-of-memory: the install
 * is broken and no caller can do anything useful). dynlib_sym does the same for a missing
 * function. Libraries are never unloaded. Thread-safety: both are reentrant; the shims
 * load under pthread_once.
 * Limits: only libraries whose API the program uses through functions can be loaded this
 * way; the shims' symbols are not exported (the executable is not linked -rdynamic), so
 * the loaded library's own calls never reach them. libxml2's three global variables the
 * program uses are the exception, handled in dynlib_xml.c: xmlFree is defined there, and
 * the library's xmlStringText and xmlStringComment (node names libxml2 compares by
 * address) are reached through the two functions below, which load the library.
 */
#ifndef UTIL_DYNLIB_H
#define UTIL_DYNLIB_H

void *dynlib_open(const char *soname, const char *package);
/* For the dynlib_*.c files, each of which lists the functions it forwards as FUNCS(X):
 * FUNCS(DYNLIB_MEMBER) declares the table's pointers, each with its function's own type;
 * FUNCS(DYNLIB_RESOLVE) fills a table named F from handle h of library SONAME. */
#define DYNLIB_MEMBER(name) __typeof__(name) *name;
#define DYNLIB_RESOLVE(name) F.name = (__typeof__(name) *)dynlib_sym(h, SONAME, #name);
void *dynlib_sym(void *handle, const char *soname, const char *name);

/* libxml2's xmlStringText and xmlStringComment (const xmlChar *). */
const unsigned char *dynlib_xml_string_text(void);
const unsigned char *dynlib_xml_string_comment(void);
#endif
