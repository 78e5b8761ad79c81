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
/* When an epoch starts: genesis + epoch x epoch_s (Unix seconds). */
struct report_clock {
	double	genesis_s;
	double	epoch_s;
};

struct report_summary {
	const struct chain *chain;	/* the currency */
	enum ofmt	 fmt;
	double		 slo_pct;	/* NAN: no SLO columns */
	uint64_t	 from, to;	/* the range */
	uint64_t	 have;		/* epochs of it with data */
	struct report_clock clock;
	const char	(*status)[32];	/* per row of the report; may be NULL */
	bool		 wide;		/* the table shows every column */
	bool		 windows_given;	/* --window: its columns are wanted */
	enum report_sort { SORT_INDEX, SORT_UPTIME, SORT_EFFECTIVENESS, SORT_STREAK }
			 sort;
	bool		 only_failing;	/* rows below the SLO or with a streak */
	bool		 quiet;		/* no notes */
	bool		 utf8;		/* the sparkline in blocks, else ASCII */
};

/* Print rp, finished (report_finish), as a summary.  UC_OK or UC_EIO, said. */
int	report_print_summary(const struct report *rp, const struct report_summary *s,
	    FILE *fp);

/*
 * --alert-streak: the validators of rp, finished, that have missed n or
 * more duty epochs in a row up to its last epoch with data, and have not
 * exited (status, per row, may be NULL), in one line
 * on stderr with the time each streak started.  UC_VERDICT if any, else
 * UC_OK.
 */
int	report_print_alert(const struct report *rp, uint64_t n,
	    const struct report_clock *clock, const char (*status)[32]);

/*
 * JSON's top object: the range from..to and its coverage (have epochs
 * with data), then "rows": for the caller to print the array and "}".
 */
void	report_print_json_top(FILE *fp, const struct report_clock *clock,
	    uint64_t from, uint64_t to, uint64_t have);

/* Per-epoch rows in constant memory: a few thousand at a time. */
struct report_rows {
	struct otable	 t;
	enum ofmt	 fmt;
	FILE		*fp;
	struct report_clock clock;
	bool		 object;	/* JSON: the rows are inside a top object */
};
/*
 * Start the rows; in JSON (not NDJSON), inside an object that gives the
 * range from..to and how many of its epochs have data (have) first.
 */
void	report_print_rows_begin(struct report_rows *rows, const struct chain *chain,
	    enum ofmt fmt, FILE *fp, const struct report_clock *clock, uint64_t from,
	    uint64_t to, uint64_t have);
/* A report_row_fn: ctx is the struct report_rows. */
void	report_print_row(void *ctx, const struct epoch_row *row);
/* Print the rows added since and flush: UC_OK, or UC_EIO once writing failed. */
int	report_print_rows_flush(struct report_rows *rows);
/* The header at once, then a flush: rows that come an epoch at a time. */
int	report_print_rows_header(struct report_rows *rows);
/* The last rows, JSON's closing bracket, and the table released. */
int	report_print_rows_end(struct report_rows *rows);

#endif
