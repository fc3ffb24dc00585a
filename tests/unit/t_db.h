/*
 * t_db.h — a throwaway database for unit tests that need a store.
 *
 * t_db_open(name) removes any leftover /tmp/nf-test-NAME-PID.db and opens it fresh (all
 * migrations applied); on failure it prints why and returns NULL. t_db_close closes the
 * store and removes the file with its -wal and -shm companions. t_db_path is the path of
 * the last one opened, for tests that reopen it.
 */
#ifndef T_DB_H
#define T_DB_H
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char t_db_path[96];

static void t_db_unlink(void)
{
	char p[128];
	unlink(t_db_path);
	snprintf(p, sizeof p, "%s-wal", t_db_path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", t_db_path);
	unlink(p);
}

static inline struct store *t_db_open(const char *name)
{
	struct store *st = NULL;
	char *err = NULL;
	snprintf(t_db_path, sizeof t_db_path, "/tmp/nf-test-%s-%d.db", name, (int)getpid());
	t_db_unlink();
	if (store_open(t_db_path, &st, &err) < 0) {
		printf("  open %s: %s\n", t_db_path, err);
		free(err);
	}
	return st;
}

static inline void t_db_close(struct store *st)
{
	store_close(st);
	t_db_unlink();
}
#endif
