/*
 * dynlib_crypto.c — libcrypto (OpenSSL), loaded on first use (see dynlib.h). The program
 * calls two of its functions (an MD5 for the Fever API); they are defined here with
 * OpenSSL's prototypes and forward to the real ones.
 */
#include "util/dynlib.h"

#include <openssl/evp.h>
#include <pthread.h>

#define SONAME "libcrypto.so.3"

#define CRYPTO_FUNCS(X) X(EVP_Digest) X(EVP_md5)

DYNLIB_LIBRARY("libssl3", CRYPTO_FUNCS)

DYNLIB_FORWARD(const EVP_MD *, EVP_md5, (void), ())
DYNLIB_FORWARD(int, EVP_Digest,
	       (const void *data, size_t count, unsigned char *md, unsigned int *size,
		const EVP_MD *type, ENGINE *impl),
	       (data, count, md, size, type, impl))
