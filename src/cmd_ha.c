/*
 * ha: what a redundancy design buys in uptime and risks in slashing.  One
 * design, or all three side by side: availability (analytic and
 * simulated), the spread of monthly uptime, the income lost to downtime,
 * the expected slashing loss, and the net per year on the chain's rules.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "diag.h"
#include "downtime.h"
#include "econ.h"
#include "ha.h"
#include "plot.h"
#include "slashing.h"
#include "util.h"

static const char usage[] =
    "ha (--design single|active-passive|dvt | --compare) [--mtbf DURATION]\n"
    "        [--mttr DURATION] [--maintenance N/month@DURATION]\n"
    "        [--catch-up DURATION] [--detect DURATION] [--failover DURATION]\n"
    "        [--manual] [--operator-response DURATION] [--double-sign-prob P]\n"
    "        [--nodes N] [--threshold K] [--common-mode N/year@DURATION]\n"
    "        [--risk-above N] [--slo PERCENT] [--horizon DURATION] [--trials N]\n"
    "        [--seed N] [--chain NAME] [--stake N] [--total-stake N] [--apr F]\n"
    "        [--period DURATION] [--uptime-requirement F]\n"
    "        [--credentials 0x01|0x02] [--price USD] [--exit-queue DURATION]\n"
    "        [--plot FILE] [--plot-script FILE] [--data FILE]\n"
    "        [--format table|csv|json]";
static const char help[] =
    "What a redundancy design buys in uptime and risks in slashing: the\n"
    "availability (analytic, and the spread of monthly uptime from a Monte\n"
    "Carlo simulation), the income lost to downtime, the expected slashing\n"
    "loss and the net per year.\n"
    "\n"
    "  --design single|active-passive|dvt\n"
    "                            one node; a standby that takes the key over; a\n"
    "                            k-of-n distributed validator (DVT) cluster\n"
    "  --compare                 all three designs on the same inputs, naming the\n"
    "                            best expected net and the lowest risk\n"
    "  --mtbf DURATION           a node's mean time between failures (default 90d)\n"
    "  --mttr DURATION           its mean time to repair, exponential (default 6h)\n"
    "  --maintenance N/month@DURATION  planned restarts of each node, such as\n"
    "                            client upgrades; also /week, /year (default 2/month@10m)\n"
    "  --catch-up DURATION       resync before attesting again after a repair or a\n"
    "                            restart (default 5m)\n"
    "  --detect DURATION         active-passive: failure detection (default 5m)\n"
    "  --failover DURATION       active-passive: moving the key (default 2m)\n"
    "  --manual                  active-passive: a person moves the key\n"
    "  --operator-response DURATION  with --manual: failure to the person acting\n"
    "                            (default 8h)\n"
    "  --double-sign-prob P      active-passive: chance that one unplanned failover\n"
    "                            ends with two nodes signing (default 0.01; 0.001\n"
    "                            with --manual)\n"
    "  --nodes N                 dvt: nodes in the cluster (default 4)\n"
    "  --threshold K             dvt: nodes that must be up to sign (default 3)\n"
    "  --common-mode N/year@DURATION  dvt: outages of the whole cluster, such as a\n"
    "                            client bug (default 1/year@4h)\n"
    "  --risk-above N            a loss above N native units over the horizon is a\n"
    "                            risk (default: 10 % of a year's income at 100 %)\n"
    "  --slo PERCENT             monthly uptime objective (default 99)\n"
    "  --horizon DURATION        time simulated, in whole months of 30.4375 days\n"
    "                            (default 1y)\n"
    "  --trials N                horizons simulated (default 10000)\n"
    "  --seed N                  random seed: the same seed gives the same output\n"
    "                            (default 1)\n"
    "  --chain NAME              chain from the network table (default ethereum)\n"
    "  --stake N                 the validator's stake in native units (default: the\n"
    "                            chain's minimum stake, 32 for Ethereum)\n"
    "  --total-stake N           total active stake in native units\n"
    "  --apr F                   reward rate at full uptime, 0.035 or 3.5%\n"
    "  --period DURATION         staking period for all-or-nothing rules\n"
    "  --uptime-requirement F    the uptime a period needs, for a rule the table\n"
    "                            cannot know yet, such as Avalanche's ACP-267 (0.9)\n"
    "  --credentials 0x01|0x02   Ethereum-family withdrawal credentials: 0x01 caps\n"
    "                            the effective balance at 32 (default: 0x02 above 32)\n"
    "  --price USD               price of one native unit: adds the net in USD\n"
    "  --exit-queue DURATION     Ethereum-family chains: the wait from a slashing\n"
    "                            to the exit (default: none); past 35 days on\n"
    "                            Ethereum it delays withdrawability and adds penalties\n"
    "  --plot FILE               the distribution of monthly uptime per design\n"
    "                            against the SLO as a chart (.svg, .png or .pdf, by\n"
    "                            gnuplot), each design's expected loss in its legend\n"
    "  --plot-script FILE        the chart's gnuplot script, data inline, to edit\n"
    CMD_COMMON_HELP;

/* No label: for programs only.  Labels are short: --compare's row per design. */
static const struct ocol cols[] = {
	{ "chain",			"chain",		OT_STR },
	{ "design",			"design",		OT_STR },
	{ "nodes",			"nodes",		OT_INT },
	{ "threshold",			"nodes needed to sign",	OT_INT },
	{ "availability_frac",		"availability",		OT_FRAC },
	{ "downtime_per_year_s",	"downtime/yr",		OT_SECONDS },
	{ "mc_mean_frac",		"simulated",		OT_FRAC },
	{ "mc_stderr_frac",		NULL,			OT_FRAC },
	{ "mc_p01_frac",		"month p1",		OT_FRAC },
	{ "mc_p05_frac",		"month p5",		OT_FRAC },
	{ "mc_p50_frac",		"month p50",		OT_FRAC },
	{ "slo_frac",			"SLO (a month)",	OT_FRAC },
	{ "slo_met_prob_frac",		"months >= SLO",	OT_FRAC },
	{ "failovers_per_year",		"failovers/yr",		OT_NUM },
	{ "double_sign_prob_frac",	"double sign/yr",	OT_FRAC },
	{ "reward_per_year_native",	"income/yr at 100 %",	OT_NATIVE },
	{ "downtime_loss_native",	"downtime loss/yr",	OT_NATIVE },
	{ "slashing_cost_native",	"one slashing costs",	OT_NATIVE },
	{ "slashing_loss_native",	"slashing loss/yr",	OT_NATIVE },
	{ "net_native",			"net/yr",		OT_NATIVE },
	{ "net_usd",			"net/yr (USD)",		OT_USD },
	{ "risk_above_native",		"risk threshold",	OT_NATIVE },
	{ "loss_above_prob_frac",	"P(loss > threshold)",	OT_FRAC },
	{ "trials",			NULL,			OT_INT },
	{ "horizon_months",		NULL,			OT_INT },
	{ "seed",			NULL,			OT_INT },
	/* --compare only: which design wins on each count */
	{ "best_net",			"best net",		OT_BOOL },
	{ "lowest_risk",		"lowest risk",		OT_BOOL },
};
#define NCOMPARE_ONLY	2

