/*
 * report: rolling uptime, correctness, effectiveness and the SLO budget of
 * a set of validators, from a Beacon API node and the local store.  Epochs
 * already stored are never fetched again; epochs fetched are stored as
 * they arrive, so an interrupted report loses nothing.
 *
 * This file is the command: the run from the node's timing to the printed
 * report, and --follow.  The parts it runs, each a file: report_opts (its
 * options), report_node (requests, timing), report_set (the validators),
 * the store, report_fetch (rewards the store lacks), report_duties
 * (proposals), report_agg (the store into the model, report.c) and
 * report_print (the tables).
 */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "diag.h"
#include "econ.h"
#include "metrics_http.h"
#include "outfile.h"
#include "report.h"
#include "report_agg.h"
#include "report_chart.h"
#include "report_duties.h"
#include "report_fetch.h"
#include "report_metrics.h"
#include "report_node.h"
#include "report_opts.h"
#include "report_days.h"
#include "report_print.h"
#include "report_set.h"
#include "report_sync.h"
#include "spark.h"
#include "store.h"
#include "util.h"
#include "workers.h"

/*
 * Set by SIGINT and SIGTERM.  The one mutable global, because a signal
 * handler can reach nothing else; the run hands its address down, and
 * every wait and every loop of the run checks it.
 */
static volatile sig_atomic_t stop;

/* One run of the command: what its parts share, and only this file sees. */
struct run {
	struct cmd_common co;
	const struct chain *chain;
	struct report_opts o;
	struct report_node node;
	struct report_set set;
	uint64_t	 from, to;	/* the range */
	struct rwindow	*win;		/* --window, parsed once */
	size_t		 nwin;
	size_t		 nall;		/* and the sparkline's days after them */
	uint64_t	 rolling_epochs;	/* the per-epoch view's trailing window */
	struct store	*st;
	struct report_fetch fetch;
	struct report_agg agg;		/* a summary's */
	struct report_sync sync;	/* a summary's sync duties */
	double		 breakeven_frac;	/* for the metrics; NAN: none */
	struct metrics_http *http;	/* --listen */
	double		 started_s;	/* Unix time the run started */
	struct epoch_result er;		/* scratch */
	FILE		*out;		/* stdout, or of.fp with --output */
	struct outfile	 of;
	struct report_clock clock;	/* epochs' start times, from the node */
};

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* --- the range and the windows, from the node's timing ------------------ */

static int
choose_range(struct run *r)
{
	const struct report_opts *o = &r->o;
	uint64_t head = r->node.head_epoch, latest = head >= 2 ? head - 2 : 0, n;

	if (head < 2)
		return diag_error(UC_EUNAVAIL, "beacon node %s is at epoch %llu: no "
		    "epoch has rewards yet (they need epoch + 2)",
		    beacon_display_url(r->node.b), (unsigned long long)head);
	r->to = o->has_to ? o->to : latest;
	if (r->to > latest)
		return cmd_usage_error(&r->co, "--to-epoch %llu is after the last epoch "
		    "with rewards, %llu (head %llu - 2)", (unsigned long long)r->to,
		    (unsigned long long)latest, (unsigned long long)head);
	if (o->has_from) {
		r->from = o->from;
	} else {
		n = o->has_epochs ? o->epochs :
		    (uint64_t)floor((o->has_days ? o->days : 1) * SECONDS_PER_DAY /
		    report_node_epoch_s(&r->node));
		if (n == 0)
			n = 1;
		r->from = r->to + 1 >= n ? r->to + 1 - n : 0;
	}
	if (r->from > r->to)
		return cmd_usage_error(&r->co, "--from-epoch %llu is after the last "
		    "epoch %llu", (unsigned long long)r->from, (unsigned long long)r->to);
	if (r->to - r->from >= REPORT_MAX_RANGE_EPOCHS)
		return cmd_usage_error(&r->co, "a range of %llu epochs is absurd",
		    (unsigned long long)(r->to - r->from + 1));
	return UC_OK;
}

