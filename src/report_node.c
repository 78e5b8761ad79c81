/*
 * The beacon node as report talks to it.  Every failure is one line that
 * names the node by its display form and the request by its path, both
 * ours and free of secrets; only the node's own words and curl's are
 * redacted, so that a one-letter password mangles them and not the URL.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "diag.h"
#include "report_node.h"
#include "util.h"

int
report_node_open(struct report_node *n, const struct beacon_opts *o,
    volatile sig_atomic_t *stop)
{
	memset(n, 0, sizeof(*n));
	n->stop = stop;
	return beacon_open(&n->b, o);
}

void
report_node_close(struct report_node *n)
{
	beacon_close(n->b);
	n->b = NULL;
}

/*
 * The body is redacted before it is parsed, as well as the message after:
 * the parser cuts a message short and blanks what is not printable, which
 * would leave a secret cut at the end, or one with a byte above 127,
 * unrecognised.  A secret that looks like JSON syntax may so spoil the
 * body: then the message is lost, never shown.
 */
char *
report_node_message(const struct report_node *n, const struct beacon_req *req)
{
	struct jd_error e;
	char *body = beacon_redact(n->b, req->resp.buf ? req->resp.buf : "");

	jd_error_body(body, strlen(body), &e);
	free(body);
	return beacon_redact(n->b, e.message);
}

/* The node a request went to last, or all of them before it went. */
static const char *
who(const struct report_node *n, const struct beacon_req *req)
{
	if (req->node_answered > 0)
		return beacon_node_url(n->b, (size_t)req->node_answered - 1);
	return beacon_display_url(n->b);
}

int
report_node_error(const struct report_node *n, const struct beacon_req *req)
{
	char *msg;
	int rc;

	/* Not retried: an answer that large breaks the API, not the network. */
	if (req->too_large)
		return diag_error(UC_EPROTO, "beacon node %s: the answer for %s is over "
		    "the limit of %llu bytes; --max-response raises it",
		    who(n, req), req->path,
		    (unsigned long long)req->max_bytes);
	if (req->status == 0) {
		rc = strstr(req->err, "imeout") ? UC_ETEMPFAIL : UC_EUNAVAIL;
		msg = beacon_redact(n->b, req->err);
		diag_error(rc, "beacon node %s: %s (%s)", who(n, req), msg,
		    req->path);
	} else if (req->status == 401 || req->status == 403) {
		/* Not the API's fault, nor the network's: the node wants credentials. */
		rc = UC_ENOPERM;
		msg = report_node_message(n, req);
		diag_error(rc, "beacon node %s refused %s with %ld%s%s: it needs "
		    "authentication; give credentials in the URL "
		    "(https://user:password@host) or a header (--header "
		    "'Authorization: Bearer TOKEN')", who(n, req),
		    req->path, req->status, msg[0] ? ", " : "", msg);
	} else {
		rc = req->status >= 500 || req->status == 429 ? UC_EUNAVAIL : UC_EPROTO;
		msg = report_node_message(n, req);
		diag_error(rc, "beacon node %s answered %ld for %s%s%s",
		    who(n, req), req->status, req->path, msg[0] ? ": " : "",
		    msg);
	}
	free(msg);
	return rc;
}

static void
request(struct beacon_req *req, const char *method, const char *path, char *body,
    uint64_t max_bytes)
{
	memset(req, 0, sizeof(*req));
	req->method = method;
	snprintf(req->path, sizeof(req->path), "%s", path);
	req->body = body;
	req->max_bytes = max_bytes;
	strbuf_init(&req->resp);
}

int
report_node_get(struct report_node *n, const char *method, const char *path,
    char *body, uint64_t max_bytes, struct beacon_req *req)
{
	int rc;

	request(req, method, path, body, max_bytes);
	if ((rc = beacon_fetch(n->b, req, n->stop)) != UC_OK)
		return diag_error(rc, "interrupted");
	if (req->status != 200)
		return report_node_error(n, req);
	return UC_OK;
}

int
report_node_ask(struct report_node *n, const char *path, struct beacon_req *req,
    long *status)
{
	int rc;

	request(req, "GET", path, NULL, 0);
	req->once = 1;		/* a refusal is an answer here, not a hiccup */
	*status = 0;
	if ((rc = beacon_fetch(n->b, req, n->stop)) != UC_OK)
		return rc;
	if (req->too_large)
		return report_node_error(n, req);
	*status = req->status;
	return UC_OK;
}

