/*
 * auth — accounts, password hashing, sessions, CSRF and API tokens.
 *
 * Passwords are hashed with Argon2id (libsodium crypto_pwhash_str, interactive limits).
 * Session and API tokens are 256-bit random values; only their SHA-256 is stored, so a
 * database leak does not leak live tokens. Comparisons of secrets are constant-time
 * (sodium_memcmp). Login attempts are rate-limited per user name and per client address.
 * Nothing here logs a password or token.
 *
 * Users are named 1..64 bytes (no control characters, '/' or ':'); passwords are 8..1024
 * bytes. Sessions live AUTH_SESSION_TTL seconds; API tokens until revoked; Google Reader
 * ClientLogin tokens until the password changes (at most AUTH_CLIENTLOGIN_MAX per user,
 * oldest dropped). Changing a password ends the user's sessions and ClientLogin tokens and
 * resets the Fever key (hex md5 of "name:password", stored only as its SHA-256).
 * Rate limit: AUTH_RL_FAILS failures within AUTH_RL_WINDOW seconds for a name or a client
 * address lock it for 60 s, doubling per further lockout up to an hour; a success clears the
 * name. The limiter keeps at most AUTH_RL_SLOTS keys (oldest evicted), so memory is bounded.
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
#define AUTH_SESSION_TTL (30 * 86400)
#define AUTH_CLIENTLOGIN_MAX 20
#define AUTH_RL_FAILS 5
#define AUTH_RL_WINDOW 60
#define AUTH_RL_SLOTS 1024
#define AUTH_NAME_MAX 64
#define AUTH_PASSWORD_MIN 8
#define AUTH_PASSWORD_MAX 1024

struct json_t;

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

/* Google Reader ClientLogin: a token of kind 'clientlogin' (label "clientlogin"), checked by
 * auth_token_check like any API token; dropped when the password changes. */
int auth_clientlogin_token(struct store *st, int64_t user_id, char **token, char **err);
/* Fever: api_key is hex md5("name:password") as the client sends it (any case). */
int auth_fever_check(struct store *st, const char *api_key, int64_t *user_id);
/* Hex md5 of s into out (33 bytes). */
void auth_md5_hex(const char *s, char out[33]);

/* Look-ups. auth_user_find: 0 found, 1 no such user, -1 error. */
int auth_user_find(struct store *st, const char *name, int64_t *id, char **err);
char *auth_user_name(struct store *st, int64_t id);   /* caller frees; NULL if none */
/* [{id, name, is_admin, has_password, created, tokens}] and a user's
 * [{id, label, kind, created, expires, last_used}] (never the tokens themselves). */
int auth_users_json(struct store *st, struct json_t **out, char **err);
int auth_tokens_json(struct store *st, int64_t user_id, struct json_t **out, char **err);

/* Tests: fix the limiter's clock (0 = real time) and forget all failures. */
void auth_ratelimit_set_now(int64_t now);
void auth_ratelimit_reset(void);
#endif
