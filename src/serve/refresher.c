/*
 * refresher.c — one thread, one store, refresh_run in a loop, a condition variable to sleep
 * on so that stop is immediate rather than waiting out the sleep.
 */
#include "serve/refresher.h"
#include "source/refresh.h"
#include "util/log.h"
#include "util/util.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

struct refresher {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int stop, kicked;
	int allow_private;
	char *db_path;
};

/* The one refresher a server runs, for refresher_kick from request threads. */
static pthread_mutex_t running_lock = PTHREAD_MUTEX_INITIALIZER;
static struct refresher *running;

void refresher_kick(void)
{
	pthread_mutex_lock(&running_lock);
	if (running) {
		pthread_mutex_lock(&running->lock);
		running->kicked = 1;
		log_info("refresher: woken early: feeds were added");
		pthread_cond_signal(&running->cond);
		pthread_mutex_unlock(&running->lock);
	}
	pthread_mutex_unlock(&running_lock);
}

static int64_t next_due(struct store *st)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT min(next_fetch) FROM feeds WHERE kind = 'feed'", NULL);
	int64_t t = 0;
	if (!q)
		return 0;
	if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_type(q, 0) != SQLITE_NULL)
		t = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	return t;
}

static void run_once(struct store *st, int allow_private)
{
	struct refresh_opts o;
	struct refresh_stats s = { 0 };
	char *err = NULL;
	refresh_opts_default(&o);
	o.fetch.allow_private = allow_private;
	if (refresh_run(st, &o, &s, &err)) {
		log_warn("refresher: %s", err ? err : "refresh failed");
		free(err);
		return;
	}
	if (s.feeds)
		log_info("refresher: %zu feeds, %zu ok, %zu not modified, %zu failed, %lld new articles", s.feeds,
			 s.ok, s.not_modified, s.failed, (long long)s.new_articles);
}

/* Sleep until the next feed is due (bounded), or until stop. Returns 1 when stopping. */
static int sleep_until_due(struct refresher *r, struct store *st)
{
	int64_t now = (int64_t)time(NULL), wait = next_due(st) - now;
	struct timespec ts;
	int stop;
	if (wait < REFRESHER_MIN_SLEEP)
		wait = REFRESHER_MIN_SLEEP;
	if (wait > REFRESHER_MAX_SLEEP || next_due(st) == 0)
		wait = REFRESHER_MAX_SLEEP;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += (time_t)wait;
	pthread_mutex_lock(&r->lock);
	while (!r->stop && !r->kicked && pthread_cond_timedwait(&r->cond, &r->lock, &ts) != ETIMEDOUT)
		;
	r->kicked = 0;
	stop = r->stop;
	pthread_mutex_unlock(&r->lock);
	return stop;
}

static void *loop(void *arg)
{
	struct refresher *r = arg;
	struct store *st = NULL;
	char *err = NULL;
	if (store_open(r->db_path, &st, &err)) {
		log_error("refresher: %s", err ? err : "cannot open the database");
		free(err);
		return NULL;
	}
	store_set_background(st, 1);   /* requests' writes go first (store.h) */
	do
		run_once(st, r->allow_private);
	while (!sleep_until_due(r, st));
	store_close(st);
	return NULL;
}

int refresher_start(const char *db_path, int allow_private, struct refresher **out, char **err)
{
	struct refresher *r = xcalloc(1, sizeof *r);
	r->db_path = xstrdup(db_path);
	r->allow_private = allow_private;
	pthread_mutex_init(&r->lock, NULL);
	pthread_cond_init(&r->cond, NULL);
	if (pthread_create(&r->thread, NULL, loop, r)) {
		*err = xstrdup("cannot start the refresher thread");
		pthread_mutex_destroy(&r->lock);
		pthread_cond_destroy(&r->cond);
		free(r->db_path);
		free(r);
		return -1;
	}
	pthread_mutex_lock(&running_lock);
	running = r;
	pthread_mutex_unlock(&running_lock);
	*out = r;
	return 0;
}

void refresher_stop(struct refresher *r)
{
	if (!r)
		return;
	pthread_mutex_lock(&running_lock);
	if (running == r)
		running = NULL;
	pthread_mutex_unlock(&running_lock);
	pthread_mutex_lock(&r->lock);
	r->stop = 1;
	pthread_cond_signal(&r->cond);
	pthread_mutex_unlock(&r->lock);
	/* A refresh_run in flight finishes its fetch first; fetch timeouts bound the wait. */
	pthread_join(r->thread, NULL);
	pthread_mutex_destroy(&r->lock);
	pthread_cond_destroy(&r->cond);
	free(r->db_path);
	free(r);
}

void refresher_fetch_now(struct store *st, int64_t feed, int allow_private)
{
	struct refresh_opts o;
	struct refresh_stats s = { 0 };
	char id[32], *err = NULL;
	snprintf(id, sizeof id, "%lld", (long long)feed);
	refresh_opts_default(&o);
	o.feed = id;
	o.fetch.allow_private = allow_private;
	if (refresh_run(st, &o, &s, &err)) {
		log_warn("serve: fetching new feed %lld: %s", (long long)feed, err ? err : "failed");
		free(err);
	}
}
