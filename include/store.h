#ifndef UC_STORE_H
#define UC_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The report's local history: an append-only file of per-epoch records,
 * one per fetched epoch, each holding every watched validator's rewards.
 * One file per network, keyed by the genesis validators root in its
 * header.  Records carry a length and a CRC-32C: every record is checked
 * when it is read, and one that fails is named on stderr, left out of the
 * index (so its epoch is fetched again) and never takes the records after
 * it; only a tail torn by an interrupted append is cut off.  Several
 * uptimecalc processes may share a store: each append takes a lock for
 * the length of one write, reading takes none.  Durability: see store.c.
 */
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

/* The most effective balances one record holds: more would be a bug. */
#define STORE_MAX_IDEALS	64

struct store;

/*
 * Open or create path for the network with this genesis validators root
 * (0x + 64 hex).  A store of another network is an error (UC_EUSAGE), a
 * file that is not a store UC_EDATA.  A torn last record is cut off, and
 * damaged bytes are skipped to the next good record, with a warning.
 */
int	store_open(struct store **out, const char *path, const char *gvr_hex);
/* Sync what was appended (UC_EIO if that fails) and free s.  NULL is fine. */
int	store_close(struct store *s);
/* Make every record appended so far durable: fdatasync.  UC_OK or UC_EIO. */
int	store_sync(struct store *s);

/*
 * Index the records that cover every validator in watch (sorted, unique)
 * for epochs from..to.  The latest such record of an epoch wins.  Memory
 * is one offset per epoch of the range.
 */
int	store_index(struct store *s, const uint64_t *watch, size_t nwatch,
	    uint64_t from, uint64_t to);
bool	store_has(const struct store *s, uint64_t epoch);

/*
 * Read the indexed record of epoch into r; r->v is realloc'd as needed.
 * A record that fails its checks is named on stderr and dropped from the
 * index (store_has is then false): UC_EDATA, and the caller fetches the
 * epoch again or goes without it.  Other errors are I/O errors (UC_EIO).
 */
int	store_read(struct store *s, uint64_t epoch, struct epoch_result *r);

/* What a validator of one effective balance could earn in an epoch. */
struct ideal_eb {
	uint32_t eb_increments;
	int32_t	 head, target, source;
};

/* An epoch with the expected entries left out: see store_read_except. */
struct epoch_except {
	struct epoch_result r;		/* the other watched validators */
	uint32_t	*at;		/* each one's place in the watched set */
	struct ideal_eb	 ideal[STORE_MAX_IDEALS];	/* the record's, per balance */
	size_t		 nideal;
};

/*
 * Read the indexed record of epoch, leaving out the watched validators
 * that earned exactly the ideal of the effective balance expect[w] (w
 * the validator's place in the watched set; UINT32_MAX expects nothing).
 * x->r holds every other watched validator, sorted, one absent from the
 * record as a validator without duty; x->at[i] is x->r.v[i]'s place in
 * the watched set.  Reading a summary this way writes only what is
 * unusual.  Free x->r.v and x->at.  Statuses as store_read.
 */
int	store_read_except(struct store *s, uint64_t epoch, const uint32_t *expect,
	    struct epoch_except *x);
/*
 * An epoch's record built in memory (store_pack.c), where it is cheap to
 * build: in a decode thread, off the store's lock.  pack_begin, then one
 * call per validator of the set in index order, then pack_end seals it
 * (CRC included).  The entry calls return UC_OK or the first refusal,
 * already said; after a refusal the pack takes nothing more.
 */
struct store_pack {
	uint64_t	 epoch;
	uint64_t	 fingerprint;	/* of its validator set: store_fingerprint */
	uint32_t	*index, *flags;	/* per entry, host order */
	size_t		 n, cap;
	uint8_t		*longs;		/* the long entries, encoded */
	size_t		 nlong, caplong;
	struct ideal_eb	 ideal[STORE_MAX_IDEALS];	/* per balance class */
	uint32_t	 exact_flags[STORE_MAX_IDEALS];	/* per class: its exact entries' */
	size_t		 nideal, last_cls;
	uint8_t		*rec;		/* after pack_end: the record, magic to CRC */
	size_t		 rec_len, rec_cap;
	int		 err;		/* the first refusal, or UC_OK */
};
uint64_t store_fingerprint(const uint64_t *idx, size_t n);
/* n is a hint: the number of validators to come.  Reuses p's memory. */
void	pack_begin(struct store_pack *p, uint64_t epoch, uint64_t fingerprint,
	    size_t n);
void	pack_release(struct store_pack *p);
/* The class of an EB's ideal, declared before its first entry; -1 refused. */
int	pack_ideal_eb(struct store_pack *p, uint64_t eb_increments, int32_t head,
	    int32_t target, int32_t source);
int	pack_absent(struct store_pack *p, uint64_t index);	/* no duty */
int	pack_exact_slow(struct store_pack *p, uint64_t index, int cls);
/*
 * One that earned exactly its class's ideal, as most do: inline, as it
 * runs once per validator per epoch, the checks in pack_exact_slow.
 */
static inline int
pack_exact(struct store_pack *p, uint64_t index, int cls)
{
	if (p->n < p->cap && index <= UINT32_MAX && p->err == 0 && cls >= 0 &&
	    (size_t)cls < p->nideal) {
		p->index[p->n] = (uint32_t)index;
		p->flags[p->n++] = p->exact_flags[cls];
		return 0;
	}
	return pack_exact_slow(p, index, cls);
}
int	pack_other(struct store_pack *p, uint64_t index, int cls, int32_t head,
	    int32_t target, int32_t source, int64_t inactivity);
int	pack_end(struct store_pack *p);

/* Append a sealed pack (durable at the next sync: see store.c). */
int	store_append_pack(struct store *s, const struct store_pack *p);
/* x as store_read_except would read the pack's record once appended. */
int	store_read_pack(struct store *s, const struct store_pack *p,
	    const uint32_t *expect, struct epoch_except *x);

/* A block proposal duty and what came of it. */
enum { PROPOSAL_MISSED = 0, PROPOSAL_MADE = 1, PROPOSAL_UNKNOWN = 2 };
struct proposal {
	uint64_t slot;
	uint64_t index;
	int	 outcome;
};

/*
 * Append an epoch's proposer duties (every proposer of the epoch; the
 * outcome known for the watched ones once their slots have passed).
 */
int	store_append_proposals(struct store *s, uint64_t epoch,
	    const struct proposal *p, size_t n);

/*
 * The latest proposal record of an indexed epoch into *out (caller frees)
 * and *n: UC_OK, with *n = 0 and *out NULL when there is none.  Statuses
 * as store_read.
 */
int	store_proposals(struct store *s, uint64_t epoch, struct proposal **out,
	    size_t *n);

/* The default path: $XDG_DATA_HOME/uptimecalc/<root>.store.  Caller frees. */
char	*store_default_path(const char *gvr_hex);

#endif
