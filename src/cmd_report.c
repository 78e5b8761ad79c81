/*
 * report: rolling uptime, correctness, effectiveness and the SLO budget of
 * a set of validators, from a Beacon API node and the local store.  Epochs
 * already stored are never fetched again; epochs fetched are stored as
 * they arrive, so an interrupted report loses nothing.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "beacon.h"
#include "cmd.h"
#include "diag.h"
#include "json_decode.h"
#include "report.h"
#include "store.h"
#include "util.h"
#include "workers.h"

static const char usage[] =
    "report [--beacon URL] (--validators LIST | --validators-file FILE)\n"
    "        [--epochs N | --days N | --from-epoch A [--to-epoch B]]\n"
    "        [--window DURATION[,DURATION...]] [--slo PERCENT] [--per-epoch]\n"
    "        [--store FILE] [--follow] [--header 'Name: value'] [--concurrency N]\n"
    "        [--timeout DURATION] [--retries N] [--chain NAME] [--data FILE]\n"
    "        [--format table|csv|json] [--output FILE]";
static const char help[] =
    "Uptime, head/target/source correctness, effectiveness and the SLO budget\n"
    "of validators, from a Beacon API node (Lighthouse, Teku, Prysm, Lodestar;\n"
    "Nimbus lacks the rewards endpoint) and the local per-epoch store.\n"
    "\n"
    "  --beacon URL              Beacon API base URL (default: $BEACON_API_URL,\n"
    "                            else http://localhost:5052); user:password@ allowed\n"
    "  --validators LIST         indices, ranges (100-199) and 0x pubkeys, comma-\n"
    "                            separated\n"
    "  --validators-file FILE    the same, one or more per line, # comments\n"
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
    "  --chain NAME              network table row, for the currency (default ethereum)\n"
    "  --data FILE               network table to read (default: $UPTIMECALC_DATA,\n"
    "                            else the installed networks.csv)\n"
    "  --format table|csv|json   output format (default table)\n"
    "  --output FILE             write the report to FILE instead of stdout\n"
    "  --help                    show this help\n";

#define FAR_FUTURE	UINT64_MAX
#define MAX_VALIDATORS	1000000

static volatile sig_atomic_t stop_flag;

static void
on_signal(int sig)
{
	(void)sig;
	stop_flag = 1;
}

struct rep {
	struct cmd_common co;
	const struct chain *chain;
	/* options */
	const char	*url;
	char		**headers;
	size_t		 nheaders;
	char		**items;		/* validators as given */
	size_t		 nitems, capitems;
	uint64_t	 epochs_opt, from_opt, to_opt;
	double		 days_opt;
	bool		 has_epochs, has_days, has_from, has_to;
	const char	*windows_opt;
	double		 slo_pct;
	bool		 per_epoch, follow;
	const char	*store_path;
	const char	*output_path;
	int		 concurrency, retries;
	double		 timeout_s;
	/* node */
	struct beacon	*b;
	struct jd_genesis gen;
	struct jd_timing tim;
	uint64_t	 head_epoch;
	uint64_t	 head_slot;
	/* validators, sorted by index */
	struct jd_validator *vals;
	size_t		 n;
	uint64_t	*idx;
	char		*body;			/* ["i","j",...] for the rewards POSTs */
	/* range and fetching */
	uint64_t	 from, to;
	struct store	*st;
	uint64_t	 cursor;		/* next epoch to consider fetching */
	uint64_t	 want, fetched;
	uint64_t	*unserved;		/* epochs the node no longer holds */
	size_t		 nunserved;
	char		 unserved_msg[240];
	bool		 warned_decimal;
	double		 t0, last_progress;
	struct epoch_result er;		/* the main thread's scratch */
	struct workers	*pool;		/* decodes and stores responses */
	int		 threads;
	uint64_t	 rolling_epochs;	/* the per-epoch trailing window */
	FILE		*out;
	char		*tmp_path;
};

static double
mono_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* One line for a request that did not succeed; never shows credentials. */
static int
node_error(struct rep *r, const struct beacon_req *req)
{
	struct jd_error e;
	char *msg, line[600];
	int rc;

	if (req->status == 0) {
		snprintf(line, sizeof(line), "beacon node %s: %s (%s)",
		    beacon_display_url(r->b), req->err, req->path);
		rc = strstr(req->err, "imeout") ? UC_ETEMPFAIL : UC_EUNAVAIL;
	} else {
		jd_error_body(req->resp.buf ? req->resp.buf : "", req->resp.len, &e);
		snprintf(line, sizeof(line), "beacon node %s answered %ld for %s%s%s",
		    beacon_display_url(r->b), req->status, req->path,
		    e.message[0] ? ": " : "", e.message);
		rc = req->status >= 500 || req->status == 429 ? UC_EUNAVAIL : UC_EPROTO;
	}
	msg = beacon_redact(r->b, line);
	diag_error(rc, "%s", msg);
	free(msg);
	return rc;
}

