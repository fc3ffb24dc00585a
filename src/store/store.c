/*
 * store.c — opening, migrating and transacting on the SQLite file.
 *
 * Prepared statements are cached per store in a small open-addressed table keyed by the
 * SQL text pointer's contents, so hot paths (article upsert) prepare once per process.
 */
#include "store/store.h"
#include "store/schema.h"
#include "util/util.h"

#include <errno.h>
#include <stdlib.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#define STMT_CACHE 1024

struct stmt_slot {
	char *sql;
	sqlite3_stmt *stmt;
};

struct store {
	sqlite3 *db;
	char *path;
	struct stmt_slot cache[STMT_CACHE];
	int background;          /* yields to foreground writers after each commit */
};

static atomic_int foreground_writers;

void store_set_background(struct store *st, int on)
{
	st->background = on;
}

void store_foreground_enter(void)
{
	atomic_fetch_add(&foreground_writers, 1);
}

void store_foreground_leave(void)
{
	atomic_fetch_sub(&foreground_writers, 1);
}

/* Sleep while a foreground request may want the lock just released (bounded). */
static void yield_to_foreground(void)
{
	struct timespec ms = { 0, 1000000 };
	for (int i = 0; i < STORE_YIELD_MS && atomic_load(&foreground_writers) > 0; i++)
		nanosleep(&ms, NULL);
}

const char *store_default_path(void)
{
	const char *e = getenv("NEWSFOLD_DB");
	return e && *e ? e : "newsfold.db";
}

sqlite3 *store_db(struct store *st)
{
	return st->db;
}

const char *store_path(const struct store *st)
{
	return st->path;
}

char *store_errmsg(struct store *st, const char *what)
{
	int code = st && st->db ? sqlite3_extended_errcode(st->db) & 0xff : SQLITE_ERROR;
	const char *msg = st && st->db ? sqlite3_errmsg(st->db) : "no database";
	const char *path = st && st->path ? st->path : "";
	switch (code) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return xasprintf("%s: database %s is locked by another process; retry when it finishes", what, path);
	case SQLITE_FULL:
		return xasprintf("%s: disk full writing %s; free some space and retry", what, path);
	case SQLITE_READONLY:
		return xasprintf("%s: database %s is read-only; check its permissions", what, path);
	case SQLITE_CANTOPEN:
		return xasprintf("%s: cannot open database %s; check the folder exists and is writable", what, path);
	case SQLITE_NOTADB:
	case SQLITE_CORRUPT:
		return xasprintf("%s: %s is not a newsfold database or is damaged", what, path);
	default:
		return xasprintf("%s: %s", what, msg);
	}
}

int store_step_done(struct store *st, sqlite3_stmt *q, const char *what, char **err)
{
	int rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc == SQLITE_DONE || rc == SQLITE_ROW)
		return 0;
	if (err)
		*err = store_errmsg(st, what);
	return -1;
}

int store_step_row(struct store *st, sqlite3_stmt *q, const char *what, char **err)
{
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		return 0;
	sqlite3_reset(q);
	if (rc == SQLITE_DONE)
		return 1;
	if (err)
		*err = store_errmsg(st, what);
	return -1;
}

char *store_text_by_id(struct store *st, const char *sql, const int64_t *ids, int n)
{
	sqlite3_stmt *q = store_prepare(st, sql, NULL);
	const unsigned char *v;
	char *out = NULL;
	if (!q)
		return NULL;
	for (int i = 0; i < n; i++)
		sqlite3_bind_int64(q, i + 1, ids[i]);
	if (sqlite3_step(q) == SQLITE_ROW && (v = sqlite3_column_text(q, 0)))
		out = xstrdup((const char *)v);
	sqlite3_reset(q);
	return out;
}

bool store_row_exists(struct store *st, const char *sql, const int64_t *ids, int n)
{
	sqlite3_stmt *q = store_prepare(st, sql, NULL);
	bool ok;
	if (!q)
		return false;
	for (int i = 0; i < n; i++)
		sqlite3_bind_int64(q, i + 1, ids[i]);
	ok = sqlite3_step(q) == SQLITE_ROW;
	sqlite3_reset(q);
	return ok;
}

int store_exec(struct store *st, const char *sql, char **err)
{
	char *msg = NULL;
	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		if (err)
			*err = store_errmsg(st, msg ? msg : "sql");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

sqlite3_stmt *store_prepare(struct store *st, const char *sql, char **err)
{
	size_t h = 5381, i;
	for (const char *p = sql; *p; p++)
		h = h * 33 + (unsigned char)*p;
	for (i = 0; i < STMT_CACHE; i++) {
		struct stmt_slot *s = &st->cache[(h + i) % STMT_CACHE];
		if (!s->sql) {
			if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->stmt, NULL) != SQLITE_OK) {
				if (err)
					*err = store_errmsg(st, "prepare");
				s->stmt = NULL;
				return NULL;
			}
			s->sql = xstrdup(sql);
			return s->stmt;
		}
		if (strcmp(s->sql, sql) == 0) {
			sqlite3_reset(s->stmt);
			sqlite3_clear_bindings(s->stmt);
			return s->stmt;
		}
	}
	/* Cache full: the codebase has a fixed set of statements (about 100), far below the cap. */
	if (err)
		*err = xstrdup("statement cache full");
	return NULL;
}

