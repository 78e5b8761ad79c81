/*
 * report, part two: the node's timing, the validators, the range, and
 * fetching what the store lacks (rewards through a decode pool, then block
 * proposals).  Everything fetched is stored as it arrives.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "report_cmd.h"
#include "util.h"

double
rep_mono_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * Response caps beyond beacon.h's BEACON_SMALL_MAX_BYTES, sized from the
 * request with room to spare over the bodies measured in
 * tests/fixtures/lodestar-v1.22-devnet and tests/fakebeacon.py's synthetic
 * mainnet:
 * - rewards: a total_rewards entry per watched validator, 95-124 bytes
 *   (Lodestar's decimal strings the longest), so 1 KiB each; ideal_rewards
 *   is 33 entries of 111-150 bytes (5 KB) before Electra and may list each
 *   effective-balance increment to 2048 ETH after it (about 300 KB), so
 *   4 MiB besides.
 * - validators: 474-496 bytes per validator, so 4 KiB per id asked for,
 *   and 1 MiB besides for the envelope or an error body.
 * --max-response raises them all.
 */
#define REWARDS_FIXED_BYTES		((uint64_t)4 << 20)
#define REWARDS_PER_VALIDATOR_BYTES	1024
#define VALIDATORS_FIXED_BYTES		((uint64_t)1 << 20)
#define VALIDATORS_PER_ID_BYTES		4096

/*
 * The message of an error body, with no secret in it.  Caller frees.  The
 * body is redacted before it is parsed, as well as the message after: the
 * parser cuts a message short and blanks what is not printable, which
 * would leave a secret cut at the end, or one with a byte above 127,
 * unrecognised.  A secret that looks like JSON syntax may so spoil the
 * body: then the message is lost, never shown.
 */
static char *
node_message(const struct rep *r, const struct beacon_req *req)
{
	struct jd_error e;
	char *body = beacon_redact(r->b, req->resp.buf ? req->resp.buf : "");

	jd_error_body(body, strlen(body), &e);
	free(body);
	return beacon_redact(r->b, e.message);
}

/*
 * One line for a request that did not succeed; never shows credentials.
 * The display URL and the path are ours and hold none: only the words of
 * the node and of curl are redacted, so that a one-letter password
 * mangles them and not the URL.
 */
static int
node_error(struct rep *r, const struct beacon_req *req)
{
	char *msg;
	int rc;

	/* Not retried: an answer that large breaks the API, not the network. */
	if (req->too_large)
		return diag_error(UC_EPROTO, "beacon node %s: the answer for %s is over "
		    "the limit of %llu bytes; --max-response raises it",
		    beacon_display_url(r->b), req->path,
		    (unsigned long long)req->max_bytes);
	if (req->status == 0) {
		rc = strstr(req->err, "imeout") ? UC_ETEMPFAIL : UC_EUNAVAIL;
		msg = beacon_redact(r->b, req->err);
		diag_error(rc, "beacon node %s: %s (%s)", beacon_display_url(r->b), msg,
		    req->path);
	} else {
		rc = req->status >= 500 || req->status == 429 ? UC_EUNAVAIL : UC_EPROTO;
		msg = node_message(r, req);
		diag_error(rc, "beacon node %s answered %ld for %s%s%s",
		    beacon_display_url(r->b), req->status, req->path, msg[0] ? ": " : "",
		    msg);
	}
	free(msg);
	return rc;
}

/* A request whose answer may be up to max_bytes (0: the small default). */
static int
get_json(struct rep *r, const char *method, const char *path, char *body,
    uint64_t max_bytes, struct beacon_req *req)
{
	int rc;

	memset(req, 0, sizeof(*req));
	req->method = method;
	snprintf(req->path, sizeof(req->path), "%s", path);
	req->body = body;
	req->max_bytes = max_bytes;
	strbuf_init(&req->resp);
	if ((rc = beacon_fetch(r->b, req, &report_stop)) != UC_OK)
		return diag_error(rc, "interrupted");
	if (req->status != 200)
		return node_error(r, req);
	return UC_OK;
}

int
rep_get_json(struct rep *r, const char *method, const char *path, char *body,
    struct beacon_req *req)
{
	return get_json(r, method, path, body, 0, req);
}

