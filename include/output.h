#ifndef UC_OUTPUT_H
#define UC_OUTPUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/*
 * One table of results, printed for people (text) or for programs (CSV,
 * JSON).  People see percent, native currency and durations; programs see
 * base units, fractions and seconds under column names that carry the unit.
 */
/*
 * OFMT_NDJSON, one JSON object per line, is for streams that never end
 * (report --follow --format json); --format does not name it.
 */
enum ofmt { OFMT_TABLE, OFMT_CSV, OFMT_JSON, OFMT_NDJSON };

enum otype {
	OT_STR,		/* text */
	OT_INT,		/* a count: epochs, blocks, restarts */
	OT_GWEI,	/* exact base units; people see native currency */
	OT_SGWEI,	/* signed base units (set with output_num) */
	OT_NATIVE,	/* native currency (ETH, ATOM...) */
	OT_FRAC,	/* fraction 0..1; people see percent */
	OT_SECONDS,	/* seconds; people see "4d 12h" */
	OT_BOOL,	/* 1/0, true/false, yes/no */
	OT_USD,		/* US dollars */
	OT_NUM,		/* a plain number */
};

struct ocol {
	const char	*name;		/* machine name, with its unit */
	const char	*label;		/* for people */
	enum otype	 type;
};

struct ocell {
	bool	 set;
	double	 num;
	uint64_t u64;
	char	*str;
};

struct otable {
	const struct ocol *cols;
	size_t		 ncols;
	bool		 record;	/* one object, shown as label/value pairs */
	struct ocell	*cells;		/* nrows x ncols */
	size_t		 nrows;
	size_t		 caprows;
	char		**notes;
	size_t		 nnotes;
	const char	*currency;	/* for people: "ETH" */
	double		 gwei_per_native;
	size_t		 streamed;	/* rows already printed by output_stream_rows */
	size_t		*stream_w;	/* a streamed table's column widths, fixed by
					   its first rows; NULL before them */
};

/* cols is borrowed and must outlive t. */
void	output_init(struct otable *t, const struct ocol *cols, size_t ncols,
	    bool record);
void	output_release(struct otable *t);

/* Start a new row; the setters below fill the newest row by column name. */
void	output_row(struct otable *t);
void	output_str(struct otable *t, const char *col, const char *v);
void	output_num(struct otable *t, const char *col, double v);	/* NAN: empty */
void	output_u64(struct otable *t, const char *col, uint64_t v);
void	output_bool(struct otable *t, const char *col, bool v);
void	output_note(struct otable *t, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* Parse "table", "csv" or "json". */
bool	output_parse_format(const char *s, enum ofmt *out);

/* Print the whole table.  Returns UC_OK or UC_EIO. */
int	output_print(const struct otable *t, enum ofmt fmt, FILE *fp);

/*
 * Streaming, for long per-epoch paths: begin prints the header, each
 * output_stream_row prints and drops the rows added since, end closes
 * (with the notes, in a table).
 * Memory stays constant however many rows pass.
 */
void	output_stream_begin(struct otable *t, enum ofmt fmt, FILE *fp);
void	output_stream_rows(struct otable *t, enum ofmt fmt, FILE *fp);
/*
 * A table's header now, before any row (for rows that come slowly); else
 * it waits for the first rows to size the columns.
 */
void	output_stream_header(struct otable *t, enum ofmt fmt, FILE *fp);
void	output_stream_end(struct otable *t, enum ofmt fmt, FILE *fp);

#endif
