/*
 * Classification and aggregation of attestation rewards (research/
 * ethereum-spec.md sections 3-4).  A flag is earned when its reward is
 * positive; in an inactivity leak correct votes earn zero, so a vote is
 * counted correct when its component is not negative, and the head vote is
 * unknown when the ideal head reward is zero.
 *
 * (About 600 lines: the columns' definitions and the lazy sums that make a
 * summary cost its exceptions, not its validators, must agree to the gwei,
 * so they are kept side by side.)
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "report.h"
#include "report_streak.h"
#include "util.h"

void
report_classify(const struct vresult *v, struct outcome *o)
{
	o->source = v->source >= 0;
	o->target = v->target >= 0;
	/* Head is never penalised: 0 means missed, unless 0 is all it could earn. */
	o->head = v->ideal_head == 0 ? OUTCOME_UNKNOWN : v->head > 0;
	o->leak = v->ideal_source == 0 && v->ideal_target == 0 && v->ideal_head == 0;
}

/*
 * A tally: what duty epochs add to a validator's row, as int64s, so that
 * sums of them can be added and subtracted exactly.  Windows follow the
 * fixed fields: nall duty counts, then nall target counts (the windows,
 * then the days).
 */
enum { T_DUTY, T_TARGET, T_SOURCE, T_HEAD, T_HEAD_KNOWN, T_LEAK, T_REWARD,
	T_IDEAL, T_EFF_POS, T_EFF_IDEAL, T_EFF_NET, T_FIXED };

static void
stats_init(struct vstats *s, uint64_t index, size_t nwin, uint64_t ring_epochs)
{
	memset(s, 0, sizeof(*s));
	s->index = index;
	s->win_duty = xcalloc(nwin + 1, sizeof(*s->win_duty));
	s->win_target = xcalloc(nwin + 1, sizeof(*s->win_target));
	if (ring_epochs)
		s->ring = xcalloc((size_t)(ring_epochs + 3) / 4, 1);
}

static void
stats_release(struct vstats *s)
{
	free(s->win_duty);
	free(s->win_target);
	free(s->ring);
}

void
report_init(struct report *r, const uint64_t *idx, size_t n, uint64_t from,
    uint64_t to, struct rwindow *win, size_t nwin, uint64_t ring_epochs)
{
	size_t i;

	memset(r, 0, sizeof(*r));
	r->from = from;
	r->to = to;
	r->n = n;
	r->win = win;
	r->nall = nwin;
	for (r->nwin = 0; r->nwin < nwin && !win[r->nwin].day; r->nwin++)
		win[r->nwin].first = to + 1 >= win[r->nwin].epochs ?
		    to + 1 - win[r->nwin].epochs : 0;
	r->ring_epochs = ring_epochs;
	r->v = xcalloc(n + 1, sizeof(*r->v));
	for (i = 0; i < n; i++)
		stats_init(&r->v[i], idx[i], nwin, ring_epochs);
	r->ntally = T_FIXED + 2 * nwin;
	r->scratch = xcalloc(r->ntally, sizeof(*r->scratch));
	r->vcls = xcalloc(n + 1, sizeof(*r->vcls));
	r->vidx = xcalloc(n + 1, sizeof(*r->vidx));
	r->vexp = xcalloc(n + 1, sizeof(*r->vexp));
	for (i = 0; i < n; i++) {
		r->vidx[i] = idx[i];
		r->vexp[i] = UINT32_MAX;
	}
	r->snap = xcalloc((n + 1) * r->ntally, sizeof(*r->snap));
	for (i = 0; i < NELEM(r->delta); i++)
		r->delta[i].t = xcalloc(r->ntally, sizeof(*r->delta[i].t));
	stats_init(&r->total, 0, nwin, 0);
	for (i = 0; i < r->nwin; i++)
		win[i].covered = to - from + 1 >= win[i].epochs;
	report_streaks_reset(r);
	r->total.last_target_epoch = r->total.streak_start = REPORT_NO_EPOCH;
}

