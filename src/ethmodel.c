/*
 * Ethereum consensus accounting, epoch by epoch, as in consensus-specs
 * altair/beacon-chain.md with the Bellatrix inactivity quotient (section 2
 * of research/ethereum-spec.md).  Integer arithmetic where the spec uses
 * it, so a simulated balance matches a real one to the gwei.
 */
#include <math.h>

#include "ethmodel.h"
#include "util.h"

typedef unsigned __int128 u128;

static uint64_t
u64(double v)
{
	return v <= 0 ? 0 : (uint64_t)llround(v);
}

void
ethmodel_params(struct eth_params *p, const struct chain *c,
    uint64_t total_active_gwei, double participation_frac)
{
	p->slots_per_epoch = u64(c->epoch_slots);
	p->base_reward_factor = u64(c->base_reward_factor);
	p->inactivity_penalty_quotient = u64(c->inactivity_penalty_quotient);
	p->inactivity_score_bias = u64(c->inactivity_score_bias);
	p->inactivity_score_recovery_rate = u64(c->inactivity_score_recovery_rate);
	p->ejection_balance_gwei = u64(c->ejection_balance_gwei);
	p->max_effective_balance_gwei = u64(c->max_effective_balance_gwei);
	p->sync_committee_size = u64(c->sync_committee_size);
	/* get_total_active_balance never returns less than one increment. */
	p->total_active_gwei = total_active_gwei < ETH_INCREMENT_GWEI ?
	    ETH_INCREMENT_GWEI : total_active_gwei;
	p->participation_frac = participation_frac;
}

uint64_t
ethmodel_base_reward_per_increment(const struct eth_params *p)
{
	return ETH_INCREMENT_GWEI * p->base_reward_factor /
	    util_isqrt(p->total_active_gwei);
}

uint64_t
ethmodel_base_reward(const struct eth_params *p, uint64_t eb_gwei)
{
	return eb_gwei / ETH_INCREMENT_GWEI * ethmodel_base_reward_per_increment(p);
}

uint64_t
ethmodel_initial_eb(const struct eth_params *p, uint64_t balance_gwei)
{
	uint64_t eb = balance_gwei - balance_gwei % ETH_INCREMENT_GWEI;

	return eb < p->max_effective_balance_gwei ? eb : p->max_effective_balance_gwei;
}

uint64_t
ethmodel_eb_update(const struct eth_params *p, uint64_t balance_gwei, uint64_t eb_gwei)
{
	const uint64_t hyst = ETH_INCREMENT_GWEI / ETH_HYSTERESIS_QUOTIENT;
	const uint64_t down = hyst * ETH_HYSTERESIS_DOWN, up = hyst * ETH_HYSTERESIS_UP;

	if (balance_gwei + down < eb_gwei || eb_gwei + up < balance_gwei)
		return ethmodel_initial_eb(p, balance_gwei);
	return eb_gwei;
}

static uint64_t
active_increments(const struct eth_params *p)
{
	return p->total_active_gwei / ETH_INCREMENT_GWEI;
}

/* Increments of stake that earned a flag: participation of the active set. */
static uint64_t
participating_increments(const struct eth_params *p)
{
	return (uint64_t)floor(p->participation_frac * (double)active_increments(p));
}

uint64_t
ethmodel_flag_reward(const struct eth_params *p, uint64_t eb_gwei, unsigned weight)
{
	u128 num = (u128)ethmodel_base_reward(p, eb_gwei) * weight *
	    participating_increments(p);

	return (uint64_t)(num / ((u128)active_increments(p) * ETH_WEIGHT_DENOMINATOR));
}

uint64_t
ethmodel_missed_vote_penalty(const struct eth_params *p, uint64_t eb_gwei)
{
	uint64_t br = ethmodel_base_reward(p, eb_gwei);

	/* get_flag_index_deltas: one penalty per flag, each floored alone. */
	return br * ETH_SOURCE_WEIGHT / ETH_WEIGHT_DENOMINATOR +
	    br * ETH_TARGET_WEIGHT / ETH_WEIGHT_DENOMINATOR;
}

