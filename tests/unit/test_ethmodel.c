/*
 * The Ethereum model against the consensus-specs formulas, computed here
 * independently: closed forms per constant-effective-balance segment, the
 * continuous leak approximation B(t) = B0 exp(-t^2 / 2^25), and the worked
 * numbers of research/ethereum-spec.md section 2 at 34,000,000 ETH.
 */
#include <stdint.h>
#include <string.h>

#include "ethmodel.h"
#include "unit.h"
#include "util.h"

#define GWEI	1000000000ULL

static struct eth_params
params(uint64_t total_eth)
{
	struct chain c = unit_mainnet();
	struct eth_params p;

	ethmodel_params(&p, &c, total_eth * GWEI, 1.0);
	return p;
}

static void
base_reward_matches_the_spec_example(void)
{
	struct eth_params p = params(34000000);

	/* Section 2.1/2.2: brpi 347, base reward 11,104, flags 2429/4511/2429. */
	CHECK_U64(ethmodel_base_reward_per_increment(&p), 347);
	CHECK_U64(ethmodel_base_reward(&p, 32 * GWEI), 11104);
	CHECK_U64(ethmodel_flag_reward(&p, 32 * GWEI, 14), 2429);
	CHECK_U64(ethmodel_flag_reward(&p, 32 * GWEI, 26), 4511);
	CHECK_U64(ethmodel_missed_vote_penalty(&p, 32 * GWEI), 6940);
	/* Section 2.4: participant reward 22,502 gwei per slot. */
	CHECK_U64(ethmodel_sync_participant_reward(&p), 22502);
}

static void
expected_proposer_and_sync_income_are_their_weights(void)
{
	struct eth_params p = params(34000000);

	/* Section 2.5: 1,388 gwei/epoch (8/64 of the base reward); sync 2/64. */
	CHECK_NEAR(ethmodel_proposer_income_gwei(&p, 32 * GWEI), 11104.0 * 8 / 64, 1.0);
	CHECK_NEAR(ethmodel_sync_income_gwei(&p, 32 * GWEI), 11104.0 * 2 / 64, 1.0);
	/* A leak withholds the 54/64 flag rewards, nothing else. */
	CHECK_NEAR(ethmodel_online_income_gwei(&p, 32 * GWEI, false) -
	    ethmodel_online_income_gwei(&p, 32 * GWEI, true), 2429 + 4511 + 2429, 1e-6);
}

static void
hysteresis_moves_in_whole_increments(void)
{
	struct eth_params p = params(34000000);

	/* Section 2.6: down below EB - 0.25 ETH, up above EB + 1.25 ETH. */
	CHECK_U64(ethmodel_eb_update(&p, 31750000000ULL, 32 * GWEI), 32 * GWEI);
	CHECK_U64(ethmodel_eb_update(&p, 31749999999ULL, 32 * GWEI), 31 * GWEI);
	CHECK_U64(ethmodel_eb_update(&p, 32250000000ULL, 31 * GWEI), 31 * GWEI);
	CHECK_U64(ethmodel_eb_update(&p, 32250000001ULL, 31 * GWEI), 32 * GWEI);
	CHECK_U64(ethmodel_eb_update(&p, 16740000000ULL, 17 * GWEI), 16 * GWEI);
	CHECK_U64(ethmodel_eb_update(&p, 3000 * GWEI, 2048 * GWEI), 2048 * GWEI);
	CHECK_U64(ethmodel_initial_eb(&p, 40500000000ULL), 40 * GWEI);
}

static void
a_normal_outage_costs_the_source_and_target_penalty(void)
{
	struct eth_params p = params(34000000);
	struct eth_outage o;

	/* 225 epochs = one day: 225 x 6,940 gwei, the score stays 0. */
	ethmodel_outage(&p, 32 * GWEI, 225, false, NULL, NULL, &o);
	CHECK_U64(o.loss_gwei, 225 * 6940ULL);
	CHECK_U64(o.final_inactivity_score, 0);
	CHECK_U64(o.inactivity_penalty_gwei, 0);
	CHECK(!o.ejected);
	/* Missed income is what 225 epochs online would have paid. */
	CHECK_NEAR(o.missed_income_gwei, 225 * (9369 + 1388.0 + 347), 225 * 1.0);
}

