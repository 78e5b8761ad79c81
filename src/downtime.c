/*
 * Downtime cost on chains whose penalty is a rule rather than Ethereum's
 * per-epoch accounting: Cosmos SDK jailing, all-or-nothing thresholds per
 * period, NEAR's piecewise-linear reward, and plain pro-rata rewards.
 */
#include <math.h>

#include "downtime.h"
#include "periods.h"
#include "util.h"

double
downtime_max_missed_blocks(const struct chain *c)
{
	/* x/slashing keeper: minSignedPerWindow.MulInt(window).RoundInt() */
	return c->window_blocks - round(c->min_signed_frac * c->window_blocks);
}

/* Rewards of a stretch of time at full uptime, in native units. */
static double
earned(const struct econ *e, double s)
{
	return e->reward_year_native * s / SECONDS_PER_YEAR;
}

static double
clamp01(double v)
{
	return v < 0 ? 0 : v > 1 ? 1 : v;
}

/*
 * The rules below look at x, the share of one period offline; within
 * PERIOD_AT_THRESHOLD of a threshold is at it.
 */
#define AT_THRESHOLD PERIOD_AT_THRESHOLD

/* Avalanche, Tezos: the step share all or nothing, the rest pro rata. */
static double
step_loss(const void *ctx, double x)
{
	const struct chain *c = ctx;
	double tol = 1 - c->uptime_reward_threshold_frac, share = econ_step_share(c);

	return share * (x - tol > AT_THRESHOLD) + (1 - share) * x;
}

/* NEAR: nothing below the reward threshold, linear up to the full one. */
static double
piecewise_loss(const void *ctx, double x)
{
	const struct chain *c = ctx;
	double u;

	/* A kicked-out validator is left out of the epoch's rewards. */
	if (x - (1 - c->min_signed_frac) > AT_THRESHOLD)
		return 1;
	u = econ_online_ratio(c, 1 - x);
	return 1 - clamp01((u - c->uptime_reward_threshold_frac) /
	    (c->full_reward_uptime_frac - c->uptime_reward_threshold_frac));
}

/* Sui: any epoch the outage touches may be cut (the worst peers can do). */
static double
peer_loss(const void *ctx, double x)
{
	(void)ctx;
	return x > 0;
}

static void
add_kink(struct period_rule *r, double x)
{
	if (x > 0 && x < 1 && r->nkinks < PERIOD_MAX_KINKS)
		r->kinks[r->nkinks++] = x;
}

bool
downtime_period_rule(const struct econ *e, struct period_rule *r)
{
	const struct chain *c = e->c;

	*r = (struct period_rule){ .period_s = e->period_s, .ctx = c };
	switch (c->model) {
	case PM_STEP_THRESHOLD:
	case PM_CYCLE_THRESHOLD:
		r->loss = step_loss;
		add_kink(r, 1 - c->uptime_reward_threshold_frac);
		if (!isnan(c->inactivity_periods)) {
			r->rights = RIGHTS_DEACTIVATION;
			r->idle_periods = (unsigned)c->inactivity_periods;
			r->delay_periods = isnan(c->rights_delay_periods) ? 0 :
			    (unsigned)c->rights_delay_periods;
		}
		return true;
	case PM_PIECEWISE_KICKOUT:
		r->loss = piecewise_loss;
		r->rights = RIGHTS_KICKOUT;
		r->kick_frac = 1 - c->min_signed_frac;
		r->delay_periods = isnan(c->rights_delay_periods) ? 0 :
		    (unsigned)c->rights_delay_periods;
		/* Where the online ratio meets either threshold, or the step. */
		add_kink(r, 1 - econ_uptime_for_ratio(c, c->uptime_reward_threshold_frac));
		add_kink(r, 1 - econ_uptime_for_ratio(c, c->full_reward_uptime_frac));
		add_kink(r, 1 - c->uptime_reward_threshold_frac);
		add_kink(r, 1 - c->full_reward_uptime_frac);
		if (!isnan(c->endorsement_threshold_frac))
			add_kink(r, 1 - c->endorsement_threshold_frac);
		return true;
	case PM_PEER_REPORTED:
		r->loss = peer_loss;
		return true;
	case PM_JAIL_WINDOW:
	case PM_ETH_BEACON:
	case PM_LINEAR:
		break;
	}
	return false;
}

