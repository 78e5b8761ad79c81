/*
 * Sync-committee duties of the watched validators.  Altair's sync
 * committee (consensus-specs, altair/beacon-chain.md) is drawn once per
 * period of EPOCHS_PER_SYNC_COMMITTEE_PERIOD epochs; its members sign
 * every slot, and process_sync_aggregate pays each seat whose signature
 * a block includes participant_reward and takes the same from each seat
 * whose signature it lacks.  A slot without a block pays nobody.  So in
 * one epoch (the total active balance, and with it participant_reward,
 * is fixed for the epoch) every member's reward at a slot is
 * (seats in - seats out) x p for one p.  The node's answers are judged by
 * that before they are believed: Lodestar 1.22 answers with the member's
 * balance instead (tests/fixtures/lodestar-v1.22-devnet/README.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "report_sync.h"
#include "util.h"

/* Epochs whose rewards are asked for in one run of requests. */
#define SYNC_BATCH_EPOCHS	8

uint64_t
report_sync_seat_max_gwei(const struct jd_sync_spec *sp, uint64_t slots_per_epoch)
{
	/*
	 * total_base_rewards = base_reward_per_increment x increments
	 * <= BASE_REWARD_FACTOR x T / isqrt(T) < BASE_REWARD_FACTOR x (2^32 + 2)
	 * for any total T < 2^64 gwei; the spec's floors only lower it.
	 */
	unsigned __int128 v = (unsigned __int128)sp->base_reward_factor *
	    ((UINT64_C(1) << 32) + 2) * sp->reward_weight;

	v /= sp->weight_denominator;
	v /= slots_per_epoch;
	v /= sp->committee_size;
	return v > UINT64_MAX ? UINT64_MAX : (uint64_t)v;
}

static uint64_t
mag(int64_t v)
{
	return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
}

bool
report_sync_judge(const struct sync_member *m, size_t n, size_t nwatched,
    const int64_t *rew, size_t nslots, uint64_t seat_max_gwei, struct sync_duty *d,
    char *why, size_t whylen)
{
	uint64_t p = 0;
	size_t j, k;

	for (k = 0; k < nwatched; k++)
		d[k] = (struct sync_duty){ .index = m[k].index, .slots = (uint8_t)nslots };
	/*
	 * The per-seat reward: what a member whose seats all signed, or all
	 * did not, got per seat (a one-seat witness always does).  No correct
	 * answer gives more per seat than p: this is p when any did.
	 */
	for (j = 0; j < nslots; j++)
		for (k = 0; k < n; k++) {
			uint64_t a = mag(rew[j * n + k]);

			/*
			 * Past 2^32 gwei (4.3 ETH) in a slot no sync reward goes,
			 * and 255 slots of it stay inside the store's bound.
			 */
			if (a / m[k].seats > seat_max_gwei || a > (UINT64_C(1) << 32)) {
				snprintf(why, whylen, "validator %llu's reward is %lld gwei, "
				    "more than the %llu gwei its %u %s can earn in a slot%s",
				    (unsigned long long)m[k].index, (long long)rew[j * n + k],
				    (unsigned long long)(seat_max_gwei * m[k].seats),
				    m[k].seats, m[k].seats == 1 ? "seat" : "seats",
				    a >= UINT64_C(1000000000) ? ": a balance, not a reward?" : "");
				return false;
			}
			if (a % m[k].seats == 0 && a / m[k].seats > p)
				p = a / m[k].seats;
		}
	/* Every live chain pays a seat something: all zero says nothing. */
	if (p == 0 && nslots > 0) {
		snprintf(why, whylen, "every reward is 0 gwei, which no seat is paid");
		return false;
	}
	for (j = 0; j < nslots; j++)
		for (k = 0; k < n; k++) {
			int64_t r = rew[j * n + k];
			int64_t full = (int64_t)(p * m[k].seats);

			/* (in - out) x p with in + out = seats: r + seats x p is 2p x in. */
			if (mag(r) > (uint64_t)full || (uint64_t)(r + full) % (2 * p)) {
				snprintf(why, whylen, "validator %llu's reward is %lld gwei, "
				    "not a multiple of the epoch's per-seat reward of %llu gwei for "
				    "%u %s", (unsigned long long)m[k].index, (long long)r,
				    (unsigned long long)p, m[k].seats,
				    m[k].seats == 1 ? "seat" : "seats");
				for (k = 0; k < nwatched; k++)
					d[k].missed = 0, d[k].reward_gwei = 0;
				return false;
			}
			if (k < nwatched) {
				d[k].missed += r < full;
				d[k].reward_gwei += r;
			}
		}
	for (k = 0; k < nwatched; k++)
		d[k].known = true;
	return true;
}

