/* Chains built in code for unit tests, independent of the shipped table. */
#include <math.h>
#include <string.h>

#include "unit.h"

/*
 * A chain with every number 0 but the period rules' columns blank (NAN),
 * as the loader leaves cells a row does not fill.
 */
struct chain
unit_chain(void)
{
	struct chain c;

	memset(&c, 0, sizeof(c));
	c.consumption_rate_min_frac = c.consumption_rate_max_frac = NAN;
	c.minting_period_s = c.step_reward_share_frac = NAN;
	c.endorsement_threshold_frac = c.inactivity_periods = NAN;
	c.rights_delay_periods = NAN;
	return c;
}

/* Ethereum mainnet from its presets and config (ethereum-spec.md section 1). */
struct chain
unit_mainnet(void)
{
	struct chain c = unit_chain();

	c.name = "ethereum";
	c.currency = "ETH";
	c.model = PM_ETH_BEACON;
	c.epoch_slots = 32;
	c.block_time_s = 12;
	c.epoch_s = 384;
	c.gwei_per_native = 1e9;
	c.base_reward_factor = 64;
	c.inactivity_penalty_quotient = 16777216;	/* 2^24, Bellatrix */
	c.inactivity_score_bias = 4;
	c.inactivity_score_recovery_rate = 16;
	c.ejection_balance_gwei = 16e9;
	c.max_effective_balance_gwei = 2048e9;
	c.sync_committee_size = 512;
	c.min_stake_native = 32;
	c.typical_total_stake_native = 34e6;
	c.typical_apr_frac = NAN;
	return c;
}
