/*
 * penalty: what a stretch of downtime costs.  Ethereum-family chains are
 * simulated epoch by epoch with the consensus rules (ethmodel.c); other
 * chains apply their rule from the network table (downtime.c).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cmd.h"
#include "diag.h"
#include "downtime.h"
#include "econ.h"
#include "plot.h"
#include "spark.h"
#include "util.h"

static const char usage[] =
    "penalty --offline DURATION [--leak] [--series] [--plot FILE]\n"
    "        [--plot-script FILE] [--chain NAME] [--stake N]\n"
    "        [--total-stake N] [--apr F] [--period DURATION]\n"
    "        [--uptime-requirement F]\n"
    "        [--credentials 0x01|0x02] [--data FILE]\n"
    "        [--format table|csv|json]";
static const char help[] =
    "What one continuous outage costs: the balance lost, the income missed,\n"
    "and whether the validator is ejected, jailed or kicked out.\n"
    "\n"
    "  --offline DURATION        length of the outage: 90m, 4.5d, 2w (s m h d w y);\n"
    "                            Ethereum-family chains count whole epochs (rounded down)\n"
    "  --leak                    the chain is not finalising for the whole stretch\n"
    "                            (inactivity leak; Ethereum-family chains)\n"
    "  --plot FILE               the balance path as a chart (.svg, .png or .pdf,\n"
    "                            by gnuplot), ejection marked\n"
    "  --plot-script FILE        the chart's gnuplot script, data inline, to edit\n"
    "  --series                  print the per-epoch path instead (epoch, balance,\n"
    "                            effective balance, inactivity score); CSV unless --format\n"
    "  --chain NAME              chain from the network table (default ethereum)\n"
    "  --stake N                 the validator's balance in native units (default: the\n"
    "                            chain's minimum stake, 32 for Ethereum)\n"
    "  --total-stake N           total active stake in native units (default: the\n"
    "                            table's dated typical figure)\n"
    "  --apr F                   reward rate at full uptime, 0.035 or 3.5% (default:\n"
    "                            the table's; not on Ethereum-family chains, whose\n"
    "                            rewards follow from --total-stake)\n"
    "  --period DURATION         staking period for all-or-nothing rules (default: the\n"
    "                            table's, 2w for Avalanche)\n"
    "  --uptime-requirement F    the uptime a period needs, for a rule the table\n"
    "                            cannot know yet, such as Avalanche's ACP-267 (0.9)\n"
    "  --credentials 0x01|0x02   Ethereum-family withdrawal credentials: 0x01 caps\n"
    "                            the effective balance at 32 (default: 0x02 above 32)\n"
    CMD_COMMON_HELP;

static const struct ocol eth_cols[] = {
	{ "chain",			"chain",			OT_STR },
	{ "offline_s",			"offline",			OT_SECONDS },
	{ "epochs_offline",		"epochs offline",		OT_INT },
	{ "leak",			"inactivity leak",		OT_BOOL },
	{ "start_balance_gwei",		"balance before",		OT_GWEI },
	{ "loss_gwei",			"balance lost",			OT_GWEI },
	{ "loss_native",		NULL,	OT_NATIVE },
	{ "loss_frac",			"balance lost (share)",		OT_FRAC },
	{ "attestation_penalty_gwei",	"  source/target penalties",	OT_GWEI },
	{ "inactivity_penalty_gwei",	"  inactivity penalties",	OT_GWEI },
	{ "final_balance_gwei",		"balance after",		OT_GWEI },
	{ "final_effective_balance_gwei", "effective balance after",	OT_GWEI },
	{ "final_inactivity_score",	"inactivity score after",	OT_INT },
	{ "ejected",			"ejected",			OT_BOOL },
	{ "ejection_epochs",		"ejection initiated after (epochs)", OT_INT },
	{ "ejection_s",			"ejection initiated after",	OT_SECONDS },
	{ "missed_income_gwei",		"income missed vs. online",	OT_GWEI },
	{ "expected_sync_penalty_gwei",	"expected sync-committee penalty", OT_GWEI },
	{ "total_cost_native",		"total cost vs. online",	OT_NATIVE },
	{ "recovery_s",			"online time to earn loss back", OT_SECONDS },
	{ "recovery_epochs",		NULL, OT_NUM },
};

static const struct ocol rule_cols[] = {
	{ "chain",			"chain",			OT_STR },
	{ "model",			"penalty model",		OT_STR },
	{ "offline_s",			"offline",			OT_SECONDS },
	{ "epochs_offline",		"whole reward periods offline",	OT_INT },
	{ "blocks_missed",		"blocks missed",		OT_INT },
	{ "stake_native",		"stake",			OT_NATIVE },
	{ "loss_native",		"loss",				OT_NATIVE },
	{ "loss_frac",			"loss (share of stake)",	OT_FRAC },
	{ "slash_native",		"slashed",			OT_NATIVE },
	{ "rewards_lost_native",	"rewards lost (worst start)",	OT_NATIVE },
	{ "rewards_lost_best_native",	"rewards lost (best start)",	OT_NATIVE },
	{ "rewards_lost_mean_native",	"rewards lost (expected)",	OT_NATIVE },
	{ "out_periods",		"periods out of the set after",	OT_INT },
	{ "ejected",			"jailed / kicked out / forfeited", OT_BOOL },
	{ "penalty_after_s",		"penalty after an outage of",	OT_SECONDS },
	{ "jailed_s",			"time jailed",			OT_SECONDS },
	{ "rule",			"rule",				OT_STR },
};

static const struct ocol series_cols[] = {
	{ "epoch",			"epoch",			OT_INT },
	{ "balance_gwei",		"balance",			OT_GWEI },
	{ "effective_balance_gwei",	"effective balance",		OT_GWEI },
	{ "inactivity_score",		"inactivity score",		OT_INT },
	{ "active",			"active",			OT_BOOL },
};

struct series {
	struct otable	*t;
	enum ofmt	 fmt;
};

static void
series_row(void *ctx, const struct eth_epoch *e)
{
	struct series *s = ctx;

	output_row(s->t);
	output_u64(s->t, "epoch", e->epoch);
	output_u64(s->t, "balance_gwei", e->balance_gwei);
	output_u64(s->t, "effective_balance_gwei", e->eb_gwei);
	output_u64(s->t, "inactivity_score", e->inactivity_score);
	output_bool(s->t, "active", e->active);
	/* Flush in batches: memory stays flat over a century of epochs. */
	if (s->t->nrows == 4096)
		output_stream_rows(s->t, s->fmt, stdout);
}

