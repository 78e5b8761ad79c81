#ifndef UC_ETHMODEL_H
#define UC_ETHMODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "chaintab.h"

/*
 * The Ethereum consensus rules (Altair accounting with Bellatrix-and-later
 * quotients) that decide what an offline or online epoch is worth.  Pure:
 * no I/O, no allocation.  Amounts are in the chain's gwei units.
 */

/* Spec constants that no network in the table changes [phase0, altair]. */
#define ETH_INCREMENT_GWEI	1000000000ULL	/* EFFECTIVE_BALANCE_INCREMENT */
#define ETH_SOURCE_WEIGHT	14
#define ETH_TARGET_WEIGHT	26
#define ETH_HEAD_WEIGHT		14
#define ETH_SYNC_WEIGHT		2
#define ETH_PROPOSER_WEIGHT	8
#define ETH_WEIGHT_DENOMINATOR	64
#define ETH_HYSTERESIS_QUOTIENT	4
#define ETH_HYSTERESIS_DOWN	1
#define ETH_HYSTERESIS_UP	5
#define ETH_MAX_SEED_LOOKAHEAD	4
#define ETH_EPOCHS_PER_SLASHINGS_VECTOR	8192
#define ETH_MIN_VALIDATOR_WITHDRAWABILITY_DELAY	256

/*
 * The most epochs a simulation runs, a bound on its work (about 5 ns an
 * epoch): a century of Gnosis' 80-s epochs (39 million) fits, so does
 * every beacon chain with epochs of 32 s or more.  Callers refuse more.
 */
#define ETH_MAX_EPOCHS	100000000ULL

struct eth_params {
	uint64_t slots_per_epoch;
	uint64_t base_reward_factor;
	uint64_t inactivity_penalty_quotient;
	uint64_t inactivity_score_bias;
	uint64_t inactivity_score_recovery_rate;
	uint64_t ejection_balance_gwei;
	uint64_t max_effective_balance_gwei;
	uint64_t sync_committee_size;
	uint64_t total_active_gwei;	/* total active effective balance */
	double	 participation_frac;	/* share of stake earning each flag */
};

/* Fill p from chain c (which must be PM_ETH_BEACON). */
void	ethmodel_params(struct eth_params *p, const struct chain *c,
	    uint64_t total_active_gwei, double participation_frac);

/* get_base_reward_per_increment and get_base_reward [altair]. */
uint64_t ethmodel_base_reward_per_increment(const struct eth_params *p);
uint64_t ethmodel_base_reward(const struct eth_params *p, uint64_t eb_gwei);

/* Effective balance of a fresh deposit of balance_gwei. */
uint64_t ethmodel_initial_eb(const struct eth_params *p, uint64_t balance_gwei);

/* process_effective_balance_updates for one validator (hysteresis). */
uint64_t ethmodel_eb_update(const struct eth_params *p, uint64_t balance_gwei,
	    uint64_t eb_gwei);

/* Flag reward for one correct, timely flag of the given weight. */
uint64_t ethmodel_flag_reward(const struct eth_params *p, uint64_t eb_gwei,
	    unsigned weight);

/* Penalty for a missed source and target vote (head carries none). */
uint64_t ethmodel_missed_vote_penalty(const struct eth_params *p, uint64_t eb_gwei);

/* The sync committee participant reward per slot [altair process_sync_aggregate]. */
uint64_t ethmodel_sync_participant_reward(const struct eth_params *p);

/*
 * Expected income of one epoch online (flag rewards, none in a leak; the
 * expected share of proposer and sync-committee rewards) and the expected
 * sync-committee penalty of one epoch offline.  Expectations are real
 * numbers over integer spec amounts.
 */
double	ethmodel_online_income_gwei(const struct eth_params *p, uint64_t eb_gwei,
	    bool leak);
double	ethmodel_proposer_income_gwei(const struct eth_params *p, uint64_t eb_gwei);
double	ethmodel_sync_income_gwei(const struct eth_params *p, uint64_t eb_gwei);

