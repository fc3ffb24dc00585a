/*
 * dynlib — the shared libraries only some commands need, loaded when first used.
 *
 * Why: every library on the link line is mapped and relocated before main() runs, for
 * every command. libcurl (with its TLS, Kerberos, LDAP, SSH chain), libmicrohttpd (GnuTLS)
 * and libcrypto cost ~20 ms of CPU at each start — 4x the whole run of `newsfold parse`
 * on a small feed. So they are not on the link line: the program defines, in
 * dynlib_curl.c, dynlib_mhd.c and dynlib_crypto.c, each function of theirs it calls, with
 * the library's own prototype (from its header, so the compiler checks every call site as
 * before); the first call dlopen()s the library and resolves every function the program
 * uses, once (pthread_once), and each shim forwards to the real one.
 *
 * Contract: dynlib_open returns a handle or ends the program with one line naming the
 * library and the Debian package that provides it (exit 70, like out-of-memory: the install
 * is broken and no caller can do anything useful). dynlib_sym does the same for a missing
 * function. Libraries are never unloaded. Thread-safety: both are reentrant; the shims
 * load under pthread_once.
 * Limits: only libraries whose API the program uses through functions (no global
 * variables) can be loaded this way; the shims' symbols are not exported (the executable
 * is not linked -rdynamic), so the loaded library's own calls never reach them.
 */
#ifndef UTIL_DYNLIB_H
#define UTIL_DYNLIB_H

void *dynlib_open(const char *soname, const char *package);
void *dynlib_sym(void *handle, const char *soname, const char *name);
#endif