/*
 * The time a period may be offline at uptime threshold thr.  Written as
 * period - thr * period: (1 - 0.8) is 0.19999999999999996 in binary, and
 * an outage of exactly 20 % must not count as more than 20 %.
 */
static double
off_share(double thr, double period_s)
{
	return period_s - thr * period_s;
}

const char *
downtime_rule(const struct chain *c)
{
	switch (c->model) {
	case PM_JAIL_WINDOW:
		return "jailed on the first miss beyond max_missed_blocks in the "
		    "signing window; rewards do not depend on signing until then";
	case PM_STEP_THRESHOLD:
		return "all rewards of the staking period are forfeited when uptime "
		    "over the period falls below the threshold";
	case PM_CYCLE_THRESHOLD:
		return "a cycle's attesting and DAL rewards are forfeited when fewer "
		    "than the threshold share of its slots are attested, baking "
		    "rewards are lost block by block, and whole idle cycles past "
		    "the tolerated inactivity deactivate the baker until its "
		    "rights return";
	case PM_PIECEWISE_KICKOUT:
		return "an epoch pays nothing below the reward threshold of its "
		    "online ratio (the mean of blocks, chunks and endorsements), "
		    "then linearly up to full reward; below the kickout threshold "
		    "the epoch pays nothing and the validator is out of the set "
		    "from the epoch after next until a new proposal takes effect";
	case PM_PEER_REPORTED:
		return "no protocol uptime rule: peers may vote to cut all rewards of "
		    "each epoch the outage touches (worst case shown)";
	case PM_ETH_BEACON:
		return "each missed epoch costs the source and target penalty; in an "
		    "inactivity leak the inactivity penalty grows with the score";
	case PM_LINEAR:
		break;
	}
	return "rewards are lost pro rata for every missed duty; there is no "
	    "downtime penalty";
}

double
downtime_period_reward_native(const struct econ *e)
{
	return earned(e, e->period_s);
}

double
downtime_free_s(const struct econ *e)
{
	const struct chain *c = e->c;

	switch (c->model) {
	case PM_JAIL_WINDOW:
		return downtime_max_missed_blocks(c) * c->block_time_s;
	case PM_STEP_THRESHOLD:
	case PM_CYCLE_THRESHOLD:
		return off_share(c->uptime_reward_threshold_frac, e->period_s);
	case PM_PIECEWISE_KICKOUT:
		/* Full reward down to the full-reward online ratio. */
		return off_share(econ_uptime_for_ratio(c, c->full_reward_uptime_frac),
		    e->period_s);
	case PM_PEER_REPORTED:
		return NAN;
	case PM_ETH_BEACON:
	case PM_LINEAR:
		break;
	}
	return 0;
}

double
downtime_hard_limit_s(const struct econ *e)
{
	const struct chain *c = e->c;

	switch (c->model) {
	case PM_JAIL_WINDOW:
		return downtime_max_missed_blocks(c) * c->block_time_s;
	case PM_STEP_THRESHOLD:
		return off_share(c->uptime_reward_threshold_frac, e->period_s);
	case PM_CYCLE_THRESHOLD:
		return off_share(c->uptime_reward_threshold_frac, c->epoch_s);
	case PM_PIECEWISE_KICKOUT:
		return off_share(c->min_signed_frac, c->epoch_s);
	case PM_ETH_BEACON:
	case PM_PEER_REPORTED:
	case PM_LINEAR:
		break;
	}
	return NAN;
}