/*
 * Whether sync duties are asked for: the spec names the committee, and an
 * epoch's slots fit a stored duty's 8-bit count (every chain has 8 to 32).
 */
static bool
sync_asked(const struct jd_timing *t)
{
	return t->sync.known && t->slots_per_epoch <= UINT8_MAX;
}

/* --- committees ------------------------------------------------------------ */

static int
by_index(const void *a, const void *b)
{
	const struct sync_member *x = a, *y = b;

	return x->index < y->index ? -1 : x->index > y->index;
}

static int
by_seats(const void *a, const void *b)
{
	const struct sync_member *x = a, *y = b;

	if (x->seats != y->seats)
		return x->seats < y->seats ? -1 : 1;
	return by_index(a, b);
}

/*
 * The committee's validators with their seats, sorted by index, in m
 * (room for nseat); returns how many.
 */
static size_t
seats_of(const uint64_t *seat, size_t nseat, struct sync_member *m)
{
	size_t i, w = 0;

	for (i = 0; i < nseat; i++)
		m[i] = (struct sync_member){ seat[i], 1 };
	qsort(m, nseat, sizeof(*m), by_index);
	for (i = 0; i < nseat; i++) {
		if (w > 0 && m[w - 1].index == m[i].index)
			m[w - 1].seats++;
		else
			m[w++] = m[i];
	}
	return w;
}

/* The watched members of a committee, then its witnesses, into p. */
static void
members_of(struct sync_period *p, const struct report_set *set, const uint64_t *seat,
    size_t nseat)
{
	struct sync_member *all = xcalloc(nseat + 1, sizeof(*all));
	size_t nall = seats_of(seat, nseat, all), i, nother = 0;

	p->m = xcalloc(nall + 1, sizeof(*p->m));
	p->n = p->nw = 0;
	for (i = 0; i < nall; i++)
		if (report_set_has(set, all[i].index))
			p->m[p->n++] = all[i];
		else
			all[nother++] = all[i];
	/* The fewest seats first: one seat's reward is the per-seat reward. */
	qsort(all, nother, sizeof(*all), by_seats);
	for (i = 0; i < nother && i < SYNC_WITNESSES; i++)
		p->m[p->n + p->nw++] = all[i];
	free(all);
}

/*
 * The state that holds a period's committee: the head's for its own
 * period and the next; else one of the period itself, from its first
 * epoch at Altair or after (an archive node's).
 */
static void
committee_state(const struct report_sync *s, uint64_t first, uint64_t *at_epoch,
    char *sid, size_t len)
{
	const struct jd_timing *t = &s->node->tim;

	*at_epoch = first < t->sync.altair_epoch ? t->sync.altair_epoch : first;
	if (first / t->sync.period_epochs >= s->node->head_epoch / t->sync.period_epochs)
		snprintf(sid, len, "head");
	else
		snprintf(sid, len, "%llu", (unsigned long long)(*at_epoch *
		    t->slots_per_epoch));
}

