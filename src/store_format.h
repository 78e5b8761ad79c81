#ifndef UC_STORE_FORMAT_H
#define UC_STORE_FORMAT_H

/*
 * The store's file format, private to the store: its file (store.c, the
 * walk in store_walk.c) and its record codec (store_pack.c).  Layout,
 * little-endian:
 *
 *   header   "UCSTORE5" | 32-byte genesis validators root | 24 bytes zero
 *            ("UCSTORE4", the same without sync records, is taken and its
 *            header rewritten: a binary of that version would cut the
 *            record kinds it does not know as a torn tail)
 *   record   u32 magic "UCR4" | u32 payload length | payload | u32 crc32c
 *   payload  u64 epoch | u64 set fingerprint | u32 count | u32 nideal |
 *            nideal x ideal | count x u32 index | count x u32 flags |
 *            one long entry per flags without bit 1, in order
 *   ideal    u32 EB increments | i32 head | i32 target | i32 source  (16 bytes)
 *   flags    duty (bit 0), ideal (bit 1), EB increments << 16; neither
 *            bit: no duty, but charged (a slashed validator after its
 *            exit, until withdrawable), its long entry what it was charged
 *   long     i32 head | i32 target | i32 source | i64 inactivity  (20 bytes)
 *            (an attestation that earned exactly its ideal, as most do, is
 *            its index and flags alone: 8 bytes, else 28)
 *   or, for proposer duties:
 *   record   u32 magic "UCP2" | u32 payload length | payload | u32 crc32c
 *   payload  u64 epoch | u32 count | u32 zero | count x duty
 *   duty     u64 slot | u32 proposer | u32 outcome (0 missed, 1 made,
 *            2 not yet known)                                   (16 bytes)
 *   or, for a sync committee (the whole committee of a period, as the
 *   node lists it: a validator holds one seat per time it is listed):
 *   record   u32 magic "UCM1" | u32 payload length | payload | u32 crc32c
 *   payload  u64 the period's first epoch | u32 count | u32 zero |
 *            count x u32 validator index
 *   or, for an epoch's sync-committee duties of watched members:
 *   record   u32 magic "UCY1" | u32 payload length | payload | u32 crc32c
 *   payload  u64 epoch | u32 count | u32 zero | count x sync entry
 *   sync     u32 index | u8 slots with a block | u8 slots missed |
 *            u8 flags (bit 0: reward and misses known) | u8 zero |
 *            i64 reward gwei                                    (16 bytes)
 *
 * Ideal rewards depend only on the effective balance, so a record holds
 * each EB's once.  The fingerprint names the record's validator set, so
 * indexing a store for the same set skips reading entries.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>

#include "epoch.h"

#define STORE_FILE_MAGIC	"UCSTORE5"
#define STORE_FILE_MAGIC_4	"UCSTORE4"
#define HEADER_SIZE	64
#define RECORD_MAGIC	0x34524355u	/* "UCR4" */
#define PROPOSAL_MAGIC	0x32504355u	/* "UCP2" */
#define MEMBERS_MAGIC	0x314d4355u	/* "UCM1" */
#define SYNC_MAGIC	0x31594355u	/* "UCY1" */
#define SYNC_SIZE	16
#define SYNC_KNOWN	1u
#define DUTY_SIZE	16
#define ENTRY_SHORT	8		/* index and flags */
#define LONG_SIZE	20
#define F_DUTY		1u
#define F_IDEAL		2u
#define IDEAL_SIZE	16
#define PAYLOAD_HEAD	24
/* Bounds on a record's counts: no real record comes near them. */
#define STORE_MAX_ENTRIES	(1u << 20)	/* watched validators: 1,000,000 at most */
#define STORE_MAX_DUTIES	(1u << 16)	/* proposers of one epoch: a slot each */
#define STORE_MAX_SEATS		(1u << 16)	/* a sync committee: 512 on mainnet */
/*
 * The largest inactivity penalty a long entry holds: 2^41 gwei is more
 * than any validator's effective balance (2048 ETH since Electra), and a
 * penalty is a small part of it.  A bound on every amount read back keeps
 * sums of them far from overflow.
 */
#define STORE_MAX_PENALTY_GWEI	(INT64_C(1) << 41)

/* Little-endian on disk; a plain copy where the CPU is little-endian too. */
static inline void
put_u32(uint8_t *p, uint32_t v)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	memcpy(p, &v, 4);
#else
	p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24);
#endif
}

static inline void
put_u64(uint8_t *p, uint64_t v)
{
	put_u32(p, (uint32_t)v);
	put_u32(p + 4, (uint32_t)(v >> 32));
}

static inline uint32_t
get_u32(const uint8_t *p)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
#else
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
#endif
}

static inline uint64_t
get_u64(const uint8_t *p)
{
	return (uint64_t)get_u32(p) | (uint64_t)get_u32(p + 4) << 32;
}

/* A record's header: the 8 bytes before its payload and the payload's first. */
struct store_head {
	uint32_t magic, len;
	uint64_t epoch;
	uint64_t fingerprint;		/* attestation records */
	uint32_t count;
	uint32_t nideal;		/* the other kinds: the zero word */
};
#define HEAD_MAX	(8 + PAYLOAD_HEAD)	/* the longer of the two shapes */
#define HEAD_PROPOSAL	(8 + 16)	/* proposal, members and sync records */

/* Whether a record of this kind has the short header (HEAD_PROPOSAL). */
static inline bool
store_short_head(uint32_t magic)
{
	return magic == PROPOSAL_MAGIC || magic == MEMBERS_MAGIC || magic == SYNC_MAGIC;
}

/* Whether magic names any kind of record. */
static inline bool
store_known_magic(uint32_t magic)
{
	return magic == RECORD_MAGIC || store_short_head(magic);
}

/* The record's whole size in the file: header, payload, CRC. */
static inline off_t
store_rec_size(const struct store_head *h)
{
	return 8 + (off_t)h->len + 4;
}

/* The watched set, as reading a record needs it. */
struct store_set {
	const uint64_t	*watch;		/* sorted, unique */
	size_t		 nwatch;
	uint64_t	 fp;		/* store_fingerprint of it */
	uint8_t		*le;		/* the same as a record's index array */
};

/*
 * Whether a header's lengths agree with each other (store_pack.c).  Any
 * one flipped bit of a length or a count breaks this.
 */
bool	store_pack_consistent(const struct store_head *h);

/*
 * A record whose checksum held, read back for the watched set from its
 * payload (the epoch on): whole into r, or for a summary leaving out the
 * validators that earned what expect says (store_read_except in store.h).
 * False when the record cannot back what it was asked for: damaged.
 */
bool	store_pack_read(const uint8_t *payload, const struct store_head *h,
	    const struct store_set *set, struct epoch_result *r);
bool	store_pack_read_except(const uint8_t *payload, const struct store_head *h,
	    const struct store_set *set, const uint32_t *expect, struct epoch_except *x);

#endif