/* The same in every row of --compare, or in its notes: not in its table. */
static const char *const compare_hidden[] = {
	"chain", "threshold", "slo_frac", "reward_per_year_native",
	"slashing_cost_native", "risk_above_native",
};

#define MAX_TRIALS		10000000L
#define MAX_SAMPLES		10000000.0	/* trials x months: 80 MB of doubles */
#define MAX_EVENTS		200000000.0	/* some seconds of simulation */

struct run {
	const struct econ *e;
	struct ha_params p;
	struct ha_mc_in in;
	struct slashing sl;
	double	price_usd;
	bool	dsp_given;	/* --double-sign-prob, else by --manual */
	const char *plot_path, *script_path;	/* --plot, --plot-script */
};

/* One design's figures. */
struct result {
	struct ha_params p;
	struct ha_mc mc;
	double	avail_frac;
	double	double_sign_frac;	/* a year */
	double	downtime_loss_native;	/* a year */
	double	slashing_loss_native;	/* a year */
	double	net_native;
};

/* What the simulation prices outages with. */
struct pricing {
	const struct econ	*e;
	struct period_rule	 rule;
};

static double
outage_cost(void *ctx, double s)
{
	const struct pricing *pr = ctx;

	return downtime_cost_native(pr->e, s);
}

/* Periods judged on all their downtime: each period's share, by its rule. */
static double
period_cost(void *ctx, const double *offline_frac, size_t n)
{
	const struct pricing *pr = ctx;

	return periods_timeline(&pr->rule, offline_frac, n) *
	    downtime_period_reward_native(pr->e);
}

