/*
 * report's options: the usage and help it prints, and argv into a struct
 * report_opts, the validators as a sorted list of strings.  One-line
 * errors, status UC_EUSAGE.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "report_opts.h"
#include "util.h"

const char report_opts_usage[] =
    "report [--beacon URL[,URL...]] (--validators LIST | --validators-file FILE)\n"
    "        [--epochs N | --days N | --from-epoch A [--to-epoch B]]\n"
    "        [--window DURATION[,DURATION...]] [--slo PERCENT] [--per-epoch]\n"
    "        [--per-day [--price USD]] [--alert-streak N] [--wide]\n"
    "        [--sort index|uptime|effectiveness|streak] [--only-failing] [--quiet]\n"
    "        [--store FILE] [--follow [--listen ADDR:PORT]] [--textfile FILE]\n"
    "        [--group NAME] [--metrics-per-validator]\n"
    "        [--cost AMOUNT[/month|/year] --price USD]\n"
    "        [--plot FILE] [--plot-script FILE]\n"
    "        [--header 'Name: value'] [--concurrency N]\n"
    "        [--timeout DURATION] [--retries N] [--max-response SIZE]\n"
    "        [--chain NAME] [--data FILE] [--format table|csv|json] [--output FILE]";
const char report_opts_help[] =
    "Uptime, head/target/source correctness, effectiveness and the SLO budget\n"
    "of validators, from a Beacon API node (Lighthouse, Teku, Prysm, Lodestar;\n"
    "Nimbus lacks the rewards endpoint) and the local per-epoch store.\n"
    "\n"
    "  --beacon URL[,URL...]     Beacon API base URL (default: $BEACON_API_URL,\n"
    "                            else http://localhost:5052); user:password@, a\n"
    "                            path and a query are allowed and never shown;\n"
    "                            several nodes share the requests, and one down\n"
    "                            or an epoch behind is left to the others\n"
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
    "  --per-day                 one row per validator and UTC day, and a total:\n"
    "                            duties, uptime, reward, penalty, net, missed\n"
    "  --price USD               with --per-day: the net in USD at this price;\n"
    "                            with --cost: the break-even uptime metric\n"
    "  --wide                    the table shows every column (CSV and JSON do)\n"
    "  --sort KEY                rows by index (default), uptime, effectiveness\n"
    "                            (worst first) or streak (longest first)\n"
    "  --only-failing            rows below --slo or missing now (a streak)\n"
    "  --quiet                   no notes, no progress\n"
    "  --alert-streak N          exit 1, naming them, when validators have missed\n"
    "                            N or more epochs in a row up to now (for cron)\n"
    "  --store FILE              per-epoch store (default:\n"
    "                            $XDG_DATA_HOME/uptimecalc/<0x + 16 hex of the\n"
    "                            genesis validators root>.store)\n"
    "  --follow                  keep running: fetch, store and print each new epoch\n"
    "                            (with --format json, one JSON object per line)\n"
    "  --listen ADDR:PORT        with --follow: serve Prometheus metrics at\n"
    "                            http://ADDR:PORT/metrics (:PORT: every address)\n"
    "  --textfile FILE           Prometheus metrics (text format) written to FILE\n"
    "                            whole: once, or after each epoch with --follow\n"
    "                            (for node_exporter's textfile collector)\n"
    "  --group NAME              a group=\"NAME\" label on every metric\n"
    "  --metrics-per-validator   every validator's uptime and streak as metrics\n"
    "                            (else only the streaks of those missing)\n"
    "  --cost AMOUNT[/month|/year]\n"
    "                            running cost in USD, with --price: the metric\n"
    "                            uptimecalc_breakeven_uptime_frac\n"
    "  --plot FILE               the range as a chart (.svg, .png or .pdf, by\n"
    "                            gnuplot): up to 8 validators, each one's rolling\n"
    "                            uptime against --slo; more, a validators x epochs\n"
    "                            grid of target votes missed\n"
    "  --plot-script FILE        the chart's gnuplot script, data inline, to edit\n"
    "  --header 'Name: value'    extra HTTP header (repeatable), e.g. an API key\n"
    "  --concurrency N           requests in flight (default 4)\n"
    "  --timeout DURATION        per request attempt (default 30s)\n"
    "  --retries N               retries of a timeout, 5xx or 429 (default 3)\n"
    "  --max-response SIZE       raise every answer's size cap to at least SIZE\n"
    "                            bytes (suffix k, M or G; the caps: 4M + 1k per\n"
    "                            validator for rewards, 1M for most others)\n"
    "  --chain NAME              network table row, for the currency (default ethereum)\n"
    "  --output FILE             write the report to FILE instead of stdout: a\n"
    "                            file is replaced whole, a device written in place\n"
    CMD_COMMON_HELP;

/*
 * A validators file may hold the VLIST_MAX validators as pubkeys, one a
 * line with a comment beside each (about 100 MB); longer is not a list.
 */