static int
get_json(struct rep *r, const char *method, const char *path, char *body,
    struct beacon_req *req)
{
	int rc;

	memset(req, 0, sizeof(*req));
	req->method = method;
	snprintf(req->path, sizeof(req->path), "%s", path);
	req->body = body;
	strbuf_init(&req->resp);
	if ((rc = beacon_fetch(r->b, req, &stop_flag)) != UC_OK)
		return diag_error(rc, "interrupted");
	if (req->status != 200)
		return node_error(r, req);
	return UC_OK;
}

static int
node_info(struct rep *r)
{
	struct beacon_req req;
	uint64_t slot, proposer;
	int rc;

	if ((rc = get_json(r, "GET", "/eth/v1/beacon/genesis", NULL, &req)) == UC_OK)
		rc = jd_genesis(req.resp.buf, req.resp.len, &r->gen);
	strbuf_release(&req.resp);
	if (rc != UC_OK)
		return rc;
	if ((rc = get_json(r, "GET", "/eth/v1/config/spec", NULL, &req)) == UC_OK)
		rc = jd_spec(req.resp.buf, req.resp.len, &r->tim);
	strbuf_release(&req.resp);
	if (rc != UC_OK)
		return rc;
	if ((rc = get_json(r, "GET", "/eth/v1/beacon/headers/head", NULL, &req)) == UC_OK)
		rc = jd_header(req.resp.buf, req.resp.len, &slot, &proposer);
	strbuf_release(&req.resp);
	if (rc == UC_OK) {
		r->head_slot = slot;
		r->head_epoch = slot / r->tim.slots_per_epoch;
	}
	return rc;
}

static double
epoch_s(const struct rep *r)
{
	return r->tim.slot_s * (double)r->tim.slots_per_epoch;
}

/* --- validators --------------------------------------------------------- */

static int
push_item(struct rep *r, const char *item)
{
	if (r->nitems >= MAX_VALIDATORS)
		return cmd_usage_error(&r->co, "more than %d validators", MAX_VALIDATORS);
	if (r->nitems == r->capitems) {
		r->capitems = r->capitems ? 2 * r->capitems : 64;
		r->items = xrealloc(r->items, r->capitems * sizeof(*r->items));
	}
	r->items[r->nitems++] = xstrdup(item);
	return UC_OK;
}

static int
add_items(struct rep *r, const char *text, const char *where)
{
	char *copy = xstrdup(text), *tok, *save = NULL;
	int rc = UC_OK;

	for (tok = strtok_r(copy, ", \t\r\n", &save); tok && rc == UC_OK;
	    tok = strtok_r(NULL, ", \t\r\n", &save)) {
		uint64_t v, lo, hi;
		size_t k, len = strlen(tok);
		bool hex = len == 98 && tok[0] == '0' && (tok[1] == 'x' || tok[1] == 'X');
		char *dash = strchr(tok, '-');

		/* "100-199": a run of indices. */
		if (!hex && dash) {
			*dash = '\0';
			if (!parse_u64(tok, &lo) || !parse_u64(dash + 1, &hi) || lo > hi ||
			    hi - lo >= MAX_VALIDATORS) {
				*dash = '-';
				rc = cmd_usage_error(&r->co, "%s: '%.40s' is not a range of "
				    "validator indices such as 100-199", where, tok);
				break;
			}
			for (v = lo; v <= hi && rc == UC_OK; v++) {
				char num[24];

				snprintf(num, sizeof(num), "%llu", (unsigned long long)v);
				rc = push_item(r, num);
			}
			continue;
		}
		for (k = 2; hex && k < len; k++)
			hex = isxdigit((unsigned char)tok[k]) != 0;
		if (!hex && !parse_u64(tok, &v)) {
			rc = cmd_usage_error(&r->co, "%s: '%.40s' is neither a validator "
			    "index nor a 0x pubkey", where, tok);
			break;
		}
		for (k = 0; k < len; k++)
			tok[k] = (char)tolower((unsigned char)tok[k]);
		rc = push_item(r, tok);
	}
	free(copy);
	return rc;
}

static int
read_validators_file(struct rep *r, const char *path)
{
	FILE *fp = fopen(path, "r");
	char line[4096];
	int rc = UC_OK;

	if (fp == NULL)
		return diag_error(UC_ENOINPUT, "cannot read validators file '%s': %s",
		    path, strerror(errno));
	while (rc == UC_OK && fgets(line, sizeof(line), fp)) {
		char *hash = strchr(line, '#');

		if (hash)
			*hash = '\0';
		rc = add_items(r, line, path);
	}
	fclose(fp);
	return rc;
}

