/*
 * Outage rules against the chains' own arithmetic: the Cosmos SDK jail
 * threshold (maxMissed = window - round(min_signed x window)), the
 * all-or-nothing periods, and the table's sourced tolerances.
 */
#include <string.h>

#include "chaintab.h"
#include "downtime.h"
#include "unit.h"
#include "util.h"

static struct chain
hub(void)
{
	struct chain c;

	memset(&c, 0, sizeof(c));
	c.name = "cosmoshub";
	c.model = PM_JAIL_WINDOW;
	c.block_time_s = 6;
	c.window_blocks = 10000;
	c.min_signed_frac = 0.05;
	c.downtime_slash_frac = 0.0001;
	c.jail_s = 600;
	c.typical_apr_frac = 0.15;
	c.min_stake_native = NAN;
	c.epoch_s = NAN;
	c.stake_period_s = NAN;
	return c;
}

static void
cosmos_jails_on_the_miss_after_max_missed(void)
{
	struct chain c = hub();
	struct econ_in in = { &c, 1000, NAN, NAN, NAN };
	struct econ e;
	struct outage o;

	CHECK(econ_init(&e, &in) == 0);
	CHECK_NEAR(downtime_max_missed_blocks(&c), 9500, 0);
	downtime_outage(&e, 9500 * 6, &o);		/* exactly maxMissed blocks */
	CHECK(!o.penalised);
	CHECK_NEAR(o.loss_native, 0, 0);
	downtime_outage(&e, 9501 * 6, &o);		/* one more: jailed */
	CHECK(o.penalised);
	CHECK_NEAR(o.slash_native, 1000 * 0.0001, 1e-12);
	/* Out of the set for the jail time: 600 s of rewards at 15 %. */
	CHECK_NEAR(o.rewards_lost_native, 1000 * 0.15 * 600 / SECONDS_PER_YEAR, 1e-12);
	CHECK_NEAR(o.penalty_after_s, 9501 * 6, 1e-9);
	/* The cost of one outage is that loss: a step at the jail, not linear. */
	CHECK(!downtime_cost_is_linear(&c));
	CHECK_NEAR(downtime_cost_native(&e, 9500 * 6), 0, 0);
	CHECK_NEAR(downtime_cost_native(&e, 9501 * 6), o.loss_native, 0);
}

static void
short_restarts_cost_nothing_on_cosmos(void)
{
	struct chain c = hub();
	struct econ_in in = { &c, 1000, NAN, NAN, NAN };
	struct econ e;

	CHECK(econ_init(&e, &in) == 0);
	/* 7.2 h of downtime in 10-minute pieces never reaches the jail. */
	CHECK_NEAR(downtime_budget_loss(&e, 25920, 600, 30 * 86400), 0, 0);
	/* In one piece it does not either (15.8 h limit). */
	CHECK_NEAR(downtime_budget_loss(&e, 25920, 25920, 30 * 86400), 0, 0);
}

static void
avalanche_forfeits_the_period_past_twenty_percent(void)
{
	struct chain c;
	struct econ_in in = { &c, NAN, NAN, NAN, NAN };
	struct econ e;
	struct outage o;

	memset(&c, 0, sizeof(c));
	c.model = PM_STEP_THRESHOLD;
	c.uptime_reward_threshold_frac = 0.8;
	c.stake_period_s = 1209600;
	c.min_stake_native = 2000;
	c.typical_apr_frac = 0.068;
	c.epoch_s = NAN;
	CHECK(econ_init(&e, &in) == 0);
	downtime_outage(&e, 241920, &o);	/* 0.2 x 2 weeks: still rewarded */
	CHECK(!o.penalised);
	downtime_outage(&e, 241921, &o);
	CHECK(o.penalised);
	CHECK_NEAR(o.rewards_lost_native, 2000 * 0.068 * 1209600 / SECONDS_PER_YEAR, 1e-9);
}

static void
hard_limits_agree_with_the_sourced_table(void)
{
	/* networks.md derives these by hand; the code derives them again. */
	static const struct { const char *chain; double tol_frac; } rows[] = {
		{ "cosmoshub", 0 }, { "celestia", 0 }, { "dydx", 0 },
		{ "avalanche", 0 }, { "tezos", 0.001 },	/* 1/3 written as 0.6667 */
		{ "osmosis", 0 },
	};
	struct chaintab t;
	size_t i;

	chaintab_init(&t);
	CHECK(chaintab_load(&t, "data/networks.csv") == 0);
	for (i = 0; i < NELEM(rows); i++) {
		const struct chain *c = chaintab_find(&t, rows[i].chain);
		struct econ_in in = { c, NAN, NAN, NAN, NAN };
		struct econ e;

		CHECK(c != NULL);
		if (c == NULL)
			continue;
		CHECK(econ_init(&e, &in) == 0);
		CHECK_NEAR(downtime_hard_limit_s(&e), c->max_tolerated_downtime_s,
		    rows[i].tol_frac * c->max_tolerated_downtime_s);
		if (c->model == PM_JAIL_WINDOW)
			CHECK_NEAR(downtime_max_missed_blocks(c), c->max_missed_blocks, 0);
	}
	chaintab_release(&t);
}

