#ifndef UC_SLASHING_H
#define UC_SLASHING_H

#include "econ.h"

/*
 * What one double sign costs a validator, by its chain's rule in the
 * network table.  Pure: no I/O, no allocation.
 */
struct slashing {
	double	penalty_native;		/* stake taken at once: initial and correlation
					   penalties, or the slash fraction */
	double	duty_penalty_native;	/* Ethereum-family: missed duties until
					   withdrawable; else 0 */
	double	income_lost_native;	/* rewards forgone while out; NAN if unknown */
	double	out_s;			/* the time those rewards are forgone over */
	double	loss_native;		/* the sum, against staying online; NAN if unknown */
	const char *rule;		/* one sentence: the rule applied */
};

/*
 * The cost of one double sign for the validator of e, slashed alone (no
 * other stake slashed with it).  Ethereum-family chains follow the spec
 * (ethmodel_slashing): the initial and correlation penalties, the
 * missed-duty penalties until withdrawable (8192 epochs, more when the
 * exit, exit_queue_s after the slashing, comes later than 7936 epochs)
 * and their forgone income, rescaled like all
 * rewards by --apr.  Chains that tombstone (Cosmos SDK) take the slash
 * fraction and the rewards of the unbonding period; others the slash
 * fraction alone.
 */
void	slashing_cost(const struct econ *e, double exit_queue_s, struct slashing *s);

#endif