/* The node's committee of the period starting at first, stored; or unserved. */
static int
ask_committee(struct report_sync *s, uint64_t first, bool *served)
{
	const struct jd_timing *t = &s->node->tim;
	uint64_t at_epoch, *seat = NULL;
	char path[160], sid[32];
	struct beacon_req req;
	size_t nseat = 0;
	long st;
	int rc;

	*served = false;
	committee_state(s, first, &at_epoch, sid, sizeof(sid));
	snprintf(path, sizeof(path), "/eth/v1/beacon/states/%s/sync_committees?epoch=%llu",
	    sid, (unsigned long long)at_epoch);
	if ((rc = report_node_ask(s->node, path, &req, &st)) == UC_ETEMPFAIL)
		rc = UC_OK;		/* interrupted, or the node gone: unserved */
	if (rc == UC_OK && st == 200) {
		if ((rc = jd_sync_committee(req.resp.buf ? req.resp.buf : "", req.resp.len,
		    "/eth/v1/beacon/states/{state}/sync_committees", &seat, &nseat)) ==
		    UC_OK && nseat != t->sync.committee_size)
			rc = diag_error(UC_EPROTO, "%s: %zu seats, where the spec's "
			    "SYNC_COMMITTEE_SIZE is %llu", path, nseat,
			    (unsigned long long)t->sync.committee_size);
		if (rc == UC_OK && (rc = store_append_members(s->st, first, seat, nseat)) ==
		    UC_OK)
			*served = true;
		if (rc == UC_EPROTO && s->committee_msg[0] == '\0')
			snprintf(s->committee_msg, sizeof(s->committee_msg), "state %s "
			    "answered a committee it cannot be: above", sid);
	} else if (rc == UC_OK && s->committee_msg[0] == '\0') {
		char *m = st ? report_node_message(s->node, &req) : xstrdup(req.err);

		snprintf(s->committee_msg, sizeof(s->committee_msg), "state %s answered "
		    "%ld%s%s", sid, st, *m ? ": " : "", m);
		free(m);
	}
	free(seat);
	strbuf_release(&req.resp);
	/* A committee refused is left out, with the node's words; not the end. */
	return rc == UC_EPROTO ? UC_OK : rc;
}

/* s->cur for the period holding epoch e: read, or asked for when ask. */
static int
load_period(struct report_sync *s, uint64_t e, bool ask)
{
	const struct jd_timing *t = &s->node->tim;
	uint64_t first = e - e % t->sync.period_epochs, *seat = NULL;
	size_t nseat = 0;
	bool served;
	int rc;

	if (s->cur.first == first && (s->cur.known || !ask))
		return UC_OK;
	free(s->cur.m);
	memset(&s->cur, 0, sizeof(s->cur));
	s->cur.first = first;
	rc = store_members(s->st, first, &seat, &nseat);
	/* Damaged (named by the store), or not of the spec's size: ask again. */
	if (rc == UC_EDATA || nseat != t->sync.committee_size) {
		free(seat);
		seat = NULL;
		nseat = 0;
		rc = rc == UC_EDATA ? UC_OK : rc;
	}
	if (rc == UC_OK && nseat == 0 && ask && (rc = ask_committee(s, first,
	    &served)) == UC_OK && served)
		rc = store_members(s->st, first, &seat, &nseat);
	if (rc == UC_OK && nseat > 0 && nseat == t->sync.committee_size) {
		s->cur.known = true;
		members_of(&s->cur, s->set, seat, nseat);
	}
	free(seat);
	return rc == UC_EDATA ? UC_OK : rc;
}

/* --- rewards ---------------------------------------------------------------- */

/* One batch of epochs of one period, a request per slot. */
struct batch {
	struct report_sync *s;
	uint64_t	 epoch[SYNC_BATCH_EPOCHS];
	size_t		 nepoch, next;		/* requests made so far */
	uint64_t	 spe;			/* slots per epoch */
	char		*body;			/* the members, as a JSON array */
	int64_t		*rew;			/* [slot of batch][member or witness] */
	uint8_t		*state;			/* per slot: SLOT_* */
};
/* A 404 is no block only when the block's header says so too (SLOT_ASK). */
enum { SLOT_PENDING, SLOT_BLOCK, SLOT_ASK, SLOT_EMPTY, SLOT_FAILED };

static uint64_t
slot_at(const struct batch *b, size_t at)
{
	return b->epoch[at / b->spe] * b->spe + at % b->spe;
}

