/*
 * store — the database: one SQLite file in WAL mode, schema versioned by migrations.
 *
 * Every module that keeps state registers a schema (struct store_schema: a name and an
 * ordered list of SQL migrations); store_open applies the ones not yet applied, each in its
 * own transaction, and records them in schema_versions(module, version). Modules append
 * migrations, never edit applied ones.
 *
 * Ownership: store_open returns a handle the caller closes with store_close (NULL-safe).
 * The sqlite3 handle from store_db belongs to the store. Errors: functions return 0 or
 * -1 and fill *err (caller frees) with one line a user can act on ("database is locked by
 * another newsfold process", "disk full", ...).
 * Thread-safety: one store per thread; open another for another thread (WAL allows
 * concurrent readers and one writer; busy_timeout is 5 s; see store_set_background).
 * Durability: WAL + synchronous=NORMAL; a transaction that store_commit reported is
 * durable across a process kill (kill -9); a power cut may lose the last one.
 */
#ifndef STORE_STORE_H
#define STORE_STORE_H
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

struct store;

struct store_schema {
	const char *module;
	const char *const *migrations;   /* NULL-terminated; index+1 is the version */
};

/* Default path: $NEWSFOLD_DB, else ./newsfold.db. */
const char *store_default_path(void);
int store_open(const char *path, struct store **out, char **err);
int store_open_readonly(const char *path, struct store **out, char **err);
void store_close(struct store *st);
sqlite3 *store_db(struct store *st);
const char *store_path(const struct store *st);

int store_begin(struct store *st, char **err);     /* BEGIN IMMEDIATE */
int store_commit(struct store *st, char **err);
void store_rollback(struct store *st);            /* safe to call when no transaction */

/* Fairness between a background writer and foreground ones in the same process. SQLite's
 * lock is not a queue and its busy handler sleeps up to 100 ms between tries, so a writer
 * committing transaction after transaction (the server's refresher importing thousands of
 * articles) retakes the lock before a waiting request notices it was free: a reader's
 * "mark read" waited seconds, and past the 5 s busy timeout it failed. So: a request that
 * may write brackets itself with store_foreground_enter/leave (any thread, nestable), and
 * a store marked background (store_set_background) pauses after each commit while such a
 * request is running, polling every millisecond for at most STORE_YIELD_MS. The command
 * line never marks a store background: nothing changes there. */
#define STORE_YIELD_MS 150
void store_set_background(struct store *st, int on);
void store_foreground_enter(void);
void store_foreground_leave(void);

/* Run a statement with no result rows (several separated by ';' allowed). */
int store_exec(struct store *st, const char *sql, char **err);
/* Prepare, caching the statement for the life of the store; do not finalize it. */
sqlite3_stmt *store_prepare(struct store *st, const char *sql, char **err);
/* One error line for the last failure on db, with advice for locked/full/readonly. */
char *store_errmsg(struct store *st, const char *what);
/* Step a statement whose rows, if any, are not wanted (INSERT, UPDATE, DELETE, an upsert
 * with RETURNING read elsewhere), then reset it. 0, or -1 with *err set to
 * store_errmsg(st, what) when err is not NULL. */
int store_step_done(struct store *st, sqlite3_stmt *q, const char *what, char **err);
/* Step a lookup of at most one row. 0: the statement stands on that row; read its
 * columns, then sqlite3_reset it. 1: no row (reset). -1: error (reset, *err set as above). */
int store_step_row(struct store *st, sqlite3_stmt *q, const char *what, char **err);

/* The first column of sql's first row as a new string (caller frees), with ?1..?n bound to
 * ids[0..n-1]: the one-value lookups by id (a user's name, an article's headline, a feed's
 * title). NULL when there is no row, the value is NULL, or on a database error: callers
 * treat all three as "none". */
char *store_text_by_id(struct store *st, const char *sql, const int64_t *ids, int n);

/* Whether sql, with ?1..?n bound to ids[0..n-1], gives a row (a visibility or membership
 * test: "SELECT 1 ... WHERE ..."). A database error reads as no row. */
bool store_row_exists(struct store *st, const char *sql, const int64_t *ids, int n);

/* Key/value settings table, for small global state (instance secret, config). */
char *store_get_setting(struct store *st, const char *key);   /* caller frees; NULL if none */
int store_set_setting(struct store *st, const char *key, const char *value, char **err);
#endif