void
report_release(struct report *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		stats_release(&r->v[i]);
	stats_release(&r->total);
	free(r->v);
	for (i = 0; i < r->ncls; i++) {
		free(r->cls[i].sum);
		free(r->cls[i].cur);
	}
	free(r->cls);
	free(r->vcls);
	free(r->vidx);
	free(r->vexp);
	free(r->snap);
	for (i = 0; i < NELEM(r->delta); i++)
		free(r->delta[i].t);
	free(r->scratch);
	memset(r, 0, sizeof(*r));
}

/* Two bits per epoch: bit 0 duty, bit 1 timely target. */
static unsigned
ring_get(const struct vstats *s, uint64_t slot)
{
	return (s->ring[slot / 4] >> (2 * (slot % 4))) & 3;
}

static void
ring_put(struct vstats *s, uint64_t slot, unsigned bits)
{
	s->ring[slot / 4] = (uint8_t)((s->ring[slot / 4] & ~(3u << (2 * (slot % 4)))) |
	    (bits << (2 * (slot % 4))));
}

/* What one duty epoch of v adds: the definitions of every column. */
static void
tally_of(struct report *r, const struct vresult *v, const struct outcome *o,
    uint64_t epoch, int64_t *t)
{
	int64_t ideal = (int64_t)v->ideal_head + v->ideal_target + v->ideal_source;
	int64_t net = (int64_t)v->head + v->target + v->source;

	/* The penalty is bounded where it is read; the sum is checked all the same. */
	if (__builtin_add_overflow(net, v->inactivity, &net))
		r->overflow = true;
	size_t w;

	memset(t, 0, r->ntally * sizeof(*t));
	if (!v->duty) {
		/* Charged without a duty (slashed, after its exit): a cost alone. */
		t[T_REWARD] = net;
		t[T_EFF_NET] = net;
		return;
	}
	t[T_DUTY] = 1;
	t[T_TARGET] = o->target;
	t[T_SOURCE] = o->source;
	if (o->head != OUTCOME_UNKNOWN) {
		t[T_HEAD_KNOWN] = 1;
		t[T_HEAD] = o->head;
	}
	t[T_LEAK] = o->leak;
	t[T_REWARD] = net;
	t[T_IDEAL] = ideal;
	if (ideal > 0) {
		/* beaconcha.in: penalties do not count toward actual. */
		t[T_EFF_POS] = (int64_t)(v->head > 0 ? v->head : 0) +
		    (v->target > 0 ? v->target : 0) + (v->source > 0 ? v->source : 0);
		t[T_EFF_IDEAL] = ideal;
	}
	/* Net effectiveness counts every penalty, a leak's too (ideal 0). */
	t[T_EFF_NET] = net;
	for (w = 0; w < r->nall; w++)
		if (epoch >= r->win[w].first && epoch - r->win[w].first < r->win[w].epochs) {
			t[T_FIXED + w] = 1;
			t[T_FIXED + r->nall + w] = o->target;
		}
}

/*
 * *a += b.  Amounts are bounded where they are read (a flag reward fits
 * 32 bits, a penalty 2^41 gwei), but sums over many epochs are not: one
 * beyond 64 bits is no chain's rewards, and is remembered for
 * report_finish to refuse rather than wrap.
 */
static inline void
add64(struct report *r, int64_t *a, int64_t b)
{
	if (__builtin_add_overflow(*a, b, a))
		r->overflow = true;
}

/* s += a - b; b may be NULL. */
static void
stats_add(struct report *r, struct vstats *s, const int64_t *a, const int64_t *b)
{
	int64_t d[T_FIXED];
	size_t i, w;

	for (i = 0; i < T_FIXED; i++)
		if (__builtin_sub_overflow(a[i], b ? b[i] : 0, &d[i]))
			r->overflow = true;
	s->duty += (uint64_t)d[T_DUTY];
	s->target += (uint64_t)d[T_TARGET];
	s->source += (uint64_t)d[T_SOURCE];
	s->head += (uint64_t)d[T_HEAD];
	s->head_known += (uint64_t)d[T_HEAD_KNOWN];
	s->leak += (uint64_t)d[T_LEAK];
	add64(r, &s->reward_gwei, d[T_REWARD]);
	add64(r, &s->ideal_gwei, d[T_IDEAL]);
	add64(r, &s->eff_pos_gwei, d[T_EFF_POS]);
	add64(r, &s->eff_ideal_gwei, d[T_EFF_IDEAL]);
	add64(r, &s->eff_net_gwei, d[T_EFF_NET]);
	for (w = 0; w < r->nall; w++) {
		s->win_duty[w] += (uint64_t)(a[T_FIXED + w] -
		    (b ? b[T_FIXED + w] : 0));
		s->win_target[w] += (uint64_t)(a[T_FIXED + r->nall + w] -
		    (b ? b[T_FIXED + r->nall + w] : 0));
	}
}