static int
next_slot(void *ctx, struct beacon_req *req)
{
	struct batch *b = ctx;

	if (b->next >= b->nepoch * b->spe)
		return 0;
	req->method = "POST";
	snprintf(req->path, sizeof(req->path), "/eth/v1/beacon/rewards/sync_committee/%llu",
	    (unsigned long long)slot_at(b, b->next));
	req->body = b->body;
	req->tag = (long)b->next++;
	return 1;
}

/* The node's words on the first slot it would not serve. */
static void
say_unserved(struct report_sync *s, const struct beacon_req *req)
{
	char *m;

	if (s->unserved_msg[0] != '\0')
		return;
	m = req->status ? report_node_message(s->node, req) : xstrdup(req->err);
	snprintf(s->unserved_msg, sizeof(s->unserved_msg), "%s answered %ld%s%s",
	    req->path, req->status, *m ? ": " : "", m);
	free(m);
}

/* The place of index among the members and witnesses, or -1. */
static long
member_at(const struct sync_period *p, uint64_t index)
{
	struct sync_member key = { index, 0 }, *hit;
	size_t j;

	if ((hit = bsearch(&key, p->m, p->n, sizeof(*p->m), by_index)) != NULL)
		return (long)(hit - p->m);
	for (j = p->n; j < p->n + p->nw; j++)
		if (p->m[j].index == index)
			return (long)j;
	return -1;
}

static int
slot_done(void *ctx, struct beacon_req *req)
{
	struct batch *b = ctx;
	struct report_sync *s = b->s;
	const struct sync_period *p = &s->cur;
	size_t at = (size_t)req->tag, width = p->n + p->nw, nr = 0, i, k;
	struct jd_sync_reward *r = NULL;
	int64_t *row = b->rew + at * width;
	bool *seen;

	if (req->status == 404) {
		b->state[at] = SLOT_ASK;	/* no block, or no route: asked apart */
		return UC_OK;
	}
	if (req->status != 200 || jd_sync_rewards(req->resp.buf ? req->resp.buf : "",
	    req->resp.len, req->path, &r, &nr) != UC_OK) {
		b->state[at] = SLOT_FAILED;
		say_unserved(s, req);
		return UC_OK;
	}
	/*
	 * The members asked for; a member listed once per seat (Nimbus) is
	 * the sum of its entries.
	 */
	seen = xcalloc(width + 1, sizeof(*seen));
	b->state[at] = SLOT_BLOCK;
	for (k = 0; k < width; k++)
		row[k] = 0;
	for (i = 0; i < nr; i++) {
		long w = member_at(p, r[i].index);

		if (w < 0) {
			b->state[at] = SLOT_FAILED;
			if (s->unserved_msg[0] == '\0')
				snprintf(s->unserved_msg, sizeof(s->unserved_msg), "%s "
				    "listed validator %llu, not asked for or not in the "
				    "committee", req->path, (unsigned long long)r[i].index);
			break;
		}
		seen[w] = true;
		/* Each entry is bounded (2^63); the judge bounds their sum. */
		if (__builtin_add_overflow(row[w], r[i].reward_gwei, &row[w]))
			row[w] = INT64_MAX;
	}
	for (k = 0; k < width && b->state[at] == SLOT_BLOCK; k++)
		if (!seen[k]) {
			b->state[at] = SLOT_FAILED;
			if (s->unserved_msg[0] == '\0')
				snprintf(s->unserved_msg, sizeof(s->unserved_msg), "%s left "
				    "out validator %llu, a member asked for", req->path,
				    (unsigned long long)p->m[k].index);
		}
	free(seen);
	free(r);
	return UC_OK;
}

/*
 * The slots whose rewards answered 404: no block there is no duty, but a
 * node without the route (or a proxy) says 404 too.  The block's header
 * tells them apart; a block whose rewards are 404 means the route is not
 * served, and nothing more is asked.
 */
