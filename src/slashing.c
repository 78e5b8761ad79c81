/*
 * The cost of one double sign, per chain: the Ethereum spec's penalties
 * until the slashed validator is withdrawable, a Cosmos SDK tombstone, or
 * the table's slash fraction.
 */
#include <math.h>
#include <string.h>

#include "slashing.h"
#include "util.h"

static void
eth_slashing(const struct econ *e, double exit_queue_s, struct slashing *s)
{
	const struct chain *c = e->c;
	double units = c->gwei_per_native;
	struct eth_slashing o;

	if (isnan(c->min_slashing_penalty_quotient) || !(c->min_slashing_penalty_quotient >= 1) ||
	    isnan(c->proportional_slashing_multiplier)) {
		s->rule = "the table has no slashing quotients for this chain";
		return;
	}
	/* Slashed alone: the window holds this validator's effective balance. */
	ethmodel_slashing(&e->eth, e->balance_gwei,
	    (uint64_t)c->min_slashing_penalty_quotient,
	    (uint64_t)c->proportional_slashing_multiplier, e->eb_gwei,
	    (uint64_t)ceil(exit_queue_s / c->epoch_s), &o);
	s->penalty_native = (double)(o.initial_penalty_gwei +
	    o.correlation_penalty_gwei) / units;
	/* Penalties and rewards are base-reward multiples: --apr scales both. */
	s->duty_penalty_native = (double)o.duty_penalty_gwei * e->scale / units;
	s->income_lost_native = o.missed_income_gwei * e->scale / units;
	s->out_s = (double)o.epochs * c->epoch_s;
	s->rule = "initial penalty (effective balance / MIN_SLASHING_PENALTY_QUOTIENT), "
	    "correlation penalty for this validator slashed alone, and the missed-duty "
	    "penalties and forgone income until withdrawable, at max(exit + 256, "
	    "slashing + 8192) epochs; the exit is forced";
}

void
slashing_cost(const struct econ *e, double exit_queue_s, struct slashing *s)
{
	const struct chain *c = e->c;

	*s = (struct slashing){ .penalty_native = NAN, .income_lost_native = NAN };
	if (c->model == PM_ETH_BEACON) {
		eth_slashing(e, exit_queue_s, s);
	} else {
		s->penalty_native = c->double_sign_slash_frac * e->stake_native;
		if (c->double_sign_tombstone != NULL &&
		    strcmp(c->double_sign_tombstone, "yes") == 0) {
			s->out_s = c->unbonding_days * SECONDS_PER_DAY;
			s->income_lost_native = e->reward_year_native * s->out_s /
			    SECONDS_PER_YEAR;
			s->rule = "slash fraction of the stake, and tombstoned: the rewards "
			    "of the unbonding period are lost before the stake backs a new "
			    "validator";
		} else {
			s->income_lost_native = 0;
			s->rule = "slash fraction of the stake; no lasting exclusion "
			    "is counted";
		}
	}
	s->loss_native = s->penalty_native + s->duty_penalty_native +
	    s->income_lost_native;
}
