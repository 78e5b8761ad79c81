/*
 * A decoded rewards response -> the watched validators' store record: each
 * validator meets its entry (the response in index order, as nodes send
 * it, or sorted here), its balance class's ideal is declared once, and an
 * entry that earned exactly that ideal, as most do, is packed as its index
 * and flags alone.  Runs in the decode threads, off the store's lock.
 */
#include <stdlib.h>

#include "diag.h"
#include "rewards_pack.h"
#include "store_pack.h"

static int
fits32(int64_t v)
{
	return v >= INT32_MIN && v <= INT32_MAX;
}

/* The decoder keeps flag rewards to int32: here a second line of defence. */
static int
too_large(const char *endpoint)
{
	return diag_error(UC_EPROTO, "%s: a flag reward beyond any one epoch can pay",
	    endpoint);
}

static int
by_reward_index(const void *a, const void *b)
{
	const struct jd_reward *x = a, *y = b;

	return x->index < y->index ? -1 : x->index > y->index;
}

static int
by_ideal_eb(const void *a, const void *b)
{
	const struct jd_ideal *x = a, *y = b;

	return x->eb_gwei < y->eb_gwei ? -1 : x->eb_gwei > y->eb_gwei;
}

/*
 * ideal_rewards is keyed by effective balance.  The head state's EB is
 * the first guess; when the validator earned a target reward that the
 * guess does not match, the entry that matches it exactly names the EB it
 * had in this epoch.
 */
static const struct jd_ideal *
pick_ideal(const struct jd_att_rewards *rw, uint64_t eb_gwei, const struct jd_reward *t,
    const struct jd_ideal **last)
{
	struct jd_ideal key = { eb_gwei, 0, 0, 0 };
	const struct jd_ideal *guess;
	size_t j;

	/* Most validators share an EB: the previous lookup usually answers. */
	if (*last != NULL && (*last)->eb_gwei == eb_gwei)
		guess = *last;
	else
		*last = guess = bsearch(&key, rw->ideal, rw->nideal, sizeof(*rw->ideal),
		    by_ideal_eb);

	if (t->target <= 0 || (guess && guess->target == t->target))
		return guess;
	for (j = 0; j < rw->nideal; j++)
		if (rw->ideal[j].target == t->target)
			return &rw->ideal[j];
	return guess;
}

int
rewards_pack(uint64_t epoch, struct jd_att_rewards *rw, const struct watched *vals,
    size_t n, uint64_t fingerprint, const char *endpoint, struct store_pack *p)
{
	size_t i, j = 0;
	const struct jd_ideal *last = NULL, *checked = NULL;
	int cls = -1;

	/* Nodes send them in index order: the scanner says when not. */
	if (!rw->total_in_order)
		qsort(rw->total, rw->ntotal, sizeof(*rw->total), by_reward_index);
	rw->total_in_order = true;
	qsort(rw->ideal, rw->nideal, sizeof(*rw->ideal), by_ideal_eb);
	store_pack_begin(p, epoch, fingerprint, n);
	for (i = 0; i < n; i++) {
		const struct jd_reward *t = NULL;
		const struct jd_ideal *ideal;
		int rc;

		while (j < rw->ntotal && rw->total[j].index < vals[i].index)
			j++;
		if (j < rw->ntotal && rw->total[j].index == vals[i].index)
			t = &rw->total[j];
		/* Absent (pending, exited) or outside its active epochs: no duty. */
		if (t == NULL || epoch < vals[i].activation_epoch ||
		    epoch >= vals[i].exit_epoch) {
			/*
			 * But a slashed validator stays eligible after its exit
			 * (get_eligible_validator_indices) and is charged until
			 * withdrawable: what it loses is a cost, not a duty.
			 */
			if (t != NULL && epoch >= vals[i].exit_epoch && (t->head ||
			    t->target || t->source || t->inactivity)) {
				if (!fits32(t->head) || !fits32(t->target) ||
				    !fits32(t->source))
					return too_large(endpoint);
				rc = store_pack_penalty(p, vals[i].index, (int32_t)t->head,
				    (int32_t)t->target, (int32_t)t->source,
				    t->inactivity);
			} else {
				rc = store_pack_absent(p, vals[i].index);
			}
			if (rc != UC_OK)
				return p->err;
			continue;
		}
		if ((ideal = pick_ideal(rw, vals[i].eb_gwei, t, &last)) == NULL)
			return diag_error(UC_EPROTO, "%s: no ideal_rewards entry for a "
			    "watched validator's effective balance", endpoint);
		if (ideal != checked) {
			/* A new balance class: declared once, checked once. */
			if (!fits32(ideal->head) || !fits32(ideal->target) ||
			    !fits32(ideal->source))
				return too_large(endpoint);
			if ((cls = store_pack_ideal(p, ideal->eb_gwei / 1000000000ULL,
			    (int32_t)ideal->head, (int32_t)ideal->target,
			    (int32_t)ideal->source)) < 0)
				return p->err;
			checked = ideal;
		}
		if (t->head == ideal->head && t->target == ideal->target &&
		    t->source == ideal->source && t->inactivity == 0) {
			rc = store_pack_exact(p, vals[i].index, cls);
		} else {
			if (!fits32(t->head) || !fits32(t->target) || !fits32(t->source))
				return too_large(endpoint);
			rc = store_pack_other(p, vals[i].index, cls, (int32_t)t->head,
			    (int32_t)t->target, (int32_t)t->source, t->inactivity);
		}
		if (rc != UC_OK)
			return p->err;
	}
	return store_pack_end(p);
}
