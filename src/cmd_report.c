/*
 * report: rolling uptime, correctness, effectiveness and the SLO budget of
 * a set of validators, from a Beacon API node and the local store.  Epochs
 * already stored are never fetched again; epochs fetched are stored as
 * they arrive, so an interrupted report loses nothing.
 */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "report_cmd.h"
#include "util.h"

static const char usage[] =
    "report [--beacon URL] (--validators LIST | --validators-file FILE)\n"
    "        [--epochs N | --days N | --from-epoch A [--to-epoch B]]\n"
    "        [--window DURATION[,DURATION...]] [--slo PERCENT] [--per-epoch]\n"
    "        [--store FILE] [--follow] [--header 'Name: value'] [--concurrency N]\n"
    "        [--timeout DURATION] [--retries N] [--max-response SIZE]\n"
    "        [--chain NAME] [--data FILE] [--format table|csv|json] [--output FILE]";
static const char help[] =
    "Uptime, head/target/source correctness, effectiveness and the SLO budget\n"
    "of validators, from a Beacon API node (Lighthouse, Teku, Prysm, Lodestar;\n"
    "Nimbus lacks the rewards endpoint) and the local per-epoch store.\n"
    "\n"
    "  --beacon URL              Beacon API base URL (default: $BEACON_API_URL,\n"
    "                            else http://localhost:5052); user:password@, a\n"
    "                            path and a query are allowed and never shown\n"
    "  --validators LIST         indices, ranges (100-199) and 0x pubkeys, comma-\n"
    "                            separated\n"
    "  --validators-file FILE    the same, one or more per line, # comments;\n"
    "                            - for standard input\n"
    "  --epochs N                the last N epochs the node can compute (head - 2)\n"
    "  --days N                  the last N days (default 1)\n"
    "  --from-epoch A            first epoch of the range\n"
    "  --to-epoch B              last epoch (default: head - 2)\n"
    "  --window DURATION,...     rolling windows (default 1d,7d,30d where covered);\n"
    "                            the first is the per-epoch rolling window\n"
    "  --slo PERCENT             uptime objective for the budget columns\n"
    "  --per-epoch               one row per validator per epoch\n"
    "  --store FILE              per-epoch store (default:\n"
    "                            $XDG_DATA_HOME/uptimecalc/<0x + 16 hex of the\n"
    "                            genesis validators root>.store)\n"
    "  --follow                  keep running: fetch, store and print each new epoch\n"
    "  --header 'Name: value'    extra HTTP header (repeatable), e.g. an API key\n"
    "  --concurrency N           requests in flight (default 4)\n"
    "  --timeout DURATION        per request attempt (default 30s)\n"
    "  --retries N               retries of a timeout, 5xx or 429 (default 3)\n"
    "  --max-response SIZE       raise every answer's size cap to at least SIZE\n"
    "                            bytes (suffix k, M or G; the caps: 4M + 1k per\n"
    "                            validator for rewards, 1M for most others)\n"
    "  --chain NAME              network table row, for the currency (default ethereum)\n"
    "  --data FILE               network table to read (default: $UPTIMECALC_DATA,\n"
    "                            else the installed networks.csv)\n"
    "  --format table|csv|json   output format (default table)\n"
    "  --output FILE             write the report to FILE instead of stdout: a\n"
    "                            file is replaced whole, a device written in place\n"
    "  --help                    show this help\n";

volatile sig_atomic_t report_stop;

static void
on_signal(int sig)
{
	(void)sig;
	report_stop = 1;
}

/* --- follow ------------------------------------------------------------- */

static void
nap(double s)
{
	double until = rep_mono_s() + s;

	while (!report_stop && rep_mono_s() < until) {
		struct timespec ts = { 0, 100000000L };

		nanosleep(&ts, NULL);
	}
}

