#ifndef UC_HA_H
#define UC_HA_H

#include <stdbool.h>

#include "util.h"

/*
 * What a redundancy design buys in validator uptime: the analytic
 * availability of one node, an active/passive pair and a k-of-n
 * distributed validator, and a Monte Carlo simulation of their failures,
 * repairs, planned restarts and failovers over a horizon of months.  The
 * one user of GSL's random number generators.  No I/O: what an outage
 * costs comes from the caller.
 */
enum ha_design { HA_SINGLE, HA_ACTIVE_PASSIVE, HA_DVT };

#define HA_NDESIGNS	3
#define HA_MAX_NODES	64
#define HA_MONTH_S	(SECONDS_PER_YEAR / 12)	/* 30.4375 days */

struct ha_params {
	enum ha_design design;
	double	mtbf_s;			/* a node's mean time between failures */
	double	mttr_s;			/* its mean time to repair (exponential) */
	double	catchup_s;		/* after a repair or a restart: resync, attest */
	double	maint_per_year;		/* planned restarts of each node */
	double	maint_s;		/* one restart, before the catch-up */
	/* active-passive */
	bool	manual;			/* a person moves the key, not a watchdog */
	double	detect_s;		/* automatic: the failure is noticed */
	double	operator_s;		/* manual: the operator responds */
	double	failover_s;		/* the key moves and signs on the other node */
	double	double_sign_prob;	/* per unplanned failover */
	/* dvt */
	int	nodes;
	int	threshold;		/* nodes that must be up to sign */
	double	common_per_year;	/* outages of the whole cluster at once */
	double	common_s;		/* the length of one */
};

/* "single", "active-passive", "dvt".  Static strings. */
const char *ha_design_name(enum ha_design d);
bool	ha_design_parse(const char *s, enum ha_design *out);

/* Nodes the design runs: 1, 2, or p->nodes. */
int	ha_node_count(const struct ha_params *p);

/*
 * The chance that at least k of n independent nodes, each up with
 * probability a, are up: sum over i = k..n of C(n,i) a^i (1-a)^(n-i).
 */
double	ha_k_of_n(int n, int k, double a);

/* A node's availability to failures: MTBF / (MTBF + MTTR + catch-up). */
double	ha_node_availability(const struct ha_params *p);

/* The share of a node's time in planned restarts: rate x (restart + catch-up). */
double	ha_maintenance_share(const struct ha_params *p);

/*
 * The design's expected availability (0..1), analytic; the man page gives
 * the formulas.  Components are independent and in steady state; terms of
 * the order of two rare events at once beyond these are left out.
 */
double	ha_availability(const struct ha_params *p);

/*
 * Unplanned failovers per year (active-passive; else 0): failures of the
 * key holder while the other node is up, times the chance the failed node
 * is not back before the key has moved.
 */
double	ha_failovers_per_year(const struct ha_params *p);

/*
 * The chance of at least one double sign in a year: 1 - exp(-failovers x
 * double_sign_prob), each failover a Bernoulli trial.  0 for a single
 * node (one key, one signer) and for dvt (threshold signing).
 */
double	ha_double_sign_year_prob(const struct ha_params *p);

/*
 * Roughly how many events the simulation handles per trial over
 * horizon_s, so that the caller can refuse a run that would take minutes.
 */
double	ha_events_per_trial(const struct ha_params *p, double horizon_s);

struct ha_mc_in {
	unsigned long seed;		/* of gsl_rng_mt19937 */
	long	trials;
	int	months;			/* the horizon, in months of HA_MONTH_S */
	double	slo_frac;		/* a month meets it at this uptime or above */
	/* The cost of one continuous outage, native units; NAN when unknown. */
	double	(*outage_cost)(void *ctx, double outage_s);
	void	*cost_ctx;
	/*
	 * Where each reward period's rule looks at all its downtime together
	 * (Avalanche, Tezos, NEAR, Sui), period_s > 0 and a trial's outages
	 * are summed per period of the horizon and priced at once:
	 * period_cost gets each period's offline share.
	 */
	double	period_s;
	double	(*period_cost)(void *ctx, const double *offline_frac, size_t n);
	double	slashing_native;	/* the cost of one double sign */
	double	risk_above_native;	/* a loss over the horizon above it is a risk */
};

/* Points of the distribution of monthly uptime kept for charts. */
#define HA_QUANTILES	1001

struct ha_mc {
	double	mean_frac;		/* mean uptime */
	double	trial_sd_frac;		/* standard deviation of one trial's uptime */
	double	p01_frac;		/* percentiles of monthly uptime */
	double	p05_frac;
	double	p50_frac;
	double	slo_met_frac;		/* share of months at or above the SLO */
	double	downtime_loss_year_native;	/* mean cost of the outages per year */
	double	failovers_year;		/* unplanned failovers per year */
	double	double_sign_frac;	/* share of trials with a double sign */
	double	loss_above_frac;	/* share of trials losing more than risk_above;
					   NAN when a cost or the threshold is unknown */
	/* Monthly uptime at each share i / (HA_QUANTILES - 1) of months: the
	   distribution, as gsl_stats_quantile_from_sorted_data gives it. */
	double	quantile_frac[HA_QUANTILES];
};

/*
 * Simulate in->trials runs of in->months months, event by event: node
 * failures after exponential times of mean MTBF, exponential repairs of
 * mean MTTR, the catch-up after each repair and restart, planned restarts
 * at fixed intervals (staggered across a cluster's nodes), the design's
 * failover rules, and the cluster's common-mode outages as Poisson
 * arrivals of fixed length.  A restart that finds its node down is
 * skipped.  Each trial starts with every node up and runs an unrecorded
 * warm-up first, so that the horizon starts in steady state.  Memory is
 * one double per simulated month, and per reward period with period_s.
 * Deterministic for a seed.
 */
void	ha_simulate(const struct ha_params *p, const struct ha_mc_in *in,
	    struct ha_mc *out);

#endif