/* One row of the per-epoch path of an offline validator. */
struct eth_epoch {
	uint64_t epoch;			/* offline epochs accounted so far */
	uint64_t balance_gwei;
	uint64_t eb_gwei;
	uint64_t inactivity_score;
	bool	 active;		/* false once its exit epoch has come */
};
typedef void (*eth_epoch_fn)(void *ctx, const struct eth_epoch *e);

struct eth_outage {
	uint64_t epochs;		/* offline epochs simulated */
	uint64_t start_balance_gwei;
	uint64_t loss_gwei;		/* exact, by the spec's integer rules */
	uint64_t attestation_penalty_gwei;
	uint64_t inactivity_penalty_gwei;
	uint64_t final_balance_gwei;
	uint64_t final_eb_gwei;
	uint64_t final_inactivity_score;
	bool	 ejected;
	uint64_t ejection_epochs;	/* offline epochs until the exit is initiated */
	uint64_t penalised_epochs;	/* epochs still active and penalised */
	double	 missed_income_gwei;	/* what staying online would have earned */
	double	 expected_sync_penalty_gwei;	/* not in loss_gwei: chance of a seat */
	double	 recovery_epochs;	/* online epochs to earn loss_gwei back; NAN if ejected */
};

/*
 * Simulate a validator with balance_gwei offline for `epochs` epochs, one
 * epoch transition at a time: inactivity updates, source and target
 * penalties, inactivity penalty, ejection at the ejection balance, and
 * effective-balance hysteresis.  leak: the chain does not finalise for the
 * whole stretch.  Assumes no sync-committee seat (its expectation is
 * reported apart), a constant total active balance, and the shortest exit
 * (no churn queue).  fn, if not NULL, sees epoch 0 and every epoch after.
 */
void	ethmodel_outage(const struct eth_params *p, uint64_t balance_gwei,
	    uint64_t epochs, bool leak, eth_epoch_fn fn, void *ctx,
	    struct eth_outage *out);

/* What one slashing costs a validator, by the spec's rules [electra]. */
struct eth_slashing {
	uint64_t initial_penalty_gwei;	/* slash_validator: EB / MIN_SLASHING_PENALTY_QUOTIENT */
	uint64_t correlation_penalty_gwei;	/* process_slashings, at the midpoint */
	uint64_t duty_penalty_gwei;	/* missed source and target until withdrawable */
	uint64_t loss_gwei;		/* the three above: balance lost */
	uint64_t epochs;		/* penalised epochs: slashing to withdrawable */
	double	 missed_income_gwei;	/* what staying online would have earned meanwhile */
};

/*
 * Slash a validator with balance_gwei in normal finality: the initial
 * penalty, then source and target penalties until it is withdrawable (a
 * slashed validator never counts as participating, yet stays eligible),
 * with the correlation penalty of process_slashings in the transition
 * where epoch + EPOCHS_PER_SLASHINGS_VECTOR / 2 is the withdrawable epoch.
 * slash_validator makes that max(exit epoch + MIN_VALIDATOR_WITHDRAWABILITY_
 * DELAY, slashing epoch + EPOCHS_PER_SLASHINGS_VECTOR); the exit epoch is
 * exit_queue_epochs after the slashing, at least 1 + MAX_SEED_LOOKAHEAD.
 * slashed_gwei is the effective balance slashed within the
 * EPOCHS_PER_SLASHINGS_VECTOR window, this validator's included: its own
 * alone for an isolated slashing; a queue so long that the correlation
 * penalty falls after the window has let the slashing go costs none.
 * Effective-balance hysteresis applies.
 */
void	ethmodel_slashing(const struct eth_params *p, uint64_t balance_gwei,
	    uint64_t min_penalty_quotient, uint64_t proportional_multiplier,
	    uint64_t slashed_gwei, uint64_t exit_queue_epochs,
	    struct eth_slashing *out);

/*
 * Online epochs, in normal finality, for a validator with balance_gwei and
 * effective balance eb_gwei to reach target_gwei again.  NAN if it would
 * take more than max_epochs.
 */
double	ethmodel_recovery_epochs(const struct eth_params *p, uint64_t balance_gwei,
	    uint64_t eb_gwei, uint64_t target_gwei, uint64_t max_epochs);

#endif
