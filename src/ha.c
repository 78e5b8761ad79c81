/*
 * Redundancy designs for a validator: analytic availability (series of
 * independent components, k-of-n by the binomial law) and a Monte Carlo
 * simulation, event by event, of the same designs.  The only file that
 * uses GSL's random number generators.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "diag.h"
#include "ha.h"

static const char *const names[HA_NDESIGNS] = {
	[HA_SINGLE] = "single",
	[HA_ACTIVE_PASSIVE] = "active-passive",
	[HA_DVT] = "dvt",
};

const char *
ha_design_name(enum ha_design d)
{
	return names[d];
}

bool
ha_design_parse(const char *s, enum ha_design *out)
{
	int i;

	for (i = 0; i < HA_NDESIGNS; i++)
		if (strcmp(s, names[i]) == 0) {
			*out = (enum ha_design)i;
			return true;
		}
	return false;
}

int
ha_node_count(const struct ha_params *p)
{
	switch (p->design) {
	case HA_SINGLE:
		return 1;
	case HA_ACTIVE_PASSIVE:
		return 2;
	case HA_DVT:
		break;
	}
	return p->nodes;
}

double
ha_k_of_n(int n, int k, double a)
{
	double sum = 0;
	int i;

	for (i = k < 0 ? 0 : k; i <= n; i++)
		sum += gsl_ran_binomial_pdf((unsigned)i, a, (unsigned)n);
	return sum;
}

double
ha_node_availability(const struct ha_params *p)
{
	return p->mtbf_s / (p->mtbf_s + p->mttr_s + p->catchup_s);
}

double
ha_maintenance_share(const struct ha_params *p)
{
	return p->maint_per_year * (p->maint_s + p->catchup_s) / SECONDS_PER_YEAR;
}

/* Failure to the moment the key starts to move: detection or a person. */
static double
act_s(const struct ha_params *p)
{
	return p->manual ? p->operator_s : p->detect_s;
}

/*
 * When the key holder fails with the other node up, the key has moved
 * after S = act + failover, unless the failed node is back first, after
 * its repair R (exponential, mean MTTR) and the catch-up C.  The outage
 * is min(R + C, S); the chance that the key moves is P(R + C > S).
 */
static double
switch_chance(const struct ha_params *p)
{
	double s = act_s(p) + p->failover_s;

	return s <= p->catchup_s ? 1 : exp(-(s - p->catchup_s) / p->mttr_s);
}

static double
holder_outage_s(const struct ha_params *p)
{
	double s = act_s(p) + p->failover_s;

	if (s <= p->catchup_s)
		return s;
	/* E[min(R, S - C)] = MTTR (1 - exp(-(S - C) / MTTR)) */
	return p->catchup_s + p->mttr_s * (1 - switch_chance(p));
}

/*
 * The share of time an active/passive pair is down, to first order in the
 * rare events.  The holder fails at rate 1/MTBF; with the other node up
 * (chance 1 - Ps) the outage is min(R + C, S); with it down (Ps) both are
 * down until the first of the two repairs is done, C + MTTR / 2 (the key
 * may then take F more: left out).  A node's downtime is 1 - a of its time,
 * spent as the holder only while the pair is down, so the standby is down
 * Ps = 2 (1 - a) - U of the time.  Solved for U, plus the moves of the
 * planned restarts (both nodes up).  *standby_down_frac gets Ps.
 */
static double
pair_down_frac(const struct ha_params *p, double *standby_down_frac)
{
	double a = ha_node_availability(p), lambda = 1 / p->mtbf_s;
	double ea = holder_outage_s(p);
	double eb = p->catchup_s + p->mttr_s / 2;
	double planned = p->maint_per_year / SECONDS_PER_YEAR * a * a * p->failover_s;
	double u = (lambda * ea - 2 * (1 - a) * lambda * (ea - eb) + planned) /
	    (1 - lambda * (ea - eb));

	*standby_down_frac = 2 * (1 - a) - u;
	return u;
}

double
ha_availability(const struct ha_params *p)
{
	double a = ha_node_availability(p), fm = ha_maintenance_share(p), ps, q;

	switch (p->design) {
	case HA_SINGLE:
		/* Failures and planned restarts in series. */
		return a * (1 - fm);
	case HA_ACTIVE_PASSIVE:
		/* First order: far outside its range it leaves [0, 1]. */
		return 1 - fmin(fmax(pair_down_frac(p, &ps), 0), 1);
	case HA_DVT:
		/*
		 * Restarts are staggered: for a share q of the time one node is
		 * restarting and k of the other n - 1 must be up.  Common-mode
		 * outages are Poisson arrivals of fixed length, in series.
		 */
		q = p->nodes * fm;
		return exp(-p->common_per_year * p->common_s / SECONDS_PER_YEAR) *
		    ((1 - q) * ha_k_of_n(p->nodes, p->threshold, a) +
		    q * ha_k_of_n(p->nodes - 1, p->threshold, a));
	}
	return NAN;
}

