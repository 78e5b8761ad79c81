#ifndef UC_REPORT_NODE_H
#define UC_REPORT_NODE_H

/*
 * The beacon node as report talks to it: requests whose failure is one
 * line with no secret in it, and the network's timing and head.  Private
 * to the report command.
 */
#include <signal.h>
#include <stdint.h>

#include "beacon.h"
#include "json_decode.h"

struct report_node {
	struct beacon	*b;
	volatile sig_atomic_t *stop;	/* the run's: set by SIGINT and SIGTERM */
	struct jd_genesis gen;
	struct jd_timing tim;
	uint64_t	 head_slot, head_epoch;
};

/* Open the client; stop is checked by every wait.  One-line errors. */
int	report_node_open(struct report_node *n, const struct beacon_opts *o,
	    volatile sig_atomic_t *stop);
void	report_node_close(struct report_node *n);

/*
 * A request that must answer 200, with an answer of at most max_bytes (0:
 * beacon.h's small default): UC_OK, or a one-line error and its status.
 * The caller releases req->resp either way.
 */
int	report_node_get(struct report_node *n, const char *method, const char *path,
	    char *body, uint64_t max_bytes, struct beacon_req *req);
/*
 * A GET whose refusal is an answer (404: no block), not an error: UC_OK
 * and the status in *status (0 when the transfer failed); an answer over
 * its cap is UC_EPROTO, said.  The caller releases req->resp.
 */
int	report_node_ask(struct report_node *n, const char *path, struct beacon_req *req,
	    long *status);
/* One line for a request that did not succeed, and its status. */
int	report_node_error(const struct report_node *n, const struct beacon_req *req);
/* The node's message in an error body, with no secret in it.  Caller frees. */
char	*report_node_message(const struct report_node *n, const struct beacon_req *req);

/* Genesis, the slot timing and the head, into n. */
int	report_node_timing(struct report_node *n);
/* The head's slot now. */
int	report_node_head(struct report_node *n, uint64_t *slot);
double	report_node_epoch_s(const struct report_node *n);

#endif
