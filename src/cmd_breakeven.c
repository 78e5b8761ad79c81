/*
 * breakeven: the uptime at which a validator stops paying for itself, by
 * the protocol's rewards and penalties alone and, given a running cost and
 * a price, economically.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "diag.h"
#include "downtime.h"
#include "econ.h"
#include "plot.h"
#include "util.h"

static const char usage[] =
    "breakeven [--chain NAME] [--stake N] [--cost AMOUNT[/month|/year]]\n"
    "        [--price USD] [--apr F] [--total-stake N] [--period DURATION]\n"
    "        [--uptime-requirement F]\n"
    "        [--credentials 0x01|0x02]\n"
    "        [--sweep FROM:TO:STEP] [--plot FILE] [--plot-script FILE]\n"
    "        [--data FILE] [--format table|csv|json]";
static const char help[] =
    "The uptime at which expected rewards equal penalties (protocol break-even)\n"
    "and, with a running cost and a price, at which they pay the cost\n"
    "(economic break-even).  With --cost, the naive cost / (stake x APR)\n"
    "that guides quote is shown too.\n"
    "\n"
    "  --chain NAME              chain from the network table (default ethereum)\n"
    "  --stake N                 the validator's stake in native units (default: the\n"
    "                            chain's minimum stake, 32 for Ethereum)\n"
    "  --cost AMOUNT[/month|/year]  running cost in USD (default per month)\n"
    "  --price USD               price of one native unit in USD (needed with --cost)\n"
    "  --apr F                   reward rate at full uptime, 0.035 or 3.5% (default:\n"
    "                            derived from total stake, or the table's)\n"
    "  --total-stake N           total active stake in native units (default: the\n"
    "                            table's dated typical figure)\n"
    "  --period DURATION         staking period for all-or-nothing rules (default:\n"
    "                            the table's stake_period_s, 2w for Avalanche)\n"
    "  --uptime-requirement F    the uptime a period needs, for a rule the table\n"
    "                            cannot know yet, such as Avalanche's ACP-267 (0.9)\n"
    "  --credentials 0x01|0x02   Ethereum-family withdrawal credentials: 0x01 caps\n"
    "                            the effective balance at 32 (default: 0x02 above 32)\n"
    "  --sweep FROM:TO:STEP      print yearly net income at uptimes FROM..TO percent\n"
    "  --plot FILE               net income per year against uptime as a chart\n"
    "                            (.svg, .png or .pdf, by gnuplot), break-evens marked\n"
    "  --plot-script FILE        the chart's gnuplot script, data inline, to edit\n"
    CMD_COMMON_HELP;

static const struct ocol cols[] = {
	{ "chain",				"chain",			OT_STR },
	{ "stake_native",			"stake",			OT_NATIVE },
	{ "total_stake_native",			"total active stake",		OT_NATIVE },
	{ "apr_frac",				"APR at 100 % uptime",		OT_FRAC },
	{ "reward_per_year_native",		"reward per year at 100 %",	OT_NATIVE },
	{ "online_epoch_gwei",			"income per epoch online (gwei)", OT_NUM },
	{ "offline_epoch_gwei",			"penalty per epoch offline (gwei)", OT_NUM },
	{ "cost_per_year_usd",			"cost per year",		OT_USD },
	{ "cost_per_year_native",		"cost per year (native)",	OT_NATIVE },
	{ "price_usd",				"price",			OT_USD },
	{ "breakeven_uptime_frac",		"break-even uptime",		OT_FRAC },
	{ "breakeven_kind",			"break-even kind",		OT_STR },
	{ "protocol_breakeven_uptime_frac",	"protocol break-even uptime",	OT_FRAC },
	{ "naive_breakeven_uptime_frac",	"naive cost/(stake x APR)",	OT_FRAC },
};

static const struct ocol sweep_cols[] = {
	{ "uptime_frac",		"uptime",		OT_FRAC },
	{ "income_per_year_native",	"protocol income/yr",	OT_NATIVE },
	{ "cost_per_year_native",	"cost/yr",		OT_NATIVE },
	{ "net_per_year_native",	"net/yr",		OT_NATIVE },
	{ "net_per_year_usd",		"net/yr (USD)",		OT_USD },
};

static int
parse_sweep(const struct cmd_common *co, const char *arg, double v[3])
{
	char buf[128], *p, *save = NULL;
	int i;

	if (strlen(arg) >= sizeof(buf))
		goto bad;
	strcpy(buf, arg);
	for (i = 0, p = strtok_r(buf, ":", &save); p && i < 3;
	    i++, p = strtok_r(NULL, ":", &save))
		if (!parse_percent_frac(p, &v[i]))
			goto bad;
	if (i != 3 || p != NULL)
		goto bad;
	if (v[0] < 0 || v[1] > 1 || v[0] > v[1])
		return cmd_usage_error(co, "--sweep: '%s' must run from 0 to 100 percent, "
		    "FROM no higher than TO", arg);
	if (!(v[2] > 0) || (v[1] - v[0]) / v[2] > 100000)
		return cmd_usage_error(co, "--sweep: step in '%s' must be positive and "
		    "give at most 100000 points", arg);
	return UC_OK;
bad:
	return cmd_usage_error(co, "--sweep: '%s' is not FROM:TO:STEP in percent, "
	    "such as 90:100:1", arg);
}

static int
sweep(const struct econ *e, const double v[3], double cost_native, double price,
    enum ofmt fmt)
{
	struct otable t;
	double u;
	long i, n = lround(floor((v[1] - v[0]) / v[2] + 1e-9));
	int rc;

	output_init(&t, sweep_cols, NELEM(sweep_cols), false);
	cmd_output_currency(&t, e->c);
	for (i = 0; i <= n; i++) {
		double inc;

		/* Steps by index, so 0.1 increments do not drift past TO. */
		u = v[0] + (double)i * v[2];
		inc = econ_net_year_native(e, u);
		output_row(&t);
		output_num(&t, "uptime_frac", u);
		output_num(&t, "income_per_year_native", inc);
		output_num(&t, "cost_per_year_native", cost_native);
		output_num(&t, "net_per_year_native", inc - cost_native);
		output_num(&t, "net_per_year_usd", (inc - cost_native) * price);
	}
	rc = output_print(&t, fmt, stdout);
	output_release(&t);
	return rc;
}

