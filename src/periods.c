/*
 * An outage over reward periods, where it starts deciding what it costs
 * (periods.h).  Positions are in periods from the start of the period the
 * outage starts in: period k spans [k, k + 1).
 */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "periods.h"

/* Offline share of period k for an outage over [s, end), back = floor(end). */
static double
offline_in(double s, double end, double back, double k)
{
	if (k == 0)
		return fmin(end, 1) - s;
	if (k < back)
		return 1;
	if (k == back)
		return end - back;
	return 0;
}

/* Whether share x is over threshold thr, by more than a rounding. */
static bool
over(double x, double thr)
{
	return x - thr > PERIOD_AT_THRESHOLD;
}

static double
period_loss(const struct period_rule *r, double x)
{
	if (x >= 1)
		return 1;
	if (x <= 0)
		x = 0;
	return r->loss(r->ctx, x);
}

/*
 * Periods [*o1, *o2] without rights after the outage (empty: o1 > o2).
 * Both rules hand rights back delay + 1 periods after the validator,
 * back online in period back, re-proposes or reactivates there.
 */
static void
rights_lost(const struct period_rule *r, double s, double end, double back,
    double *o1, double *o2)
{
	double last_off = end == back ? back - 1 : back, t = -1, i0, idle, k;

	*o1 = 1;
	*o2 = 0;
	switch (r->rights) {
	case RIGHTS_KEPT:
		return;
	case RIGHTS_KICKOUT:
		/* Period 1, if offline at all, is whole unless the outage ends in it. */
		if (over(offline_in(s, end, back, 0), r->kick_frac))
			t = 0;
		else if (last_off >= 1 && over(offline_in(s, end, back, 1), r->kick_frac))
			t = 1;
		if (t < 0)
			return;
		*o1 = t + r->delay_periods + 1;
		/*
		 * Still in the set until then, it is kicked out again by each
		 * of those periods it misses as much of; a proposal made in
		 * the period of a kickout is dropped.
		 */
		for (k = t + 1; k < *o1 && k <= last_off &&
		    over(offline_in(s, end, back, k), r->kick_frac); k++)
			t = k;
		*o2 = fmax(back, t + 1) + r->delay_periods;
		return;
	case RIGHTS_DEACTIVATION:
		/* Active in period 0 unless the outage starts with it. */
		i0 = s == 0 ? 0 : 1;
		idle = back - i0;
		if (idle < r->idle_periods)
			return;
		/* Deactivated at the end of the last tolerated idle period. */
		*o1 = i0 + r->idle_periods + r->delay_periods;
		*o2 = back + r->delay_periods;
		return;
	}
}