static int
follow(struct rep *r, FILE *fp)
{
	struct otable t;
	struct rowsink sink = { &t, r->co.fmt, fp };
	struct report rp;
	uint64_t indexed_at = UINT64_MAX, polls;
	int rc = UC_OK;

	/* JSON would never close its array: follow prints CSV or a table. */
	if (sink.fmt == OFMT_JSON)
		sink.fmt = OFMT_CSV;
	output_init(&t, rep_epoch_cols, rep_nepoch_cols, false);
	cmd_output_currency(&t, r->chain);
	report_init(&rp, r->idx, r->n, r->to + 1, UINT64_MAX - 1, NULL, 0,
	    r->rolling_epochs);
	output_stream_begin(&t, sink.fmt, fp);
	if (fflush(fp) != 0 || ferror(fp))
		rc = UC_EIO;
	for (polls = 0; !report_stop && rc == UC_OK; polls++) {
		struct beacon_req req;
		uint64_t slot, proposer, e, latest;

		/*
		 * Look at once, then once a slot: the current epoch's proposer
		 * duties are served only while it is current, so no epoch may
		 * pass between two looks.
		 */
		if (polls > 0)
			nap(r->tim.slot_s);
		if (report_stop)
			break;
		if ((rc = rep_get_json(r, "GET", "/eth/v1/beacon/headers/head", NULL, &req)) ==
		    UC_OK)
			rc = jd_header(req.resp.buf, req.resp.len, &slot, &proposer);
		strbuf_release(&req.resp);
		if (rc != UC_OK) {
			/* A node restart is not the end of following: try again. */
			if (rc == UC_EUNAVAIL || rc == UC_ETEMPFAIL)
				rc = UC_OK;
			continue;
		}
		/*
		 * Proposer duties are served for the current epoch only on many
		 * nodes: record them now, settle them as their slots pass.
		 */
		e = slot / r->tim.slots_per_epoch;
		/* A node behind what was reported (a lagging backend): wait for it. */
		if (e < r->to + 1)
			continue;
		/* Index once per epoch, from the first epoch not yet reported. */
		if (e != indexed_at) {
			if ((rc = store_index(r->st, r->idx, r->n, r->to + 1, e)) != UC_OK)
				break;
			indexed_at = e;
		}
		if ((rc = rep_fetch_proposals(r, e >= 1 ? e - 1 : 0, e, slot)) != UC_OK)
			break;
		latest = e >= 2 ? e - 2 : 0;
		if (latest <= r->to)
			continue;
		r->from = r->to + 1;
		r->to = latest;
		if ((rc = rep_fetch_missing(r)) != UC_OK)
			break;
		rep_say_unserved(r);
		r->nunserved = 0;
		for (e = r->from; e <= r->to && rc == UC_OK; e++) {
			if (!store_has(r->st, e))
				continue;
			/* A record damaged since it was written is named and skipped. */
			if ((rc = store_read(r->st, e, &r->er)) == UC_OK)
				report_add(&rp, &r->er, rep_epoch_row, &sink);
			else if (rc == UC_EDATA)
				rc = UC_OK;
		}
		if (rc == UC_OK)
			rc = store_sync(r->st);
		output_stream_rows(&t, sink.fmt, fp);
		/* Following into a full disk would fail quietly for ever. */
		if (fflush(fp) != 0 || ferror(fp))
			rc = UC_EIO;
	}
	if (sink.fmt == OFMT_TABLE || sink.fmt == OFMT_CSV)
		output_stream_rows(&t, sink.fmt, fp);
	output_release(&t);
	report_release(&rp);
	/* Ctrl-C or SIGTERM is how following ends: everything is stored. */
	return report_stop && (rc == UC_OK || rc == UC_ETEMPFAIL) ? UC_OK : rc;
}

/* --- main --------------------------------------------------------------- */