static int
by_index(const void *a, const void *b)
{
	const struct jd_validator *x = a, *y = b;

	return x->index < y->index ? -1 : x->index > y->index;
}

static int
by_pubkey(const void *a, const void *b)
{
	const struct jd_validator *const *x = a, *const *y = b;

	return strcmp((*x)->pubkey, (*y)->pubkey);
}

/* Resolve indices and pubkeys once, through the validators endpoint. */
static int
resolve(struct rep *r)
{
	struct strbuf q, missing;
	struct beacon_req req;
	struct jd_validator *got = NULL, **bykey;
	size_t ngot = 0, i, j, nmissing = 0;
	int rc;

	strbuf_init(&q);
	strbuf_init(&missing);
	strbuf_addf(&q, "/eth/v1/beacon/states/head/validators?id=");
	for (i = 0; i < r->nitems; i++)
		strbuf_addf(&q, "%s%s", i ? "," : "", r->items[i]);
	if (r->nitems <= 64 && q.len < sizeof(req.path)) {
		rc = get_json(r, "GET", q.buf, NULL, &req);
	} else {
		/* The API caps a GET id list at 64; pubkeys make long URLs. */
		strbuf_release(&q);
		strbuf_addf(&q, "{\"ids\":[");
		for (i = 0; i < r->nitems; i++)
			strbuf_addf(&q, "%s\"%s\"", i ? "," : "", r->items[i]);
		strbuf_addf(&q, "]}");
		rc = get_json(r, "POST", "/eth/v1/beacon/states/head/validators", q.buf, &req);
	}
	if (rc == UC_OK)
		rc = jd_validators(req.resp.buf, req.resp.len, &got, &ngot);
	strbuf_release(&req.resp);
	strbuf_release(&q);
	if (rc != UC_OK)
		return rc;
	/* Sorted copies by index and by pubkey: look each item up in log n. */
	qsort(got, ngot, sizeof(*got), by_index);
	bykey = xmalloc((ngot + 1) * sizeof(*bykey));
	for (i = 0; i < ngot; i++)
		bykey[i] = &got[i];
	qsort(bykey, ngot, sizeof(*bykey), by_pubkey);
	for (i = 0; i < r->nitems; i++) {
		struct jd_validator key;
		const struct jd_validator *kp = &key;
		uint64_t v;
		bool found, is_index = parse_u64(r->items[i], &v);

		key.index = v;
		snprintf(key.pubkey, sizeof(key.pubkey), "%s", r->items[i]);
		found = is_index ? bsearch(&key, got, ngot, sizeof(*got), by_index) != NULL :
		    bsearch(&kp, bykey, ngot, sizeof(*bykey), by_pubkey) != NULL;
		if (!found) {
			if (nmissing++ < 5)
				strbuf_addf(&missing, "%s%.14s%s", nmissing > 1 ? ", " : "",
				    r->items[i], is_index ? "" : "...");
		}
	}
	if (nmissing) {
		free(bykey);
		diag_error(UC_EUSAGE, "unknown validator%s: %s%s", nmissing > 1 ? "s" : "",
		    missing.buf, nmissing > 5 ? ", ..." : "");
		strbuf_release(&missing);
		free(got);
		return UC_EUSAGE;
	}
	strbuf_release(&missing);
	free(bykey);
	/* Drop duplicates (an index and its pubkey both given). */
	for (i = j = 0; i < ngot; i++)
		if (j == 0 || got[j - 1].index != got[i].index)
			got[j++] = got[i];
	r->vals = got;
	r->n = j;
	r->idx = xcalloc(r->n + 1, sizeof(*r->idx));
	strbuf_init(&q);
	strbuf_add(&q, "[", 1);
	for (i = 0; i < r->n; i++) {
		r->idx[i] = got[i].index;
		strbuf_addf(&q, "%s\"%llu\"", i ? "," : "", (unsigned long long)got[i].index);
	}
	strbuf_add(&q, "]", 1);
	r->body = q.buf;
	return UC_OK;
}

/* --- range and fetching ------------------------------------------------- */

