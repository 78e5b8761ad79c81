/*
 * Charts, drawn by gnuplot (Debian gnuplot-nox): a script with the data
 * inline goes to gnuplot's standard input, and the picture comes back on
 * its standard output into the file, written aside and renamed (outfile.c).
 * No path is ever quoted into the script, and the script holds no time
 * or host: the same chart gives the same SVG.  The only runner of gnuplot.
 */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "diag.h"
#include "outfile.h"
#include "plot.h"

#define WIDTH	900
#define HEIGHT	560

/* The terminal for path's extension, or NULL. */
static const char *
terminal(const char *path)
{
	const char *dot = strrchr(path, '.');

	if (dot == NULL)
		return NULL;
	if (strcmp(dot, ".svg") == 0)
		return "svg size 900,560 fixed enhanced font 'Sans,11' background rgb 'white'";
	if (strcmp(dot, ".png") == 0)
		return "pngcairo size 900,560 enhanced font 'Sans,10' background rgb 'white'";
	if (strcmp(dot, ".pdf") == 0)
		return "pdfcairo size 9in,5.6in enhanced font 'Sans,10'";
	return NULL;
}

bool
plot_path_ok(const char *path)
{
	return terminal(path) != NULL;
}

/* A text for the script: in double quotes, with what gnuplot reads escaped. */
static void
quoted(FILE *fp, const char *s)
{
	fputc('"', fp);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', fp);
		if (*s == '\n')
			fputc(' ', fp);
		else
			fputc(*s, fp);
	}
	fputc('"', fp);
}

/* A number of the data: as exact as a double; gnuplot's NaN leaves a gap. */
static void
number(FILE *fp, double v)
{
	if (isnan(v))
		fputs("NaN", fp);
	else
		fprintf(fp, "%.17g", v);
}

/*
 * Cells an SVG grid draws one by one: crisp in every viewer, where an
 * image is a bitmap the viewer may smooth; past this the file would grow
 * to megabytes, and a cell is a pixel or two anyway.
 */
#define GRID_SVG_CELLS	20000

/* The grid: one "x row z" line per cell, drawn as an image. */
static void
grid_script(FILE *fp, const struct plot_grid *g, bool svg)
{
	size_t r, c, step, k;
	/* An image needs two columns to know a column's width: one is doubled. */
	size_t copies = g->ncols == 1 ? 2 : 1;

	/* Two greys, then green through yellow to red for 0..1. */
	fprintf(fp, "set palette defined (-1 '#707070', -0.75 '#707070', "
	    "-0.75 '#e0e0e0', -0.25 '#e0e0e0', -0.25 '#1a9850', 0 '#1a9850', "
	    "0.5 '#fee08b', 1 '#d73027')\nset cbrange [-1:1]\nset cbtics (");
	quoted(fp, g->none);
	fprintf(fp, " -0.875, ");
	quoted(fp, g->empty);
	fprintf(fp, " -0.5, \"0\" 0, \"0.5\" 0.5, \"1\" 1)\nset cblabel ");
	quoted(fp, g->zlabel);
	fprintf(fp, "\nset yrange [%.17g:-0.5]\n", (double)g->nrows - 0.5);
	/* The columns' edges, half a column beyond the centres. */
	fprintf(fp, "set xrange [%.17g:%.17g]\n", g->x[0] - g->xstep / 2,
	    g->x[g->ncols - 1] + g->xstep / 2);
	fprintf(fp, "set ytics (");
	/* At most about 25 names on the axis: every step-th row. */
	step = g->nrows > 25 ? (g->nrows + 24) / 25 : 1;
	for (r = 0; r < g->nrows; r += step) {
		fputs(r ? ", " : "", fp);
		quoted(fp, g->row[r]);
		fprintf(fp, " %zu", r);
	}
	fprintf(fp, ")\nunset grid\n$G << EOD\n");
	for (r = 0; r < g->nrows; r++) {
		for (c = 0; c < g->ncols; c++)
			for (k = 0; k < copies; k++) {
				number(fp, copies == 1 ? g->x[c] : g->x[c] +
				    ((double)k - 0.5) * g->xstep / 2);
				fprintf(fp, " %zu ", r);
				number(fp, g->z[r * g->ncols + c]);
				fputc('\n', fp);
			}
		fputc('\n', fp);
	}
	fprintf(fp, "EOD\nplot $G using 1:2:3 with image %snotitle\n", svg &&
	    g->nrows * g->ncols <= GRID_SVG_CELLS ? "pixels " : "");
}

