#ifndef UC_REPORT_FETCH_H
#define UC_REPORT_FETCH_H

/*
 * The rewards of the epochs a report's store lacks: requested through
 * beacon.c, decoded and packed in a pool of threads as they arrive, and
 * stored at once, so that an interrupted fetch loses nothing.  Private to
 * the report command.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "report_node.h"
#include "report_set.h"
#include "store.h"

struct store_pack;
struct workers;

/* Told of each epoch stored, under the pool's lock: UC_OK or a status. */
typedef int (*report_stored_fn)(void *ctx, const struct store_pack *p);

#define BODY_SPARES	2

struct report_fetch {
	/* given */
	struct report_node	*node;
	const struct report_set	*set;
	struct store		*st;
	int			 threads;	/* decode threads */
	bool			 following;	/* following: no progress, no "run again" */
	bool			 will_follow;	/* --follow: no advice to follow */
	bool			 quiet;		/* --quiet: no progress */
	report_stored_fn	 stored;	/* may be NULL */
	void			*ctx;
	/* what came of it */
	uint64_t		 fetched;
	uint64_t		*unserved;	/* epochs the node no longer holds */
	size_t			 nunserved;
	char			 unserved_msg[240];	/* the node's words about one */
	/* the fetch's own */
	uint64_t		 cursor, to, want;
	double			 t0_s, progress_s;
	bool			 warned_decimal;
	struct workers		*pool;
	/* Bodies' buffers, decoded and kept for the next requests (under the
	   pool's lock): megabytes each, their pages are not taken afresh. */
	struct strbuf		 spare[BODY_SPARES];
	size_t			 nspare, spare_max;
};

/*
 * Fetch and store every epoch of from..to the store lacks (store_has).
 * Epochs the node no longer holds are listed, not errors.  UC_OK, or the
 * first failure (said): what arrived before it is stored.
 */
int	report_fetch_missing(struct report_fetch *f, uint64_t from, uint64_t to);
/*
 * One warning naming the epochs not served, and what would serve them.
 * f->nunserved stays, for the exit status; the caller zeroes it to start
 * a new list.
 */
void	report_fetch_say_unserved(struct report_fetch *f, uint64_t from, uint64_t to);
void	report_fetch_release(struct report_fetch *f);

#endif