/* Window specs: "1d,7d,30d"; the defaults only where the range covers them. */
static int
parse_windows(struct run *r)
{
	const char *spec = r->o.windows ? r->o.windows : "1d,7d,30d";
	char *copy = xstrdup(spec), *tok, *save = NULL;
	double epoch_s = report_node_epoch_s(&r->node);
	struct rwindow *w = NULL;
	size_t k = 0;
	int rc = UC_OK;

	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		double s;

		if ((rc = opt_duration(&r->co, "--window", tok, &s)) != UC_OK)
			break;
		if (s < epoch_s) {
			rc = cmd_usage_error(&r->co, "--window: '%s' is shorter than one "
			    "epoch (%gs)", tok, epoch_s);
			break;
		}
		w = xrealloc(w, (k + 1) * sizeof(*w));
		memset(&w[k], 0, sizeof(w[k]));
		snprintf(w[k].name, sizeof(w[k].name), "%s", tok);
		w[k].epochs = (uint64_t)floor(s / epoch_s);
		w[k].covered = r->to - r->from + 1 >= w[k].epochs;
		/* The first given, covered or not (a default may be left out). */
		if (r->rolling_epochs == 0)
			r->rolling_epochs = w[k].epochs;
		if (r->o.windows || w[k].covered)
			k++;
	}
	free(copy);
	r->win = w;
	r->nwin = k;
	return rc;
}

/* --- follow ------------------------------------------------------------- */

static void
nap(double s)
{
	double until = util_mono_s() + s;

	while (!stop && util_mono_s() < until) {
		struct timespec ts = { 0, 100000000L };

		nanosleep(&ts, NULL);
	}
}

/*
 * The metrics of rp, the last epoch counted (report_metrics.h): to
 * --textfile, and both formats to the --listen endpoint's scrapes.
 */
static int
write_metrics(struct run *r, const struct report *rp, uint64_t last)
{
	size_t nn = beacon_nodes(r->node.b), k, j;
	struct report_metrics_node *nodes;
	struct report_metrics m = { .group = r->o.group,
	    .per_validator = r->o.metrics_per_validator,
	    .slo_frac = r->o.slo_pct / 100, .breakeven_frac = r->breakeven_frac,
	    .status = (const char (*)[32])r->set.status, .last_epoch = last,
	    /* Before the first epoch, the start: a stuck start is stale too. */
	    .last_epoch_time_s = last == REPORT_NO_EPOCH ? r->started_s :
	    r->clock.genesis_s + (double)last * r->clock.epoch_s,
	    .nnodes = nn, .ncodes = BEACON_CODES };
	char (*label)[300];
	struct strbuf text, om;
	int rc = UC_OK;

	if (r->o.textfile == NULL && r->http == NULL)
		return UC_OK;
	nodes = xcalloc(nn, sizeof(*nodes));
	label = xcalloc(nn, sizeof(*label));
	for (k = 0; k < nn; k++) {
		/* Two keys at one provider show alike: the second gets #2. */
		snprintf(label[k], sizeof(label[k]), "%s", beacon_node_url(r->node.b, k));
		for (j = 0; j < k; j++)
			if (strcmp(beacon_node_url(r->node.b, j),
			    beacon_node_url(r->node.b, k)) == 0)
				snprintf(label[k], sizeof(label[k]), "%s#%zu",
				    beacon_node_url(r->node.b, k), k + 1);
		nodes[k] = (struct report_metrics_node){ label[k],
		    beacon_node_up(r->node.b, k), beacon_node_answers(r->node.b, k) };
	}
	m.nodes = nodes;
	strbuf_init(&text);
	report_metrics_render(&text, &m, rp);
	if (r->o.textfile != NULL)
		rc = report_metrics_write(r->o.textfile, &text);
	if (r->http != NULL) {
		m.openmetrics = true;
		strbuf_init(&om);
		report_metrics_render(&om, &m, rp);
		metrics_http_publish(r->http, &text, &om);
		strbuf_release(&om);
	}
	strbuf_release(&text);
	free(label);
	free(nodes);
	return rc;
}

/* The last epoch a following model counted, in order: REPORT_NO_EPOCH if none. */
static uint64_t
followed_to(const struct report *rp)
{
	return rp->epochs_added ? rp->last_epoch : REPORT_NO_EPOCH;
}

/*
 * One look at the head: record the proposer duties while they are served,
 * then fetch, store and print each epoch that came to have rewards.
 */
