/*
 * auth.c — accounts, password hashing, sessions, CSRF and API tokens.
 *
 * Design: every secret a client holds (session cookie, API token, ClientLogin Auth) is 32
 * random bytes shown as 64 hex characters; the database keeps only its SHA-256, so a row
 * is found by hashing what the client sent and looking the hash up (the index compares
 * hashes, which tells an attacker nothing about live tokens), then the hash is compared
 * again with sodium_memcmp. Passwords go through Argon2id (crypto_pwhash_str). A login for
 * an unknown name still verifies against a dummy hash, so timing does not reveal which
 * names exist. The rate limiter is a small fixed table behind one mutex.
 */
#include "serve/auth.h"
#include "util/util.h"

#include <jansson.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TOKEN_BYTES 32
#define HASH_HEX (crypto_hash_sha256_BYTES * 2 + 1)
#define LAST_USED_EVERY 60      /* seconds between last_used writes for one token */
#define LOCK_BASE 60
#define LOCK_MAX 3600

static char dummy_hash[crypto_pwhash_STRBYTES];

int auth_global_init(void)
{
	static const char dummy[] = "newsfold-no-such-user";
	if (sodium_init() < 0)
		return -1;
	if (!dummy_hash[0] &&
	    crypto_pwhash_str(dummy_hash, dummy, sizeof dummy - 1, crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return -1;
	return 0;
}

static int64_t now_s(void)
{
	return (int64_t)time(NULL);
}

/* ---- hashing helpers ---- */

static void sha256_hex(const char *s, char out[HASH_HEX])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)s, strlen(s));
	sodium_bin2hex(out, HASH_HEX, h, sizeof h);
}

void auth_md5_hex(const char *s, char out[33])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	if (EVP_Digest(s, strlen(s), md, &n, EVP_md5(), NULL) != 1 || n != 16) {
		out[0] = '\0';
		return;
	}
	sodium_bin2hex(out, 33, md, 16);
}

static char *random_token(void)
{
	unsigned char r[TOKEN_BYTES];
	char *hex = xmalloc(TOKEN_BYTES * 2 + 1);
	randombytes_buf(r, sizeof r);
	sodium_bin2hex(hex, TOKEN_BYTES * 2 + 1, r, sizeof r);
	sodium_memzero(r, sizeof r);
	return hex;
}

/* A well-formed token is exactly AUTH_TOKEN_LEN lowercase hex digits. */
static int token_shape_ok(const char *t)
{
	size_t i;
	if (!t)
		return 0;
	for (i = 0; i < AUTH_TOKEN_LEN; i++)
		if (!((t[i] >= '0' && t[i] <= '9') || (t[i] >= 'a' && t[i] <= 'f')))
			return 0;
	return t[i] == '\0';
}

int auth_csrf_equal(const char *expected, const char *given)
{
	if (!expected || !given || strlen(expected) != AUTH_TOKEN_LEN || strlen(given) != AUTH_TOKEN_LEN)
		return 0;
	return sodium_memcmp(expected, given, AUTH_TOKEN_LEN) == 0;
}

/* ---- users ---- */

static int name_ok(const char *name, char **err)
{
	size_t n = name ? strlen(name) : 0;
	if (n == 0 || n > AUTH_NAME_MAX) {
		*err = xasprintf("a user name is 1 to %d bytes", AUTH_NAME_MAX);
		return 0;
	}
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p < 0x20 || *p == 0x7f || *p == '/' || *p == ':') {
			*err = xstrdup("a user name may not hold control characters, '/' or ':'");
			return 0;
		}
	return 1;
}

static int password_ok(const char *pw, char **err)
{
	size_t n = pw ? strlen(pw) : 0;
	if (n < AUTH_PASSWORD_MIN || n > AUTH_PASSWORD_MAX) {
		*err = xasprintf("a password is %d to %d bytes", AUTH_PASSWORD_MIN, AUTH_PASSWORD_MAX);
		return 0;
	}
	return 1;
}

