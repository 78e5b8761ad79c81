#ifndef UC_REPORT_METRICS_H
#define UC_REPORT_METRICS_H

/*
 * The report as Prometheus metrics: the text exposition format (0.0.4),
 * for node_exporter's textfile collector (--textfile) and scrapes
 * (--listen), or OpenMetrics 1.0 for a scraper that asks for it.  Counters are over
 * the watched validators and what this process has counted; gauges are of
 * now.  Private to the report command.
 */
#include <stdbool.h>
#include <stdint.h>

#include "report.h"
#include "util.h"

/* A beacon node: its display URL (no secret), up, answers per HTTP status. */
struct report_metrics_node {
	const char	*url;
	bool		 up;
	const uint64_t	*answers;
};

struct report_metrics {
	bool		 openmetrics;	/* OpenMetrics 1.0, else the text format */
	const char	*group;		/* --group: a label on every series; NULL */
	bool		 per_validator;	/* --metrics-per-validator */
	double		 slo_frac;	/* NAN without --slo */
	double		 breakeven_frac;	/* NAN without --cost and --price */
	const char	(*status)[32];	/* per watched validator, the node's */
	uint64_t	 last_epoch;	/* REPORT_NO_EPOCH: none yet */
	double		 last_epoch_time_s;
	const struct report_metrics_node *nodes;	/* --beacon's, in order */
	size_t		 nnodes;
	size_t		 ncodes;	/* of each node's answers */
};

/*
 * The metrics of rp's rows as they stand (a summary's once finished, or
 * the per-epoch view's as it goes), appended to sb.  The error budget is
 * over the rows' first window when rp has one, else over their rolling
 * window (report_init's ring), else over all they counted.
 */
void	report_metrics_render(struct strbuf *sb, const struct report_metrics *m,
	    const struct report *rp);

/*
 * sb into path whole, or not at all: written aside and renamed over it
 * (outfile.h), as the textfile collector needs.  UC_OK or UC_EIO (said).
 */
int	report_metrics_write(const char *path, const struct strbuf *sb);

#endif
