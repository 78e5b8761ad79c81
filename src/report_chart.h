#ifndef UC_REPORT_CHART_H
#define UC_REPORT_CHART_H

/*
 * report --plot: the range's per-epoch rows as a chart.  A few validators
 * (REPORT_CHART_LINES or fewer): each one's rolling uptime over time, the
 * SLO dashed.  More: a grid of validators x epochs, each cell the share of
 * duties with a missed target, grey where the node served no data or the
 * validator had no duty.  Memory is bounded by the chart's cells, never
 * by epochs: past REPORT_CHART_COLS epochs a column holds several, past
 * REPORT_CHART_ROWS validators a row holds several.  Private to the
 * report command.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "report.h"
#include "report_print.h"

#define REPORT_CHART_LINES	8
#define REPORT_CHART_COLS	480
#define REPORT_CHART_ROWS	200

struct report_chart {
	const char	*chain;
	const uint64_t	*idx;		/* the validators, sorted */
	size_t		 n;
	uint64_t	 from, to;
	struct report_clock clock;
	double		 slo_frac;	/* NAN: no SLO line */
	uint64_t	 rolling_epochs;
	bool		 lines;		/* else the grid */
	size_t		 ncols, nrows;
	double		*line;		/* lines: n x ncols, NAN where none */
	uint32_t	*duty, *miss, *served;	/* grid: nrows x ncols */
};

void	report_chart_begin(struct report_chart *c, const char *chain,
	    const uint64_t *idx, size_t n, uint64_t from, uint64_t to,
	    const struct report_clock *clock, double slo_frac, uint64_t rolling_epochs);
/* A report_row_fn: ctx is the struct report_chart. */
void	report_chart_row(void *ctx, const struct epoch_row *row);
/* Draw to plot_path and/or write the script to script_path (either NULL). */
int	report_chart_end(struct report_chart *c, const char *plot_path,
	    const char *script_path);
void	report_chart_release(struct report_chart *c);

#endif
