/*
 * Block proposals of the watched validators: each epoch's proposer duties
 * from the node, stored while it serves them (most serve the current and
 * next epoch only), each duty settled by the block header at its slot
 * once the slot has passed: a block by that proposer is a proposal made;
 * none, or another proposer's (a reorg), is missed.
 */
#include <stdio.h>
#include <stdlib.h>

#include "diag.h"
#include "report_duties.h"
#include "util.h"

/*
 * Settle the watched validators' duties whose slots have passed: a block
 * by that proposer at the slot is a proposal made; none (404) is missed.
 * Returns whether anything changed; *rc is UC_EPROTO after an answer over
 * its cap (said).
 */
static bool
settle_duties(struct report_node *node, const struct report_set *set,
    struct proposal *p, size_t n, uint64_t head_slot, int *rc)
{
	bool changed = false;
	size_t i;

	for (i = 0; i < n && !*node->stop && *rc == UC_OK; i++) {
		struct beacon_req req;
		char path[96];
		uint64_t slot, proposer;
		long st;

		if (p[i].outcome != PROPOSAL_UNKNOWN || !report_set_has(set, p[i].index) ||
		    p[i].slot >= head_slot)
			continue;
		snprintf(path, sizeof(path), "/eth/v1/beacon/headers/%llu",
		    (unsigned long long)p[i].slot);
		*rc = report_node_ask(node, path, &req, &st);
		if (*rc == UC_ETEMPFAIL)
			*rc = UC_OK;	/* interrupted, or the node gone: settled later */
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

bool
report_duties_settled(const struct report_set *set, const struct proposal *p,
    size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i].outcome == PROPOSAL_UNKNOWN && report_set_has(set, p[i].index))
			return false;
	return true;
}

/*
 * The node's proposer duties for epoch e, outcomes unknown, into *out: UC_OK
 * with *n = 0 when they are not served; UC_EPROTO after an answer over its
 * cap (said).
 */
static int
duties(struct report_node *node, uint64_t e, struct proposal **out, size_t *n)
{
	struct beacon_req req;
	struct jd_duty *d = NULL;
	char path[96];
	size_t nd = 0, i;
	long st;
	int rc;

	*n = 0;
	snprintf(path, sizeof(path), "/eth/v1/validator/duties/proposer/%llu",
	    (unsigned long long)e);
	if ((rc = report_node_ask(node, path, &req, &st)) == UC_ETEMPFAIL)
		rc = UC_OK;		/* interrupted, or the node gone: not served */
	/* A body refused is no duties served: the search stops there. */
	if (rc == UC_OK && st == 200 &&
	    jd_proposer_duties(req.resp.buf, req.resp.len, path, &d, &nd) == UC_OK) {
		*out = xcalloc(nd + 1, sizeof(**out));
		for (i = 0; i < nd; i++)
			(*out)[i] = (struct proposal){ d[i].slot, d[i].index,
			    PROPOSAL_UNKNOWN };
		*n = nd;
	}
	free(d);
	strbuf_release(&req.resp);
	return rc;
}

/*
 * Proposals of epochs from..to: what the store holds, then what the node
 * serves.  Most nodes serve proposer duties only for recent epochs, so the
 * search goes newest first and stops at the first epoch refused.
 */
int
report_duties_fetch(struct report_node *node, const struct report_set *set,
    struct store *st, uint64_t from, uint64_t to, uint64_t head_slot)
{
	uint64_t e;
	int rc = UC_OK;

	for (e = to + 1; e-- > from && !*node->stop && rc == UC_OK;) {
		struct proposal *p = NULL;
		size_t n = 0;
		bool changed;
		int got = store_proposals(st, e, &p, &n);

		if (got != UC_OK && got != UC_EDATA) {
			rc = got;	/* the store cannot be read */
			break;
		}
		/* None stored, or a damaged record (named): ask the node. */
		if (n == 0) {
			free(p);
			p = NULL;
			if ((rc = duties(node, e, &p, &n)) != UC_OK || n == 0)
				break;
			changed = true;
		} else if (report_duties_settled(set, p, n)) {
			free(p);
			continue;
		} else {
			changed = false;
		}
		changed |= settle_duties(node, set, p, n, head_slot, &rc);
		if (changed && (rc = store_append_proposals(st, e, p, n)) != UC_OK) {
			free(p);
			break;
		}
		free(p);
	}
	return rc;
}
