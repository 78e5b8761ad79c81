/*
 * The redundancy model against closed forms computed here (k of n, series
 * of independent components, the failover outage), and the Monte Carlo
 * against the analytic figures within four standard errors for a fixed
 * seed: a false alarm about once in 16,000 runs of a correct model, yet
 * blind only to biases below 4 x sd / sqrt(trials).
 */
#include <math.h>
#include <string.h>

#include "ha.h"
#include "unit.h"
#include "util.h"

#define DAY	86400.0
#define HOUR	3600.0
#define MIN	60.0

/* A home staker's node that fails about monthly: roughly 99 % alone. */
static struct ha_params
params(enum ha_design d)
{
	struct ha_params p;

	memset(&p, 0, sizeof(p));
	p.design = d;
	p.mtbf_s = 30 * DAY;
	p.mttr_s = 6 * HOUR;
	p.catchup_s = 5 * MIN;
	p.maint_per_year = 24;
	p.maint_s = 10 * MIN;
	p.detect_s = 5 * MIN;
	p.operator_s = 8 * HOUR;
	p.failover_s = 2 * MIN;
	p.double_sign_prob = 0.01;
	p.nodes = 4;
	p.threshold = 3;
	p.common_per_year = 1;
	p.common_s = 4 * HOUR;
	return p;
}

static double
identity_cost(void *ctx, double s)
{
	(void)ctx;
	return s;
}

static struct ha_mc_in
mc_in(long trials, unsigned long seed)
{
	struct ha_mc_in in;

	memset(&in, 0, sizeof(in));
	in.seed = seed;
	in.trials = trials;
	in.months = 12;
	in.slo_frac = 0.99;
	in.outage_cost = identity_cost;
	in.slashing_native = 1e9;	/* any double sign is a loss above */
	in.risk_above_native = 1e8;
	return in;
}

static void
k_of_n_matches_the_closed_forms(void)
{
	static const double as[] = { 0.5, 0.9, 0.99, 0.999 };
	size_t i;

	for (i = 0; i < NELEM(as); i++) {
		double a = as[i], b = 1 - a;

		CHECK_NEAR(ha_k_of_n(4, 3, a), a * a * a * a + 4 * a * a * a * b, 1e-15);
		CHECK_NEAR(ha_k_of_n(3, 2, a), a * a * a + 3 * a * a * b, 1e-15);
		CHECK_NEAR(ha_k_of_n(5, 1, a), 1 - pow(b, 5), 1e-15);
		CHECK_NEAR(ha_k_of_n(5, 5, a), pow(a, 5), 1e-15);
		CHECK_NEAR(ha_k_of_n(7, 4, a), 35 * pow(a, 4) * pow(b, 3) +
		    21 * pow(a, 5) * b * b + 7 * pow(a, 6) * b + pow(a, 7), 1e-15);
		CHECK_NEAR(ha_k_of_n(3, 4, a), 0, 0);	/* more than there are */
	}
}

static void
a_single_node_is_failures_and_restarts_in_series(void)
{
	struct ha_params p = params(HA_SINGLE);
	double fail = 30 * DAY / (30 * DAY + 6 * HOUR + 5 * MIN);
	double restarts = 1 - 24 * (10 + 5) * MIN / (365.25 * DAY);

	CHECK_NEAR(ha_node_availability(&p), fail, 1e-15);
	CHECK_NEAR(ha_availability(&p), fail * restarts, 1e-15);
	CHECK_NEAR(ha_failovers_per_year(&p), 0, 0);
	CHECK_NEAR(ha_double_sign_year_prob(&p), 0, 0);
}

static void
a_cluster_is_common_mode_in_series_with_k_of_n(void)
{
	struct ha_params p = params(HA_DVT);
	double a = ha_node_availability(&p), b = 1 - a;
	/* One node at a time restarts: 4 x 24 x 15 min of the year. */
	double q = 4 * 24 * 15 * MIN / (365.25 * DAY);
	double three_of_four = pow(a, 4) + 4 * pow(a, 3) * b, three_of_three = pow(a, 3);
	double common = exp(-4 * HOUR / (365.25 * DAY));

	CHECK_NEAR(ha_availability(&p), common * ((1 - q) * three_of_four +
	    q * three_of_three), 1e-15);
	CHECK_NEAR(ha_double_sign_year_prob(&p), 0, 0);
}

