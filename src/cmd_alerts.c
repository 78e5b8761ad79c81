/*
 * alerts: a Prometheus rule file over the metrics report --follow exports
 * (report_metrics.c).  Recording rules give the target-miss ratio over
 * each range the alerts need; the SLO's alerts are the SRE workbook's
 * multi-window, multi-burn-rate ones (chapter 5, "Alerting on SLOs":
 * 14.4x over 1 h and 5 min and 6x over 6 h and 30 min page, 3x over 1 d
 * and 2 h and 1x over 3 d and 6 h open a ticket, for a 30-day window),
 * their ranges scaled to the window.  Then the chain's own limits: the
 * break-even uptime, a miss streak, an exporter that stopped, a node
 * down, and where a chain jails, half its allowance spent.
 *
 * The data come once per epoch, not per scrape: a range shorter than
 * two epochs holds one data point or none, and a rate over it says
 * nothing.  So no range is shorter than two epochs (and two minutes).
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "diag.h"
#include "econ.h"
#include "util.h"

static const char usage[] =
    "alerts --slo PERCENT [--window DURATION] [--chain NAME] [--streak N]\n"
    "        [--group NAME]\n"
    "        [--cost AMOUNT[/month|/year]] [--price USD] [--stake N] [--total-stake N]\n"
    "        [--apr F] [--period DURATION] [--uptime-requirement F]\n"
    "        [--credentials 0x01|0x02] [--data FILE]";
static const char help[] =
    "A Prometheus rule file (YAML, on stdout) for the metrics report exports:\n"
    "recording rules of the target-miss ratio, multi-window multi-burn-rate\n"
    "alerts for the SLO (the SRE workbook's, scaled to the window), and alerts\n"
    "below the break-even uptime, on a miss streak, when no new epoch comes,\n"
    "when a node is down, and on chains that jail, when half the allowance is\n"
    "spent.\n"
    "\n"
    "  --slo PERCENT             uptime objective, such as 99.5 (below 100)\n"
    "  --window DURATION         SLO window (default 30d)\n"
    "  --chain NAME              chain from the network table (default ethereum)\n"
    "  --streak N                alert when a validator misses N epochs in a row\n"
    "                            (default 3)\n"
    "  --group NAME              rules for the series of report --group NAME only\n"
    "                            (default: every group)\n"
    "  --cost AMOUNT[/month|/year]\n"
    "                            running cost in USD (a bare amount is per\n"
    "                            month): the break-even alert uses the economic\n"
    "                            break-even\n"
    "  --price USD               price of one native unit (with --cost)\n"
    "  --stake N                 the validator's stake in native units\n"
    "  --total-stake N           total active stake in native units\n"
    "  --apr F                   reward rate at full uptime, 0.035 or 3.5%\n"
    "  --period DURATION         staking period for all-or-nothing rules\n"
    "  --uptime-requirement F    the uptime a period needs (Avalanche ACP-267)\n"
    "  --credentials 0x01|0x02   Ethereum-family withdrawal credentials\n"
    "  --data FILE               network table to read (default: $UPTIMECALC_DATA,\n"
    "                            else the installed networks.csv)\n"
    "  --help                    show this help\n";

#define RATIO	"uptimecalc:attestation_target_miss:ratio_rate"
#define MIN_RANGE_S	120.0
#define WORKBOOK_WINDOW_S	(30 * 86400.0)

/* The SRE workbook's four, for a 30-day window. */
static const struct burn {
	const char	*name;
	double		 factor;	/* times the budget's even rate */
	double		 long_s, short_s;
	const char	*severity;
} burns[] = {
	{ "UptimecalcBudgetBurnFast",	14.4,	3600,		300,		"page" },
	{ "UptimecalcBudgetBurnMedium",	6,	6 * 3600,	1800,		"page" },
	{ "UptimecalcBudgetBurnSlow",	3,	86400,		2 * 3600,	"ticket" },
	{ "UptimecalcBudgetBurnSteady",	1,	3 * 86400,	6 * 3600,	"ticket" },
};

