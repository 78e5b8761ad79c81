/*
 * report, part three: the summary table (a row per validator and a total)
 * and the per-epoch rows, from the store in epoch order.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "report_cmd.h"
#include "util.h"

/* --- output ------------------------------------------------------------- */

static struct ocol *
summary_cols(const struct rep *r, struct rwindow *win, size_t nwin, size_t *ncols,
    char ***names)
{
	static const struct ocol fixed[] = {
		{ "scope",			"",		OT_STR },
		{ "validator_index",		"validator",	OT_INT },
		{ "duty_epochs",		"duties",	OT_INT },
		{ "target_epochs",		"target",	OT_INT },
		{ "uptime_frac",		"uptime",	OT_FRAC },
		{ "source_frac",		"source",	OT_FRAC },
		{ "head_frac",			"head",		OT_FRAC },
		{ "effectiveness_frac",		"effectiveness", OT_FRAC },
		{ "net_effectiveness_frac",	"net eff.",	OT_FRAC },
		{ "reward_gwei",		"reward",	OT_SGWEI },
		{ "ideal_gwei",			"ideal",	OT_SGWEI },
		{ "leak_epochs",		"leak",		OT_INT },
		{ "proposals_assigned",		"proposals",	OT_INT },
		{ "proposals_made",		"made",		OT_INT },
		{ "proposals_missed",		"missed",	OT_INT },
	};
	static const struct ocol slo[] = {
		{ "slo_allowed_epochs",		"SLO allows",	OT_NUM },
		{ "slo_used_epochs",		"used",		OT_INT },
		{ "slo_left_epochs",		"left",		OT_NUM },
		{ "slo_burn_rate",		"burn",		OT_NUM },
	};
	size_t n = NELEM(fixed) + nwin + (isnan(r->slo_pct) ? 0 : NELEM(slo)), k, i;
	struct ocol *cols = xcalloc(n, sizeof(*cols));

	*names = xcalloc(2 * nwin + 1, sizeof(**names));
	for (k = 0; k < NELEM(fixed); k++)
		cols[k] = fixed[k];
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
	for (i = 0; !isnan(r->slo_pct) && i < NELEM(slo); i++, k++)
		cols[k] = slo[i];
	*ncols = n;
	return cols;
}

static double
ratio(int64_t a, int64_t b)
{
	return b ? (double)a / (double)b : NAN;
}

static void
summary_row(struct otable *t, const struct rep *r, const struct report *rp,
    const struct vstats *s, bool total)
{
	size_t w;

	output_row(t);
	output_str(t, "scope", total ? "total" : "validator");
	if (!total)
		output_u64(t, "validator_index", s->index);
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
	for (w = 0; w < rp->nwin; w++) {
		char name[64];

		snprintf(name, sizeof(name), "uptime_%s_frac", rp->win[w].name);
		output_num(t, name, report_window_uptime(s, w));
	}
	if (!isnan(r->slo_pct)) {
		double allowed = (100 - r->slo_pct) * (double)s->duty / 100;
		double used = (double)(s->duty - s->target);

		output_num(t, "slo_allowed_epochs", allowed);
		output_num(t, "slo_used_epochs", used);
		output_num(t, "slo_left_epochs", allowed - used);
		output_num(t, "slo_burn_rate", allowed > 0 ? used / allowed : NAN);
	}
}

const struct ocol rep_epoch_cols[] = {
	{ "epoch",		"epoch",	OT_INT },
	{ "validator_index",	"validator",	OT_INT },
	{ "duty",		"duty",		OT_BOOL },
	{ "source",		"source",	OT_INT },
	{ "target",		"target",	OT_INT },
	{ "head",		"head",		OT_INT },
	{ "reward_gwei",	"reward",	OT_SGWEI },
	{ "ideal_gwei",		"ideal",	OT_SGWEI },
	{ "leak",		"leak",		OT_BOOL },
	{ "rolling_uptime_frac", "rolling uptime", OT_FRAC },
};
const size_t rep_nepoch_cols = NELEM(rep_epoch_cols);

static double
outcome_num(int o)
{
	return o == OUTCOME_UNKNOWN ? NAN : o;
}

