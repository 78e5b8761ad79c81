/*
 * One epoch's store record, encoded in memory (store_format.h).  A decode
 * thread packs an epoch while other responses download, and the store
 * only writes the finished bytes: the encoding, CRC included, is off the
 * store's lock.  Entries go straight from the rewards response into the
 * record's arrays, without an intermediate per-validator result.
 */
#include <stdlib.h>
#include <string.h>

#include "crc32c.h"
#include "diag.h"
#include "store.h"
#include "store_format.h"
#include "util.h"

/* FNV-1a over the sorted indices: a name for a validator set. */
uint64_t
store_fingerprint(const uint64_t *idx, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;
	int k;

	for (i = 0; i < n; i++)
		for (k = 0; k < 8; k++) {
			h ^= (idx[i] >> (8 * k)) & 0xff;
			h *= 1099511628211ULL;
		}
	return h ^ n;
}

void
pack_begin(struct store_pack *p, uint64_t epoch, uint64_t fingerprint, size_t n)
{
	p->epoch = epoch;
	p->fingerprint = fingerprint;
	p->n = 0;
	p->nlong = 0;
	p->nideal = 0;
	p->last_cls = 0;
	p->rec_len = 0;
	p->err = UC_OK;
	if (n > p->cap) {
		p->index = xrealloc(p->index, n * sizeof(*p->index));
		p->flags = xrealloc(p->flags, n * sizeof(*p->flags));
		p->cap = n;
	}
}

void
pack_release(struct store_pack *p)
{
	free(p->index);
	free(p->flags);
	free(p->longs);
	free(p->rec);
	memset(p, 0, sizeof(*p));
}

static int
refuse(struct store_pack *p, int rc)
{
	if (p->err == UC_OK)
		p->err = rc;
	return rc;
}

int
pack_ideal_eb(struct store_pack *p, uint64_t eb_increments, int32_t head,
    int32_t target, int32_t source)
{
	size_t j = p->last_cls;

	if (p->err != UC_OK)
		return -1;
	/* Most validators share the last one's balance: try it first. */
	if (j >= p->nideal || p->ideal[j].eb_increments != eb_increments)
		for (j = 0; j < p->nideal && p->ideal[j].eb_increments != eb_increments;
		    j++)
			;
	if (j == p->nideal) {
		if (eb_increments > 0xffff) {
			refuse(p, diag_error(UC_EPROTO, "epoch %llu: effective balance "
			    "out of range", (unsigned long long)p->epoch));
			return -1;
		}
		if (p->nideal == NELEM(p->ideal)) {
			refuse(p, diag_error(UC_EPROTO, "epoch %llu: more than %d "
			    "distinct effective balances among the watched validators",
			    (unsigned long long)p->epoch, (int)NELEM(p->ideal)));
			return -1;
		}
		p->exact_flags[p->nideal] = F_DUTY | F_IDEAL | (uint32_t)eb_increments << 16;
		p->ideal[p->nideal++] = (struct ideal_eb){ (uint32_t)eb_increments,
		    head, target, source };
	} else if (p->ideal[j].head != head || p->ideal[j].target != target ||
	    p->ideal[j].source != source) {
		refuse(p, diag_error(UC_EPROTO, "epoch %llu: two ideals for one "
		    "effective balance", (unsigned long long)p->epoch));
		return -1;
	}
	p->last_cls = j;
	return (int)j;
}

/* The next entry's index and flags; UC_OK or the refusal. */
static inline int
entry(struct store_pack *p, uint64_t index, uint32_t flags)
{
	if (p->err != UC_OK)
		return p->err;
	if (index > UINT32_MAX)
		return refuse(p, diag_error(UC_EPROTO, "epoch %llu: validator index "
		    "%llu out of range", (unsigned long long)p->epoch,
		    (unsigned long long)index));
	if (p->n == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 64;
		p->index = xrealloc(p->index, p->cap * sizeof(*p->index));
		p->flags = xrealloc(p->flags, p->cap * sizeof(*p->flags));
	}
	p->index[p->n] = (uint32_t)index;
	p->flags[p->n++] = flags;
	return UC_OK;
}