/* The design's parameters: r's, with the default double-sign chance. */
static struct ha_params
design_params(const struct run *r, enum ha_design d)
{
	struct ha_params p = r->p;

	p.design = d;
	if (!r->dsp_given)
		p.double_sign_prob = p.manual ? 0.001 : 0.01;
	return p;
}

static void
compute(const struct run *r, enum ha_design d, struct result *f)
{
	const struct econ *e = r->e;

	f->p = design_params(r, d);
	f->avail_frac = ha_availability(&f->p);
	f->double_sign_frac = ha_double_sign_year_prob(&f->p);
	ha_simulate(&f->p, &r->in, &f->mc);
	/* Where a second offline always costs the same, the analytic downtime
	   prices it exactly; jails and thresholds need each outage. */
	f->downtime_loss_native = downtime_cost_is_linear(e->c) ?
	    downtime_cost_native(e, (1 - f->avail_frac) * SECONDS_PER_YEAR) :
	    f->mc.downtime_loss_year_native;
	f->slashing_loss_native = f->double_sign_frac > 0 ?
	    f->double_sign_frac * r->sl.loss_native : 0;
	f->net_native = e->reward_year_native - f->downtime_loss_native -
	    f->slashing_loss_native;
}

static void
add_row(struct otable *t, const struct run *r, const struct result *f)
{
	const struct econ *e = r->e;
	const struct ha_params *p = &f->p;

	output_row(t);
	output_str(t, "chain", e->c->name);
	output_str(t, "design", ha_design_name(p->design));
	output_num(t, "nodes", ha_node_count(p));
	output_num(t, "threshold", p->design == HA_DVT ? p->threshold : 1);
	output_num(t, "availability_frac", f->avail_frac);
	output_num(t, "downtime_per_year_s", (1 - f->avail_frac) * SECONDS_PER_YEAR);
	output_num(t, "mc_mean_frac", f->mc.mean_frac);
	output_num(t, "mc_stderr_frac", f->mc.trial_sd_frac / sqrt((double)r->in.trials));
	output_num(t, "mc_p01_frac", f->mc.p01_frac);
	output_num(t, "mc_p05_frac", f->mc.p05_frac);
	output_num(t, "mc_p50_frac", f->mc.p50_frac);
	output_num(t, "slo_frac", r->in.slo_frac);
	output_num(t, "slo_met_prob_frac", f->mc.slo_met_frac);
	output_num(t, "failovers_per_year", ha_failovers_per_year(p));
	output_num(t, "double_sign_prob_frac", f->double_sign_frac);
	output_num(t, "reward_per_year_native", e->reward_year_native);
	output_num(t, "downtime_loss_native", f->downtime_loss_native);
	output_num(t, "slashing_cost_native", r->sl.loss_native);
	output_num(t, "slashing_loss_native", f->slashing_loss_native);
	output_num(t, "net_native", f->net_native);
	output_num(t, "net_usd", f->net_native * r->price_usd);
	output_num(t, "risk_above_native", r->in.risk_above_native);
	output_num(t, "loss_above_prob_frac", f->mc.loss_above_frac);
	output_num(t, "trials", (double)r->in.trials);
	output_num(t, "horizon_months", r->in.months);
	output_num(t, "seed", (double)r->in.seed);
}