static int hash_password(const char *pw, char out[crypto_pwhash_STRBYTES], char **err)
{
	if (crypto_pwhash_str(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
		*err = xstrdup("hashing the password failed (out of memory?)");
		return -1;
	}
	return 0;
}

/* Name as stored (for the Fever key, which depends on it). */
char *auth_user_name(struct store *st, int64_t id)
{
	return store_text_by_id(st, "SELECT name FROM users WHERE id = ?1", &id, 1);
}

static int set_fever_key(struct store *st, int64_t id, const char *name, const char *pw, char **err)
{
	char *np = xasprintf("%s:%s", name, pw), md5[33], h[HASH_HEX];
	sqlite3_stmt *q;
	auth_md5_hex(np, md5);
	sodium_memzero(np, strlen(np));
	free(np);
	sha256_hex(md5, h);
	sodium_memzero(md5, sizeof md5);
	q = store_prepare(st, "INSERT INTO user_secrets(user_id, fever_hash) VALUES (?, ?) "
			      "ON CONFLICT(user_id) DO UPDATE SET fever_hash = excluded.fever_hash", err);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_text(q, 2, h, -1, SQLITE_TRANSIENT);
	return store_step_done(st, q, "saving the Fever key", err);
}

/* Store the hash, end the user's sessions and ClientLogin tokens, reset the Fever key. */
static int store_password(struct store *st, int64_t id, const char *pw, char **err)
{
	char hash[crypto_pwhash_STRBYTES], *name = NULL;
	sqlite3_stmt *q;
	int rc = -1;
	if (hash_password(pw, hash, err) < 0)
		return -1;
	q = store_prepare(st, "UPDATE users SET password_hash = ? WHERE id = ?", err);
	if (!q)
		return -1;
	sqlite3_bind_text(q, 1, hash, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(q, 2, id);
	if (store_step_done(st, q, "saving the password", err) < 0)
		return -1;
	if (!(name = auth_user_name(st, id))) {
		*err = xstrdup("no such user");
		return -1;
	}
	if (set_fever_key(st, id, name, pw, err) < 0)
		goto out;
	q = store_prepare(st, "DELETE FROM auth_sessions WHERE user_id = ?", err);
	if (!q)
		goto out;
	sqlite3_bind_int64(q, 1, id);
	if (store_step_done(st, q, "ending sessions", err) < 0)
		goto out;
	q = store_prepare(st, "DELETE FROM api_tokens WHERE user_id = ? AND kind = 'clientlogin'", err);
	if (!q)
		goto out;
	sqlite3_bind_int64(q, 1, id);
	rc = store_step_done(st, q, "ending client logins", err);
out:
	free(name);
	return rc;
}

int auth_user_find(struct store *st, const char *name, int64_t *id, char **err)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT id FROM users WHERE name = ?", err);
	int rc;
	if (!q)
		return -1;
	sqlite3_bind_text(q, 1, name, -1, SQLITE_TRANSIENT);
	rc = store_step_row(st, q, "finding user", err);
	if (rc == 0) {
		*id = sqlite3_column_int64(q, 0);
		sqlite3_reset(q);
	}
	return rc;
}

/* 1 when user 1 (the first-run owner) has no password yet. */
static int owner_unset(struct store *st)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT password_hash IS NULL FROM users WHERE id = 1", NULL);
	int r = 0;
	if (!q)
		return 0;
	if (sqlite3_step(q) == SQLITE_ROW)
		r = sqlite3_column_int(q, 0);
	sqlite3_reset(q);
	return r;
}

static int insert_or_claim(struct store *st, const char *name, int is_admin, int64_t *id, char **err)
{
	int64_t other = 0;
	int claim = owner_unset(st), f = auth_user_find(st, name, &other, err);
	sqlite3_stmt *q;
	if (f < 0)
		return -1;
	if (f == 0 && !(claim && other == 1)) {
		*err = xasprintf("user %s already exists", name);
		return -1;
	}
	if (claim)
		q = store_prepare(st, "UPDATE users SET name = ?, is_admin = 1 WHERE id = 1", err);
	else
		q = store_prepare(st, "INSERT INTO users(name, is_admin) VALUES (?, ?)", err);
	if (!q)
		return -1;
	sqlite3_bind_text(q, 1, name, -1, SQLITE_TRANSIENT);
	if (!claim)
		sqlite3_bind_int(q, 2, is_admin ? 1 : 0);
	if (store_step_done(st, q, "adding user", err) < 0)
		return -1;
	*id = claim ? 1 : sqlite3_last_insert_rowid(store_db(st));
	return 0;
}

