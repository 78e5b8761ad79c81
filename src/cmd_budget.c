/*
 * budget: the downtime an SLO leaves in a window, what is left after the
 * downtime already used, how many restarts fit, the chain's hard limit for
 * one outage, and the income lost if the whole budget is spent.
 */
#include <math.h>
#include <stdio.h>

#include "cmd.h"
#include "diag.h"
#include "downtime.h"
#include "econ.h"
#include "plot.h"
#include "util.h"

static const char usage[] =
    "budget --slo PERCENT [--window DURATION] [--used DURATION]\n"
    "        [--restart DURATION] [--chain NAME] [--stake N] [--total-stake N]\n"
    "        [--apr F] [--period DURATION]\n"
    "        [--uptime-requirement F]\n"
    "        [--credentials 0x01|0x02] [--plot FILE] [--plot-script FILE]\n"
    "        [--data FILE] [--format table|csv|json]";
static const char help[] =
    "The downtime an uptime SLO allows in a window, what is left, how many\n"
    "restarts fit, the longest single outage the chain tolerates, and the\n"
    "income lost if the whole budget is spent.\n"
    "\n"
    "  --slo PERCENT             uptime objective, such as 99.5 (0 < PERCENT <= 100)\n"
    "  --window DURATION         SLO window (default 30d)\n"
    "  --used DURATION           downtime already spent in the window (default 0)\n"
    "  --restart DURATION        length of one planned restart (default 10m)\n"
    "  --chain NAME              chain from the network table (default ethereum)\n"
    "  --stake N                 the validator's stake in native units\n"
    "  --total-stake N           total active stake in native units\n"
    "  --apr F                   reward rate at full uptime, 0.035 or 3.5%\n"
    "  --period DURATION         staking period for all-or-nothing rules (default:\n"
    "                            the table's stake_period_s, 2w for Avalanche)\n"
    "  --uptime-requirement F    the uptime a period needs, for a rule the table\n"
    "                            cannot know yet, such as Avalanche's ACP-267 (0.9)\n"
    "  --credentials 0x01|0x02   Ethereum-family withdrawal credentials: 0x01 caps\n"
    "                            the effective balance at 32 (default: 0x02 above 32)\n"
    "  --plot FILE               the budget over the window as a chart (.svg, .png\n"
    "                            or .pdf, by gnuplot): allowed, used, the jail limit\n"
    "  --plot-script FILE        the chart's gnuplot script, data inline, to edit\n"
    CMD_COMMON_HELP;

static const struct ocol cols[] = {
	{ "chain",			"chain",				OT_STR },
	{ "slo_frac",			"SLO",					OT_FRAC },
	{ "window_s",			"window",				OT_SECONDS },
	{ "allowed_downtime_s",		"downtime allowed",			OT_SECONDS },
	{ "allowed_epochs",		"epochs allowed",			OT_NUM },
	{ "used_downtime_s",		"downtime used",			OT_SECONDS },
	{ "remaining_downtime_s",	"downtime left",			OT_SECONDS },
	{ "budget_used_frac",		"budget used",				OT_FRAC },
	{ "restart_s",			"one restart",				OT_SECONDS },
	{ "restarts_fit",		"restarts that fit",			OT_INT },
	{ "max_continuous_downtime_s",	"longest outage before jail/kickout",	OT_SECONDS },
	{ "leak_ejection_downtime_s",	"outage to ejection in a leak",		OT_SECONDS },
	{ "budget_loss_native",		"income lost if budget spent",		OT_NATIVE },
};

static double
leak_ejection_s(const struct econ *e)
{
	struct eth_outage o;

	/* Ejection in a leak comes within weeks; 10^5 epochs is ample. */
	ethmodel_outage(&e->eth, e->balance_gwei, 100000, true, NULL, NULL, &o);
	return o.ejected ? o.ejection_epochs * e->c->epoch_s : NAN;
}

/*
 * --plot and --plot-script: across the window, the downtime the SLO has
 * allowed so far at an even pace, the whole window's budget, the downtime
 * used, and the chain's limit for one outage where it has one; what is
 * left, and the restarts that fit, in the title.
 */