static int
follow_step(struct run *r, struct report *rp, struct report_rows *rows,
    uint64_t *indexed_at)
{
	uint64_t slot, e, latest, have = 0;
	int rc;

	if ((rc = report_node_head(&r->node, &slot)) != UC_OK) {
		/* A node restart is not the end of following: try again. */
		if (rc == UC_EUNAVAIL || rc == UC_ETEMPFAIL)
			return write_metrics(r, rp, followed_to(rp));
		return rc;
	}
	e = slot / r->node.tim.slots_per_epoch;
	/* A node behind what was reported (a lagging backend): wait for it. */
	if (e < r->to + 1)
		return UC_OK;
	/* Index once per epoch, from the first epoch not yet reported. */
	if (e != *indexed_at) {
		if ((rc = store_index(r->st, r->set.idx, r->set.n, r->to + 1, e)) != UC_OK)
			return rc;
		*indexed_at = e;
	}
	/* Most nodes serve an epoch's proposer duties only while it is current. */
	if ((rc = report_duties_fetch(&r->node, &r->set, r->st, e >= 1 ? e - 1 : 0, e,
	    slot)) != UC_OK)
		return rc;
	latest = e >= 2 ? e - 2 : 0;
	if (latest <= r->to)
		return UC_OK;
	r->from = r->to + 1;
	r->to = latest;
	if ((rc = report_fetch_missing(&r->fetch, r->from, r->to)) != UC_OK) {
		/*
		 * A node that fails now (restarting, resyncing) is not the end of
		 * following: what came is stored, and the epochs are asked for
		 * again at the next look, so none is skipped.
		 */
		if ((rc != UC_EUNAVAIL && rc != UC_ETEMPFAIL) || stop)
			return rc;
		r->to = r->from - 1;
		return write_metrics(r, rp, followed_to(rp));
	}
	report_fetch_say_unserved(&r->fetch, r->from, r->to);
	r->fetch.nunserved = 0;		/* said; later epochs may be served */
	if ((rc = report_agg_rows(r->st, rp, r->from, r->to, &r->er,
	    report_print_row, rows, &have)) != UC_OK ||
	    (rc = store_sync(r->st)) != UC_OK ||
	    (rc = write_metrics(r, rp, followed_to(rp))) != UC_OK)
		return rc;
	/* Following into a full disk would fail quietly for ever. */
	return report_print_rows_flush(rows);
}

static int
follow(struct run *r)
{
	struct report_rows rows;
	struct report rp;
	uint64_t indexed_at = UINT64_MAX, polls;
	int rc;

	/* From here on, fetching is quiet: no progress, no "run again". */
	r->fetch.following = true;
	/* A JSON array would never close: following prints a JSON object a line. */
	report_print_rows_begin(&rows, r->chain, r->co.fmt == OFMT_JSON ? OFMT_NDJSON :
	    r->co.fmt, r->out, &r->clock, r->to + 1, r->to + 1, 0);
	report_init(&rp, r->set.idx, r->set.n, r->from, UINT64_MAX - 1, NULL, 0,
	    r->rolling_epochs);
	rc = report_print_rows_header(&rows);
	/*
	 * The metrics count the range as well as what follows: a restart
	 * counts again from --from-epoch (or the default range), so the
	 * epochs it was down for are not lost to the counters.
	 */
	if (rc == UC_OK && (r->o.listen != NULL || r->o.textfile != NULL)) {
		uint64_t have;

		rc = report_agg_rows(r->st, &rp, r->from, r->to, &r->er, NULL, NULL, &have);
	}
	/* Scrapes before the first epoch see the node and an empty count. */
	if (rc == UC_OK && r->o.listen != NULL &&
	    (rc = metrics_http_start(&r->http, r->o.listen)) == UC_OK) {
		if (!r->o.quiet)
			fprintf(stderr, "uptimecalc: serving metrics at "
			    "http://%s/metrics\n", metrics_http_where(r->http));
		rc = write_metrics(r, &rp, followed_to(&rp));
	}
	/*
	 * Look at once, then once a slot: the current epoch's proposer duties
	 * are served only while it is current, so no epoch may pass between
	 * two looks.
	 */
	for (polls = 0; !stop && rc == UC_OK; polls++) {
		if (polls > 0)
			nap(r->node.tim.slot_s);
		if (!stop)
			rc = follow_step(r, &rp, &rows, &indexed_at);
	}
	if (report_print_rows_end(&rows) != UC_OK && rc == UC_OK)
		rc = UC_EIO;
	metrics_http_stop(r->http);
	r->http = NULL;
	report_release(&rp);
	/* Ctrl-C or SIGTERM is how following ends: everything is stored. */
	return stop && (rc == UC_OK || rc == UC_ETEMPFAIL) ? UC_OK : rc;
}