static int
eth_series(const struct econ *e, uint64_t epochs, bool leak, enum ofmt fmt)
{
	struct otable t;
	struct series s = { &t, fmt };
	struct eth_outage o;

	output_init(&t, series_cols, NELEM(series_cols), false);
	cmd_output_currency(&t, e->c);
	output_stream_begin(&t, fmt, stdout);
	ethmodel_outage(&e->eth, e->balance_gwei, epochs, leak, series_row, &s, &o);
	output_stream_end(&t, fmt, stdout);
	output_release(&t);
	return ferror(stdout) ? UC_EIO : UC_OK;
}

/* Points a chart holds: a year of epochs and then some. */
#define PLOT_MAX_EPOCHS	200000

/* The balance path as a chart's series: days, native units. */
struct path {
	double	*day, *bal, *eb, *score;
	size_t	 n;
	double	 epoch_s, gwei_per_native;
};

static void
path_row(void *ctx, const struct eth_epoch *e)
{
	struct path *p = ctx;

	p->day[p->n] = (double)e->epoch * p->epoch_s / 86400;
	p->bal[p->n] = (double)e->balance_gwei / p->gwei_per_native;
	p->eb[p->n] = (double)e->eb_gwei / p->gwei_per_native;
	p->score[p->n] = (double)e->inactivity_score;
	p->n++;
}

