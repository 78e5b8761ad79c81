/*
 * What the commands share: the options every command takes, strict option
 * values with one-line errors, and loading the chain.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "diag.h"
#include "plot.h"
#include "econ.h"
#include "util.h"

void
cmd_common_init(struct cmd_common *co, const char *name, const char *usage,
    const char *help, const struct uc_opts *g)
{
	memset(co, 0, sizeof(*co));
	co->name = name;
	co->usage = usage;
	co->help = help;
	co->chain = "ethereum";
	co->data = g->data;
	co->fmt = OFMT_TABLE;
	co->uptime_req_frac = NAN;
	chaintab_init(&co->tab);
	/*
	 * Parsing starts afresh for every command, and getopt stays quiet.
	 * optind 0, not 1: glibc then forgets main()'s "+" (stop at the first
	 * operand), so "chains ethereum --format csv" works.
	 */
	optind = 0;
	opterr = 0;
}

void
cmd_common_release(struct cmd_common *co)
{
	chaintab_release(&co->tab);
}

int
cmd_usage_error(const struct cmd_common *co, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return diag_error(UC_EUSAGE, "%s: %s (see 'uptimecalc %s --help')", co->name,
	    msg, co->name);
}

int
cmd_getopt(struct cmd_common *co, int argc, char **argv, const struct option *opts)
{
	if (co->help_shown)
		return -1;
	return getopt_long(argc, argv, ":h", opts, NULL);
}

int
cmd_shared_opt(struct cmd_common *co, int c, const char *arg, char **argv,
    struct econ_in *in)
{
	const char *opt = argv[optind - 1];

	if (in != NULL) {
		switch (c) {
		case 's':
			return opt_amount(co, "--stake", arg, 1e12, &in->stake_native);
		case 'T':
			return opt_amount(co, "--total-stake", arg, 1e13,
			    &in->total_stake_native);
		case 'a':
			return opt_frac(co, "--apr", arg, &in->apr_frac);
		case 'p':
			return opt_positive_duration(co, "--period", arg, &in->period_s);
		case 'W':
			if (strcmp(arg, "0x01") == 0 || strcmp(arg, "1") == 0)
				in->credentials = 1;
			else if (strcmp(arg, "0x02") == 0 || strcmp(arg, "2") == 0)
				in->credentials = 2;
			else
				return cmd_usage_error(co, "--credentials: '%s' is not "
				    "0x01 or 0x02", arg);
			return UC_OK;
		case 'U':
			if (opt_frac(co, "--uptime-requirement", arg,
			    &co->uptime_req_frac) != UC_OK)
				return UC_EUSAGE;
			if (!(co->uptime_req_frac > 0))
				return cmd_usage_error(co, "--uptime-requirement: '%s' "
				    "is not above 0", arg);
			return UC_OK;
		}
	}
	switch (c) {
	case 'c':
		co->chain = arg;
		return UC_OK;
	case 'D':
		co->data = arg;
		return UC_OK;
	case 'f':
		if (!output_parse_format(arg, &co->fmt))
			return cmd_usage_error(co, "unknown format '%s'; use table, csv "
			    "or json", arg);
		co->fmt_given = true;
		return UC_OK;
	case 'h':
		/* Not an error, and the end: cmd_getopt stops, the command exits 0. */
		printf("usage: uptimecalc %s\n%s", co->usage, co->help);
		co->help_shown = true;
		return UC_OK;
	case ':':
		return cmd_usage_error(co, "option '%s' needs a value", opt);
	case '?':
		if (optopt)
			return cmd_usage_error(co, "unknown option '-%c'", optopt);
		break;
	}
	return cmd_usage_error(co, "unknown option '%s'", opt);
}

