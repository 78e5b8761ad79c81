/*
 * The store's epochs into the report model.  A summary's sums do not
 * depend on the order epochs come in, so stored epochs are added before
 * fetching, reading each only where it holds the unusual, and fetched ones
 * as the decode threads store them; the per-epoch view reads whole
 * records in order.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "report_agg.h"
#include "report_duties.h"
#include "report_sync.h"
#include "store_pack.h"
#include "util.h"

void
report_agg_begin(struct report_agg *a, struct store *st, const struct report_set *set,
    uint64_t from, uint64_t to, struct rwindow *win, size_t nwin)
{
	memset(a, 0, sizeof(*a));
	a->st = st;
	a->set = set;
	a->from = from;
	a->to = to;
	/* Sums as epochs come; streaks here, in order (pend_streaks). */
	report_init(&a->rp, set->idx, set->n, from, to, win, nwin, 0);
	a->done = xcalloc((size_t)((to - from) / 8 + 1), 1);
}

/* Count the earliest pending epoch's streak votes. */
static void
feed_earliest(struct report_agg *a)
{
	size_t i, lo = 0;
	struct streak_pend p;

	for (i = 1; i < a->npend; i++)
		if (a->pend[i].epoch < a->pend[lo].epoch)
			lo = i;
	p = a->pend[lo];
	a->pend[lo] = a->pend[--a->npend];
	/* One that comes after a later epoch was counted: replayed at the end. */
	report_streaks_votes(&a->rp, p.epoch, p.n, p.at, p.bits);
	free(p.at);
	free(p.bits);
}

/*
 * Hold an epoch's streak votes (its unusual validators) until the few
 * fetched around it have come: downloads finish nearly in order, so a
 * window of STREAK_PENDING epochs puts them back in order, and only a
 * wider disorder needs the replay at the end.
 */
/* x's streak votes, copied into p. */
static void
votes_of(const struct report_agg *a, const struct epoch_except *x,
    struct streak_pend *p)
{
	size_t i;

	p->epoch = x->r.epoch;
	p->n = x->r.n;
	p->at = xmalloc((p->n + 1) * sizeof(*p->at));
	p->bits = xmalloc(p->n + 1);
	for (i = 0; i < p->n; i++) {
		const struct vresult *v = &x->r.v[i];
		bool ours = x->at[i] < a->rp.n && a->rp.vidx[x->at[i]] == v->index;

		p->at[i] = ours ? x->at[i] : UINT32_MAX;
		p->bits[i] = (uint8_t)(v->duty | (v->duty && v->target >= 0) << 1);
	}
}

static void
pend_streaks(struct report_agg *a, const struct epoch_except *x)
{
	votes_of(a, x, &a->pend[a->npend++]);
	if (a->npend > STREAK_PENDING)
		feed_earliest(a);
}

void
report_agg_end(struct report_agg *a)
{
	if (a->done == NULL)
		return;
	while (a->npend > 0) {
		a->npend--;
		free(a->pend[a->npend].at);
		free(a->pend[a->npend].bits);
	}
	report_release(&a->rp);
	free(a->done);
	free(a->er.v);		/* a->ex.r.v is the same buffer */
	free(a->ex.at);
	free(a->fetched.r.v);
	free(a->fetched.at);
	memset(a, 0, sizeof(*a));
}

static bool
added(const struct report_agg *a, uint64_t e)
{
	uint64_t k = e - a->from;

	return (a->done[k / 8] >> (k % 8)) & 1;
}

static void
mark(struct report_agg *a, uint64_t e)
{
	uint64_t k = e - a->from;

	a->done[k / 8] |= (uint8_t)(1u << (k % 8));
}

/* Add stored epoch e; UC_EDATA if its record failed its check (named). */
static int
add_stored(struct report_agg *a, uint64_t e)
{
	int rc;

	a->ex.r.v = a->er.v;
	rc = store_read_except(a->st, e, report_expected(&a->rp), &a->ex);
	a->er.v = a->ex.r.v;
	if (rc != UC_OK)
		return rc;
	/* A summary reads only what is unusual (report.c). */
	report_add_except(&a->rp, &a->ex);
	pend_streaks(a, &a->ex);
	mark(a, e);
	return UC_OK;
}

int
report_agg_stored(struct report_agg *a)
{
	uint64_t e;
	int rc;

	for (e = a->from; e <= a->to; e++)
		if (store_has(a->st, e) && !added(a, e) &&
		    (rc = add_stored(a, e)) != UC_OK && rc != UC_EDATA)
			return rc;	/* UC_EDATA: left out, and fetched again */
	return UC_OK;
}

int
report_agg_fetched(void *ctx, const struct store_pack *p)
{
	struct report_agg *a = ctx;
	int rc;

	if (p->epoch < a->from || p->epoch > a->to)
		return UC_OK;
	/* Added from the record as written, as a re-run would read it. */
	if ((rc = store_read_pack(a->st, p, report_expected(&a->rp), &a->fetched)) !=
	    UC_OK)
		return rc;
	report_add_except(&a->rp, &a->fetched);
	pend_streaks(a, &a->fetched);
	mark(a, p->epoch);
	return UC_OK;
}

