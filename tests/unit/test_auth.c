/* test_auth.c — users, first-run claim, login, rate limiting, sessions, CSRF, API tokens,
 * ClientLogin tokens and the Fever key. */
#include "t.h"
#include "t_db.h"
#include "serve/auth.h"
#include "store/store.h"
#include "util/util.h"

#include <jansson.h>
#include <sqlite3.h>
#include <unistd.h>


static struct store *fresh(void)
{
	struct store *st = t_db_open("auth");
	auth_ratelimit_reset();
	auth_ratelimit_set_now(0);
	return st;
}

static void cleanup(struct store *st)
{
	t_db_close(st);
}

static int64_t count(struct store *st, const char *sql)
{
	sqlite3_stmt *q = NULL;
	int64_t n = -1;
	if (sqlite3_prepare_v2(store_db(st), sql, -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
		n = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return n;
}

static void first_add_claims_user1(void)
{
	struct store *st = fresh();
	int64_t id = 0, id2 = 0, uid = 0;
	char *err = NULL, *name;
	T_REQUIRE(st);
	T_CHECK(auth_needs_setup(st) == 1);
	T_CHECK(auth_user_add(st, "alice", "correct horse", 0, &id, &err) == 0);
	T_CHECK(id == 1);
	name = auth_user_name(st, 1);
	T_STREQ(name, "alice");
	free(name);
	T_CHECK(count(st, "SELECT is_admin FROM users WHERE id = 1") == 1);
	T_CHECK(auth_needs_setup(st) == 0);
	T_CHECK(auth_user_add(st, "bob", "battery staple", 0, &id2, &err) == 0);
	T_CHECK(id2 != 1 && id2 > 0);
	T_CHECK(count(st, "SELECT is_admin FROM users WHERE name = 'bob'") == 0);
	T_CHECK(auth_user_add(st, "BOB", "battery staple", 0, &id2, &err) < 0);
	T_CHECK(err && strstr(err, "exists"));
	free(err);
	err = NULL;
	T_CHECK(auth_login(st, "alice", "correct horse", "1.2.3.4", &uid, &err) == AUTH_OK && uid == 1);
	T_CHECK(auth_login(st, "bob", "battery staple", "1.2.3.4", &uid, &err) == AUTH_OK && uid == id2);
	cleanup(st);
}

static void rejects_bad_names_and_passwords(void)
{
	struct store *st = fresh();
	char *err = NULL;
	int64_t id;
	T_REQUIRE(st);
	T_CHECK(auth_user_add(st, "a:b", "longenough", 0, &id, &err) < 0);
	free(err), err = NULL;
	T_CHECK(auth_user_add(st, "", "longenough", 0, &id, &err) < 0);
	free(err), err = NULL;
	T_CHECK(auth_user_add(st, "tab\tname", "longenough", 0, &id, &err) < 0);
	free(err), err = NULL;
	T_CHECK(auth_user_add(st, "carol", "short", 0, &id, &err) < 0);
	free(err), err = NULL;
	T_CHECK(auth_needs_setup(st) == 1);
	cleanup(st);
}

static void password_stored_hashed(void)
{
	struct store *st = fresh();
	char *err = NULL;
	int64_t id;
	T_REQUIRE(st);
	T_REQUIRE(auth_user_add(st, "alice", "correct horse", 0, &id, &err) == 0);
	T_CHECK(count(st, "SELECT password_hash LIKE '$argon2id$%' FROM users WHERE id = 1") == 1);
	T_CHECK(count(st, "SELECT count(*) FROM users WHERE password_hash LIKE '%correct horse%'") == 0);
	cleanup(st);
}

static void login_wrong_and_unknown(void)
{
	struct store *st = fresh();
	char *err = NULL;
	int64_t id, uid = 0;
	T_REQUIRE(st);
	T_CHECK(auth_login(st, "admin", "", "c", &uid, &err) == AUTH_BAD);   /* no password yet */
	T_REQUIRE(auth_user_add(st, "alice", "correct horse", 0, &id, &err) == 0);
	T_CHECK(auth_login(st, "alice", "wrong horse!", "c", &uid, &err) == AUTH_BAD);
	T_CHECK(auth_login(st, "nobody", "correct horse", "c", &uid, &err) == AUTH_BAD);
	T_CHECK(auth_login(st, "ALICE", "correct horse", "c", &uid, &err) == AUTH_OK);
	cleanup(st);
}

static void rate_limit_per_name_and_address(void)
{
	struct store *st = fresh();
	char *err = NULL;
	int64_t id, uid = 0;
	T_REQUIRE(st);
	T_REQUIRE(auth_user_add(st, "alice", "correct horse", 0, &id, &err) == 0);
	auth_ratelimit_set_now(1000000);
	for (int i = 0; i < AUTH_RL_FAILS; i++)
		T_CHECK(auth_login(st, "alice", "nope nope", "10.0.0.1", &uid, &err) == AUTH_BAD);
	/* Locked: even the right password is refused, from any address. */
	T_CHECK(auth_login(st, "alice", "correct horse", "10.0.0.2", &uid, &err) == AUTH_LIMITED);
	/* The address is locked too, for any name. */
	T_CHECK(auth_login(st, "bob", "whatever1", "10.0.0.1", &uid, &err) == AUTH_LIMITED);
	auth_ratelimit_set_now(1000000 + 61);
	T_CHECK(auth_login(st, "alice", "correct horse", "10.0.0.2", &uid, &err) == AUTH_OK);
	/* Second lockout of the same address lasts twice as long. */
	for (int i = 0; i < AUTH_RL_FAILS; i++)
		auth_login(st, "x", "nope nope", "10.0.0.1", &uid, &err);
	auth_ratelimit_set_now(1000000 + 61 + 61);
	T_CHECK(auth_login(st, "y", "nope nope", "10.0.0.1", &uid, &err) == AUTH_LIMITED);
	auth_ratelimit_set_now(1000000 + 61 + 121);
	T_CHECK(auth_login(st, "alice", "correct horse", "10.0.0.1", &uid, &err) == AUTH_OK);
	/* Failures spread over two windows do not lock. */
	auth_ratelimit_reset();
	auth_ratelimit_set_now(2000000);
	for (int i = 0; i < AUTH_RL_FAILS - 1; i++)
		auth_login(st, "alice", "nope nope", "10.0.0.9", &uid, &err);
	auth_ratelimit_set_now(2000000 + AUTH_RL_WINDOW);
	for (int i = 0; i < AUTH_RL_FAILS - 1; i++)
		auth_login(st, "alice", "nope nope", "10.0.0.9", &uid, &err);
	T_CHECK(auth_login(st, "alice", "correct horse", "10.0.0.9", &uid, &err) == AUTH_OK);
	auth_ratelimit_set_now(0);
	cleanup(st);
}

static void rate_limit_table_is_bounded(void)
{
	struct store *st = fresh();
	char *err = NULL, name[32];
	int64_t uid;
	T_REQUIRE(st);
	auth_ratelimit_set_now(3000000);
	/* Many distinct names: the table evicts, never grows; just must not crash. */
	for (int i = 0; i < AUTH_RL_SLOTS + 50; i++) {
		snprintf(name, sizeof name, "u%d", i);
		T_CHECK(auth_login(st, name, "", "addr", &uid, &err) != AUTH_ERR);   /* empty pw: fast path */
	}
	auth_ratelimit_set_now(0);
	cleanup(st);
}

static void sessions_and_csrf(void)
{
	struct store *st = fresh();
	char *err = NULL, *tok = NULL, *csrf = NULL, *csrf2 = NULL;
	int64_t id, uid = 0;
	T_REQUIRE(st);
	T_REQUIRE(auth_user_add(st, "alice", "correct horse", 0, &id, &err) == 0);
	T_REQUIRE(auth_session_new(st, id, &tok, &csrf, &err) == AUTH_OK);
	T_CHECK(strlen(tok) == AUTH_TOKEN_LEN && strlen(csrf) == AUTH_TOKEN_LEN);
	T_CHECK(auth_session_check(st, tok, &uid, &csrf2) == AUTH_OK && uid == id);
	T_CHECK(auth_csrf_equal(csrf, csrf2) == 1);
	T_CHECK(auth_csrf_equal(csrf, tok) == 0);
	T_CHECK(auth_csrf_equal(csrf, "") == 0);
	T_CHECK(auth_csrf_equal(csrf, NULL) == 0);
	/* Only the hash is stored. */
	{
		char sql[200];
		snprintf(sql, sizeof sql, "SELECT count(*) FROM auth_sessions WHERE token_hash = '%s'", tok);
		T_CHECK(count(st, sql) == 0);
	}
	T_CHECK(auth_session_check(st, "zz", &uid, NULL) == AUTH_BAD);
	tok[0] = tok[0] == 'a' ? 'b' : 'a';
	T_CHECK(auth_session_check(st, tok, &uid, NULL) == AUTH_BAD);
	tok[0] = tok[0] == 'a' ? 'b' : 'a';
	T_CHECK(auth_session_end(st, tok) == AUTH_OK);
	T_CHECK(auth_session_check(st, tok, &uid, NULL) == AUTH_BAD);
	free(tok), free(csrf), free(csrf2);
	cleanup(st);
}

static void expired_sessions_pruned(void)
{
	struct store *st = fresh();
	char *err = NULL, *tok = NULL, *csrf = NULL;
	int64_t id;
	T_REQUIRE(st);
	T_REQUIRE(auth_user_add(st, "alice", "correct horse", 0, &id, &err) == 0);
	T_REQUIRE(store_exec(st, "INSERT INTO auth_sessions(token_hash, user_id, csrf, created, expires, last_used)"
				 " VALUES ('old', 1, 'c', 1, 2, 1)", &err) == 0);
	T_REQUIRE(auth_session_new(st, id, &tok, &csrf, &err) == AUTH_OK);
	T_CHECK(count(st, "SELECT count(*) FROM auth_sessions") == 1);
	T_CHECK(count(st, "SELECT count(*) FROM auth_sessions WHERE token_hash = 'old'") == 0);
	free(tok), free(csrf);
	cleanup(st);
}

static void password_change_ends_sessions(void)
{
	struct store *st = fresh();
	char *err = NULL, *tok = NULL, *csrf = NULL, *api = NULL, *cl = NULL;
	int64_t id, uid = 0;
	T_REQUIRE(st);
	T_REQUIRE(auth_user_add(st, "alice", "correct horse", 0, &id, &err) == 0);
	T_REQUIRE(auth_session_new(st, id, &tok, &csrf, &err) == AUTH_OK);
	T_REQUIRE(auth_token_new(st, id, "phone", &api, &err) == AUTH_OK);
	T_REQUIRE(auth_clientlogin_token(st, id, &cl, &err) == AUTH_OK);
	T_CHECK(auth_token_check(st, cl, &uid) == AUTH_OK && uid == id);
	T_REQUIRE(auth_user_passwd(st, id, "new password", &err) == 0);
	T_CHECK(auth_session_check(st, tok, &uid, NULL) == AUTH_BAD);
	T_CHECK(auth_token_check(st, cl, &uid) == AUTH_BAD);
	T_CHECK(auth_token_check(st, api, &uid) == AUTH_OK);   /* labelled API tokens survive */
	T_CHECK(auth_login(st, "alice", "correct horse", "c", &uid, &err) == AUTH_BAD);
	T_CHECK(auth_login(st, "alice", "new password", "c", &uid, &err) == AUTH_OK);
	free(tok), free(csrf), free(api), free(cl);
	cleanup(st);
}

static void api_tokens_revocable(void)
{
	struct store *st = fresh();
	char *err = NULL, *a = NULL, *b = NULL, *c = NULL, idtxt[32];
	int64_t id, bob, uid = 0;
	json_t *list = NULL;
	T_REQUIRE(st);
	T_REQUIRE(auth_user_add(st, "alice", "correct horse", 0, &id, &err) == 0);
	T_REQUIRE(auth_user_add(st, "bob", "battery staple", 0, &bob, &err) == 0);
	T_REQUIRE(auth_token_new(st, id, "phone", &a, &err) == AUTH_OK);
	T_REQUIRE(auth_token_new(st, id, "laptop", &b, &err) == AUTH_OK);
	T_REQUIRE(auth_token_new(st, bob, "phone", &c, &err) == AUTH_OK);
	T_CHECK(strcmp(a, b) != 0);
	T_CHECK(auth_token_check(st, a, &uid) == AUTH_OK && uid == id);
	T_CHECK(auth_token_check(st, c, &uid) == AUTH_OK && uid == bob);
	/* Revoke by label: only alice's phone. */
	T_CHECK(auth_token_revoke(st, id, "phone", &err) == AUTH_OK);
	T_CHECK(auth_token_check(st, a, &uid) == AUTH_BAD);
	T_CHECK(auth_token_check(st, c, &uid) == AUTH_OK);
	/* Revoke by id; bob cannot revoke alice's token. */
	T_REQUIRE(auth_tokens_json(st, id, &list, &err) == 0);
	T_REQUIRE(json_array_size(list) == 1);
	snprintf(idtxt, sizeof idtxt, "%lld", (long long)json_integer_value(json_object_get(json_array_get(list, 0), "id")));
	T_CHECK(json_object_get(json_array_get(list, 0), "token_hash") == NULL);
	json_decref(list);
	T_CHECK(auth_token_revoke(st, bob, idtxt, &err) == AUTH_ERR);
	free(err), err = NULL;
	T_CHECK(auth_token_check(st, b, &uid) == AUTH_OK);
	T_CHECK(auth_token_revoke(st, id, idtxt, &err) == AUTH_OK);
	T_CHECK(auth_token_check(st, b, &uid) == AUTH_BAD);
	T_CHECK(auth_token_revoke(st, id, "nothing", &err) == AUTH_ERR);
	free(err), err = NULL;
	T_CHECK(auth_token_check(st, NULL, &uid) == AUTH_BAD);
	T_CHECK(auth_token_check(st, "", &uid) == AUTH_BAD);
	free(a), free(b), free(c);
	cleanup(st);
}

static void clientlogin_tokens_pruned(void)
{
	struct store *st = fresh();
	char *err = NULL, *first = NULL, *t = NULL;
	int64_t id, uid;
	T_REQUIRE(st);
	T_REQUIRE(auth_user_add(st, "alice", "correct horse", 0, &id, &err) == 0);
	T_REQUIRE(auth_clientlogin_token(st, id, &first, &err) == AUTH_OK);
	for (int i = 0; i < AUTH_CLIENTLOGIN_MAX + 5; i++) {
		T_REQUIRE(auth_clientlogin_token(st, id, &t, &err) == AUTH_OK);
		free(t);
	}
	T_CHECK(count(st, "SELECT count(*) FROM api_tokens WHERE kind = 'clientlogin'") == AUTH_CLIENTLOGIN_MAX);
	T_CHECK(auth_token_check(st, first, &uid) == AUTH_BAD);
	free(first);
	cleanup(st);
}

static void fever_key(void)
{
	struct store *st = fresh();
	char *err = NULL, md5[33];
	int64_t id, uid = 0;
	T_REQUIRE(st);
	auth_md5_hex("", md5);
	T_STREQ(md5, "d41d8cd98f00b204e9800998ecf8427e");
	T_REQUIRE(auth_user_add(st, "alice", "correct horse", 0, &id, &err) == 0);
	auth_md5_hex("alice:correct horse", md5);
	T_CHECK(auth_fever_check(st, md5, &uid) == AUTH_OK && uid == id);
	for (char *p = md5; *p; p++)
		*p = (char)(*p >= 'a' && *p <= 'f' ? *p - 32 : *p);
	T_CHECK(auth_fever_check(st, md5, &uid) == AUTH_OK);   /* uppercase hex accepted */
	auth_md5_hex("alice:wrong", md5);
	T_CHECK(auth_fever_check(st, md5, &uid) == AUTH_BAD);
	T_CHECK(auth_fever_check(st, "", &uid) == AUTH_BAD);
	T_CHECK(auth_fever_check(st, "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", &uid) == AUTH_BAD);
	T_REQUIRE(auth_user_passwd(st, id, "another one", &err) == 0);
	auth_md5_hex("alice:correct horse", md5);
	T_CHECK(auth_fever_check(st, md5, &uid) == AUTH_BAD);
	auth_md5_hex("alice:another one", md5);
	T_CHECK(auth_fever_check(st, md5, &uid) == AUTH_OK);
	cleanup(st);
}

static void users_listing(void)
{
	struct store *st = fresh();
	char *err = NULL, *s;
	int64_t id;
	json_t *list = NULL;
	T_REQUIRE(st);
	T_REQUIRE(auth_user_add(st, "alice", "correct horse", 0, &id, &err) == 0);
	T_REQUIRE(auth_users_json(st, &list, &err) == 0);
	s = json_dumps(list, JSON_COMPACT);
	T_CHECK(s && strstr(s, "\"name\":\"alice\"") && strstr(s, "\"has_password\":1"));
	T_CHECK(s && !strstr(s, "argon2"));
	free(s);
	json_decref(list);
	T_CHECK(auth_user_find(st, "Alice", &id, &err) == 0 && id == 1);
	T_CHECK(auth_user_find(st, "zed", &id, &err) == 1);
	cleanup(st);
}

int main(void)
{
	if (auth_global_init() < 0) {
		printf("fail: init: sodium_init\n");
		return 1;
	}
	T_RUN(first_add_claims_user1);
	T_RUN(rejects_bad_names_and_passwords);
	T_RUN(password_stored_hashed);
	T_RUN(login_wrong_and_unknown);
	T_RUN(rate_limit_per_name_and_address);
	T_RUN(rate_limit_table_is_bounded);
	T_RUN(sessions_and_csrf);
	T_RUN(expired_sessions_pruned);
	T_RUN(password_change_ends_sessions);
	T_RUN(api_tokens_revocable);
	T_RUN(clientlogin_tokens_pruned);
	T_RUN(fever_key);
	T_RUN(users_listing);
	return t_done();
}