/*
 * A time axis: dates for a range of days (a tick on whole days, UTC),
 * times of day within two days, seconds within two hours.
 */
static void
time_axis(FILE *fp, const struct plot *p)
{
	double lo = INFINITY, hi = -INFINITY, days;
	size_t i, j;

	if (p->grid != NULL)
		for (i = 0; i < p->grid->ncols; i++) {
			lo = fmin(lo, p->grid->x[i]);
			hi = fmax(hi, p->grid->x[i]);
		}
	for (j = 0; p->grid == NULL && j < p->nseries; j++)
		for (i = 0; i < p->series[j].n; i++) {
			lo = fmin(lo, p->series[j].x[i]);
			hi = fmax(hi, p->series[j].x[i]);
		}
	fprintf(fp, "set xdata time\nset timefmt \"%%s\"\n");
	if (hi - lo > 2 * 86400) {
		/* At most about ten ticks, each on a midnight. */
		days = ceil((hi - lo) / 86400 / 10);
		fprintf(fp, "set format x \"%%Y-%%m-%%d\" timedate\nset xtics %.17g\n",
		    days * 86400);
	} else {
		fprintf(fp, "set format x \"%s\" timedate\n", hi - lo > 2 * 3600 ?
		    "%m-%d\\n%H:%M" : "%m-%d\\n%H:%M:%S");
	}
}

void
plot_script(FILE *fp, const struct plot *p, const char *term)
{
	size_t i, j;

	fprintf(fp, "# uptimecalc chart: run 'gnuplot this-file > chart.svg'\n");
	fprintf(fp, "set terminal %s\n", term ? term : terminal(".svg"));
	fprintf(fp, "set encoding utf8\nset title ");
	quoted(fp, p->title);
	fprintf(fp, "\nset xlabel ");
	quoted(fp, p->xlabel);
	fprintf(fp, "\nset ylabel ");
	quoted(fp, p->ylabel);
	fprintf(fp, "\nset grid\nset key outside bottom center horizontal\n"
	    "set ytics nomirror\n");
	if (p->xtime)
		time_axis(fp, p);
	if (p->y2label) {
		fprintf(fp, "set y2label ");
		quoted(fp, p->y2label);
		fprintf(fp, "\nset y2tics\n");
	}
	for (i = 0; i < p->nmarks; i++) {
		fprintf(fp, "set arrow from %.17g, graph 0 to %.17g, graph 1 nohead "
		    "dashtype 2 linecolor rgb '#c0392b'\nset label ", p->marks[i].x,
		    p->marks[i].x);
		quoted(fp, p->marks[i].text);
		fprintf(fp, " at %.17g, graph 0.95 right offset -0.5,0 textcolor rgb "
		    "'#c0392b'\n", p->marks[i].x);
	}
	if (p->grid != NULL) {
		grid_script(fp, p->grid, term == NULL || strncmp(term, "svg", 3) == 0);
		return;
	}
	if (p->xfixed)
		fprintf(fp, "set xrange [%.17g:%.17g]\n", p->xlo, p->xhi);
	if (p->yfixed)
		fprintf(fp, "set yrange [%.17g:%.17g]\n", p->ylo, p->yhi);
	else	/* room beyond the lines, so that one on the edge shows */
		fprintf(fp, "set offsets 0, 0, graph 0.05, graph 0.05\n");
	/* The data inline, one block per series: x y, as exact as a double. */
	for (j = 0; j < p->nseries; j++) {
		fprintf(fp, "$S%zu << EOD\n", j);
		for (i = 0; i < p->series[j].n; i++) {
			number(fp, p->series[j].x[i]);
			fputc(' ', fp);
			number(fp, p->series[j].y[i]);
			fputc('\n', fp);
		}
		fprintf(fp, "EOD\n");
	}
	fprintf(fp, "plot ");
	for (j = 0; j < p->nseries; j++) {
		const struct plot_series *s = &p->series[j];

		fprintf(fp, "%s$S%zu using 1:2 with %s linewidth 2 %s%stitle ", j ? ", " : "",
		    j, s->steps ? "steps" : s->points ? "linespoints pointtype 7 "
		    "pointsize 0.6" : "lines", s->y2 ? "axes x1y2 " : "",
		    s->dashed ? "dashtype 2 linecolor rgb '#c0392b' " : "");
		quoted(fp, s->name);
	}
	fprintf(fp, "\n");
}

