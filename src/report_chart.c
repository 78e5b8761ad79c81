/*
 * report --plot: the per-epoch rows, in order, into a chart of bounded
 * size (report_chart.h), drawn by plot.c.  Column c holds the epochs
 * from + ceil(c x E / ncols) up to the next column's first, E the range's
 * epochs: with E <= REPORT_CHART_COLS, an epoch each.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "plot.h"
#include "report_chart.h"
#include "util.h"

void
report_chart_begin(struct report_chart *c, const char *chain, const uint64_t *idx,
    size_t n, uint64_t from, uint64_t to, const struct report_clock *clock,
    double slo_frac, uint64_t rolling_epochs)
{
	uint64_t epochs = to - from + 1;
	size_t i;

	memset(c, 0, sizeof(*c));
	c->chain = chain;
	c->idx = idx;
	c->n = n;
	c->from = from;
	c->to = to;
	c->clock = *clock;
	c->slo_frac = slo_frac;
	c->rolling_epochs = rolling_epochs;
	c->lines = n <= REPORT_CHART_LINES;
	c->ncols = epochs < REPORT_CHART_COLS ? (size_t)epochs : REPORT_CHART_COLS;
	if (c->lines) {
		c->line = xcalloc(n * c->ncols + 1, sizeof(*c->line));
		for (i = 0; i < n * c->ncols; i++)
			c->line[i] = NAN;
		return;
	}
	c->nrows = n < REPORT_CHART_ROWS ? n : REPORT_CHART_ROWS;
	c->duty = xcalloc(c->nrows * c->ncols, sizeof(*c->duty));
	c->miss = xcalloc(c->nrows * c->ncols, sizeof(*c->miss));
	c->served = xcalloc(c->nrows * c->ncols, sizeof(*c->served));
}

/* The column of epoch e: floor((e - from) x ncols / E). */
static size_t
col_of(const struct report_chart *c, uint64_t e)
{
	return (size_t)((unsigned __int128)(e - c->from) * c->ncols /
	    (c->to - c->from + 1));
}

/* The first epoch of column k (k may be ncols: one past the range). */
static uint64_t
col_first(const struct report_chart *c, size_t k)
{
	uint64_t epochs = c->to - c->from + 1;

	return c->from + (uint64_t)(((unsigned __int128)k * epochs + c->ncols - 1) /
	    c->ncols);
}

/* The place of index among the validators; n when not watched. */
static size_t
place_of(const struct report_chart *c, uint64_t index)
{
	size_t lo = 0, hi = c->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->idx[mid] < index)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < c->n && c->idx[lo] == index ? lo : c->n;
}

void
report_chart_row(void *ctx, const struct epoch_row *row)
{
	struct report_chart *c = ctx;
	size_t k, col, cell;

	if (row->epoch < c->from || row->epoch > c->to ||
	    (k = place_of(c, row->index)) == c->n)
		return;
	col = col_of(c, row->epoch);
	if (c->lines) {
		/* The column's last value: its last epoch's, when it has one. */
		if (row->served && !isnan(row->rolling_uptime_frac))
			c->line[k * c->ncols + col] = row->rolling_uptime_frac;
		return;
	}
	/* Row r holds validators [r n / nrows, (r + 1) n / nrows). */
	cell = (size_t)((unsigned __int128)k * c->nrows / c->n) * c->ncols + col;
	if (!row->served)
		return;
	c->served[cell]++;
	if (row->duty) {
		c->duty[cell]++;
		c->miss[cell] += row->o.target == 0;
	}
}

/* Each validator's rolling uptime in percent, at its columns' last epochs. */
static int
draw_lines(const struct report_chart *c, struct plot *p, const char *plot_path,
    const char *script_path)
{
	struct plot_series *s = xcalloc(c->n + 1, sizeof(*s));
	double *x = xcalloc(c->ncols, sizeof(*x)), *y = xcalloc(c->n * c->ncols + 1,
	    sizeof(*y)), sx[2], slo[2], lo, span;
	char (*name)[40] = xcalloc(c->n + 1, sizeof(*name));
	size_t k, j;
	int rc;

	for (j = 0; j < c->ncols; j++)
		x[j] = c->clock.genesis_s + (double)(col_first(c, j + 1) - 1) *
		    c->clock.epoch_s;
	for (k = 0; k < c->n; k++) {
		for (j = 0; j < c->ncols; j++)
			y[k * c->ncols + j] = 100 * c->line[k * c->ncols + j];
		snprintf(name[k], sizeof(name[k]), "validator %llu",
		    (unsigned long long)c->idx[k]);
		/* Marks where there are few points: a lone epoch between gaps shows. */
		s[k] = (struct plot_series){ .name = name[k], .x = x,
		    .y = y + k * c->ncols, .n = c->ncols, .points = c->ncols <= 100 };
	}
	p->series = s;
	p->nseries = c->n;
	/*
	 * Uptime from the lowest point (or the SLO) to 100 %, 2 % of that
	 * beyond each end so that a line on either shows: never an empty
	 * range, never far past 0 or 100.
	 */
	lo = isnan(c->slo_frac) ? 100 : 100 * c->slo_frac;
	for (j = 0; j < c->n * c->ncols; j++)
		if (!isnan(y[j]) && y[j] < lo)
			lo = y[j];
	span = 100 - lo < 1 ? 1 : 100 - lo;
	p->yfixed = true;
	p->ylo = lo - 0.02 * span;
	p->yhi = 100 + 0.02 * span;
	/* Half an epoch beyond the range's first and last: one epoch shows too. */
	p->xfixed = true;
	p->xlo = c->clock.genesis_s + ((double)c->from - 0.5) * c->clock.epoch_s;
	p->xhi = c->clock.genesis_s + ((double)c->to + 0.5) * c->clock.epoch_s;
	if (!isnan(c->slo_frac)) {
		sx[0] = x[0];
		sx[1] = x[c->ncols - 1];
		slo[0] = slo[1] = 100 * c->slo_frac;
		snprintf(name[c->n], sizeof(name[c->n]), "SLO %g %%", 100 * c->slo_frac);
		s[p->nseries++] = (struct plot_series){ .name = name[c->n], .x = sx,
		    .y = slo, .n = 2, .dashed = true };
	}
	rc = plot_output(p, plot_path, script_path);
	free(name);
	free(y);
	free(x);
	free(s);
	return rc;
}

