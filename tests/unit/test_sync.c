/*
 * Sync-committee duties (report_sync.c): the bound on what a seat can
 * earn, and the judgement of a node's answers, against the spec's
 * process_sync_aggregate (altair/beacon-chain.md) computed here.
 */
#include <stdint.h>
#include <string.h>

#include "report_sync.h"
#include "unit.h"

/* Mainnet's sync constants (consensus-specs presets/mainnet/altair.yaml). */
static const struct jd_sync_spec MAINNET = {
	.known = true, .altair_epoch = 74240, .committee_size = 512,
	.period_epochs = 256, .base_reward_factor = 64, .reward_weight = 2,
	.weight_denominator = 64,
};

static uint64_t
isqrt128(unsigned __int128 n)
{
	unsigned __int128 x = n, y = (x + 1) / 2;

	while (y < x) {
		x = y;
		y = (x + n / x) / 2;
	}
	return (uint64_t)x;
}

/* participant_reward of the spec for a total active balance of total gwei. */
static uint64_t
participant_reward(const struct jd_sync_spec *sp, uint64_t spe, uint64_t total)
{
	const uint64_t inc = 1000000000;
	unsigned __int128 per_inc = (unsigned __int128)inc * sp->base_reward_factor /
	    isqrt128(total);
	unsigned __int128 base = per_inc * (total / inc);

	return (uint64_t)(base * sp->reward_weight / sp->weight_denominator / spe /
	    sp->committee_size);
}

/*
 * The bound holds every total a uint64 can hold, and is near tight: at
 * the largest total the spec's own reward is within 7 % of it (the spec
 * floors base_reward_per_increment, 14.9 there, to 14).
 */
static void
sync_seat_bound_holds_every_total_and_is_tight(void)
{
	uint64_t max = report_sync_seat_max_gwei(&MAINNET, 32), t;

	for (t = 32000000000ULL; t < UINT64_MAX / 4; t *= 4)
		CHECK(participant_reward(&MAINNET, 32, t) <= max);
	CHECK(participant_reward(&MAINNET, 32, UINT64_MAX) <= max);
	CHECK_NEAR((double)participant_reward(&MAINNET, 32, UINT64_MAX), (double)max,
	    0.07 * (double)max);
	/* 34 million ETH staked: about 22,000 gwei a seat (eth2book's figure). */
	CHECK_NEAR((double)participant_reward(&MAINNET, 32, 34000000ULL * 1000000000ULL),
	    22500, 500);
}

/*
 * A member's reward at a slot as process_sync_aggregate pays it: p for
 * each seat whose bit is set, -p for each that is not.
 */
static int64_t
paid(uint64_t p, uint32_t seats_in, uint32_t seats_out)
{
	return (int64_t)p * seats_in - (int64_t)p * seats_out;
}

/*
 * Three members of 1, 2 and 3 seats over 4 slots with a block: the
 * second misses slot 2 whole; the third signs in two of its three seats
 * at slot 3 (subnets aggregate apart), which still misses a seat.
 */
static void
sync_judge_counts_misses_and_rewards_as_the_spec_pays(void)
{
	const uint64_t p = 5590;	/* the devnet's: 16 x 32 ETH, minimal preset */
	const struct sync_member m[3] = { { 4, 1 }, { 9, 2 }, { 12, 3 } };
	int64_t rew[4 * 3];
	struct sync_duty d[3];
	char why[200] = "";
	size_t j;

	for (j = 0; j < 4; j++) {
		rew[j * 3 + 0] = paid(p, 1, 0);
		rew[j * 3 + 1] = j == 2 ? paid(p, 0, 2) : paid(p, 2, 0);
		rew[j * 3 + 2] = j == 3 ? paid(p, 2, 1) : paid(p, 3, 0);
	}
	CHECK(report_sync_judge(m, 3, 3, rew, 4, 1000000, d, why, sizeof(why)));
	CHECK(d[0].known && d[1].known && d[2].known);
	CHECK_U64(d[0].index, 4);
	CHECK_U64(d[0].slots, 4);
	CHECK_U64(d[0].missed, 0);
	CHECK(d[0].reward_gwei == 4 * (int64_t)p);
	CHECK_U64(d[1].missed, 1);
	CHECK(d[1].reward_gwei == 3 * 2 * (int64_t)p - 2 * (int64_t)p);
	CHECK_U64(d[2].missed, 1);
	CHECK(d[2].reward_gwei == 3 * 3 * (int64_t)p + (int64_t)p);
	/* A member that missed every slot: p is still known from the others. */
	for (j = 0; j < 4; j++)
		rew[j * 3 + 1] = paid(p, 0, 2);
	CHECK(report_sync_judge(m, 3, 3, rew, 4, 1000000, d, why, sizeof(why)));
	CHECK_U64(d[1].missed, 4);
	CHECK(d[1].reward_gwei == -8 * (int64_t)p);
}