static void
count(struct report *r, struct vstats *s, const struct vresult *v,
    const struct outcome *o, uint64_t epoch)
{
	int64_t *t = r->scratch;

	tally_of(r, v, o, epoch, t);
	stats_add(r, s, t, NULL);
}

/*
 * Lazy sums.  In an epoch most validators earn exactly the ideal rewards
 * of their effective balance, and what such an epoch adds to a row is the
 * same for all of them.  So it is added once, to the sum of their class
 * (the validators last seen ideal at that balance), and each validator
 * takes what its class gained since it was last settled (snap) when it
 * leaves the class, misses anything, or the report is read.  Only those
 * other validators are counted one by one: the cost of an epoch follows
 * its exceptions, not its validators.  Sums are of integers, so the rows
 * come out exactly as counting every validator every epoch would.
 */
static int64_t *
snap_of(const struct report *r, size_t k)
{
	return r->snap + k * r->ntally;
}

/* Row k takes what its class gained since it was last settled. */
static void
settle_row(struct report *r, size_t k)
{
	int64_t *snap = snap_of(r, k);
	const struct rclass *c;

	if (r->vcls[k] == 0)
		return;
	c = &r->cls[r->vcls[k] - 1];
	stats_add(r, &r->v[k], c->sum, snap);
	memcpy(snap, c->sum, r->ntally * sizeof(*snap));
}

/* Every row up to date and out of its class: rows are counted one by one. */
static void
unlazy(struct report *r)
{
	size_t k;

	if (!r->lazy)
		return;
	for (k = 0; k < r->n; k++) {
		settle_row(r, k);
		r->vcls[k] = 0;
		r->vexp[k] = UINT32_MAX;
	}
	r->lazy = false;
}

/* A duty that earned exactly its ideal, and no inactivity penalty. */
static inline bool
is_exact_ideal(const struct vresult *v)
{
	return v->duty && v->head == v->ideal_head && v->target == v->ideal_target &&
	    v->source == v->ideal_source && v->inactivity == 0;
}

static size_t
class_of(struct report *r, uint32_t eb_increments)
{
	struct rclass *c;
	size_t i;

	for (i = 0; i < r->ncls; i++)
		if (r->cls[i].eb_increments == eb_increments)
			return i;
	r->cls = xrealloc(r->cls, (r->ncls + 1) * sizeof(*r->cls));
	c = &r->cls[r->ncls];
	memset(c, 0, sizeof(*c));
	c->eb_increments = eb_increments;
	c->sum = xcalloc(r->ntally, sizeof(*c->sum));
	c->cur = xcalloc(r->ntally, sizeof(*c->cur));
	return r->ncls++;
}

/*
 * Before an epoch's entries: what an exactly ideal validator of balance
 * eb earns in it.  Classes are set up only here, so that every member of
 * a class is treated alike all through the epoch.
 */
static void
class_stamp(struct report *r, uint32_t eb_increments, const int32_t ideal[3],
    uint64_t epoch, bool *any_leak)
{
	size_t ci = class_of(r, eb_increments);	/* may move r->cls */
	struct rclass *c = &r->cls[ci];
	struct vresult v = { .duty = true, .eb_increments = eb_increments,
	    .head = ideal[0], .target = ideal[1], .source = ideal[2],
	    .ideal_head = ideal[0], .ideal_target = ideal[1], .ideal_source = ideal[2] };
	struct outcome o;

	if (c->stamp == r->epochs_added + 1)
		return;
	c->stamp = r->epochs_added + 1;
	memcpy(c->ideal, ideal, sizeof(c->ideal));
	report_classify(&v, &o);
	*any_leak |= o.leak;
	tally_of(r, &v, &o, epoch, c->cur);
}

