#ifndef UC_PERIODS_H
#define UC_PERIODS_H

#include <stddef.h>

/*
 * One outage over a chain's reward periods (Avalanche's staking periods,
 * Tezos' cycles, NEAR's epochs, Sui's epochs).  Each period's rule looks
 * only at how much of that period was offline, so what an outage costs
 * depends on where it starts: 1.07 periods starting at a period's start
 * cost one period, but two if each end takes more than the tolerance.
 * These functions give the loss for a given start and its worst, best
 * and expected value over a start uniform in the period.  Pure.
 */
enum period_rights {
	RIGHTS_KEPT,		/* the validator never leaves the set */
	RIGHTS_KICKOUT,		/* NEAR: a period offline over kick_frac */
	RIGHTS_DEACTIVATION,	/* Tezos: idle_periods whole idle periods */
};

#define PERIOD_MAX_KINKS 8

/*
 * Shares are computed from seconds and carry rounding: one within this of
 * a threshold is at it (a microsecond in a fortnight).
 */
#define PERIOD_AT_THRESHOLD 1e-12

struct period_rule {
	double	period_s;
	/*
	 * Share of a period's reward lost (0..1) with x_frac (0..1) of it
	 * offline while the validator holds rights.  Linear between the
	 * kinks, and 1 at x_frac 1.
	 */
	double	(*loss)(const void *ctx, double x_frac);
	const void *ctx;
	double	kinks[PERIOD_MAX_KINKS];	/* x_frac where loss() bends or steps */
	size_t	nkinks;
	enum period_rights rights;
	double	kick_frac;	/* RIGHTS_KICKOUT: offline share that kicks out */
	unsigned idle_periods;	/* RIGHTS_DEACTIVATION: idle periods tolerated */
	/*
	 * A change of rights decided in period k (a kickout at its end, a
	 * deactivation, a new proposal or reactivation) takes effect in
	 * period k + delay_periods + 1.
	 */
	unsigned delay_periods;
};

struct period_loss {
	double	worst;		/* in periods' rewards: the most over any start */
	double	best;		/* the least */
	double	mean;		/* over a start uniform in the period */
	double	out_periods;	/* the most periods without rights after it */
};

/*
 * Periods' rewards lost by an outage of offline_s starting start_frac
 * (0 <= start_frac < 1) of the way into a period, the validator healthy
 * before it and back online after it (re-proposing or reactivating at
 * once).  *out_periods, if not NULL, gets the periods without rights
 * from the one it returns in on.
 */
double	periods_loss_at(const struct period_rule *r, double offline_s,
	    double start_frac, double *out_periods);

/*
 * Worst, best and mean of periods_loss_at over the start.  The loss is
 * linear in the start between the points where a period's offline share
 * crosses a kink, so these are exact, not sampled: the mean is summed
 * piece by piece and the extremes are the pieces' ends (a step counts on
 * the side it is reached from: the worst is a supremum).
 */
void	periods_outage(const struct period_rule *r, double offline_s,
	    struct period_loss *pl);

/*
 * Periods' rewards lost over a run of n periods, period k offline for
 * share x[k] (several outages may share one): each period's rule, and the
 * rights lost to a kickout or deactivation, counted within the n periods.
 * For one outage it agrees with periods_loss_at.  O(n).
 */
double	periods_timeline(const struct period_rule *r, const double *x, size_t n);

#endif