static void
design_note(struct otable *t, const struct ha_params *p)
{
	switch (p->design) {
	case HA_SINGLE:
		output_note(t, "single: one node, one key: no failover and no double "
		    "sign; a planned restart takes the validator down for the restart "
		    "and the catch-up");
		break;
	case HA_ACTIVE_PASSIVE:
		output_note(t, "active-passive: after a failure the key moves %s, "
		    "unless the node is back first; each unplanned failover double-signs "
		    "with chance %g; a planned restart moves the key to the idle, "
		    "upgraded node (down for --failover) and, the old signer stopped "
		    "first, carries no double-sign risk", p->manual ? "when a person "
		    "acts (--operator-response + --failover)" : "after --detect + "
		    "--failover", p->double_sign_prob);
		break;
	case HA_DVT:
		output_note(t, "dvt: the cluster signs while %d of %d nodes are up; "
		    "nodes restart one at a time; no double sign: a slashable message "
		    "needs %d key shares, each node with its own slashing protection",
		    p->threshold, p->nodes, p->threshold);
		break;
	}
}

/* "0.155719 ETH", or "an unknown amount" where the table lacks a figure. */
static const char *
amount(const struct chain *c, double v, char *buf, size_t n)
{
	if (isnan(v))
		snprintf(buf, n, "an unknown amount");
	else
		snprintf(buf, n, "%.6f %s", v, c->currency);
	return buf;
}

static void
notes(struct otable *t, const struct run *r, const struct result *f, int n,
    bool compare)
{
	const struct econ *e = r->e;
	const struct chain *c = e->c;
	double uf = 1 - ha_node_availability(&r->p);
	char buf[64];
	int i;

	for (i = 0; i < n; i++)
		design_note(t, &f[i].p);
	if (downtime_cost_is_linear(c))
		output_note(t, "downtime loss: the analytic downtime priced at %s's "
		    "cost of a second offline (%s)", c->name, c->model == PM_ETH_BEACON ?
		    "each missed epoch's penalty and income, outside a leak" :
		    "rewards pro rata");
	else if (r->in.period_s > 0)
		output_note(t, "downtime loss: the simulated mean, each %s reward "
		    "period priced on all of its downtime by %s's rule: %s",
		    format_duration(r->in.period_s, buf, sizeof(buf)), c->name,
		    downtime_rule(c));
	else
		output_note(t, "downtime loss: the simulated mean, each outage priced "
		    "by %s's rule: %s", c->name, downtime_rule(c));
	output_note(t, "one slashing costs %s: %s", amount(c, r->sl.loss_native, buf,
	    sizeof(buf)), r->sl.rule);
	if (c->model == PM_ETH_BEACON)
		output_note(t, "a slashed validator pays missed-duty penalties for "
		    "%.0f epochs (%s) until withdrawable; an exit queue longer than "
		    "%d epochs adds to them (--exit-queue)", r->sl.out_s / c->epoch_s,
		    format_duration(r->sl.out_s, buf, sizeof(buf)),
		    ETH_EPOCHS_PER_SLASHINGS_VECTOR - ETH_MIN_VALIDATOR_WITHDRAWABILITY_DELAY);
	output_note(t, "simulated: %ld trials of %d months of 30.4375 days, seed %lu; "
	    "P(loss > threshold) is the chance of losing more than %s to downtime "
	    "and slashing in those %d months", r->in.trials, r->in.months,
	    r->in.seed, amount(c, r->in.risk_above_native, buf, sizeof(buf)),
	    r->in.months);
	if ((compare || r->p.design == HA_ACTIVE_PASSIVE) && uf > 0.025)
		output_note(t, "a node is down %.1f %% of the time: the analytic "
		    "figure of a pair is first order; the simulated mean is exact for "
		    "the model", 100 * uf);
	if (compare)
		output_note(t, "common-mode outages apply to dvt only (a single node's "
		    "or a pair's shared outages belong in --mtbf and --mttr); running "
		    "costs are not counted: the pair runs 2 nodes, the cluster %d",
		    r->p.nodes);
	if (isnan(e->reward_year_native))
		output_note(t, "the table has no reward rate for %s: give --apr to price "
		    "downtime and risk", c->name);
	if (e->stake_defaulted)
		output_note(t, "%s has no minimum stake: amounts are per 1 %s "
		    "(give --stake)", c->name, c->currency);
}

