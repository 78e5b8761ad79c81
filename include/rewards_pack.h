#ifndef UC_REWARDS_PACK_H
#define UC_REWARDS_PACK_H

/*
 * One epoch's attestation rewards response (json_decode.h) -> the store
 * record of the watched validators (store_pack.h).
 */
#include <stddef.h>
#include <stdint.h>

#include "json_decode.h"

struct store_pack;

/* A watched validator as packing reads it: 32 bytes, no pubkey. */
struct watched {
	uint64_t index;
	uint64_t eb_gwei;		/* in the head state */
	uint64_t activation_epoch;
	uint64_t exit_epoch;		/* FAR_FUTURE_EPOCH = UINT64_MAX */
};

/* A validator from the validators endpoint, as packing reads it. */
static inline struct watched
watched_of(const struct jd_validator *v)
{
	return (struct watched){ v->index, v->eb_gwei, v->activation_epoch,
	    v->exit_epoch };
}

/*
 * Pack epoch's response rw for the validators vals (sorted by index;
 * effective balance, activation and exit from the head state) into p,
 * sealed; fingerprint is store_fingerprint of their indices.  A validator
 * absent from the response, or outside its active epochs, has no duty.
 * Sorts rw's arrays in place.  UC_OK, or UC_EPROTO with one line naming
 * endpoint (no ideal for a validator's balance, a reward no epoch pays,
 * an entry the record cannot hold).
 */
int	rewards_pack(uint64_t epoch, struct jd_att_rewards *rw,
	    const struct watched *vals, size_t n, uint64_t fingerprint,
	    const char *endpoint, struct store_pack *p);

#endif