/*
 * --plot and --plot-script: the balance and effective balance over the
 * outage, the ejection marked, the inactivity score on a second axis in a
 * leak.  The points are the rows --series prints.
 */
static int
eth_plot(const struct econ *e, uint64_t epochs, bool leak, const char *plot_path,
    const char *script_path)
{
	struct path p = { .epoch_s = e->c->epoch_s, .gwei_per_native = e->c->gwei_per_native };
	struct plot_series s[3];
	struct plot_mark mark;
	struct eth_outage o;
	struct plot pl;
	char title[160], ylabel[64], when[40], what[96];
	int rc = UC_OK;

	if (epochs > PLOT_MAX_EPOCHS)
		return diag_error(UC_EUSAGE, "--plot: at most %d epochs (the outage "
		    "has %llu)", PLOT_MAX_EPOCHS, (unsigned long long)epochs);
	p.day = xcalloc(epochs + 2, sizeof(double));
	p.bal = xcalloc(epochs + 2, sizeof(double));
	p.eb = xcalloc(epochs + 2, sizeof(double));
	p.score = xcalloc(epochs + 2, sizeof(double));
	ethmodel_outage(&e->eth, e->balance_gwei, epochs, leak, path_row, &p, &o);
	snprintf(title, sizeof(title), "%s: %g %s offline%s", e->c->name, e->stake_native,
	    e->c->currency, leak ? ", in an inactivity leak" : "");
	snprintf(ylabel, sizeof(ylabel), "balance (%s)", e->c->currency);
	s[0] = (struct plot_series){ .name = "balance", .x = p.day, .y = p.bal,
	    .n = p.n };
	s[1] = (struct plot_series){ .name = "effective balance", .x = p.day,
	    .y = p.eb, .n = p.n, .steps = true };
	s[2] = (struct plot_series){ .name = "inactivity score", .x = p.day,
	    .y = p.score, .n = p.n, .y2 = true };
	pl = (struct plot){ .title = title, .xlabel = "days offline", .ylabel = ylabel,
	    .y2label = leak ? "inactivity score" : NULL, .series = s,
	    .nseries = leak ? 3 : 2 };
	if (o.ejected) {
		format_duration((double)o.ejection_epochs * e->c->epoch_s, when, sizeof(when));
		snprintf(what, sizeof(what), "ejected after %s", when);
		mark = (struct plot_mark){ (double)o.ejection_epochs * e->c->epoch_s / 86400,
		    what };
		pl.marks = &mark;
		pl.nmarks = 1;
	}
	rc = plot_output(&pl, plot_path, script_path);
	free(p.day);
	free(p.bal);
	free(p.eb);
	free(p.score);
	return rc;
}

/* The terminal's sparkline of the balance: points across the outage. */
#define SPARK_POINTS	60

struct spark_path {
	uint64_t epochs;
	size_t	 n;			/* points: SPARK_POINTS, or epochs + 1 */
	double	 bal[SPARK_POINTS];	/* the first balance in each point's span */
	double	 gwei_per_native;
};

static void
spark_row(void *ctx, const struct eth_epoch *e)
{
	struct spark_path *p = ctx;
	size_t k = (size_t)((unsigned __int128)e->epoch * (p->n - 1) / p->epochs);

	/* The first of each span: the start, and at the end the final balance. */
	if (k < p->n && isnan(p->bal[k]))
		p->bal[k] = (double)e->balance_gwei / p->gwei_per_native;
}

