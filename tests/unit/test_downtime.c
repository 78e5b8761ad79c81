/*
 * Outage rules against the chains' own arithmetic: the Cosmos SDK jail
 * threshold (maxMissed = window - round(min_signed x window)), the
 * all-or-nothing periods, and the table's sourced tolerances.
 */
#include <string.h>

#include "chaintab.h"
#include "downtime.h"
#include "slashing.h"
#include "unit.h"
#include "util.h"

static struct chain
hub(void)
{
	struct chain c;

	c = unit_chain();
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
	struct econ_in in = { &c, 1000, NAN, NAN, NAN, 0 };
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
	struct econ_in in = { &c, 1000, NAN, NAN, NAN, 0 };
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
	struct econ_in in = { &c, NAN, NAN, NAN, NAN, 0 };
	struct econ e;
	struct outage o;

	c = unit_chain();
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
		struct econ_in in = { c, NAN, NAN, NAN, NAN, 0 };
		struct econ e;

		CHECK(c != NULL);
		if (c == NULL)
			continue;
		CHECK(econ_init(&e, &in) == 0);
		/* dYdX's 6554 blocks x 1.1 s carry a rounding. */
		CHECK_NEAR(downtime_hard_limit_s(&e), c->max_tolerated_downtime_s,
		    rows[i].tol_frac * c->max_tolerated_downtime_s + 1e-6);
		if (c->model == PM_JAIL_WINDOW)
			CHECK_NEAR(downtime_max_missed_blocks(c), c->max_missed_blocks, 0);
	}
	chaintab_release(&t);
}

static void
linear_chains_lose_rewards_pro_rata(void)
{
	struct chain c;
	struct econ_in in = { &c, 100, NAN, NAN, NAN, 0 };
	struct econ e;
	struct outage o;

	c = unit_chain();
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
	struct econ_in in = { &c, 6000, NAN, 0.05, NAN, 0 };
	struct econ e;
	struct outage o;
	double cycle_reward = 6000 * 0.05 * 86400 / SECONDS_PER_YEAR;

	c = unit_chain();
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
	struct econ_in in = { &c, 100, NAN, 0.03, NAN, 0 };
	struct econ e;
	struct outage o;
	double epoch = 100 * 0.03 * 86400 / SECONDS_PER_YEAR;

	c = unit_chain();
	c.model = PM_PEER_REPORTED;
	c.epoch_s = 86400;
	CHECK(econ_init(&e, &in) == 0);
	/*
	 * 1.2 epochs touch two epochs when they start in the first 0.8 of
	 * one, three when they start later: 2 at best, 3 at worst, and
	 * 2 x 0.8 + 3 x 0.2 = 2.2 over a uniform start.
	 */
	downtime_outage(&e, 1.2 * 86400, &o);
	CHECK_NEAR(o.rewards_lost_native, 3 * epoch, 1e-12);
	CHECK_NEAR(o.rewards_lost_best_native, 2 * epoch, 1e-12);
	CHECK_NEAR(o.rewards_lost_mean_native, 2.2 * epoch, 1e-12);
	CHECK(isnan(downtime_hard_limit_s(&e)));
}

static void
an_ethereum_outage_costs_its_epochs_penalty_and_income(void)
{
	struct chain c = unit_mainnet();
	struct econ_in in = { &c, NAN, NAN, NAN, NAN, 0 };
	struct econ e;

	CHECK(econ_init(&e, &in) == 0);
	/* A day is 225 epochs, each missing its income and paying its penalty. */
	CHECK_NEAR(downtime_cost_native(&e, 86400),
	    225 * (e.online_epoch_gwei + e.offline_epoch_gwei) / 1e9, 1e-15);
	CHECK_NEAR(downtime_cost_native(&e, 2 * 86400),
	    2 * downtime_cost_native(&e, 86400), 1e-15);
	CHECK(downtime_cost_is_linear(&c));
}


/* A shipped row, or NULL (with a failed check). */
static const struct chain *
shipped(struct chaintab *t, const char *name)
{
	const struct chain *c;

	chaintab_init(t);
	CHECK(chaintab_load(t, "data/networks.csv") == 0);
	c = chaintab_find(t, name);
	CHECK(c != NULL);
	return c;
}