/* --- the run ------------------------------------------------------------ */

static int
open_output(struct run *r)
{
	int rc;

	if (r->o.output_path == NULL) {
		r->out = stdout;
		return UC_OK;
	}
	if ((rc = outfile_open(&r->of, r->o.output_path)) == UC_OK)
		r->out = r->of.fp;
	return rc;
}

static int
close_output(struct run *r, int rc)
{
	/* A partial report (69, 75, 76), or one with an alert (1), is a report: keep it. */
	bool keep = rc == UC_OK || rc == UC_VERDICT || rc == UC_ETEMPFAIL ||
	    rc == UC_EUNAVAIL || rc == UC_EPROTO;
	int crc;

	if (r->out == NULL || r->out == stdout)
		return rc;
	r->out = NULL;
	/* A report that could not be written whole is exit 74, partial or not. */
	if ((crc = outfile_close(&r->of, keep)) != UC_OK)
		return crc;
	return rc;
}

/* The node, its validators, the range and the windows, and the store. */
static int
prepare(struct run *r, const struct uc_opts *g)
{
	struct beacon_opts bo;
	struct sigaction sa;
	char *store_path;
	int rc;

	if ((rc = cmd_load(&r->co, g, &r->chain)) != UC_OK)
		return rc;
	if (r->chain->model != PM_ETH_BEACON)
		return cmd_usage_error(&r->co, "%s is not an Ethereum-family chain: "
		    "report reads a Beacon API node", r->chain->name);
	memset(&bo, 0, sizeof(bo));
	bo.url = r->o.url ? r->o.url : getenv("BEACON_API_URL");
	if (bo.url == NULL || bo.url[0] == '\0')
		bo.url = "http://localhost:5052";
	bo.headers = r->o.headers;
	bo.nheaders = r->o.nheaders;
	bo.concurrency = r->o.concurrency;
	bo.timeout_s = r->o.timeout_s;
	bo.retries = r->o.retries;
	bo.max_response_bytes = r->o.max_response_bytes;
	if ((rc = report_node_open(&r->node, &bo, &stop)) != UC_OK)
		return rc;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if ((rc = report_node_timing(&r->node)) != UC_OK ||
	    (rc = report_set_resolve(&r->set, &r->node, r->o.items, r->o.nitems)) !=
	    UC_OK ||
	    (rc = choose_range(r)) != UC_OK ||
	    (rc = parse_windows(r)) != UC_OK)
		return rc;
	r->clock.genesis_s = (double)r->node.gen.genesis_time;
	r->clock.epoch_s = report_node_epoch_s(&r->node);
	r->nall = r->nwin;
	/* Only the summary's table shows a sparkline: no day windows else. */
	if (r->co.fmt == OFMT_TABLE && !r->o.per_epoch && !r->o.per_day && !r->o.follow)
		r->nall = report_days_windows(&r->clock, r->from, r->to, &r->win, r->nwin);
	store_path = r->o.store_path ? xstrdup(r->o.store_path) :
	    store_default_path(r->node.gen.validators_root);
	rc = store_open(&r->st, store_path, r->node.gen.validators_root);
	free(store_path);
	if (rc != UC_OK)
		return rc;
	r->started_s = (double)time(NULL);
	r->breakeven_frac = NAN;
	if (!isnan(r->o.cost_usd_year)) {
		/* A validator of the chain's minimum stake, as breakeven's default. */
		struct econ_in in = { r->chain, NAN, NAN, NAN, NAN, 0 };
		struct econ e;
		double u;

		if ((rc = econ_init(&e, &in)) != UC_OK)
			return rc;
		if (econ_breakeven(&e, r->o.cost_usd_year / r->o.price_usd, &u) == 0)
			r->breakeven_frac = u;
	}
	store_set_sync_period(r->st, r->node.tim.sync.known ?
	    r->node.tim.sync.period_epochs : 0);
	return store_index(r->st, r->set.idx, r->set.n, r->from, r->to);
}