/* Whether class ci pays exactly v's rewards in this epoch. */
static inline bool
class_pays(const struct report *r, size_t ci, const struct vresult *v)
{
	const struct rclass *c = &r->cls[ci];

	return c->stamp == r->epochs_added + 1 && is_exact_ideal(v) &&
	    c->eb_increments == v->eb_increments && c->ideal[0] == v->ideal_head &&
	    c->ideal[1] == v->ideal_target && c->ideal[2] == v->ideal_source;
}

/*
 * What an exception changes in its row's snap: the class's gain of this
 * epoch, which the row must not take, less what it earned by itself.
 * The few kinds of exception in an epoch (a missed head, a missed
 * target) repeat, so the last few are kept for the epoch.
 */
static const int64_t *
exception_delta(struct report *r, uint32_t cls, const struct vresult *v,
    uint64_t epoch, bool *any_leak)
{
	struct rdelta *d;
	struct outcome o;
	size_t i, j;

	for (i = 0; i < r->ndelta; i++) {
		d = &r->delta[i];
		if (d->cls == cls && d->duty == v->duty &&
		    d->v[0] == v->head && d->v[1] == v->target && d->v[2] == v->source &&
		    d->inactivity == v->inactivity && d->v[3] == v->ideal_head &&
		    d->v[4] == v->ideal_target && d->v[5] == v->ideal_source)
			return d->t;
	}
	d = &r->delta[r->ndelta < NELEM(r->delta) ? r->ndelta++ : r->delta_next++ %
	    NELEM(r->delta)];
	d->cls = cls;
	d->duty = v->duty;
	d->v[0] = v->head;
	d->v[1] = v->target;
	d->v[2] = v->source;
	d->v[3] = v->ideal_head;
	d->v[4] = v->ideal_target;
	d->v[5] = v->ideal_source;
	d->inactivity = v->inactivity;
	if (v->duty) {
		report_classify(v, &o);
		*any_leak |= o.leak;
	}
	/* Without a duty, only what it was charged (tally_of). */
	tally_of(r, v, &o, epoch, d->t);
	for (j = 0; j < r->ntally; j++)
		d->t[j] = -d->t[j];
	if (cls != 0 && r->cls[cls - 1].stamp == r->epochs_added + 1)
		for (j = 0; j < r->ntally; j++)
			add64(r, &d->t[j], r->cls[cls - 1].cur[j]);
	return d->t;
}

/* Row k's entry of this epoch, in a summary: to its class, or by itself. */
static inline void
lazy_entry(struct report *r, size_t k, const struct vresult *v, uint64_t epoch,
    bool *any_leak)
{
	uint32_t c = r->vcls[k];
	const int64_t *d;
	int64_t *snap;
	size_t j;

	if (c != 0 && class_pays(r, c - 1, v))
		return;
	if (v->duty && is_exact_ideal(v)) {
		/* A new balance, or ideal for the first time: join that class. */
		size_t ci = class_of(r, v->eb_increments);

		if (class_pays(r, ci, v)) {
			settle_row(r, k);
			r->vcls[k] = (uint32_t)ci + 1;
			r->vexp[k] = v->eb_increments;
			memcpy(snap_of(r, k), r->cls[ci].sum, r->ntally * sizeof(int64_t));
			r->lazy = true;
			return;		/* credited through the class from here */
		}
	}
	d = exception_delta(r, c, v, epoch, any_leak);
	if (c == 0) {
		/* In no class: what it earned goes straight into its row. */
		int64_t *t = r->scratch;

		for (j = 0; j < r->ntally; j++)
			t[j] = -d[j];
		stats_add(r, &r->v[k], t, NULL);
		return;
	}
	/* A row is its stats plus its class's sum less snap. */
	snap = snap_of(r, k);
	for (j = 0; j < r->ntally; j++)
		add64(r, &snap[j], d[j]);
}