static void
avalanche_pays_a_short_stake_by_the_reward_calculator(void)
{
	struct chaintab t;
	const struct chain *c = shipped(&t, "avalanche");
	struct econ_in in = { c, 2000, NAN, NAN, NAN, 0 };
	struct econ e;
	struct outage o;
	long double cap = 720e6L, supply = 460e6L, mp = 365 * 86400.0L;
	long double dur = 14 * 86400.0L, rate, want;

	if (c == NULL)
		return;
	/*
	 * avalanchego vms/platformvm/reward/calculator.go, mainnet values of
	 * genesis/genesis_mainnet.go (MaxConsumptionRate 12 %,
	 * MinConsumptionRate 10 %, MintingPeriod 365 days, SupplyCap 720M),
	 * at the 460M supply the table's APR is derived from:
	 * reward = (cap - supply) / supply x stake x rate(d) x d / MP, with
	 * rate(d) = min + (max - min) x d / MP.  2000 AVAX for 14 days:
	 * 4,369,176,042 nAVAX (the calculator's integer steps truncate).
	 */
	rate = 0.10L + 0.02L * dur / mp;
	want = (cap - supply) / supply * 2000 * rate * dur / mp;
	CHECK_NEAR((double)want, 4.369176042, 1e-9);
	CHECK(econ_init(&e, &in) == 0);
	/* One period over the tolerance loses that period's reward. */
	downtime_outage(&e, 241921, &o);
	CHECK_NEAR(o.rewards_lost_native, (double)want, 1e-9);
	CHECK(o.penalised);
	downtime_outage(&e, 241920, &o);	/* exactly 20 %: kept */
	CHECK_NEAR(o.rewards_lost_native, 0, 0);
	/* A 365-day stake earns the table's 1-year rate. */
	in.period_s = 365 * 86400.0;
	CHECK(econ_init(&e, &in) == 0);
	CHECK_NEAR(e.period_apr_frac, (double)((cap - supply) / supply * 0.12L), 1e-15);
	chaintab_release(&t);
}

static void
tezos_loses_attesting_and_dal_per_cycle_and_baking_per_block(void)
{
	struct chaintab t;
	const struct chain *c = shipped(&t, "tezos");
	struct econ_in in = { c, 6000, NAN, 0.1, NAN, 0 };
	struct econ e;
	struct outage o;
	/*
	 * proto_025 default_parameters.ml issuance weights: baking fixed
	 * 5120, bonus 5120, attesting 10240, nonce and VDF tips 1 each,
	 * DAL 2275.  Attesting and DAL rewards are all or nothing per cycle
	 * (delegate_cycles.ml), the rest follows the blocks baked.
	 */
	double sum = 5120 + 5120 + 10240 + 1 + 1 + 2275;
	double step = (10240 + 2275) / sum, baking = (5120 + 5120 + 1 + 1) / sum;
	double cycle = 6000 * 0.1 * 86400 / SECONDS_PER_YEAR;

	if (c == NULL)
		return;
	CHECK(econ_init(&e, &in) == 0);
	/* 7 h: only baking, pro rata, wherever it falls. */
	downtime_outage(&e, 7 * 3600, &o);
	CHECK_NEAR(o.rewards_lost_native, cycle * baking * 7 / 24, 1e-12);
	CHECK_NEAR(o.rewards_lost_best_native, cycle * baking * 7 / 24, 1e-12);
	/* 8 h is a third of the 14,400 levels (2/3 participation): kept. */
	downtime_outage(&e, 8 * 3600, &o);
	CHECK_NEAR(o.rewards_lost_native, cycle * baking / 3, 1e-12);
	CHECK(!o.penalised);
	/* A second more in one cycle forfeits its attesting and DAL share. */
	downtime_outage(&e, 8 * 3600 + 1, &o);
	CHECK_NEAR(o.rewards_lost_native, cycle * (step + baking * (8 * 3600 + 1) /
	    86400), 1e-12);
	CHECK(o.penalised);
	/* 9 h split over two cycles keeps both: baking only, the best start. */
	downtime_outage(&e, 9 * 3600, &o);
	CHECK_NEAR(o.rewards_lost_best_native, cycle * baking * 9 / 24, 1e-12);
	CHECK_NEAR(o.rewards_lost_native, cycle * (step + baking * 9 / 24), 1e-12);
	CHECK_NEAR(downtime_free_s(&e), 8 * 3600, 1e-6);
	chaintab_release(&t);
}

