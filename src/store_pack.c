/*
 * The store's records, both ways (the layout: store_format.h).  Encoding:
 * an epoch's record is built in memory, where it is cheap to build: a
 * decode thread packs an epoch while other responses download, and the
 * store only writes the finished bytes, the CRC included, off its lock;
 * entries go straight from the rewards response into the record's
 * arrays.  Decoding: a record loaded and checked by the store is read
 * back for the watched set, whole or (for a summary) only where it holds
 * what was not expected.
 */
#include <stdlib.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <string.h>

#include "crc32c.h"
#include "diag.h"
#include "store_format.h"
#include "store_pack.h"
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
store_pack_begin(struct store_pack *p, uint64_t epoch, uint64_t fingerprint, size_t n)
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
store_pack_release(struct store_pack *p)
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
store_pack_ideal(struct store_pack *p, uint64_t eb_increments, int32_t head,
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
		if (p->nideal == EPOCH_MAX_IDEALS) {
			refuse(p, diag_error(UC_EPROTO, "epoch %llu: more than %d "
			    "distinct effective balances among the watched validators",
			    (unsigned long long)p->epoch, (int)EPOCH_MAX_IDEALS));
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
store_pack_absent(struct store_pack *p, uint64_t index)
{
	/* Without duty there is nothing to hold: no long entry. */
	return entry(p, index, F_IDEAL);
}

/* A class store_pack_ideal gave: anything else is the caller's mistake. */
static inline int
bad_class(struct store_pack *p, int cls)
{
	if (cls >= 0 && (size_t)cls < p->nideal)
		return UC_OK;
	return refuse(p, p->err != UC_OK ? p->err : diag_error(UC_ESOFTWARE,
	    "epoch %llu: an entry of no known balance", (unsigned long long)p->epoch));
}

int
store_pack_exact_slow(struct store_pack *p, uint64_t index, int cls)
{
	if (bad_class(p, cls) != UC_OK)
		return p->err;
	return entry(p, index, p->exact_flags[cls]);
}

/* An entry of flags with a long entry of what it earned. */
static int
long_entry(struct store_pack *p, uint64_t index, uint32_t flags, int32_t head,
    int32_t target, int32_t source, int64_t inactivity)
{
	uint8_t *l;
	int rc;

	if (inactivity < -STORE_MAX_PENALTY_GWEI || inactivity > STORE_MAX_PENALTY_GWEI)
		return refuse(p, diag_error(UC_EPROTO, "epoch %llu: validator %llu: an "
		    "inactivity penalty of %lld gwei, beyond any balance",
		    (unsigned long long)p->epoch, (unsigned long long)index,
		    (long long)inactivity));
	if ((rc = entry(p, index, flags)) != UC_OK)
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

int
store_pack_other(struct store_pack *p, uint64_t index, int cls, int32_t head,
    int32_t target, int32_t source, int64_t inactivity)
{
	if (bad_class(p, cls) != UC_OK)
		return p->err;
	return long_entry(p, index, F_DUTY | p->ideal[cls].eb_increments << 16, head,
	    target, source, inactivity);
}

int
store_pack_penalty(struct store_pack *p, uint64_t index, int32_t head, int32_t target,
    int32_t source, int64_t inactivity)
{
	/* Neither duty nor ideal: what it was charged, in a long entry. */
	return long_entry(p, index, 0, head, target, source, inactivity);
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
store_pack_end(struct store_pack *p)
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

/* --- decoding ------------------------------------------------------------ */

/*
 * Whether a header's lengths agree with each other (the layout in
 * store_format.h).  Any one flipped bit of a length or a count breaks
 * this: the sizes are multiples of 4, and no power of two is a multiple
 * of the long entry's 20 bytes.
 */
bool
store_pack_consistent(const struct store_head *h)
{
	uint64_t fixed, rest;

	if (h->magic == PROPOSAL_MAGIC)
		return h->nideal == 0 && h->count <= STORE_MAX_DUTIES &&
		    h->len == 16 + (uint64_t)h->count * DUTY_SIZE;
	if (h->magic == MEMBERS_MAGIC)
		return h->nideal == 0 && h->count <= STORE_MAX_SEATS &&
		    h->len == 16 + (uint64_t)h->count * 4;
	if (h->magic == SYNC_MAGIC)
		return h->nideal == 0 && h->count <= STORE_MAX_SEATS &&
		    h->len == 16 + (uint64_t)h->count * SYNC_SIZE;
	if (h->magic != RECORD_MAGIC || h->nideal > EPOCH_MAX_IDEALS ||
	    h->count > STORE_MAX_ENTRIES)
		return false;
	fixed = PAYLOAD_HEAD + (uint64_t)h->nideal * IDEAL_SIZE +
	    (uint64_t)h->count * ENTRY_SHORT;
	if (h->len < fixed)
		return false;
	rest = h->len - fixed;
	/* One long entry at most per entry. */
	return rest % LONG_SIZE == 0 && rest / LONG_SIZE <= h->count;
}

/* A record read for store_read or store_read_except. */
struct rec {
	uint64_t	 epoch;
	uint64_t	 fingerprint;	/* of its validator set */
	uint32_t	 count, nideal;
	const uint8_t	*ideal;		/* nideal x ideal */
	const uint8_t	*index;		/* count x u32 */
	const uint8_t	*flags;		/* count x u32 */
	const uint8_t	*longs;		/* nlong x long */
	size_t		 nlong, next_long;
	uint32_t	 last_eb;	/* the last ideal looked up, */
	int32_t		 last_ideal[3];	/* and what it found */
	bool		 bad;		/* an entry the record cannot back */
};

/* A record's payload (its epoch on), its lengths already consistent. */
static void
rec_parse(const uint8_t *payload, const struct store_head *h, struct rec *rec)
{
	rec->epoch = h->epoch;
	rec->fingerprint = h->fingerprint;
	rec->count = h->count;
	rec->nideal = h->nideal;
	rec->ideal = payload + PAYLOAD_HEAD;
	rec->index = rec->ideal + (size_t)rec->nideal * IDEAL_SIZE;
	rec->flags = rec->index + (size_t)rec->count * 4;
	rec->longs = rec->flags + (size_t)rec->count * 4;
	rec->nlong = (h->len - PAYLOAD_HEAD - (size_t)rec->nideal * IDEAL_SIZE -
	    (size_t)rec->count * ENTRY_SHORT) / LONG_SIZE;
	rec->next_long = 0;
	rec->last_eb = UINT32_MAX;
	rec->bad = false;
}

/*
 * Entry i (with its flags) into v, all but its index, which the caller
 * knows.  Long entries are taken in order, so every entry without the
 * ideal bit must pass through here.  An entry the record cannot back (a
 * balance with no ideal, no long entry left) marks the record bad.
 */
static void
rec_entry(struct rec *rec, uint32_t flags, struct vresult *v)
{
	uint32_t k;

	v->duty = flags & F_DUTY;
	v->eb_increments = flags >> 16;
	v->ideal_head = v->ideal_target = v->ideal_source = 0;
	if (v->duty && v->eb_increments != rec->last_eb) {
		/* Most entries share an EB: look it up when it changes. */
		rec->last_eb = UINT32_MAX;
		for (k = 0; k < rec->nideal; k++) {
			const uint8_t *d = rec->ideal + (size_t)k * IDEAL_SIZE;

			if (get_u32(d) == v->eb_increments) {
				rec->last_eb = v->eb_increments;
				rec->last_ideal[0] = (int32_t)get_u32(d + 4);
				rec->last_ideal[1] = (int32_t)get_u32(d + 8);
				rec->last_ideal[2] = (int32_t)get_u32(d + 12);
				break;
			}
		}
		if (rec->last_eb == UINT32_MAX)
			rec->bad = true;
	}
	if (v->duty) {
		v->ideal_head = rec->last_ideal[0];
		v->ideal_target = rec->last_ideal[1];
		v->ideal_source = rec->last_ideal[2];
	}
	if (flags & F_IDEAL) {
		v->head = v->ideal_head;
		v->target = v->ideal_target;
		v->source = v->ideal_source;
		v->inactivity = 0;
	} else if (rec->next_long < rec->nlong) {
		const uint8_t *l = rec->longs + rec->next_long++ * LONG_SIZE;

		v->head = (int32_t)get_u32(l);
		v->target = (int32_t)get_u32(l + 4);
		v->source = (int32_t)get_u32(l + 8);
		v->inactivity = (int64_t)get_u64(l + 12);
		if (v->inactivity < -STORE_MAX_PENALTY_GWEI ||
		    v->inactivity > STORE_MAX_PENALTY_GWEI)
			rec->bad = true;
	} else {
		rec->bad = true;
		v->head = v->target = v->source = 0;
		v->inactivity = 0;
	}
}

/*
 * Whether the record's validators are the watched set, in order: by its
 * fingerprint, as store_index decides that a record covers the set.
 */
static bool
is_watch_record(const struct store_set *s, const struct rec *rec)
{
	return rec->count == s->nwatch && rec->fingerprint == s->fp;
}

/* Whether such a record's index array is the set its fingerprint names. */
static bool
holds_watch_set(const struct store_set *s, const struct rec *rec)
{
	return memcmp(rec->index, s->le, 4 * s->nwatch) == 0;
}

/* Whether entry w earned exactly the ideal expected of it. */
static inline bool
as_expected(const uint32_t *expect, size_t w, uint32_t flags)
{
	return expect != NULL && expect[w] <= 0xffff &&
	    flags == (F_DUTY | F_IDEAL | expect[w] << 16);
}

/*
 * Whether entries i..i+3 all earned exactly what was expected: where the
 * CPU compares four at once (SSE2, every x86-64), a summary's read of a
 * record is mostly this.
 */
static inline bool
four_as_expected(const uint8_t *flags, const uint32_t *expect, uint32_t i)
{
#if defined(__SSE2__) && defined(__BYTE_ORDER__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	__m128i e = _mm_loadu_si128((const __m128i *)(const void *)(expect + i));
	__m128i f = _mm_loadu_si128((const __m128i *)(const void *)(flags + 4 *
	    (size_t)i));
	__m128i want = _mm_or_si128(_mm_slli_epi32(e, 16), _mm_set1_epi32(
	    (int)(F_DUTY | F_IDEAL)));
	/* Equal flags, and an expectation that fits 16 bits (not "none"). */
	__m128i ok = _mm_and_si128(_mm_cmpeq_epi32(f, want),
	    _mm_cmpeq_epi32(_mm_srli_epi32(e, 16), _mm_setzero_si128()));

	return _mm_movemask_epi8(ok) == 0xffff;
#else
	return as_expected(expect, i, get_u32(flags + 4 * (size_t)i)) &&
	    as_expected(expect, i + 1, get_u32(flags + 4 * (size_t)i + 4)) &&
	    as_expected(expect, i + 2, get_u32(flags + 4 * (size_t)i + 8)) &&
	    as_expected(expect, i + 3, get_u32(flags + 4 * (size_t)i + 12));
#endif
}

/*
 * store_read, and store_read_except when expect is given: then absent
 * validators come back without duty, and at[] says where each one is.
 * Returns whether the record backed every entry it was asked for.
 */
static bool
read_record(const struct store_set *s, struct rec *rec, const uint32_t *expect,
    struct epoch_result *r, uint32_t **at)
{
	uint32_t i;
	size_t w = 0;

	r->epoch = rec->epoch;
	r->n = 0;
	r->v = xrealloc(r->v, ((size_t)rec->count + s->nwatch + 1) * sizeof(*r->v));
	if (at)
		*at = xrealloc(*at, ((size_t)rec->count + s->nwatch + 1) * sizeof(**at));
	if (is_watch_record(s, rec) && !holds_watch_set(s, rec))
		return false;		/* a fingerprint that lies */
	if (expect && is_watch_record(s, rec)) {
		/*
		 * The usual case, and the whole point: most entries are skipped.
		 * Locals, so the skipping loop keeps them in registers.
		 */
		const uint8_t *fl = rec->flags;
		uint32_t count = rec->count, *pos = *at;
		struct vresult *out = r->v;
		size_t n = 0;

		for (i = 0; i < count; i++) {
			uint32_t flags;

			if (i % 4 == 0 && i + 4 <= count && four_as_expected(fl, expect, i)) {
				i += 3;
				continue;
			}
			flags = get_u32(fl + 4 * (size_t)i);
			if (as_expected(expect, i, flags))
				continue;
			pos[n] = i;
			out[n].index = s->watch[i];
			rec_entry(rec, flags, &out[n++]);
		}
		r->n = n;
		return !rec->bad;
	}
	for (i = 0; i < rec->count; i++) {
		uint32_t flags = get_u32(rec->flags + 4 * (size_t)i);
		uint32_t index = get_u32(rec->index + 4 * (size_t)i);
		struct vresult scratch;

		/* A record's indices are sorted and unique, as they were packed. */
		if (i > 0 && index <= get_u32(rec->index + 4 * (size_t)(i - 1)))
			return false;
		/* Both lists are sorted: a merge keeps ours from a larger set. */
		for (; w < s->nwatch && s->watch[w] < index; w++)
			if (expect) {
				(*at)[r->n] = (uint32_t)w;
				r->v[r->n++] = (struct vresult){ .index = s->watch[w] };
			}
		if (w == s->nwatch || s->watch[w] != index) {
			/* Not ours; its long entry must still be passed. */
			if (!(flags & F_IDEAL))
				rec_entry(rec, flags, &scratch);
			continue;
		}
		if (as_expected(expect, w, flags)) {
			w++;
			continue;
		}
		if (at)
			(*at)[r->n] = (uint32_t)w;
		w++;
		r->v[r->n].index = index;
		rec_entry(rec, flags, &r->v[r->n++]);
	}
	for (; expect && w < s->nwatch; w++) {
		(*at)[r->n] = (uint32_t)w;
		r->v[r->n++] = (struct vresult){ .index = s->watch[w] };
	}
	/* Read whole, the record must have used every long entry it holds. */
	return !rec->bad && rec->next_long == rec->nlong;
}

static bool
read_except(const struct store_set *s, struct rec *rec, const uint32_t *expect,
    struct epoch_except *x)
{
	uint32_t i;

	x->nideal = rec->nideal;
	for (i = 0; i < rec->nideal; i++) {
		const uint8_t *d = rec->ideal + (size_t)i * IDEAL_SIZE;

		x->ideal[i] = (struct ideal_eb){ get_u32(d), (int32_t)get_u32(d + 4),
		    (int32_t)get_u32(d + 8), (int32_t)get_u32(d + 12) };
	}
	return read_record(s, rec, expect, &x->r, &x->at);
}

bool
store_pack_read(const uint8_t *payload, const struct store_head *h,
    const struct store_set *set, struct epoch_result *r)
{
	struct rec rec;

	rec_parse(payload, h, &rec);
	return read_record(set, &rec, NULL, r, NULL);
}

bool
store_pack_read_except(const uint8_t *payload, const struct store_head *h,
    const struct store_set *set, const uint32_t *expect, struct epoch_except *x)
{
	struct rec rec;

	rec_parse(payload, h, &rec);
	return read_except(set, &rec, expect, x);
}
