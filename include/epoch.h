#ifndef UC_EPOCH_H
#define UC_EPOCH_H

/*
 * What one epoch of watched validators did, as the store gives it back
 * and the report model (report.c) counts it: each validator's attestation
 * rewards beside the ideal of its effective balance, and the epoch's block
 * proposals.  Plain data: no functions.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vresult {
	uint64_t index;
	int64_t	 inactivity;
	/* A flag reward is a fraction of one base reward: int32 holds any. */
	int32_t	 head, target, source;
	int32_t	 ideal_head, ideal_target, ideal_source;
	uint32_t eb_increments;		/* effective balance the ideal is for */
	bool	 duty;			/* present in the rewards response */
};

struct epoch_result {
	uint64_t	 epoch;
	size_t		 n;
	struct vresult	*v;		/* sorted by index */
};

/* The most effective balances one epoch holds: more would be a bug. */
#define EPOCH_MAX_IDEALS	64

/* What a validator of one effective balance could earn in an epoch. */
struct ideal_eb {
	uint32_t eb_increments;
	int32_t	 head, target, source;
};

/*
 * An epoch with the validators that earned what was expected of them
 * left out (store_read_except): what a summary needs to read.
 */
struct epoch_except {
	struct epoch_result r;		/* the other watched validators */
	uint32_t	*at;		/* each one's place in the watched set */
	struct ideal_eb	 ideal[EPOCH_MAX_IDEALS];	/* the epoch's, per balance */
	size_t		 nideal;
};

/* A block proposal duty and what came of it. */
enum { PROPOSAL_MISSED = 0, PROPOSAL_MADE = 1, PROPOSAL_UNKNOWN = 2 };
struct proposal {
	uint64_t slot;
	uint64_t index;
	int	 outcome;
};

/*
 * A sync-committee member's duty in one epoch: the slots of the epoch
 * with a block (each one a duty), those whose sync reward fell short of
 * the member's seats (a seat missed), and the sum of its sync rewards.
 * known is false when the node's rewards could not be trusted: then only
 * slots holds.
 */
struct sync_duty {
	uint64_t index;
	uint8_t	 slots, missed;
	bool	 known;
	int64_t	 reward_gwei;
};

#endif