/* "balance over 30d: 32.000000 ETH █▇▆▅… 16.720051 ETH (-47.7 %)". */
static void
spark_print(const struct spark_path *p, const struct chain *c, double offline_s)
{
	char line[3 * SPARK_POINTS + 1], d[32];
	double lo = INFINITY, hi = -INFINITY;
	size_t i;

	for (i = 0; i < p->n; i++)
		if (!isnan(p->bal[i])) {
			lo = fmin(lo, p->bal[i]);
			hi = fmax(hi, p->bal[i]);
		}
	spark_line(line, sizeof(line), p->bal, p->n, lo, hi, spark_utf8());
	/* The line spans lowest to highest, however close: the change says how far. */
	printf("\nbalance over %s: %.6f %s %s %.6f %s (%+.3g %%)\n", format_duration(offline_s,
	    d, sizeof(d)), p->bal[0], c->currency, line, p->bal[p->n - 1], c->currency,
	    100 * (p->bal[p->n - 1] - p->bal[0]) / p->bal[0]);
}

static int
eth_penalty(const struct econ *e, double offline_s, bool leak, enum ofmt fmt)
{
	const struct chain *c = e->c;
	uint64_t epochs = (uint64_t)floor(offline_s / c->epoch_s);
	/* The balance path as a sparkline, for a person at a terminal. */
	bool spark = fmt == OFMT_TABLE && epochs > 0 && isatty(STDOUT_FILENO);
	struct spark_path sp = { .epochs = epochs, .n = epochs + 1 < SPARK_POINTS ?
	    (size_t)epochs + 1 : SPARK_POINTS, .gwei_per_native = c->gwei_per_native };
	struct eth_outage o;
	struct otable t;
	size_t i;
	int rc;

	for (i = 0; i < SPARK_POINTS; i++)
		sp.bal[i] = NAN;
	ethmodel_outage(&e->eth, e->balance_gwei, epochs, leak, spark ? spark_row : NULL,
	    &sp, &o);
	output_init(&t, eth_cols, NELEM(eth_cols), true);
	cmd_output_currency(&t, c);
	output_row(&t);
	output_str(&t, "chain", c->name);
	output_num(&t, "offline_s", offline_s);
	output_u64(&t, "epochs_offline", epochs);
	output_bool(&t, "leak", leak);
	output_u64(&t, "start_balance_gwei", o.start_balance_gwei);
	output_u64(&t, "loss_gwei", o.loss_gwei);
	output_num(&t, "loss_native", o.loss_gwei / c->gwei_per_native);
	output_num(&t, "loss_frac", (double)o.loss_gwei / o.start_balance_gwei);
	output_u64(&t, "attestation_penalty_gwei", o.attestation_penalty_gwei);
	output_u64(&t, "inactivity_penalty_gwei", o.inactivity_penalty_gwei);
	output_u64(&t, "final_balance_gwei", o.final_balance_gwei);
	output_u64(&t, "final_effective_balance_gwei", o.final_eb_gwei);
	output_u64(&t, "final_inactivity_score", o.final_inactivity_score);
	output_bool(&t, "ejected", o.ejected);
	if (o.ejected) {
		output_u64(&t, "ejection_epochs", o.ejection_epochs);
		output_num(&t, "ejection_s", o.ejection_epochs * c->epoch_s);
	}
	output_u64(&t, "missed_income_gwei", (uint64_t)llround(o.missed_income_gwei));
	output_u64(&t, "expected_sync_penalty_gwei",
	    (uint64_t)llround(o.expected_sync_penalty_gwei));
	/* As breakeven counts an epoch offline: its seat's expected penalty too. */
	output_num(&t, "total_cost_native", (o.loss_gwei + o.missed_income_gwei +
	    o.expected_sync_penalty_gwei) / c->gwei_per_native);
	output_num(&t, "recovery_epochs", o.recovery_epochs);
	output_num(&t, "recovery_s", o.recovery_epochs * c->epoch_s);
	if (epochs == 0)
		output_note(&t, "an outage shorter than one epoch (%gs) misses at most "
		    "one attestation", c->epoch_s);
	if (!leak)
		output_note(&t, "outside an inactivity leak the inactivity score stays "
		    "0: the cost is the source and target penalty of each missed epoch");
	if (o.ejected)
		output_note(&t, "the effective balance fell to the %g %s ejection "
		    "balance: the exit is initiated, and penalties stop once it takes "
		    "effect %d epochs later (longer if the exit queue is full)",
		    c->ejection_balance_gwei / c->gwei_per_native, c->currency,
		    1 + ETH_MAX_SEED_LOOKAHEAD);
	output_note(&t, "base reward from a total active stake of %.0f %s; the "
	    "balance path assumes no sync-committee seat, the total cost counts "
	    "a seat's expected penalty", e->total_stake_native, c->currency);
	cmd_note_credentials(&t, e);
	cmd_note_caveat(&t, c);
	rc = output_print(&t, fmt, stdout);
	output_release(&t);
	if (rc == UC_OK && spark)
		spark_print(&sp, c, offline_s);
	return rc;
}