/* A range in PromQL's units: whole seconds as d, h, m and s, such as 12m48s. */
static char *
prom_range(double s, char *buf, size_t size)
{
	static const struct { char unit; uint64_t s; } units[] = {
		{ 'd', 86400 }, { 'h', 3600 }, { 'm', 60 }, { 's', 1 },
	};
	uint64_t left = (uint64_t)llround(s);
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < NELEM(units); i++)
		if (left >= units[i].s) {
			used += (size_t)snprintf(buf + used, used < size ? size - used : 0,
			    "%llu%c", (unsigned long long)(left / units[i].s), units[i].unit);
			left %= units[i].s;
		}
	return buf;
}

/* s as a YAML double-quoted scalar. */
static void
yaml_str(FILE *fp, const char *s)
{
	fputc('"', fp);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', fp);
		fputc(*s, fp);
	}
	fputc('"', fp);
}

struct plan {
	const struct chain *c;
	double	 slo_pct, budget_frac, window_s, period_s, min_range_s;
	double	 breakeven_frac;	/* NAN: none */
	bool	 economic;		/* from --cost and --price */
	double	 cost_usd_year, price_usd;
	uint64_t streak;
	const char *group;		/* --group: the rules see that group only */
	char	 sel[240];		/* its selector, {group="..."}, or "" */
	double	 jail_range_s, jail_frac;	/* NAN: the chain does not jail */
	double	 ranges_s[16];
	size_t	 nranges;
};

/* A range the workbook's w becomes: scaled to the window, two epochs at least. */
static double
scaled(const struct plan *p, double w)
{
	double s = w * p->window_s / WORKBOOK_WINDOW_S;

	return round(s > p->min_range_s ? s : p->min_range_s);
}

static void
need_range(struct plan *p, double s)
{
	size_t i;

	for (i = 0; i < p->nranges; i++)
		if (p->ranges_s[i] == s)
			return;
	if (p->nranges < NELEM(p->ranges_s))
		p->ranges_s[p->nranges++] = s;
}

static void
recording(FILE *fp, const struct plan *p)
{
	char r[32];
	size_t i;

	fprintf(fp, "  - name: uptimecalc-recording%s%s\n    rules:\n", p->group ? "-" : "",
	    p->group ? p->group : "");
	for (i = 0; i < p->nranges; i++) {
		prom_range(p->ranges_s[i], r, sizeof(r));
		fprintf(fp, "      - record: " RATIO "%s\n", r);
		fprintf(fp, "        expr: |\n"
		    "          1 - (\n"
		    "            sum by (group) (rate(uptimecalc_attestation_target_timely_total%s[%s]))\n"
		    "          /\n"
		    "            sum by (group) (rate(uptimecalc_attestation_duties_total%s[%s]))\n"
		    "          )\n", p->sel, r, p->sel, r);
	}
}

/* An alert's head: name, expression, for, labels. */
static void
alert_head(FILE *fp, const struct plan *p, const char *name, const char *expr,
    double for_s, const char *severity)
{
	char r[32];

	fprintf(fp, "      - alert: %s\n        expr: %s\n", name, expr);
	if (for_s > 0)
		fprintf(fp, "        for: %s\n", prom_range(for_s, r, sizeof(r)));
	fprintf(fp, "        labels:\n          severity: %s\n          chain: ", severity);
	yaml_str(fp, p->c->name);
	fprintf(fp, "\n        annotations:\n");
}

static void
annotation(FILE *fp, const char *key, const char *text)
{
	fprintf(fp, "          %s: ", key);
	yaml_str(fp, text);
	fputc('\n', fp);
}

static void
burn_alerts(FILE *fp, const struct plan *p)
{
	char expr[1024], text[1024], lr[32], sr[32], lh[40], sh[40], budget[40], gone[40],
	    win[40];
	size_t i;

	format_duration(p->window_s * p->budget_frac, budget, sizeof(budget));
	format_duration(p->window_s, win, sizeof(win));
	for (i = 0; i < NELEM(burns); i++) {
		const struct burn *b = &burns[i];
		double lng = scaled(p, b->long_s), shrt = scaled(p, b->short_s);
		double thr = b->factor * p->budget_frac;

		prom_range(lng, lr, sizeof(lr));
		prom_range(shrt, sr, sizeof(sr));
		format_duration(lng, lh, sizeof(lh));
		format_duration(shrt, sh, sizeof(sh));
		format_duration(p->window_s / b->factor, gone, sizeof(gone));
		snprintf(expr, sizeof(expr), RATIO "%s%s > %.9g and " RATIO "%s%s > %.9g", lr,
		    p->sel, thr, sr, p->sel, thr);
		alert_head(fp, p, b->name, expr, 0, b->severity);
		snprintf(text, sizeof(text), "{{ $labels.group }}: the %s error budget is "
		    "burning at %.3gx or more", win, b->factor);
		annotation(fp, "summary", text);
		snprintf(text, sizeof(text), "Target votes missed: {{ $value | "
		    "humanizePercentage }} over the last %s (and over %s more than %.4g %%). "
		    "The SLO of %.6g %% over %s allows %.4g %% of epochs missed: %s of "
		    "downtime. At %.3gx, the budget is gone in %s.", lh, sh, thr * 100,
		    p->slo_pct, win, p->budget_frac * 100, budget, b->factor, gone);
		annotation(fp, "description", text);
	}
}

