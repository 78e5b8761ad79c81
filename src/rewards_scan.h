#ifndef UC_REWARDS_SCAN_H
#define UC_REWARDS_SCAN_H

/*
 * The attestation rewards body, /eth/v1/beacon/rewards/attestations/
 * {epoch}: its fields and what each may hold, and the single-pass scanner
 * that reads what nodes send.  Private to json_decode.c, whose reference
 * decoder reads the same fields through cJSON and has the last word.
 *
 * ideal_rewards entries are read for effective_balance and the three flag
 * rewards, total_rewards entries for validator_index, the flag rewards and
 * inactivity (optional, added in 2023 by beacon-APIs #340); other members
 * are not read.  A value is a JSON string of decimal digits; the signed
 * fields may start with '-' and, as Lodestar 1.22 writes them, end in a
 * decimal fraction.
 */
#include <stdbool.h>
#include <stdint.h>

#include "json_decode.h"

/*
 * Bounds of what a node can mean.  No effective balance exceeds the
 * maximum, 2048 ETH since Electra (EIP-7251); 2^41 gwei is 2199 ETH.  An
 * epoch's inactivity penalty is effective balance x score / 2^26: more
 * than the balance would take a score of 2^26, centuries of leak, and the
 * validator is ejected at 16 ETH long before; so |inactivity| <= 2^41
 * gwei too.  A flag reward (head, target, source) is a fraction of one
 * base reward, thousands of gwei: int32 holds it, as the store does.  The
 * store holds 32-bit validator indices (store_record refuses larger ones).
 */
#define MAX_BALANCE_GWEI	(UINT64_C(1) << 41)
#define MAX_INDEX		UINT32_MAX

enum { RW_INDEX, RW_EB, RW_HEAD, RW_TARGET, RW_SOURCE, RW_INACT, RW_N };
struct rewards_field {
	const char	*name;
	int64_t		 lo, hi;
	const char	*range;		/* lo..hi, for a message */
	bool		 lodestar;	/* a '-' and a fraction may be written */
};
extern const struct rewards_field rewards_fields[RW_N];
#define RW_FLAGS	(1u << RW_HEAD | 1u << RW_TARGET | 1u << RW_SOURCE)
#define RW_READ_IDEAL	(1u << RW_EB | RW_FLAGS)
#define RW_READ_TOTAL	(1u << RW_INDEX | RW_FLAGS | 1u << RW_INACT)
#define RW_OPTIONAL	(1u << RW_INACT)
/* Digits beyond this magnitude are out of every field's range. */
#define RW_MAG_CAP	(UINT64_C(1) << 50)

static inline bool
rewards_digit(char c)
{
	return (unsigned)(c - '0') < 10;
}

/* Set r->total_in_order from its entries. */
void	rewards_set_in_order(struct jd_att_rewards *r);

/*
 * Read the whole body buf (buf[len] is NUL) into r: true when the scanner
 * vouches for what it read, false when the reference is to read it (r may
 * then hold arrays to release).  Never says why: see rewards_scan.c.
 */
bool	rewards_scan(const char *buf, size_t len, struct jd_att_rewards *r);

#endif