/* The stored part of the range, read (and so checked) before fetching. */
static int
read_stored(struct run *r)
{
	if (r->o.per_epoch || r->o.per_day)
		return report_agg_check(r->st, r->from, r->to, &r->er);
	if (r->o.follow)
		return UC_OK;	/* nothing of the range is printed */
	report_agg_begin(&r->agg, r->st, &r->set, r->from, r->to, r->win, r->nall);
	r->fetch.stored = report_agg_fetched;
	r->fetch.ctx = &r->agg;
	return report_agg_stored(&r->agg);
}

/* A model for the range's rows; returns how many of its epochs are stored. */
static uint64_t
rows_begin(struct run *r, struct report *rp)
{
	uint64_t e, stored = 0;

	report_init(rp, r->set.idx, r->set.n, r->from, r->to, r->win, r->nwin,
	    r->rolling_epochs);
	for (e = r->from; e <= r->to; e++)
		stored += store_has(r->st, e);
	return stored;
}

/* --plot: the range's rows again, in order, into a chart. */
static int
chart(struct run *r)
{
	struct report_chart c;
	struct report rp;
	uint64_t have = 0;
	int rc;

	/* The summary is printed: its model is not needed beside this one. */
	report_agg_end(&r->agg);
	report_chart_begin(&c, r->chain->name, r->set.idx, r->set.n, r->from, r->to,
	    &r->clock, r->o.slo_pct / 100, r->rolling_epochs);
	/* Only the lines need the rolling window's ring. */
	report_init(&rp, r->set.idx, r->set.n, r->from, r->to, NULL, 0,
	    c.lines ? r->rolling_epochs : 0);
	rc = stop ? UC_OK : report_agg_rows(r->st, &rp, r->from, r->to, &r->er,
	    report_chart_row, &c, &have);
	/* Interrupted before it is drawn: no chart of part of the range. */
	if (rc == UC_OK && stop)
		rc = diag_error(UC_ETEMPFAIL, "interrupted: no chart drawn");
	else if (rc == UC_OK)
		rc = report_chart_end(&c, r->o.plot_path, r->o.script_path);
	report_chart_release(&c);
	report_release(&rp);
	return rc;
}

/* The summary, or the per-epoch rows, of what the store holds. */
static int
print(struct run *r)
{
	struct report_summary s = { .chain = r->chain, .fmt = r->co.fmt,
	    .slo_pct = r->o.slo_pct, .from = r->from, .to = r->to, .clock = r->clock,
	    .status = (const char (*)[32])r->set.status, .wide = r->o.wide,
	    .windows_given = r->o.windows != NULL, .sort = r->o.sort,
	    .only_failing = r->o.only_failing, .quiet = r->o.quiet,
	    .utf8 = spark_utf8() };
	struct report_rows rows;
	struct report rp;
	uint64_t stored;
	int rc;

	if (r->o.per_day) {
		struct report_days days;

		stored = rows_begin(r, &rp);
		report_days_begin(&days, r->chain, r->co.fmt, r->out, &r->clock,
		    r->o.price_usd, r->set.idx, r->set.n, r->from, r->to, stored);
		rc = report_agg_rows(r->st, &rp, r->from, r->to, &r->er,
		    report_days_row, &days, &s.have);
		if (report_days_end(&days) != UC_OK && rc == UC_OK)
			rc = UC_EIO;
		report_release(&rp);
		return rc;
	}
	if (r->o.per_epoch) {
		stored = rows_begin(r, &rp);
		report_print_rows_begin(&rows, r->chain, r->co.fmt, r->out, &r->clock,
		    r->from, r->to, stored);
		rc = report_agg_rows(r->st, &rp, r->from, r->to, &r->er,
		    report_print_row, &rows, &s.have);
		if (report_print_rows_end(&rows) != UC_OK && rc == UC_OK)
			rc = UC_EIO;
		report_release(&rp);
		return rc;
	}
	/* A --follow that could not start prints what it has, a summary. */
	if (r->agg.done == NULL) {
		report_agg_begin(&r->agg, r->st, &r->set, r->from, r->to, r->win,
		    r->nall);
		if ((rc = report_agg_stored(&r->agg)) != UC_OK)
			return rc;
	}
	if ((rc = report_agg_finish(&r->agg, &s.have)) != UC_OK)
		return rc;
	if ((rc = report_print_summary(&r->agg.rp, &s, r->out)) != UC_OK ||
	    (rc = write_metrics(r, &r->agg.rp, s.have ? r->to : REPORT_NO_EPOCH)) != UC_OK)
		return rc;
	return r->o.alert_streak ? report_print_alert(&r->agg.rp, r->o.alert_streak,
	    &r->clock, (const char (*)[32])r->set.status) : UC_OK;
}