#define VALIDATORS_FILE_MAX	((size_t)128 << 20)

static int
list_error(struct cmd_common *co, enum vlist_status st, const struct vlist_error *e,
    const char *where)
{
	switch (st) {
	case VLIST_OK:
		break;
	case VLIST_EITEM:
		return cmd_usage_error(co, "%s: '%s' is neither a validator "
		    "index nor a 0x pubkey", where, e->item);
	case VLIST_ERANGE:
		return cmd_usage_error(co, "%s: '%s' is not a range of validator "
		    "indices such as 100-199", where, e->item);
	case VLIST_ETOOMANY:
		return cmd_usage_error(co, "more than %d validators", VLIST_MAX);
	}
	return UC_OK;
}

static int
add_validators(struct report_opts *o, struct cmd_common *co, const char *text)
{
	struct vlist_error e;

	return list_error(co, vlist_parse(&o->vl, text, strlen(text), false, &e), &e,
	    "--validators");
}

static int
read_validators_file(struct report_opts *o, struct cmd_common *co,
    const char *path)
{
	struct vlist_error e;
	enum vlist_status st;
	struct strbuf sb;
	char where[512];
	int rc;

	if ((rc = util_read_text(path, "validators file", VALIDATORS_FILE_MAX,
	    &sb)) != UC_OK)
		return rc;
	st = vlist_parse(&o->vl, sb.buf, sb.len, true, &e);
	strbuf_release(&sb);
	if (st == VLIST_OK)
		return UC_OK;
	snprintf(where, sizeof(where), "%s:%zu",
	    strcmp(path, "-") == 0 ? "standard input" : path, e.line);
	return list_error(co, st, &e, where);
}

/* The validators given, sorted and without duplicates, as strings. */
static void
take_items(struct report_opts *o)
{
	size_t i, k = 0;

	vlist_finish(&o->vl);
	o->nitems = vlist_count(&o->vl);
	o->items = xcalloc(o->nitems + 1, sizeof(*o->items));
	for (i = 0; i < o->vl.nidx; i++) {
		char num[24];

		snprintf(num, sizeof(num), "%llu", (unsigned long long)o->vl.idx[i]);
		o->items[k++] = xstrdup(num);
	}
	for (i = 0; i < o->vl.nkeys; i++)
		o->items[k++] = xstrdup(o->vl.keys[i]);
	vlist_release(&o->vl);
}