static int
rule_penalty(const struct econ *e, double offline_s, bool leak, enum ofmt fmt)
{
	const struct chain *c = e->c;
	struct outage o;
	struct otable t;
	int rc;

	downtime_outage(e, offline_s, &o);
	output_init(&t, rule_cols, NELEM(rule_cols), true);
	cmd_output_currency(&t, c);
	output_row(&t);
	output_str(&t, "chain", c->name);
	output_str(&t, "model", c->penalty_model_name);
	output_num(&t, "offline_s", offline_s);
	output_num(&t, "epochs_offline", o.periods_offline);
	output_num(&t, "blocks_missed", o.blocks_missed);
	output_num(&t, "stake_native", e->stake_native);
	output_num(&t, "loss_native", o.loss_native);
	output_num(&t, "loss_frac", o.loss_frac);
	output_num(&t, "slash_native", o.slash_native);
	output_num(&t, "rewards_lost_native", o.rewards_lost_native);
	output_num(&t, "rewards_lost_best_native", o.rewards_lost_best_native);
	output_num(&t, "rewards_lost_mean_native", o.rewards_lost_mean_native);
	output_num(&t, "out_periods", o.out_periods);
	output_bool(&t, "ejected", o.penalised);
	output_num(&t, "penalty_after_s", o.penalty_after_s);
	output_num(&t, "jailed_s", o.penalised && c->model == PM_JAIL_WINDOW ?
	    o.jailed_s : NAN);
	output_str(&t, "rule", o.rule);
	if (o.rewards_lost_best_native < o.rewards_lost_native * (1 - 1e-9)) {
		char p[32];

		format_duration(e->period_s, p, sizeof(p));
		output_note(&t, "%s's rule looks at each %s period on its own: the "
		    "cost depends on where the outage starts (expected: over a "
		    "start anywhere in a period)", c->name, p);
	}
	if (econ_rate_by_duration(c))
		cmd_note_rate_by_duration(&t, e);
	if (leak)
		output_note(&t, "--leak applies to Ethereum-family chains only; %s has "
		    "no inactivity leak", c->name);
	if (c->model != PM_JAIL_WINDOW && o.slash_native == 0)
		output_note(&t, "%s has no downtime penalty on the stake: only rewards "
		    "are lost", c->name);
	if (c->model == PM_JAIL_WINDOW && c->downtime_slash_frac == 0)
		output_note(&t, "%s does not slash for downtime (slash fraction 0); "
		    "jailing costs the rewards while out of the set", c->name);
	if (isnan(e->reward_year_native))
		output_note(&t, "the table has no reward rate for %s: give --apr to "
		    "count lost rewards", c->name);
	if (e->stake_defaulted)
		output_note(&t, "%s has no minimum stake: amounts are per 1 %s "
		    "(give --stake)", c->name, c->currency);
	cmd_note_caveat(&t, c);
	rc = output_print(&t, fmt, stdout);
	output_release(&t);
	return rc;
}