uint64_t
ethmodel_sync_participant_reward(const struct eth_params *p)
{
	uint64_t total_base = ethmodel_base_reward_per_increment(p) * active_increments(p);
	uint64_t max_participant = total_base * ETH_SYNC_WEIGHT / ETH_WEIGHT_DENOMINATOR /
	    p->slots_per_epoch;

	return max_participant / p->sync_committee_size;
}

/* Chance-weighted share of something handed out in proportion to stake. */
static double
stake_share(const struct eth_params *p, uint64_t eb_gwei)
{
	return (double)eb_gwei / (double)p->total_active_gwei;
}

double
ethmodel_proposer_income_gwei(const struct eth_params *p, uint64_t eb_gwei)
{
	/*
	 * process_attestation pays the proposer base_reward * weight / 448 for
	 * each flag it includes; process_sync_aggregate pays it
	 * participant_reward * 8 / 56 for each seat that signed.  A validator
	 * proposes in proportion to its effective balance.
	 */
	double f = p->participation_frac;
	double denom = (double)(ETH_WEIGHT_DENOMINATOR - ETH_PROPOSER_WEIGHT) *
	    ETH_WEIGHT_DENOMINATOR / ETH_PROPOSER_WEIGHT;
	double att = (double)ethmodel_base_reward_per_increment(p) *
	    (double)participating_increments(p) *
	    (ETH_SOURCE_WEIGHT + ETH_TARGET_WEIGHT + ETH_HEAD_WEIGHT) / denom;
	uint64_t per_seat = ethmodel_sync_participant_reward(p) * ETH_PROPOSER_WEIGHT /
	    (ETH_WEIGHT_DENOMINATOR - ETH_PROPOSER_WEIGHT);
	double sync = (double)p->slots_per_epoch * (double)p->sync_committee_size * f *
	    (double)per_seat;

	return stake_share(p, eb_gwei) * (att + sync);
}

double
ethmodel_sync_income_gwei(const struct eth_params *p, uint64_t eb_gwei)
{
	/* Expected seats: committee size times the stake share. */
	return stake_share(p, eb_gwei) * (double)p->sync_committee_size *
	    (double)p->slots_per_epoch * (double)ethmodel_sync_participant_reward(p);
}

double
ethmodel_online_income_gwei(const struct eth_params *p, uint64_t eb_gwei, bool leak)
{
	double flags = 0;

	/* In a leak correct votes earn nothing; proposer and sync still pay. */
	if (!leak)
		flags = (double)(ethmodel_flag_reward(p, eb_gwei, ETH_SOURCE_WEIGHT) +
		    ethmodel_flag_reward(p, eb_gwei, ETH_TARGET_WEIGHT) +
		    ethmodel_flag_reward(p, eb_gwei, ETH_HEAD_WEIGHT));
	return flags + ethmodel_proposer_income_gwei(p, eb_gwei) +
	    ethmodel_sync_income_gwei(p, eb_gwei);
}

static uint64_t
sub_sat(uint64_t a, uint64_t b)
{
	return a > b ? a - b : 0;
}

/*
 * What an epoch at one effective balance costs: the balance path changes
 * its effective balance rarely (in whole increments), so these are
 * computed once per balance, not once per epoch.  The same integers and
 * doubles as computed afresh: a cache, not an approximation.
 */
struct at_eb {
	uint64_t eb_gwei;
	uint64_t missed_vote_gwei;	/* ethmodel_missed_vote_penalty */
	double	 sync_gwei;		/* ethmodel_sync_income_gwei */
	bool	 valid;
};

static const struct at_eb *
at_eb(const struct eth_params *p, struct at_eb *k, uint64_t eb_gwei)
{
	if (!k->valid || k->eb_gwei != eb_gwei) {
		k->eb_gwei = eb_gwei;
		k->missed_vote_gwei = ethmodel_missed_vote_penalty(p, eb_gwei);
		k->sync_gwei = ethmodel_sync_income_gwei(p, eb_gwei);
		k->valid = true;
	}
	return k;
}