int
rep_node_info(struct rep *r)
{
	struct beacon_req req;
	uint64_t slot, proposer;
	int rc;

	if ((rc = rep_get_json(r, "GET", "/eth/v1/beacon/genesis", NULL, &req)) == UC_OK)
		rc = jd_genesis(req.resp.buf, req.resp.len, &r->gen);
	strbuf_release(&req.resp);
	if (rc != UC_OK)
		return rc;
	if ((rc = rep_get_json(r, "GET", "/eth/v1/config/spec", NULL, &req)) == UC_OK)
		rc = jd_spec(req.resp.buf, req.resp.len, &r->tim);
	strbuf_release(&req.resp);
	if (rc != UC_OK)
		return rc;
	if ((rc = rep_get_json(r, "GET", "/eth/v1/beacon/headers/head", NULL, &req)) == UC_OK)
		rc = jd_header(req.resp.buf, req.resp.len, &slot, &proposer);
	strbuf_release(&req.resp);
	if (rc == UC_OK) {
		r->head_slot = slot;
		r->head_epoch = slot / r->tim.slots_per_epoch;
	}
	return rc;
}

double
rep_epoch_s(const struct rep *r)
{
	return r->tim.slot_s * (double)r->tim.slots_per_epoch;
}

/* --- validators --------------------------------------------------------- */

static int
list_error(struct rep *r, enum vlist_status st, const struct vlist_error *e,
    const char *where)
{
	switch (st) {
	case VLIST_OK:
		break;
	case VLIST_EITEM:
		return cmd_usage_error(&r->co, "%s: '%s' is neither a validator "
		    "index nor a 0x pubkey", where, e->item);
	case VLIST_ERANGE:
		return cmd_usage_error(&r->co, "%s: '%s' is not a range of validator "
		    "indices such as 100-199", where, e->item);
	case VLIST_ETOOMANY:
		return cmd_usage_error(&r->co, "more than %d validators", VLIST_MAX);
	}
	return UC_OK;
}

int
rep_add_items(struct rep *r, const char *text, const char *where)
{
	struct vlist_error e;

	return list_error(r, vlist_parse(&r->vl, text, strlen(text), false, &e), &e,
	    where);
}

int
rep_read_validators_file(struct rep *r, const char *path)
{
	struct vlist_error e;
	enum vlist_status st;
	struct strbuf sb;
	char where[512];
	int rc;

	if ((rc = util_read_text(path, "validators file", REP_VALIDATORS_FILE_MAX,
	    &sb)) != UC_OK)
		return rc;
	st = vlist_parse(&r->vl, sb.buf, sb.len, true, &e);
	strbuf_release(&sb);
	if (st == VLIST_OK)
		return UC_OK;
	snprintf(where, sizeof(where), "%s:%zu",
	    strcmp(path, "-") == 0 ? "standard input" : path, e.line);
	return list_error(r, st, &e, where);
}