static void
linear_chains_lose_rewards_pro_rata(void)
{
	struct chain c;
	struct econ_in in = { &c, 100, NAN, NAN, NAN };
	struct econ e;
	struct outage o;

	memset(&c, 0, sizeof(c));
	c.model = PM_LINEAR;
	c.typical_apr_frac = 0.055;
	c.epoch_s = 172800;
	CHECK(econ_init(&e, &in) == 0);
	downtime_outage(&e, 86400, &o);
	CHECK_NEAR(o.loss_native, 100 * 0.055 / 365.25, 1e-12);
	CHECK_NEAR(o.slash_native, 0, 0);
	CHECK(!o.penalised);
}

static void
tezos_forfeits_a_cycle_below_two_thirds(void)
{
	struct chain c;
	struct econ_in in = { &c, 6000, NAN, 0.05, NAN };
	struct econ e;
	struct outage o;
	double cycle_reward = 6000 * 0.05 * 86400 / SECONDS_PER_YEAR;

	memset(&c, 0, sizeof(c));
	c.model = PM_CYCLE_THRESHOLD;
	c.uptime_reward_threshold_frac = 2.0 / 3;
	c.epoch_s = 86400;
	CHECK(econ_init(&e, &in) == 0);
	/* A third of a cycle offline keeps the cycle; a little more loses it. */
	downtime_outage(&e, 86400.0 / 3 - 1, &o);
	CHECK_NEAR(o.rewards_lost_native, 0, 0);
	downtime_outage(&e, 86400.0 / 3 + 1, &o);
	CHECK_NEAR(o.rewards_lost_native, cycle_reward, 1e-12);
	/* A day and a half: one whole cycle, then half of the next, both lost. */
	downtime_outage(&e, 1.5 * 86400, &o);
	CHECK_NEAR(o.rewards_lost_native, 2 * cycle_reward, 1e-12);
}

static void
sui_worst_case_is_every_epoch_touched(void)
{
	struct chain c;
	struct econ_in in = { &c, 100, NAN, 0.03, NAN };
	struct econ e;
	struct outage o;

	memset(&c, 0, sizeof(c));
	c.model = PM_PEER_REPORTED;
	c.epoch_s = 86400;
	CHECK(econ_init(&e, &in) == 0);
	downtime_outage(&e, 1.2 * 86400, &o);
	CHECK_NEAR(o.rewards_lost_native, 2 * 100 * 0.03 * 86400 / SECONDS_PER_YEAR, 1e-12);
	CHECK(isnan(downtime_hard_limit_s(&e)));
}

static void
an_ethereum_outage_costs_its_epochs_penalty_and_income(void)
{
	struct chain c = unit_mainnet();
	struct econ_in in = { &c, NAN, NAN, NAN, NAN };
	struct econ e;

	CHECK(econ_init(&e, &in) == 0);
	/* A day is 225 epochs, each missing its income and paying its penalty. */
	CHECK_NEAR(downtime_cost_native(&e, 86400),
	    225 * (e.online_epoch_gwei + e.offline_epoch_gwei) / 1e9, 1e-15);
	CHECK_NEAR(downtime_cost_native(&e, 2 * 86400),
	    2 * downtime_cost_native(&e, 86400), 1e-15);
	CHECK(downtime_cost_is_linear(&c));
}

const struct unit_test downtime_tests[] = {
	T(tezos_forfeits_a_cycle_below_two_thirds),
	T(sui_worst_case_is_every_epoch_touched),
	T(cosmos_jails_on_the_miss_after_max_missed),
	T(short_restarts_cost_nothing_on_cosmos),
	T(avalanche_forfeits_the_period_past_twenty_percent),
	T(hard_limits_agree_with_the_sourced_table),
	T(linear_chains_lose_rewards_pro_rata),
	T(an_ethereum_outage_costs_its_epochs_penalty_and_income),
	{ NULL, NULL },
};
