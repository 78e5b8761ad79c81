#ifndef UC_REPORT_H
#define UC_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "epoch.h"

/*
 * Attestation history → the numbers operators watch: uptime, correctness,
 * effectiveness, rolling windows and the SLO budget.  Pure: no I/O.
 * Memory is per validator (and per window), never per epoch x validator.
 */
#define OUTCOME_UNKNOWN	(-1)
#define REPORT_NO_EPOCH	UINT64_MAX

/* One duty epoch of one validator, classified by the sign of its rewards. */
struct outcome {
	int	source;		/* 1 correct, 0 missed */
	int	target;
	int	head;		/* OUTCOME_UNKNOWN when the ideal head reward is 0 */
	bool	leak;		/* ideal rewards are zero: an inactivity leak */
};
void	report_classify(const struct vresult *v, struct outcome *o);

/*
 * A window: the trailing epochs of the range, or with day set, the epochs
 * first..first + epochs - 1 (a UTC day of the sparkline).  Day windows
 * come after the others and are not shown as windows.
 */
#define REPORT_DAYS_MAX	30	/* day windows at most */

struct rwindow {
	char	 name[24];	/* as the user wrote it: "1d", "7d" */
	uint64_t epochs;	/* its length in epochs */
	bool	 covered;	/* the range is at least this long */
	bool	 day;
	uint64_t first;		/* its first epoch (report_init sets a trailing one's) */
};

struct vstats {
	uint64_t index;
	/* Counts of epochs: 64 bits, as a total over a million validators. */
	uint64_t duty, target, source, head, head_known, leak;
	int64_t	 reward_gwei;		/* net of every component */
	int64_t	 ideal_gwei;		/* ideal over duty epochs */
	int64_t	 eff_pos_gwei;		/* positive flag rewards, ideal > 0 */
	int64_t	 eff_ideal_gwei;	/* ideal, over epochs with ideal > 0 */
	int64_t	 eff_net_gwei;		/* net, over epochs with ideal > 0 */
	uint64_t *win_duty;		/* per window */
	uint64_t *win_target;
	uint64_t proposals, proposed, missed_proposals;	/* known outcomes */
	/* Sync-committee slots with a block, those missed, and their rewards;
	   sync_untrusted counts slots whose rewards the node got wrong. */
	uint64_t sync_slots, sync_missed, sync_untrusted;
	int64_t	 sync_reward_gwei;
	/* Misses in a row (report_streak.c): duty epochs with data, in order. */
	uint64_t last_target_epoch;	/* REPORT_NO_EPOCH: none in the range */
	uint64_t streak_start;		/* first epoch of the current streak */
	uint64_t streak_seen;		/* data epochs counted when last voted */
	uint64_t current_streak, longest_streak;
	uint8_t	 *ring;			/* trailing duty/target bits, 2 per epoch */
	uint32_t ring_duty, ring_target;
};

/* Validators of one effective balance, for the lazy sums (report.c). */
struct rclass {
	uint32_t	 eb_increments;
	uint64_t	 stamp;		/* epochs_added + 1 when cur is this epoch's */
	int32_t		 ideal[3];	/* head, target, source: this epoch's ideal */
	int64_t		*sum;		/* a tally: what being ideal earned so far */
	int64_t		*cur;		/* a tally: what it earns in this epoch */
};

