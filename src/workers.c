/*
 * The decode pool: POSIX threads, one mutex, two condition variables.
 */
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "diag.h"
#include "util.h"
#include "workers.h"

struct workers {
	pthread_t	*threads;
	int		 nthreads;
	void		**queue;	/* ring of cap jobs */
	size_t		 cap, head, count;
	int		 closing;
	int		 failed;	/* first failure's status, or UC_OK */
	work_fn		 fn;
	drop_fn		 drop;
	void		*ctx;
	pthread_mutex_t	 mu;
	pthread_cond_t	 has_job;
	pthread_cond_t	 has_room;
	pthread_mutex_t	 serial;	/* for the jobs' own shared state */
};

static void *
run(void *arg)
{
	struct workers *w = arg;

	for (;;) {
		void *job;
		int rc;

		pthread_mutex_lock(&w->mu);
		while (w->count == 0 && !w->closing)
			pthread_cond_wait(&w->has_job, &w->mu);
		if (w->count == 0) {
			pthread_mutex_unlock(&w->mu);
			return NULL;
		}
		job = w->queue[w->head];
		w->head = (w->head + 1) % w->cap;
		w->count--;
		pthread_cond_signal(&w->has_room);
		rc = w->failed;
		pthread_mutex_unlock(&w->mu);
		/* After a failure the rest is dropped, not decoded. */
		if (rc != UC_OK) {
			w->drop(job);
			continue;
		}
		rc = w->fn(w->ctx, job);
		if (rc != UC_OK) {
			pthread_mutex_lock(&w->mu);
			if (w->failed == UC_OK)
				w->failed = rc;
			pthread_cond_broadcast(&w->has_room);
			pthread_mutex_unlock(&w->mu);
		}
	}
}

int
workers_default(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 4 ? 4 : (int)n;
}

int
workers_start(struct workers **out, int n, size_t queue_cap, work_fn fn, drop_fn drop,
    void *ctx)
{
	struct workers *w = xcalloc(1, sizeof(*w));
	int i;

	w->nthreads = n < 1 ? 1 : n;
	w->cap = queue_cap < 1 ? 1 : queue_cap;
	w->queue = xcalloc(w->cap, sizeof(*w->queue));
	w->threads = xcalloc((size_t)w->nthreads, sizeof(*w->threads));
	w->fn = fn;
	w->drop = drop;
	w->ctx = ctx;
	w->failed = UC_OK;
	pthread_mutex_init(&w->mu, NULL);
	pthread_mutex_init(&w->serial, NULL);
	pthread_cond_init(&w->has_job, NULL);
	pthread_cond_init(&w->has_room, NULL);
	for (i = 0; i < w->nthreads; i++)
		if (pthread_create(&w->threads[i], NULL, run, w) != 0) {
			w->nthreads = i;
			workers_finish(w);
			*out = NULL;
			return diag_error(UC_EOSERR, "cannot start a decode thread");
		}
	*out = w;
	return UC_OK;
}

int
workers_submit(struct workers *w, void *job)
{
	int rc;

	pthread_mutex_lock(&w->mu);
	while (w->count == w->cap && w->failed == UC_OK)
		pthread_cond_wait(&w->has_room, &w->mu);
	rc = w->failed;
	if (rc == UC_OK) {
		w->queue[(w->head + w->count) % w->cap] = job;
		w->count++;
		pthread_cond_signal(&w->has_job);
	}
	pthread_mutex_unlock(&w->mu);
	if (rc != UC_OK)
		w->drop(job);
	return rc;
}

int
workers_finish(struct workers *w)
{
	int i, rc;

	pthread_mutex_lock(&w->mu);
	w->closing = 1;
	pthread_cond_broadcast(&w->has_job);
	pthread_mutex_unlock(&w->mu);
	for (i = 0; i < w->nthreads; i++)
		pthread_join(w->threads[i], NULL);
	rc = w->failed;
	pthread_mutex_destroy(&w->mu);
	pthread_mutex_destroy(&w->serial);
	pthread_cond_destroy(&w->has_job);
	pthread_cond_destroy(&w->has_room);
	free(w->queue);
	free(w->threads);
	free(w);
	return rc;
}

void
workers_lock(struct workers *w)
{
	pthread_mutex_lock(&w->serial);
}

void
workers_unlock(struct workers *w)
{
	pthread_mutex_unlock(&w->serial);
}
