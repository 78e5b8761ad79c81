#ifndef UC_ECON_H
#define UC_ECON_H

#include <stdbool.h>
#include <stdint.h>

#include "chaintab.h"
#include "ethmodel.h"

/*
 * What a validator earns as a function of uptime, per chain model, and the
 * break-even uptimes.  No I/O but the one-line errors of econ_init.
 */
struct econ_in {
	const struct chain *c;
	double	stake_native;		/* NAN: the chain's minimum stake, else 1 */
	double	total_stake_native;	/* eth-beacon: NAN = the table's figure */
	double	apr_frac;		/* NAN: derived (eth-beacon) or the table's */
	double	period_s;		/* step chains: NAN = the table's period */
	int	credentials;		/* eth-beacon: 1 (0x01), 2 (0x02), 0 = by the
					   stake: 0x02 above MIN_ACTIVATION_BALANCE */
};

struct econ {
	const struct chain *c;
	double	stake_native;
	bool	stake_defaulted;	/* no minimum stake: results per 1 unit */
	double	apr_frac;		/* at 100 % uptime; NAN when unknown */
	double	period_apr_frac;	/* the rate of a stake of period_s, where
					   it depends on the duration (Avalanche) */
	double	reward_year_native;	/* at 100 % uptime; NAN when unknown */
	double	period_s;		/* reward period of step rules */

	/* eth-beacon only */
	int	credentials;		/* 1: 0x01, effective balance capped at the
					   minimum stake; 2: 0x02, compounding */
	bool	credentials_defaulted;	/* chosen by the stake, not --credentials */
	double	swept_native;		/* 0x01: stake above the cap, swept out */
	struct eth_params eth;
	double	total_stake_native;
	uint64_t balance_gwei;
	uint64_t eb_gwei;
	double	scale;			/* --apr over the derived rate; else 1 */
	double	online_epoch_gwei;	/* expected income of an epoch online */
	double	offline_epoch_gwei;	/* expected penalty of an epoch offline */
	double	epochs_per_year;
};

/* Resolve the inputs; a missing figure is a one-line error (UC_EUSAGE). */
int	econ_init(struct econ *e, const struct econ_in *in);

/*
 * Protocol income per year, in native units, at uptime u (0..1) spread
 * evenly over the year: rewards minus downtime penalties.  NAN when the
 * chain's reward rate is unknown.
 */
double	econ_net_year_native(const struct econ *e, double u);

/*
 * The lowest uptime at which protocol income is positive: for Ethereum
 * where rewards online equal penalties offline, for threshold rules the
 * threshold.  NAN when the chain has no protocol rule for it.
 */
double	econ_protocol_breakeven(const struct econ *e);

/*
 * The uptime at which protocol income pays cost_native_year, found with
 * GSL's Brent solver (threshold rules are not closed-form).  Returns 0 and
 * sets *u_frac, or 1 when no break-even exists (the cost is above income
 * at 100 % uptime), or -1 when the income is unknown.
 */
int	econ_breakeven(const struct econ *e, double cost_native_year, double *u_frac);

/*
 * Whether the chain's rate depends on the staking duration (Avalanche's
 * consumption rates); then period_apr_frac is a stake of period_s's.
 */
bool	econ_rate_by_duration(const struct chain *c);

/*
 * The online ratio the reward rule sees at uptime u: u, or NEAR's mean of
 * block, chunk and endorsement ratios.  econ_uptime_for_ratio inverts it.
 */
double	econ_online_ratio(const struct chain *c, double u);
double	econ_uptime_for_ratio(const struct chain *c, double ratio);

/* The share of a period's reward under its threshold rule (else 1). */
double	econ_step_share(const struct chain *c);

/*
 * The figure guides quote: cost / (stake x APR).  NAN when APR unknown.
 */
double	econ_naive_breakeven(const struct econ *e, double cost_native_year);

#endif
