/*
 * dynlib_sodium.c — libsodium, loaded on first use (see dynlib.h): only accounts (password
 * hashes, session tokens) and the Fever API use it, and a library on the link line costs
 * every command its mapping and relocation at start (`newsfold parse` among them).
 * sodium_init is forwarded like the rest: the callers call it before anything else, as
 * libsodium asks.
 */
#include "util/dynlib.h"

#include <pthread.h>
#include <sodium.h>

#define SONAME "libsodium.so.23"

#define SODIUM_FUNCS(X)                                                                        \
	X(crypto_generichash_final) X(crypto_generichash_init) X(crypto_generichash_update)    \
	X(crypto_hash_sha256) X(crypto_pwhash_str) X(crypto_pwhash_str_verify)                 \
	X(randombytes_buf) X(sodium_bin2hex) X(sodium_init) X(sodium_memcmp) X(sodium_memzero)

DYNLIB_LIBRARY("libsodium23", SODIUM_FUNCS)

DYNLIB_FORWARD(int, sodium_init, (void), ())
DYNLIB_FORWARD(int, crypto_generichash_init,
	       (crypto_generichash_state * state, const unsigned char *key, const size_t keylen,
		const size_t outlen),
	       (state, key, keylen, outlen))
DYNLIB_FORWARD(int, crypto_generichash_update,
	       (crypto_generichash_state * state, const unsigned char *in,
		unsigned long long inlen),
	       (state, in, inlen))
DYNLIB_FORWARD(int, crypto_generichash_final,
	       (crypto_generichash_state * state, unsigned char *out, const size_t outlen),
	       (state, out, outlen))
DYNLIB_FORWARD(int, crypto_hash_sha256,
	       (unsigned char *out, const unsigned char *in, unsigned long long inlen),
	       (out, in, inlen))
DYNLIB_FORWARD(int, crypto_pwhash_str,
	       (char out[crypto_pwhash_STRBYTES], const char *const passwd,
		unsigned long long passwdlen, unsigned long long opslimit, size_t memlimit),
	       (out, passwd, passwdlen, opslimit, memlimit))
DYNLIB_FORWARD(int, crypto_pwhash_str_verify,
	       (const char str[crypto_pwhash_STRBYTES], const char *const passwd,
		unsigned long long passwdlen),
	       (str, passwd, passwdlen))
DYNLIB_FORWARD_VOID(randombytes_buf, (void *const buf, const size_t size), (buf, size))
DYNLIB_FORWARD(char *, sodium_bin2hex,
	       (char *const hex, const size_t hex_maxlen, const unsigned char *const bin,
		const size_t bin_len),
	       (hex, hex_maxlen, bin, bin_len))
DYNLIB_FORWARD(int, sodium_memcmp, (const void *const b1_, const void *const b2_, size_t len),
	       (b1_, b2_, len))
DYNLIB_FORWARD_VOID(sodium_memzero, (void *const pnt, const size_t len), (pnt, len))