double
ha_failovers_per_year(const struct ha_params *p)
{
	if (p->design != HA_ACTIVE_PASSIVE)
		return 0;
	return SECONDS_PER_YEAR / p->mtbf_s * ha_node_availability(p) *
	    switch_chance(p);
}

double
ha_double_sign_year_prob(const struct ha_params *p)
{
	return -expm1(-ha_failovers_per_year(p) * p->double_sign_prob);
}

double
ha_events_per_trial(const struct ha_params *p, double horizon_s)
{
	double years = horizon_s / SECONDS_PER_YEAR;

	/* A failure and a return per cycle, a restart and a return, arrivals. */
	return ha_node_count(p) * 2 * (horizon_s / p->mtbf_s +
	    p->maint_per_year * years) + 2 * p->common_per_year * years + 1;
}

/* The simulation. */

#define NEVER	HUGE_VAL

struct node {
	bool	up;
	double	until;		/* up: its next failure; down: back at */
	double	next_maint;	/* its next planned restart; NEVER if none */
};

struct sim {
	const struct ha_params *p;
	const struct ha_mc_in *in;
	gsl_rng	*rng;
	int	n;
	double	horizon_s;
	double	warmup_s;	/* run before 0, unrecorded */
	struct node nd[HA_MAX_NODES];
	int	nup;
	/* active-passive: who holds the key, and a move under way */
	int	holder;
	bool	awaiting;	/* the holder is down: the key should move */
	bool	planned;	/* for a planned restart, not a failure */
	double	act_at;		/* the move starts no earlier */
	double	switch_at;	/* the move completes; NEVER if not started */
	/* dvt: common-mode outages */
	double	cm_next, cm_until;
	/* this trial */
	bool	val_up;
	double	down_since;
	double	*month_down_s;
	double	*period_down_s;		/* with in->period_s: per reward period */
	size_t	 nperiods;
	double	loss_native;
	long	failovers;
	bool	double_signed;
};

static void
node_fail(struct sim *s, int i, double t)
{
	s->nd[i].up = false;
	s->nd[i].until = t + gsl_ran_exponential(s->rng, s->p->mttr_s) +
	    s->p->catchup_s;
	s->nup--;
}

static void
node_restart(struct sim *s, int i, double t)
{
	s->nd[i].up = false;
	s->nd[i].until = t + s->p->maint_s + s->p->catchup_s;
	s->nup--;
}

static void
node_back(struct sim *s, int i, double t)
{
	/* Failures are memoryless: a fresh draw after every return. */
	s->nd[i].up = true;
	s->nd[i].until = t + gsl_ran_exponential(s->rng, s->p->mtbf_s);
	s->nup++;
}

static bool
validator_up(const struct sim *s, double t)
{
	if (s->p->design == HA_DVT)
		return s->nup >= s->p->threshold && t >= s->cm_until;
	return s->nd[s->holder].up;
}

/* Add the part of outage [from, to) in the horizon to its months; cost it. */
static void
outage(struct sim *s, double from, double to)
{
	int m, last = s->in->months - 1;
	double t, end;

	from = fmax(from, 0);
	if (!(to > from))
		return;
	m = (int)floor(from / HA_MONTH_S);
	t = from;
	if (m > last)
		m = last;
	for (; t < to && m <= last; m++) {
		end = m == last ? to : fmin(to, (m + 1) * HA_MONTH_S);
		if (end > t) {
			s->month_down_s[m] += end - t;
			t = end;
		}
	}
	if (s->nperiods == 0) {
		s->loss_native += s->in->outage_cost(s->in->cost_ctx, to - from);
		return;
	}
	/* Priced per period at the trial's end: its rule sees all of it. */
	to = fmin(to, s->horizon_s);
	for (t = from; t < to; t = end) {
		size_t k = (size_t)floor(t / s->in->period_s);

		if (k >= s->nperiods)
			break;
		end = fmin(to, (double)(k + 1) * s->in->period_s);
		s->period_down_s[k] += end - t;
		if (!(end > t))
			break;
	}
}

/* Active-passive: a node failed or came back, or a restart is due. */
static void
pair_node_event(struct sim *s, int i, double t)
{
	if (s->nd[i].up) {
		node_fail(s, i, t);
		if (i == s->holder) {
			s->awaiting = true;
			s->planned = false;
			s->act_at = t + act_s(s->p);
			s->switch_at = NEVER;
		} else {
			/* The node the key was moving to failed: wait for one. */
			s->switch_at = NEVER;
		}
	} else {
		node_back(s, i, t);
		if (i == s->holder) {
			/* Back before the key moved: it signs again, no failover. */
			s->awaiting = false;
			s->switch_at = NEVER;
		}
	}
}