static int
option(struct report_opts *o, struct cmd_common *co, int ch, char **argv)
{
	uint64_t v;

	switch (ch) {
	case 'b': o->url = optarg; return UC_OK;
	case 'v': return add_validators(o, co, optarg);
	case 'F': return read_validators_file(o, co, optarg);
	case 'e':
		o->has_epochs = true;
		return opt_count(co, "--epochs", optarg, 1, REPORT_MAX_RANGE_EPOCHS,
		    &o->epochs);
	case 'd':
		o->has_days = true;
		return opt_amount(co, "--days", optarg, 36525, &o->days);
	case 'A':
		o->has_from = true;
		if (!parse_u64(optarg, &o->from))
			return cmd_usage_error(co, "--from-epoch: '%s' is not an "
			    "epoch number", optarg);
		return UC_OK;
	case 'B':
		o->has_to = true;
		if (!parse_u64(optarg, &o->to))
			return cmd_usage_error(co, "--to-epoch: '%s' is not an epoch "
			    "number", optarg);
		return UC_OK;
	case 'w': o->windows = optarg; return UC_OK;
	case 'S': return opt_slo(co, optarg, &o->slo_pct);
	case 'P': o->per_epoch = true; return UC_OK;
	case 'Y': o->per_day = true; return UC_OK;
	case 'X': o->wide = true; return UC_OK;
	case 'f' + 256: o->only_failing = true; return UC_OK;
	case 'q': o->quiet = true; return UC_OK;
	case 'O': {
		static const char *const keys[] = { "index", "uptime", "effectiveness",
		    "streak" };
		size_t i;

		for (i = 0; i < NELEM(keys); i++)
			if (strcmp(optarg, keys[i]) == 0) {
				o->sort = (int)i;
				o->sort_given = true;
				return UC_OK;
			}
		return cmd_usage_error(co, "--sort: '%s' is not index, uptime, "
		    "effectiveness or streak", optarg);
	}
	case 'p': return opt_amount(co, "--price", optarg, 1e9, &o->price_usd);
	case 'a':
		return opt_count(co, "--alert-streak", optarg, 1, 100000000,
		    &o->alert_streak);
	case 's': o->store_path = optarg; return UC_OK;
	case 'W': o->follow = true; return UC_OK;
	case 'H':
		o->headers = xrealloc(o->headers, (o->nheaders + 1) * sizeof(*o->headers));
		o->headers[o->nheaders++] = optarg;
		return UC_OK;
	case 'n':
		if (opt_count(co, "--concurrency", optarg, 1, 64, &v) != UC_OK)
			return UC_EUSAGE;
		o->concurrency = (int)v;
		return UC_OK;
	case 't':
		if (opt_duration(co, "--timeout", optarg, &o->timeout_s) != UC_OK)
			return UC_EUSAGE;
		if (o->timeout_s < 0.1 || o->timeout_s > 3600)
			return cmd_usage_error(co, "--timeout: '%s' must lie between "
			    "0.1s and 1h", optarg);
		return UC_OK;
	case 'r':
		if (opt_count(co, "--retries", optarg, 0, 20, &v) != UC_OK)
			return UC_EUSAGE;
		o->retries = (int)v;
		return UC_OK;
	case 'o': o->output_path = optarg; return UC_OK;
	case 'T': o->textfile = optarg; return UC_OK;
	case 'L': o->listen = optarg; return UC_OK;
	case 'g':
		if (*optarg == '\0' || strlen(optarg) > 200)
			return cmd_usage_error(co, "--group: a name of 1 to 200 bytes");
		o->group = optarg;
		return UC_OK;
	case 'm': o->metrics_per_validator = true; return UC_OK;
	case 'C': return opt_cost(co, optarg, &o->cost_usd_year);
	case 'G': return opt_plot(co, optarg, &o->plot_path);
	case 'G' + 256: o->script_path = optarg; return UC_OK;
	case 'M':
		if (!parse_size_bytes(optarg, &o->max_response_bytes) ||
		    o->max_response_bytes == 0)
			return cmd_usage_error(co, "--max-response: '%s' is not a "
			    "positive size in bytes, such as 64M", optarg);
		return UC_OK;
	}
	return cmd_shared_opt(co, ch, optarg, argv, NULL);
}