static int
confirm_empty(struct batch *b)
{
	struct report_sync *s = b->s;
	size_t at, nslot = b->nepoch * b->spe;
	int rc = UC_OK;

	for (at = 0; at < nslot && rc == UC_OK; at++) {
		struct beacon_req req;
		char path[96];
		long st;

		if (b->state[at] != SLOT_ASK)
			continue;
		if (s->no_route || *s->node->stop) {
			b->state[at] = SLOT_FAILED;
			continue;
		}
		snprintf(path, sizeof(path), "/eth/v1/beacon/headers/%llu",
		    (unsigned long long)slot_at(b, at));
		if ((rc = report_node_ask(s->node, path, &req, &st)) == UC_ETEMPFAIL)
			rc = UC_OK;
		if (st == 404) {
			b->state[at] = SLOT_EMPTY;
		} else {
			b->state[at] = SLOT_FAILED;
			if (st == 200) {
				s->no_route = true;
				snprintf(s->unserved_msg, sizeof(s->unserved_msg), "/eth/v1/"
				    "beacon/rewards/sync_committee/%llu answered 404 where "
				    "the node has a block: it does not serve sync-committee "
				    "rewards", (unsigned long long)slot_at(b, at));
			}
		}
		strbuf_release(&req.resp);
	}
	return rc;
}

/* Judge and store each epoch of a batch whose slots all answered. */
static int
store_batch(struct batch *b)
{
	struct report_sync *s = b->s;
	const struct sync_period *p = &s->cur;
	size_t width = p->n + p->nw, i, j, nslots;
	uint64_t seat_max = report_sync_seat_max_gwei(&s->node->tim.sync, b->spe);
	struct sync_duty *d = xcalloc(p->n + 1, sizeof(*d));
	int64_t *rew = xcalloc(b->spe * width + 1, sizeof(*rew));
	int rc = UC_OK;

	for (i = 0; i < b->nepoch && rc == UC_OK; i++) {
		const uint8_t *st = b->state + i * b->spe;
		char why[200];
		bool failed = false;

		for (j = 0, nslots = 0; j < b->spe; j++) {
			failed |= st[j] != SLOT_BLOCK && st[j] != SLOT_EMPTY;
			if (st[j] == SLOT_BLOCK)
				memcpy(rew + nslots++ * width, b->rew + (i * b->spe + j) * width,
				    width * sizeof(*rew));
		}
		if (failed) {
			s->unserved++;
			continue;
		}
		if (!report_sync_judge(p->m, width, p->n, rew, nslots, seat_max, d, why,
		    sizeof(why))) {
			s->untrusted++;
			if (s->untrusted_msg[0] == '\0')
				snprintf(s->untrusted_msg, sizeof(s->untrusted_msg), "epoch "
				    "%llu: %s", (unsigned long long)b->epoch[i], why);
		}
		rc = store_append_sync(s->st, b->epoch[i], d, p->n);
	}
	free(rew);
	free(d);
	return rc;
}

/* The members and witnesses of s->cur as a JSON array of decimal strings. */
static char *
members_body(const struct sync_period *p)
{
	struct strbuf sb;
	size_t k;

	strbuf_init(&sb);
	strbuf_addf(&sb, "[");
	for (k = 0; k < p->n + p->nw; k++)
		strbuf_addf(&sb, "%s\"%llu\"", k ? "," : "",
		    (unsigned long long)p->m[k].index);
	strbuf_addf(&sb, "]");
	return sb.buf;
}

static int
run_batch(struct batch *b)
{
	size_t nslot = b->nepoch * b->spe;
	int rc, src;

	b->next = 0;
	b->rew = xcalloc(nslot * (b->s->cur.n + b->s->cur.nw) + 1, sizeof(*b->rew));
	b->state = xcalloc(nslot + 1, 1);
	rc = beacon_run(b->s->node->b, next_slot, slot_done, b, b->s->node->stop);
	if (rc == UC_OK)
		rc = confirm_empty(b);
	/* What arrived whole is stored, even after an interrupt. */
	if ((rc == UC_OK || rc == UC_ETEMPFAIL) && (src = store_batch(b)) != UC_OK)
		rc = src;
	free(b->rew);
	free(b->state);
	b->nepoch = 0;
	return rc;
}

/*
 * Whether the store's duties of epoch e hold every watched member of
 * s->cur, each with no more slots than an epoch has.
 */