void
rep_epoch_row(void *ctx, const struct epoch_row *row)
{
	struct rowsink *k = ctx;

	output_row(k->t);
	output_u64(k->t, "epoch", row->epoch);
	output_u64(k->t, "validator_index", row->index);
	output_bool(k->t, "duty", row->duty);
	output_num(k->t, "source", outcome_num(row->o.source));
	output_num(k->t, "target", outcome_num(row->o.target));
	output_num(k->t, "head", outcome_num(row->o.head));
	if (row->duty) {
		output_num(k->t, "reward_gwei", (double)row->reward_gwei);
		output_num(k->t, "ideal_gwei", (double)row->ideal_gwei);
		output_bool(k->t, "leak", row->o.leak);
	}
	output_num(k->t, "rolling_uptime_frac", row->rolling_uptime_frac);
	if (k->t->nrows >= 4096)
		output_stream_rows(k->t, k->fmt, k->fp);
}

/* Window specs: "1d,7d,30d"; defaults only where the range covers them. */
int
rep_parse_windows(struct rep *r)
{
	const char *spec = r->windows_opt ? r->windows_opt : "1d,7d,30d";
	char *copy = xstrdup(spec), *tok, *save = NULL;
	struct rwindow *w = NULL;
	size_t k = 0;
	int rc = UC_OK;

	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		double s;

		if ((rc = opt_duration(&r->co, "--window", tok, &s)) != UC_OK)
			break;
		if (s < rep_epoch_s(r)) {
			rc = cmd_usage_error(&r->co, "--window: '%s' is shorter than one "
			    "epoch (%gs)", tok, rep_epoch_s(r));
			break;
		}
		w = xrealloc(w, (k + 1) * sizeof(*w));
		snprintf(w[k].name, sizeof(w[k].name), "%s", tok);
		w[k].epochs = (uint64_t)floor(s / rep_epoch_s(r));
		w[k].covered = r->to - r->from + 1 >= w[k].epochs;
		if (k == 0)
			r->rolling_epochs = w[k].epochs;
		if (r->windows_opt || w[k].covered)
			k++;
	}
	free(copy);
	r->win = w;
	r->nwin = k;
	return rc;
}

int
rep_agg_begin(struct rep *r)
{
	r->agg = xcalloc(1, sizeof(*r->agg));
	report_init(r->agg, r->idx, r->n, r->from, r->to, r->win, r->nwin, 0);
	r->agg_done = xcalloc((size_t)((r->to - r->from) / 8 + 1), 1);
	return UC_OK;
}

/*
 * Store a fetched epoch and, in a summary, add it to the report from the
 * record as written, as a re-run would read it.  Called with the pool's
 * lock held.
 */
int
rep_store_epoch(struct rep *r, const struct store_pack *p)
{
	uint64_t k;
	int rc;

	if ((rc = store_append_pack(r->st, p)) != UC_OK ||
	    r->agg == NULL || p->epoch < r->from || p->epoch > r->to)
		return rc;
	if ((rc = store_read_pack(r->st, p, report_expected(r->agg), &r->agg_ex)) !=
	    UC_OK)
		return rc;
	k = p->epoch - r->from;
	report_add_except(r->agg, &r->agg_ex);
	r->agg_done[k / 8] |= (uint8_t)(1u << (k % 8));
	return UC_OK;
}

void
rep_agg_end(struct rep *r)
{
	if (r->agg)
		report_release(r->agg);
	free(r->agg);
	free(r->agg_done);
	free(r->agg_ex.r.v);
	free(r->agg_ex.at);
	memset(&r->agg_ex, 0, sizeof(r->agg_ex));
	r->agg = NULL;
	r->agg_done = NULL;
}

static bool
agg_has(const struct rep *r, uint64_t e)
{
	uint64_t k = e - r->from;

	return r->agg && (r->agg_done[k / 8] >> (k % 8)) & 1;
}

/*
 * A summary adds the epochs already stored before it fetches the rest:
 * reading them checks them, and one that fails its check drops out of
 * the index, so that the fetch asks the node for it again.
 */
/* Add stored epoch e to the summary; UC_EDATA if it failed its check. */
static int
agg_one(struct rep *r, uint64_t e)
{
	uint64_t k = e - r->from;
	int rc;

	r->ex.r.v = r->er.v;
	rc = store_read_except(r->st, e, report_expected(r->agg), &r->ex);
	r->er.v = r->ex.r.v;
	if (rc != UC_OK)
		return rc;
	/* A summary reads only what is unusual (report.c). */
	report_add_except(r->agg, &r->ex);
	r->agg_done[k / 8] |= (uint8_t)(1u << (k % 8));
	return UC_OK;
}

int
rep_agg_stored(struct rep *r)
{
	uint64_t e;
	int rc;

	for (e = r->from; e <= r->to; e++)
		if (store_has(r->st, e) && !agg_has(r, e) &&
		    (rc = agg_one(r, e)) != UC_OK && rc != UC_EDATA)
			return rc;	/* UC_EDATA: named, and fetched again */
	return UC_OK;
}