static void
pair_restart(struct sim *s, double t)
{
	int h = s->holder;

	/*
	 * A planned restart: the idle node is upgraded while the holder
	 * signs, then the key moves to it and the old holder restarts.  It
	 * stops signing first, so the move carries no double-sign risk here.
	 * Skipped while either node is down.
	 */
	if (!s->nd[h].up || !s->nd[1 - h].up || s->awaiting)
		return;
	node_restart(s, h, t);
	s->awaiting = true;
	s->planned = true;
	s->act_at = t;
	s->switch_at = NEVER;
}

static void
pair_switch(struct sim *s, double t)
{
	s->holder = 1 - s->holder;
	s->awaiting = false;
	s->switch_at = NEVER;
	/* The warm-up before the horizon counts no failover. */
	if (!s->planned && t >= 0) {
		s->failovers++;
		if (gsl_rng_uniform(s->rng) < s->p->double_sign_prob)
			s->double_signed = true;
	}
}

static void
trial_init(struct sim *s)
{
	const struct ha_params *p = s->p;
	double every = p->maint_per_year > 0 ? SECONDS_PER_YEAR / p->maint_per_year : NEVER;
	/* A pair restarts once per event, a cluster each node in turn. */
	int staggered = p->design == HA_DVT ? s->n : 1;
	int i;

	/*
	 * Nodes start up, a warm-up before the horizon: the horizon starts in
	 * the steady state the analytic figures assume.  Restarts keep their
	 * schedule from 0.
	 */
	for (i = 0; i < s->n; i++) {
		s->nd[i].up = true;
		s->nd[i].until = -s->warmup_s + gsl_ran_exponential(s->rng, p->mtbf_s);
		s->nd[i].next_maint = i < staggered ?
		    every * (i + 0.5) / staggered : NEVER;
	}
	s->nup = s->n;
	s->holder = 0;
	s->awaiting = s->planned = false;
	s->act_at = -s->warmup_s;
	s->switch_at = NEVER;
	s->cm_until = -s->warmup_s;
	s->cm_next = p->common_per_year > 0 ? -s->warmup_s +
	    gsl_ran_exponential(s->rng, SECONDS_PER_YEAR / p->common_per_year) : NEVER;
	s->val_up = true;
	s->down_since = -s->warmup_s;
	memset(s->month_down_s, 0, (size_t)s->in->months * sizeof(*s->month_down_s));
	if (s->nperiods)
		memset(s->period_down_s, 0, s->nperiods * sizeof(*s->period_down_s));
	s->loss_native = 0;
	s->failovers = 0;
	s->double_signed = false;
}

enum event { EV_NODE, EV_RESTART, EV_SWITCH, EV_CM, EV_CM_END };

static void
trial(struct sim *s)
{
	const struct ha_params *p = s->p;
	double t = -s->warmup_s, tn;
	enum event ev;
	int i, who;
	bool up;

	trial_init(s);
	for (;;) {
		tn = NEVER;
		ev = EV_NODE;
		who = 0;
		for (i = 0; i < s->n; i++) {
			if (s->nd[i].until < tn) {
				tn = s->nd[i].until;
				ev = EV_NODE;
				who = i;
			}
			if (s->nd[i].next_maint < tn) {
				tn = s->nd[i].next_maint;
				ev = EV_RESTART;
				who = i;
			}
		}
		if (s->switch_at < tn) {
			tn = s->switch_at;
			ev = EV_SWITCH;
		}
		if (s->cm_next < tn) {
			tn = s->cm_next;
			ev = EV_CM;
		}
		if (s->cm_until > t && s->cm_until < tn) {
			tn = s->cm_until;
			ev = EV_CM_END;
		}
		if (tn >= s->horizon_s)
			break;
		t = tn;
		switch (ev) {
		case EV_NODE:
			if (p->design == HA_ACTIVE_PASSIVE)
				pair_node_event(s, who, t);
			else if (s->nd[who].up)
				node_fail(s, who, t);
			else
				node_back(s, who, t);
			break;
		case EV_RESTART:
			s->nd[who].next_maint += SECONDS_PER_YEAR / p->maint_per_year;
			if (p->design == HA_ACTIVE_PASSIVE)
				pair_restart(s, t);
			else if (s->nd[who].up)
				node_restart(s, who, t);
			break;
		case EV_SWITCH:
			pair_switch(s, t);
			break;
		case EV_CM:
			s->cm_until = fmax(s->cm_until, t + p->common_s);
			s->cm_next = t + gsl_ran_exponential(s->rng,
			    SECONDS_PER_YEAR / p->common_per_year);
			break;
		case EV_CM_END:
			break;
		}
		/* The key moves once the other node is up and the delay is over. */
		if (s->awaiting && s->switch_at == NEVER && s->nd[1 - s->holder].up)
			s->switch_at = fmax(t, s->act_at) + p->failover_s;
		up = validator_up(s, t);
		if (up != s->val_up) {
			if (up)
				outage(s, s->down_since, t);
			else
				s->down_since = t;
			s->val_up = up;
		}
	}
	if (!s->val_up)
		outage(s, s->down_since, s->horizon_s);
}