/* Per-epoch normal-finality penalty at effective balance eb (whole ETH). */
static uint64_t
normal_penalty(uint64_t eb_eth)
{
	uint64_t br = eb_eth * 347;

	return br * 14 / 64 + br * 26 / 64;
}

static void
a_long_normal_outage_steps_down_by_hysteresis(void)
{
	struct eth_params p = params(34000000);
	struct eth_outage o;
	uint64_t bal = 32 * GWEI, eb = 32, epochs = 0, n, k;

	/*
	 * Closed form per segment: at a constant EB the balance falls by
	 * normal_penalty(eb) each epoch; EB drops one increment at the first
	 * epoch the balance is below EB - 0.25 ETH.  Follow three steps.
	 */
	for (k = 0; k < 3; k++) {
		uint64_t floor_gwei = eb * GWEI - GWEI / 4;

		n = (bal - floor_gwei) / normal_penalty(eb) + 1;
		bal -= n * normal_penalty(eb);
		epochs += n;
		eb--;
	}
	ethmodel_outage(&p, 32 * GWEI, epochs, false, NULL, NULL, &o);
	CHECK_U64(o.final_balance_gwei, bal);
	CHECK_U64(o.final_eb_gwei, 29 * GWEI);
	ethmodel_outage(&p, 32 * GWEI, epochs - 1, false, NULL, NULL, &o);
	CHECK_U64(o.final_eb_gwei, 30 * GWEI);
}

static void
a_leak_charges_the_quadratic_inactivity_penalty(void)
{
	struct eth_params p = params(34000000);
	struct eth_outage o;
	uint64_t n = 400, k, inact = 0;

	/*
	 * Section 2.3: offline k epochs into a leak the score is 4k and the
	 * penalty EB*4k // (4 * 2^24).  400 epochs keep EB at 32.
	 */
	for (k = 1; k <= n; k++)
		inact += 32 * GWEI * 4 * k / (4 * 16777216ULL);
	ethmodel_outage(&p, 32 * GWEI, n, true, NULL, NULL, &o);
	CHECK_U64(o.final_inactivity_score, 4 * n);
	CHECK_U64(o.inactivity_penalty_gwei, inact);
	CHECK_U64(o.loss_gwei, inact + n * 6940);
	CHECK_U64(o.final_eb_gwei, 32 * GWEI);
	/* No flag rewards are missed in a leak, only proposer and sync. */
	CHECK_NEAR(o.missed_income_gwei, n * (1388.0 + 347), n * 1.0);
}

static void
four_and_a_half_days_of_leak_cost_three_percent_not_half(void)
{
	struct eth_params p = params(34000000);
	struct eth_outage o;
	double t = 1012, approx;

	/*
	 * 4.5 days = 1012 epochs.  Continuous approximation of the inactivity
	 * loss: 32 (1 - exp(-t^2 / 2^25)).  The effective balance trails the
	 * balance by up to 1 ETH, so the exact loss is slightly lower: 2 %.
	 */
	approx = 32e9 * (1 - exp(-t * t / 33554432.0));
	ethmodel_outage(&p, 32 * GWEI, 1012, true, NULL, NULL, &o);
	CHECK_NEAR((double)o.inactivity_penalty_gwei, approx, 0.02 * approx);
	CHECK((double)o.loss_gwei / (32 * GWEI) < 0.035);
	CHECK((double)o.loss_gwei / (32 * GWEI) > 0.025);
	CHECK(!o.ejected);
}

struct path {
	uint64_t first_eb16_epoch;	/* first epoch whose EB is 16 ETH */
	uint64_t last_balance;
	uint64_t frozen_from;		/* first epoch of an unchanged balance */
	uint64_t prev_balance;
};

static void
watch(void *ctx, const struct eth_epoch *e)
{
	struct path *pt = ctx;

	if (e->eb_gwei <= 16 * GWEI && pt->first_eb16_epoch == 0)
		pt->first_eb16_epoch = e->epoch;
	if (e->epoch > 0 && e->balance_gwei == pt->prev_balance && pt->frozen_from == 0)
		pt->frozen_from = e->epoch;
	pt->prev_balance = e->balance_gwei;
}