/* The per-epoch view checks the stored epochs first, for the same reason. */
int
rep_check_stored(struct rep *r)
{
	uint64_t e;
	int rc;

	for (e = r->from; e <= r->to; e++)
		if (store_has(r->st, e) && (rc = store_read(r->st, e, &r->er)) != UC_OK &&
		    rc != UC_EDATA)
			return rc;
	return UC_OK;
}

/* A summary's proposals: what the store holds of each epoch's duties. */
static int
add_proposals(struct rep *r, struct report *rp, uint64_t e)
{
	struct proposal *p;
	size_t np;
	int rc = store_proposals(r->st, e, &p, &np);

	if (rc == UC_OK && np > 0 && rep_settled(r, p, np))
		report_add_proposals(rp, p, np);
	free(p);
	/* A damaged proposal record is named; the node serves old duties no more. */
	return rc == UC_EDATA ? UC_OK : rc;
}

int
rep_print(struct rep *r, FILE *fp)
{
	struct rwindow *win = r->win;
	size_t nwin = r->nwin, ncols = 0, i;
	struct ocol *cols = NULL;
	char **names = NULL;
	struct report local, *rp = r->per_epoch ? &local : r->agg;
	struct otable t;
	struct rowsink sink;
	uint64_t e, have = 0;
	int rc = UC_OK;

	if (r->per_epoch) {
		report_init(&local, r->idx, r->n, r->from, r->to, win, nwin,
		    r->rolling_epochs);
		output_init(&t, rep_epoch_cols, rep_nepoch_cols, false);
	} else {
		cols = summary_cols(r, win, nwin, &ncols, &names);
		output_init(&t, cols, ncols, false);
	}
	cmd_output_currency(&t, r->chain);
	sink.t = &t;
	sink.fmt = r->co.fmt;
	sink.fp = fp;
	if (r->per_epoch)
		output_stream_begin(&t, r->co.fmt, fp);
	for (e = r->from; e <= r->to && rc == UC_OK; e++) {
		if (!store_has(r->st, e))
			continue;
		have++;
		if (r->per_epoch) {
			if ((rc = store_read(r->st, e, &r->er)) == UC_OK)
				report_add(rp, &r->er, rep_epoch_row, &sink);
		} else {
			/*
			 * An epoch can come to light after the summary read the
			 * store: a damaged record whose length hid good ones.
			 */
			if (!agg_has(r, e) && (rc = agg_one(r, e)) == UC_EDATA) {
				have--;
				rc = UC_OK;
				continue;
			}
			if (rc == UC_OK)
				rc = add_proposals(r, rp, e);
		}
	}
	if (rc == UC_OK && r->per_epoch) {
		output_stream_end(&t, r->co.fmt, fp);
	} else if (rc == UC_OK && report_finish(rp) != UC_OK) {
		rc = diag_error(UC_EPROTO, "the rewards of epochs %llu-%llu sum beyond "
		    "2^63 gwei, which no chain pays: the node's answers, or the store, "
		    "are wrong", (unsigned long long)r->from, (unsigned long long)r->to);
	} else if (rc == UC_OK) {
		for (i = 0; i < rp->n; i++)
			summary_row(&t, r, rp, &rp->v[i], false);
		summary_row(&t, r, rp, &rp->total, true);
		output_note(&t, "epochs %llu-%llu: %llu with data, %llu with an "
		    "inactivity leak; uptime = epochs with a timely target vote / "
		    "duty epochs", (unsigned long long)r->from,
		    (unsigned long long)r->to, (unsigned long long)have,
		    (unsigned long long)rp->leak_epochs);
		output_note(&t, "block proposals known for %llu of those epochs: the "
		    "node serves proposer duties only for recent epochs, and --follow "
		    "records them as they come", (unsigned long long)rp->proposal_epochs);
		for (i = 0; i < nwin; i++)
			if (!win[i].covered)
				output_note(&t, "window %s is longer than the range: its "
				    "uptime covers the whole range", win[i].name);
		rc = output_print(&t, r->co.fmt, fp);
	}
	output_release(&t);
	if (r->per_epoch)
		report_release(&local);
	for (i = 0; names && i < 2 * nwin; i++)
		free(names[i]);
	free(names);
	free(cols);
	/* Said once, naming the file, by whoever closes fp (main for stdout). */
	if (rc == UC_OK && ferror(fp))
		rc = UC_EIO;
	return rc;
}