void
ha_simulate(const struct ha_params *p, const struct ha_mc_in *in, struct ha_mc *out)
{
	struct sim s;
	size_t nsamples = (size_t)in->trials * (size_t)in->months, k = 0;
	double *samples = xmalloc(nsamples * sizeof(*samples));
	double mean = 0, m2 = 0, downtime_loss_sum = 0, years, down, u;
	long tr, failovers = 0, slashed_trials = 0, above = 0, met = 0;
	bool loss_known = true;
	int m;

	memset(&s, 0, sizeof(s));
	s.p = p;
	s.in = in;
	s.n = ha_node_count(p);
	s.horizon_s = in->months * HA_MONTH_S;
	/* Ten repairs, a failover and a common-mode outage: settled. */
	s.warmup_s = 10 * (p->mttr_s + p->catchup_s) + act_s(p) + p->failover_s +
	    p->common_s;
	s.month_down_s = xcalloc((size_t)in->months, sizeof(*s.month_down_s));
	if (in->period_s > 0 && in->period_cost != NULL) {
		s.nperiods = (size_t)ceil(s.horizon_s / in->period_s);
		s.period_down_s = xcalloc(s.nperiods, sizeof(*s.period_down_s));
	}
	if ((s.rng = gsl_rng_alloc(gsl_rng_mt19937)) == NULL) {
		/* Only an allocation can fail: the out-of-memory rule applies. */
		diag_error(UC_EOSERR, "out of memory allocating a random number generator");
		exit(UC_EOSERR);
	}
	gsl_rng_set(s.rng, in->seed);
	years = s.horizon_s / SECONDS_PER_YEAR;
	for (tr = 0; tr < in->trials; tr++) {
		double loss, delta;

		trial(&s);
		if (s.nperiods) {
			size_t j;

			for (j = 0; j < s.nperiods; j++)
				s.period_down_s[j] /= in->period_s;
			s.loss_native = in->period_cost(in->cost_ctx, s.period_down_s,
			    s.nperiods);
		}
		for (m = 0, down = 0; m < in->months; m++) {
			down += s.month_down_s[m];
			u = 1 - s.month_down_s[m] / HA_MONTH_S;
			samples[k++] = u;
			met += u >= in->slo_frac;
		}
		/* Welford: the mean and spread of a trial's uptime. */
		u = 1 - down / s.horizon_s;
		delta = u - mean;
		mean += delta / (double)(tr + 1);
		m2 += delta * (u - mean);
		failovers += s.failovers;
		slashed_trials += s.double_signed;
		loss = s.loss_native + (s.double_signed ? in->slashing_native : 0);
		loss_known = loss_known && !isnan(loss);
		downtime_loss_sum += s.loss_native;
		above += loss > in->risk_above_native;
	}
	gsl_sort(samples, 1, nsamples);
	out->mean_frac = mean;
	out->trial_sd_frac = in->trials > 1 ? sqrt(m2 / (double)(in->trials - 1)) : NAN;
	out->p01_frac = gsl_stats_quantile_from_sorted_data(samples, 1, nsamples, 0.01);
	out->p05_frac = gsl_stats_quantile_from_sorted_data(samples, 1, nsamples, 0.05);
	out->p50_frac = gsl_stats_quantile_from_sorted_data(samples, 1, nsamples, 0.50);
	for (m = 0; m < HA_QUANTILES; m++)
		out->quantile_frac[m] = gsl_stats_quantile_from_sorted_data(samples, 1,
		    nsamples, (double)m / (HA_QUANTILES - 1));
	out->slo_met_frac = (double)met / (double)nsamples;
	out->downtime_loss_year_native = downtime_loss_sum / (double)in->trials / years;
	out->failovers_year = (double)failovers / (double)in->trials / years;
	out->double_sign_frac = (double)slashed_trials / (double)in->trials;
	out->loss_above_frac = loss_known && !isnan(in->risk_above_native) ?
	    (double)above / (double)in->trials : NAN;
	gsl_rng_free(s.rng);
	free(s.month_down_s);
	free(s.period_down_s);
	free(samples);
}
