/*
 * --per-day: the per-epoch rows summed per validator and UTC day.  An
 * epoch belongs to the day it starts in.  Rows go out when the day ends,
 * a day at a time, so memory follows the validators, not the days.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "diag.h"
#include "report_days.h"
#include "util.h"

static const struct ocol day_cols[] = {
	{ "date",		"date (UTC)",		OT_STR },
	{ "scope",		"",			OT_STR },
	{ "validator_index",	"validator",		OT_INT },
	{ "epochs_with_data",	"epochs",		OT_INT },
	{ "duty_epochs",	"duty epochs",		OT_INT },
	{ "target_epochs",	"target epochs",	OT_INT },
	{ "uptime_frac",	"uptime",		OT_FRAC },
	{ "reward_gwei",	"reward",		OT_SGWEI },
	{ "penalty_gwei",	"penalty",		OT_SGWEI },
	{ "net_gwei",		"net",			OT_SGWEI },
	{ "missed_reward_gwei",	"reward missed",	OT_SGWEI },
	{ "net_usd",		"net USD",		OT_USD },
};

/* Days since 1970 of an epoch's start; -1 when the clock is unknown. */
static int64_t
day_of(const struct report_clock *c, uint64_t epoch)
{
	if (!(c->epoch_s > 0))
		return -1;
	return (int64_t)floor((c->genesis_s + (double)epoch * c->epoch_s) / 86400);
}

/* The first epoch of from..to that starts in day d or later (to + 1: none). */
static uint64_t
day_first(const struct report_clock *c, uint64_t from, uint64_t to, int64_t d)
{
	double guess = ceil(((double)d * 86400 - c->genesis_s) / c->epoch_s);
	uint64_t e = guess < (double)from ? from : (uint64_t)guess;

	/* The guess is within an epoch of it: settle by day_of, exactly. */
	while (e > from && day_of(c, e - 1) >= d)
		e--;
	while (e <= to && day_of(c, e) < d)
		e++;
	return e;
}

size_t
report_days_windows(const struct report_clock *c, uint64_t from, uint64_t to,
    struct rwindow **win, size_t nwin)
{
	int64_t d0 = day_of(c, from), d1 = day_of(c, to), d;
	size_t k = nwin;

	if (d0 < 0)
		return nwin;	/* no clock, no days */
	if (d1 - d0 + 1 > REPORT_DAYS_MAX)
		d0 = d1 - REPORT_DAYS_MAX + 1;
	*win = xrealloc(*win, (nwin + (size_t)(d1 - d0 + 1)) * sizeof(**win));
	for (d = d0; d <= d1; d++, k++) {
		struct rwindow *w = &(*win)[k];
		uint64_t first = day_first(c, from, to, d), next = day_first(c, from, to, d + 1);

		memset(w, 0, sizeof(*w));
		format_rfc3339((double)d * 86400, w->name, sizeof(w->name));
		w->name[10] = '\0';	/* YYYY-MM-DD */
		w->day = true;
		w->first = first;
		w->epochs = next - first;
	}
	return k;
}

static void
day_row(struct report_days *d, const char *date, const struct day_sums *s,
    const uint64_t *index)
{
	int64_t net = s->gain - s->loss;

	output_row(&d->t);
	output_str(&d->t, "date", date);
	output_str(&d->t, "scope", index ? "validator" : "total");
	if (index)
		output_u64(&d->t, "validator_index", *index);
	output_u64(&d->t, "epochs_with_data", d->epochs);
	output_u64(&d->t, "duty_epochs", s->duty);
	output_u64(&d->t, "target_epochs", s->target);
	output_num(&d->t, "uptime_frac", s->duty ? (double)s->target / (double)s->duty : NAN);
	output_num(&d->t, "reward_gwei", (double)s->gain);
	output_num(&d->t, "penalty_gwei", (double)s->loss);
	output_num(&d->t, "net_gwei", (double)net);
	output_num(&d->t, "missed_reward_gwei", (double)(s->ideal - net));
	if (!isnan(d->price_usd))
		output_num(&d->t, "net_usd", (double)net / d->gwei_per_native * d->price_usd);
}

/* The rows of the day summed so far, and a fresh one. */
static void
flush_day(struct report_days *d)
{
	struct day_sums total;
	char date[40];
	size_t k;

	if (d->epochs == 0)
		return;
	format_rfc3339((double)d->day * 86400, date, sizeof(date));
	date[10] = '\0';		/* YYYY-MM-DD */
	memset(&total, 0, sizeof(total));
	for (k = 0; k < d->n; k++) {
		const struct day_sums *s = &d->sum[k];

		day_row(d, date, s, &d->idx[k]);
		total.duty += s->duty;
		total.target += s->target;
		total.gain += s->gain;
		total.loss += s->loss;
		total.ideal += s->ideal;
	}
	day_row(d, date, &total, NULL);
	output_stream_rows(&d->t, d->fmt, d->fp);
	memset(d->sum, 0, d->n * sizeof(*d->sum));
	d->epochs = 0;
}

void
report_days_begin(struct report_days *d, const struct chain *chain, enum ofmt fmt,
    FILE *fp, const struct report_clock *clock, double price_usd, const uint64_t *idx,
    size_t n, uint64_t from, uint64_t to, uint64_t have)
{
	memset(d, 0, sizeof(*d));
	output_init(&d->t, day_cols, NELEM(day_cols) - (isnan(price_usd) ? 1 : 0), false);
	cmd_output_currency(&d->t, chain);
	d->fmt = fmt;
	d->fp = fp;
	d->clock = *clock;
	d->price_usd = price_usd;
	d->gwei_per_native = d->t.gwei_per_native;
	d->idx = idx;
	d->n = n;
	d->sum = xcalloc(n + 1, sizeof(*d->sum));
	d->day = -1;
	d->last_epoch = UINT64_MAX;
	d->object = fmt == OFMT_JSON;
	if (d->object)
		report_print_json_top(fp, clock, from, to, have);
	output_stream_begin(&d->t, fmt, fp);
}

void
report_days_row(void *ctx, const struct epoch_row *row)
{
	struct report_days *d = ctx;
	int64_t day = day_of(&d->clock, row->epoch);
	struct day_sums *s;
	size_t lo = 0, hi = d->n, mid;

	if (!row->served)
		return;		/* the day's epochs_with_data says what is missing */
	if (day != d->day) {
		flush_day(d);
		d->day = day;
	}
	if (row->epoch != d->last_epoch) {
		d->epochs++;
		d->last_epoch = row->epoch;
	}
	/* Rows come in index order; a search keeps it right if not. */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (d->idx[mid] < row->index)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == d->n || d->idx[lo] != row->index)
		return;
	s = &d->sum[lo];
	/* A row without a duty may still carry a charge (slashed, after exit). */
	s->duty += row->duty;
	s->target += row->duty && row->o.target == 1;
	s->gain += row->gain_gwei;
	s->loss += row->loss_gwei;
	s->ideal += row->ideal_gwei;
}

int
report_days_end(struct report_days *d)
{
	flush_day(d);
	output_stream_end(&d->t, d->fmt, d->fp);
	if (d->object)
		fputs("}\n", d->fp);
	output_release(&d->t);
	free(d->sum);
	d->sum = NULL;
	return ferror(d->fp) ? UC_EIO : UC_OK;
}
