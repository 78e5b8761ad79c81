#ifndef UC_REPORT_OPTS_H
#define UC_REPORT_OPTS_H

/* report's options.  Private to the report command. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cmd.h"
#include "vlist.h"

extern const char report_opts_usage[];	/* its SYNOPSIS in the man page */
extern const char report_opts_help[];

/* A range longer than this is a typo, not history: 1,200 years of epochs. */
#define REPORT_MAX_RANGE_EPOCHS	100000000ULL

struct report_opts {
	const char	*url;
	char		**headers;
	size_t		 nheaders;
	uint64_t	 epochs, from, to;
	double		 days;
	bool		 has_epochs, has_days, has_from, has_to;
	const char	*windows;
	double		 slo_pct;
	bool		 per_epoch, per_day, follow;
	double		 price_usd;	/* --price, for --per-day; NAN if not given */
	uint64_t	 alert_streak;	/* --alert-streak; 0: none */
	bool		 wide, only_failing, quiet;
	int		 sort;		/* enum report_sort (report_print.h) */
	bool		 sort_given;
	const char	*store_path;
	const char	*output_path;
	int		 concurrency, retries;
	double		 timeout_s;
	uint64_t	 max_response_bytes;	/* 0: the caps alone */
	const char	*textfile;	/* --textfile: metrics written there */
	const char	*listen;	/* --listen: metrics served there */
	const char	*group;		/* --group: the metrics' group label */
	bool		 metrics_per_validator;
	double		 cost_usd_year;	/* --cost; NAN if not given */
	const char	*plot_path;	/* --plot: the range as a chart */
	const char	*script_path;	/* --plot-script */
	struct vlist	 vl;		/* validators as given, while parsing */
	char		**items;	/* then sorted and unique, one a string */
	size_t		 nitems;
};


/*
 * Parse argv into o (defaults first): UC_OK, or a usage error (said);
 * after --help, UC_OK with co->help_shown.  Release o with
 * report_opts_release either way.
 */
int	report_opts_parse(struct report_opts *o, struct cmd_common *co, int argc,
	    char **argv);
void	report_opts_release(struct report_opts *o);

#endif