static void
chain_alerts(FILE *fp, const struct plan *p)
{
	char expr[1024], text[1024], r[32], h[40], ep[40], cost[200] = "";

	format_duration(p->period_s, ep, sizeof(ep));
	if (!isnan(p->breakeven_frac)) {
		prom_range(p->window_s, r, sizeof(r));
		format_duration(p->window_s, h, sizeof(h));
		snprintf(expr, sizeof(expr), "1 - " RATIO "%s%s < %.9g", r, p->sel,
		    p->breakeven_frac);
		alert_head(fp, p, "UptimecalcBelowBreakeven", expr, 3600, "ticket");
		annotation(fp, "summary", "{{ $labels.group }}: uptime below break-even");
		if (p->economic)
			snprintf(cost, sizeof(cost), ", where the rewards cover a cost of "
			    "%.6g USD a year at %.6g USD per %s", p->cost_usd_year, p->price_usd,
			    p->c->currency);
		snprintf(text, sizeof(text), "Uptime over the last %s is {{ $value | "
		    "humanizePercentage }}, below the %s break-even uptime of %.4g %%%s.",
		    h, p->economic ? "economic" : "protocol", p->breakeven_frac * 100, cost);
		annotation(fp, "description", text);
	}
	snprintf(expr, sizeof(expr), "max by (group, validator_index) "
	    "(uptimecalc_validator_miss_streak%s) >= %llu", p->sel,
	    (unsigned long long)p->streak);
	alert_head(fp, p, "UptimecalcMissStreak", expr, 0, "page");
	annotation(fp, "summary", "{{ $labels.group }}: validator {{ $labels.validator_index }} "
	    "is missing its target votes");
	snprintf(text, sizeof(text), "Validator {{ $labels.validator_index }} has missed "
	    "its target vote {{ $value }} epochs in a row (%s each); the alert is at %llu.",
	    ep, (unsigned long long)p->streak);
	annotation(fp, "description", text);
	/* An epoch's rewards come two epochs after it starts: three more is late. */
	snprintf(expr, sizeof(expr), "time() - max by (group) "
	    "(uptimecalc_last_epoch_time_seconds%s) > %.9g", p->sel, fmax(5 * p->period_s,
	    2 * p->min_range_s));
	alert_head(fp, p, "UptimecalcNoNewEpoch", expr, 0, "ticket");
	annotation(fp, "summary", "{{ $labels.group }}: no new epoch for 3 epochs");
	snprintf(text, sizeof(text), "The exporter has reported no new epoch for 3 "
	    "epochs (%s each) beyond the two an epoch's rewards take: the node, or "
	    "uptimecalc, is stuck.", ep);
	annotation(fp, "description", text);
	/* Nothing at all: no series, so no rule above can fire. */
	snprintf(expr, sizeof(expr), "absent_over_time(uptimecalc_node_up%s[%s])", p->sel,
	    prom_range(fmax(5 * p->period_s, 2 * p->min_range_s), r, sizeof(r)));
	alert_head(fp, p, "UptimecalcExporterAbsent", expr, 0, "ticket");
	annotation(fp, "summary", "uptimecalc exports nothing");
	snprintf(text, sizeof(text), "No uptimecalc metrics for %s: the exporter is "
	    "down, or Prometheus does not reach it; the other alerts cannot fire "
	    "meanwhile.", prom_range(fmax(5 * p->period_s, 2 * p->min_range_s), h,
	    sizeof(h)));
	annotation(fp, "description", text);
	snprintf(expr, sizeof(expr), "max by (group, node) (uptimecalc_node_up%s) == 0",
	    p->sel);
	alert_head(fp, p, "UptimecalcNodeDown", expr, fmax(2 * p->period_s, p->min_range_s),
	    "ticket");
	annotation(fp, "summary", "{{ $labels.group }}: beacon node {{ $labels.node }} is "
	    "down");
	snprintf(text, sizeof(text), "uptimecalc has not reached beacon node {{ "
	    "$labels.node }} for 2 epochs (%s each).", ep);
	annotation(fp, "description", text);
	if (!isnan(p->jail_frac)) {
		prom_range(p->jail_range_s, r, sizeof(r));
		format_duration(p->jail_range_s, h, sizeof(h));
		snprintf(expr, sizeof(expr), RATIO "%s%s > %.9g", r, p->sel, p->jail_frac / 2);
		alert_head(fp, p, "UptimecalcJailRisk", expr, 0, "page");
		annotation(fp, "summary", "{{ $labels.group }}: half the missed-block "
		    "allowance before jailing is spent");
		snprintf(text, sizeof(text), "Missed {{ $value | humanizePercentage }} of "
		    "the last %.0f blocks (about %s); %s jails a validator that misses "
		    "more than %.4g %% of them.", p->c->window_blocks, h, p->c->name,
		    p->jail_frac * 100);
		annotation(fp, "description", text);
	}
}

