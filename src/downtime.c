/*
 * Downtime cost on chains whose penalty is a rule rather than Ethereum's
 * per-epoch accounting: Cosmos SDK jailing, all-or-nothing thresholds per
 * period, NEAR's piecewise-linear reward, and plain pro-rata rewards.
 */
#include <math.h>

#include "downtime.h"
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

/* NEAR: the share of an epoch's reward kept at online ratio u. */
static double
piecewise_share(const struct chain *c, double u)
{
	if (u < c->min_signed_frac)
		return 0;
	return clamp01((u - c->uptime_reward_threshold_frac) /
	    (c->full_reward_uptime_frac - c->uptime_reward_threshold_frac));
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
		return "a cycle's attesting rewards are forfeited when fewer than the "
		    "threshold share of its slots are attested";
	case PM_PIECEWISE_KICKOUT:
		return "an epoch pays nothing below the reward threshold, then "
		    "linearly up to full reward; below the kickout threshold the "
		    "validator leaves the set";
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
	double period = e->period_s, full, rest;

	*o = (struct outage){ .offline_s = offline_s, .blocks_missed = NAN,
	    .penalty_after_s = downtime_hard_limit_s(e), .periods_offline = NAN };
	if (period > 0) {
		o->periods_offline = floor(offline_s / period);
	}
	switch (c->model) {
	case PM_JAIL_WINDOW: {
		double max_missed = downtime_max_missed_blocks(c);

		o->blocks_missed = floor(offline_s / c->block_time_s);
		o->penalty_after_s = (max_missed + 1) * c->block_time_s;
		if (o->blocks_missed > max_missed) {
			o->penalised = true;
			o->slash_native = c->downtime_slash_frac * e->stake_native;
			/* Out of the set from the jail until back and the jail has run. */
			o->jailed_s = fmax(c->jail_s, offline_s - o->penalty_after_s);
			o->rewards_lost_native = earned(e, o->jailed_s);
		}
		break;
	}
	case PM_STEP_THRESHOLD:
		if (offline_s > o->penalty_after_s) {
			o->penalised = true;
			o->rewards_lost_native = earned(e, period) *
			    fmax(1, ceil(offline_s / period));
		}
		break;
	case PM_CYCLE_THRESHOLD:
		full = floor(offline_s / period);
		rest = offline_s - full * period;
		o->rewards_lost_native = earned(e, period) * (full +
		    (rest > o->penalty_after_s ? 1 : 0));
		o->penalised = full >= 1 || rest > o->penalty_after_s;
		break;
	case PM_PIECEWISE_KICKOUT:
		full = floor(offline_s / period);
		rest = offline_s - full * period;
		o->rewards_lost_native = earned(e, period) * (full +
		    1 - piecewise_share(c, 1 - rest / period));
		o->penalised = full >= 1 || rest > o->penalty_after_s;
		break;
	case PM_PEER_REPORTED:
		o->rewards_lost_native = earned(e, period) * ceil(offline_s / period);
		break;
	case PM_LINEAR:
	case PM_ETH_BEACON:
		o->rewards_lost_native = earned(e, offline_s);
		break;
	}
	o->rule = downtime_rule(c);
	o->loss_native = o->slash_native + o->rewards_lost_native;
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
	return o.loss_native;
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
