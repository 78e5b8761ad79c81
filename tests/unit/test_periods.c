/*
 * An outage over reward periods (periods.c): the exact worst, best and
 * mean over where it starts, against cases worked by hand from the rules
 * (Avalanche's staking period, Tezos' deactivation, NEAR's kickout) and
 * against a brute-force scan of starts written here.
 */
#include <math.h>

#include "periods.h"
#include "unit.h"
#include "util.h"

struct step {
	double	tol;	/* offline share a period tolerates */
	double	share;	/* of its reward under the step; the rest pro rata */
};

static double
step_loss(const void *ctx, double x)
{
	const struct step *s = ctx;

	return s->share * (x > s->tol) + (1 - s->share) * x;
}

static struct period_rule
step_rule(const struct step *s)
{
	struct period_rule r = { .period_s = 1000, .loss = step_loss, .ctx = s,
	    .kinks = { s->tol }, .nkinks = 1 };

	return r;
}

static void
avalanche_outage_of_a_period_and_a_bit(void)
{
	struct step s = { 0.2, 1 };
	struct period_rule r = step_rule(&s);
	struct period_loss pl;

	/*
	 * 1.07 periods.  Starting at a period's start: one period lost (the
	 * second sees 0.07).  Starting so that each end holds more than 0.2:
	 * two.  The first end a = 1 - start; both ends above 0.2 when
	 * 0.2 < a < 0.87, a stretch of 0.67 of the starts: mean 1.67.
	 */
	periods_outage(&r, 1070, &pl);
	CHECK_NEAR(pl.worst, 2, 1e-9);
	CHECK_NEAR(pl.best, 1, 1e-9);
	CHECK_NEAR(pl.mean, 1.67, 1e-9);
	CHECK_NEAR(periods_loss_at(&r, 1070, 0, NULL), 1, 0);
	CHECK_NEAR(periods_loss_at(&r, 1070, 0.5, NULL), 2, 0);
	/* Exactly the tolerance, from the start: nothing lost. */
	CHECK_NEAR(periods_loss_at(&r, 200, 0, NULL), 0, 0);
}

static void
a_pro_rata_share_is_the_same_wherever_it_starts(void)
{
	struct step s = { 1.0 / 3, 0.55 };
	struct period_rule r = step_rule(&s);
	struct period_loss pl;

	/* Under the tolerance only the pro-rata part is lost: 0.45 x 0.3. */
	periods_outage(&r, 300, &pl);
	CHECK_NEAR(pl.worst, 0.45 * 0.3, 1e-9);
	CHECK_NEAR(pl.best, 0.45 * 0.3, 1e-9);
	CHECK_NEAR(pl.mean, 0.45 * 0.3, 1e-9);
}

/* Worst, best and mean by brute force: n starts, evenly spaced. */
static void
scan(const struct period_rule *r, double offline_s, int n, struct period_loss *pl)
{
	int i;

	pl->worst = -INFINITY;
	pl->best = INFINITY;
	pl->mean = 0;
	for (i = 0; i < n; i++) {
		double l = periods_loss_at(r, offline_s, (i + 0.5) / n, NULL);

		pl->worst = fmax(pl->worst, l);
		pl->best = fmin(pl->best, l);
		pl->mean += l / n;
	}
}

static void
exact_figures_agree_with_a_scan_of_starts(void)
{
	static const struct step steps[] = {
		{ 0.2, 1 }, { 1.0 / 3, 0.55 }, { 0.1, 0.3 }, { 0.5, 1 },
	};
	static const double lengths[] = { 50, 150, 333, 500, 999, 1000, 1070, 2500, 4321 };
	size_t i, j;

	for (i = 0; i < NELEM(steps); i++) {
		for (j = 0; j < NELEM(lengths); j++) {
			struct period_rule r = step_rule(&steps[i]);
			struct period_loss exact, sampled;

			periods_outage(&r, lengths[j], &exact);
			scan(&r, lengths[j], 100000, &sampled);
			/*
			 * A scan of 100,000 starts misses at most 1e-5 of the
			 * starts at each of the few steps, each worth at most
			 * one period: the mean within 1e-4.  Its extremes lie
			 * within the exact ones and, the pieces being wider
			 * than 1e-5 here, reach them to within a slope's 1e-5.
			 */
			CHECK_NEAR(sampled.mean, exact.mean, 1e-4);
			CHECK(sampled.worst <= exact.worst + 1e-9);
			CHECK(sampled.best >= exact.best - 1e-9);
			/*
			 * A whole number of periods can reach an extreme at
			 * one start only (1000 s split exactly in halves
			 * keeps both at a 0.5 tolerance): no scan finds it.
			 */
			if (fmod(lengths[j], r.period_s) == 0)
				continue;
			CHECK_NEAR(sampled.worst, exact.worst, 1e-4);
			CHECK_NEAR(sampled.best, exact.best, 1e-4);
		}
	}
}