static int
choose_range(struct rep *r)
{
	uint64_t latest = r->head_epoch >= 2 ? r->head_epoch - 2 : 0, n;

	if (r->head_epoch < 2)
		return diag_error(UC_EUNAVAIL, "beacon node %s is at epoch %llu: no "
		    "epoch has rewards yet (they need epoch + 2)",
		    beacon_display_url(r->b), (unsigned long long)r->head_epoch);
	r->to = r->has_to ? r->to_opt : latest;
	if (r->to > latest)
		return cmd_usage_error(&r->co, "--to-epoch %llu is after the last epoch "
		    "with rewards, %llu (head %llu - 2)", (unsigned long long)r->to,
		    (unsigned long long)latest, (unsigned long long)r->head_epoch);
	if (r->has_from) {
		r->from = r->from_opt;
	} else {
		n = r->has_epochs ? r->epochs_opt :
		    (uint64_t)floor((r->has_days ? r->days_opt : 1) * SECONDS_PER_DAY /
		    epoch_s(r));
		if (n == 0)
			n = 1;
		r->from = r->to + 1 >= n ? r->to + 1 - n : 0;
	}
	if (r->from > r->to)
		return cmd_usage_error(&r->co, "--from-epoch %llu is after the last "
		    "epoch %llu", (unsigned long long)r->from, (unsigned long long)r->to);
	if (r->to - r->from >= 100000000ULL)
		return cmd_usage_error(&r->co, "a range of %llu epochs is absurd",
		    (unsigned long long)(r->to - r->from + 1));
	return UC_OK;
}

static void
progress(struct rep *r, bool final)
{
	double t = mono_s(), rate;
	char eta[32];

	if (!isatty(STDERR_FILENO) || r->follow)
		return;
	if (!final && t - r->last_progress < 0.5)
		return;
	r->last_progress = t;
	rate = r->fetched / fmax(t - r->t0, 1e-3);
	format_duration(rate > 0 ? (double)(r->want - r->fetched) / rate : 0, eta,
	    sizeof(eta));
	fprintf(stderr, "\ruptimecalc: fetched %llu/%llu epochs, %.1f/s, ETA %s   ",
	    (unsigned long long)r->fetched, (unsigned long long)r->want, rate, eta);
	if (final)
		fputc('\n', stderr);
}

static int
next_epoch(void *ctx, struct beacon_req *req)
{
	struct rep *r = ctx;

	while (r->cursor <= r->to && store_has(r->st, r->cursor))
		r->cursor++;
	if (r->cursor > r->to)
		return 0;
	req->method = "POST";
	snprintf(req->path, sizeof(req->path), "/eth/v1/beacon/rewards/attestations/%llu",
	    (unsigned long long)r->cursor);
	req->body = r->body;
	req->tag = (long)r->cursor;
	r->cursor++;
	return 1;
}

struct epoch_job {
	uint64_t	 epoch;
	char		 path[256];
	struct strbuf	 body;
};

static void
drop_job(void *arg)
{
	struct epoch_job *job = arg;

	strbuf_release(&job->body);
	free(job);
}

/* In a pool thread: decode one epoch's rewards, then store it. */
static int
decode_job(void *ctx, void *arg)
{
	struct rep *r = ctx;
	struct epoch_job *job = arg;
	struct epoch_result er = { 0, 0, NULL };
	struct jd_att_rewards rw;
	int rc;

	rc = jd_att_rewards(job->body.buf ? job->body.buf : "", job->body.len,
	    job->path, &rw);
	if (rc == UC_OK) {
		int b = report_build_epoch(job->epoch, &rw, r->vals, r->n, &er);

		if (b == -1)
			rc = diag_error(UC_EPROTO, "%s: no ideal_rewards entry for a "
			    "watched validator's effective balance", job->path);
		else if (b == -2)
			rc = diag_error(UC_EPROTO, "%s: a flag reward beyond any one "
			    "epoch can pay", job->path);
	}
	if (rc == UC_OK) {
		workers_lock(r->pool);
		if (rw.decimal_strings && !r->warned_decimal) {
			diag_warn("beacon node sends reward amounts as decimal strings (a "
			    "known Lodestar 1.22 deviation from the API's integer gwei); "
			    "rounding them to whole gwei");
			r->warned_decimal = true;
		}
		rc = store_append(r->st, &er);
		if (rc == UC_OK) {
			r->fetched++;
			progress(r, false);
		}
		workers_unlock(r->pool);
	}
	jd_att_rewards_release(&rw);	/* zeroed on a decode error: safe */
	free(er.v);
	drop_job(job);
	return rc;
}

