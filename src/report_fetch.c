/*
 * The rewards of the epochs a report's store lacks, fetched with bounded
 * concurrency (beacon.c), decoded and packed in a pool of threads while
 * the next responses download (workers.c), each stored as it is packed.
 * Epochs the node no longer holds are gathered for one warning.
 */
#include <math.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "report_fetch.h"
#include "rewards_pack.h"
#include "store_pack.h"
#include "util.h"
#include "workers.h"

/*
 * The rewards answer's cap, sized from the request with room to spare
 * over the bodies measured in tests/fixtures/lodestar-v1.22-devnet and
 * tests/fakebeacon.py's synthetic mainnet: a total_rewards entry per
 * watched validator, 95-124 bytes
 * (Lodestar's decimal strings the longest), so 1 KiB each; ideal_rewards
 * is 33 entries of 111-150 bytes (5 KB) before Electra and may list each
 * effective-balance increment to 2048 ETH after it (about 300 KB), so
 * 4 MiB besides.
 * --max-response raises them all.
 */
#define REWARDS_FIXED_BYTES		((uint64_t)4 << 20)
#define REWARDS_PER_VALIDATOR_BYTES	1024

static void
progress(struct report_fetch *f, bool final)
{
	double t = util_mono_s(), rate;
	char eta[32];

	if (!isatty(STDERR_FILENO) || f->following || f->quiet)
		return;
	if (!final && t - f->progress_s < 0.5)
		return;
	f->progress_s = t;
	rate = (double)f->fetched / fmax(t - f->t0_s, 1e-3);
	format_duration(rate > 0 ? (double)(f->want - f->fetched) / rate : 0, eta,
	    sizeof(eta));
	fprintf(stderr, "\ruptimecalc: fetched %llu/%llu epochs, %.1f/s, ETA %s   ",
	    (unsigned long long)f->fetched, (unsigned long long)f->want, rate, eta);
	if (final)
		fputc('\n', stderr);
}

