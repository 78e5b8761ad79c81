#ifndef UC_REPORT_SYNC_H
#define UC_REPORT_SYNC_H

/*
 * Sync-committee duties of the watched validators: each period's
 * committee from the node (stored once), then, for the epochs where a
 * watched validator sits in it, the node's sync-committee rewards of
 * every slot, checked against the spec before they are believed, and
 * stored per epoch.  Private to the report command.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "epoch.h"
#include "json_decode.h"
#include "report_node.h"
#include "report_set.h"
#include "store.h"

/* A watched validator in a period's committee, and its seats there. */
struct sync_member {
	uint64_t index;
	uint32_t seats;
};

/*
 * The watched members of one period's committee, as the store has it,
 * then up to SYNC_WITNESSES others with the fewest seats, whose rewards
 * fix the per-seat reward (report_sync_judge).
 */
#define SYNC_WITNESSES	4
struct sync_period {
	uint64_t	 first;		/* the period's first epoch; UINT64_MAX: none */
	bool		 known;		/* the store holds its committee */
	struct sync_member *m;		/* the watched, sorted by index; then witnesses */
	size_t		 n, nw;		/* watched members, witnesses */
};

struct report_sync {
	/* given */
	struct report_node	*node;
	const struct report_set	*set;
	struct store		*st;
	/* what came of it: epochs of the range, and the first cause of each */
	uint64_t		 no_committee;	/* the node did not serve the committee */
	uint64_t		 unserved;	/* nor the rewards of a slot */
	uint64_t		 untrusted;	/* rewards that cannot be rewards */
	bool			 no_route;	/* rewards 404 where a block is: not served */
	char			 committee_msg[400], unserved_msg[400];
	char			 untrusted_msg[400];
	struct sync_period	 cur;		/* the last period looked at */
};

/*
 * Fetch and store the sync duties of epochs from..to the store lacks,
 * for the epochs whose slots have all passed.  Nothing to do when the
 * node's spec names no sync committee.  UC_OK, or a failure (said).
 */
int	report_sync_fetch(struct report_sync *s, uint64_t from, uint64_t to);

/*
 * The watched members' sync duties of epoch e, from the store: *known
 * false when they are not all stored (the committee or the rewards were
 * not served); else *d (caller frees) holds one entry per watched member,
 * *n of them, none when no watched validator sat in the committee.
 */
int	report_sync_epoch(struct report_sync *s, uint64_t e, struct sync_duty **d,
	    size_t *n, bool *known);

/* One warning per cause of what is missing or untrusted. */
void	report_sync_say(const struct report_sync *s);
void	report_sync_release(struct report_sync *s);

/*
 * The most any validator can earn or lose per seat in a slot under spec:
 * BASE_REWARD_FACTOR x sqrt(total active balance) x SYNC_REWARD_WEIGHT /
 * WEIGHT_DENOMINATOR / SLOTS_PER_EPOCH / SYNC_COMMITTEE_SIZE, with the
 * balance at its 2^64 gwei limit.  Exposed for the tests.
 */
uint64_t report_sync_seat_max_gwei(const struct jd_sync_spec *sp,
	    uint64_t slots_per_epoch);

/*
 * Judge one epoch's answers against the spec: nslots slots with a block,
 * rew[j * n + k] member k's reward at the j-th of them, the first
 * nwatched members watched and the rest witnesses (committee members
 * asked for only to fix the per-seat reward p: a one-seat member's reward
 * is always p or -p).  Each reward must be the member's seats times the
 * same p for the seats that took part, less p for each that did not, and
 * p above 0.  Fills d[k] for the watched and returns true, or false with
 * why in why[] (then d[k].known is false).  Exposed for the tests.
 */
bool	report_sync_judge(const struct sync_member *m, size_t n, size_t nwatched,
	    const int64_t *rew, size_t nslots, uint64_t seat_max_gwei, struct sync_duty *d,
	    char *why, size_t whylen);

#endif
