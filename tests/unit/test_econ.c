/*
 * Break-even uptimes against closed forms written here: Ethereum's
 * u = (P + C) / (R + P) from the per-epoch spec amounts, and the threshold
 * rules' own thresholds.  Tolerances are stated per check.
 */
#include <string.h>

#include "econ.h"
#include "unit.h"
#include "util.h"

static struct chain
rule(enum penalty_model m, double threshold)
{
	struct chain c;

	c = unit_chain();
	c.name = "test";
	c.currency = "X";
	c.model = m;
	c.uptime_reward_threshold_frac = threshold;
	c.min_stake_native = 2000;
	c.typical_apr_frac = 0.068;
	c.stake_period_s = 14 * 86400;
	c.epoch_s = NAN;
	return c;
}

static struct econ_in
in_for(const struct chain *c)
{
	struct econ_in in = { c, NAN, NAN, NAN, NAN, 0 };

	return in;
}

/* Spec amounts at 34M ETH, 32 ETH EB (ethereum-spec.md 2.2, 2.4, 2.5). */
#define ONLINE_GWEI	(9369.0 + 1388 + 347)	/* flags + proposer + sync */
#define OFFLINE_GWEI	(6940.0 + 347)		/* source + target + sync */
#define EPOCHS_PER_YEAR	(365.25 * 86400 / 384)

static void
eth_protocol_breakeven_is_42_over_106(void)
{
	struct chain c = unit_mainnet();
	struct econ_in in = in_for(&c);
	struct econ e;

	CHECK(econ_init(&e, &in) == 0);
	/* Integer flooring moves it off 42/106 by under 1e-4. */
	CHECK_NEAR(econ_protocol_breakeven(&e), 42.0 / 106, 1e-4);
	CHECK_NEAR(econ_protocol_breakeven(&e), OFFLINE_GWEI / (ONLINE_GWEI +
	    OFFLINE_GWEI), 1e-4);
}

static void
eth_apr_follows_total_stake(void)
{
	struct chain c = unit_mainnet();
	struct econ_in in = in_for(&c);
	struct econ e;

	/* Section 2.10: APR ~ 166.3 / sqrt(total ETH) = 2.852 % at 34M. */
	CHECK(econ_init(&e, &in) == 0);
	CHECK_NEAR(e.apr_frac, 166.3 / sqrt(34e6), 2e-4);
	in.total_stake_native = 34e6 / 4;	/* four times fewer: twice the APR */
	CHECK(econ_init(&e, &in) == 0);
	CHECK_NEAR(e.apr_frac, 2 * 166.3 / sqrt(34e6), 4e-4);
}

static void
eth_economic_breakeven_solves_the_linear_form(void)
{
	struct chain c = unit_mainnet();
	struct econ_in in = in_for(&c);
	struct econ e;
	double cost = 0.2, u, r, p;	/* ETH per year */

	CHECK(econ_init(&e, &in) == 0);
	r = ONLINE_GWEI * EPOCHS_PER_YEAR / 1e9;
	p = OFFLINE_GWEI * EPOCHS_PER_YEAR / 1e9;
	CHECK(econ_breakeven(&e, cost, &u) == 0);
	/* u R - (1 - u) P = C  =>  u = (P + C) / (R + P); 1e-4 for flooring. */
	CHECK_NEAR(u, (p + cost) / (r + p), 1e-4);
	CHECK_NEAR(econ_naive_breakeven(&e, cost), cost / (32 * e.apr_frac), 1e-12);
}

static void
no_breakeven_when_cost_exceeds_full_income(void)
{
	struct chain c = unit_mainnet();
	struct econ_in in = in_for(&c);
	struct econ e;
	double u = -1;

	CHECK(econ_init(&e, &in) == 0);
	CHECK(econ_breakeven(&e, 2.0, &u) == 1);
	CHECK(u == -1);
}

static void
step_breakeven_lands_on_the_threshold(void)
{
	struct chain c = rule(PM_STEP_THRESHOLD, 0.8);
	struct econ_in in = in_for(&c);
	struct econ e;
	double u;

	CHECK(econ_init(&e, &in) == 0);
	CHECK_NEAR(e.reward_year_native, 2000 * 0.068, 1e-9);
	/* Any cost below the reward: income jumps from 0 to R at 80 %. */
	CHECK(econ_breakeven(&e, 60, &u) == 0);
	CHECK_NEAR(u, 0.8, 1e-9);
	CHECK(econ_breakeven(&e, 200, &u) == 1);
	CHECK_NEAR(econ_protocol_breakeven(&e), 0.8, 0);
}

static void
near_breakeven_is_on_its_linear_ramp(void)
{
	struct chain c = rule(PM_PIECEWISE_KICKOUT, 0.9);
	struct econ_in in = in_for(&c);
	struct econ e;
	double u, r;

	c.full_reward_uptime_frac = 0.99;
	c.min_signed_frac = 0.8;
	c.epoch_s = 25920;
	CHECK(econ_init(&e, &in) == 0);
	r = e.reward_year_native;
	/* R (u - 0.9) / 0.09 = C  =>  u = 0.9 + 0.09 C / R */
	CHECK(econ_breakeven(&e, r / 2, &u) == 0);
	CHECK_NEAR(u, 0.9 + 0.09 * 0.5, 1e-9);
}

static void
linear_chains_break_even_at_cost_over_reward(void)
{
	struct chain c = rule(PM_LINEAR, NAN);
	struct econ_in in = in_for(&c);
	struct econ e;
	double u;

	CHECK(econ_init(&e, &in) == 0);
	CHECK(econ_breakeven(&e, 34, &u) == 0);
	CHECK_NEAR(u, 34 / (2000 * 0.068), 1e-9);
	CHECK_NEAR(econ_protocol_breakeven(&e), 0, 0);
}

static void
unknown_rate_has_no_breakeven(void)
{
	struct chain c = rule(PM_LINEAR, NAN);
	struct econ_in in = in_for(&c);
	struct econ e;
	double u;

	c.typical_apr_frac = NAN;
	CHECK(econ_init(&e, &in) == 0);
	CHECK(econ_breakeven(&e, 10, &u) == -1);
}

const struct unit_test econ_tests[] = {
	T(eth_protocol_breakeven_is_42_over_106),
	T(eth_apr_follows_total_stake),
	T(eth_economic_breakeven_solves_the_linear_form),
	T(no_breakeven_when_cost_exceeds_full_income),
	T(step_breakeven_lands_on_the_threshold),
	T(near_breakeven_is_on_its_linear_ramp),
	T(linear_chains_break_even_at_cost_over_reward),
	T(unknown_rate_has_no_breakeven),
	{ NULL, NULL },
};