static int
epoch_done(void *ctx, struct beacon_req *req)
{
	struct rep *r = ctx;
	struct epoch_job *job;
	uint64_t epoch = (uint64_t)req->tag;
	int rc;

	if (req->status != 200) {
		if (beacon_is_pruned(req)) {
			struct jd_error e;

			if (req->status == 404 && strstr(req->resp.buf ? req->resp.buf : "",
			    "Route") != NULL) {
				char *u = beacon_redact(r->b, beacon_display_url(r->b));

				rc = diag_error(UC_EUNAVAIL, "beacon node %s has no %s route: it "
				    "does not implement attestation rewards (Nimbus lacks it); "
				    "use Lighthouse, Teku, Prysm or Lodestar", u,
				    "/eth/v1/beacon/rewards/attestations");
				free(u);
				return rc;
			}
			jd_error_body(req->resp.buf ? req->resp.buf : "", req->resp.len, &e);
			{
				/* The node's words are shown: never with a secret in them. */
				char *safe = beacon_redact(r->b, e.message);

				snprintf(r->unserved_msg, sizeof(r->unserved_msg), "%ld %s",
				    req->status, safe);
				free(safe);
			}
			r->unserved = xrealloc(r->unserved, (r->nunserved + 1) *
			    sizeof(*r->unserved));
			r->unserved[r->nunserved++] = epoch;
			return UC_OK;
		}
		return node_error(r, req);
	}
	/* Decoding happens in the pool; the body changes hands, not bytes. */
	job = xmalloc(sizeof(*job));
	job->epoch = epoch;
	snprintf(job->path, sizeof(job->path), "%s", req->path);
	job->body = req->resp;
	strbuf_init(&req->resp);
	return workers_submit(r->pool, job);
}

static int
by_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* "0-3, 10" from a sorted list of epochs. */
static void
ranges(struct strbuf *sb, const uint64_t *e, size_t n)
{
	size_t i = 0, shown = 0;

	while (i < n) {
		size_t j = i;

		while (j + 1 < n && e[j + 1] == e[j] + 1)
			j++;
		if (shown++ == 8) {
			strbuf_addf(sb, ", ...");
			return;
		}
		strbuf_addf(sb, "%s%llu", sb->len ? ", " : "", (unsigned long long)e[i]);
		if (j > i)
			strbuf_addf(sb, "-%llu", (unsigned long long)e[j]);
		i = j + 1;
	}
}

static void
say_unserved(struct rep *r)
{
	struct strbuf sb;
	uint64_t served_lo = UINT64_MAX, served_hi = 0, e;
	char *line;

	if (r->nunserved == 0)
		return;
	qsort(r->unserved, r->nunserved, sizeof(*r->unserved), by_u64);
	for (e = r->from; e <= r->to; e++)
		if (store_has(r->st, e)) {
			served_lo = e < served_lo ? e : served_lo;
			served_hi = e;
		}
	strbuf_init(&sb);
	ranges(&sb, r->unserved, r->nunserved);
	line = sb.buf;
	diag_warn("%s %s %s not served by %s (%s): the node no longer holds "
	    "those states; %s%llu-%llu; an archive node (Lighthouse "
	    "--reconstruct-historic-states, Teku --data-storage-mode=archive) or "
	    "'uptimecalc report --follow' left running would serve them",
	    r->nunserved == 1 ? "epoch" : "epochs", line, r->nunserved == 1 ? "is" : "are",
	    beacon_display_url(r->b), r->unserved_msg,
	    served_lo == UINT64_MAX ? "none is stored or served; asked for " :
	    "the report covers what is stored or served within ",
	    (unsigned long long)(served_lo == UINT64_MAX ? r->from : served_lo),
	    (unsigned long long)(served_lo == UINT64_MAX ? r->to : served_hi));
	strbuf_release(&sb);
}

static int
fetch_missing(struct rep *r)
{
	uint64_t e;
	int rc, frc;

	r->want = 0;
	for (e = r->from; e <= r->to; e++)
		r->want += !store_has(r->st, e);
	if (r->want == 0)
		return UC_OK;
	r->cursor = r->from;
	r->t0 = mono_s();
	/* A short queue: back-pressure on the downloads, memory per response. */
	if ((rc = workers_start(&r->pool, r->threads, 2 * (size_t)r->threads,
	    decode_job, drop_job, r)) != UC_OK)
		return rc;
	rc = beacon_run(r->b, next_epoch, epoch_done, r, &stop_flag);
	/* What has arrived is decoded and stored, even after an interrupt. */
	frc = workers_finish(r->pool);
	r->pool = NULL;
	if (rc == UC_OK || (frc != UC_OK && rc == frc))
		rc = frc;
	progress(r, true);
	if (rc == UC_ETEMPFAIL && stop_flag && !r->follow)
		diag_error(rc, "interrupted: %llu epochs fetched and stored; run again "
		    "to fetch the rest", (unsigned long long)r->fetched);
	return rc;
}

/* --- proposals ---------------------------------------------------------- */

static bool
watched(const struct rep *r, uint64_t index)
{
	return util_sorted_has(r->idx, r->n, index);
}

/* A request whose failure is an answer (404: no block), not an error. */
static long
quiet_get(struct rep *r, const char *path, struct beacon_req *req)
{
	memset(req, 0, sizeof(*req));
	req->method = "GET";
	req->once = 1;		/* a refusal is an answer here, not a hiccup */
	snprintf(req->path, sizeof(req->path), "%s", path);
	strbuf_init(&req->resp);
	if (beacon_fetch(r->b, req, &stop_flag) != UC_OK)
		return -1;
	return req->status;
}

