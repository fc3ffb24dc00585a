/*
 * auth_schema.c — the accounts tables beside core's users: browser sessions, API tokens
 * and the per-user Fever key. Secrets are never stored: token_hash is the hex SHA-256 of
 * the token the client holds; fever_hash is the hex SHA-256 of md5("name:password"), the
 * value a Fever client sends. Times are Unix seconds; expires 0 means "never".
 */
#include "store/schema.h"

#include <stddef.h>

static const char *const auth_migrations[] = {
	/* 1 */
	"CREATE TABLE auth_sessions("
	"  id INTEGER PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE,"
	"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  csrf TEXT NOT NULL, created INTEGER NOT NULL, expires INTEGER NOT NULL,"
	"  last_used INTEGER NOT NULL);"
	"CREATE INDEX auth_sessions_user ON auth_sessions(user_id);"
	"CREATE TABLE api_tokens("
	"  id INTEGER PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE,"
	"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  label TEXT NOT NULL, kind TEXT NOT NULL DEFAULT 'api',"
	"  created INTEGER NOT NULL, expires INTEGER NOT NULL DEFAULT 0, last_used INTEGER);"
	"CREATE INDEX api_tokens_user ON api_tokens(user_id, label);"
	"CREATE TABLE user_secrets("
	"  user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,"
	"  fever_hash TEXT UNIQUE);",
	NULL
};

const struct store_schema store_auth_schema = { "auth", auth_migrations };