int
cmd_load(struct cmd_common *co, const struct uc_opts *g, const struct chain **out)
{
	const char *path = chaintab_default_path(co->data, g->argv0);
	int rc;

	if ((rc = chaintab_load(&co->tab, path)) != UC_OK)
		return rc;
	if (out == NULL)
		return UC_OK;
	if ((rc = chaintab_lookup(&co->tab, co->chain, out)) != UC_OK)
		return rc;
	if (!isnan(co->uptime_req_frac)) {
		/* A rule the table cannot know yet, such as Avalanche's ACP-267. */
		if ((*out)->model != PM_STEP_THRESHOLD &&
		    (*out)->model != PM_CYCLE_THRESHOLD)
			return cmd_usage_error(co, "--uptime-requirement: %s has no "
			    "uptime threshold per period", (*out)->name);
		co->own = **out;
		co->own.uptime_reward_threshold_frac = co->uptime_req_frac;
		*out = &co->own;
	}
	return UC_OK;
}

int
opt_duration(const struct cmd_common *co, const char *opt, const char *arg,
    double *out_s)
{
	if (!parse_duration_s(arg, out_s))
		return cmd_usage_error(co, "%s: '%s' is not a duration; use a number "
		    "with s, m, h, d, w or y, such as 90m or 4.5d", opt, arg);
	if (*out_s > MAX_DURATION_S)
		return cmd_usage_error(co, "%s: '%s' is longer than 100 years", opt, arg);
	return UC_OK;
}

int
opt_positive_duration(const struct cmd_common *co, const char *opt,
    const char *arg, double *out_s)
{
	int rc = opt_duration(co, opt, arg, out_s);

	if (rc == UC_OK && !(*out_s > 0))
		return cmd_usage_error(co, "%s must be positive", opt);
	return rc;
}

int
opt_count(const struct cmd_common *co, const char *opt, const char *arg,
    uint64_t lo, uint64_t hi, uint64_t *out)
{
	if (!parse_u64(arg, out) || *out < lo || *out > hi)
		return cmd_usage_error(co, "%s: '%s' is not a whole number from %llu to "
		    "%llu", opt, arg, (unsigned long long)lo, (unsigned long long)hi);
	return UC_OK;
}

int
opt_amount(const struct cmd_common *co, const char *opt, const char *arg,
    double max, double *out)
{
	if (!parse_double(arg, out))
		return cmd_usage_error(co, "%s: '%s' is not a number", opt, arg);
	if (!(*out > 0))
		return cmd_usage_error(co, "%s: '%s' must be positive", opt, arg);
	if (*out > max)
		return cmd_usage_error(co, "%s: '%s' is absurdly large", opt, arg);
	return UC_OK;
}

int
opt_prob(const struct cmd_common *co, const char *opt, const char *arg, double *out)
{
	size_t n = strlen(arg);
	bool pct = n > 0 && arg[n - 1] == '%';
	bool ok = pct ? parse_percent_frac(arg, out) : parse_double(arg, out);

	if (!ok || *out < 0 || *out > 1)
		return cmd_usage_error(co, "%s: '%s' is not a fraction in [0, 1] or a "
		    "percentage such as 3.5%%", opt, arg);
	return UC_OK;
}

int
opt_frac(const struct cmd_common *co, const char *opt, const char *arg, double *out)
{
	int rc = opt_prob(co, opt, arg, out);

	if (rc == UC_OK && *out == 0)
		return cmd_usage_error(co, "%s: must be above 0", opt);
	return rc;
}

int
opt_cost(const struct cmd_common *co, const char *arg, double *usd_year)
{
	char num[64];
	const char *slash = strchr(arg, '/');
	size_t n = slash ? (size_t)(slash - arg) : strlen(arg);
	double v, per_year = 12;

	if (n == 0 || n >= sizeof(num))
		goto bad;
	memcpy(num, arg, n);
	num[n] = '\0';
	if (slash && strcmp(slash, "/month") == 0)
		per_year = 12;
	else if (slash && strcmp(slash, "/year") == 0)
		per_year = 1;
	else if (slash)
		goto bad;
	if (!parse_double(num, &v) || v < 0)
		goto bad;
	if (v > 1e12)
		return cmd_usage_error(co, "--cost: '%s' is absurdly large", arg);
	*usd_year = v * per_year;
	return UC_OK;
bad:
	return cmd_usage_error(co, "--cost: '%s' is not an amount in USD such as 50, "
	    "50/month or 600/year", arg);
}