/*
 * The best expected net, and the lowest chance of a loss above the
 * threshold, ties going to the better net.  -1 where nothing is known.
 */
static void
winners(const struct result *f, int n, int *best, int *safest)
{
	int i;

	*best = *safest = -1;
	for (i = 0; i < n; i++) {
		if (!isnan(f[i].net_native) &&
		    (*best < 0 || f[i].net_native > f[*best].net_native))
			*best = i;
		if (!isnan(f[i].mc.loss_above_frac) && (*safest < 0 ||
		    f[i].mc.loss_above_frac < f[*safest].mc.loss_above_frac ||
		    (f[i].mc.loss_above_frac == f[*safest].mc.loss_above_frac &&
		    f[i].net_native > f[*safest].net_native)))
			*safest = i;
	}
}

/* Make column name machine-only in c. */
static void
hide(struct ocol *c, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(c[i].name, name) == 0)
			c[i].label = NULL;
}

/*
 * --plot and --plot-script: each design's distribution of monthly uptime
 * (the share of months at or below each uptime, from the simulation's
 * quantiles), the SLO marked, the expected loss per year in the legend.
 */
static int
plot(const struct run *r, const struct result *f, int n)
{
	static double share[HA_QUANTILES];
	double up[HA_NDESIGNS][HA_QUANTILES];
	const struct chain *c = r->e->c;
	struct plot_series s[HA_NDESIGNS];
	struct plot_mark mark;
	struct plot p;
	double lo;
	char name[HA_NDESIGNS][128], title[160], slo[32], amt[64];
	int i, j, rc = UC_OK;

	for (j = 0; j < HA_QUANTILES; j++)
		share[j] = 100.0 * j / (HA_QUANTILES - 1);
	for (i = 0; i < n; i++) {
		double loss = f[i].downtime_loss_native + f[i].slashing_loss_native;

		for (j = 0; j < HA_QUANTILES; j++)
			up[i][j] = 100 * f[i].mc.quantile_frac[j];
		if (f[i].p.design == HA_DVT)
			snprintf(name[i], sizeof(name[i]), "dvt %d of %d", f[i].p.threshold,
			    f[i].p.nodes);
		else
			snprintf(name[i], sizeof(name[i]), "%s", ha_design_name(f[i].p.design));
		snprintf(name[i] + strlen(name[i]), sizeof(name[i]) - strlen(name[i]),
		    ": expected loss %s/yr", amount(c, loss, amt, sizeof(amt)));
		s[i] = (struct plot_series){ .name = name[i], .x = up[i], .y = share,
		    .n = HA_QUANTILES, .steps = true };
	}
	/* From the worst design's 1st percentile: the tail below is a line. */
	lo = 100 * r->in.slo_frac;
	for (i = 0; i < n; i++)
		if (100 * f[i].mc.p01_frac < lo)
			lo = 100 * f[i].mc.p01_frac;
	snprintf(slo, sizeof(slo), "SLO %g %%", 100 * r->in.slo_frac);
	mark = (struct plot_mark){ 100 * r->in.slo_frac, slo };
	snprintf(title, sizeof(title), "%s: monthly uptime, %ld trials of %d months",
	    c->name, r->in.trials, r->in.months);
	p = (struct plot){ .title = title, .xlabel = "uptime in a month (%)",
	    .ylabel = "months at or below it (%)", .series = s, .nseries = (size_t)n,
	    .marks = &mark, .nmarks = 1, .xfixed = true, .xlo = floor(lo - 0.5),
	    .xhi = 100, .yfixed = true, .ylo = 0, .yhi = 100 };
	rc = plot_output(&p, r->plot_path, r->script_path);
	return rc;
}

