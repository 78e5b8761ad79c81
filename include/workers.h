#ifndef UC_WORKERS_H
#define UC_WORKERS_H

#include <stddef.h>

/*
 * A fixed pool of threads taking jobs from a bounded queue, so decoding
 * one response overlaps with downloading the next.  The queue bound keeps
 * memory to a few responses however long the run.
 */
typedef int (*work_fn)(void *ctx, void *job);	/* UC_OK or an error status */
typedef void (*drop_fn)(void *job);		/* frees a job never run */

struct workers;

/* Start n threads running fn(ctx, job) for each job submitted. */
int	workers_start(struct workers **out, int n, size_t queue_cap, work_fn fn,
	    drop_fn drop, void *ctx);

/*
 * Queue a job, waiting while the queue is full.  Once any job has failed,
 * the job is dropped and the first failure's status is returned.
 */
int	workers_submit(struct workers *w, void *job);

/* Run what is queued, join the threads, free the pool: the first failure. */
int	workers_finish(struct workers *w);

/* Serialise a section of the jobs (a store append): one at a time. */
void	workers_lock(struct workers *w);
void	workers_unlock(struct workers *w);

/* A sensible number of decode threads for this machine. */
int	workers_default(void);

#endif
