#ifndef UC_REPORT_PRINT_H
#define UC_REPORT_PRINT_H

/*
 * The report's tables: the summary (a row per validator, a total, notes)
 * and the per-epoch rows, streamed.  Formatting only: the numbers come
 * from the model (report.h).  Private to the report command.
 */
#include <stdint.h>
#include <stdio.h>

#include "chaintab.h"
#include "output.h"
#include "report.h"

/* What the summary says beside its rows. */
struct report_summary {
	const struct chain *chain;	/* the currency */
	enum ofmt	 fmt;
	double		 slo_pct;	/* NAN: no SLO columns */
	uint64_t	 from, to;	/* the range */
	uint64_t	 have;		/* epochs of it with data */
};

/* Print rp, finished (report_finish), as a summary.  UC_OK or UC_EIO, said. */
int	report_print_summary(const struct report *rp, const struct report_summary *s,
	    FILE *fp);

/* Per-epoch rows in constant memory: a few thousand at a time. */
struct report_rows {
	struct otable	 t;
	enum ofmt	 fmt;
	FILE		*fp;
};
void	report_print_rows_begin(struct report_rows *rows, const struct chain *chain,
	    enum ofmt fmt, FILE *fp);
/* A report_row_fn: ctx is the struct report_rows. */
void	report_print_row(void *ctx, const struct epoch_row *row);
/* Print the rows added since and flush: UC_OK, or UC_EIO once writing failed. */
int	report_print_rows_flush(struct report_rows *rows);
/* The last rows, JSON's closing bracket, and the table released. */
int	report_print_rows_end(struct report_rows *rows);

#endif
