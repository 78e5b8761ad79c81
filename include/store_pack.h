#ifndef UC_STORE_PACK_H
#define UC_STORE_PACK_H

/*
 * An epoch's store record built in memory (store_pack.c), where it is
 * cheap to build: in a decode thread, off the store's lock.
 * store_pack_begin, then one call per validator of the set in index
 * order, then store_pack_end seals it (CRC included); store_append_pack
 * (store.h) writes it.  The entry calls return UC_OK or the first
 * refusal, already said; after a refusal the pack takes nothing more.
 */
#include <stddef.h>
#include <stdint.h>

#include "epoch.h"

struct store_pack {
	uint64_t	 epoch;
	uint64_t	 fingerprint;	/* of its validator set: store_fingerprint */
	uint32_t	*index, *flags;	/* per entry, host order */
	size_t		 n, cap;
	uint8_t		*longs;		/* the long entries, encoded */
	size_t		 nlong, caplong;
	struct ideal_eb	 ideal[EPOCH_MAX_IDEALS];	/* per balance class */
	uint32_t	 exact_flags[EPOCH_MAX_IDEALS];	/* per class: its exact entries' */
	size_t		 nideal, last_cls;
	uint8_t		*rec;		/* after store_pack_end: the record, magic to CRC */
	size_t		 rec_len, rec_cap;
	int		 err;		/* the first refusal, or UC_OK */
};

/* FNV-1a over the sorted indices: a name for a validator set.  Pure. */
uint64_t store_fingerprint(const uint64_t *idx, size_t n);

/* n is a hint: the number of validators to come.  Reuses p's memory. */
void	store_pack_begin(struct store_pack *p, uint64_t epoch, uint64_t fingerprint,
	    size_t n);
void	store_pack_release(struct store_pack *p);
/* The class of an EB's ideal, declared before its first entry; -1 refused. */
int	store_pack_ideal(struct store_pack *p, uint64_t eb_increments, int32_t head,
	    int32_t target, int32_t source);
int	store_pack_absent(struct store_pack *p, uint64_t index);	/* no duty */
int	store_pack_exact_slow(struct store_pack *p, uint64_t index, int cls);
/*
 * One that earned exactly its class's ideal, as most do: inline, as it
 * runs once per validator per epoch, the checks in store_pack_exact_slow.
 */
static inline int
store_pack_exact(struct store_pack *p, uint64_t index, int cls)
{
	if (p->n < p->cap && index <= UINT32_MAX && p->err == 0 && cls >= 0 &&
	    (size_t)cls < p->nideal) {
		p->index[p->n] = (uint32_t)index;
		p->flags[p->n++] = p->exact_flags[cls];
		return 0;
	}
	return store_pack_exact_slow(p, index, cls);
}
/* One that earned otherwise; inactivity beyond 2^41 gwei is refused. */
int	store_pack_other(struct store_pack *p, uint64_t index, int cls, int32_t head,
	    int32_t target, int32_t source, int64_t inactivity);
/*
 * One without duty that was still charged: a slashed validator after its
 * exit stays eligible for penalties until it is withdrawable.
 */
int	store_pack_penalty(struct store_pack *p, uint64_t index, int32_t head,
	    int32_t target, int32_t source, int64_t inactivity);
int	store_pack_end(struct store_pack *p);

#endif