void
downtime_outage(const struct econ *e, double offline_s, struct outage *o)
{
	const struct chain *c = e->c;
	double period = e->period_s;
	struct period_rule r;
	struct period_loss pl;

	*o = (struct outage){ .offline_s = offline_s, .blocks_missed = NAN,
	    .penalty_after_s = downtime_hard_limit_s(e), .periods_offline = NAN };
	if (period > 0)
		o->periods_offline = floor(offline_s / period);
	if (downtime_period_rule(e, &r)) {
		double reward = earned(e, period);

		periods_outage(&r, offline_s, &pl);
		o->rewards_lost_native = pl.worst * reward;
		o->rewards_lost_best_native = pl.best * reward;
		o->rewards_lost_mean_native = pl.mean * reward;
		o->out_periods = pl.out_periods;
		o->penalised = pl.out_periods > 0 ||
		    (c->model != PM_PEER_REPORTED && offline_s > o->penalty_after_s);
	} else if (c->model == PM_JAIL_WINDOW) {
		double max_missed = downtime_max_missed_blocks(c);

		/* 7210.5 s of 1.1-s blocks is 6555 blocks, not 6554.999... */
		o->blocks_missed = floor(offline_s / c->block_time_s * (1 + 1e-12));
		o->penalty_after_s = (max_missed + 1) * c->block_time_s;
		if (o->blocks_missed > max_missed) {
			o->penalised = true;
			o->slash_native = c->downtime_slash_frac * e->stake_native;
			/* Out of the set from the jail until back and the jail has run. */
			o->jailed_s = fmax(c->jail_s, offline_s - o->penalty_after_s);
			o->rewards_lost_native = earned(e, o->jailed_s);
		}
	} else {
		o->rewards_lost_native = earned(e, offline_s);
	}
	/* A window from full health or a pro-rata rule: no start matters. */
	if (!downtime_period_rule(e, &r)) {
		o->rewards_lost_best_native = o->rewards_lost_native;
		o->rewards_lost_mean_native = o->rewards_lost_native;
	}
	o->rule = downtime_rule(c);
	o->loss_native = o->slash_native + o->rewards_lost_native;
	o->loss_mean_native = o->slash_native + o->rewards_lost_mean_native;
	o->loss_frac = o->loss_native / e->stake_native;
}

double
downtime_cost_native(const struct econ *e, double offline_s)
{
	const struct chain *c = e->c;
	struct outage o;

	if (c->model == PM_ETH_BEACON)
		return offline_s / c->epoch_s * (e->online_epoch_gwei +
		    e->offline_epoch_gwei) / c->gwei_per_native;
	downtime_outage(e, offline_s, &o);
	return o.loss_mean_native;
}

bool
downtime_cost_is_linear(const struct chain *c)
{
	return c->model == PM_ETH_BEACON || c->model == PM_LINEAR;
}

double
downtime_budget_loss(const struct econ *e, double total_s, double piece_s,
    double window_s)
{
	const struct chain *c = e->c;
	double u = window_s > 0 ? 1 - total_s / window_s : 1;
	struct outage o;

	switch (c->model) {
	case PM_ETH_BEACON:
		/* Each missed epoch: its penalty plus the income not earned. */
		return downtime_cost_native(e, total_s);
	case PM_JAIL_WINDOW: {
		/* Pieces shorter than the jail limit cost nothing. */
		double n, loss;

		if (piece_s <= 0 || piece_s > total_s)
			piece_s = total_s;
		if (piece_s <= 0)
			return 0;
		n = floor(total_s / piece_s);
		downtime_outage(e, piece_s, &o);
		loss = n * o.loss_native;
		downtime_outage(e, total_s - n * piece_s, &o);
		return loss + o.loss_native;
	}
	case PM_STEP_THRESHOLD:
	case PM_CYCLE_THRESHOLD:
	case PM_PIECEWISE_KICKOUT:
		/* Downtime spread evenly: the window's uptime decides. */
		return earned(e, window_s) - econ_net_year_native(e, u) *
		    window_s / SECONDS_PER_YEAR;
	case PM_PEER_REPORTED:
		return NAN;
	case PM_LINEAR:
		return earned(e, total_s);
	}
	return NAN;
}
