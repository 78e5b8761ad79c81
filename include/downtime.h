#ifndef UC_DOWNTIME_H
#define UC_DOWNTIME_H

#include <stdbool.h>

#include "econ.h"
#include "periods.h"

/*
 * What one continuous outage costs on chains other than Ethereum's, by the
 * chain's rule in the network table.  Pure: no I/O, no allocation.
 */
struct outage {
	double	offline_s;
	double	periods_offline;	/* whole reward periods (epochs, cycles) */
	double	blocks_missed;		/* jail_window chains; else NAN */
	double	slash_native;		/* principal slashed (0 where none) */
	/*
	 * Rewards lost, NAN when the rate is unknown.  Where periods decide
	 * (Avalanche, Tezos, NEAR, Sui) the cost depends on where in a
	 * period the outage starts: the worst start, the best, and the mean
	 * over a start uniform in the period; elsewhere all three are equal.
	 */
	double	rewards_lost_native;	/* the worst start */
	double	rewards_lost_best_native;
	double	rewards_lost_mean_native;
	double	out_periods;		/* worst start: periods out of the set
					   (kicked out, deactivated) after it */
	double	loss_native;		/* slash + rewards lost, worst start */
	double	loss_mean_native;	/* slash + rewards lost, mean start */
	double	loss_frac;		/* of the stake */
	bool	penalised;		/* jailed, kicked out, period forfeited */
	double	penalty_after_s;	/* continuous outage that triggers it; NAN none */
	double	jailed_s;		/* time out of the active set */
	const char *rule;		/* one sentence: the rule applied */
};

/*
 * Cost of one outage of offline_s, with the validator healthy before it
 * and back (re-proposing, reactivating) as soon as it ends.  e->c must
 * not be PM_ETH_BEACON (ethmodel_outage simulates those).
 */
void	downtime_outage(const struct econ *e, double offline_s, struct outage *o);

/*
 * The longest outage from full health that costs nothing beyond its
 * share of rewards: before a jail, kickout, forfeited period or (NEAR) a
 * cut in the epoch's reward; 0 where rewards are lost from the first
 * missed duty, NAN where peers decide (Sui).  The table's
 * max_tolerated_downtime_s, computed.
 */
double	downtime_free_s(const struct econ *e);

/*
 * The longest single outage before a jail, kickout or forfeited period:
 * NAN where the chain has none (rewards lost pro rata, or Ethereum outside
 * a leak).
 */
double	downtime_hard_limit_s(const struct econ *e);

/*
 * Expected income lost when total_s of downtime, in pieces of at most
 * piece_s, falls in a window of window_s.  Native units; NAN if unknown.
 */
double	downtime_budget_loss(const struct econ *e, double total_s, double piece_s,
	    double window_s);

/*
 * What one continuous outage of offline_s costs against staying online, in
 * native units.  Ethereum-family chains outside a leak: each missed epoch's
 * penalty and income, offline_s / epoch_s of them (the expectation over
 * where the outage falls in the epoch).  Other chains: downtime_outage's
 * loss for an outage from full health, its mean over where it starts.
 * NAN when the reward rate is unknown.
 */
double	downtime_cost_native(const struct econ *e, double offline_s);

/*
 * Whether downtime_cost_native is proportional to the outage's length, so
 * that total downtime alone prices it: no jail or threshold in the rule.
 */
bool	downtime_cost_is_linear(const struct chain *c);

/*
 * The rule of e's chain for one reward period (periods.h), where each
 * period is judged on all its downtime (Avalanche, Tezos, NEAR, Sui);
 * false for other chains.  *r borrows e's chain.
 */
bool	downtime_period_rule(const struct econ *e, struct period_rule *r);

/* One full period's rewards at full uptime, native units; NAN if unknown. */
double	downtime_period_reward_native(const struct econ *e);

/* One sentence: the downtime rule of c's penalty model.  Static string. */
const char *downtime_rule(const struct chain *c);

/* Cosmos SDK maxMissed: window - round(min_signed x window). */
double	downtime_max_missed_blocks(const struct chain *c);

#endif