/* Points of a chart: every half percent of uptime. */
#define PLOT_POINTS	201

/*
 * --plot and --plot-script: net income per year against uptime, in USD
 * with --price (else native units), the income and the cost beside it,
 * the protocol and the economic break-even marked.
 */
static int
plot(const struct econ *e, double cost_usd_year, double price, const char *plot_path,
    const char *script_path)
{
	double x[PLOT_POINTS], net[PLOT_POINTS], inc[PLOT_POINTS], cost[PLOT_POINTS];
	double scale = isnan(price) ? 1 : price, cost_native = isnan(cost_usd_year) ? 0 :
	    cost_usd_year / price, proto = econ_protocol_breakeven(e), u;
	struct plot_series s[3];
	struct plot_mark m[2];
	struct plot p;
	char title[160], ylabel[64], t0[64], t1[64];
	size_t i, ns = 0, nm = 0;
	int rc = UC_OK;

	for (i = 0; i < PLOT_POINTS; i++) {
		double in;

		x[i] = 100.0 * (double)i / (PLOT_POINTS - 1);
		in = econ_net_year_native(e, x[i] / 100);
		inc[i] = in * scale;
		net[i] = (in - cost_native) * scale;
		cost[i] = cost_native * scale;
	}
	snprintf(title, sizeof(title), "%s: %g %s, income per year against uptime",
	    e->c->name, e->stake_native, e->c->currency);
	snprintf(ylabel, sizeof(ylabel), "per year (%s)", isnan(price) ? e->c->currency :
	    "USD");
	s[ns++] = (struct plot_series){ .name = "net income", .x = x, .y = net,
	    .n = PLOT_POINTS };
	if (!isnan(cost_usd_year)) {
		s[ns++] = (struct plot_series){ .name = "income", .x = x, .y = inc,
		    .n = PLOT_POINTS };
		s[ns++] = (struct plot_series){ .name = "cost", .x = x, .y = cost,
		    .n = PLOT_POINTS };
	}
	if (!isnan(proto)) {
		snprintf(t0, sizeof(t0), "protocol break-even %.2f %%", proto * 100);
		m[nm++] = (struct plot_mark){ proto * 100, t0 };
	}
	if (!isnan(cost_usd_year) && econ_breakeven(e, cost_native, &u) == 0) {
		snprintf(t1, sizeof(t1), "break-even %.2f %%", u * 100);
		m[nm++] = (struct plot_mark){ u * 100, t1 };
	}
	p = (struct plot){ .title = title, .xlabel = "uptime (%)", .ylabel = ylabel,
	    .series = s, .nseries = ns, .marks = m, .nmarks = nm };
	rc = plot_output(&p, plot_path, script_path);
	return rc;
}

