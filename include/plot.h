#ifndef UC_PLOT_H
#define UC_PLOT_H

/*
 * Charts through gnuplot: lines of x, y series, on a second y axis where
 * asked, vertical marks, and a grid of cells coloured by a value (a
 * heat map).  x may be a time: dates on the axis.  The file's extension
 * picks the format: .svg, .png or .pdf (900 x 560).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct plot_series {
	const char	*name;
	const double	*x, *y;
	size_t		 n;
	bool		 y2;		/* on the second y axis */
	bool		 steps;		/* a step function, not a line */
	bool		 dashed;	/* a reference line, such as an SLO */
	bool		 points;	/* a mark at each point: a lone one shows */
};

struct plot_mark {
	double		 x;
	const char	*text;
};

/*
 * Cells of rows x columns: column c centred at x[c] (evenly spaced), row r
 * named row[r], top to bottom; z[r * ncols + c] in 0..1 on a green to red
 * scale, or PLOT_GRID_NONE / PLOT_GRID_EMPTY, drawn in two greys.
 */
#define PLOT_GRID_NONE	(-1.0)	/* no data */
#define PLOT_GRID_EMPTY	(-0.5)	/* data, but nothing to count */
struct plot_grid {
	size_t		 ncols, nrows;
	const double	*x;
	double		 xstep;		/* a column's width */
	const double	*z;
	const char *const *row;
	const char	*zlabel;	/* what 0..1 is */
	const char	*none, *empty;	/* the greys' names */
};

struct plot {
	const char	*title, *xlabel, *ylabel, *y2label;	/* y2label may be NULL */
	const struct plot_series *series;
	size_t		 nseries;
	const struct plot_mark *marks;
	size_t		 nmarks;
	bool		 xtime;		/* x is Unix seconds: dates, UTC */
	bool		 xfixed, yfixed;	/* the axes' ranges, else from the data */
	double		 xlo, xhi, ylo, yhi;
	const struct plot_grid *grid;	/* instead of the series; may be NULL */
};

/* Whether path ends in an extension plot_render knows. */
bool	plot_path_ok(const char *path);

/*
 * Draw p into path (written aside and renamed).  UC_OK, or a one-line
 * error: an unknown extension UC_EUSAGE, no gnuplot UC_EUNAVAIL (naming
 * the package), an unwritable path UC_EIO.
 */
int	plot_render(const struct plot *p, const char *path);
/* The gnuplot script of p, its data inline, into path (--plot-script). */
int	plot_write_script(const struct plot *p, const char *path);
/* --plot-script then --plot: either path may be NULL.  UC_OK or as above. */
int	plot_output(const struct plot *p, const char *plot_path, const char *script_path);
/* The same to fp, for the terminal term (NULL: SVG). */
void	plot_script(FILE *fp, const struct plot *p, const char *term);

#endif