void
ethmodel_outage(const struct eth_params *p, uint64_t balance_gwei, uint64_t epochs,
    bool leak, eth_epoch_fn fn, void *ctx, struct eth_outage *out)
{
	struct eth_epoch e = { 0, balance_gwei, ethmodel_initial_eb(p, balance_gwei), 0, true };
	uint64_t eb0 = e.eb_gwei, exit_at = 0;
	u128 ipq_bias = (u128)p->inactivity_score_bias * p->inactivity_penalty_quotient;
	/* Staying online would have earned the same each epoch. */
	double online_gwei = ethmodel_online_income_gwei(p, eb0, leak);
	struct at_eb k = { 0, 0, 0, false };

	*out = (struct eth_outage){ 0 };
	out->start_balance_gwei = balance_gwei;
	if (fn)
		fn(ctx, &e);
	for (e.epoch = 1; e.epoch <= epochs; e.epoch++) {
		/*
		 * Once the exit epoch has passed the validator is no longer
		 * eligible: nothing is charged.  The loop still runs so the
		 * per-epoch path covers the whole stretch.
		 */
		if (e.active && out->ejected && e.epoch > exit_at)
			e.active = false;
		if (e.active) {
			uint64_t att, inact;

			/* process_inactivity_updates: the target was missed. */
			e.inactivity_score += p->inactivity_score_bias;
			if (!leak)
				e.inactivity_score -= e.inactivity_score <
				    p->inactivity_score_recovery_rate ? e.inactivity_score :
				    p->inactivity_score_recovery_rate;
			/* process_rewards_and_penalties: source, target, inactivity. */
			att = at_eb(p, &k, e.eb_gwei)->missed_vote_gwei;
			inact = e.inactivity_score == 0 ? 0 :
			    (uint64_t)((u128)e.eb_gwei * e.inactivity_score / ipq_bias);
			out->attestation_penalty_gwei += att < e.balance_gwei ? att : e.balance_gwei;
			e.balance_gwei = sub_sat(e.balance_gwei, att);
			out->inactivity_penalty_gwei += inact < e.balance_gwei ? inact :
			    e.balance_gwei;
			e.balance_gwei = sub_sat(e.balance_gwei, inact);
			out->penalised_epochs++;
			/* process_registry_updates: ejection on the old EB. */
			if (!out->ejected && e.eb_gwei <= p->ejection_balance_gwei) {
				out->ejected = true;
				out->ejection_epochs = e.epoch;
				/* compute_activation_exit_epoch: epoch + 1 + lookahead */
				exit_at = e.epoch + 1 + ETH_MAX_SEED_LOOKAHEAD;
			}
			/* process_effective_balance_updates */
			e.eb_gwei = ethmodel_eb_update(p, e.balance_gwei, e.eb_gwei);
		}
		out->missed_income_gwei += online_gwei;
		if (e.active)
			out->expected_sync_penalty_gwei += at_eb(p, &k, e.eb_gwei)->sync_gwei;
		if (fn)
			fn(ctx, &e);
	}
	out->epochs = epochs;
	out->loss_gwei = balance_gwei - e.balance_gwei;
	out->final_balance_gwei = e.balance_gwei;
	out->final_eb_gwei = e.eb_gwei;
	out->final_inactivity_score = e.inactivity_score;
	out->recovery_epochs = out->ejected ? NAN :
	    ethmodel_recovery_epochs(p, e.balance_gwei, e.eb_gwei, balance_gwei,
	    ETH_MAX_EPOCHS);
}