/* The epoch's proposals the store holds, once every watched one is settled. */
static int
add_proposals(struct report_agg *a, uint64_t e)
{
	struct proposal *p;
	size_t np;
	int rc = store_proposals(a->st, e, &p, &np);

	if (rc == UC_OK && np > 0 && report_duties_settled(a->set, p, np))
		report_add_proposals(&a->rp, p, np);
	free(p);
	/* A damaged proposal record is named; the node serves old duties no more. */
	return rc == UC_EDATA ? UC_OK : rc;
}

/* The epoch's sync duties the store holds, once all watched members' are. */
static int
add_sync(struct report_agg *a, uint64_t e)
{
	struct sync_duty *d;
	size_t n;
	bool known;
	int rc;

	if (a->sync == NULL)
		return UC_OK;
	rc = report_sync_epoch(a->sync, e, &d, &n, &known);
	if (rc == UC_OK && known)
		report_add_sync(&a->rp, d, n);
	free(d);
	return rc;
}

/*
 * Fetched epochs came in the order they were stored: count the streaks
 * again over the store in order, reading each epoch's unusual only.
 */
static int
replay_streaks(struct report_agg *a)
{
	struct streak_pend p;
	uint64_t e;
	int rc;

	report_streaks_reset(&a->rp);
	a->replayed = true;
	for (e = a->from; e <= a->to; e++) {
		if (!store_has(a->st, e) || !added(a, e))
			continue;
		a->ex.r.v = a->er.v;
		rc = store_read_except(a->st, e, report_expected(&a->rp), &a->ex);
		a->er.v = a->ex.r.v;
		if (rc == UC_EDATA)
			continue;
		if (rc != UC_OK)
			return rc;
		votes_of(a, &a->ex, &p);
		report_streaks_votes(&a->rp, p.epoch, p.n, p.at, p.bits);
		free(p.at);
		free(p.bits);
	}
	return UC_OK;
}

int
report_agg_finish(struct report_agg *a, uint64_t *have)
{
	uint64_t e;
	int rc = UC_OK;

	*have = 0;
	for (e = a->from; e <= a->to && rc == UC_OK; e++) {
		if (!store_has(a->st, e))
			continue;
		/*
		 * An epoch can come to light after the summary read the store:
		 * a damaged record whose length hid good ones.
		 */
		if (!added(a, e) && (rc = add_stored(a, e)) == UC_EDATA) {
			rc = UC_OK;
			continue;
		}
		if (rc == UC_OK) {
			(*have)++;
			rc = add_proposals(a, e);
		}
	}
	/* Sync duties are their own records: every epoch of the range may have them. */
	for (e = a->from; e <= a->to && rc == UC_OK; e++)
		rc = add_sync(a, e);
	while (a->npend > 0)
		feed_earliest(a);
	if (rc == UC_OK && report_streaks_disordered(&a->rp))
		rc = replay_streaks(a);
	if (rc == UC_OK && report_finish(&a->rp) != UC_OK)
		rc = diag_error(UC_EPROTO, "the rewards of epochs %llu-%llu sum beyond "
		    "2^63 gwei, which no chain pays: the node's answers, or the store, "
		    "are wrong", (unsigned long long)a->from, (unsigned long long)a->to);
	return rc;
}

int
report_agg_check(struct store *st, uint64_t from, uint64_t to, struct epoch_result *er)
{
	uint64_t e;
	int rc;

	for (e = from; e <= to; e++)
		if (store_has(st, e) && (rc = store_read(st, e, er)) != UC_OK &&
		    rc != UC_EDATA)
			return rc;
	return UC_OK;
}

/* An epoch with no data still has its rows: served 0, nothing known. */
static void
unserved_rows(const struct report *rp, uint64_t epoch, report_row_fn fn, void *ctx)
{
	struct epoch_row row;
	size_t k;

	if (fn == NULL)
		return;
	for (k = 0; k < rp->n; k++) {
		memset(&row, 0, sizeof(row));
		row.epoch = epoch;
		row.index = rp->v[k].index;
		row.o.head = row.o.source = row.o.target = OUTCOME_UNKNOWN;
		row.rolling_uptime_frac = NAN;
		fn(ctx, &row);
	}
}

int
report_agg_rows(struct store *st, struct report *rp, uint64_t from, uint64_t to,
    struct epoch_result *er, report_row_fn fn, void *ctx, uint64_t *have)
{
	uint64_t e;
	int rc;

	for (e = from; e <= to; e++) {
		/* A record damaged since it was checked is named and left out. */
		rc = store_has(st, e) ? store_read(st, e, er) : UC_EDATA;
		if (rc == UC_EDATA) {
			unserved_rows(rp, e, fn, ctx);
			continue;
		}
		if (rc != UC_OK)
			return rc;
		report_add(rp, er, fn, ctx);
		(*have)++;
	}
	return UC_OK;
}