static int
write_rules(struct plan *p, const char *argline)
{
	char r[32], per[32], min[40];
	size_t i;

	for (i = 0; i < NELEM(burns); i++) {
		need_range(p, scaled(p, burns[i].long_s));
		need_range(p, scaled(p, burns[i].short_s));
	}
	if (!isnan(p->breakeven_frac))
		need_range(p, round(p->window_s));
	if (!isnan(p->jail_frac))
		need_range(p, p->jail_range_s);
	printf("# Prometheus rules from uptimecalc %s for %s: SLO %.6g %% of epochs with a\n"
	    "# timely target vote over %s.  The data come once per epoch (%s), so no\n"
	    "# range is shorter than %s (two epochs, two minutes at least): the SRE\n"
	    "# workbook's short windows are lengthened to it where shorter.\n"
	    "# Regenerate with: uptimecalc alerts%s\n", VERSION, p->c->name, p->slo_pct,
	    prom_range(p->window_s, r, sizeof(r)), prom_range(p->period_s, per, sizeof(per)),
	    format_duration(p->min_range_s, min, sizeof(min)), argline);
	if (p->c->model != PM_ETH_BEACON)
		printf("# report exports these metrics for Ethereum-family chains only: for\n"
		    "# %s, feed uptimecalc_attestation_duties_total (duties: blocks to sign)\n"
		    "# and uptimecalc_attestation_target_timely_total (signed) from your own\n"
		    "# exporter.\n", p->c->name);
	printf("groups:\n");
	recording(stdout, p);
	printf("  - name: uptimecalc-alerts%s%s\n    rules:\n", p->group ? "-" : "",
	    p->group ? p->group : "");
	burn_alerts(stdout, p);
	chain_alerts(stdout, p);
	return ferror(stdout) ? UC_EIO : UC_OK;
}

