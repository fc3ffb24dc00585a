/*
 * dynlib_sqlite.c — SQLite, loaded on first use (see dynlib.h). `newsfold parse` and
 * `extract` never open a database; mapping and relocating libsqlite3 was ~20 page faults
 * and a few hundred microseconds of every start. Commands with a database load it when
 * they open it (sqlite3_open_v2 is the first call any of them makes).
 * sqlite3_mprintf is variadic: it forwards through sqlite3_vmprintf, which formats the
 * same way. sqlite3_free(NULL) does nothing without loading.
 */
#include "util/dynlib.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdarg.h>

#define SONAME "libsqlite3.so.0"

#define SQLITE_FUNCS(X)                                                                        \
	X(sqlite3_bind_double) X(sqlite3_bind_int) X(sqlite3_bind_int64) X(sqlite3_bind_null)      \
	X(sqlite3_bind_text) X(sqlite3_busy_timeout) X(sqlite3_changes)                            \
	X(sqlite3_clear_bindings) X(sqlite3_close) X(sqlite3_close_v2) X(sqlite3_column_count)     \
	X(sqlite3_column_double) X(sqlite3_column_int) X(sqlite3_column_int64)                     \
	X(sqlite3_column_name) X(sqlite3_column_text) X(sqlite3_column_type) X(sqlite3_errmsg)     \
	X(sqlite3_exec) X(sqlite3_extended_errcode) X(sqlite3_extended_result_codes)               \
	X(sqlite3_finalize) X(sqlite3_free) X(sqlite3_get_autocommit)                              \
	X(sqlite3_last_insert_rowid) X(sqlite3_vmprintf) X(sqlite3_open) X(sqlite3_open_v2)        \
	X(sqlite3_prepare_v2) X(sqlite3_prepare_v3) X(sqlite3_reset) X(sqlite3_step)

DYNLIB_LIBRARY("libsqlite3-0", SQLITE_FUNCS)

void (sqlite3_free)(void *p)
{
	/* NULL does nothing, without loading; other memory came from SQLite: it is loaded */
	if (p) {
		need();
		F.sqlite3_free(p);
	}
}

/* Variadic, so hand-written: formats through sqlite3_vmprintf. */
char *(sqlite3_mprintf)(const char *fmt, ...)
{
	va_list ap;
	char *r;
	need();
	va_start(ap, fmt);
	r = F.sqlite3_vmprintf(fmt, ap);
	va_end(ap);
	return r;
}

DYNLIB_FORWARD(char *, sqlite3_vmprintf, (const char *fmt, va_list ap), (fmt, ap))
DYNLIB_FORWARD(int, sqlite3_bind_double, (sqlite3_stmt * s, int i, double v), (s, i, v))
DYNLIB_FORWARD(int, sqlite3_bind_int, (sqlite3_stmt * s, int i, int v), (s, i, v))
DYNLIB_FORWARD(int, sqlite3_bind_int64, (sqlite3_stmt * s, int i, sqlite3_int64 v), (s, i, v))
DYNLIB_FORWARD(int, sqlite3_bind_null, (sqlite3_stmt * s, int i), (s, i))
DYNLIB_FORWARD(int, sqlite3_bind_text,
	       (sqlite3_stmt * s, int i, const char *v, int n, void (*d)(void *)), (s, i, v, n, d))
DYNLIB_FORWARD(int, sqlite3_busy_timeout, (sqlite3 * db, int ms), (db, ms))
DYNLIB_FORWARD(int, sqlite3_changes, (sqlite3 * db), (db))
DYNLIB_FORWARD(int, sqlite3_clear_bindings, (sqlite3_stmt * s), (s))
DYNLIB_FORWARD(int, sqlite3_close, (sqlite3 * db), (db))
DYNLIB_FORWARD(int, sqlite3_close_v2, (sqlite3 * db), (db))
DYNLIB_FORWARD(int, sqlite3_column_count, (sqlite3_stmt * s), (s))
DYNLIB_FORWARD(double, sqlite3_column_double, (sqlite3_stmt * s, int i), (s, i))
DYNLIB_FORWARD(int, sqlite3_column_int, (sqlite3_stmt * s, int i), (s, i))
DYNLIB_FORWARD(sqlite3_int64, sqlite3_column_int64, (sqlite3_stmt * s, int i), (s, i))
DYNLIB_FORWARD(const char *, sqlite3_column_name, (sqlite3_stmt * s, int i), (s, i))
DYNLIB_FORWARD(const unsigned char *, sqlite3_column_text, (sqlite3_stmt * s, int i), (s, i))
DYNLIB_FORWARD(int, sqlite3_column_type, (sqlite3_stmt * s, int i), (s, i))
DYNLIB_FORWARD(const char *, sqlite3_errmsg, (sqlite3 * db), (db))
DYNLIB_FORWARD(int, sqlite3_exec,
	       (sqlite3 * db, const char *sql, int (*cb)(void *, int, char **, char **), void *arg,
		char **errmsg),
	       (db, sql, cb, arg, errmsg))
DYNLIB_FORWARD(int, sqlite3_extended_errcode, (sqlite3 * db), (db))
DYNLIB_FORWARD(int, sqlite3_extended_result_codes, (sqlite3 * db, int on), (db, on))
DYNLIB_FORWARD(int, sqlite3_finalize, (sqlite3_stmt * s), (s))
DYNLIB_FORWARD(int, sqlite3_get_autocommit, (sqlite3 * db), (db))
DYNLIB_FORWARD(sqlite3_int64, sqlite3_last_insert_rowid, (sqlite3 * db), (db))
DYNLIB_FORWARD(int, sqlite3_open, (const char *path, sqlite3 **db), (path, db))
DYNLIB_FORWARD(int, sqlite3_open_v2, (const char *path, sqlite3 **db, int flags, const char *vfs),
	       (path, db, flags, vfs))
DYNLIB_FORWARD(int, sqlite3_prepare_v2,
	       (sqlite3 * db, const char *sql, int n, sqlite3_stmt **s, const char **tail),
	       (db, sql, n, s, tail))
DYNLIB_FORWARD(int, sqlite3_prepare_v3,
	       (sqlite3 * db, const char *sql, int n, unsigned int flags, sqlite3_stmt **s,
		const char **tail),
	       (db, sql, n, flags, s, tail))
DYNLIB_FORWARD(int, sqlite3_reset, (sqlite3_stmt * s), (s))
DYNLIB_FORWARD(int, sqlite3_step, (sqlite3_stmt * s), (s))