/* All of buf to fd, whatever signals come: UC_OK, or errno's failure. */
static int
write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return errno ? errno : EIO;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

int
plot_render(const struct plot *p, const char *path)
{
	const char *term = terminal(path);
	struct outfile of;
	int in[2], status, rc, werr;
	char *script = NULL;
	size_t len = 0;
	pid_t pid;
	FILE *ms;

	if (term == NULL)
		return diag_error(UC_EUSAGE, "--plot: '%s' does not end in .svg, .png or "
		    ".pdf", path);
	/* The whole script first: a signal cannot cut it short in the pipe. */
	if ((ms = open_memstream(&script, &len)) == NULL)
		return diag_error(UC_EOSERR, "cannot build the chart: %s", strerror(errno));
	plot_script(ms, p, term);
	if (fclose(ms) != 0) {
		free(script);
		return diag_error(UC_EOSERR, "cannot build the chart: %s", strerror(errno));
	}
	if ((rc = outfile_open(&of, path)) != UC_OK) {
		free(script);
		return rc;
	}
	if (pipe(in) != 0) {
		free(script);
		outfile_close(&of, false);
		return diag_error(UC_EOSERR, "cannot start gnuplot: %s", strerror(errno));
	}
	fflush(of.fp);
	if ((pid = fork()) < 0) {
		free(script);
		close(in[0]);
		close(in[1]);
		outfile_close(&of, false);
		return diag_error(UC_EOSERR, "cannot start gnuplot: %s", strerror(errno));
	}
	if (pid == 0) {
		/*
		 * gnuplot reads the script and writes the picture: nothing else.
		 * In its own process group, a terminal's Ctrl-C reaches only us,
		 * not a gnuplot that would read the rest of the data as commands.
		 */
		setpgid(0, 0);
		dup2(in[0], STDIN_FILENO);
		dup2(fileno(of.fp), STDOUT_FILENO);
		close(in[0]);
		close(in[1]);
		execlp("gnuplot", "gnuplot", (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	/* gnuplot gone early must not kill us with SIGPIPE. */
	signal(SIGPIPE, SIG_IGN);
	errno = 0;
	werr = write_all(in[1], script, len);
	close(in[1]);
	free(script);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
		outfile_close(&of, false);
		return diag_error(UC_EUNAVAIL, "--plot needs gnuplot, which was not found "
		    "(Debian: apt install gnuplot-nox); --plot-script writes the script "
		    "without it");
	}
	/* A chart of part of its data is no chart. */
	if (werr != 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		outfile_close(&of, false);
		return diag_error(UC_ESOFTWARE, "gnuplot failed on the chart of '%s'%s%s",
		    path, werr ? ": " : "", werr ? strerror(werr) : "");
	}
	return outfile_close(&of, true);
}

int
plot_write_script(const struct plot *p, const char *path)
{
	struct outfile of;
	int rc;

	if ((rc = outfile_open(&of, path)) != UC_OK)
		return rc;
	plot_script(of.fp, p, NULL);
	return outfile_close(&of, true);
}

int
plot_output(const struct plot *p, const char *plot_path, const char *script_path)
{
	int rc = UC_OK;

	if (script_path)
		rc = plot_write_script(p, script_path);
	if (rc == UC_OK && plot_path)
		rc = plot_render(p, plot_path);
	return rc;
}