int
cmd_penalty(int argc, char **argv, const struct uc_opts *g)
{
	static const struct option opts[] = {
		{ "offline",     required_argument, NULL, 'o' },
		{ "leak",        no_argument,       NULL, 'l' },
		{ "series",      no_argument,       NULL, 'S' },
		{ "plot",        required_argument, NULL, 'G' },
		{ "plot-script", required_argument, NULL, 'R' },
		CMD_ECON_OPTS,
		CMD_COMMON_OPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct econ_in in = { NULL, NAN, NAN, NAN, NAN, 0 };
	struct cmd_common co;
	struct econ e;
	double offline_s = NAN;
	bool leak = false, series = false;
	const char *plot_path = NULL, *script_path = NULL;
	int ch, rc = UC_OK;

	cmd_common_init(&co, "penalty", usage, help, g);
	while (rc == UC_OK && (ch = cmd_getopt(&co, argc, argv, opts)) != -1) {
		switch (ch) {
		case 'o': rc = opt_duration(&co, "--offline", optarg, &offline_s); break;
		case 'l': leak = true; break;
		case 'S': series = true; break;
		case 'G': rc = opt_plot(&co, optarg, &plot_path); break;
		case 'R': script_path = optarg; break;
		default:
			rc = cmd_shared_opt(&co, ch, optarg, argv, &in);
		}
	}
	if (rc != UC_OK || co.help_shown)
		goto out;
	if (optind < argc) {
		rc = cmd_usage_error(&co, "unexpected argument '%s'", argv[optind]);
		goto out;
	}
	if (isnan(offline_s)) {
		rc = cmd_usage_error(&co, "--offline DURATION is required");
		goto out;
	}
	if ((rc = cmd_load(&co, g, &in.c)) != UC_OK)
		goto out;
	if ((rc = econ_init(&e, &in)) != UC_OK)
		goto out;
	if (in.c->model == PM_ETH_BEACON && !isnan(in.apr_frac)) {
		/*
		 * The balance path is the spec's, epoch by epoch: its rewards
		 * follow from the total stake, and a rate cannot be imposed on
		 * it.  Refuse rather than print numbers that ignore --apr.
		 */
		rc = cmd_usage_error(&co, "--apr does not apply to %s's penalty: the "
		    "spec derives every reward from the total stake; give "
		    "--total-stake instead", in.c->name);
		goto out;
	}
	if ((plot_path || script_path) && in.c->model != PM_ETH_BEACON) {
		rc = cmd_usage_error(&co, "--plot draws the balance path of an "
		    "Ethereum-family chain; %s has none", in.c->name);
		goto out;
	}
	if (series && in.c->model != PM_ETH_BEACON) {
		rc = cmd_usage_error(&co, "--series needs an Ethereum-family chain; %s "
		    "has no per-epoch balance path", in.c->name);
		goto out;
	}
	if (in.c->model == PM_ETH_BEACON && floor(offline_s / in.c->epoch_s) >
	    (double)ETH_MAX_EPOCHS) {
		char most[32];

		format_duration((double)ETH_MAX_EPOCHS * in.c->epoch_s, most, sizeof(most));
		rc = cmd_usage_error(&co, "--offline: %.0f epochs of %gs on %s; the "
		    "simulation runs at most %llu epochs, %s here",
		    floor(offline_s / in.c->epoch_s), in.c->epoch_s, in.c->name,
		    (unsigned long long)ETH_MAX_EPOCHS, most);
		goto out;
	}
	if ((plot_path || script_path) &&
	    (rc = eth_plot(&e, (uint64_t)floor(offline_s / in.c->epoch_s), leak,
	    plot_path, script_path)) != UC_OK)
		goto out;
	if (series)
		rc = eth_series(&e, (uint64_t)floor(offline_s / in.c->epoch_s), leak,
		    co.fmt_given ? co.fmt : OFMT_CSV);
	else if (in.c->model == PM_ETH_BEACON)
		rc = eth_penalty(&e, offline_s, leak, co.fmt);
	else
		rc = rule_penalty(&e, offline_s, leak, co.fmt);
out:
	cmd_common_release(&co);
	return rc;
}