/* NEAR's shape: nothing lost to 0.05 offline, all of it from 0.15. */
static double
ramp_loss(const void *ctx, double x)
{
	(void)ctx;
	return x < 0.05 ? 0 : x > 0.15 ? 1 : (x - 0.05) / 0.1;
}

static void
a_ramp_gives_a_loss_that_slopes_with_the_start(void)
{
	static const double lengths[] = { 60, 120, 180, 250, 1100, 1190 };
	struct period_rule r = { .period_s = 1000, .loss = ramp_loss,
	    .kinks = { 0.05, 0.15 }, .nkinks = 2 };
	size_t j;

	for (j = 0; j < NELEM(lengths); j++) {
		struct period_loss exact, sampled;

		periods_outage(&r, lengths[j], &exact);
		scan(&r, lengths[j], 100000, &sampled);
		/* No steps: the scan's mean is off by its spacing's curvature. */
		CHECK_NEAR(sampled.mean, exact.mean, 1e-6);
		CHECK_NEAR(sampled.worst, exact.worst, 1e-4);
		CHECK_NEAR(sampled.best, exact.best, 1e-4);
	}
	/*
	 * 120 s: from a start, 0.12 offline loses 0.7.  Split 0.06 + 0.06,
	 * each loses 0.1: 0.2, the best.  The worst puts 0.12 in one period.
	 */
	{
		struct period_loss pl;

		periods_outage(&r, 120, &pl);
		CHECK_NEAR(pl.worst, 0.7, 1e-9);
		CHECK_NEAR(pl.best, 0.2, 1e-9);
	}
}

static void
tezos_deactivates_after_two_idle_cycles(void)
{
	struct step s = { 1.0 / 3, 0.55 };
	struct period_rule r = step_rule(&s);
	double out;

	r.rights = RIGHTS_DEACTIVATION;
	r.idle_periods = 2;		/* tolerated_inactivity_period */
	r.delay_periods = 2;		/* consensus_rights_delay */
	/*
	 * Offline for exactly cycles 0 and 1 (last activity in cycle a = -1):
	 * deactivated at the end of a + 2 = 1, rights drawn earlier cover
	 * cycles 2 and 3, none from a + 5 = 4.  Back in cycle 2, it
	 * reactivates there and has rights again from 2 + 3 = 5: cycle 4
	 * lost.  Two idle cycles and one without rights: 3.
	 */
	CHECK_NEAR(periods_loss_at(&r, 2000, 0, &out), 3, 0);
	CHECK_NEAR(out, 1, 0);
	/* Three idle cycles, back in cycle 3: no rights in 4 and 5. */
	CHECK_NEAR(periods_loss_at(&r, 3000, 0, &out), 5, 0);
	CHECK_NEAR(out, 2, 0);
	/* Six: deactivated from 4, back in 6 with rights from 9. */
	CHECK_NEAR(periods_loss_at(&r, 6000, 0, &out), 9, 0);
	CHECK_NEAR(out, 3, 0);
	/* Started mid-cycle, cycle 0 had activity: only cycle 1 idle. */
	CHECK_NEAR(periods_loss_at(&r, 2000, 0.5, &out),
	    step_loss(&s, 0.5) + 1 + step_loss(&s, 0.5), 1e-12);
	CHECK_NEAR(out, 0, 0);
}

static double
all_or_nothing(const void *ctx, double x)
{
	(void)ctx;
	return x > 0.2;
}

static void
near_kickout_costs_the_epoch_after_next(void)
{
	struct period_rule r = { .period_s = 1000, .loss = all_or_nothing,
	    .kinks = { 0.2 }, .nkinks = 1, .rights = RIGHTS_KICKOUT,
	    .kick_frac = 0.2, .delay_periods = 1 };
	double out;

	/*
	 * A quarter of epoch T offline, from its start: kicked out at the
	 * end of T, still in the set in T + 1, out of T + 2; proposing again
	 * in T + 1 it is back in T + 3.  Epochs T and T + 2 lost.
	 */
	CHECK_NEAR(periods_loss_at(&r, 250, 0, &out), 2, 0);
	CHECK_NEAR(out, 1, 0);
	/*
	 * Offline until the middle of T + 3: out of T + 2 to T + 4 (it
	 * proposes in T + 3, for T + 5); two of those after its return.
	 */
	CHECK_NEAR(periods_loss_at(&r, 3500, 0, &out), 5, 0);
	CHECK_NEAR(out, 2, 0);
	/* A fifth of an epoch is tolerated. */
	CHECK_NEAR(periods_loss_at(&r, 200, 0, &out), 0, 0);
	CHECK_NEAR(out, 0, 0);
}