/*
 * What cannot be a reward is refused, saying what the node sent:
 * Lodestar 1.22's balances (tests/fixtures/lodestar-v1.22-devnet,
 * rewards_sync_committee.slot-0002.json), and a value off the grid of the
 * epoch's per-seat reward.
 */
static void
sync_judge_refuses_what_cannot_be_a_reward(void)
{
	const struct sync_member m[2] = { { 0, 2 }, { 1, 2 } };
	int64_t balances[2] = { 32000011180LL, 31999988820LL };
	int64_t off_grid[2 * 2] = { 11180, 11180, 11180, 11181 };
	uint64_t max = report_sync_seat_max_gwei(&(struct jd_sync_spec){ .known = true,
	    .committee_size = 32, .base_reward_factor = 64, .reward_weight = 2,
	    .weight_denominator = 64 }, 8);
	struct sync_duty d[2];
	char why[200] = "";

	CHECK(!report_sync_judge(m, 2, 2, balances, 1, max, d, why, sizeof(why)));
	CHECK(!d[0].known && !d[1].known);
	CHECK_U64(d[0].slots, 1);
	CHECK(d[0].reward_gwei == 0 && d[0].missed == 0);
	CHECK(strstr(why, "32000011180") != NULL);
	CHECK(!report_sync_judge(m, 2, 2, off_grid, 2, max, d, why, sizeof(why)));
	CHECK(strstr(why, "11181") != NULL);
	CHECK(!d[1].known && d[1].reward_gwei == 0);
}

/*
 * The per-seat reward comes from a one-seat witness: a two-seat member
 * that signs in one subnet only (reward 0) every slot still missed a
 * seat each slot; without the witness nothing fixes p, and all-zero
 * answers (which no seat is paid) are refused rather than believed.
 */
static void
sync_judge_takes_p_from_a_witness_and_refuses_all_zero(void)
{
	const int64_t p = 5590;
	const struct sync_member m[2] = { { 7, 2 }, { 40, 1 } };	/* 40: witness */
	int64_t rew[3 * 2] = { 0, p, 0, -p, 0, p };
	int64_t zero[3] = { 0, 0, 0 };
	struct sync_duty d[1];
	char why[200] = "";

	CHECK(report_sync_judge(m, 2, 1, rew, 3, 1000000, d, why, sizeof(why)));
	CHECK(d[0].known && d[0].index == 7);
	CHECK_U64(d[0].missed, 3);
	CHECK(d[0].reward_gwei == 0);
	CHECK(!report_sync_judge(m, 1, 1, zero, 3, 1000000, d, why, sizeof(why)));
	CHECK(!d[0].known && strstr(why, "0 gwei") != NULL);
}

const struct unit_test sync_tests[] = {
	T(sync_judge_takes_p_from_a_witness_and_refuses_all_zero),
	T(sync_seat_bound_holds_every_total_and_is_tight),
	T(sync_judge_counts_misses_and_rewards_as_the_spec_pays),
	T(sync_judge_refuses_what_cannot_be_a_reward),
	{ NULL, NULL },
};