int
opt_slo(const struct cmd_common *co, const char *arg, double *out_pct)
{
	if (!parse_percent(arg, out_pct))
		return cmd_usage_error(co, "--slo: '%s' is not a percentage such as "
		    "99.5", arg);
	if (!(*out_pct > 0 && *out_pct <= 100))
		return cmd_usage_error(co, "--slo: %s is outside 0 < PERCENT <= 100", arg);
	return UC_OK;
}

int
opt_plot(const struct cmd_common *co, const char *arg, const char **out)
{
	/* Said before any work: a report fetched for a chart it cannot draw. */
	if (!plot_path_ok(arg))
		return cmd_usage_error(co, "--plot: '%s' does not end in .svg, .png or "
		    ".pdf", arg);
	*out = arg;
	return UC_OK;
}

/* Months are twelfths of the Julian year, as in ha's simulation. */
int
opt_events(const struct cmd_common *co, const char *opt, const char *arg,
    double *per_year, double *each_s)
{
	static const struct { const char *name; double per_year; } units[] = {
		{ "week", SECONDS_PER_YEAR / (7 * SECONDS_PER_DAY) },
		{ "month", 12 },
		{ "year", 1 },
	};
	char buf[64], *unit, *dur;
	double n;
	size_t i;

	if (strlen(arg) >= sizeof(buf))
		goto bad;
	strcpy(buf, arg);
	if ((unit = strchr(buf, '/')) == NULL || (dur = strchr(unit, '@')) == NULL)
		goto bad;
	*unit++ = '\0';
	*dur++ = '\0';
	for (i = 0; i < NELEM(units); i++)
		if (strcmp(unit, units[i].name) == 0)
			break;
	if (i == NELEM(units) || !parse_double(buf, &n) || n < 0 ||
	    !parse_duration_s(dur, each_s))
		goto bad;
	if (n * units[i].per_year > 1e6 || *each_s > MAX_DURATION_S)
		return cmd_usage_error(co, "%s: '%s' is absurdly large", opt, arg);
	*per_year = n * units[i].per_year;
	return UC_OK;
bad:
	return cmd_usage_error(co, "%s: '%s' is not N/UNIT@DURATION with UNIT week, "
	    "month or year, such as 2/month@10m", opt, arg);
}

void
cmd_output_currency(struct otable *t, const struct chain *c)
{
	t->currency = c->currency;
	t->gwei_per_native = isnan(c->gwei_per_native) ? 1e9 : c->gwei_per_native;
}

void
cmd_note_rate_by_duration(struct otable *t, const struct econ *e)
{
	char p[32], mp[32];

	if (!econ_rate_by_duration(e->c) || isnan(e->apr_frac))
		return;
	format_duration(e->period_s, p, sizeof(p));
	format_duration(e->c->minting_period_s, mp, sizeof(mp));
	output_note(t, "%s's reward rate grows with the staking period: a stake of "
	    "%s earns %.3f %% a year, one of %s %.3f %% (the table's APR; "
	    "--period sets the stake's)", e->c->name, p, 100 * e->period_apr_frac,
	    mp, 100 * e->apr_frac);
}

void
cmd_note_caveat(struct otable *t, const struct chain *c)
{
	if (c->caveat != NULL && c->caveat[0] != '\0')
		output_note(t, "%s: %s", c->name, c->caveat);
}

void
cmd_note_credentials(struct otable *t, const struct econ *e)
{
	const struct chain *c = e->c;

	if (c->model != PM_ETH_BEACON)
		return;
	if (e->swept_native > 0)
		output_note(t, "0x01 withdrawal credentials: the effective balance is "
		    "capped at %g %s; the %g %s above it are swept to the withdrawal "
		    "address and earn nothing", c->min_stake_native, c->currency,
		    e->swept_native, c->currency);
	else if (e->credentials == 2 && e->credentials_defaulted)
		output_note(t, "a stake above %g %s assumes 0x02 (compounding) "
		    "withdrawal credentials, with an effective balance up to %g %s; "
		    "give --credentials 0x01 for a validator that is not compounding",
		    c->min_stake_native, c->currency,
		    c->max_effective_balance_gwei / c->gwei_per_native, c->currency);
}