static void
near_pays_by_the_mean_of_blocks_chunks_and_endorsements(void)
{
	struct chaintab t;
	const struct chain *c = shipped(&t, "near");
	struct econ_in in = { c, 100000, NAN, 0.05, NAN, 0 };
	struct econ e;
	struct outage o;
	double epoch = 100000 * 0.05 * 25920 / SECONDS_PER_YEAR, x = 3600 / 25920.0;

	if (c == NULL)
		return;
	/*
	 * nearcore reward_calculator.rs: nothing below 90 % online, full
	 * from 99 %, linear between; validator_stats.rs: online is the mean
	 * of the block, chunk and endorsement ratios, endorsements counting
	 * 1 at 70 % or more.  x of the epoch offline: 1 - 2x / 3 online.
	 */
	CHECK(econ_init(&e, &in) == 0);
	downtime_outage(&e, 3600, &o);
	CHECK_NEAR(o.rewards_lost_native, epoch * (1 - ((1 - 2 * x / 3) - 0.9) / 0.09),
	    1e-12);
	/* Split in halves over two epochs, each keeps more. */
	CHECK_NEAR(o.rewards_lost_best_native, 2 * epoch * (1 - ((1 - x / 3) - 0.9) /
	    0.09), 1e-12);
	/* Full reward to 99 % online: 1.5 % of the epoch offline. */
	CHECK_NEAR(downtime_free_s(&e), 0.015 * 25920, 1e-6);
	/*
	 * Past 20 % of an epoch: kicked out at its end, still in the set
	 * the next epoch, out of the one after (validator_selection.rs).  A
	 * quarter of an epoch is worst just over 20 % in T and the rest,
	 * just under 5 %, in T + 1: T, T + 2 and what 5 % offline costs.
	 */
	downtime_outage(&e, 0.25 * 25920, &o);
	CHECK(o.penalised);
	CHECK_NEAR(o.out_periods, 1, 0);
	CHECK_NEAR(o.rewards_lost_native, epoch * (2 + 1 - ((1 - 2 * 0.05 / 3) - 0.9) /
	    0.09), 1e-9);
	/*
	 * The epoch after the kickout is still paid by its own ratio: a
	 * quarter of T offline and a tenth of T + 1 lose T, 1 - share of
	 * T + 1 (online 1 - 0.2 / 3), and T + 2.
	 */
	{
		struct period_rule rule;
		double shares[6] = { 0.25, 0.1, 0, 0, 0, 0 };

		CHECK(downtime_period_rule(&e, &rule));
		CHECK_NEAR(periods_timeline(&rule, shares, 6), 2 + 1 - ((1 - 0.2 / 3) - 0.9) /
		    0.09, 1e-12);
	}
	chaintab_release(&t);
}

static void
every_rows_penalty_free_outage_and_break_even_are_its_rule(void)
{
	struct chaintab t;
	size_t i, n = 0;

	chaintab_init(&t);
	CHECK(chaintab_load(&t, "data/networks.csv") == 0);
	for (i = 0; i < t.n; i++) {
		const struct chain *c = &t.chains[i];
		struct econ_in in = { c, NAN, NAN, NAN, NAN, 0 };
		struct econ e;

		if (isnan(c->max_tolerated_downtime_s) || c->model == PM_ETH_BEACON)
			continue;
		CHECK(econ_init(&e, &in) == 0);
		if (fabs(downtime_free_s(&e) - c->max_tolerated_downtime_s) > 1e-6)
			fprintf(stderr, "  %s: %.9g in the table, %.9g by its rule\n",
			    c->name, c->max_tolerated_downtime_s, downtime_free_s(&e));
		CHECK_NEAR(downtime_free_s(&e), c->max_tolerated_downtime_s, 1e-6);
		/* And its break-even uptime is the model's. */
		if (!isnan(c->break_even_uptime_frac) && !isnan(econ_protocol_breakeven(&e)))
			CHECK_NEAR(econ_protocol_breakeven(&e), c->break_even_uptime_frac, 1e-9);
		n++;
	}
	CHECK(n >= 13);	/* every row but Ethereum's and Sui's */
	chaintab_release(&t);
}

static void
gnosis_slashes_by_its_electra_quotient(void)
{
	struct chaintab t;
	const struct chain *c = shipped(&t, "gnosis");
	struct econ_in in = { c, 64, NAN, NAN, NAN, 0 };
	struct econ e;
	struct slashing s;

	if (c == NULL)
		return;
	/*
	 * gnosischain/specs preset gnosis/electra.yaml: MIN_SLASHING_PENALTY_
	 * QUOTIENT_ELECTRA 4096, MAX_EFFECTIVE_BALANCE_ELECTRA 2048e9 units,
	 * 32 units per GNO (SBCDepositContract.sol): 64 GNO is one validator.
	 */
	CHECK(econ_init(&e, &in) == 0);
	in.stake_native = 1;
	CHECK(econ_init(&e, &in) == 0);
	slashing_cost(&e, 0, &s);
	/*
	 * 1 GNO = 32e9 units: initial 32e9 / 4096 = 7,812,500; correlation
	 * (process_slashings) 3 x 32e9 // (200,000 GNO x 32e9 // 1e9) =
	 * 15,000 per increment, x 32 increments.
	 */
	CHECK_NEAR(s.penalty_native, (7812500 + 15000 * 32) / 32e9, 1e-15);
	chaintab_release(&t);
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
	T(avalanche_pays_a_short_stake_by_the_reward_calculator),
	T(tezos_loses_attesting_and_dal_per_cycle_and_baking_per_block),
	T(near_pays_by_the_mean_of_blocks_chunks_and_endorsements),
	T(every_rows_penalty_free_outage_and_break_even_are_its_rule),
	T(gnosis_slashes_by_its_electra_quotient),
	{ NULL, NULL },
};