static int
parse_options(struct rep *r, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "beacon",          required_argument, NULL, 'b' },
		{ "validators",      required_argument, NULL, 'v' },
		{ "validators-file", required_argument, NULL, 'F' },
		{ "epochs",          required_argument, NULL, 'e' },
		{ "days",            required_argument, NULL, 'd' },
		{ "from-epoch",      required_argument, NULL, 'A' },
		{ "to-epoch",        required_argument, NULL, 'B' },
		{ "window",          required_argument, NULL, 'w' },
		{ "slo",             required_argument, NULL, 'S' },
		{ "per-epoch",       no_argument,       NULL, 'P' },
		{ "store",           required_argument, NULL, 's' },
		{ "follow",          no_argument,       NULL, 'W' },
		{ "header",          required_argument, NULL, 'H' },
		{ "concurrency",     required_argument, NULL, 'n' },
		{ "timeout",         required_argument, NULL, 't' },
		{ "retries",         required_argument, NULL, 'r' },
		{ "output",          required_argument, NULL, 'o' },
		{ "max-response",    required_argument, NULL, 'M' },
		CMD_COMMON_OPTS,
		{ NULL, 0, NULL, 0 },
	};
	int ch, rc = UC_OK;
	uint64_t v;

	while (rc == UC_OK && (ch = cmd_getopt(&r->co, argc, argv, opts)) != -1) {
		switch (ch) {
		case 'b': r->url = optarg; break;
		case 'v': rc = rep_add_items(r, optarg, "--validators"); break;
		case 'F': rc = rep_read_validators_file(r, optarg); break;
		case 'e':
			if (!parse_u64(optarg, &r->epochs_opt) || r->epochs_opt == 0)
				rc = cmd_usage_error(&r->co, "--epochs: '%s' is not a positive "
				    "whole number", optarg);
			r->has_epochs = true;
			break;
		case 'd':
			rc = opt_amount(&r->co, "--days", optarg, 36525, &r->days_opt);
			r->has_days = true;
			break;
		case 'A':
			if (!parse_u64(optarg, &r->from_opt))
				rc = cmd_usage_error(&r->co, "--from-epoch: '%s' is not an "
				    "epoch number", optarg);
			r->has_from = true;
			break;
		case 'B':
			if (!parse_u64(optarg, &r->to_opt))
				rc = cmd_usage_error(&r->co, "--to-epoch: '%s' is not an "
				    "epoch number", optarg);
			r->has_to = true;
			break;
		case 'w': r->windows_opt = optarg; break;
		case 'S': rc = opt_slo(&r->co, optarg, &r->slo_pct); break;
		case 'P': r->per_epoch = true; break;
		case 's': r->store_path = optarg; break;
		case 'W': r->follow = true; break;
		case 'H':
			r->headers = xrealloc(r->headers, (r->nheaders + 1) * sizeof(*r->headers));
			r->headers[r->nheaders++] = optarg;
			break;
		case 'n':
			if (!parse_u64(optarg, &v) || v < 1 || v > 64)
				rc = cmd_usage_error(&r->co, "--concurrency: '%s' is not a "
				    "whole number from 1 to 64", optarg);
			r->concurrency = (int)v;
			break;
		case 't':
			if ((rc = opt_duration(&r->co, "--timeout", optarg, &r->timeout_s)) ==
			    UC_OK && (r->timeout_s < 0.1 || r->timeout_s > 3600))
				rc = cmd_usage_error(&r->co, "--timeout: '%s' must lie between "
				    "0.1s and 1h", optarg);
			break;
		case 'r':
			if (!parse_u64(optarg, &v) || v > 20)
				rc = cmd_usage_error(&r->co, "--retries: '%s' is not a whole "
				    "number from 0 to 20", optarg);
			r->retries = (int)v;
			break;
		case 'o': r->output_path = optarg; break;
		case 'M':
			if (!parse_size_bytes(optarg, &r->max_response_bytes) ||
			    r->max_response_bytes == 0)
				rc = cmd_usage_error(&r->co, "--max-response: '%s' is not a "
				    "positive size in bytes, such as 64M", optarg);
			break;
		default:
			rc = cmd_shared_opt(&r->co, ch, optarg, argv, NULL);
		}
	}
	if (rc != UC_OK || r->co.help_shown)
		return rc;
	if (optind < argc)
		return cmd_usage_error(&r->co, "unexpected argument '%s'", argv[optind]);
	rep_take_items(r);
	if (r->nitems == 0)
		return cmd_usage_error(&r->co, "give the validators to report on with "
		    "--validators or --validators-file");
	if ((r->has_epochs + r->has_days + r->has_from) > 1)
		return cmd_usage_error(&r->co, "--epochs, --days and --from-epoch "
		    "choose the range: give one");
	if (r->has_to && !r->has_from)
		return cmd_usage_error(&r->co, "--to-epoch goes with --from-epoch");
	if (r->has_from && r->has_to && r->from_opt > r->to_opt)
		return cmd_usage_error(&r->co, "--from-epoch is after --to-epoch");
	return UC_OK;
}

static int
open_output(struct rep *r)
{
	int rc;

	if (r->output_path == NULL) {
		r->out = stdout;
		return UC_OK;
	}
	if ((rc = outfile_open(&r->of, r->output_path)) == UC_OK)
		r->out = r->of.fp;
	return rc;
}

static int
close_output(struct rep *r, int rc)
{
	/* A partial report (69, 75, 76) is still a report: keep it. */
	bool keep = rc == UC_OK || rc == UC_ETEMPFAIL || rc == UC_EUNAVAIL ||
	    rc == UC_EPROTO;
	int crc;

	if (r->out == NULL || r->out == stdout)
		return rc;
	r->out = NULL;
	/* A report that could not be written whole is exit 74, partial or not. */
	if ((crc = outfile_close(&r->of, keep)) != UC_OK)
		return crc;
	return rc;
}

