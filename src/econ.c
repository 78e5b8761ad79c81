/*
 * Income as a function of uptime, and the break-even uptimes.  Ethereum
 * figures come from the spec's reward weights at the given total stake
 * (ethmodel.c); other chains from their threshold rules and an APR.
 */
#include <math.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>

#include "diag.h"
#include "econ.h"
#include "util.h"

static int init_by_duration(struct econ *);

static int
init_eth(struct econ *e, const struct econ_in *in)
{
	const struct chain *c = e->c;
	double units = c->gwei_per_native, bal = e->stake_native * units, derived;

	double cap = c->min_stake_native * units;	/* MIN_ACTIVATION_BALANCE */

	e->credentials = in->credentials;
	e->credentials_defaulted = in->credentials == 0;
	if (e->credentials == 0)
		e->credentials = bal > cap ? 2 : 1;
	if (e->credentials == 1 && bal > cap) {
		/* A 0x01 validator's balance above the cap is swept out. */
		e->swept_native = e->stake_native - c->min_stake_native;
		e->stake_native = c->min_stake_native;
		bal = cap;
	}
	if (bal < (double)ETH_INCREMENT_GWEI)
		return diag_error(UC_EUSAGE, "stake %g %s is below one effective-balance "
		    "increment (%g %s)", e->stake_native, c->currency,
		    ETH_INCREMENT_GWEI / units, c->currency);
	if (bal > c->max_effective_balance_gwei)
		return diag_error(UC_EUSAGE, "stake %g %s is above the %g %s maximum "
		    "effective balance of one %s validator", e->stake_native,
		    c->currency, c->max_effective_balance_gwei / units, c->currency,
		    c->name);
	e->total_stake_native = isnan(in->total_stake_native) ?
	    c->typical_total_stake_native : in->total_stake_native;
	if (isnan(e->total_stake_native))
		return diag_error(UC_EUSAGE, "%s: the table has no typical total stake; "
		    "give --total-stake", c->name);
	if (e->total_stake_native < e->stake_native)
		return diag_error(UC_EUSAGE, "--total-stake %g is below the validator's "
		    "own stake %g", e->total_stake_native, e->stake_native);
	if (e->total_stake_native * units > 1e19)
		return diag_error(UC_EUSAGE, "--total-stake %g %s is absurdly large",
		    e->total_stake_native, c->currency);
	ethmodel_params(&e->eth, c, (uint64_t)llround(e->total_stake_native * units), 1.0);
	e->balance_gwei = (uint64_t)llround(bal);
	e->eb_gwei = ethmodel_initial_eb(&e->eth, e->balance_gwei);
	e->epochs_per_year = SECONDS_PER_YEAR / c->epoch_s;
	e->online_epoch_gwei = ethmodel_online_income_gwei(&e->eth, e->eb_gwei, false);
	e->offline_epoch_gwei = (double)ethmodel_missed_vote_penalty(&e->eth, e->eb_gwei) +
	    ethmodel_sync_income_gwei(&e->eth, e->eb_gwei);
	derived = e->online_epoch_gwei * e->epochs_per_year / units / e->stake_native;
	e->scale = 1;
	e->apr_frac = derived;
	if (!isnan(in->apr_frac)) {
		/* The user's rate rescales the base reward: rewards and penalties. */
		e->scale = in->apr_frac / derived;
		e->online_epoch_gwei *= e->scale;
		e->offline_epoch_gwei *= e->scale;
		e->apr_frac = in->apr_frac;
	}
	e->period_apr_frac = e->apr_frac;
	e->reward_year_native = e->apr_frac * e->stake_native;
	e->period_s = c->epoch_s;
	return UC_OK;
}