static void
lazy_begin(struct report *r)
{
	r->ndelta = 0;
	r->delta_next = 0;
}

/* The classes earn this epoch. */
static void
lazy_end(struct report *r, uint64_t epoch, bool any_leak)
{
	uint64_t stamp = r->epochs_added + 1;
	size_t i, j;

	for (i = 0; i < r->ncls; i++)
		if (r->cls[i].stamp == stamp)
			for (j = 0; j < r->ntally; j++)
				add64(r, &r->cls[i].sum[j], r->cls[i].cur[j]);
	r->epochs_added++;
	r->last_epoch = epoch;
	r->leak_epochs += any_leak;
}

const uint32_t *
report_expected(const struct report *r)
{
	return r->vexp;
}

void
report_add_except(struct report *r, const struct epoch_except *x)
{
	const struct epoch_result *e = &x->r;
	bool any_leak = false;
	size_t i, k;

	lazy_begin(r);
	for (i = 0; i < x->nideal; i++) {
		int32_t ideal[3] = { x->ideal[i].head, x->ideal[i].target,
		    x->ideal[i].source };

		class_stamp(r, x->ideal[i].eb_increments, ideal, e->epoch, &any_leak);
	}
	/* Rows left out of e earned what their class did. */
	for (i = 0; i < e->n; i++) {
		const struct vresult *v = &e->v[i];

		k = x->at[i];
		if (k < r->n && r->vidx[k] == v->index) {
			lazy_entry(r, k, v, e->epoch, &any_leak);
		}
	}
	lazy_end(r, e->epoch, any_leak);
}

/* Epochs skipped since the last one added hold nothing: clear their slots. */
static void
clear_gap(struct report *r, uint64_t epoch)
{
	uint64_t k, first = r->epochs_added ? r->last_epoch + 1 : epoch;
	size_t i;

	if (r->ring_epochs == 0 || epoch <= first)
		return;
	if (epoch - first > r->ring_epochs)
		first = epoch - r->ring_epochs;
	for (i = 0; i < r->n; i++)
		for (k = first; k < epoch; k++) {
			struct vstats *s = &r->v[i];
			unsigned old = ring_get(s, k % r->ring_epochs);

			s->ring_duty -= old & 1;
			s->ring_target -= old >> 1;
			ring_put(s, k % r->ring_epochs, 0);
		}
}

void
report_add(struct report *r, const struct epoch_result *e, report_row_fn fn, void *ctx)
{
	bool any_leak = false;
	size_t i, k;

	unlazy(r);		/* rows from here on are counted one by one */
	clear_gap(r, e->epoch);
	/* Every validator is voted: one absent from e had no duty. */
	streak_epoch(r, e->epoch);
	for (k = 0; k < r->n; k++)
		streak_vote(r, k, false, false);
	for (i = 0, k = 0; i < e->n; i++) {
		const struct vresult *v = &e->v[i];
		struct vstats *s;
		struct epoch_row row;

		/* Both sorted by index: merge rather than search. */
		while (k < r->n && r->v[k].index < v->index)
			k++;
		if (k == r->n || r->v[k].index != v->index)
			continue;
		s = &r->v[k];
		memset(&row, 0, sizeof(row));
		row.epoch = e->epoch;
		row.index = v->index;
		row.served = true;
		row.duty = v->duty;
		row.o.head = row.o.source = row.o.target = OUTCOME_UNKNOWN;
		if (v->duty) {
			report_classify(v, &row.o);
			any_leak |= row.o.leak;
			streak_vote(r, k, true, v->target >= 0);
			row.ideal_gwei = (int64_t)v->ideal_head + v->ideal_target +
			    v->ideal_source;
		}
		/* A duty, or a charge without one (slashed, after its exit). */
		if (v->duty || v->head || v->target || v->source || v->inactivity) {
			count(r, s, v, &row.o, e->epoch);
			row.reward_gwei = (int64_t)v->head + v->target + v->source +
			    v->inactivity;
			row.gain_gwei = (int64_t)(v->head > 0 ? v->head : 0) +
			    (v->target > 0 ? v->target : 0) + (v->source > 0 ? v->source : 0);
			row.loss_gwei = row.gain_gwei - row.reward_gwei;
		}
		if (s->ring) {
			uint64_t slot = e->epoch % r->ring_epochs;
			unsigned old = ring_get(s, slot), now = (unsigned)v->duty |
			    (unsigned)(v->duty && row.o.target) << 1;

			/* The slot held the epoch ring_epochs ago (or 0): it leaves. */
			s->ring_duty -= old & 1;
			s->ring_target -= old >> 1;
			ring_put(s, slot, now);
			s->ring_duty += now & 1;
			s->ring_target += now >> 1;
			row.rolling_uptime_frac = s->ring_duty ?
			    (double)s->ring_target / (double)s->ring_duty : NAN;
		} else {
			row.rolling_uptime_frac = NAN;
		}
		if (fn)
			fn(ctx, &row);
	}
	r->epochs_added++;
	r->last_epoch = e->epoch;
	r->leak_epochs += any_leak;
}