static void
a_failover_lasts_until_the_key_moves_or_the_node_is_back(void)
{
	struct ha_params p = params(HA_ACTIVE_PASSIVE);
	double a = ha_node_availability(&p), s = 7 * MIN, c = 5 * MIN, r = 6 * HOUR;
	double lambda = 1 / (30 * DAY), nu;
	/* The holder's outage min(R + C, S), and both down: C + min of two R. */
	double ea = c + r * (1 - exp(-(s - c) / r)), eb = c + r / 2;
	double planned = 24 / (365.25 * DAY) * a * a * 2 * MIN;
	/* U = lambda ea (1 - Ps) + lambda eb Ps + planned, Ps = 2 (1 - a) - U */
	double u = (lambda * ea - 2 * (1 - a) * lambda * (ea - eb) + planned) /
	    (1 - lambda * (ea - eb));

	CHECK_NEAR(ha_availability(&p), 1 - u, 1e-15);
	nu = 365.25 / 30 * a * exp(-(s - c) / r);
	CHECK_NEAR(ha_failovers_per_year(&p), nu, 1e-12);
	CHECK_NEAR(ha_double_sign_year_prob(&p), 1 - exp(-nu * 0.01), 1e-15);
	/* Manual: an 8-hour response often loses the race with the repair. */
	p.manual = true;
	s = 8 * HOUR + 2 * MIN;
	CHECK_NEAR(ha_failovers_per_year(&p), 365.25 / 30 * a * exp(-(s - c) / r), 1e-12);
	/* A move faster than the catch-up always happens. */
	p.manual = false;
	p.detect_s = 0;
	p.failover_s = 1 * MIN;
	CHECK_NEAR(ha_failovers_per_year(&p), 365.25 / 30 * a, 1e-12);
}

static void
check_mc_mean(struct ha_params *p, long trials)
{
	struct ha_mc_in in = mc_in(trials, 42);
	struct ha_mc mc;
	double se;

	ha_simulate(p, &in, &mc);
	se = mc.trial_sd_frac / sqrt((double)trials);
	CHECK(se > 0);
	CHECK_NEAR(mc.mean_frac, ha_availability(p), 4 * se);
}

static void
the_simulated_mean_is_the_analytic_availability(void)
{
	struct ha_params p;
	enum ha_design d;

	for (d = HA_SINGLE; d <= HA_DVT; d++) {
		p = params(d);
		check_mc_mean(&p, 20000);
	}
	p = params(HA_ACTIVE_PASSIVE);
	p.manual = true;
	check_mc_mean(&p, 20000);
	/* A 2-of-3 cluster of flaky nodes without restarts or common mode. */
	p = params(HA_DVT);
	p.nodes = 3;
	p.threshold = 2;
	p.mtbf_s = 5 * DAY;
	p.maint_per_year = 0;
	p.common_per_year = 0;
	check_mc_mean(&p, 20000);
}

static void
the_simulated_failovers_are_the_analytic_rate(void)
{
	struct ha_params p = params(HA_ACTIVE_PASSIVE);
	struct ha_mc_in in = mc_in(20000, 7);
	struct ha_mc mc;
	double nu = ha_failovers_per_year(&p);

	ha_simulate(&p, &in, &mc);
	/* A Poisson count over 20,000 years: sd sqrt(nu x 20000) / 20000. */
	CHECK_NEAR(mc.failovers_year, nu, 4 * sqrt(nu * 20000) / 20000);
	/* Trials with a double sign: 1 - exp(-nu p) a year, binomial spread. */
	CHECK_NEAR(mc.double_sign_frac, ha_double_sign_year_prob(&p),
	    4 * sqrt(ha_double_sign_year_prob(&p) / 20000));
	/* Each of those loses more than the threshold, and nothing else does. */
	CHECK_NEAR(mc.loss_above_frac, mc.double_sign_frac, 0);
}