int auth_user_add(struct store *st, const char *name, const char *password, int is_admin,
		  int64_t *id, char **err)
{
	int64_t uid = 0;
	if (!name_ok(name, err) || !password_ok(password, err))
		return -1;
	if (store_begin(st, err) < 0)
		return -1;
	if (insert_or_claim(st, name, is_admin, &uid, err) < 0 || store_password(st, uid, password, err) < 0) {
		store_rollback(st);
		return -1;
	}
	if (store_commit(st, err) < 0)
		return -1;
	if (id)
		*id = uid;
	return 0;
}

int auth_user_passwd(struct store *st, int64_t id, const char *password, char **err)
{
	if (!password_ok(password, err))
		return -1;
	if (store_begin(st, err) < 0)
		return -1;
	if (store_password(st, id, password, err) < 0) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, err);
}

int auth_needs_setup(struct store *st)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT count(*) FROM users WHERE password_hash IS NOT NULL", NULL);
	int n = 0;
	if (!q)
		return 1;
	if (sqlite3_step(q) == SQLITE_ROW)
		n = sqlite3_column_int(q, 0);
	sqlite3_reset(q);
	return n == 0;
}

/* ---- rate limiting ---- */

struct rl_slot {
	char key[AUTH_NAME_MAX + 72];
	int64_t window_start, locked_until, touched;
	int fails, lockouts;
};

static pthread_mutex_t rl_lock = PTHREAD_MUTEX_INITIALIZER;
static struct rl_slot rl_slots[AUTH_RL_SLOTS];
static int64_t rl_fixed_now;

void auth_ratelimit_set_now(int64_t now)
{
	pthread_mutex_lock(&rl_lock);
	rl_fixed_now = now;
	pthread_mutex_unlock(&rl_lock);
}

void auth_ratelimit_reset(void)
{
	pthread_mutex_lock(&rl_lock);
	memset(rl_slots, 0, sizeof rl_slots);
	pthread_mutex_unlock(&rl_lock);
}

static int64_t rl_now(void)
{
	return rl_fixed_now ? rl_fixed_now : now_s();
}

/* Find key's slot; with create, take a free or the least recently touched one. */
static struct rl_slot *rl_find(const char *key, int create)
{
	struct rl_slot *oldest = &rl_slots[0];
	for (size_t i = 0; i < AUTH_RL_SLOTS; i++) {
		struct rl_slot *s = &rl_slots[i];
		if (s->key[0] && strcmp(s->key, key) == 0)
			return s;
		if (s->touched < oldest->touched)
			oldest = s;
	}
	if (!create)
		return NULL;
	memset(oldest, 0, sizeof *oldest);
	snprintf(oldest->key, sizeof oldest->key, "%s", key);
	return oldest;
}

static void rl_key(char *out, size_t n, char kind, const char *v)
{
	size_t i = 2;
	out[0] = kind;
	out[1] = ':';
	/* Names are case-insensitive in the users table: fold so "Bob" and "bob" share a count. */
	for (; v && *v && i + 1 < n; v++)
		out[i++] = (char)ascii_tolower((unsigned char)*v);
	out[i] = '\0';
}

static int rl_locked(const char *key, int64_t now)
{
	struct rl_slot *s = rl_find(key, 0);
	return s && s->locked_until > now;
}

static void rl_fail(const char *key, int64_t now)
{
	struct rl_slot *s = rl_find(key, 1);
	s->touched = now;
	if (now - s->window_start >= AUTH_RL_WINDOW) {
		s->window_start = now;
		s->fails = 0;
	}
	if (++s->fails >= AUTH_RL_FAILS) {
		int64_t d = LOCK_BASE;
		for (int i = 0; i < s->lockouts && d < LOCK_MAX; i++)
			d *= 2;
		s->locked_until = now + (d < LOCK_MAX ? d : LOCK_MAX);
		s->lockouts++;
		s->fails = 0;
		s->window_start = now;
	}
}

static void rl_clear(const char *key)
{
	struct rl_slot *s = rl_find(key, 0);
	if (s)
		memset(s, 0, sizeof *s);
}

/* ---- login ---- */