int
report_node_head(struct report_node *n, uint64_t *slot)
{
	struct beacon_req req;
	uint64_t proposer, head[BEACON_MAX_NODES], best = 0;
	bool got[BEACON_MAX_NODES];
	size_t resting;
	double wall;
	size_t k, nn = beacon_nodes(n->b);
	int rc = UC_OK, any = 0;

	if (nn == 1) {
		if ((rc = report_node_get(n, "GET", "/eth/v1/beacon/headers/head", NULL,
		    0, &req)) == UC_OK)
			rc = jd_header(req.resp.buf, req.resp.len, slot, &proposer);
		strbuf_release(&req.resp);
		return rc;
	}
	/*
	 * Several nodes: each one's head.  One that does not answer, or is an
	 * epoch or more behind the others, rests for an epoch while the
	 * others serve: a node catching up would call recent states pruned.
	 */
	wall = (double)time(NULL) - (double)n->gen.genesis_time;
	for (k = 0, resting = 0; k < nn; k++)
		resting += beacon_node_resting(n->b, k);
	for (k = 0; k < nn; k++) {
		got[k] = false;
		/* A node resting is not waited for (unless all are): it is asked
		   when it is back. */
		if (resting < nn && beacon_node_resting(n->b, k))
			continue;
		request(&req, "GET", "/eth/v1/beacon/headers/head", NULL, 0);
		req.node = (int)k + 1;
		req.once = 1;
		if ((rc = beacon_fetch(n->b, &req, n->stop)) != UC_OK) {
			strbuf_release(&req.resp);
			return diag_error(rc, "interrupted");
		}
		/* A head past the clock (a bug, a lie) is no head: that node rests. */
		if (req.status == 200 && jd_header(req.resp.buf, req.resp.len, &head[k],
		    &proposer) == UC_OK && (wall <= 0 || n->tim.slot_s <= 0 ||
		    (double)head[k] <= wall / n->tim.slot_s + 1)) {
			got[k] = true;
			if (!any++ || head[k] > best)
				best = head[k];
		}
		strbuf_release(&req.resp);
	}
	if (!any)
		return diag_error(UC_EUNAVAIL, "no beacon node of %s answered with its "
		    "head", beacon_display_url(n->b));
	for (k = 0; k < nn; k++)
		if ((!got[k] && !beacon_node_resting(n->b, k)) ||
		    (got[k] && head[k] + n->tim.slots_per_epoch <= best))
			beacon_node_rest(n->b, k, report_node_epoch_s(n) > 0 ?
			    report_node_epoch_s(n) : 10);
	*slot = best;
	return UC_OK;
}

/* Every node of the list on the same network as the first: one genesis. */
static int
same_network(struct report_node *n)
{
	struct beacon_req req;
	struct jd_genesis g;
	size_t k, nn = beacon_nodes(n->b);
	int rc = UC_OK;

	for (k = 0; k < nn && nn > 1 && rc == UC_OK; k++) {
		request(&req, "GET", "/eth/v1/beacon/genesis", NULL, 0);
		req.node = (int)k + 1;
		if ((rc = beacon_fetch(n->b, &req, n->stop)) != UC_OK)
			rc = diag_error(rc, "interrupted");
		else if (req.status != 200)
			/* Down for now: its answers are checked when it answers. */
			beacon_node_rest(n->b, k, 10);
		else if ((rc = jd_genesis(req.resp.buf, req.resp.len, &g)) == UC_OK &&
		    strcmp(g.validators_root, n->gen.validators_root) != 0)
			rc = diag_error(UC_EUSAGE, "beacon node %s is of another network "
			    "than %s (genesis validators root differs)",
			    beacon_node_url(n->b, k), beacon_node_url(n->b, 0));
		strbuf_release(&req.resp);
	}
	return rc;
}

int
report_node_timing(struct report_node *n)
{
	struct beacon_req req;
	int rc;

	if ((rc = report_node_get(n, "GET", "/eth/v1/beacon/genesis", NULL, 0,
	    &req)) == UC_OK)
		rc = jd_genesis(req.resp.buf, req.resp.len, &n->gen);
	strbuf_release(&req.resp);
	if (rc != UC_OK || (rc = same_network(n)) != UC_OK)
		return rc;
	if ((rc = report_node_get(n, "GET", "/eth/v1/config/spec", NULL, 0,
	    &req)) == UC_OK)
		rc = jd_spec(req.resp.buf, req.resp.len, &n->tim);
	strbuf_release(&req.resp);
	if (rc == UC_OK && (rc = report_node_head(n, &n->head_slot)) == UC_OK)
		n->head_epoch = n->head_slot / n->tim.slots_per_epoch;
	return rc;
}

double
report_node_epoch_s(const struct report_node *n)
{
	return n->tim.slot_s * (double)n->tim.slots_per_epoch;
}
