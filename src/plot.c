/*
 * Charts, drawn by gnuplot (Debian gnuplot-nox): a script with the data
 * inline goes to gnuplot's standard input, and the picture comes back on
 * its standard output into the file, written aside and renamed (outfile.c).
 * No path is ever quoted into the script, and the script holds no time
 * or host: the same chart gives the same SVG.  The only runner of gnuplot.
 */
#include <errno.h>
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
	/* The data inline, one block per series: x y, as exact as a double. */
	for (j = 0; j < p->nseries; j++) {
		fprintf(fp, "$S%zu << EOD\n", j);
		for (i = 0; i < p->series[j].n; i++)
			fprintf(fp, "%.17g %.17g\n", p->series[j].x[i], p->series[j].y[i]);
		fprintf(fp, "EOD\n");
	}
	fprintf(fp, "plot ");
	for (j = 0; j < p->nseries; j++) {
		fprintf(fp, "%s$S%zu using 1:2 with %s linewidth 2 %s title ", j ? ", " : "",
		    j, p->series[j].steps ? "steps" : "lines",
		    p->series[j].y2 ? "axes x1y2" : "");
		quoted(fp, p->series[j].name);
	}
	fprintf(fp, "\n");
}

int
plot_render(const struct plot *p, const char *path)
{
	const char *term = terminal(path);
	struct outfile of;
	int in[2], status, rc;
	pid_t pid;
	FILE *fp;

	if (term == NULL)
		return diag_error(UC_EUSAGE, "--plot: '%s' does not end in .svg, .png or "
		    ".pdf", path);
	if ((rc = outfile_open(&of, path)) != UC_OK)
		return rc;
	if (pipe(in) != 0) {
		outfile_close(&of, false);
		return diag_error(UC_EOSERR, "cannot start gnuplot: %s", strerror(errno));
	}
	fflush(of.fp);
	if ((pid = fork()) < 0) {
		close(in[0]);
		close(in[1]);
		outfile_close(&of, false);
		return diag_error(UC_EOSERR, "cannot start gnuplot: %s", strerror(errno));
	}
	if (pid == 0) {
		/* gnuplot reads the script and writes the picture: nothing else. */
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
	if ((fp = fdopen(in[1], "w")) == NULL) {
		close(in[1]);
	} else {
		plot_script(fp, p, term);
		fclose(fp);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
		outfile_close(&of, false);
		return diag_error(UC_EUNAVAIL, "--plot needs gnuplot, which was not found "
		    "(Debian: apt install gnuplot-nox); --plot-script writes the script "
		    "without it");
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		outfile_close(&of, false);
		return diag_error(UC_ESOFTWARE, "gnuplot failed on the chart of '%s'", path);
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