static void
a_long_leak_ejects_at_the_ejection_balance(void)
{
	struct eth_params p = params(34000000);
	struct eth_outage o;
	struct path pt = { 0, 0, 0, 0 };
	double t_eject;

	/*
	 * Continuous approximation: the balance reaches 16.75 ETH (EB 16) at
	 * t = sqrt(2^25 ln(32 / 16.75)) epochs; the exit is initiated at the
	 * next transition.  The trailing EB slows the real path a little:
	 * 1.5 % tolerance.
	 */
	t_eject = sqrt(33554432.0 * log(32 / 16.75)) + 1;
	ethmodel_outage(&p, 32 * GWEI, 10000, true, watch, &pt, &o);
	CHECK(o.ejected);
	CHECK_NEAR((double)o.ejection_epochs, t_eject, 0.015 * t_eject);
	/* Ejection reads the EB before this epoch's update: one epoch later. */
	CHECK_U64(o.ejection_epochs, pt.first_eb16_epoch + 1);
	/* Penalties run until the exit epoch, 1 + MAX_SEED_LOOKAHEAD later. */
	CHECK_U64(pt.frozen_from, o.ejection_epochs + 5 + 1);
	CHECK_U64(o.penalised_epochs, o.ejection_epochs + 5);
	CHECK(isnan(o.recovery_epochs));
	CHECK(o.final_balance_gwei < 17 * GWEI);
	CHECK(o.final_balance_gwei > 15 * GWEI);
}

static void
the_score_recovers_once_finality_returns(void)
{
	struct eth_params p = params(34000000);
	struct eth_outage o;

	/* Outside a leak an offline score moves +4 - 16: it stays at 0. */
	ethmodel_outage(&p, 32 * GWEI, 50, false, NULL, NULL, &o);
	CHECK_U64(o.final_inactivity_score, 0);
}

static void
recovery_time_is_loss_over_income(void)
{
	struct eth_params p = params(34000000);
	double per_epoch = 9369 + 1388.0 + 347;

	/* A loss that leaves the EB alone is earned back at the full rate. */
	CHECK_NEAR(ethmodel_recovery_epochs(&p, 32 * GWEI - 100 * 6940, 32 * GWEI,
	    32 * GWEI, 1000000), 100 * 6940 / per_epoch, 0.01);
	CHECK(ethmodel_recovery_epochs(&p, 32 * GWEI, 32 * GWEI, 32 * GWEI, 10) == 0);
}

static void
gnosis_uses_its_own_base_reward_factor(void)
{
	struct chain c = unit_mainnet();
	struct eth_params p;
	uint64_t total = 200000ULL * 32 * GWEI;

	c.base_reward_factor = 25;
	c.epoch_slots = 16;
	ethmodel_params(&p, &c, total, 1.0);
	/* 1e9 * 25 // isqrt(6.4e15) = 25e9 // 80,000,000 = 312 */
	CHECK_U64(util_isqrt(total), 80000000);
	CHECK_U64(ethmodel_base_reward_per_increment(&p), 312);
}

static void
an_isolated_slashing_costs_the_three_spec_parts(void)
{
	struct eth_params p = params(34000000);
	struct eth_slashing o;
	uint64_t per_increment = 3 * 32 * GWEI / 34000000;	/* 2823, floored */

	ethmodel_slashing(&p, 32 * GWEI, 4096, 3, 32 * GWEI, 0, &o);
	/* Electra: 32 ETH / 4096 = 1/128 ETH. */
	CHECK_U64(o.initial_penalty_gwei, 7812500);
	/* min(3 x 32 ETH, total) // (total // 1 ETH) x 32 increments */
	CHECK_U64(o.correlation_penalty_gwei, per_increment * 32);
	CHECK_U64(o.correlation_penalty_gwei, 90336);
	/*
	 * The balance stays above 31.75 ETH, so the effective balance stays
	 * 32 and every one of the 8192 epochs costs the same 6,940 gwei.
	 */
	CHECK_U64(o.epochs, 8192);
	CHECK_U64(o.duty_penalty_gwei, 8192ULL * 6940);
	CHECK_U64(o.loss_gwei, 7812500 + 90336 + 8192ULL * 6940);
	CHECK_NEAR(o.missed_income_gwei,
	    8192 * ethmodel_online_income_gwei(&p, 32 * GWEI, false), 1e-3);
}