double
periods_loss_at(const struct period_rule *r, double offline_s, double start_frac,
    double *out_periods)
{
	double d = offline_s / r->period_s, s = start_frac, end, back, o1, o2;
	double total, k;
	uint64_t span, j;

	if (out_periods != NULL)
		*out_periods = 0;
	if (!(d > 0))
		return 0;
	end = s + d;
	back = floor(end);
	rights_lost(r, s, end, back, &o1, &o2);
	/* Period 0 keeps its rights: they change delay + 1 periods later. */
	total = period_loss(r, offline_in(s, end, back, 0));
	/* Whole periods offline lose everything, with rights or without. */
	if (back >= 2)
		total += back - 1;
	/*
	 * Period back, and those after it that have no rights: at most
	 * delay + 1 of them, counted by an integer (back may be past 2^53).
	 */
	span = o2 > back ? (uint64_t)(o2 - back) : 0;
	for (j = 0; j <= span; j++) {
		k = back + (double)j;
		if (k < 1)
			continue;
		if (k >= o1 && k <= o2)
			total += 1;
		else if (j == 0)
			total += period_loss(r, offline_in(s, end, back, k));
	}
	/* Those from its return on: the ones before were offline anyway. */
	if (out_periods != NULL && o2 >= fmax(o1, back))
		*out_periods = o2 - fmax(o1, back) + 1;
	return total;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* x mod 1, in [0, 1). */
static double
frac(double x)
{
	double f = x - floor(x);

	return f >= 1 ? 0 : f;
}

static double
snap(double v)
{
	return fabs(v - round(v)) < 1e-9 ? round(v) : v;
}

void
periods_outage(const struct period_rule *r, double offline_s, struct period_loss *pl)
{
	double d = offline_s / r->period_s, bp[4 * (PERIOD_MAX_KINKS + 3) + 2];
	double ts[PERIOD_MAX_KINKS + 3], out;
	size_t i, nt = 0, n = 0;

	*pl = (struct period_loss){ 0, 0, 0, 0 };
	if (!(d > 0))
		return;
	ts[nt++] = 0;
	ts[nt++] = 1;
	for (i = 0; i < r->nkinks && i < PERIOD_MAX_KINKS; i++)
		ts[nt++] = r->kinks[i];
	if (r->rights == RIGHTS_KICKOUT)
		ts[nt++] = r->kick_frac;
	/*
	 * The loss changes slope or steps only where the first period's
	 * share (1 - s) or the last one's (frac(s + d)) meets a kink.
	 */
	bp[n++] = 0;
	for (i = 0; i < nt; i++) {
		bp[n++] = frac(1 - ts[i]);
		bp[n++] = frac(ts[i] - d);
	}
	qsort(bp, n, sizeof(bp[0]), cmp_double);
	bp[n++] = 1;
	pl->worst = -INFINITY;
	pl->best = INFINITY;
	for (i = 0; i + 1 < n; i++) {
		double u = bp[i], v = bp[i + 1], w = v - u, l1, l3, lu, lv, at;

		at = periods_loss_at(r, offline_s, u, &out);
		pl->worst = fmax(pl->worst, at);
		pl->best = fmin(pl->best, at);
		pl->out_periods = fmax(pl->out_periods, out);
		if (w < 1e-12)
			continue;
		/* Two inner points fix the piece's line; its ends are limits. */
		l1 = periods_loss_at(r, offline_s, u + w / 4, &out);
		pl->out_periods = fmax(pl->out_periods, out);
		l3 = periods_loss_at(r, offline_s, u + 3 * w / 4, NULL);
		lu = l1 - (l3 - l1) / 2;
		lv = l3 + (l3 - l1) / 2;
		pl->mean += w * (l1 + l3) / 2;
		pl->worst = fmax(pl->worst, fmax(lu, lv));
		pl->best = fmin(pl->best, fmin(lu, lv));
	}
	/* The line through two points may land a rounding off a whole number. */
	pl->worst = snap(pl->worst);
	pl->best = fmax(0, snap(pl->best));
	/* Sums of pieces may round past the extremes they lie between. */
	pl->mean = fmin(pl->worst, fmax(pl->best, pl->mean));
}

/* The first period from k on in which the validator is online at all. */
static size_t
first_online(const double *x, size_t n, size_t k)
{
	while (k < n && x[k] >= 1)
		k++;
	return k;
}

/* Mark periods [from, to] of n as without rights. */
static void
mark_out(bool *out, size_t n, size_t from, size_t to)
{
	for (; from <= to && from < n; from++)
		out[from] = true;
}

double
periods_timeline(const struct period_rule *r, const double *x, size_t n)
{
	bool *out = calloc(n ? n : 1, sizeof(*out));
	size_t k, idle = 0, d = r->delay_periods;
	double total = 0;

	if (out == NULL)
		return NAN;
	for (k = 0; k < n; k++) {
		total += out[k] ? 1 : period_loss(r, x[k]);
		idle = x[k] >= 1 ? idle + 1 : 0;
		/*
		 * A kickout at the end of k (in the set, offline over the
		 * threshold) or a deactivation (the last tolerated idle
		 * period) takes rights from k + delay + 1 until the proposal
		 * or reactivation of the first period back online counts.
		 */
		if ((r->rights == RIGHTS_KICKOUT && !out[k] && over(x[k], r->kick_frac)) ||
		    (r->rights == RIGHTS_DEACTIVATION && idle == r->idle_periods))
			mark_out(out, n, k + d + 1, first_online(x, n, k + 1) + d);
	}
	free(out);
	return total;
}