int
cmd_report(int argc, char **argv, const struct uc_opts *g)
{
	struct rep r;
	struct beacon_opts bo;
	struct sigaction sa;
	char *store_path = NULL;
	int rc, fetch_rc = UC_OK;
	uint64_t e, have = 0;

	memset(&r, 0, sizeof(r));
	cmd_common_init(&r.co, "report", usage, help, g);
	r.slo_pct = NAN;
	r.concurrency = 4;
	r.threads = workers_default();
	r.retries = 3;
	r.timeout_s = 30;
	if ((rc = parse_options(&r, argc, argv)) != UC_OK || r.co.help_shown)
		goto out;
	if ((rc = cmd_load(&r.co, g, &r.chain)) != UC_OK)
		goto out;
	if (r.chain->model != PM_ETH_BEACON) {
		rc = cmd_usage_error(&r.co, "%s is not an Ethereum-family chain: report "
		    "reads a Beacon API node", r.chain->name);
		goto out;
	}
	if (r.url == NULL)
		r.url = getenv("BEACON_API_URL");
	if (r.url == NULL || r.url[0] == '\0')
		r.url = "http://localhost:5052";
	bo.url = r.url;
	bo.headers = r.headers;
	bo.nheaders = r.nheaders;
	bo.concurrency = r.concurrency;
	bo.timeout_s = r.timeout_s;
	bo.retries = r.retries;
	bo.max_response_bytes = r.max_response_bytes;
	if ((rc = beacon_open(&r.b, &bo)) != UC_OK)
		goto out;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if ((rc = rep_node_info(&r)) != UC_OK || (rc = rep_resolve(&r)) != UC_OK ||
	    (rc = rep_choose_range(&r)) != UC_OK)
		goto out;
	/* Windows need the node's epoch length: parse them before fetching. */
	if ((rc = rep_parse_windows(&r)) != UC_OK)
		goto out;
	store_path = r.store_path ? xstrdup(r.store_path) :
	    store_default_path(r.gen.validators_root);
	if ((rc = store_open(&r.st, store_path, r.gen.validators_root)) != UC_OK)
		goto out;
	if ((rc = store_index(r.st, r.idx, r.n, r.from, r.to)) != UC_OK)
		goto out;
	/* What is stored is read (and so checked) before the rest is fetched. */
	if (!r.per_epoch && !r.follow)
		rc = rep_agg_begin(&r) == UC_OK ? rep_agg_stored(&r) : UC_ESOFTWARE;
	else if (r.per_epoch)
		rc = rep_check_stored(&r);
	if (rc != UC_OK)
		goto out;
	fetch_rc = rep_fetch_missing(&r);
	if (fetch_rc != UC_OK && !report_stop && fetch_rc != UC_EUNAVAIL &&
	    fetch_rc != UC_ETEMPFAIL && fetch_rc != UC_EPROTO) {
		rc = fetch_rc;
		goto out;
	}
	rep_say_unserved(&r);
	if (fetch_rc == UC_OK && !report_stop)
		fetch_rc = rep_fetch_proposals(&r, r.from, r.to, r.head_slot);
	for (e = r.from; e <= r.to; e++)
		have += store_has(r.st, e);
	if (have == 0) {
		rc = fetch_rc != UC_OK ? fetch_rc :
		    diag_error(UC_EUNAVAIL, "no epoch of %llu-%llu is stored or served: "
		    "nothing to report", (unsigned long long)r.from,
		    (unsigned long long)r.to);
		goto out;
	}
	if ((rc = open_output(&r)) != UC_OK)
		goto out;
	if (r.follow && fetch_rc == UC_OK && !report_stop) {
		rc = follow(&r, r.out);
	} else {
		/* A --follow that could not start prints what it has, a summary. */
		if (!r.per_epoch && r.agg == NULL && (rc = rep_agg_begin(&r)) == UC_OK)
			rc = rep_agg_stored(&r);
		if (rc == UC_OK)
			rc = rep_print(&r, r.out);
	}
	/* A partial report says so in its exit status. */
	if (rc == UC_OK && fetch_rc != UC_OK)
		rc = fetch_rc;
	else if (rc == UC_OK && r.nunserved && !r.follow)
		rc = UC_ETEMPFAIL;
	rc = close_output(&r, rc);
out:
	rep_agg_end(&r);
	free(r.win);
	free(store_path);
	/* The store's last sync: a failure loses no report, but it is said. */
	if (store_close(r.st) != UC_OK && rc == UC_OK)
		rc = UC_EIO;
	beacon_close(r.b);
	free(r.er.v);
	free(r.ex.at);
	free(r.unserved);
	free(r.vals);
	free(r.idx);
	free(r.body);
	free(r.headers);
	close_output(&r, UC_ESOFTWARE);	/* an early exit: leave FILE as it was */
	for (size_t i = 0; i < r.nitems; i++)
		free(r.items[i]);
	free(r.items);
	vlist_release(&r.vl);
	cmd_common_release(&r.co);
	return rc;
}