int
econ_init(struct econ *e, const struct econ_in *in)
{
	const struct chain *c = in->c;

	*e = (struct econ){ .c = c, .scale = 1 };
	e->stake_native = in->stake_native;
	if (isnan(e->stake_native)) {
		e->stake_native = c->min_stake_native > 0 ? c->min_stake_native : 1;
		e->stake_defaulted = !(c->min_stake_native > 0);
	}
	if (!(e->stake_native > 0) || e->stake_native > 1e15)
		return diag_error(UC_EUSAGE, "stake %g is out of range", e->stake_native);
	if (c->model == PM_ETH_BEACON)
		return init_eth(e, in);
	if (in->credentials != 0)
		return diag_error(UC_EUSAGE, "--credentials: %s has no withdrawal "
		    "credentials (Ethereum-family chains only)", c->name);
	e->apr_frac = isnan(in->apr_frac) ? c->typical_apr_frac : in->apr_frac;
	e->period_apr_frac = e->apr_frac;
	e->reward_year_native = e->apr_frac * e->stake_native;
	if (!isnan(in->period_s) && c->model != PM_STEP_THRESHOLD &&
	    c->model != PM_JAIL_WINDOW && c->model != PM_LINEAR &&
	    c->model != PM_ETH_BEACON)
		/* A cycle or an epoch is the protocol's, not the staker's. */
		return diag_error(UC_EUSAGE, "--period: %s's reward period is fixed by "
		    "the protocol; it applies to staking periods (Avalanche)", c->name);
	if (!isnan(in->period_s) && c->model == PM_STEP_THRESHOLD &&
	    in->period_s < c->stake_period_s) {
		char min[32];

		return diag_error(UC_EUSAGE, "--period: %s stakes for at least %s",
		    c->name, format_duration(c->stake_period_s, min, sizeof(min)));
	}
	e->period_s = !isnan(in->period_s) ? in->period_s :
	    c->model == PM_STEP_THRESHOLD ? c->stake_period_s : c->epoch_s;
	if (econ_rate_by_duration(c))
		return init_by_duration(e);
	return UC_OK;
}

bool
econ_rate_by_duration(const struct chain *c)
{
	return !isnan(c->consumption_rate_min_frac) &&
	    !isnan(c->consumption_rate_max_frac) && c->consumption_rate_max_frac > 0 &&
	    !isnan(c->minting_period_s);
}

/*
 * Avalanche (vms/platformvm/reward/calculator.go): a stake of duration P
 * earns (cap - supply) / supply x rate(P) x P / MintingPeriod, with
 * rate(P) = min + (max - min) x P / MintingPeriod.  The table's APR is
 * (cap - supply) / supply x max, a stake of one MintingPeriod's; a
 * shorter stake earns rate(P) / max of it, over MintingPeriod's year.
 */
static int
init_by_duration(struct econ *e)
{
	const struct chain *c = e->c;
	double mp = c->minting_period_s, rate;

	if (e->period_s > mp) {
		char most[32];

		return diag_error(UC_EUSAGE, "--period: %s stakes for at most %s "
		    "(MintingPeriod); the reward formula does not reach beyond it",
		    c->name, format_duration(mp, most, sizeof(most)));
	}
	rate = c->consumption_rate_min_frac + (c->consumption_rate_max_frac -
	    c->consumption_rate_min_frac) * e->period_s / mp;
	e->period_apr_frac = e->apr_frac * rate / c->consumption_rate_max_frac;
	e->reward_year_native = e->period_apr_frac * e->stake_native *
	    SECONDS_PER_YEAR / mp;
	return UC_OK;
}

double
econ_online_ratio(const struct chain *c, double u)
{
	double e = c->endorsement_threshold_frac;

	if (isnan(e))
		return u;
	/*
	 * NEAR (validator_stats.rs): the mean of the blocks, chunks and
	 * endorsement ratios, the last counting 1 at the threshold and 0
	 * below it; offline time takes the same share of each.
	 */
	return (2 * u + (u >= e ? 1 : 0)) / 3;
}

static double
clamp01(double v)
{
	return v < 0 ? 0 : v > 1 ? 1 : v;
}

