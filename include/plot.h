#ifndef UC_PLOT_H
#define UC_PLOT_H

/*
 * Charts through gnuplot: lines of x, y series, on a second y axis where
 * asked, and vertical marks.  The file's extension picks the format:
 * .svg, .png or .pdf (900 x 560).
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
};

struct plot_mark {
	double		 x;
	const char	*text;
};

struct plot {
	const char	*title, *xlabel, *ylabel, *y2label;	/* y2label may be NULL */
	const struct plot_series *series;
	size_t		 nseries;
	const struct plot_mark *marks;
	size_t		 nmarks;
};

/*
 * Draw p into path (written aside and renamed).  UC_OK, or a one-line
 * error: an unknown extension UC_EUSAGE, no gnuplot UC_EUNAVAIL (naming
 * the package), an unwritable path UC_EIO.
 */
int	plot_render(const struct plot *p, const char *path);
/* The gnuplot script of p, its data inline, into path (--plot-script). */
int	plot_write_script(const struct plot *p, const char *path);
/* The same to fp, for the terminal term (NULL: SVG). */
void	plot_script(FILE *fp, const struct plot *p, const char *term);

#endif