void
ethmodel_slashing(const struct eth_params *p, uint64_t balance_gwei,
    uint64_t min_penalty_quotient, uint64_t proportional_multiplier,
    uint64_t slashed_gwei, uint64_t exit_queue_epochs, struct eth_slashing *out)
{
	uint64_t eb = ethmodel_initial_eb(p, balance_gwei), eb0 = eb, bal = balance_gwei;
	uint64_t total = p->total_active_gwei, i, pen, exit, epochs, midpoint;
	u128 adjusted;

	/* compute_activation_exit_epoch: no sooner than 1 + MAX_SEED_LOOKAHEAD. */
	exit = exit_queue_epochs > 1 + ETH_MAX_SEED_LOOKAHEAD ? exit_queue_epochs :
	    1 + ETH_MAX_SEED_LOOKAHEAD;
	/* slash_validator: max(exit + delay, epoch + EPOCHS_PER_SLASHINGS_VECTOR) */
	epochs = exit + ETH_MIN_VALIDATOR_WITHDRAWABILITY_DELAY;
	if (epochs < ETH_EPOCHS_PER_SLASHINGS_VECTOR)
		epochs = ETH_EPOCHS_PER_SLASHINGS_VECTOR;
	/* epoch + EPOCHS_PER_SLASHINGS_VECTOR // 2 == withdrawable_epoch */
	midpoint = epochs - ETH_EPOCHS_PER_SLASHINGS_VECTOR / 2;

	*out = (struct eth_slashing){ 0 };
	/* slash_validator */
	out->initial_penalty_gwei = eb / min_penalty_quotient;
	bal = sub_sat(bal, out->initial_penalty_gwei);
	/*
	 * The epoch transitions at the ends of the slashing epoch E through
	 * E + 8191 penalise it: eligible while previous_epoch + 1 <
	 * withdrawable_epoch = E + 8192.  The midpoint is the transition
	 * whose current epoch is E + 4096, after rewards and penalties and
	 * before the effective-balance update.
	 */
	for (i = 0; i < epochs; i++) {
		pen = ethmodel_missed_vote_penalty(p, eb);
		out->duty_penalty_gwei += pen < bal ? pen : bal;
		bal = sub_sat(bal, pen);
		/*
		 * The slashings vector still holds this slashing while the
		 * transition's epoch is within EPOCHS_PER_SLASHINGS_VECTOR of it
		 * (process_slashings runs before process_slashings_reset).
		 */
		if (i == midpoint && midpoint < ETH_EPOCHS_PER_SLASHINGS_VECTOR) {
			/* process_slashings [electra]: per increment, no quantisation */
			adjusted = (u128)slashed_gwei * proportional_multiplier;
			if (adjusted > total)
				adjusted = total;
			pen = (uint64_t)(adjusted / (total / ETH_INCREMENT_GWEI)) *
			    (eb / ETH_INCREMENT_GWEI);
			out->correlation_penalty_gwei = pen < bal ? pen : bal;
			bal = sub_sat(bal, pen);
		}
		eb = ethmodel_eb_update(p, bal, eb);
		out->missed_income_gwei += ethmodel_online_income_gwei(p, eb0, false);
	}
	out->epochs = epochs;
	out->loss_gwei = balance_gwei - bal;
}

double
ethmodel_recovery_epochs(const struct eth_params *p, uint64_t balance_gwei,
    uint64_t eb_gwei, uint64_t target_gwei, uint64_t max_epochs)
{
	double bal = (double)balance_gwei, need = (double)target_gwei, inc = 0;
	uint64_t eb = eb_gwei, inc_eb = 0, n;

	for (n = 0; bal < need; n++) {
		if (n >= max_epochs)
			return NAN;
		/* The income changes with the effective balance only. */
		if (n == 0 || eb != inc_eb) {
			inc = ethmodel_online_income_gwei(p, eb, false);
			inc_eb = eb;
		}
		if (inc <= 0)
			return NAN;
		bal += inc;
		eb = ethmodel_eb_update(p, (uint64_t)bal, eb);
	}
	/* The last epoch is usually needed only in part: report the fraction. */
	return n == 0 ? 0 : (double)n - (bal - need) / inc;
}
