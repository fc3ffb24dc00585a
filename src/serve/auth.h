/*
 * auth — accounts, password hashing, sessions, CSRF and API tokens.
 *
 * Passwords are hashed with Argon2id (libsodium crypto_pwhash_str, interactive limits).
 * Session and API tokens are 256-bit random values; only their SHA-256 is stored, so a
 * database leak does not leak live tokens. Comparisons of secrets are constant-time
 * (sodium_memcmp). Login attempts are rate-limited per user name and per client address.
 * Nothing here logs a password or token.
 *
 * Ownership: strings returned through char ** are the caller's to free. Errors: -1 with
 * *err (caller frees); "bad credentials" and "rate limited" are distinguishable by the
 * return value (AUTH_BAD, AUTH_LIMITED). Thread-safety: functions take the caller's store
 * (one per thread); the rate limiter is process-wide and locked internally.
 */
#ifndef SERVE_AUTH_H
#define SERVE_AUTH_H
#include "store/store.h"
#include <stdint.h>

#define AUTH_OK 0
#define AUTH_ERR (-1)
#define AUTH_BAD (-2)
#define AUTH_LIMITED (-3)
#define AUTH_TOKEN_LEN 64          /* hex characters of a session/API/CSRF token */

int auth_global_init(void);    /* sodium_init; once per process */

/* Users. User 1 exists from the first migration with no password: setting one (user add
 * or the first-run page) is what creates the admin account. */
int auth_user_add(struct store *st, const char *name, const char *password, int is_admin,
		  int64_t *id, char **err);
int auth_user_passwd(struct store *st, int64_t id, const char *password, char **err);
int auth_needs_setup(struct store *st);   /* 1 while no user has a password */
/* Check name/password; AUTH_OK and *user_id, AUTH_BAD, AUTH_LIMITED or AUTH_ERR. */
int auth_login(struct store *st, const char *name, const char *password, const char *client,
	       int64_t *user_id, char **err);

/* Browser sessions (cookie value) with a per-session CSRF token. */
int auth_session_new(struct store *st, int64_t user_id, char **token, char **csrf, char **err);
/* AUTH_OK with *user_id and *csrf (caller frees) when the session is live, AUTH_BAD if not. */
int auth_session_check(struct store *st, const char *token, int64_t *user_id, char **csrf);
int auth_session_end(struct store *st, const char *token);
int auth_csrf_equal(const char *expected, const char *given);   /* constant-time, 1 if equal */

/* API tokens: for the JSON API (Authorization: Bearer), Google Reader and Fever. */
int auth_token_new(struct store *st, int64_t user_id, const char *label, char **token, char **err);
int auth_token_check(struct store *st, const char *token, int64_t *user_id);
int auth_token_revoke(struct store *st, int64_t user_id, const char *label_or_id, char **err);
#endif