double
econ_net_year_native(const struct econ *e, double u)
{
	const struct chain *c = e->c;
	double r = e->reward_year_native;

	switch (c->model) {
	case PM_ETH_BEACON:
		return e->epochs_per_year * (u * e->online_epoch_gwei -
		    (1 - u) * e->offline_epoch_gwei) / c->gwei_per_native;
	case PM_JAIL_WINDOW:
		/* Below min_signed in every window the validator sits in jail. */
		return u >= c->min_signed_frac ? r : 0;
	case PM_STEP_THRESHOLD:
	case PM_CYCLE_THRESHOLD:
		/* The step share all or nothing, the rest (baking) pro rata. */
		return r * (econ_step_share(c) * (u >= c->uptime_reward_threshold_frac) +
		    (1 - econ_step_share(c)) * u);
	case PM_PIECEWISE_KICKOUT:
		/* Below the kickout threshold every epoch is out of the set. */
		if (u < c->min_signed_frac)
			return 0;
		u = econ_online_ratio(c, u);
		return r * clamp01((u - c->uptime_reward_threshold_frac) /
		    (c->full_reward_uptime_frac - c->uptime_reward_threshold_frac));
	case PM_PEER_REPORTED:
		return NAN;
	case PM_LINEAR:
		return r * u;
	}
	return NAN;
}

double
econ_protocol_breakeven(const struct econ *e)
{
	const struct chain *c = e->c;

	switch (c->model) {
	case PM_ETH_BEACON:
		return e->offline_epoch_gwei / (e->online_epoch_gwei + e->offline_epoch_gwei);
	case PM_JAIL_WINDOW:
		return c->min_signed_frac;
	case PM_STEP_THRESHOLD:
	case PM_CYCLE_THRESHOLD:
		/* A pro-rata share pays from the first duty done. */
		return econ_step_share(c) < 1 ? 0 : c->uptime_reward_threshold_frac;
	case PM_PIECEWISE_KICKOUT:
		return fmax(econ_uptime_for_ratio(c, c->uptime_reward_threshold_frac),
		    c->min_signed_frac);
	case PM_PEER_REPORTED:
		return NAN;
	case PM_LINEAR:
		return 0;
	}
	return NAN;
}

double
econ_step_share(const struct chain *c)
{
	return isnan(c->step_reward_share_frac) ? 1 : c->step_reward_share_frac;
}

double
econ_uptime_for_ratio(const struct chain *c, double v)
{
	double u;

	if (isnan(c->endorsement_threshold_frac))
		return v;
	/* With the endorsements counted: (2u + 1) / 3 = v. */
	u = (3 * v - 1) / 2;
	if (u >= c->endorsement_threshold_frac)
		return u;
	/* Without them: 2u / 3 = v; between the two, the threshold itself. */
	return fmin(3 * v / 2, c->endorsement_threshold_frac);
}

struct gap {
	const struct econ *e;
	double cost;
};

static double
gap_fn(double u, void *arg)
{
	const struct gap *g = arg;

	return econ_net_year_native(g->e, u) - g->cost;
}

int
econ_breakeven(const struct econ *e, double cost_native_year, double *u_frac)
{
	struct gap g = { e, cost_native_year };
	gsl_function F = { gap_fn, &g };
	gsl_root_fsolver *s;
	double lo = 0, hi = 1;
	int i, status = GSL_CONTINUE;

	if (isnan(econ_net_year_native(e, 1)))
		return -1;
	if (gap_fn(1, &g) < 0)
		return 1;
	if (cost_native_year <= 0) {
		*u_frac = econ_protocol_breakeven(e);
		return 0;
	}
	if (gap_fn(1, &g) == 0) {
		*u_frac = 1;
		return 0;
	}
	s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
	if (s == NULL || gsl_root_fsolver_set(s, &F, lo, hi) != GSL_SUCCESS) {
		gsl_root_fsolver_free(s);
		return -1;
	}
	for (i = 0; i < 200 && status == GSL_CONTINUE; i++) {
		if (gsl_root_fsolver_iterate(s) != GSL_SUCCESS)
			break;
		lo = gsl_root_fsolver_x_lower(s);
		hi = gsl_root_fsolver_x_upper(s);
		status = gsl_root_test_interval(lo, hi, 1e-13, 0);
	}
	gsl_root_fsolver_free(s);
	/* The upper end: income there is known to cover the cost. */
	*u_frac = hi;
	return 0;
}

double
econ_naive_breakeven(const struct econ *e, double cost_native_year)
{
	return cost_native_year / (e->stake_native * e->apr_frac);
}