/* NEAR's rule: nothing lost to 1.5 %, all from 15 %, kicked out past 20 %. */
static struct period_rule
near_rule(void)
{
	struct period_rule r = { .period_s = 1000, .loss = ramp_loss,
	    .kinks = { 0.05, 0.15 }, .nkinks = 2, .rights = RIGHTS_KICKOUT,
	    .kick_frac = 0.2, .delay_periods = 1 };

	return r;
}

static struct period_rule
tezos_rule(const struct step *s)
{
	struct period_rule r = step_rule(s);

	r.rights = RIGHTS_DEACTIVATION;
	r.idle_periods = 2;
	r.delay_periods = 2;
	return r;
}

static void
rights_rules_agree_with_a_scan_of_starts(void)
{
	static const double lengths[] = { 150, 230, 700, 1150, 1500, 2300, 2999, 3400 };
	struct step st = { 1.0 / 3, 0.55 };
	struct period_rule rules[2];
	size_t i, j;

	rules[0] = near_rule();
	rules[1] = tezos_rule(&st);
	for (i = 0; i < NELEM(rules); i++) {
		for (j = 0; j < NELEM(lengths); j++) {
			struct period_loss exact, sampled;

			periods_outage(&rules[i], lengths[j], &exact);
			scan(&rules[i], lengths[j], 100000, &sampled);
			/*
			 * The rights make the loss lopsided in the start (a
			 * kickout in the first period costs another than one
			 * in the last): the mean by pieces must hold.
			 */
			CHECK_NEAR(sampled.mean, exact.mean, 1e-4);
			CHECK(sampled.worst <= exact.worst + 1e-9);
			CHECK(sampled.best >= exact.best - 1e-9);
		}
	}
}

static void
a_second_kickout_the_next_epoch_costs_one_more(void)
{
	struct period_rule r = near_rule();
	double out;

	/*
	 * Offline from the middle of T to the middle of T + 1: kicked out
	 * at the end of T (out of T + 2), still in the set in T + 1 and
	 * kicked out again at its end (out of T + 3), its proposal of
	 * T + 1 dropped: T, T + 1, T + 2 and T + 3 lost.
	 */
	CHECK_NEAR(periods_loss_at(&r, 1000, 0.5, &out), 4, 0);
	CHECK_NEAR(out, 2, 0);
	/* Exactly the threshold, 20 %, is not a kickout. */
	r.kick_frac = 1 - 0.8;		/* 0.19999999999999996 */
	CHECK_NEAR(periods_loss_at(&r, 200, 0, &out), 1, 0);
	CHECK_NEAR(out, 0, 0);
}

/* The offline shares of one outage, periods [0, n). */
static void
shares(double d, double s, double *x, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++)
		x[k] = fmax(0, fmin(s + d, (double)k + 1) - fmax(s, (double)k));
}

static void
a_timeline_of_one_outage_is_that_outage(void)
{
	static const double lengths[] = { 100, 199, 201, 350, 999, 1000, 1200, 2000,
	    2500, 3000, 6000 };
	struct step st = { 1.0 / 3, 0.55 }, av = { 0.2, 1 };
	struct period_rule rules[3];
	double x[16];
	size_t i, j, k;

	rules[0] = near_rule();
	rules[1] = tezos_rule(&st);
	rules[2] = step_rule(&av);
	for (i = 0; i < NELEM(rules); i++)
		for (j = 0; j < NELEM(lengths); j++)
			for (k = 0; k < 20; k++) {
				double s = k / 20.0, d = lengths[j] / 1000;

				/* Enough periods for the outage and its rights. */
				shares(d, s, x, NELEM(x));
				CHECK_NEAR(periods_timeline(&rules[i], x, NELEM(x)),
				    periods_loss_at(&rules[i], lengths[j], s, NULL), 1e-12);
			}
}

static void
outages_in_one_period_add_up(void)
{
	struct step av = { 0.2, 1 };
	struct period_rule r = step_rule(&av);
	double x[3] = { 0.15 + 0.15, 0, 0 };

	/* Each 15 % alone keeps the period; together they lose it. */
	CHECK_NEAR(periods_loss_at(&r, 150, 0.1, NULL), 0, 0);
	CHECK_NEAR(periods_timeline(&r, x, 3), 1, 0);
}

const struct unit_test periods_tests[] = {
	T(avalanche_outage_of_a_period_and_a_bit),
	T(a_pro_rata_share_is_the_same_wherever_it_starts),
	T(exact_figures_agree_with_a_scan_of_starts),
	T(a_ramp_gives_a_loss_that_slopes_with_the_start),
	T(tezos_deactivates_after_two_idle_cycles),
	T(near_kickout_costs_the_epoch_after_next),
	T(rights_rules_agree_with_a_scan_of_starts),
	T(a_second_kickout_the_next_epoch_costs_one_more),
	T(a_timeline_of_one_outage_is_that_outage),
	T(outages_in_one_period_add_up),
	{ NULL, NULL },
};