/* The grid: a cell's share of duties missed, or one of the two greys. */
static int
draw_grid(const struct report_chart *c, struct plot *p, const char *plot_path,
    const char *script_path)
{
	size_t ncells = c->nrows * c->ncols, r, j;
	double *x = xcalloc(c->ncols, sizeof(*x)), *z = xcalloc(ncells, sizeof(*z));
	char (*name)[48] = xcalloc(c->nrows, sizeof(*name));
	const char **row = xcalloc(c->nrows, sizeof(*row));
	double epochs = (double)(c->to - c->from + 1);
	struct plot_grid g;
	int rc;

	/* Columns centred on their span: evenly spaced, as an image needs. */
	for (j = 0; j < c->ncols; j++)
		x[j] = c->clock.genesis_s + ((double)c->from + ((double)j + 0.5) *
		    epochs / (double)c->ncols) * c->clock.epoch_s;
	for (j = 0; j < ncells; j++)
		z[j] = c->duty[j] ? (double)c->miss[j] / c->duty[j] :
		    c->served[j] ? PLOT_GRID_EMPTY : PLOT_GRID_NONE;
	for (r = 0; r < c->nrows; r++) {
		size_t first = (size_t)(((unsigned __int128)r * c->n + c->nrows - 1) /
		    c->nrows), last = (size_t)(((unsigned __int128)(r + 1) * c->n +
		    c->nrows - 1) / c->nrows) - 1;

		if (first == last)
			snprintf(name[r], sizeof(name[r]), "%llu",
			    (unsigned long long)c->idx[first]);
		else
			snprintf(name[r], sizeof(name[r]), "%llu-%llu",
			    (unsigned long long)c->idx[first], (unsigned long long)c->idx[last]);
		row[r] = name[r];
	}
	g = (struct plot_grid){ .ncols = c->ncols, .nrows = c->nrows, .x = x,
	    .xstep = epochs / (double)c->ncols * c->clock.epoch_s, .z = z,
	    .row = row, .zlabel = "share of duties with the target missed",
	    .none = "no data", .empty = "no duty" };
	p->grid = &g;
	p->ylabel = c->nrows == c->n ? "validator" : "validators";
	rc = plot_output(p, plot_path, script_path);
	free(row);
	free(name);
	free(z);
	free(x);
	return rc;
}

int
report_chart_end(struct report_chart *c, const char *plot_path, const char *script_path)
{
	char title[200], win[32];
	struct plot p;

	format_duration((double)c->rolling_epochs * c->clock.epoch_s, win, sizeof(win));
	if (c->lines)
		snprintf(title, sizeof(title), "%s: uptime over the trailing %s, epochs "
		    "%llu-%llu", c->chain, win, (unsigned long long)c->from,
		    (unsigned long long)c->to);
	else if (c->from == c->to)
		snprintf(title, sizeof(title), "%s: target votes missed, %zu validators, "
		    "epoch %llu", c->chain, c->n, (unsigned long long)c->from);
	else
		snprintf(title, sizeof(title), "%s: target votes missed, %zu validators, "
		    "epochs %llu-%llu%s", c->chain, c->n, (unsigned long long)c->from,
		    (unsigned long long)c->to, c->ncols < c->to - c->from + 1 ?
		    ", several a column" : "");
	p = (struct plot){ .title = title, .xlabel = "time (UTC)",
	    .ylabel = "uptime (%)", .xtime = true };
	return c->lines ? draw_lines(c, &p, plot_path, script_path) :
	    draw_grid(c, &p, plot_path, script_path);
}

void
report_chart_release(struct report_chart *c)
{
	free(c->line);
	free(c->duty);
	free(c->miss);
	free(c->served);
	memset(c, 0, sizeof(*c));
}