static int
plot(const struct econ *e, double slo_pct, double window_s, double used_s,
    double restart_s, const char *plot_path, const char *script_path)
{
	double allowed = (100 - slo_pct) * window_s / 100, left = allowed - used_s;
	double limit = downtime_hard_limit_s(e), top = allowed > used_s ? allowed : used_s;
	double unit_s, x[2], pace[2], whole[2], used[2], jail[2];
	struct plot_series s[4];
	struct plot p;
	char title[200], ylabel[32], t[4][96], d[3][32];
	const char *unit;
	size_t ns = 0;
	int rc = UC_OK;

	if (!isnan(limit) && limit > top)
		top = limit;
	/* Minutes for a budget of minutes, hours for one of hours or days. */
	unit_s = top >= 2 * 3600 ? 3600 : 60;
	unit = unit_s == 3600 ? "hours" : "minutes";
	x[0] = 0;
	x[1] = window_s / SECONDS_PER_DAY;
	pace[0] = 0;
	pace[1] = whole[0] = whole[1] = allowed / unit_s;
	used[0] = used[1] = used_s / unit_s;
	jail[0] = jail[1] = limit / unit_s;
	format_duration(allowed, d[0], sizeof(d[0]));
	format_duration(used_s, d[1], sizeof(d[1]));
	format_duration(window_s, d[2], sizeof(d[2]));
	snprintf(t[0], sizeof(t[0]), "allowed so far at an even pace");
	snprintf(t[1], sizeof(t[1]), "budget of the window: %s", d[0]);
	snprintf(t[2], sizeof(t[2]), "used: %s", d[1]);
	s[ns++] = (struct plot_series){ .name = t[0], .x = x, .y = pace, .n = 2 };
	s[ns++] = (struct plot_series){ .name = t[1], .x = x, .y = whole, .n = 2 };
	s[ns++] = (struct plot_series){ .name = t[2], .x = x, .y = used, .n = 2 };
	if (!isnan(limit)) {
		format_duration(limit, d[1], sizeof(d[1]));
		snprintf(t[3], sizeof(t[3]), "%s: %s", e->c->model == PM_STEP_THRESHOLD ?
		    "limit of a staking period" : "longest outage before jail", d[1]);
		s[ns++] = (struct plot_series){ .name = t[3], .x = x, .y = jail, .n = 2,
		    .dashed = true };
	}
	if (left >= 0) {
		format_duration(left, d[1], sizeof(d[1]));
		format_duration(restart_s, d[0], sizeof(d[0]));
		snprintf(title, sizeof(title), "%s: SLO %g %% over %s, %s left "
		    "(%.0f restarts of %s)", e->c->name, slo_pct, d[2], d[1],
		    floor(left / restart_s), d[0]);
	} else {
		format_duration(-left, d[1], sizeof(d[1]));
		snprintf(title, sizeof(title), "%s: SLO %g %% over %s, overspent by %s",
		    e->c->name, slo_pct, d[2], d[1]);
	}
	snprintf(ylabel, sizeof(ylabel), "downtime (%s)", unit);
	/* Downtime from 0, room above the top line (an axis to 1 if all are 0). */
	p = (struct plot){ .title = title, .xlabel = "days into the window",
	    .ylabel = ylabel, .series = s, .nseries = ns, .yfixed = true, .ylo = 0,
	    .yhi = top > 0 ? 1.05 * top / unit_s : 1 };
	rc = plot_output(&p, plot_path, script_path);
	return rc;
}