static int
report(const struct econ *e, double cost_usd_year, double price, enum ofmt fmt)
{
	const struct chain *c = e->c;
	double cost_native = isnan(cost_usd_year) ? 0 : cost_usd_year / price;
	double u = NAN, proto = econ_protocol_breakeven(e);
	struct otable t;
	int found, rc;

	found = econ_breakeven(e, cost_native, &u);
	output_init(&t, cols, NELEM(cols), true);
	cmd_output_currency(&t, c);
	output_row(&t);
	output_str(&t, "chain", c->name);
	output_num(&t, "stake_native", e->stake_native);
	if (c->model == PM_ETH_BEACON) {
		output_num(&t, "total_stake_native", e->total_stake_native);
		output_num(&t, "online_epoch_gwei", e->online_epoch_gwei);
		output_num(&t, "offline_epoch_gwei", e->offline_epoch_gwei);
	}
	output_num(&t, "apr_frac", e->period_apr_frac);
	output_num(&t, "reward_per_year_native", e->reward_year_native);
	output_num(&t, "cost_per_year_usd", cost_usd_year);
	output_num(&t, "cost_per_year_native", isnan(cost_usd_year) ? NAN : cost_native);
	output_num(&t, "price_usd", price);
	output_num(&t, "protocol_breakeven_uptime_frac", proto);
	if (!isnan(cost_usd_year)) {
		output_num(&t, "naive_breakeven_uptime_frac",
		    econ_naive_breakeven(e, cost_native));
		output_str(&t, "breakeven_kind", "economic");
		output_num(&t, "breakeven_uptime_frac", found == 0 ? u : NAN);
	} else {
		output_str(&t, "breakeven_kind", "protocol");
		output_num(&t, "breakeven_uptime_frac", proto);
	}
	if (c->model == PM_ETH_BEACON)
		output_note(&t, "rewards and penalties from the spec's weights at %.0f %s "
		    "total stake with full participation; consensus layer only (tips "
		    "and MEV come on top)", e->total_stake_native, c->currency);
	else
		output_note(&t, "%s: %s", c->name, downtime_rule(c));
	if (found == 1)
		output_note(&t, "no break-even: the cost is above the income even at "
		    "100 %% uptime");
	if (found == -1 && !isnan(cost_usd_year) && isnan(e->reward_year_native))
		output_note(&t, "no reward rate for %s in the table: give --apr", c->name);
	if (isnan(proto))
		output_note(&t, "%s has no protocol uptime rule to break even against",
		    c->name);
	if (!isnan(cost_usd_year))
		output_note(&t, "the naive figure ignores penalties and thresholds; guides "
		    "quote it");
	if (e->stake_defaulted)
		output_note(&t, "%s has no minimum stake: amounts are per 1 %s "
		    "(give --stake)", c->name, c->currency);
	cmd_note_rate_by_duration(&t, e);
	cmd_note_credentials(&t, e);
	cmd_note_caveat(&t, c);
	rc = output_print(&t, fmt, stdout);
	output_release(&t);
	if (rc == UC_OK && found == 1)
		rc = UC_VERDICT;
	return rc;
}

int
cmd_breakeven(int argc, char **argv, const struct uc_opts *g)
{
	static const struct option opts[] = {
		{ "cost",        required_argument, NULL, 'C' },
		{ "price",       required_argument, NULL, 'P' },
		{ "sweep",       required_argument, NULL, 'w' },
		{ "plot",        required_argument, NULL, 'G' },
		{ "plot-script", required_argument, NULL, 'R' },
		CMD_ECON_OPTS,
		CMD_COMMON_OPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct econ_in in = { NULL, NAN, NAN, NAN, NAN, 0 };
	struct cmd_common co;
	struct econ e;
	double cost = NAN, price = NAN, sw[3];
	bool do_sweep = false;
	const char *plot_path = NULL, *script_path = NULL;
	int ch, rc = UC_OK;

	cmd_common_init(&co, "breakeven", usage, help, g);
	while (rc == UC_OK && (ch = cmd_getopt(&co, argc, argv, opts)) != -1) {
		switch (ch) {
		case 'C': rc = opt_cost(&co, optarg, &cost); break;
		case 'P': rc = opt_amount(&co, "--price", optarg, 1e9, &price); break;
		case 'w': rc = parse_sweep(&co, optarg, sw); do_sweep = true; break;
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
	if (!isnan(cost) && isnan(price)) {
		rc = cmd_usage_error(&co, "--cost is in USD: give --price too");
		goto out;
	}
	if ((rc = cmd_load(&co, g, &in.c)) != UC_OK)
		goto out;
	if ((rc = econ_init(&e, &in)) != UC_OK)
		goto out;
	if (plot_path || script_path) {
		if (isnan(e.reward_year_native) && in.c->model != PM_PEER_REPORTED) {
			rc = diag_error(UC_EUSAGE, "%s: the table has no reward rate; give "
			    "--apr", in.c->name);
			goto out;
		}
		if ((rc = plot(&e, cost, price, plot_path, script_path)) != UC_OK)
			goto out;
	}
	if (do_sweep) {
		if (isnan(e.reward_year_native) && in.c->model != PM_PEER_REPORTED) {
			rc = diag_error(UC_EUSAGE, "%s: the table has no reward rate; give "
			    "--apr", in.c->name);
			goto out;
		}
		rc = sweep(&e, sw, isnan(cost) ? 0 : cost / price, price, co.fmt);
	} else {
		rc = report(&e, cost, price, co.fmt);
	}
out:
	cmd_common_release(&co);
	return rc;
}
