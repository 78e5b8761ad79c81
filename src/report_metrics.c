/*
 * The report as Prometheus metrics, in the text exposition format 0.0.4
 * (prometheus.io/docs/instrumenting/exposition_formats): a HELP and a
 * TYPE line per family, then its samples.  Names carry their units
 * (_gwei, _frac, _seconds) and counters end in _total.  A validator's own
 * series exist only while it is missing, unless --metrics-per-validator
 * asks for all: a set of 100,000 validators must not make 100,000 series.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "outfile.h"
#include "report_metrics.h"

/* A label value, escaped as the format says: backslash, quote, newline. */
static void
label_value(struct strbuf *sb, const char *v)
{
	for (; *v; v++) {
		if (*v == '\\' || *v == '"')
			strbuf_addf(sb, "\\%c", *v);
		else if (*v == '\n')
			strbuf_addf(sb, "\\n");
		else
			strbuf_addf(sb, "%c", *v);
	}
}

/*
 * A family's HELP and TYPE.  OpenMetrics names a counter's family without
 * the _total its samples carry.
 */
static void
family(struct strbuf *sb, const struct report_metrics *m, const char *name,
    const char *type, const char *help)
{
	size_t n = strlen(name);

	if (m->openmetrics && strcmp(type, "counter") == 0 && n > 6 &&
	    strcmp(name + n - 6, "_total") == 0)
		n -= 6;
	strbuf_addf(sb, "# HELP %.*s %s\n# TYPE %.*s %s\n", (int)n, name, help,
	    (int)n, name, type);
}

/* A label pair, name="value", after a comma when not the first. */
static void
label(struct strbuf *sb, bool *first, const char *key, const char *val)
{
	strbuf_addf(sb, "%s%s=\"", *first ? "" : ",", key);
	label_value(sb, val);
	strbuf_addf(sb, "\"");
	*first = false;
}

/* name{group="...",k1="v1",k2="v2"} and a space; k1 and k2 may be NULL. */
static void
series2(struct strbuf *sb, const struct report_metrics *m, const char *name,
    const char *k1, const char *v1, const char *k2, const char *v2)
{
	bool first = true;

	strbuf_addf(sb, "%s", name);
	if (m->group || k1 || k2) {
		strbuf_addf(sb, "{");
		if (m->group)
			label(sb, &first, "group", m->group);
		if (k1)
			label(sb, &first, k1, v1);
		if (k2)
			label(sb, &first, k2, v2);
		strbuf_addf(sb, "}");
	}
	strbuf_addf(sb, " ");
}

static void
series(struct strbuf *sb, const struct report_metrics *m, const char *name,
    const char *key, const char *val)
{
	series2(sb, m, name, key, val, NULL, NULL);
}

static void
sample_u64(struct strbuf *sb, const struct report_metrics *m, const char *name,
    const char *key, const char *val, uint64_t v)
{
	series(sb, m, name, key, val);
	strbuf_addf(sb, "%llu\n", (unsigned long long)v);
}

static void
sample_num(struct strbuf *sb, const struct report_metrics *m, const char *name,
    const char *key, const char *val, double v)
{
	series(sb, m, name, key, val);
	if (isnan(v))
		strbuf_addf(sb, "NaN\n");
	else
		strbuf_addf(sb, "%.15g\n", v);
}

/* One u64 family of one sample. */
static void
one_u64(struct strbuf *sb, const struct report_metrics *m, const char *name,
    const char *type, const char *help, uint64_t v)
{
	family(sb, m, name, type, help);
	sample_u64(sb, m, name, NULL, NULL, v);
}

static void
one_num(struct strbuf *sb, const struct report_metrics *m, const char *name,
    const char *help, double v)
{
	family(sb, m, name, "gauge", help);
	sample_num(sb, m, name, NULL, NULL, v);
}

/* The sums of rp's rows: its total is filled only when it is finished. */
struct sums {
	uint64_t duty, target, source, head, missing, win_duty, win_target;
	int64_t	 gain, ideal, net;
};

static void
sum_rows(const struct report *rp, struct sums *t)
{
	size_t i;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < rp->n; i++) {
		const struct vstats *s = &rp->v[i];

		t->duty += s->duty;
		t->target += s->target;
		t->source += s->source;
		t->head += s->head;
		t->missing += s->current_streak > 0;
		/* In a leak no flag pays: the positive rewards are eff_pos's. */
		t->gain += s->eff_pos_gwei;
		t->ideal += s->ideal_gwei;
		t->net += s->reward_gwei;
		if (rp->nwin > 0) {
			t->win_duty += s->win_duty[0];
			t->win_target += s->win_target[0];
		} else if (rp->ring_epochs > 0) {
			t->win_duty += s->ring_duty;
			t->win_target += s->ring_target;
		} else {
			t->win_duty += s->duty;
			t->win_target += s->target;
		}
	}
}

