/*
 * dynlib — the shared libraries only some commands need, loaded when first used.
 *
 * Why: every library on the link line is mapped and relocated before main() runs, for
 * every command. libcurl (with its TLS, Kerberos, LDAP, SSH chain), libmicrohttpd (GnuTLS)
 * and libcrypto cost ~20 ms of CPU at each start — 4x the whole run of `newsfold parse`
 * on a small feed; libxml2 (with ICU, libstdc++ and liblzma), libstemmer and SQLite most
 * of what was left. So they are not on the link line: the program defines,
 * in dynlib_curl.c, dynlib_mhd.c, dynlib_crypto.c, dynlib_xml.c, dynlib_stemmer.c,
 * dynlib_sqlite.c, dynlib_utf8proc.c, dynlib_sodium.c, dynlib_xxhash.c and dynlib_z.c
 * (and libm's few functions, for clustering only, in dynlib_m.c), each function of theirs
 * it calls, with the library's own prototype (from its header, so the compiler checks
 * every call site as before, and every shim against the header's declaration); the first
 * call dlopen()s the library and resolves every function the program uses, once
 * (pthread_once), and each shim forwards to the real one. The macros below write the
 * repeated parts: the table, the once and the load (DYNLIB_LIBRARY) and the one-line
 * forwarders (DYNLIB_FORWARD/_VOID); a shim that does more than forward (variadic, NULL
 * fast path, deferred init) stays hand-written.
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
void *dynlib_sym(void *handle, const char *soname, const char *name);

/* For the dynlib_*.c files, each of which #defines SONAME and lists the functions it
 * forwards as FUNCS(X) (and includes <pthread.h> and the library's header):
 * FUNCS(DYNLIB_MEMBER) declares the table's pointers, each with its function's own type;
 * FUNCS(DYNLIB_RESOLVE) fills a table named F from handle h of library SONAME. */
#define DYNLIB_MEMBER(name) __typeof__(name) *name;
#define DYNLIB_RESOLVE(name) F.name = (__typeof__(name) *)dynlib_sym(h, SONAME, #name);

/* DYNLIB_LIBRARY(PACKAGE, FUNCS) defines the table F of FUNCS, its pthread_once, load()
 * (dynlib_open of SONAME, naming Debian package PACKAGE if missing, then every FUNCS
 * resolved) and need(), which loads once. A file whose load does more (dynlib_curl.c,
 * dynlib_xml.c) writes these four itself, with the same names. */
#define DYNLIB_LIBRARY(PACKAGE, FUNCS)                                                         \
	static struct {                                                                        \
		FUNCS(DYNLIB_MEMBER)                                                           \
	} F;                                                                                   \
	static pthread_once_t once = PTHREAD_ONCE_INIT;                                        \
	static void load(void)                                                                 \
	{                                                                                      \
		void *h = dynlib_open(SONAME, PACKAGE);                                        \
		FUNCS(DYNLIB_RESOLVE)                                                          \
	}                                                                                      \
	static void need(void)                                                                 \
	{                                                                                      \
		pthread_once(&once, load);                                                     \
	}

/* DYNLIB_FORWARD(ret, name, (params), (args)) defines `ret name(params)`, which loads the
 * library (need()) and returns F.name(args); DYNLIB_FORWARD_VOID(name, (params), (args))
 * the same for a function returning void. `(name)` is parenthesised so that a header's
 * function-like macro of that name does not expand, and the definition is checked against
 * the header's prototype like any other. */
#define DYNLIB_FORWARD(ret, name, params, args)                                                \
	ret(name) params                                                                       \
	{                                                                                      \
		need();                                                                        \
		return F.name args;                                                            \
	}
#define DYNLIB_FORWARD_VOID(name, params, args)                                                \
	void(name) params                                                                      \
	{                                                                                      \
		need();                                                                        \
		F.name args;                                                                   \
	}

/* libxml2's xmlStringText and xmlStringComment (const xmlChar *). */
const unsigned char *dynlib_xml_string_text(void);
const unsigned char *dynlib_xml_string_comment(void);
#endif