static void
a_long_exit_queue_delays_withdrawability(void)
{
	struct eth_params p = params(34000000);
	struct eth_slashing o;

	/*
	 * slash_validator: withdrawable = max(exit + 256, slashing + 8192).
	 * An exit 8000 epochs after the slashing: withdrawable after 8256
	 * epochs, each charging the 6,940 gwei source and target penalty;
	 * the correlation penalty, at withdrawable - 4096 = 4160 epochs,
	 * still sees the slashing in its 8192-epoch vector.
	 */
	ethmodel_slashing(&p, 32 * GWEI, 4096, 3, 32 * GWEI, 8000, &o);
	CHECK_U64(o.epochs, 8256);
	CHECK_U64(o.duty_penalty_gwei, 8256ULL * 6940);
	CHECK_U64(o.correlation_penalty_gwei, 90336);
	/* 7936 epochs or less: the 8192 of the vector decide. */
	ethmodel_slashing(&p, 32 * GWEI, 4096, 3, 32 * GWEI, 7936, &o);
	CHECK_U64(o.epochs, 8192);
	/*
	 * 13,000: withdrawable after 13,256 epochs; at 9160 the vector has
	 * let the slashing go, so a validator slashed alone pays no
	 * correlation penalty.
	 */
	ethmodel_slashing(&p, 32 * GWEI, 4096, 3, 32 * GWEI, 13000, &o);
	CHECK_U64(o.epochs, 13256);
	CHECK_U64(o.correlation_penalty_gwei, 0);
	CHECK_U64(o.loss_gwei, 7812500 + 13256ULL * 6940);
	/*
	 * The edge: an exit 12031 epochs on is withdrawable at 12287, whose
	 * correlation transition (epoch 8191 after the slashing) still holds
	 * it; 12032 puts that transition at 8192, after the reset.
	 */
	ethmodel_slashing(&p, 32 * GWEI, 4096, 3, 32 * GWEI, 12031, &o);
	CHECK_U64(o.correlation_penalty_gwei, 90336);
	ethmodel_slashing(&p, 32 * GWEI, 4096, 3, 32 * GWEI, 12032, &o);
	CHECK_U64(o.correlation_penalty_gwei, 0);
}

static void
a_third_of_the_stake_slashed_together_takes_everything(void)
{
	struct eth_params p = params(34000000);
	struct eth_slashing o;

	/* 3 x slashed >= total: the correlation penalty is the whole EB. */
	ethmodel_slashing(&p, 32 * GWEI, 4096, 3, 34000000ULL * GWEI / 3 + GWEI, 0, &o);
	CHECK_U64(o.loss_gwei, 32 * GWEI);
	CHECK(o.correlation_penalty_gwei > 31 * GWEI);
}

const struct unit_test ethmodel_tests[] = {
	T(base_reward_matches_the_spec_example),
	T(expected_proposer_and_sync_income_are_their_weights),
	T(hysteresis_moves_in_whole_increments),
	T(a_normal_outage_costs_the_source_and_target_penalty),
	T(a_long_normal_outage_steps_down_by_hysteresis),
	T(a_leak_charges_the_quadratic_inactivity_penalty),
	T(four_and_a_half_days_of_leak_cost_three_percent_not_half),
	T(a_long_leak_ejects_at_the_ejection_balance),
	T(the_score_recovers_once_finality_returns),
	T(recovery_time_is_loss_over_income),
	T(gnosis_uses_its_own_base_reward_factor),
	T(an_isolated_slashing_costs_the_three_spec_parts),
	T(a_third_of_the_stake_slashed_together_takes_everything),
	T(a_long_exit_queue_delays_withdrawability),
	{ NULL, NULL },
};