int store_begin(struct store *st, char **err)
{
	return store_exec(st, "BEGIN IMMEDIATE", err);
}

int store_commit(struct store *st, char **err)
{
	int rc = store_exec(st, "COMMIT", err);
	if (st->background)
		yield_to_foreground();
	return rc;
}

void store_rollback(struct store *st)
{
	if (st && st->db && !sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

static int schema_version(struct store *st, const char *module, int *version, char **err)
{
	sqlite3_stmt *q;
	*version = 0;
	if (sqlite3_prepare_v2(st->db, "SELECT version FROM schema_versions WHERE module = ?", -1, &q, NULL) != SQLITE_OK) {
		*err = store_errmsg(st, "reading schema version");
		return -1;
	}
	sqlite3_bind_text(q, 1, module, -1, SQLITE_STATIC);
	if (sqlite3_step(q) == SQLITE_ROW)
		*version = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	return 0;
}

static int apply_migration(struct store *st, const char *module, int version, const char *sql, char **err)
{
	char *rec;
	int rc;
	if (store_begin(st, err) < 0)
		return -1;
	if (store_exec(st, sql, err) < 0)
		goto fail;
	rec = sqlite3_mprintf("INSERT INTO schema_versions(module, version) VALUES (%Q, %d) "
			      "ON CONFLICT(module) DO UPDATE SET version = excluded.version", module, version);
	rc = store_exec(st, rec, err);
	sqlite3_free(rec);
	if (rc < 0)
		goto fail;
	return store_commit(st, err);
fail:
	store_rollback(st);
	return -1;
}

static int migrate(struct store *st, char **err)
{
	if (store_exec(st, "CREATE TABLE IF NOT EXISTS schema_versions("
			   "module TEXT PRIMARY KEY, version INTEGER NOT NULL)", err) < 0)
		return -1;
	for (size_t i = 0; store_schemas[i]; i++) {
		const struct store_schema *s = store_schemas[i];
		int have, n = 0;
		if (schema_version(st, s->module, &have, err) < 0)
			return -1;
		while (s->migrations[n])
			n++;
		if (have > n) {
			*err = xasprintf("database %s was written by a newer newsfold (%s schema v%d, this build knows v%d)",
					 st->path, s->module, have, n);
			return -1;
		}
		for (int v = have; v < n; v++)
			if (apply_migration(st, s->module, v + 1, s->migrations[v], err) < 0)
				return -1;
	}
	return 0;
}

static int open_common(const char *path, int flags, struct store **out, char **err)
{
	struct store *st = xcalloc(1, sizeof *st);
	st->path = xstrdup(path);
	*out = NULL;
	if (sqlite3_open_v2(path, &st->db, flags, NULL) != SQLITE_OK) {
		*err = store_errmsg(st, "opening database");
		goto fail;
	}
	sqlite3_busy_timeout(st->db, 5000);
	sqlite3_extended_result_codes(st->db, 1);
	if (store_exec(st, "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;", err) < 0)
		goto fail;
	*out = st;
	return 0;
fail:
	store_close(st);
	return -1;
}

int store_open(const char *path, struct store **out, char **err)
{
	struct store *st;
	if (open_common(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, &st, err) < 0)
		return -1;
	if (store_exec(st, "PRAGMA journal_mode = WAL", err) < 0 || migrate(st, err) < 0) {
		store_close(st);
		return -1;
	}
	*out = st;
	return 0;
}

int store_open_readonly(const char *path, struct store **out, char **err)
{
	return open_common(path, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, out, err);
}

void store_close(struct store *st)
{
	if (!st)
		return;
	for (size_t i = 0; i < STMT_CACHE; i++) {
		sqlite3_finalize(st->cache[i].stmt);
		free(st->cache[i].sql);
	}
	sqlite3_close_v2(st->db);
	free(st->path);
	free(st);
}

char *store_get_setting(struct store *st, const char *key)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT value FROM settings WHERE key = ?", NULL);
	char *v = NULL;
	if (!q)
		return NULL;
	sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(q) == SQLITE_ROW)
		v = xstrdup((const char *)sqlite3_column_text(q, 0));
	sqlite3_reset(q);
	return v;
}

int store_set_setting(struct store *st, const char *key, const char *value, char **err)
{
	sqlite3_stmt *q = store_prepare(st, "INSERT INTO settings(key, value) VALUES (?, ?) "
				       "ON CONFLICT(key) DO UPDATE SET value = excluded.value", err);
	if (!q)
		return -1;
	sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, value, -1, SQLITE_STATIC);
	return store_step_done(st, q, "saving setting", err);
}