int
report_opts_parse(struct report_opts *o, struct cmd_common *co, int argc,
    char **argv)
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
		{ "per-day",         no_argument,       NULL, 'Y' },
		{ "wide",            no_argument,       NULL, 'X' },
		{ "sort",            required_argument, NULL, 'O' },
		{ "only-failing",    no_argument,       NULL, 'f' + 256 },
		{ "quiet",           no_argument,       NULL, 'q' },
		{ "price",           required_argument, NULL, 'p' },
		{ "alert-streak",    required_argument, NULL, 'a' },
		{ "store",           required_argument, NULL, 's' },
		{ "follow",          no_argument,       NULL, 'W' },
		{ "header",          required_argument, NULL, 'H' },
		{ "concurrency",     required_argument, NULL, 'n' },
		{ "timeout",         required_argument, NULL, 't' },
		{ "retries",         required_argument, NULL, 'r' },
		{ "output",          required_argument, NULL, 'o' },
		{ "max-response",    required_argument, NULL, 'M' },
		{ "textfile",        required_argument, NULL, 'T' },
		{ "listen",          required_argument, NULL, 'L' },
		{ "group",           required_argument, NULL, 'g' },
		{ "metrics-per-validator", no_argument,  NULL, 'm' },
		{ "cost",            required_argument, NULL, 'C' },
		{ "plot",            required_argument, NULL, 'G' },
		{ "plot-script",     required_argument, NULL, 'G' + 256 },
		CMD_COMMON_OPTS,
		{ NULL, 0, NULL, 0 },
	};
	int ch, rc = UC_OK;

	memset(o, 0, sizeof(*o));
	o->slo_pct = NAN;
	o->price_usd = NAN;
	o->cost_usd_year = NAN;
	o->concurrency = 4;
	o->retries = 3;
	o->timeout_s = 30;
	while (rc == UC_OK && (ch = cmd_getopt(co, argc, argv, opts)) != -1)
		rc = option(o, co, ch, argv);
	if (rc != UC_OK || co->help_shown)
		return rc;
	if (optind < argc)
		return cmd_usage_error(co, "unexpected argument '%s'", argv[optind]);
	take_items(o);
	if (o->nitems == 0)
		return cmd_usage_error(co, "give the validators to report on with "
		    "--validators or --validators-file");
	if ((o->has_epochs + o->has_days + o->has_from) > 1)
		return cmd_usage_error(co, "--epochs, --days and --from-epoch "
		    "choose the range: give one");
	if (o->has_to && !o->has_from)
		return cmd_usage_error(co, "--to-epoch goes with --from-epoch");
	if (o->has_from && o->has_to && o->from > o->to)
		return cmd_usage_error(co, "--from-epoch is after --to-epoch");
	if (o->per_day && (o->per_epoch || o->follow))
		return cmd_usage_error(co, "--per-day is its own view: not with "
		    "--per-epoch or --follow");
	if (!isnan(o->price_usd) && !o->per_day && isnan(o->cost_usd_year))
		return cmd_usage_error(co, "--price goes with --per-day or --cost");
	if (o->listen && !o->follow)
		return cmd_usage_error(co, "--listen serves what --follow counts: give "
		    "--follow too (or --textfile for one report)");
	if (!isnan(o->cost_usd_year) && (isnan(o->price_usd) || !(o->textfile ||
	    o->listen)))
		return cmd_usage_error(co, "--cost goes with --price, and --textfile or "
		    "--listen");
	if ((o->group || o->metrics_per_validator) && !(o->textfile || o->listen))
		return cmd_usage_error(co, "--group and --metrics-per-validator go with "
		    "--textfile or --listen");
	if (o->textfile && (o->per_epoch || o->per_day))
		return cmd_usage_error(co, "--textfile exports the summary, or what "
		    "--follow counts: not with --per-epoch or --per-day");
	if ((o->sort_given || o->only_failing) && (o->per_epoch || o->follow ||
	    o->per_day))
		return cmd_usage_error(co, "--sort and --only-failing order and pick "
		    "the summary's rows: not with --per-epoch, --per-day or --follow");
	if ((o->plot_path || o->script_path) && o->follow)
		return cmd_usage_error(co, "--plot draws the range: not with --follow");
	if (o->alert_streak && (o->per_epoch || o->follow || o->per_day))
		return cmd_usage_error(co, "--alert-streak judges the summary: not "
		    "with --per-epoch, --per-day or --follow");
	return UC_OK;
}

void
report_opts_release(struct report_opts *o)
{
	size_t i;

	for (i = 0; i < o->nitems; i++)
		free(o->items[i]);
	free(o->items);
	free(o->headers);
	vlist_release(&o->vl);
	memset(o, 0, sizeof(*o));
}