static int lookup_hash(struct store *st, const char *name, int64_t *id, char **hash, char **err)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT id, password_hash FROM users WHERE name = ?", err);
	int rc;
	if (!q)
		return -1;
	sqlite3_bind_text(q, 1, name, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(q, 0);
		if (sqlite3_column_type(q, 1) != SQLITE_NULL)
			*hash = xstrdup((const char *)sqlite3_column_text(q, 1));
	}
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		*err = store_errmsg(st, "login");
		return -1;
	}
	return 0;
}

int auth_login(struct store *st, const char *name, const char *password, const char *client,
	       int64_t *user_id, char **err)
{
	char kn[sizeof rl_slots[0].key], ka[sizeof rl_slots[0].key], *hash = NULL;
	int64_t id = 0, now;
	int ok, locked;
	if (!name || !password || strlen(name) > AUTH_NAME_MAX || strlen(password) > AUTH_PASSWORD_MAX)
		return AUTH_BAD;
	rl_key(kn, sizeof kn, 'n', name);
	rl_key(ka, sizeof ka, 'a', client ? client : "");
	pthread_mutex_lock(&rl_lock);
	now = rl_now();
	locked = rl_locked(kn, now) || rl_locked(ka, now);
	pthread_mutex_unlock(&rl_lock);
	if (locked)
		return AUTH_LIMITED;
	if (lookup_hash(st, name, &id, &hash, err) < 0)
		return AUTH_ERR;
	/* A password shorter than the minimum can never have been set: skip the costly verify. */
	if (strlen(password) < AUTH_PASSWORD_MIN)
		ok = 0;
	else
		ok = crypto_pwhash_str_verify(hash ? hash : dummy_hash, password, strlen(password)) == 0 && hash;
	free(hash);
	pthread_mutex_lock(&rl_lock);
	now = rl_now();
	if (ok) {
		rl_clear(kn);
	} else {
		rl_fail(kn, now);
		rl_fail(ka, now);
	}
	pthread_mutex_unlock(&rl_lock);
	if (!ok)
		return AUTH_BAD;
	*user_id = id;
	return AUTH_OK;
}

/* ---- sessions ---- */

/* Expired sessions are only dead weight: drop them whenever a new one starts. */
static void prune_sessions(struct store *st, int64_t now)
{
	sqlite3_stmt *q = store_prepare(st, "DELETE FROM auth_sessions WHERE expires <= ?", NULL);
	if (!q)
		return;
	sqlite3_bind_int64(q, 1, now);
	store_step_done(st, q, "pruning sessions", NULL);
}