void
rep_take_items(struct rep *r)
{
	size_t i, k = 0;

	vlist_finish(&r->vl);
	r->nitems = vlist_count(&r->vl);
	r->items = xcalloc(r->nitems + 1, sizeof(*r->items));
	for (i = 0; i < r->vl.nidx; i++) {
		char num[24];

		snprintf(num, sizeof(num), "%llu", (unsigned long long)r->vl.idx[i]);
		r->items[k++] = xstrdup(num);
	}
	for (i = 0; i < r->vl.nkeys; i++)
		r->items[k++] = xstrdup(r->vl.keys[i]);
	vlist_release(&r->vl);
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

static int	by_u64(const void *, const void *);

static int
by_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Keep only the validators of the answer that were asked for, by index or
 * by pubkey: a node that adds others (ignoring the id filter, or worse)
 * must not add rows to the report.  Returns how many were dropped.
 */
static size_t
drop_unasked(const struct rep *r, struct jd_validator *got, size_t *ngot)
{
	uint64_t *idx = xmalloc((r->nitems + 1) * sizeof(*idx));
	char **keys = xmalloc((r->nitems + 1) * sizeof(*keys));
	size_t nidx = 0, nkeys = 0, i, j;

	for (i = 0; i < r->nitems; i++)
		if (!parse_u64(r->items[i], &idx[nidx]))
			keys[nkeys++] = r->items[i];	/* lowercase, as pubkeys are */
		else
			nidx++;
	qsort(idx, nidx, sizeof(*idx), by_u64);
	qsort(keys, nkeys, sizeof(*keys), by_str);
	for (i = j = 0; i < *ngot; i++) {
		const char *pk = got[i].pubkey;

		if (util_sorted_has(idx, nidx, got[i].index) ||
		    bsearch(&pk, keys, nkeys, sizeof(*keys), by_str) != NULL)
			got[j++] = got[i];
	}
	free(idx);
	free(keys);
	i = *ngot - j;
	*ngot = j;
	return i;
}

/* Resolve indices and pubkeys once, through the validators endpoint. */
int
rep_resolve(struct rep *r)
{
	struct strbuf q, missing;
	struct beacon_req req;
	struct jd_validator *got = NULL, **bykey;
	size_t ngot = 0, i, j, nmissing = 0;
	uint64_t max_bytes = VALIDATORS_FIXED_BYTES +
	    (uint64_t)r->nitems * VALIDATORS_PER_ID_BYTES;
	int rc;

	strbuf_init(&q);
	strbuf_init(&missing);
	strbuf_addf(&q, "/eth/v1/beacon/states/head/validators?id=");
	for (i = 0; i < r->nitems; i++)
		strbuf_addf(&q, "%s%s", i ? "," : "", r->items[i]);
	if (r->nitems <= 64 && q.len < sizeof(req.path)) {
		rc = get_json(r, "GET", q.buf, NULL, max_bytes, &req);
	} else {
		/* The API caps a GET id list at 64; pubkeys make long URLs. */
		strbuf_release(&q);
		strbuf_addf(&q, "{\"ids\":[");
		for (i = 0; i < r->nitems; i++)
			strbuf_addf(&q, "%s\"%s\"", i ? "," : "", r->items[i]);
		strbuf_addf(&q, "]}");
		rc = get_json(r, "POST", "/eth/v1/beacon/states/head/validators", q.buf,
		    max_bytes, &req);
	}
	if (rc == UC_OK)
		rc = jd_validators(req.resp.buf, req.resp.len, &got, &ngot);
	strbuf_release(&req.resp);
	strbuf_release(&q);
	if (rc != UC_OK)
		return rc;
	if ((i = drop_unasked(r, got, &ngot)) > 0)
		diag_warn("beacon node %s answered with %zu validator%s not asked for; "
		    "ignored", beacon_display_url(r->b), i, i == 1 ? "" : "s");
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
			/* An index in full (20 digits at most), a pubkey's first bytes. */
			if (nmissing++ < 5)
				strbuf_addf(&missing, "%s%.*s%s", nmissing > 1 ? ", " : "",
				    is_index ? 20 : 14, r->items[i], is_index ? "" : "...");
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
	r->n = j;
	r->idx = xcalloc(r->n + 1, sizeof(*r->idx));
	/* What packing reads of each, without the pubkey: 32 bytes apiece. */
	r->vals = xcalloc(r->n + 1, sizeof(*r->vals));
	strbuf_init(&q);
	strbuf_add(&q, "[", 1);
	for (i = 0; i < r->n; i++) {
		r->idx[i] = got[i].index;
		r->vals[i] = watched_of(&got[i]);
		strbuf_addf(&q, "%s\"%llu\"", i ? "," : "", (unsigned long long)got[i].index);
	}
	strbuf_add(&q, "]", 1);
	free(got);
	r->body = q.buf;
	r->set_fp = store_fingerprint(r->idx, r->n);
	return UC_OK;
}

/* --- range and fetching ------------------------------------------------- */

int
rep_choose_range(struct rep *r)
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
		    rep_epoch_s(r));
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
	double t = rep_mono_s(), rate;
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
	req->max_bytes = REWARDS_FIXED_BYTES + (uint64_t)r->n * REWARDS_PER_VALIDATOR_BYTES;
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

/* In a pool thread: decode and pack one epoch's rewards, then store it. */
static int
decode_job(void *ctx, void *arg)
{
	struct rep *r = ctx;
	struct epoch_job *job = arg;
	struct store_pack pack;
	struct jd_att_rewards rw;
	bool decimal = false;
	int rc;

	memset(&pack, 0, sizeof(pack));
	rc = jd_att_rewards(job->body.buf ? job->body.buf : "", job->body.len,
	    job->path, &rw);
	if (rc == UC_OK) {
		rc = rewards_pack(job->epoch, &rw, r->vals, r->n, r->set_fp, job->path,
		    &pack);
		decimal = rw.decimal_strings;
	}
	jd_att_rewards_release(&rw);	/* zeroed on a decode error: safe */
	/* The body is read: give its memory back before waiting for the lock. */
	strbuf_release(&job->body);
	if (rc == UC_OK) {
		workers_lock(r->pool);
		if (decimal && !r->warned_decimal) {
			diag_warn("beacon node sends reward amounts as decimal strings (a "
			    "known Lodestar 1.22 deviation from the API's integer gwei); "
			    "rounding them to whole gwei");
			r->warned_decimal = true;
		}
		rc = rep_store_epoch(r, &pack);
		if (rc == UC_OK) {
			r->fetched++;
			progress(r, false);
		}
		workers_unlock(r->pool);
	}
	store_pack_release(&pack);
	drop_job(job);
	return rc;
}