static void
the_cost_sees_every_second_the_months_see(void)
{
	struct ha_params p = params(HA_DVT);
	struct ha_mc_in in = mc_in(2000, 3);
	struct ha_mc mc;

	/* With a cost of one per second, the yearly loss is the downtime. */
	ha_simulate(&p, &in, &mc);
	CHECK_NEAR(mc.downtime_loss_year_native, (1 - mc.mean_frac) * SECONDS_PER_YEAR,
	    1e-6);
	CHECK(mc.p01_frac <= mc.p05_frac && mc.p05_frac <= mc.p50_frac &&
	    mc.p50_frac <= 1);
}

/* Sum of the offline shares: downtime in periods (a period costs 1 a second of it). */
static double
share_sum(void *ctx, const double *x, size_t n)
{
	double sum = 0;
	size_t i;

	*(size_t *)ctx = n;
	for (i = 0; i < n; i++)
		sum += x[i];
	return sum;
}

static void
periods_see_every_second_of_the_horizon(void)
{
	struct ha_params p = params(HA_SINGLE);
	struct ha_mc_in in = mc_in(2000, 3);
	struct ha_mc mc;
	size_t n = 0;

	/*
	 * Priced per period, a trial's periods get its downtime in shares
	 * of a period: summed and scaled back, the yearly cost in seconds
	 * is the downtime again, and a year of 4-day periods has 92 (a
	 * 12-month horizon of 365.25 days: 91.3 periods, the last partial).
	 */
	in.period_s = 4 * DAY;
	in.period_cost = share_sum;
	in.cost_ctx = &n;
	ha_simulate(&p, &in, &mc);
	CHECK_NEAR(mc.downtime_loss_year_native * in.period_s,
	    (1 - mc.mean_frac) * SECONDS_PER_YEAR, 1e-3);
	CHECK(n == 92);
}

static void
restarts_alone_cost_every_month_the_same(void)
{
	struct ha_params p = params(HA_SINGLE);
	struct ha_mc_in in = mc_in(100, 1);
	struct ha_mc mc;
	double month = 1 - 2 * 15 * MIN / (365.25 * DAY / 12);

	/* No failures in a thousand years: two restarts in every month. */
	p.mtbf_s = 1000 * 365.25 * DAY;
	ha_simulate(&p, &in, &mc);
	CHECK_NEAR(mc.p01_frac, month, 1e-12);
	CHECK_NEAR(mc.p50_frac, month, 1e-12);
	CHECK_NEAR(mc.slo_met_frac, 1, 0);
	in.slo_frac = 0.9995;		/* 21.9 min a month: two restarts exceed it */
	ha_simulate(&p, &in, &mc);
	CHECK_NEAR(mc.slo_met_frac, 0, 0);
}

static void
a_seed_reproduces_a_run(void)
{
	struct ha_params p = params(HA_ACTIVE_PASSIVE);
	struct ha_mc_in in = mc_in(500, 99);
	struct ha_mc a, b;

	ha_simulate(&p, &in, &a);
	ha_simulate(&p, &in, &b);
	CHECK(memcmp(&a, &b, sizeof(a)) == 0);
	in.seed = 100;
	ha_simulate(&p, &in, &b);
	CHECK(a.mean_frac != b.mean_frac);
}

const struct unit_test ha_tests[] = {
	T(k_of_n_matches_the_closed_forms),
	T(a_single_node_is_failures_and_restarts_in_series),
	T(a_cluster_is_common_mode_in_series_with_k_of_n),
	T(a_failover_lasts_until_the_key_moves_or_the_node_is_back),
	T(the_simulated_mean_is_the_analytic_availability),
	T(the_simulated_failovers_are_the_analytic_rate),
	T(the_cost_sees_every_second_the_months_see),
	T(periods_see_every_second_of_the_horizon),
	T(restarts_alone_cost_every_month_the_same),
	T(a_seed_reproduces_a_run),
	{ NULL, NULL },
};