struct report {
	uint64_t	 from, to;
	size_t		 n;
	struct vstats	*v;		/* sorted by index; read after report_finish */
	bool		 lazy;		/* some row is in a class (report.c) */
	size_t		 ntally;	/* int64s in a tally */
	struct rclass	*cls;
	size_t		 ncls;
	uint64_t	*vidx;		/* v[k].index, packed: merges read only this */
	uint32_t	*vcls;		/* per validator: its class + 1, or 0 */
	uint32_t	*vexp;		/* per validator: its class's EB, or UINT32_MAX */
	int64_t		*snap;		/* per validator: its class's sum, settled */
	struct rdelta {			/* an exception's change to its snap */
		uint32_t cls;
		bool	 duty;
		int32_t	 v[6];		/* rewards, then ideal: head, target, source */
		int64_t	 inactivity;
		int64_t	*t;		/* a tally */
	}		 delta[4];	/* this epoch's kinds of exception */
	size_t		 ndelta, delta_next;
	int64_t		*scratch;	/* a tally's room */
	struct vstats	 total;
	struct rwindow	*win;
	size_t		 nwin;		/* the windows shown: those before the days */
	size_t		 nall;		/* and the day windows after them */
	uint64_t	 ring_epochs;	/* trailing window of the per-epoch view */
	uint64_t	 epochs_added;
	uint64_t	 last_epoch;
	uint64_t	 leak_epochs;	/* epochs whose ideal rewards were zero */
	bool		 overflow;	/* a sum went beyond 64 bits: report_finish */
	uint64_t	 proposal_epochs;	/* epochs with proposer duties known */
	uint64_t	 sync_epochs;		/* epochs with sync duties known */
	/* Streaks: epochs with data so far, the last two, and any disorder. */
	uint64_t	 streak_data, streak_last, streak_prev;
	bool		 streak_disorder;
};

/* Per-epoch view of one validator, for --per-epoch rows. */
struct epoch_row {
	uint64_t	 epoch;
	uint64_t	 index;
	bool		 served;	/* the epoch has data; else all else unknown */
	bool		 duty;
	struct outcome	 o;
	int64_t		 reward_gwei;		/* net: gain_gwei - loss_gwei */
	int64_t		 gain_gwei;		/* its positive components */
	int64_t		 loss_gwei;		/* its penalties, inactivity's too (>= 0) */
	int64_t		 ideal_gwei;
	double		 rolling_uptime_frac;	/* trailing ring_epochs; NAN if no duty */
};
typedef void (*report_row_fn)(void *ctx, const struct epoch_row *row);

/* idx sorted and unique; windows borrowed and must outlive r. */
void	report_init(struct report *r, const uint64_t *idx, size_t n, uint64_t from,
	    uint64_t to, struct rwindow *win, size_t nwin, uint64_t ring_epochs);
void	report_release(struct report *r);

/*
 * Add one epoch, counting every validator: the per-epoch view (--per-epoch,
 * --follow), whose rows fn receives (fn may be NULL).  Epochs must come in
 * increasing order.  Summaries use report_add_except instead.
 */
void	report_add(struct report *r, const struct epoch_result *e, report_row_fn fn,
	    void *ctx);

/*
 * Per validator (in index order), the effective balance whose exact ideal
 * a summary credits it through its class: store_read_except's expect.
 */
const uint32_t *report_expected(const struct report *r);
/*
 * Add an epoch read with store_read_except(..., report_expected(r), x),
 * in a summary (a report given no row function): its sums, in any order;
 * its streaks go through report_streaks_votes, in order.
 */
void	report_add_except(struct report *r, const struct epoch_except *x);

/*
 * Miss streaks need epochs in order; a summary's may come in any order
 * (fetched ones as the threads store them).  When they did not, reset the
 * streaks and add every epoch again, in order, to them alone.
 */
bool	report_streaks_disordered(const struct report *r);
void	report_streaks_reset(struct report *r);
/*
 * A summary's streaks, which report_add_except leaves to its caller (it
 * takes epochs in any order): an epoch's unusual validators, n of them at
 * places at[] of the watched set (UINT32_MAX: none), bits[i] 1 for a duty
 * and 2 for a correct target; the others earned their class's ideal.
 */
void	report_streaks_votes(struct report *r, uint64_t epoch, size_t n,
	    const uint32_t *at, const uint8_t *bits);

/* Count an epoch's block proposals of the watched validators. */
void	report_add_proposals(struct report *r, const struct proposal *p, size_t n);

/* Count an epoch's sync-committee duties of the watched validators. */
void	report_add_sync(struct report *r, const struct sync_duty *d, size_t n);

/*
 * Bring every validator's row up to date and fill r->total from them,
 * once every epoch is added.  UC_EDATA when a sum went beyond what 64
 * bits hold (no chain pays that: the rewards were not real); UC_OK.
 */
int	report_finish(struct report *r);

/* Ratios of a stats row; NAN where the denominator is zero. */
double	report_uptime(const struct vstats *s);
double	report_window_uptime(const struct vstats *s, size_t w);

#endif
