#ifndef UC_REPORT_DAYS_H
#define UC_REPORT_DAYS_H

/*
 * --per-day: a row per validator and UTC day, and a total per day, for
 * spreadsheets and accounting.  Fed the per-epoch rows in order; memory
 * is per validator.  Private to the report command.
 */
#include <stdio.h>

#include "chaintab.h"
#include "output.h"
#include "report.h"
#include "report_print.h"

struct day_sums {
	uint64_t duty, target;
	int64_t	 gain, loss, ideal;	/* gwei */
};

struct report_days {
	struct otable	 t;
	enum ofmt	 fmt;
	FILE		*fp;
	struct report_clock clock;
	double		 price_usd;	/* NAN: no reward_usd */
	double		 gwei_per_native;
	const uint64_t	*idx;		/* the validators, sorted */
	size_t		 n;
	struct day_sums	*sum;		/* per validator, this day */
	int64_t		 day;		/* days since 1970, of the rows summed */
	uint64_t	 epochs, last_epoch;	/* epochs of it with data */
	bool		 object;
};

/* Start: JSON gives the range and its coverage at the top, as the rows. */
void	report_days_begin(struct report_days *d, const struct chain *chain,
	    enum ofmt fmt, FILE *fp, const struct report_clock *clock, double price_usd,
	    const uint64_t *idx, size_t n, uint64_t from, uint64_t to, uint64_t have);
/* A report_row_fn: ctx is the struct report_days. */
void	report_days_row(void *ctx, const struct epoch_row *row);
/* The last day's rows and the end.  UC_OK or UC_EIO (said by the closer). */
int	report_days_end(struct report_days *d);

/*
 * The summary table's sparkline: after the nwin windows of *win (grown),
 * a day window (report.h) per UTC day of from..to, its last
 * REPORT_DAYS_MAX days, each day as --per-day counts it.  Returns the
 * windows in all.
 */
size_t	report_days_windows(const struct report_clock *c, uint64_t from, uint64_t to,
	    struct rwindow **win, size_t nwin);

#endif
