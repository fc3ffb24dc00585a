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

static struct {
	SODIUM_FUNCS(DYNLIB_MEMBER)
} F;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void)
{
	void *h = dynlib_open(SONAME, "libsodium23");
	SODIUM_FUNCS(DYNLIB_RESOLVE)
}

int (sodium_init)(void)
{
	pthread_once(&once, load);
	return F.sodium_init();
}

int (crypto_generichash_init)(crypto_generichash_state *state, const unsigned char *key,
			      const size_t keylen, const size_t outlen)
{
	pthread_once(&once, load);
	return F.crypto_generichash_init(state, key, keylen, outlen);
}

int (crypto_generichash_update)(crypto_generichash_state *state, const unsigned char *in,
				unsigned long long inlen)
{
	pthread_once(&once, load);
	return F.crypto_generichash_update(state, in, inlen);
}

int (crypto_generichash_final)(crypto_generichash_state *state, unsigned char *out,
			       const size_t outlen)
{
	pthread_once(&once, load);
	return F.crypto_generichash_final(state, out, outlen);
}

int (crypto_hash_sha256)(unsigned char *out, const unsigned char *in, unsigned long long inlen)
{
	pthread_once(&once, load);
	return F.crypto_hash_sha256(out, in, inlen);
}

int (crypto_pwhash_str)(char out[crypto_pwhash_STRBYTES], const char *const passwd,
			unsigned long long passwdlen, unsigned long long opslimit, size_t memlimit)
{
	pthread_once(&once, load);
	return F.crypto_pwhash_str(out, passwd, passwdlen, opslimit, memlimit);
}

int (crypto_pwhash_str_verify)(const char str[crypto_pwhash_STRBYTES], const char *const passwd,
			       unsigned long long passwdlen)
{
	pthread_once(&once, load);
	return F.crypto_pwhash_str_verify(str, passwd, passwdlen);
}

void (randombytes_buf)(void *const buf, const size_t size)
{
	pthread_once(&once, load);
	F.randombytes_buf(buf, size);
}

char *(sodium_bin2hex)(char *const hex, const size_t hex_maxlen, const unsigned char *const bin,
		       const size_t bin_len)
{
	pthread_once(&once, load);
	return F.sodium_bin2hex(hex, hex_maxlen, bin, bin_len);
}

int (sodium_memcmp)(const void *const b1_, const void *const b2_, size_t len)
{
	pthread_once(&once, load);
	return F.sodium_memcmp(b1_, b2_, len);
}

void (sodium_memzero)(void *const pnt, const size_t len)
{
	pthread_once(&once, load);
	F.sodium_memzero(pnt, len);
}