static bool
stored_whole(struct report_sync *s, uint64_t e, struct sync_duty **d, size_t *n)
{
	size_t k, i = 0;

	*d = NULL;
	*n = 0;
	if (!store_has_sync(s->st, e) || store_sync_duties(s->st, e, d, n) != UC_OK)
		return false;
	for (k = 0; k < s->cur.n; k++) {
		while (i < *n && (*d)[i].index < s->cur.m[k].index)
			i++;
		if (i == *n || (*d)[i].index != s->cur.m[k].index ||
		    (*d)[i].slots > s->node->tim.slots_per_epoch)
			return false;
	}
	return true;
}

int
report_sync_fetch(struct report_sync *s, uint64_t from, uint64_t to)
{
	const struct jd_timing *t = &s->node->tim;
	struct batch b;
	uint64_t e;
	int rc = UC_OK;

	if (!sync_asked(t))
		return UC_OK;
	memset(&b, 0, sizeof(b));
	b.s = s;
	b.spe = t->slots_per_epoch;
	s->cur.first = UINT64_MAX;
	if (from < t->sync.altair_epoch)
		from = t->sync.altair_epoch;
	for (e = from; e <= to && rc == UC_OK && !*s->node->stop && !s->no_route; e++) {
		struct sync_duty *d;
		size_t n;
		bool whole;

		/* A slot not yet past has no block to judge. */
		if ((e + 1) * t->slots_per_epoch > s->node->head_slot)
			break;
		if (s->cur.first != e - e % t->sync.period_epochs) {
			if (b.nepoch > 0 && (rc = run_batch(&b)) != UC_OK)
				break;
			free(b.body);
			b.body = NULL;
			if ((rc = load_period(s, e, true)) != UC_OK)
				break;
			if (s->cur.known)
				b.body = members_body(&s->cur);
		}
		if (!s->cur.known) {
			s->no_committee++;
			continue;
		}
		if (s->cur.n == 0)
			continue;
		whole = stored_whole(s, e, &d, &n);
		free(d);
		if (whole)
			continue;
		b.epoch[b.nepoch++] = e;
		if (b.nepoch == SYNC_BATCH_EPOCHS)
			rc = run_batch(&b);
	}
	if (rc == UC_OK && b.nepoch > 0)
		rc = run_batch(&b);
	free(b.body);
	return rc;
}

int
report_sync_epoch(struct report_sync *s, uint64_t e, struct sync_duty **d, size_t *n,
    bool *known)
{
	const struct jd_timing *t = &s->node->tim;
	int rc;

	*d = NULL;
	*n = 0;
	*known = false;
	if (!sync_asked(t) || e < t->sync.altair_epoch)
		return UC_OK;
	if ((rc = load_period(s, e, false)) != UC_OK || !s->cur.known)
		return rc;
	if (s->cur.n == 0) {
		*known = true;
		return UC_OK;
	}
	*known = stored_whole(s, e, d, n);
	if (!*known) {
		free(*d);
		*d = NULL;
		*n = 0;
	}
	return UC_OK;
}

void
report_sync_say(const struct report_sync *s)
{
	if (s->no_committee > 0)
		diag_warn("the node did not serve the sync committee of %llu %s of the "
		    "range (%s); an archive node would: their sync duties are left "
		    "out", (unsigned long long)s->no_committee,
		    s->no_committee == 1 ? "epoch" : "epochs", s->committee_msg);
	if (s->unserved > 0 || s->no_route)
		diag_warn("the node did not serve the sync-committee rewards of %llu %s "
		    "(%s): their sync duties are left out, and asked for again next "
		    "run", (unsigned long long)s->unserved,
		    s->unserved == 1 ? "epoch" : "epochs", s->unserved_msg);
	if (s->untrusted > 0)
		diag_warn("the node's sync-committee rewards of %llu %s cannot be "
		    "rewards (%s): sync_missed_slots and sync_reward_gwei are left "
		    "empty for their members", (unsigned long long)s->untrusted,
		    s->untrusted == 1 ? "epoch" : "epochs", s->untrusted_msg);
}

void
report_sync_release(struct report_sync *s)
{
	free(s->cur.m);
	memset(&s->cur, 0, sizeof(s->cur));
	s->cur.first = UINT64_MAX;
}
