/*
 * The cost of one double sign against the rules computed here: the
 * Ethereum spec's parts at 34,000,000 ETH, a Cosmos SDK tombstone, and a
 * plain slash fraction.
 */
#include <math.h>
#include <string.h>

#include "ethmodel.h"
#include "slashing.h"
#include "unit.h"
#include "util.h"

static struct chain
mainnet_with_slashing(void)
{
	struct chain c = unit_mainnet();

	c.min_slashing_penalty_quotient = 4096;		/* Electra */
	c.proportional_slashing_multiplier = 3;		/* Bellatrix */
	return c;
}

static void
ethereum_slashing_is_penalties_duties_and_forgone_income(void)
{
	struct chain c = mainnet_with_slashing();
	struct econ_in in = { &c, NAN, NAN, NAN, NAN, 0 };
	struct econ e;
	struct slashing s;

	CHECK(econ_init(&e, &in) == 0);
	slashing_cost(&e, 0, &s);
	/* 32/4096 ETH, then 2823 gwei per increment x 32 at the midpoint. */
	CHECK_NEAR(s.penalty_native, (7812500 + 2823 * 32) / 1e9, 1e-15);
	CHECK_NEAR(s.duty_penalty_native, 8192 * 6940 / 1e9, 1e-15);
	CHECK_NEAR(s.income_lost_native, 8192 * e.online_epoch_gwei / 1e9, 1e-12);
	CHECK_NEAR(s.out_s, 8192 * 384, 0);
	CHECK_NEAR(s.loss_native, s.penalty_native + s.duty_penalty_native +
	    s.income_lost_native, 1e-15);
	/*
	 * An exit queue of 8000.5 epochs in seconds: the exit is the epoch
	 * after, 8001 (an exit cannot fall inside an epoch), withdrawable
	 * 256 later: 8257 epochs of duties.
	 */
	slashing_cost(&e, 8000.5 * 384, &s);
	CHECK_NEAR(s.out_s, 8257 * 384, 0);
	CHECK_NEAR(s.duty_penalty_native, 8257 * 6940 / 1e9, 1e-15);
}

static void
apr_rescales_the_duties_not_the_penalties(void)
{
	struct chain c = mainnet_with_slashing();
	struct econ_in in = { &c, NAN, NAN, NAN, NAN, 0 };
	struct econ e;
	struct slashing base, twice;

	CHECK(econ_init(&e, &in) == 0);
	slashing_cost(&e, 0, &base);
	in.apr_frac = 2 * e.apr_frac;
	CHECK(econ_init(&e, &in) == 0);
	slashing_cost(&e, 0, &twice);
	CHECK_NEAR(twice.penalty_native, base.penalty_native, 0);
	CHECK_NEAR(twice.duty_penalty_native, 2 * base.duty_penalty_native, 1e-12);
	CHECK_NEAR(twice.income_lost_native, 2 * base.income_lost_native, 1e-12);
}

static void
a_tombstone_costs_the_slash_and_the_unbonding_rewards(void)
{
	struct chain c;
	struct econ_in in = { &c, 1000, NAN, 0.15, NAN, 0 };
	struct econ e;
	struct slashing s;

	c = unit_chain();
	c.model = PM_JAIL_WINDOW;
	c.double_sign_slash_frac = 0.05;
	c.double_sign_tombstone = "yes";
	c.unbonding_days = 21;
	CHECK(econ_init(&e, &in) == 0);
	slashing_cost(&e, 0, &s);
	CHECK_NEAR(s.penalty_native, 50, 1e-12);
	CHECK_NEAR(s.income_lost_native, 1000 * 0.15 * 21 / 365.25, 1e-12);
	CHECK_NEAR(s.loss_native, 50 + 1000 * 0.15 * 21 / 365.25, 1e-12);
	/* Tezos: slashed, not tombstoned. */
	c.double_sign_tombstone = "no";
	slashing_cost(&e, 0, &s);
	CHECK_NEAR(s.loss_native, 50, 1e-12);
}

const struct unit_test slashing_tests[] = {
	T(ethereum_slashing_is_penalties_duties_and_forgone_income),
	T(apr_rescales_the_duties_not_the_penalties),
	T(a_tombstone_costs_the_slash_and_the_unbonding_rewards),
	{ NULL, NULL },
};