double
report_uptime(const struct vstats *s)
{
	return s->duty ? (double)s->target / (double)s->duty : NAN;
}

double
report_window_uptime(const struct vstats *s, size_t w)
{
	return s->win_duty[w] ? (double)s->win_target[w] / (double)s->win_duty[w] : NAN;
}

int
report_finish(struct report *r)
{
	struct vstats *t = &r->total;
	size_t i, w;

	unlazy(r);
	streak_finish(r);
	/* The total is the sum of the rows: cheaper than counting twice. */
	for (i = 0; i < r->n; i++) {
		const struct vstats *s = &r->v[i];

		t->duty += s->duty;
		t->target += s->target;
		t->source += s->source;
		t->head += s->head;
		t->head_known += s->head_known;
		t->leak += s->leak;
		t->proposals += s->proposals;
		t->proposed += s->proposed;
		t->missed_proposals += s->missed_proposals;
		t->sync_slots += s->sync_slots;
		t->sync_missed += s->sync_missed;
		t->sync_untrusted += s->sync_untrusted;
		add64(r, &t->sync_reward_gwei, s->sync_reward_gwei);
		add64(r, &t->reward_gwei, s->reward_gwei);
		add64(r, &t->ideal_gwei, s->ideal_gwei);
		add64(r, &t->eff_pos_gwei, s->eff_pos_gwei);
		add64(r, &t->eff_ideal_gwei, s->eff_ideal_gwei);
		add64(r, &t->eff_net_gwei, s->eff_net_gwei);
		for (w = 0; w < r->nall; w++) {
			t->win_duty[w] += s->win_duty[w];
			t->win_target[w] += s->win_target[w];
		}
	}
	return r->overflow ? UC_EDATA : UC_OK;
}

/* The row of validator index, or NULL when it is not watched. */
static struct vstats *
row_of(struct report *r, uint64_t index)
{
	size_t lo = 0, hi = r->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (r->v[mid].index < index)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < r->n && r->v[lo].index == index ? &r->v[lo] : NULL;
}

void
report_add_sync(struct report *r, const struct sync_duty *d, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct vstats *s = row_of(r, d[i].index);

		if (s == NULL)
			continue;
		s->sync_slots += d[i].slots;
		if (!d[i].known) {
			s->sync_untrusted += d[i].slots;
			continue;
		}
		s->sync_missed += d[i].missed;
		add64(r, &s->sync_reward_gwei, d[i].reward_gwei);
	}
	r->sync_epochs++;
}

void
report_add_proposals(struct report *r, const struct proposal *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct vstats *s;

		if (p[i].outcome == PROPOSAL_UNKNOWN || (s = row_of(r, p[i].index)) == NULL)
			continue;
		s->proposals++;
		if (p[i].outcome == PROPOSAL_MADE)
			s->proposed++;
		else
			s->missed_proposals++;
	}
	r->proposal_epochs++;
}
