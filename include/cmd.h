#ifndef UC_CMD_H
#define UC_CMD_H

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>

#include "chaintab.h"
#include "econ.h"
#include "output.h"

/* Options given before the command name. */
struct uc_opts {
	const char	*data;		/* --data FILE, or NULL */
	const char	*argv0;		/* the binary, where /proc cannot say */
};

int	cmd_alerts(int argc, char **argv, const struct uc_opts *g);
int	cmd_breakeven(int argc, char **argv, const struct uc_opts *g);
int	cmd_budget(int argc, char **argv, const struct uc_opts *g);
int	cmd_chains(int argc, char **argv, const struct uc_opts *g);
int	cmd_ha(int argc, char **argv, const struct uc_opts *g);
int	cmd_penalty(int argc, char **argv, const struct uc_opts *g);
int	cmd_report(int argc, char **argv, const struct uc_opts *g);

/* What every command shares: the table, the chain, the format. */
struct cmd_common {
	const char	*name;		/* the command, for messages */
	const char	*usage;		/* its synopsis */
	const char	*help;		/* its option list */
	const char	*chain;
	const char	*data;
	enum ofmt	 fmt;
	bool		 fmt_given;
	bool		 help_shown;	/* --help was printed: stop, exit 0 */
	double		 uptime_req_frac; /* --uptime-requirement; NAN if not given */
	struct chaintab	 tab;
	struct chain	 own;		/* the chain with the user's overrides */
};

/* Long options every command takes; append with CMD_COMMON_OPTS. */
#define CMD_COMMON_OPTS \
	{ "chain",  required_argument, NULL, 'c' }, \
	{ "data",   required_argument, NULL, 'D' }, \
	{ "format", required_argument, NULL, 'f' }, \
	{ "help",   no_argument,       NULL, 'h' }

/* Their lines in --help, to end a command's help text with. */
#define CMD_COMMON_HELP \
    "  --data FILE               network table to read (default: $UPTIMECALC_DATA,\n" \
    "                            else the installed networks.csv)\n" \
    "  --format table|csv|json   output format (default table)\n" \
    "  --help                    show this help\n"

/* The model inputs penalty, breakeven and budget share; CMD_ECON_OPTS. */
#define CMD_ECON_OPTS \
	{ "stake",       required_argument, NULL, 's' }, \
	{ "total-stake", required_argument, NULL, 'T' }, \
	{ "apr",         required_argument, NULL, 'a' }, \
	{ "period",      required_argument, NULL, 'p' }, \
	{ "uptime-requirement", required_argument, NULL, 'U' }, \
	{ "credentials", required_argument, NULL, 'W' }

void	cmd_common_init(struct cmd_common *co, const char *name, const char *usage,
	    const char *help, const struct uc_opts *g);
void	cmd_common_release(struct cmd_common *co);

/*
 * The next option, as getopt_long(3) with the option string every command
 * shares (":h": a missing value is ':', -h is --help); -1 at the end of
 * the options, and once --help has been shown.  A command's option loop:
 *
 *	while (rc == UC_OK && (ch = cmd_getopt(&co, argc, argv, opts)) != -1)
 *		switch (ch) { its own options; default: cmd_shared_opt() }
 *	if (rc != UC_OK || co.help_shown)
 *		goto out;	(after --help, rc is UC_OK: exit 0)
 *
 * --help is a state of co, not a status: rc holds exit statuses only
 * (enum uc_status), so nothing else can reach main()'s exit.
 */
int	cmd_getopt(struct cmd_common *co, int argc, char **argv,
	    const struct option *opts);

struct econ_in;
/*
 * Handle an option the command does not parse itself: one of
 * CMD_ECON_OPTS into in (NULL for a command without them), one of
 * CMD_COMMON_OPTS, getopt's ':' and '?', or an unknown one.  Returns UC_OK
 * or, after a one-line error, UC_EUSAGE.  --help prints the command's
 * help, sets co->help_shown and returns UC_OK.
 */
int	cmd_shared_opt(struct cmd_common *co, int c, const char *arg, char **argv,
	    struct econ_in *in);

/* Load the table and look the chain up; one-line errors. */
int	cmd_load(struct cmd_common *co, const struct uc_opts *g,
	    const struct chain **out);

/* Strict option values: each prints a one-line error and returns UC_EUSAGE. */
int	opt_duration(const struct cmd_common *co, const char *opt, const char *arg,
	    double *out_s);
/* A duration above 0. */
int	opt_positive_duration(const struct cmd_common *co, const char *opt,
	    const char *arg, double *out_s);
/*
 * A whole number from lo to hi, both allowed: a count, a seed.  Every
 * whole-number option goes through here, so all say the range alike.
 */
int	opt_count(const struct cmd_common *co, const char *opt, const char *arg,
	    uint64_t lo, uint64_t hi, uint64_t *out);
int	opt_amount(const struct cmd_common *co, const char *opt, const char *arg,
	    double max, double *out);
int	opt_frac(const struct cmd_common *co, const char *opt, const char *arg,
	    double *out);
/* A probability: as opt_frac, 0 allowed. */
int	opt_prob(const struct cmd_common *co, const char *opt, const char *arg,
	    double *out);
/* --cost USD[/month|/year]: dollars a year (a bare amount is a month's). */
int	opt_cost(const struct cmd_common *co, const char *arg, double *usd_year);
/* --slo PERCENT: 0 < PERCENT <= 100, kept as a percentage. */
int	opt_slo(const struct cmd_common *co, const char *arg, double *out_pct);
/* --plot FILE: a path ending in .svg, .png or .pdf, into *out. */
int	opt_plot(const struct cmd_common *co, const char *arg, const char **out);
/*
 * N/UNIT@DURATION, such as 2/month@10m: N events per week, month or year,
 * each DURATION long, as events a year and seconds each.
 */
int	opt_events(const struct cmd_common *co, const char *opt, const char *arg,
	    double *per_year, double *each_s);

/* Give t the chain's currency and gwei scale, for people's amounts. */
void	cmd_output_currency(struct otable *t, const struct chain *c);

/*
 * Where the reward rate depends on the staking duration (Avalanche), a
 * note with the rate of e's period and of the longest.
 */
void	cmd_note_rate_by_duration(struct otable *t, const struct econ *e);

/*
 * Ethereum-family chains: which withdrawal credentials the figures
 * assume, when it matters (a stake above the minimum), as a note.
 */
void	cmd_note_credentials(struct otable *t, const struct econ *e);

/* The chain's caveat from the table, if it has one, as a note. */
void	cmd_note_caveat(struct otable *t, const struct chain *c);

/* "uptimecalc: penalty: unexpected argument 'x'" and so on. */
int	cmd_usage_error(const struct cmd_common *co, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

#define MAX_DURATION_S	(100 * 365.25 * 86400.0)	/* longer is a typo */

#endif