int
cmd_alerts(int argc, char **argv, const struct uc_opts *g)
{
	static const struct option opts[] = {
		{ "slo",    required_argument, NULL, 'S' },
		{ "window", required_argument, NULL, 'w' },
		{ "streak", required_argument, NULL, 'k' },
		{ "cost",   required_argument, NULL, 'C' },
		{ "price",  required_argument, NULL, 'P' },
		{ "group",  required_argument, NULL, 'g' },
		CMD_ECON_OPTS,
		CMD_COMMON_OPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct econ_in in = { NULL, NAN, NAN, NAN, NAN, 0 };
	struct cmd_common co;
	struct plan p;
	struct econ e;
	struct strbuf args;
	double u;
	int ch, i, rc = UC_OK;

	memset(&p, 0, sizeof(p));
	p.slo_pct = p.cost_usd_year = p.price_usd = NAN;
	p.window_s = 30 * 86400.0;
	p.streak = 3;
	cmd_common_init(&co, "alerts", usage, help, g);
	while (rc == UC_OK && (ch = cmd_getopt(&co, argc, argv, opts)) != -1) {
		switch (ch) {
		case 'S': rc = opt_slo(&co, optarg, &p.slo_pct); break;
		case 'w': rc = opt_positive_duration(&co, "--window", optarg, &p.window_s);
			break;
		case 'k': rc = opt_count(&co, "--streak", optarg, 1, 1000000, &p.streak);
			break;
		case 'C': rc = opt_cost(&co, optarg, &p.cost_usd_year); break;
		case 'P': rc = opt_amount(&co, "--price", optarg, 1e9, &p.price_usd); break;
		case 'g':
			/* It goes into PromQL and YAML: a plain name only. */
			if (*optarg == '\0' || strlen(optarg) > 200 ||
			    strspn(optarg, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			    "0123456789_.-") != strlen(optarg))
				rc = cmd_usage_error(&co, "--group: letters, digits, '_', '.' "
				    "and '-' only, 1 to 200 of them");
			p.group = optarg;
			break;
		default:
			rc = cmd_shared_opt(&co, ch, optarg, argv, &in);
		}
	}
	if (rc != UC_OK || co.help_shown)
		goto out;
	if (optind < argc)
		rc = cmd_usage_error(&co, "unexpected argument '%s'", argv[optind]);
	else if (co.fmt_given)
		rc = cmd_usage_error(&co, "alerts writes a Prometheus rule file (YAML): "
		    "--format does not apply");
	else if (isnan(p.slo_pct))
		rc = cmd_usage_error(&co, "--slo is required, such as --slo 99.5");
	else if (p.slo_pct >= 100)
		rc = cmd_usage_error(&co, "--slo 100 leaves no error budget to burn: "
		    "give less, such as 99.9");
	else if (isnan(p.cost_usd_year) != isnan(p.price_usd))
		rc = cmd_usage_error(&co, "--cost and --price go together");
	if (rc != UC_OK || (rc = cmd_load(&co, g, &in.c)) != UC_OK ||
	    (rc = econ_init(&e, &in)) != UC_OK)
		goto out;
	p.c = in.c;
	if (p.group)
		snprintf(p.sel, sizeof(p.sel), "{group=\"%s\"}", p.group);
	p.budget_frac = 1 - p.slo_pct / 100;
	p.period_s = p.c->epoch_s > 0 ? p.c->epoch_s : p.c->block_time_s > 0 ?
	    p.c->block_time_s : 60;
	p.min_range_s = fmax(2 * p.period_s, MIN_RANGE_S);
	if (p.window_s < 4 * p.min_range_s) {
		char w[40];

		rc = cmd_usage_error(&co, "--window is too short for %s's data: give at "
		    "least %s (eight epochs)", p.c->name,
		    format_duration(4 * p.min_range_s, w, sizeof(w)));
		goto out;
	}
	p.breakeven_frac = NAN;
	if (!isnan(p.cost_usd_year)) {
		p.economic = true;
		if (econ_breakeven(&e, p.cost_usd_year / p.price_usd, &u) == 0)
			p.breakeven_frac = u;
		else
			diag_warn("no break-even uptime for %s at that cost and price: no "
			    "break-even alert", p.c->name);
	} else {
		p.breakeven_frac = econ_protocol_breakeven(&e);
	}
	p.jail_range_s = p.jail_frac = NAN;
	if (p.c->model == PM_JAIL_WINDOW && p.c->window_blocks > 0 &&
	    p.c->min_signed_frac > 0 && p.c->block_time_s > 0) {
		p.jail_range_s = round(fmax(p.c->window_blocks * p.c->block_time_s,
		    p.min_range_s));
		p.jail_frac = 1 - p.c->min_signed_frac;
	}
	/* The command as given, on one comment line: nothing unprintable. */
	strbuf_init(&args);
	for (i = 1; i < argc; i++)
		strbuf_addf(&args, " %s", argv[i]);
	for (i = 0; args.buf && args.buf[i]; i++)
		if (!isprint((unsigned char)args.buf[i]))
			args.buf[i] = '?';
	rc = write_rules(&p, args.buf ? args.buf : "");
	strbuf_release(&args);
out:
	cmd_common_release(&co);
	return rc;
}