/* Fetch what the store lacks, then print or follow: the run's status. */
static int
run(struct run *r)
{
	uint64_t e, have = 0;
	bool partial;
	int rc, fetch_rc;

	r->fetch.node = &r->node;
	r->fetch.set = &r->set;
	r->fetch.st = r->st;
	r->fetch.threads = workers_default();
	r->fetch.will_follow = r->o.follow;
	r->fetch.quiet = r->o.quiet;
	if ((rc = read_stored(r)) != UC_OK)
		return rc;
	fetch_rc = report_fetch_missing(&r->fetch, r->from, r->to);
	/* Failing part way is a partial report, not the end of it. */
	if (fetch_rc != UC_OK && !stop && fetch_rc != UC_EUNAVAIL &&
	    fetch_rc != UC_ETEMPFAIL && fetch_rc != UC_EPROTO)
		return fetch_rc;
	report_fetch_say_unserved(&r->fetch, r->from, r->to);
	/* Said once: following must not say the range's gaps again. */
	partial = r->fetch.nunserved > 0;
	r->fetch.nunserved = 0;
	if (fetch_rc == UC_OK && !stop)
		fetch_rc = report_duties_fetch(&r->node, &r->set, r->st, r->from, r->to,
		    r->node.head_slot);
	/* Only a summary shows sync duties: the rows and days have no column. */
	if (fetch_rc == UC_OK && !stop && r->agg.done != NULL) {
		r->sync.node = &r->node;
		r->sync.set = &r->set;
		r->sync.st = r->st;
		fetch_rc = report_sync_fetch(&r->sync, r->from, r->to);
		if (!stop)
			report_sync_say(&r->sync);
		r->agg.sync = &r->sync;
	}
	for (e = r->from; e <= r->to; e++)
		have += store_has(r->st, e);
	if (have == 0)
		return fetch_rc != UC_OK ? fetch_rc : diag_error(UC_EUNAVAIL, "no epoch "
		    "of %llu-%llu is stored or served: nothing to report",
		    (unsigned long long)r->from, (unsigned long long)r->to);
	if ((rc = open_output(r)) != UC_OK)
		return rc;
	if (r->o.follow && fetch_rc == UC_OK && !stop)
		rc = follow(r);
	else
		rc = print(r);
	/*
	 * A partial report says so in its exit status, unless an alert
	 * (exit 1) does: a cron job must page on a streak, partial or not.
	 */
	if (rc == UC_OK && fetch_rc != UC_OK)
		rc = fetch_rc;
	else if (rc == UC_OK && partial && !r->o.follow)
		rc = UC_ETEMPFAIL;
	rc = close_output(r, rc);
	/*
	 * The chart after the report is kept: a chart that fails is said, and
	 * its status is the run's only where the report's was a clean 0 (an
	 * alert's 1, or a partial report's, is what cron must see).
	 */
	if ((rc == UC_OK || rc == UC_VERDICT || rc == UC_ETEMPFAIL || rc == UC_EUNAVAIL ||
	    rc == UC_EPROTO) && (r->o.plot_path || r->o.script_path)) {
		int crc = chart(r);

		if (rc == UC_OK)
			rc = crc;
	}
	return rc;
}

int
cmd_report(int argc, char **argv, const struct uc_opts *g)
{
	struct run r;
	int rc;

	memset(&r, 0, sizeof(r));
	cmd_common_init(&r.co, "report", report_opts_usage, report_opts_help, g);
	if ((rc = report_opts_parse(&r.o, &r.co, argc, argv)) == UC_OK &&
	    !r.co.help_shown && (rc = prepare(&r, g)) == UC_OK)
		rc = run(&r);
	report_agg_end(&r.agg);
	report_sync_release(&r.sync);
	report_fetch_release(&r.fetch);
	free(r.win);
	/* The store's last sync: a failure loses no report, but it is said. */
	if (store_close(r.st) != UC_OK && rc == UC_OK)
		rc = UC_EIO;
	report_node_close(&r.node);
	report_set_release(&r.set);
	free(r.er.v);
	close_output(&r, UC_ESOFTWARE);	/* an early exit: leave FILE as it was */
	report_opts_release(&r.o);
	cmd_common_release(&r.co);
	return rc;
}
