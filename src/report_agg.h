#ifndef UC_REPORT_AGG_H
#define UC_REPORT_AGG_H

/*
 * The store's epochs into the report model: for a summary, every epoch of
 * the range, stored ones read before fetching (so that a damaged one is
 * fetched again) and fetched ones as they are stored, in any order; for
 * the per-epoch view, the epochs in order, a row each.  Private to the
 * report command.
 */
#include <stdint.h>

#include "epoch.h"
#include "report.h"
#include "report_set.h"
#include "store.h"

struct store_pack;
struct report_sync;

/* An epoch's streak votes, waiting for the epochs before it. */
struct streak_pend {
	uint64_t	 epoch;
	size_t		 n;
	uint32_t	*at;
	uint8_t		*bits;
};
#define STREAK_PENDING	32

struct report_agg {
	struct report	 rp;		/* the summary, once report_agg_finish ran */
	struct streak_pend pend[STREAK_PENDING + 1];
	size_t		 npend;
	bool		 replayed;	/* the streaks were counted again, in order */
	struct store	*st;
	const struct report_set *set;
	uint64_t	 from, to;
	uint8_t		*done;		/* a bit per epoch of the range: added */
	struct epoch_result er;		/* scratch */
	struct epoch_except ex;		/* the same for the stored epochs; shares er.v */
	struct epoch_except fetched;	/* the decode threads', under their lock */
	struct report_sync *sync;	/* sync duties to add, or NULL */
};

void	report_agg_begin(struct report_agg *a, struct store *st,
	    const struct report_set *set, uint64_t from, uint64_t to,
	    struct rwindow *win, size_t nwin);
/*
 * Add what the store holds of the range.  A record that fails its check
 * is left out (named by the store) and so fetched again.
 */
int	report_agg_stored(struct report_agg *a);
/* A report_stored_fn (report_fetch.h): add an epoch as it is stored. */
int	report_agg_fetched(void *ctx, const struct store_pack *p);
/*
 * Finish the summary: the proposals the store holds, every row settled,
 * and *have, the epochs with data.  UC_EPROTO (said) when its sums went
 * beyond 64 bits.
 */
int	report_agg_finish(struct report_agg *a, uint64_t *have);
void	report_agg_end(struct report_agg *a);

/* Check the stored epochs of from..to before a per-epoch view fetches. */
int	report_agg_check(struct store *st, uint64_t from, uint64_t to,
	    struct epoch_result *er);
/*
 * Add the stored epochs of from..to to rp in order, each validator's row
 * to fn; *have counts those with data.  A record damaged since it was
 * checked is named and skipped.
 */
int	report_agg_rows(struct store *st, struct report *rp, uint64_t from,
	    uint64_t to, struct epoch_result *er, report_row_fn fn, void *ctx,
	    uint64_t *have);

#endif
