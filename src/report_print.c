/*
 * The report's tables: the summary, a row per validator and a total with
 * the windows' and the SLO's columns and the notes that say what the
 * numbers are; and the per-epoch rows, streamed a few thousand at a time.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "diag.h"
#include "report_print.h"
#include "spark.h"
#include "util.h"

/*
 * The table people read by default: who is down, since when, at what
 * cost.  The other columns are --wide's (CSV and JSON carry them all).
 */
static bool
compact(const char *name)
{
	static const char *const keep[] = {
		"scope", "validator_index", "status", "duty_epochs", "uptime_frac",
		"net_effectiveness_frac", "reward_gwei", "missed_reward_gwei",
		"current_miss_streak", "offline_since", "slo_left_epochs",
	};
	size_t i;

	for (i = 0; i < NELEM(keep); i++)
		if (strcmp(name, keep[i]) == 0)
			return true;
	return false;
}

static bool
spark_col(const char *name)
{
	return strcmp(name, "uptime_per_day") == 0;
}

/* Summary rows held at once before the rest is printed as it goes. */
#define SUMMARY_BATCH	4096

/* The summary's columns: fixed, a column per window, the SLO's. */
static struct ocol *
summary_cols(const struct report_summary *sm, const struct rwindow *win, size_t nwin,
    size_t nall, size_t *ncols, char ***names)
{
	double slo_pct = sm->slo_pct;
	static const struct ocol fixed[] = {
		{ "scope",			"",		OT_STR },
		{ "validator_index",		"validator",	OT_INT },
		{ "status",			"status",	OT_STR },
		{ "duty_epochs",		"duty epochs",	OT_INT },
		{ "target_epochs",		"target epochs", OT_INT },
		{ "uptime_frac",		"uptime",	OT_FRAC },
		{ "source_frac",		"source",	OT_FRAC },
		{ "head_frac",			"head",		OT_FRAC },
		{ "effectiveness_frac",		"effectiveness", OT_FRAC },
		{ "net_effectiveness_frac",	"net eff.",	OT_FRAC },
		{ "reward_gwei",		"reward",	OT_SGWEI },
		{ "ideal_gwei",			"ideal",	OT_SGWEI },
		{ "leak_epochs",		"leak epochs",	OT_INT },
		{ "proposals_assigned",		"proposals",	OT_INT },
		{ "proposals_made",		"made",		OT_INT },
		{ "proposals_missed",		"missed",	OT_INT },
		{ "sync_slots",			"sync slots",	OT_INT },
		{ "sync_missed_slots",		"sync missed",	OT_INT },
		{ "sync_reward_gwei",		"sync reward",	OT_SGWEI },
		{ "missed_reward_gwei",		"reward missed", OT_SGWEI },
		{ "current_miss_streak",	"streak (epochs)", OT_INT },
		{ "longest_miss_streak",	"longest (epochs)", OT_INT },
		{ "last_target_epoch",		"last target",	OT_INT },
		{ "offline_since",		"offline since (UTC)", OT_STR },
	};
	static const struct ocol slo[] = {
		{ "slo_allowed_epochs",		"SLO allows (epochs)",	OT_NUM },
		{ "slo_used_epochs",		"used (epochs)",	OT_INT },
		{ "slo_left_epochs",		"left (epochs)",	OT_NUM },
		{ "slo_burn_rate",		"burn (x budget)",	OT_NUM },
	};
	/* The range and its coverage: every row carries them, no table shows them. */
	static const struct ocol range[] = {
		{ "from_epoch",			NULL,	OT_INT },
		{ "to_epoch",			NULL,	OT_INT },
		{ "from_time",			NULL,	OT_STR },
		{ "to_time",			NULL,	OT_STR },
		{ "epochs_with_data",		NULL,	OT_INT },
		{ "epochs_without_data",	NULL,	OT_INT },
	};
	/* The table's sparkline, a character per UTC day (report.h's day windows). */
	static const struct ocol days = { "uptime_per_day", "uptime per day", OT_STR };
	bool spark = nall > nwin;	/* the command adds days for a table only */
	size_t n = NELEM(fixed) + spark + nwin + (isnan(slo_pct) ? 0 : NELEM(slo)) +
	    NELEM(range), k, i;
	struct ocol *cols = xcalloc(n, sizeof(*cols));

	*names = xcalloc(2 * nwin + 1, sizeof(**names));
	for (k = 0; k < NELEM(fixed); k++)
		cols[k] = fixed[k];
	if (spark)
		cols[k++] = days;
	for (i = 0; i < nwin; i++, k++) {
		struct strbuf a, b;

		strbuf_init(&a);
		strbuf_init(&b);
		strbuf_addf(&a, "uptime_%s_frac", win[i].name);
		strbuf_addf(&b, "uptime %s", win[i].name);
		(*names)[2 * i] = a.buf;
		(*names)[2 * i + 1] = b.buf;
		cols[k].name = a.buf;
		cols[k].label = b.buf;
		cols[k].type = OT_FRAC;
	}
	for (i = 0; !isnan(slo_pct) && i < NELEM(slo); i++, k++)
		cols[k] = slo[i];
	for (i = 0; i < NELEM(range); i++, k++)
		cols[k] = range[i];
	for (k = 0; !sm->wide && k < n; k++)
		if (!compact(cols[k].name) && !spark_col(cols[k].name) &&
		    !(sm->windows_given &&
		    strncmp(cols[k].name, "uptime_", 7) == 0 &&
		    strcmp(cols[k].name, "uptime_frac") != 0))
			cols[k].label = NULL;
	*ncols = n;
	return cols;
}