/*
 * Settle the watched validators' duties whose slots have passed: a block
 * by that proposer at the slot is a proposal made; none (404) is missed.
 * Returns whether anything changed.
 */
static bool
settle(struct rep *r, struct proposal *p, size_t n, uint64_t head_slot)
{
	bool changed = false;
	size_t i;

	for (i = 0; i < n && !stop_flag; i++) {
		struct beacon_req req;
		char path[96];
		uint64_t slot, proposer;
		long st;

		if (p[i].outcome != PROPOSAL_UNKNOWN || !watched(r, p[i].index) ||
		    p[i].slot >= head_slot)
			continue;
		snprintf(path, sizeof(path), "/eth/v1/beacon/headers/%llu",
		    (unsigned long long)p[i].slot);
		st = quiet_get(r, path, &req);
		if (st == 200 && jd_header(req.resp.buf, req.resp.len, &slot,
		    &proposer) == UC_OK) {
			/* Another block at the slot (a reorg) is still a miss. */
			p[i].outcome = slot == p[i].slot && proposer == p[i].index ?
			    PROPOSAL_MADE : PROPOSAL_MISSED;
			changed = true;
		} else if (st == 404) {
			p[i].outcome = PROPOSAL_MISSED;
			changed = true;
		}
		strbuf_release(&req.resp);
	}
	return changed;
}

static bool
settled(const struct rep *r, const struct proposal *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i].outcome == PROPOSAL_UNKNOWN && watched(r, p[i].index))
			return false;
	return true;
}

/* The node's proposer duties for epoch e, outcomes unknown; 0 if not served. */
static int
duties(struct rep *r, uint64_t e, struct proposal **out, size_t *n)
{
	struct beacon_req req;
	struct jd_duty *d = NULL;
	char path[96];
	size_t nd = 0, i;
	int ok = 0;

	snprintf(path, sizeof(path), "/eth/v1/validator/duties/proposer/%llu",
	    (unsigned long long)e);
	if (quiet_get(r, path, &req) == 200 &&
	    jd_proposer_duties(req.resp.buf, req.resp.len, path, &d, &nd) == UC_OK) {
		*out = xcalloc(nd + 1, sizeof(**out));
		for (i = 0; i < nd; i++)
			(*out)[i] = (struct proposal){ d[i].slot, d[i].index,
			    PROPOSAL_UNKNOWN };
		*n = nd;
		ok = 1;
	}
	free(d);
	strbuf_release(&req.resp);
	return ok;
}

/*
 * Proposals of epochs from..to: what the store holds, then what the node
 * serves.  Most nodes serve proposer duties only for recent epochs, so the
 * search goes newest first and stops at the first epoch refused.
 */
static void
fetch_proposals(struct rep *r, uint64_t from, uint64_t to, uint64_t head_slot)
{
	uint64_t e;

	for (e = to + 1; e-- > from && !stop_flag;) {
		struct proposal *p = NULL;
		size_t n = 0;
		bool changed;

		if (!store_proposals(r->st, e, &p, &n)) {
			if (!duties(r, e, &p, &n))
				break;
			changed = true;
		} else if (settled(r, p, n)) {
			free(p);
			continue;
		} else {
			changed = false;
		}
		changed |= settle(r, p, n, head_slot);
		if (changed && store_append_proposals(r->st, e, p, n) != UC_OK) {
			free(p);
			break;
		}
		free(p);
	}
}

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

static const struct ocol epoch_cols[] = {
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

struct rowsink {
	struct otable	*t;
	enum ofmt	 fmt;
	FILE		*fp;
};

static double
outcome_num(int o)
{
	return o == OUTCOME_UNKNOWN ? NAN : o;
}

static void
epoch_row(void *ctx, const struct epoch_row *row)
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
static int
parse_windows(struct rep *r, struct rwindow **out, size_t *n)
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
		if (s < epoch_s(r)) {
			rc = cmd_usage_error(&r->co, "--window: '%s' is shorter than one "
			    "epoch (%gs)", tok, epoch_s(r));
			break;
		}
		w = xrealloc(w, (k + 1) * sizeof(*w));
		snprintf(w[k].name, sizeof(w[k].name), "%s", tok);
		w[k].epochs = (uint64_t)floor(s / epoch_s(r));
		w[k].covered = r->to - r->from + 1 >= w[k].epochs;
		if (k == 0)
			r->rolling_epochs = w[k].epochs;
		if (r->windows_opt || w[k].covered)
			k++;
	}
	free(copy);
	*out = w;
	*n = k;
	return rc;
}

