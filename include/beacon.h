#ifndef UC_BEACON_H
#define UC_BEACON_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

/*
 * A Beacon API client: requests run concurrently through libcurl's multi
 * interface with a bounded number in flight; timeouts, 5xx and 429 are
 * retried with backoff a bounded number of times.  Credentials (basic
 * auth, a base path and a query in the URL, --header values) never appear
 * in anything this module returns for display: show beacon_display_url
 * as it is, and pass what comes from outside (the node's words, curl's
 * errors) through beacon_redact.
 */
struct beacon_opts {
	const char	*url;		/* base URL (url.h), or several, comma-
					 * separated; may hold secrets */
	char *const	*headers;	/* "Name: value" */
	size_t		 nheaders;
	int		 concurrency;	/* requests in flight, >= 1 */
	double		 timeout_s;	/* per attempt */
	int		 retries;	/* extra attempts after the first */
	uint64_t	 max_response_bytes;	/* raises every request's cap to at
					 * least this (--max-response); 0: none */
};

/*
 * The cap of a request that names none: genesis, spec, header and duties
 * answers are a few KB (the devnet's config/spec, the largest, 5.4 KB;
 * proposer duties for 32 slots about 6 KB), so 1 MiB leaves room for
 * any node's formatting and forks to come.
 */
#define BEACON_SMALL_MAX_BYTES	((uint64_t)1 << 20)

struct beacon;

struct beacon_req {
	const char	*method;	/* "GET" or "POST" */
	char		 path[256];	/* after the base URL, e.g. /eth/v1/... */
	char		*body;		/* POST body, caller-owned; NULL for GET */
	long		 tag;		/* the caller's, e.g. the epoch */
	int		 once;		/* a probe: no retries */
	/*
	 * The largest body accepted, counted after decompression; 0 for
	 * BEACON_SMALL_MAX_BYTES.  The client raises it to the options'
	 * max_response_bytes when that is larger.
	 */
	uint64_t	 max_bytes;
	int		 node;		/* 0: any node; else node - 1 only */
	/* filled in by the client */
	int		 node_answered;	/* the node of the last attempt, + 1 */
	long		 status;	/* HTTP status; 0 when the transfer failed */
	int		 too_large;	/* the body passed max_bytes: abandoned, not
					 * retried; status is 0 */
	struct strbuf	 resp;		/* response body; a next() callback may
					 * give an empty one with room to reuse */
	char		 err[256];	/* transport error, redacted */
	int		 attempts;
	double		 retry_after_s;	/* from a 429's Retry-After */
};

/* Check the URL and set up; one-line errors name only the redacted URL. */
int	beacon_open(struct beacon **out, const struct beacon_opts *o);
void	beacon_close(struct beacon *b);
/*
 * At most n transfers at once from now on (at least 1, never more than
 * beacon_open was given): bodies in flight are memory.
 */
void	beacon_limit_concurrency(struct beacon *b, int n);

/*
 * scheme://host[:port] of the base URL, plus "/..." when it has a path:
 * no secret by construction, so shown unredacted.  Borrowed.
 */
const char *beacon_display_url(const struct beacon *b);

/*
 * Replace every secret of the URL (url.h) and every --header value in s,
 * however short, with "***".  For text from outside only: what this
 * program builds holds none.  Caller frees.
 */
char	*beacon_redact(const struct beacon *b, const char *s);

/*
 * Fill *req with the next request, returning 1, or 0 when there are none.
 * Done sees every request once it has its final answer (after retries); a
 * status other than UC_OK stops the run.  The client owns req between the
 * two calls and releases req->resp after done.
 */
typedef int (*beacon_next_fn)(void *ctx, struct beacon_req *req);
typedef int (*beacon_done_fn)(void *ctx, struct beacon_req *req);

/*
 * Run requests until next has none, done says stop, or *stop is set (a
 * signal): then in-flight transfers are abandoned and UC_ETEMPFAIL is
 * returned.  Returns done's status when it stopped the run.
 */
int	beacon_run(struct beacon *b, beacon_next_fn next, beacon_done_fn done,
	    void *ctx, volatile sig_atomic_t *stop);

/* One request, retried as above.  The caller releases req->resp. */
int	beacon_fetch(struct beacon *b, struct beacon_req *req,
	    volatile sig_atomic_t *stop);

/*
 * Several nodes (--beacon A,B): each request goes to the next node in
 * turn that is not resting; a node that cannot be reached (or whose
 * gateway says so: 502, 503, 504) rests NODE_REST_S seconds while another
 * takes the retry at once.  The caller may rest a node itself (one behind
 * the others).  A node is up while its last attempt was not such a failure.
 */
#define BEACON_MAX_NODES	16
size_t	beacon_nodes(const struct beacon *b);
/* A node's display URL (no secret), and whether its last answer was one. */
const char *beacon_node_url(const struct beacon *b, size_t node);
bool	beacon_node_up(const struct beacon *b, size_t node);
void	beacon_node_rest(struct beacon *b, size_t node, double seconds);
bool	beacon_node_resting(const struct beacon *b, size_t node);
/*
 * A node's answers so far by HTTP status code, BEACON_CODES of them (every
 * attempt, retries too); code 0 counts transfers that failed without one.
 * Borrowed, for metrics.
 */
#define BEACON_CODES	600
const uint64_t *beacon_node_answers(const struct beacon *b, size_t node);
/* Whether a 404/500 body says the node no longer holds the state. */
int	beacon_is_pruned(const struct beacon_req *req);

#endif