/* A row's place in the table: its sort key, worst first, then its index. */
struct place {
	double	 key;
	uint64_t index;
	size_t	 pos;
};

static int
by_key(const void *a, const void *b)
{
	const struct place *x = a, *y = b;

	/* No duty at all (NAN) sorts last. */
	if (isnan(x->key) != isnan(y->key))
		return isnan(x->key) ? 1 : -1;
	if (x->key != y->key && !isnan(x->key))
		return x->key < y->key ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* Lowest uptime or effectiveness first, longest streak first; else 0. */
static double
sort_key(enum report_sort sort, const struct vstats *s)
{
	switch (sort) {
	case SORT_INDEX:
		break;
	case SORT_UPTIME:
		return report_uptime(s);
	case SORT_EFFECTIVENESS:
		return s->eff_ideal_gwei ? (double)s->eff_net_gwei /
		    (double)s->eff_ideal_gwei : NAN;
	case SORT_STREAK:
		return -(double)s->current_streak;
	}
	return 0;
}

/* Below the objective, or missing now. */
static bool
failing(const struct report_summary *sm, const struct vstats *s)
{
	double u = report_uptime(s);

	return s->current_streak > 0 ||
	    (!isnan(sm->slo_pct) && !isnan(u) && u * 100 < sm->slo_pct);
}

/* When epoch e starts, RFC 3339; "" when the clock is unknown. */
static char *
epoch_time(const struct report_clock *c, uint64_t e, char *buf, size_t size)
{
	buf[0] = '\0';
	if (c != NULL && c->epoch_s > 0)
		format_rfc3339(c->genesis_s + (double)e * c->epoch_s, buf, size);
	return buf;
}

/* The range's columns of a row. */
static void
range_cells(struct otable *t, const struct report_clock *c, uint64_t from,
    uint64_t to, uint64_t have)
{
	char buf[40];

	output_u64(t, "from_epoch", from);
	output_u64(t, "to_epoch", to);
	output_str(t, "from_time", epoch_time(c, from, buf, sizeof(buf)));
	/* The range ends where the epoch after it starts. */
	output_str(t, "to_time", epoch_time(c, to + 1, buf, sizeof(buf)));
	output_u64(t, "epochs_with_data", have);
	output_u64(t, "epochs_without_data", to - from + 1 - have);
}

/* JSON's top: the range and its coverage once, then "rows": the rows. */
void
report_print_json_top(FILE *fp, const struct report_clock *c, uint64_t from, uint64_t to,
    uint64_t have)
{
	char a[40], b[40];

	fprintf(fp, "{\n  \"from_epoch\": %llu,\n  \"to_epoch\": %llu,\n"
	    "  \"from_time\": \"%s\",\n  \"to_time\": \"%s\",\n"
	    "  \"epochs_with_data\": %llu,\n  \"epochs_without_data\": %llu,\n"
	    "  \"rows\": ", (unsigned long long)from, (unsigned long long)to,
	    epoch_time(c, from, a, sizeof(a)), epoch_time(c, to + 1, b, sizeof(b)),
	    (unsigned long long)have, (unsigned long long)(to - from + 1 - have));
}

static double
ratio(int64_t a, int64_t b)
{
	return b ? (double)a / (double)b : NAN;
}

static void
summary_row(struct otable *t, const struct report_summary *sm, const struct report *rp,
    const struct vstats *s, bool total)
{
	double slo_pct = sm->slo_pct;
	size_t w;

	output_row(t);
	output_str(t, "scope", total ? "total" : "validator");
	if (!total) {
		output_u64(t, "validator_index", s->index);
		if (sm->status != NULL)
			output_str(t, "status", sm->status[s - rp->v]);
	}
	output_u64(t, "duty_epochs", s->duty);
	output_u64(t, "target_epochs", s->target);
	output_num(t, "uptime_frac", report_uptime(s));
	output_num(t, "source_frac", ratio((int64_t)s->source, (int64_t)s->duty));
	output_num(t, "head_frac", ratio((int64_t)s->head, (int64_t)s->head_known));
	output_num(t, "effectiveness_frac", ratio(s->eff_pos_gwei, s->eff_ideal_gwei));
	output_num(t, "net_effectiveness_frac", ratio(s->eff_net_gwei, s->eff_ideal_gwei));
	output_num(t, "reward_gwei", (double)s->reward_gwei);
	output_num(t, "ideal_gwei", (double)s->ideal_gwei);
	/* The total counts leak epochs once, not once per validator. */
	output_u64(t, "leak_epochs", total ? rp->leak_epochs : s->leak);
	if (rp->proposal_epochs) {
		output_u64(t, "proposals_assigned", s->proposals);
		output_u64(t, "proposals_made", s->proposed);
		output_u64(t, "proposals_missed", s->missed_proposals);
	}
	/* What the node got wrong is left empty, never shown as a reward. */
	if (rp->sync_epochs) {
		output_u64(t, "sync_slots", s->sync_slots);
		if (s->sync_untrusted == 0) {
			output_u64(t, "sync_missed_slots", s->sync_missed);
			output_num(t, "sync_reward_gwei", (double)s->sync_reward_gwei);
		}
	}
	/* Ideal less actual: what staying online would have added. */
	output_num(t, "missed_reward_gwei", (double)s->ideal_gwei - (double)s->reward_gwei);
	if (!total) {
		char buf[40];

		output_u64(t, "current_miss_streak", s->current_streak);
		output_u64(t, "longest_miss_streak", s->longest_streak);
		if (s->last_target_epoch != REPORT_NO_EPOCH)
			output_u64(t, "last_target_epoch", s->last_target_epoch);
		if (s->current_streak > 0)
			output_str(t, "offline_since", epoch_time(&sm->clock,
			    s->streak_start, buf, sizeof(buf)));
	}
	if (rp->nall > rp->nwin) {
		double up[REPORT_DAYS_MAX];
		char line[3 * REPORT_DAYS_MAX + 1];
		size_t d, nd = rp->nall - rp->nwin < REPORT_DAYS_MAX ? rp->nall - rp->nwin :
		    REPORT_DAYS_MAX;

		for (d = 0; d < nd; d++)
			up[d] = report_window_uptime(s, rp->nwin + d);
		spark_line(line, sizeof(line), up, nd, 0, 1, sm->utf8);
		output_str(t, "uptime_per_day", line);
	}
	for (w = 0; w < rp->nwin; w++) {
		char name[64];

		snprintf(name, sizeof(name), "uptime_%s_frac", rp->win[w].name);
		output_num(t, name, report_window_uptime(s, w));
	}
	if (!isnan(slo_pct)) {
		double allowed = (100 - slo_pct) * (double)s->duty / 100;
		double used = (double)(s->duty - s->target);

		output_num(t, "slo_allowed_epochs", allowed);
		output_num(t, "slo_used_epochs", used);
		output_num(t, "slo_left_epochs", allowed - used);
		output_num(t, "slo_burn_rate", allowed > 0 ? used / allowed : NAN);
	}
	range_cells(t, &sm->clock, sm->from, sm->to, sm->have);
}

static const struct ocol epoch_cols[] = {
	{ "epoch",		"epoch",	OT_INT },
	{ "time",		"time (UTC)",	OT_STR },
	{ "validator_index",	"validator",	OT_INT },
	{ "served",		"data",		OT_BOOL },
	{ "duty",		"duty",		OT_BOOL },
	{ "source",		"source",	OT_INT },
	{ "target",		"target",	OT_INT },
	{ "head",		"head",		OT_INT },
	{ "reward_gwei",	"reward",	OT_SGWEI },
	{ "ideal_gwei",		"ideal",	OT_SGWEI },
	{ "leak",		"leak",		OT_BOOL },
	{ "rolling_uptime_frac", "rolling uptime", OT_FRAC },
};

static double
outcome_num(int o)
{
	return o == OUTCOME_UNKNOWN ? NAN : o;
}

void
report_print_row(void *ctx, const struct epoch_row *row)
{
	struct report_rows *k = ctx;

	char buf[40];

	output_row(&k->t);
	output_u64(&k->t, "epoch", row->epoch);
	output_str(&k->t, "time", epoch_time(&k->clock, row->epoch, buf, sizeof(buf)));
	output_u64(&k->t, "validator_index", row->index);
	output_bool(&k->t, "served", row->served);
	if (!row->served) {
		/* Nothing is known of an epoch the node could not serve. */
		if (k->t.nrows >= 4096)
			output_stream_rows(&k->t, k->fmt, k->fp);
		return;
	}
	output_bool(&k->t, "duty", row->duty);
	output_num(&k->t, "source", outcome_num(row->o.source));
	output_num(&k->t, "target", outcome_num(row->o.target));
	output_num(&k->t, "head", outcome_num(row->o.head));
	if (row->duty) {
		output_num(&k->t, "reward_gwei", (double)row->reward_gwei);
		output_num(&k->t, "ideal_gwei", (double)row->ideal_gwei);
		output_bool(&k->t, "leak", row->o.leak);
	} else if (row->reward_gwei != 0) {
		/* Charged without a duty: a slashed validator after its exit. */
		output_num(&k->t, "reward_gwei", (double)row->reward_gwei);
	}
	output_num(&k->t, "rolling_uptime_frac", row->rolling_uptime_frac);
	if (k->t.nrows >= 4096)
		output_stream_rows(&k->t, k->fmt, k->fp);
}

int
report_print_summary(const struct report *rp, const struct report_summary *s,
    FILE *fp)
{
	struct ocol *cols;
	char **names;
	struct otable t;
	size_t ncols, i;
	int rc;

	struct place *order = xcalloc(rp->n + 1, sizeof(*order));
	size_t shown = 0;
	bool streaming = false;

	cols = summary_cols(s, rp->win, rp->nwin, rp->nall, &ncols, &names);
	output_init(&t, cols, ncols, false);
	cmd_output_currency(&t, s->chain);
	for (i = 0; i < rp->n; i++)
		order[i] = (struct place){ sort_key(s->sort, &rp->v[i]), rp->v[i].index, i };
	qsort(order, rp->n, sizeof(*order), by_key);
	for (i = 0; i < rp->n; i++) {
		if (s->only_failing && !failing(s, &rp->v[order[i].pos]))
			continue;
		summary_row(&t, s, rp, &rp->v[order[i].pos], false);
		shown++;
		/*
		 * Past a few thousand rows, print as it goes: a cell table of
		 * 100,000 rows would take more memory than the report itself.
		 */
		if (t.nrows == SUMMARY_BATCH) {
			if (!streaming) {
				if (s->fmt == OFMT_JSON)
					report_print_json_top(fp, &s->clock, s->from, s->to,
					    s->have);
				output_stream_begin(&t, s->fmt, fp);
				streaming = true;
			}
			output_stream_rows(&t, s->fmt, fp);
		}
	}
	free(order);
	summary_row(&t, s, rp, &rp->total, true);
	if (s->only_failing && !s->quiet)
		output_note(&t, "--only-failing: %zu of %zu validators shown (%s a "
		    "current miss streak); the total is of all %zu", shown, rp->n,
		    isnan(s->slo_pct) ? "those with" : "below the SLO or with", rp->n);
	if (s->quiet)
		;	/* the table, and nothing said about it */
	else if (s->from == s->to)
		output_note(&t, "epoch %llu: %s, %s; uptime = epochs with a timely "
		    "target vote / duty epochs", (unsigned long long)s->from,
		    s->have ? "with data" : "no data",
		    rp->leak_epochs ? "an inactivity leak" : "no inactivity leak");
	else
		output_note(&t, "epochs %llu-%llu: %llu with data, %llu with an "
		    "inactivity leak; uptime = epochs with a timely target vote / duty "
		    "epochs", (unsigned long long)s->from, (unsigned long long)s->to,
		    (unsigned long long)s->have, (unsigned long long)rp->leak_epochs);
	if (!s->quiet)
		output_note(&t, "block proposals known for %llu of those epochs: the "
		    "node serves proposer duties only for recent epochs, and --follow "
		    "records them as they come", (unsigned long long)rp->proposal_epochs);
	if (!s->quiet)
		output_note(&t, "sync-committee duties known for %llu of the %llu epochs%s",
		    (unsigned long long)rp->sync_epochs,
		    (unsigned long long)(s->to - s->from + 1), rp->total.sync_untrusted ?
		    "; the node's rewards of some could not be trusted: their "
		    "sync_missed_slots and sync_reward_gwei are left empty" : "");
	for (i = 0; !s->quiet && i < rp->nwin; i++)
		if (!rp->win[i].covered)
			output_note(&t, "window %s is longer than the range: its uptime "
			    "covers the whole range", rp->win[i].name);
	if (streaming) {
		output_stream_end(&t, s->fmt, fp);
		rc = ferror(fp) ? UC_EIO : UC_OK;
	} else {
		if (s->fmt == OFMT_JSON)
			report_print_json_top(fp, &s->clock, s->from, s->to, s->have);
		rc = output_print(&t, s->fmt, fp);
	}
	if (s->fmt == OFMT_JSON)
		fputs("}\n", fp);
	output_release(&t);
	for (i = 0; i < 2 * rp->nwin; i++)
		free(names[i]);
	free(names);
	free(cols);
	/* Said once, naming the file, by whoever closes fp (main for stdout). */
	return rc == UC_OK && ferror(fp) ? UC_EIO : rc;
}

void
report_print_rows_begin(struct report_rows *rows, const struct chain *chain,
    enum ofmt fmt, FILE *fp, const struct report_clock *clock, uint64_t from,
    uint64_t to, uint64_t have)
{
	output_init(&rows->t, epoch_cols, NELEM(epoch_cols), false);
	cmd_output_currency(&rows->t, chain);
	rows->fmt = fmt;
	rows->fp = fp;
	rows->clock = *clock;
	rows->object = fmt == OFMT_JSON;
	if (rows->object)
		report_print_json_top(fp, clock, from, to, have);
	output_stream_begin(&rows->t, fmt, fp);
}

int
report_print_rows_header(struct report_rows *rows)
{
	output_stream_header(&rows->t, rows->fmt, rows->fp);
	return report_print_rows_flush(rows);
}

int
report_print_rows_flush(struct report_rows *rows)
{
	output_stream_rows(&rows->t, rows->fmt, rows->fp);
	/* Said by whoever closes fp; following into a full disk must stop. */
	return fflush(rows->fp) != 0 || ferror(rows->fp) ? UC_EIO : UC_OK;
}

int
report_print_rows_end(struct report_rows *rows)
{
	output_stream_end(&rows->t, rows->fmt, rows->fp);
	if (rows->object)
		fputs("}\n", rows->fp);
	output_release(&rows->t);
	return ferror(rows->fp) ? UC_EIO : UC_OK;
}

/* Missing now: a streak of n, and not out of the set for good. */
static bool
alerting(const struct report *rp, size_t k, uint64_t n, const char (*status)[32])
{
	return rp->v[k].current_streak >= n && !(status != NULL &&
	    (strncmp(status[k], "exited_", 7) == 0 ||
	    strncmp(status[k], "withdrawal_", 11) == 0));
}

int
report_print_alert(const struct report *rp, uint64_t n, const struct report_clock *clock,
    const char (*status)[32])
{
	struct strbuf sb;
	size_t k, hit = 0, shown = 0;
	char buf[40];

	for (k = 0; k < rp->n; k++)
		hit += alerting(rp, k, n, status);
	if (hit == 0)
		return UC_OK;
	strbuf_init(&sb);
	for (k = 0; k < rp->n; k++) {
		const struct vstats *s = &rp->v[k];

		if (!alerting(rp, k, n, status))
			continue;
		/* One line, however many: the first 20 named, then a count. */
		if (shown++ == 20) {
			strbuf_addf(&sb, ", and %zu more", hit - 20);
			break;
		}
		strbuf_addf(&sb, "%s%llu (%llu since %s)", shown > 1 ? ", " : "",
		    (unsigned long long)s->index, (unsigned long long)s->current_streak,
		    epoch_time(clock, s->streak_start, buf, sizeof(buf)));
	}
	diag_error(UC_VERDICT, "alert: %zu %s missed %llu or more epochs in a row: %s",
	    hit, hit == 1 ? "validator has" : "validators have", (unsigned long long)n,
	    sb.buf);
	strbuf_release(&sb);
	return UC_VERDICT;
}