static int
report(const struct run *r, bool compare, enum ofmt fmt)
{
	struct ocol shown[NELEM(cols)];
	struct result f[HA_NDESIGNS];
	struct otable t;
	char buf[64];
	size_t j;
	int n = 0, i, best = -1, safest = -1, rc;
	enum ha_design d;

	for (d = HA_SINGLE; d < HA_NDESIGNS; d++)
		if (compare || d == r->p.design)
			compute(r, d, &f[n++]);
	if ((r->plot_path || r->script_path) && (rc = plot(r, f, n)) != UC_OK)
		return rc;
	memcpy(shown, cols, sizeof(cols));
	for (j = 0; compare && j < NELEM(compare_hidden); j++)
		hide(shown, NELEM(shown), compare_hidden[j]);
	if (isnan(r->price_usd))
		hide(shown, NELEM(shown), "net_usd");
	output_init(&t, shown, NELEM(cols) - (compare ? 0 : NCOMPARE_ONLY), !compare);
	cmd_output_currency(&t, r->e->c);
	if (compare)
		winners(f, n, &best, &safest);
	for (i = 0; i < n; i++) {
		add_row(&t, r, &f[i]);
		if (compare) {
			output_bool(&t, "best_net", i == best);
			output_bool(&t, "lowest_risk", i == safest);
		}
	}
	notes(&t, r, f, n, compare);
	cmd_note_credentials(&t, r->e);
	cmd_note_caveat(&t, r->e->c);
	if (compare)
		output_note(&t, "best expected net per year: %s; lowest chance of a loss "
		    "above %s: %s", best < 0 ? "unknown" :
		    ha_design_name(f[best].p.design), amount(r->e->c,
		    r->in.risk_above_native, buf, sizeof(buf)), safest < 0 ? "unknown" :
		    ha_design_name(f[safest].p.design));
	rc = output_print(&t, fmt, stdout);
	output_release(&t);
	return rc;
}

/* The options as given, before validate() checks them against each other. */
struct opts {
	struct run	 r;		/* what they set directly */
	struct econ_in	 in;
	bool		 compare, design_given, detect_given, operator_given;
	const char	*ap_opt;	/* the last option of active-passive only */
	const char	*dvt_opt;	/* the last option of dvt only */
	double		 risk_above;	/* NAN: a tenth of a year's income */
	double		 exit_queue_s;	/* --exit-queue: slashing to exit */
	bool		 exit_queue_given;
};