static int
epoch_done(void *ctx, struct beacon_req *req)
{
	struct rep *r = ctx;
	struct epoch_job *job;
	uint64_t epoch = (uint64_t)req->tag;

	if (req->status != 200) {
		if (beacon_is_pruned(req)) {
			if (req->status == 404 && strstr(req->resp.buf ? req->resp.buf : "",
			    "Route") != NULL) {
				return diag_error(UC_EUNAVAIL, "beacon node %s has no %s route: "
				    "it does not implement attestation rewards (Nimbus lacks "
				    "it); use Lighthouse, Teku, Prysm or Lodestar",
				    beacon_display_url(r->b),
				    "/eth/v1/beacon/rewards/attestations");
			}
			{
				/* The node's words are shown: never with a secret in them. */
				char *safe = node_message(r, req);

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

void
rep_say_unserved(struct rep *r)
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

int
rep_fetch_missing(struct rep *r)
{
	uint64_t e;
	int rc, frc;

	r->want = 0;
	for (e = r->from; e <= r->to; e++)
		r->want += !store_has(r->st, e);
	if (r->want == 0)
		return UC_OK;
	r->cursor = r->from;
	r->t0 = rep_mono_s();
	/* A short queue: back-pressure on the downloads, memory per response. */
	if ((rc = workers_start(&r->pool, r->threads, 2 * (size_t)r->threads,
	    decode_job, drop_job, r)) != UC_OK)
		return rc;
	rc = beacon_run(r->b, next_epoch, epoch_done, r, &report_stop);
	/* What has arrived is decoded and stored, even after an interrupt. */
	frc = workers_finish(r->pool);
	r->pool = NULL;
	if (rc == UC_OK || (frc != UC_OK && rc == frc))
		rc = frc;
	progress(r, true);
	if (rc == UC_ETEMPFAIL && report_stop && !r->follow)
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

/*
 * A request whose failure is an answer (404: no block), not an error;
 * but an answer over its cap is an error (said here), and -2.
 */
static long
quiet_get(struct rep *r, const char *path, struct beacon_req *req)
{
	memset(req, 0, sizeof(*req));
	req->method = "GET";
	req->once = 1;		/* a refusal is an answer here, not a hiccup */
	snprintf(req->path, sizeof(req->path), "%s", path);
	strbuf_init(&req->resp);
	if (beacon_fetch(r->b, req, &report_stop) != UC_OK)
		return -1;
	if (req->too_large) {
		node_error(r, req);
		return -2;
	}
	return req->status;
}

/*
 * Settle the watched validators' duties whose slots have passed: a block
 * by that proposer at the slot is a proposal made; none (404) is missed.
 * Returns whether anything changed; *rc is UC_EPROTO after an answer over
 * its cap.
 */
static bool
settle(struct rep *r, struct proposal *p, size_t n, uint64_t head_slot, int *rc)
{
	bool changed = false;
	size_t i;

	for (i = 0; i < n && !report_stop && *rc == UC_OK; i++) {
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
		} else if (st == -2) {
			*rc = UC_EPROTO;
		}
		strbuf_release(&req.resp);
	}
	return changed;
}

bool
rep_settled(const struct rep *r, const struct proposal *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i].outcome == PROPOSAL_UNKNOWN && watched(r, p[i].index))
			return false;
	return true;
}

/*
 * The node's proposer duties for epoch e, outcomes unknown; 0 if not
 * served, -1 after an answer over its cap.
 */
static int
duties(struct rep *r, uint64_t e, struct proposal **out, size_t *n)
{
	struct beacon_req req;
	struct jd_duty *d = NULL;
	char path[96];
	size_t nd = 0, i;
	long st;
	int ok = 0;

	snprintf(path, sizeof(path), "/eth/v1/validator/duties/proposer/%llu",
	    (unsigned long long)e);
	if ((st = quiet_get(r, path, &req)) == -2)
		ok = -1;
	else if (st == 200 &&
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
int
rep_fetch_proposals(struct rep *r, uint64_t from, uint64_t to, uint64_t head_slot)
{
	uint64_t e;
	int rc = UC_OK;

	for (e = to + 1; e-- > from && !report_stop && rc == UC_OK;) {
		struct proposal *p = NULL;
		size_t n = 0;
		bool changed;
		int got = store_proposals(r->st, e, &p, &n);

		if (got != UC_OK && got != UC_EDATA) {
			rc = got;	/* the store cannot be read */
			break;
		}
		/* None stored, or a damaged record (named): ask the node. */
		if (n == 0) {
			int d;

			free(p);
			p = NULL;
			d = duties(r, e, &p, &n);
			if (d < 0)
				rc = UC_EPROTO;
			if (d <= 0)
				break;
			changed = true;
		} else if (rep_settled(r, p, n)) {
			free(p);
			continue;
		} else {
			changed = false;
		}
		changed |= settle(r, p, n, head_slot, &rc);
		if (changed && store_append_proposals(r->st, e, p, n) != UC_OK) {
			free(p);
			break;
		}
		free(p);
	}
	return rc;
}