static int
print_report(struct rep *r, FILE *fp)
{
	struct rwindow *win = NULL;
	size_t nwin = 0, ncols = 0, i;
	struct ocol *cols = NULL;
	char **names = NULL;
	struct report rp;
	struct otable t;
	struct rowsink sink;
	uint64_t e, have = 0;
	int rc;

	if ((rc = parse_windows(r, &win, &nwin)) != UC_OK) {
		free(win);
		return rc;
	}
	report_init(&rp, r->idx, r->n, r->from, r->to, win, nwin,
	    r->per_epoch ? r->rolling_epochs : 0);
	if (r->per_epoch) {
		output_init(&t, epoch_cols, NELEM(epoch_cols), false);
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
		if ((rc = store_read(r->st, e, &r->er)) != UC_OK)
			break;
		report_add(&rp, &r->er, r->per_epoch ? epoch_row : NULL, &sink);
		have++;
		if (!r->per_epoch) {
			struct proposal *p;
			size_t np;

			if (store_proposals(r->st, e, &p, &np) && settled(r, p, np))
				report_add_proposals(&rp, p, np);
			free(p);
		}
	}
	if (rc == UC_OK && r->per_epoch) {
		output_stream_end(&t, r->co.fmt, fp);
	} else if (rc == UC_OK) {
		report_finish(&rp);
		for (i = 0; i < rp.n; i++)
			summary_row(&t, r, &rp, &rp.v[i], false);
		summary_row(&t, r, &rp, &rp.total, true);
		output_note(&t, "epochs %llu-%llu: %llu with data, %llu with an "
		    "inactivity leak; uptime = epochs with a timely target vote / "
		    "duty epochs", (unsigned long long)r->from,
		    (unsigned long long)r->to, (unsigned long long)have,
		    (unsigned long long)rp.leak_epochs);
		output_note(&t, "block proposals known for %llu of those epochs: the "
		    "node serves proposer duties only for recent epochs, and --follow "
		    "records them as they come", (unsigned long long)rp.proposal_epochs);
		for (i = 0; i < nwin; i++)
			if (!win[i].covered)
				output_note(&t, "window %s is longer than the range: its "
				    "uptime covers the whole range", win[i].name);
		rc = output_print(&t, r->co.fmt, fp);
	}
	output_release(&t);
	report_release(&rp);
	for (i = 0; names && i < 2 * nwin; i++)
		free(names[i]);
	free(names);
	free(cols);
	free(win);
	if (rc == UC_OK && ferror(fp))
		rc = diag_error(UC_EIO, "write failure on the report output");
	return rc;
}

/* --- follow ------------------------------------------------------------- */