/* Read the options into o; the defaults are the help text's. */
static int
parse(struct cmd_common *co, int argc, char **argv, struct opts *o)
{
	static const struct option opts[] = {
		{ "design",            required_argument, NULL, 'd' },
		{ "compare",           no_argument,       NULL, 'C' },
		{ "mtbf",              required_argument, NULL, 'B' },
		{ "mttr",              required_argument, NULL, 'R' },
		{ "maintenance",       required_argument, NULL, 'M' },
		{ "catch-up",          required_argument, NULL, 'u' },
		{ "detect",            required_argument, NULL, 'e' },
		{ "failover",          required_argument, NULL, 'F' },
		{ "manual",            no_argument,       NULL, 'm' },
		{ "operator-response", required_argument, NULL, 'O' },
		{ "double-sign-prob",  required_argument, NULL, 'x' },
		{ "nodes",             required_argument, NULL, 'n' },
		{ "threshold",         required_argument, NULL, 'k' },
		{ "common-mode",       required_argument, NULL, 'X' },
		{ "risk-above",        required_argument, NULL, 'r' },
		{ "slo",               required_argument, NULL, 'S' },
		{ "horizon",           required_argument, NULL, 'H' },
		{ "trials",            required_argument, NULL, 't' },
		{ "seed",              required_argument, NULL, 'z' },
		{ "price",             required_argument, NULL, 'P' },
		{ "exit-queue",        required_argument, NULL, 'Q' },
		{ "plot",              required_argument, NULL, 'G' },
		{ "plot-script",       required_argument, NULL, 'g' },
		CMD_ECON_OPTS,
		CMD_COMMON_OPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct ha_params *p = &o->r.p;
	double slo_pct = 99, horizon_s = SECONDS_PER_YEAR;
	uint64_t trials = 10000, seed = 1, nodes = 4, threshold = 3;
	int ch, rc = UC_OK;

	memset(o, 0, sizeof(*o));
	o->in = (struct econ_in){ NULL, NAN, NAN, NAN, NAN, 0 };
	o->r.price_usd = NAN;
	o->risk_above = NAN;
	*p = (struct ha_params){ .mtbf_s = 90 * SECONDS_PER_DAY, .mttr_s = 6 * 3600,
	    .catchup_s = 300, .maint_per_year = 24, .maint_s = 600,
	    .detect_s = 300, .operator_s = 8 * 3600, .failover_s = 120,
	    .common_per_year = 1, .common_s = 4 * 3600 };
	while (rc == UC_OK && (ch = cmd_getopt(co, argc, argv, opts)) != -1) {
		switch (ch) {
		case 'd':
			o->design_given = true;
			if (!ha_design_parse(optarg, &p->design))
				rc = cmd_usage_error(co, "--design: '%s' is not single, "
				    "active-passive or dvt", optarg);
			break;
		case 'C': o->compare = true; break;
		case 'G': rc = opt_plot(co, optarg, &o->r.plot_path); break;
		case 'g': o->r.script_path = optarg; break;
		case 'B': rc = opt_positive_duration(co, "--mtbf", optarg, &p->mtbf_s); break;
		case 'R': rc = opt_positive_duration(co, "--mttr", optarg, &p->mttr_s); break;
		case 'M':
			rc = opt_events(co, "--maintenance", optarg, &p->maint_per_year,
			    &p->maint_s);
			break;
		case 'u': rc = opt_duration(co, "--catch-up", optarg, &p->catchup_s); break;
		case 'e':
			o->ap_opt = "--detect";
			o->detect_given = true;
			rc = opt_duration(co, "--detect", optarg, &p->detect_s);
			break;
		case 'F':
			o->ap_opt = "--failover";
			rc = opt_duration(co, "--failover", optarg, &p->failover_s);
			break;
		case 'm': o->ap_opt = "--manual"; p->manual = true; break;
		case 'O':
			o->ap_opt = "--operator-response";
			o->operator_given = true;
			rc = opt_duration(co, "--operator-response", optarg, &p->operator_s);
			break;
		case 'x':
			o->ap_opt = "--double-sign-prob";
			o->r.dsp_given = true;
			rc = opt_prob(co, "--double-sign-prob", optarg, &p->double_sign_prob);
			break;
		case 'n':
			o->dvt_opt = "--nodes";
			rc = opt_count(co, "--nodes", optarg, 1, HA_MAX_NODES, &nodes);
			break;
		case 'k':
			o->dvt_opt = "--threshold";
			rc = opt_count(co, "--threshold", optarg, 1, HA_MAX_NODES, &threshold);
			break;
		case 'X':
			o->dvt_opt = "--common-mode";
			rc = opt_events(co, "--common-mode", optarg, &p->common_per_year,
			    &p->common_s);
			break;
		case 'r': rc = opt_amount(co, "--risk-above", optarg, 1e15, &o->risk_above); break;
		case 'S': rc = opt_slo(co, optarg, &slo_pct); break;
		case 'H': rc = opt_duration(co, "--horizon", optarg, &horizon_s); break;
		case 't': rc = opt_count(co, "--trials", optarg, 1, MAX_TRIALS, &trials); break;
		case 'z': rc = opt_count(co, "--seed", optarg, 0, 4294967295ULL, &seed); break;
		case 'P': rc = opt_amount(co, "--price", optarg, 1e9, &o->r.price_usd); break;
		case 'Q':
			rc = opt_duration(co, "--exit-queue", optarg, &o->exit_queue_s);
			/* Ethereum's longest queue so far was weeks; years are a typo. */
			if (rc == UC_OK && o->exit_queue_s > 2 * SECONDS_PER_YEAR)
				rc = cmd_usage_error(co, "--exit-queue: '%s' is longer than "
				    "2 years", optarg);
			o->exit_queue_given = true;
			break;
		default:
			rc = cmd_shared_opt(co, ch, optarg, argv, &o->in);
		}
	}
	if (rc != UC_OK || co->help_shown)
		return rc;
	p->nodes = (int)nodes;
	p->threshold = (int)threshold;
	o->r.in.trials = (long)trials;
	o->r.in.seed = (unsigned long)seed;
	o->r.in.slo_frac = slo_pct / 100;
	/* The simulation records whole months. */
	o->r.in.months = (int)floor(horizon_s / HA_MONTH_S + 0.5);
	if (optind < argc)
		return cmd_usage_error(co, "unexpected argument '%s'", argv[optind]);
	return UC_OK;
}

/* The options against each other, and the simulation's size. */
static int
validate(const struct cmd_common *co, const struct opts *o)
{
	const struct ha_params *p = &o->r.p;
	const struct ha_mc_in *in = &o->r.in;
	struct ha_params worst = *p;

	if (!o->compare && !o->design_given)
		return cmd_usage_error(co, "--design single|active-passive|dvt or "
		    "--compare is required");
	if (o->compare && o->design_given)
		return cmd_usage_error(co, "--compare runs every design: leave --design "
		    "out");
	if (!o->compare && o->ap_opt && p->design != HA_ACTIVE_PASSIVE)
		return cmd_usage_error(co, "%s applies to --design active-passive",
		    o->ap_opt);
	if (!o->compare && o->dvt_opt && p->design != HA_DVT)
		return cmd_usage_error(co, "%s applies to --design dvt", o->dvt_opt);
	if (o->operator_given && !p->manual)
		return cmd_usage_error(co, "--operator-response needs --manual");
	if (o->detect_given && p->manual)
		return cmd_usage_error(co, "--detect is for automatic failover; with "
		    "--manual the outage runs to --operator-response");
	if (p->threshold > p->nodes)
		return cmd_usage_error(co, "--threshold %d is above --nodes %d",
		    p->threshold, p->nodes);
	if (p->maint_per_year * (p->maint_s + p->catchup_s) *
	    (o->compare || p->design == HA_DVT ? p->nodes : 1) >= SECONDS_PER_YEAR)
		return cmd_usage_error(co, "--maintenance: restarts of each node in "
		    "turn, with the catch-up, leave no time between them");
	if (in->months < 1)
		return cmd_usage_error(co, "--horizon must be at least half a month: "
		    "the simulation records months of 30.4375 days");
	if ((double)in->trials * in->months > MAX_SAMPLES)
		return cmd_usage_error(co, "--trials x months of --horizon is above "
		    "%.0f: fewer trials or a shorter horizon", MAX_SAMPLES);
	if (o->compare)
		worst.design = HA_DVT;		/* the most nodes */
	if ((double)in->trials * ha_events_per_trial(&worst, in->months * HA_MONTH_S) >
	    MAX_EVENTS)
		return cmd_usage_error(co, "the simulation would take over %.0f million "
		    "events: fewer --trials, a shorter --horizon or a longer --mtbf",
		    MAX_EVENTS / 1e6);
	return UC_OK;
}

int
cmd_ha(int argc, char **argv, const struct uc_opts *g)
{
	struct cmd_common co;
	struct opts o;
	struct run *r = &o.r;
	struct econ e;
	struct pricing pr;
	int rc;

	cmd_common_init(&co, "ha", usage, help, g);
	if ((rc = parse(&co, argc, argv, &o)) != UC_OK || co.help_shown)
		goto out;
	if ((rc = validate(&co, &o)) != UC_OK)
		goto out;
	if ((rc = cmd_load(&co, g, &o.in.c)) != UC_OK)
		goto out;
	if ((rc = econ_init(&e, &o.in)) != UC_OK)
		goto out;
	r->e = &e;
	if (o.exit_queue_given && e.c->model != PM_ETH_BEACON) {
		rc = cmd_usage_error(&co, "--exit-queue: %s has no exit queue "
		    "(Ethereum-family chains only)", e.c->name);
		goto out;
	}
	slashing_cost(&e, o.exit_queue_s, &r->sl);
	pr.e = &e;
	r->in.outage_cost = outage_cost;
	r->in.cost_ctx = &pr;
	if (downtime_period_rule(&e, &pr.rule)) {
		r->in.period_s = e.period_s;
		r->in.period_cost = period_cost;
	}
	r->in.slashing_native = r->sl.loss_native;
	r->in.risk_above_native = !isnan(o.risk_above) ? o.risk_above :
	    0.1 * e.reward_year_native;
	rc = report(r, o.compare, co.fmt);
out:
	cmd_common_release(&co);
	return rc;
}