static int
by_string(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* uptimecalc_validators{status=...}: how many of the set have each status. */
static void
statuses(struct strbuf *sb, const struct report_metrics *m, const struct report *rp)
{
	const char **s = xcalloc(rp->n + 1, sizeof(*s));
	size_t i, j;

	family(sb, m, "uptimecalc_validators", "gauge",
	    "Watched validators by their status at the node's head.");
	for (i = 0; i < rp->n; i++)
		s[i] = m->status ? m->status[i] : "unknown";
	qsort(s, rp->n, sizeof(*s), by_string);
	for (i = 0; i < rp->n; i = j) {
		for (j = i; j < rp->n && strcmp(s[j], s[i]) == 0; j++)
			;
		sample_u64(sb, m, "uptimecalc_validators", "status", s[i], j - i);
	}
	free(s);
}

static void
validators(struct strbuf *sb, const struct report_metrics *m, const struct report *rp)
{
	char idx[24];
	size_t i;

	family(sb, m, "uptimecalc_validator_miss_streak", "gauge", "Epochs in a row "
	    "whose target vote the validator missed, up to the last with data "
	    "(only validators with a streak, unless --metrics-per-validator).");
	for (i = 0; i < rp->n; i++)
		if (m->per_validator || rp->v[i].current_streak > 0) {
			snprintf(idx, sizeof(idx), "%llu", (unsigned long long)rp->v[i].index);
			sample_u64(sb, m, "uptimecalc_validator_miss_streak", "validator_index",
			    idx, rp->v[i].current_streak);
		}
	if (!m->per_validator)
		return;
	family(sb, m, "uptimecalc_validator_uptime_frac", "gauge", "Duty epochs with a "
	    "timely target vote over duty epochs, per validator (NaN: no duty).");
	for (i = 0; i < rp->n; i++) {
		snprintf(idx, sizeof(idx), "%llu", (unsigned long long)rp->v[i].index);
		sample_num(sb, m, "uptimecalc_validator_uptime_frac", "validator_index", idx,
		    report_uptime(&rp->v[i]));
	}
}

void
report_metrics_render(struct strbuf *sb, const struct report_metrics *m,
    const struct report *rp)
{
	struct sums t;
	char code[24];
	size_t c, k;

	sum_rows(rp, &t);
	one_u64(sb, m, "uptimecalc_attestation_duties_total", "counter",
	    "Attestation duties of the watched validators (validator-epochs).", t.duty);
	one_u64(sb, m, "uptimecalc_attestation_target_timely_total", "counter",
	    "Duties with a correct, timely target vote.", t.target);
	one_u64(sb, m, "uptimecalc_attestation_source_timely_total", "counter",
	    "Duties with a correct, timely source vote.", t.source);
	one_u64(sb, m, "uptimecalc_attestation_head_correct_total", "counter",
	    "Duties with a correct, timely head vote.", t.head);
	one_u64(sb, m, "uptimecalc_reward_gwei_total", "counter",
	    "Attestation rewards earned, in gwei (penalties apart).", (uint64_t)t.gain);
	one_u64(sb, m, "uptimecalc_ideal_reward_gwei_total", "counter",
	    "Attestation rewards a perfect validator would have earned, in gwei.",
	    (uint64_t)(t.ideal > 0 ? t.ideal : 0));
	one_u64(sb, m, "uptimecalc_penalty_gwei_total", "counter",
	    "Attestation and inactivity penalties charged, in gwei.",
	    (uint64_t)(t.gain - t.net > 0 ? t.gain - t.net : 0));
	statuses(sb, m, rp);
	one_u64(sb, m, "uptimecalc_validators_missing", "gauge", "Watched validators "
	    "whose latest duty epoch with data missed its target vote.", t.missing);
	validators(sb, m, rp);
	if (m->last_epoch != REPORT_NO_EPOCH)
		one_u64(sb, m, "uptimecalc_last_epoch", "gauge",
		    "The latest epoch counted.", m->last_epoch);
	one_num(sb, m, "uptimecalc_last_epoch_time_seconds", "When the latest "
	    "epoch counted started, in Unix seconds (before the first, when the "
	    "exporter started).", m->last_epoch_time_s);
	family(sb, m, "uptimecalc_node_up", "gauge", "1 when the beacon node's last "
	    "answer was one (not a failure worth retrying), else 0.");
	for (c = 0; c < m->nnodes; c++)
		sample_u64(sb, m, "uptimecalc_node_up", "node", m->nodes[c].url,
		    m->nodes[c].up);
	family(sb, m, "uptimecalc_node_requests_total", "counter", "Answers of the "
	    "beacon node by HTTP status (0: no answer).");
	for (c = 0; c < m->nnodes; c++)
		for (k = 0; k < m->ncodes; k++)
			if (m->nodes[c].answers[k] > 0) {
				snprintf(code, sizeof(code), "%zu", k);
				series2(sb, m, "uptimecalc_node_requests_total", "node",
				    m->nodes[c].url, "code", code);
				strbuf_addf(sb, "%llu\n",
				    (unsigned long long)m->nodes[c].answers[k]);
			}
	if (!isnan(m->slo_frac)) {
		double allowed = (1 - m->slo_frac) * (double)t.win_duty;
		double used = (double)(t.win_duty - t.win_target);

		one_num(sb, m, "uptimecalc_slo_objective_frac",
		    "The uptime objective (--slo).", m->slo_frac);
		one_num(sb, m, "uptimecalc_error_budget_remaining_frac", "What is left "
		    "of the error budget over the window, as a share of it (negative: "
		    "overspent).", allowed > 0 ? 1 - used / allowed : NAN);
	}
	if (!isnan(m->breakeven_frac))
		one_num(sb, m, "uptimecalc_breakeven_uptime_frac", "The uptime at which "
		    "the rewards pay the running cost (--cost, --price).", m->breakeven_frac);
	if (m->openmetrics)
		strbuf_addf(sb, "# EOF\n");
}

int
report_metrics_write(const char *path, const struct strbuf *sb)
{
	struct outfile of;
	int rc;

	/* Written aside and renamed over path: the collector never reads half. */
	if ((rc = outfile_open(&of, path)) != UC_OK)
		return rc;
	if (sb->len > 0)
		fwrite(sb->buf, 1, sb->len, of.fp);
	return outfile_close(&of, true);
}