static int
next_epoch(void *ctx, struct beacon_req *req)
{
	struct report_fetch *f = ctx;

	while (f->cursor <= f->to && store_has(f->st, f->cursor))
		f->cursor++;
	if (f->cursor > f->to)
		return 0;
	req->method = "POST";
	snprintf(req->path, sizeof(req->path), "/eth/v1/beacon/rewards/attestations/%llu",
	    (unsigned long long)f->cursor);
	req->body = f->set->body;
	req->max_bytes = REWARDS_FIXED_BYTES +
	    (uint64_t)f->set->n * REWARDS_PER_VALIDATOR_BYTES;
	/* A decoded body's buffer, if one is spare. */
	if (f->pool != NULL) {
		workers_lock(f->pool);
		if (f->nspare > 0)
			req->resp = f->spare[--f->nspare];
		workers_unlock(f->pool);
	}
	req->tag = (long)f->cursor;
	f->cursor++;
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

/* Keep a decoded body's buffer for a next request; under the pool's lock. */
static void
spare_body(struct report_fetch *f, struct strbuf *body)
{
	if (f->nspare < f->spare_max && body->buf != NULL) {
		f->spare[f->nspare++] = *body;
		strbuf_init(body);
	} else {
		strbuf_release(body);
	}
}

/* In a pool thread: decode and pack one epoch's rewards, then store it. */
static int
decode_job(void *ctx, void *arg)
{
	struct report_fetch *f = ctx;
	struct epoch_job *job = arg;
	struct store_pack pack;
	struct jd_att_rewards rw;
	bool decimal = false;
	int rc;

	memset(&pack, 0, sizeof(pack));
	rc = jd_att_rewards(job->body.buf ? job->body.buf : "", job->body.len,
	    job->path, &rw);
	/* The body is read: its buffer serves a next request while this packs. */
	workers_lock(f->pool);
	spare_body(f, &job->body);
	workers_unlock(f->pool);
	if (rc == UC_OK) {
		rc = rewards_pack(job->epoch, &rw, f->set->vals, f->set->n, f->set->fp,
		    job->path, &pack);
		decimal = rw.decimal_strings;
	}
	jd_att_rewards_release(&rw);	/* zeroed on a decode error: safe */
	workers_lock(f->pool);
	if (rc == UC_OK) {
		if (decimal && !f->warned_decimal) {
			diag_warn("beacon node sends reward amounts as decimal strings (a "
			    "known Lodestar 1.22 deviation from the API's integer gwei); "
			    "rounding them to whole gwei");
			f->warned_decimal = true;
		}
		/* Stored, then told: a failure after this loses nothing stored. */
		if ((rc = store_append_pack(f->st, &pack)) == UC_OK && f->stored)
			rc = f->stored(f->ctx, &pack);
		if (rc == UC_OK) {
			f->fetched++;
			progress(f, false);
		}
	}
	workers_unlock(f->pool);
	store_pack_release(&pack);
	drop_job(job);
	return rc;
}

/* An entry of a rewards body: about 120 bytes with its keys. */
#define REWARD_ENTRY_BYTES	128
#define QUEUE_BYTES		((uint64_t)16 << 20)
#define FLIGHT_BYTES		((uint64_t)32 << 20)
#define BIG_BODY_BYTES		((uint64_t)8 << 20)

static int
epoch_done(void *ctx, struct beacon_req *req)
{
	struct report_fetch *f = ctx;
	struct epoch_job *job;
	uint64_t epoch = (uint64_t)req->tag;

	if (req->status != 200) {
		if (beacon_is_pruned(req)) {
			if (req->status == 404 && strstr(req->resp.buf ? req->resp.buf : "",
			    "Route") != NULL) {
				return diag_error(UC_EUNAVAIL, "beacon node %s has no %s route: "
				    "it does not implement attestation rewards (Nimbus lacks "
				    "it); use Lighthouse, Teku, Prysm or Lodestar",
				    beacon_display_url(f->node->b),
				    "/eth/v1/beacon/rewards/attestations");
			}
			{
				/* The node's words are shown: never with a secret in them. */
				char *safe = report_node_message(f->node, req);

				snprintf(f->unserved_msg, sizeof(f->unserved_msg), "%ld %s",
				    req->status, safe);
				free(safe);
			}
			f->unserved = xrealloc(f->unserved, (f->nunserved + 1) *
			    sizeof(*f->unserved));
			f->unserved[f->nunserved++] = epoch;
			return UC_OK;
		}
		return report_node_error(f->node, req);
	}
	/* Decoding happens in the pool; the body changes hands, not bytes. */
	job = xmalloc(sizeof(*job));
	job->epoch = epoch;
	snprintf(job->path, sizeof(job->path), "%s", req->path);
	job->body = req->resp;
	strbuf_init(&req->resp);
	return workers_submit(f->pool, job);
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
report_fetch_say_unserved(struct report_fetch *f, uint64_t from, uint64_t to)
{
	struct strbuf sb;
	uint64_t served_lo = UINT64_MAX, served_hi = 0, e;
	char *line;

	if (f->nunserved == 0)
		return;
	qsort(f->unserved, f->nunserved, sizeof(*f->unserved), by_u64);
	for (e = from; e <= to; e++)
		if (store_has(f->st, e)) {
			served_lo = e < served_lo ? e : served_lo;
			served_hi = e;
		}
	strbuf_init(&sb);
	ranges(&sb, f->unserved, f->nunserved);
	line = sb.buf;
	/* Following already records each epoch as it comes: no advice to follow. */
	diag_warn("%s %s %s not served by %s (%s): the node no longer holds "
	    "those states; %s%llu-%llu; an archive node (Lighthouse "
	    "--reconstruct-historic-states, Teku --data-storage-mode=archive) %s",
	    f->nunserved == 1 ? "epoch" : "epochs", line, f->nunserved == 1 ? "is" : "are",
	    beacon_display_url(f->node->b), f->unserved_msg,
	    served_lo == UINT64_MAX ? "none is stored or served; asked for " :
	    "the report covers what is stored or served within ",
	    (unsigned long long)(served_lo == UINT64_MAX ? from : served_lo),
	    (unsigned long long)(served_lo == UINT64_MAX ? to : served_hi),
	    f->will_follow ? "would serve them; following stores every epoch from "
	    "now on" : "or 'uptimecalc report --follow' left running would serve "
	    "them");
	strbuf_release(&sb);
}

int
report_fetch_missing(struct report_fetch *f, uint64_t from, uint64_t to)
{
	uint64_t e, queue;
	int rc, frc;

	f->want = 0;
	for (e = from; e <= to; e++)
		f->want += !store_has(f->st, e);
	if (f->want == 0)
		return UC_OK;
	f->cursor = from;
	f->to = to;
	f->t0_s = util_mono_s();
	/* A short queue: back-pressure on the downloads, memory per response. */
	/*
	 * Bodies waiting for a thread hold memory: an epoch of 100,000
	 * validators' rewards is some 12 MB.  Keep the waiting ones within
	 * QUEUE_BYTES (at least one), so memory follows the set, not a
	 * multiple of it.
	 */
	queue = QUEUE_BYTES / ((uint64_t)f->set->n * REWARD_ENTRY_BYTES + 1);
	if (queue < 1)
		queue = 1;
#ifdef __GLIBC__
	/*
	 * Bodies of megabytes each, freed by other threads than the one that
	 * took them: glibc keeps such blocks in its heaps once its mmap
	 * threshold has risen past them (180 MiB instead of 123 at 100,000
	 * validators, bench/RESULTS.md).  When bodies are past 8 MiB, blocks
	 * past 1 MiB are mapped, and given back when freed; with smaller
	 * bodies the heap is left as it is, which is faster (a 10,000-
	 * validator run pays 15 % more CPU mapping them).
	 */
	if ((uint64_t)f->set->n * REWARD_ENTRY_BYTES > BIG_BODY_BYTES)
		mallopt(M_MMAP_THRESHOLD, 1 << 20);
#endif
	/* Spare bodies are memory too: one, when each is that large. */
	f->spare_max = (uint64_t)f->set->n * REWARD_ENTRY_BYTES > BIG_BODY_BYTES ?
	    1 : BODY_SPARES;
	/* And those downloading: a huge set's bodies come fewer at a time. */
	beacon_limit_concurrency(f->node->b, (int)(FLIGHT_BYTES /
	    ((uint64_t)f->set->n * REWARD_ENTRY_BYTES + 1)));
	if (queue > 2 * (uint64_t)f->threads)
		queue = 2 * (uint64_t)f->threads;
	if ((rc = workers_start(&f->pool, f->threads, (size_t)queue,
	    decode_job, drop_job, f)) != UC_OK)
		return rc;
	rc = beacon_run(f->node->b, next_epoch, epoch_done, f, f->node->stop);
	/* What has arrived is decoded and stored, even after an interrupt. */
	frc = workers_finish(f->pool);
	f->pool = NULL;
	while (f->nspare > 0)
		strbuf_release(&f->spare[--f->nspare]);
	if (rc == UC_OK || (frc != UC_OK && rc == frc))
		rc = frc;
	progress(f, true);
	if (rc == UC_ETEMPFAIL && *f->node->stop && !f->following)
		diag_error(rc, "interrupted: %llu %s fetched and stored; run again "
		    "to fetch the rest", (unsigned long long)f->fetched,
		    f->fetched == 1 ? "epoch" : "epochs");
	return rc;
}

void
report_fetch_release(struct report_fetch *f)
{
	free(f->unserved);
	f->unserved = NULL;
	f->nunserved = 0;
}