int auth_session_new(struct store *st, int64_t user_id, char **token, char **csrf, char **err)
{
	char *t = random_token(), *c = random_token(), h[HASH_HEX];
	int64_t now = now_s();
	sqlite3_stmt *q = store_prepare(st, "INSERT INTO auth_sessions(token_hash, user_id, csrf, created,"
					    " expires, last_used) VALUES (?, ?, ?, ?, ?, ?)", err);
	if (!q)
		goto fail;
	sha256_hex(t, h);
	sqlite3_bind_text(q, 1, h, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(q, 2, user_id);
	sqlite3_bind_text(q, 3, c, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(q, 4, now);
	sqlite3_bind_int64(q, 5, now + AUTH_SESSION_TTL);
	sqlite3_bind_int64(q, 6, now);
	if (store_step_done(st, q, "starting session", err) < 0)
		goto fail;
	prune_sessions(st, now);
	*token = t;
	*csrf = c;
	return AUTH_OK;
fail:
	free(t);
	free(c);
	return AUTH_ERR;
}

static void touch(struct store *st, const char *sql, int64_t id, int64_t now)
{
	sqlite3_stmt *q = store_prepare(st, sql, NULL);
	if (!q)
		return;
	sqlite3_bind_int64(q, 1, now);
	sqlite3_bind_int64(q, 2, id);
	store_step_done(st, q, "touch", NULL);   /* best effort: a busy database must not fail a read */
}

/* Find the live row whose token_hash is the hash of token: lookup selects (id, user_id,
 * last_used, token_hash, csrf or NULL) by ?1 = hash and ?2 = now; the stored hash is
 * compared again in constant time. last_used is refreshed (touch_sql, ?1 = now, ?2 = id) at
 * most every LAST_USED_EVERY seconds. Sessions and API tokens differ only in these two. */
static int secret_check(struct store *st, const char *token, const char *lookup, const char *touch_sql,
			int64_t *user_id, char **csrf)
{
	char h[HASH_HEX];
	int64_t now = now_s(), id = 0, last = 0;
	int found = 0;
	sqlite3_stmt *q;
	if (!token_shape_ok(token))
		return AUTH_BAD;
	sha256_hex(token, h);
	q = store_prepare(st, lookup, NULL);
	if (!q)
		return AUTH_ERR;
	sqlite3_bind_text(q, 1, h, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(q, 2, now);
	if (sqlite3_step(q) == SQLITE_ROW &&
	    sodium_memcmp(h, sqlite3_column_text(q, 3), HASH_HEX - 1) == 0) {
		found = 1;
		id = sqlite3_column_int64(q, 0);
		*user_id = sqlite3_column_int64(q, 1);
		last = sqlite3_column_int64(q, 2);
		if (csrf)
			*csrf = xstrdup((const char *)sqlite3_column_text(q, 4));
	}
	sqlite3_reset(q);
	if (!found)
		return AUTH_BAD;
	if (now - last >= LAST_USED_EVERY)
		touch(st, touch_sql, id, now);
	return AUTH_OK;
}

int auth_session_check(struct store *st, const char *token, int64_t *user_id, char **csrf)
{
	return secret_check(st, token, "SELECT id, user_id, last_used, token_hash, csrf FROM auth_sessions"
				      " WHERE token_hash = ?1 AND expires > ?2",
			    "UPDATE auth_sessions SET last_used = ? WHERE id = ?", user_id, csrf);
}

int auth_session_end(struct store *st, const char *token)
{
	char h[HASH_HEX];
	sqlite3_stmt *q;
	if (!token_shape_ok(token))
		return AUTH_BAD;
	sha256_hex(token, h);
	q = store_prepare(st, "DELETE FROM auth_sessions WHERE token_hash = ?", NULL);
	if (!q)
		return AUTH_ERR;
	sqlite3_bind_text(q, 1, h, -1, SQLITE_TRANSIENT);
	return store_step_done(st, q, "ending session", NULL) < 0 ? AUTH_ERR : AUTH_OK;
}

/* ---- API tokens ---- */

static int token_insert(struct store *st, int64_t user_id, const char *label, const char *kind,
			char **token, char **err)
{
	char *t = random_token(), h[HASH_HEX];
	sqlite3_stmt *q = store_prepare(st, "INSERT INTO api_tokens(token_hash, user_id, label, kind, created)"
					    " VALUES (?, ?, ?, ?, ?)", err);
	if (!q) {
		free(t);
		return AUTH_ERR;
	}
	sha256_hex(t, h);
	sqlite3_bind_text(q, 1, h, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(q, 2, user_id);
	sqlite3_bind_text(q, 3, label, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 4, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 5, now_s());
	if (store_step_done(st, q, "saving token", err) < 0) {
		free(t);
		return AUTH_ERR;
	}
	*token = t;
	return AUTH_OK;
}

int auth_token_new(struct store *st, int64_t user_id, const char *label, char **token, char **err)
{
	char *name = auth_user_name(st, user_id);
	if (!name) {
		*err = xstrdup("no such user");
		return AUTH_ERR;
	}
	free(name);
	if (!label || !*label)
		label = "api";
	if (strlen(label) > 64) {
		*err = xstrdup("a token label is at most 64 bytes");
		return AUTH_ERR;
	}
	return token_insert(st, user_id, label, "api", token, err);
}

int auth_clientlogin_token(struct store *st, int64_t user_id, char **token, char **err)
{
	sqlite3_stmt *q;
	if (token_insert(st, user_id, "clientlogin", "clientlogin", token, err) < 0)
		return AUTH_ERR;
	/* Clients log in on every sync: keep only the newest few, so the table stays small. */
	q = store_prepare(st, "DELETE FROM api_tokens WHERE user_id = ?1 AND kind = 'clientlogin' AND id NOT IN"
			      " (SELECT id FROM api_tokens WHERE user_id = ?1 AND kind = 'clientlogin'"
			      "  ORDER BY id DESC LIMIT ?2)", NULL);
	if (q) {
		sqlite3_bind_int64(q, 1, user_id);
		sqlite3_bind_int(q, 2, AUTH_CLIENTLOGIN_MAX);
		store_step_done(st, q, "pruning client logins", NULL);
	}
	return AUTH_OK;
}

int auth_token_check(struct store *st, const char *token, int64_t *user_id)
{
	return secret_check(st, token, "SELECT id, user_id, coalesce(last_used, 0), token_hash, NULL FROM api_tokens"
				      " WHERE token_hash = ?1 AND (expires = 0 OR expires > ?2)",
			    "UPDATE api_tokens SET last_used = ? WHERE id = ?", user_id, NULL);
}

int auth_token_revoke(struct store *st, int64_t user_id, const char *label_or_id, char **err)
{
	int64_t tid = 0;
	int by_id = str_to_i64(label_or_id, &tid) == 0;
	sqlite3_stmt *q = store_prepare(st, by_id ? "DELETE FROM api_tokens WHERE user_id = ? AND (id = ? OR label = ?)"
						   : "DELETE FROM api_tokens WHERE user_id = ? AND label = ?",
					err);
	if (!q)
		return AUTH_ERR;
	sqlite3_bind_int64(q, 1, user_id);
	if (by_id) {
		sqlite3_bind_int64(q, 2, tid);
		sqlite3_bind_text(q, 3, label_or_id, -1, SQLITE_TRANSIENT);
	} else {
		sqlite3_bind_text(q, 2, label_or_id, -1, SQLITE_TRANSIENT);
	}
	if (store_step_done(st, q, "revoking token", err) < 0)
		return AUTH_ERR;
	if (sqlite3_changes(store_db(st)) == 0) {
		*err = xasprintf("no token with label or id %s", label_or_id);
		return AUTH_ERR;
	}
	return AUTH_OK;
}

int auth_fever_check(struct store *st, const char *api_key, int64_t *user_id)
{
	char lower[33], h[HASH_HEX];
	int found = 0;
	sqlite3_stmt *q;
	if (!api_key || strlen(api_key) != 32)
		return AUTH_BAD;
	for (int i = 0; i < 32; i++) {
		int c = ascii_tolower((unsigned char)api_key[i]);
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			return AUTH_BAD;
		lower[i] = (char)c;
	}
	lower[32] = '\0';
	sha256_hex(lower, h);
	q = store_prepare(st, "SELECT user_id, fever_hash FROM user_secrets WHERE fever_hash = ?", NULL);
	if (!q)
		return AUTH_ERR;
	sqlite3_bind_text(q, 1, h, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(q) == SQLITE_ROW && sodium_memcmp(h, sqlite3_column_text(q, 1), HASH_HEX - 1) == 0) {
		*user_id = sqlite3_column_int64(q, 0);
		found = 1;
	}
	sqlite3_reset(q);
	return found ? AUTH_OK : AUTH_BAD;
}

/* ---- listings ---- */

static json_t *col_json(sqlite3_stmt *q, int i)
{
	switch (sqlite3_column_type(q, i)) {
	case SQLITE_INTEGER:
		return json_integer(sqlite3_column_int64(q, i));
	case SQLITE_NULL:
		return json_null();
	default:
		return json_string((const char *)sqlite3_column_text(q, i));
	}
}

static int rows_json(struct store *st, sqlite3_stmt *q, json_t **out, char **err)
{
	json_t *arr = json_array();
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		json_t *o = json_object();
		for (int i = 0; i < sqlite3_column_count(q); i++)
			json_object_set_new(o, sqlite3_column_name(q, i), col_json(q, i));
		json_array_append_new(arr, o);
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		json_decref(arr);
		*err = store_errmsg(st, "listing");
		return -1;
	}
	*out = arr;
	return 0;
}

int auth_users_json(struct store *st, json_t **out, char **err)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT u.id AS id, u.name AS name, u.is_admin AS is_admin,"
					    " u.password_hash IS NOT NULL AS has_password, u.created AS created,"
					    " (SELECT count(*) FROM api_tokens t WHERE t.user_id = u.id AND t.kind = 'api')"
					    " AS tokens FROM users u ORDER BY u.id", err);
	if (!q)
		return -1;
	return rows_json(st, q, out, err);
}

int auth_tokens_json(struct store *st, int64_t user_id, json_t **out, char **err)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT id, label, kind, created, expires, last_used FROM api_tokens"
					    " WHERE user_id = ? ORDER BY id", err);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, user_id);
	return rows_json(st, q, out, err);
}