static void
nap(double s)
{
	double until = mono_s() + s;

	while (!stop_flag && mono_s() < until) {
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
	struct rwindow *win = NULL;
	size_t nwin = 0;
	int rc;

	/* Only the first window matters here: the rolling uptime of each row. */
	if ((rc = parse_windows(r, &win, &nwin)) != UC_OK) {
		free(win);
		return rc;
	}
	free(win);
	/* JSON would never close its array: follow prints CSV or a table. */
	if (sink.fmt == OFMT_JSON)
		sink.fmt = OFMT_CSV;
	output_init(&t, epoch_cols, NELEM(epoch_cols), false);
	cmd_output_currency(&t, r->chain);
	report_init(&rp, r->idx, r->n, r->to + 1, UINT64_MAX - 1, NULL, 0,
	    r->rolling_epochs);
	output_stream_begin(&t, sink.fmt, fp);
	fflush(fp);
	while (!stop_flag && rc == UC_OK) {
		struct beacon_req req;
		uint64_t slot, proposer, e, latest;

		nap(r->tim.slot_s);
		if (stop_flag)
			break;
		if ((rc = get_json(r, "GET", "/eth/v1/beacon/headers/head", NULL, &req)) ==
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
		store_index(r->st, r->idx, r->n, r->from, e);
		fetch_proposals(r, e >= 1 ? e - 1 : 0, e, slot);
		latest = e >= 2 ? e - 2 : 0;
		if (latest <= r->to)
			continue;
		r->from = r->to + 1;
		r->to = latest;
		store_index(r->st, r->idx, r->n, r->from, r->to);
		if ((rc = fetch_missing(r)) != UC_OK)
			break;
		say_unserved(r);
		r->nunserved = 0;
		for (e = r->from; e <= r->to && rc == UC_OK; e++)
			if (store_has(r->st, e) &&
			    (rc = store_read(r->st, e, &r->er)) == UC_OK)
				report_add(&rp, &r->er, epoch_row, &sink);
		output_stream_rows(&t, sink.fmt, fp);
		fflush(fp);
	}
	if (sink.fmt == OFMT_TABLE || sink.fmt == OFMT_CSV)
		output_stream_rows(&t, sink.fmt, fp);
	output_release(&t);
	report_release(&rp);
	/* Ctrl-C or SIGTERM is how following ends: everything is stored. */
	return stop_flag && (rc == UC_OK || rc == UC_ETEMPFAIL) ? UC_OK : rc;
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
		CMD_COMMON_OPTS,
		{ NULL, 0, NULL, 0 },
	};
	int ch, rc = UC_OK;
	uint64_t v;

	while (rc == UC_OK && (ch = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (ch) {
		case 'b': r->url = optarg; break;
		case 'v': rc = add_items(r, optarg, "--validators"); break;
		case 'F': rc = read_validators_file(r, optarg); break;
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
		default:
			rc = cmd_common_opt(&r->co, ch, optarg, argv);
			if (rc == -1)
				rc = cmd_usage_error(&r->co, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (rc != UC_OK)
		return rc;
	if (optind < argc)
		return cmd_usage_error(&r->co, "unexpected argument '%s'", argv[optind]);
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
	if (r->output_path == NULL) {
		r->out = stdout;
		return UC_OK;
	}
	/* Written aside and renamed: a failed run leaves no half report. */
	r->tmp_path = xmalloc(strlen(r->output_path) + 8);
	sprintf(r->tmp_path, "%s.tmp", r->output_path);
	if ((r->out = fopen(r->tmp_path, "w")) == NULL)
		return diag_error(UC_EIO, "cannot write '%s': %s", r->tmp_path,
		    strerror(errno));
	return UC_OK;
}

static int
close_output(struct rep *r, int rc)
{
	if (r->out == NULL || r->out == stdout)
		return rc;
	if (fclose(r->out) != 0 && rc == UC_OK)
		rc = diag_error(UC_EIO, "write failure on '%s'", r->tmp_path);
	/* A partial report (69, 75, 76) is still a report: keep it. */
	if (rc == UC_OK || rc == UC_ETEMPFAIL || rc == UC_EUNAVAIL || rc == UC_EPROTO) {
		if (rename(r->tmp_path, r->output_path) != 0)
			rc = diag_error(UC_EIO, "cannot rename '%s' to '%s': %s",
			    r->tmp_path, r->output_path, strerror(errno));
	} else {
		unlink(r->tmp_path);
	}
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
	if ((rc = parse_options(&r, argc, argv)) == -2) {
		rc = UC_OK;
		goto out;
	}
	if (rc != UC_OK)
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
	if ((rc = beacon_open(&r.b, &bo)) != UC_OK)
		goto out;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if ((rc = node_info(&r)) != UC_OK || (rc = resolve(&r)) != UC_OK ||
	    (rc = choose_range(&r)) != UC_OK)
		goto out;
	{
		/* Windows need the node's epoch length: check them before fetching. */
		struct rwindow *w = NULL;
		size_t nw;

		rc = parse_windows(&r, &w, &nw);
		free(w);
		if (rc != UC_OK)
			goto out;
	}
	store_path = r.store_path ? xstrdup(r.store_path) :
	    store_default_path(r.gen.validators_root);
	if ((rc = store_open(&r.st, store_path, r.gen.validators_root)) != UC_OK)
		goto out;
	store_index(r.st, r.idx, r.n, r.from, r.to);
	fetch_rc = fetch_missing(&r);
	if (fetch_rc != UC_OK && !stop_flag && fetch_rc != UC_EUNAVAIL &&
	    fetch_rc != UC_ETEMPFAIL && fetch_rc != UC_EPROTO) {
		rc = fetch_rc;
		goto out;
	}
	say_unserved(&r);
	if (fetch_rc == UC_OK && !stop_flag)
		fetch_proposals(&r, r.from, r.to, r.head_slot);
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
	if (r.follow && fetch_rc == UC_OK && !stop_flag)
		rc = follow(&r, r.out);
	else
		rc = print_report(&r, r.out);
	/* A partial report says so in its exit status. */
	if (rc == UC_OK && fetch_rc != UC_OK)
		rc = fetch_rc;
	else if (rc == UC_OK && r.nunserved && !r.follow)
		rc = UC_ETEMPFAIL;
	rc = close_output(&r, rc);
out:
	free(store_path);
	store_close(r.st);
	beacon_close(r.b);
	free(r.er.v);
	free(r.unserved);
	free(r.vals);
	free(r.idx);
	free(r.body);
	free(r.headers);
	free(r.tmp_path);
	for (size_t i = 0; i < r.nitems; i++)
		free(r.items[i]);
	free(r.items);
	cmd_common_release(&r.co);
	return rc;
}