static int
report(const struct econ *e, double slo_pct, double window_s, double used_s,
    double restart_s, enum ofmt fmt)
{
	const struct chain *c = e->c;
	/* From the percent as typed: (100 - 99) / 100 is exact, 1 - 0.99 is not. */
	double allowed = (100 - slo_pct) * window_s / 100, left = allowed - used_s;
	double slo = slo_pct / 100;
	double limit = downtime_hard_limit_s(e), loss;
	struct otable t;
	int rc;

	loss = downtime_budget_loss(e, allowed, restart_s, window_s);
	output_init(&t, cols, NELEM(cols), true);
	cmd_output_currency(&t, c);
	output_row(&t);
	output_str(&t, "chain", c->name);
	output_num(&t, "slo_frac", slo);
	output_num(&t, "window_s", window_s);
	output_num(&t, "allowed_downtime_s", allowed);
	if (c->model == PM_ETH_BEACON)
		output_num(&t, "allowed_epochs", allowed / c->epoch_s);
	output_num(&t, "used_downtime_s", used_s);
	output_num(&t, "remaining_downtime_s", left);
	output_num(&t, "budget_used_frac", allowed > 0 ? used_s / allowed : NAN);
	output_num(&t, "restart_s", restart_s);
	output_num(&t, "restarts_fit", left > 0 ? floor(left / restart_s) : 0);
	output_num(&t, "max_continuous_downtime_s", limit);
	if (c->model == PM_ETH_BEACON)
		output_num(&t, "leak_ejection_downtime_s", leak_ejection_s(e));
	output_num(&t, "budget_loss_native", loss);
	if (left < 0)
		output_note(&t, "the budget is overspent by %.0f s", -left);
	if (c->model == PM_ETH_BEACON)
		output_note(&t, "%s has no jail: outside an inactivity leak an outage "
		    "costs its missed epochs' penalties and income; in a leak the "
		    "validator is ejected after the outage shown", c->name);
	else if (isnan(limit))
		output_note(&t, "%s has no limit on one outage: %s", c->name,
		    downtime_rule(c));
	else if (c->model == PM_STEP_THRESHOLD)
		output_note(&t, "the limit is cumulative over the %.0f-day staking "
		    "period, not only continuous", e->period_s / SECONDS_PER_DAY);
	if (!isnan(limit) && restart_s > limit)
		output_note(&t, "one restart is longer than the chain's limit for a "
		    "single outage");
	if (isnan(loss) && isnan(e->reward_year_native))
		output_note(&t, "the table has no reward rate for %s: give --apr to "
		    "price the budget", c->name);
	cmd_note_rate_by_duration(&t, e);
	cmd_note_credentials(&t, e);
	cmd_note_caveat(&t, c);
	rc = output_print(&t, fmt, stdout);
	output_release(&t);
	return rc;
}

int
cmd_budget(int argc, char **argv, const struct uc_opts *g)
{
	static const struct option opts[] = {
		{ "slo",         required_argument, NULL, 'S' },
		{ "window",      required_argument, NULL, 'w' },
		{ "used",        required_argument, NULL, 'u' },
		{ "restart",     required_argument, NULL, 'r' },
		{ "plot",        required_argument, NULL, 'G' },
		{ "plot-script", required_argument, NULL, 'R' },
		CMD_ECON_OPTS,
		CMD_COMMON_OPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct econ_in in = { NULL, NAN, NAN, NAN, NAN, 0 };
	struct cmd_common co;
	struct econ e;
	const char *plot_path = NULL, *script_path = NULL;
	double slo = NAN /* percent */, window_s = 30 * SECONDS_PER_DAY, used_s = 0, restart_s = 600;
	int ch, rc = UC_OK;

	cmd_common_init(&co, "budget", usage, help, g);
	while (rc == UC_OK && (ch = cmd_getopt(&co, argc, argv, opts)) != -1) {
		switch (ch) {
		case 'S': rc = opt_slo(&co, optarg, &slo); break;
		case 'w': rc = opt_duration(&co, "--window", optarg, &window_s); break;
		case 'u': rc = opt_duration(&co, "--used", optarg, &used_s); break;
		case 'r': rc = opt_duration(&co, "--restart", optarg, &restart_s); break;
		case 'G': rc = opt_plot(&co, optarg, &plot_path); break;
		case 'R': script_path = optarg; break;
		default:
			rc = cmd_shared_opt(&co, ch, optarg, argv, &in);
		}
	}
	if (rc != UC_OK || co.help_shown)
		goto out;
	if (optind < argc)
		rc = cmd_usage_error(&co, "unexpected argument '%s'", argv[optind]);
	else if (isnan(slo))
		rc = cmd_usage_error(&co, "--slo PERCENT is required");
	else if (window_s <= 0)
		rc = cmd_usage_error(&co, "--window must be positive");
	else if (restart_s <= 0)
		rc = cmd_usage_error(&co, "--restart must be positive");
	else if (used_s > window_s)
		rc = cmd_usage_error(&co, "--used is longer than the window");
	if (rc != UC_OK)
		goto out;
	if ((rc = cmd_load(&co, g, &in.c)) != UC_OK)
		goto out;
	if ((rc = econ_init(&e, &in)) != UC_OK)
		goto out;
	if ((plot_path || script_path) && (rc = plot(&e, slo, window_s, used_s,
	    restart_s, plot_path, script_path)) != UC_OK)
		goto out;
	rc = report(&e, slo, window_s, used_s, restart_s, co.fmt);
out:
	cmd_common_release(&co);
	return rc;
}