int
pack_absent(struct store_pack *p, uint64_t index)
{
	/* Without duty there is nothing to hold: no long entry. */
	return entry(p, index, F_IDEAL);
}

/* A class pack_ideal_eb gave: anything else is the caller's mistake. */
static inline int
bad_class(struct store_pack *p, int cls)
{
	if (cls >= 0 && (size_t)cls < p->nideal)
		return UC_OK;
	return refuse(p, p->err != UC_OK ? p->err : diag_error(UC_ESOFTWARE,
	    "epoch %llu: an entry of no known balance", (unsigned long long)p->epoch));
}

int
pack_exact_slow(struct store_pack *p, uint64_t index, int cls)
{
	if (bad_class(p, cls) != UC_OK)
		return p->err;
	return entry(p, index, p->exact_flags[cls]);
}

int
pack_other(struct store_pack *p, uint64_t index, int cls, int32_t head,
    int32_t target, int32_t source, int64_t inactivity)
{
	uint8_t *l;
	int rc;

	if (bad_class(p, cls) != UC_OK)
		return p->err;
	if (inactivity < -STORE_MAX_PENALTY_GWEI || inactivity > STORE_MAX_PENALTY_GWEI)
		return refuse(p, diag_error(UC_EPROTO, "epoch %llu: validator %llu: an "
		    "inactivity penalty of %lld gwei, beyond any balance",
		    (unsigned long long)p->epoch, (unsigned long long)index,
		    (long long)inactivity));
	if ((rc = entry(p, index, F_DUTY | p->ideal[cls].eb_increments << 16)) !=
	    UC_OK)
		return rc;
	if (p->nlong == p->caplong) {
		p->caplong = p->caplong ? 2 * p->caplong : 256;
		p->longs = xrealloc(p->longs, p->caplong * LONG_SIZE);
	}
	l = p->longs + p->nlong++ * LONG_SIZE;
	put_u32(l, (uint32_t)head);
	put_u32(l + 4, (uint32_t)target);
	put_u32(l + 8, (uint32_t)source);
	put_u64(l + 12, (uint64_t)inactivity);
	return UC_OK;
}

/* n host-order u32s to the disk's order. */
static void
put_u32s(uint8_t *dst, const uint32_t *src, size_t n)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	memcpy(dst, src, n * 4);
#else
	size_t i;

	for (i = 0; i < n; i++)
		put_u32(dst + 4 * i, src[i]);
#endif
}

int
pack_end(struct store_pack *p)
{
	size_t len, i;
	uint8_t *q;

	if (p->err != UC_OK)
		return p->err;
	len = PAYLOAD_HEAD + p->nideal * IDEAL_SIZE + p->n * ENTRY_SHORT +
	    p->nlong * LONG_SIZE;
	if (p->n > STORE_MAX_ENTRIES || len > UINT32_MAX - 16)
		return refuse(p, diag_error(UC_EPROTO, "epoch %llu: too many validators "
		    "for one record", (unsigned long long)p->epoch));
	if (8 + len + 4 > p->rec_cap)
		p->rec = xrealloc(p->rec, p->rec_cap = 8 + len + 4);
	q = p->rec;
	put_u32(q, RECORD_MAGIC);
	put_u32(q + 4, (uint32_t)len);
	put_u64(q + 8, p->epoch);
	put_u64(q + 16, p->fingerprint);
	put_u32(q + 24, (uint32_t)p->n);
	put_u32(q + 28, (uint32_t)p->nideal);
	q += 8 + PAYLOAD_HEAD;
	for (i = 0; i < p->nideal; i++, q += IDEAL_SIZE) {
		put_u32(q, p->ideal[i].eb_increments);
		put_u32(q + 4, (uint32_t)p->ideal[i].head);
		put_u32(q + 8, (uint32_t)p->ideal[i].target);
		put_u32(q + 12, (uint32_t)p->ideal[i].source);
	}
	put_u32s(q, p->index, p->n);
	put_u32s(q + 4 * p->n, p->flags, p->n);
	q += 8 * p->n;
	if (p->nlong)
		memcpy(q, p->longs, p->nlong * LONG_SIZE);
	put_u32(p->rec + 8 + len, crc32c(p->rec + 8, len));
	p->rec_len = 8 + len + 4;
	return UC_OK;
}
