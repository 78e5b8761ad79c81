/*
 * The store reader: any bytes as a store file.  The first byte picks how
 * the rest is used:
 *
 *   0  the bytes follow a valid file header, as they are: what a damaged
 *      or hostile file gives the walk, the index and every read path;
 *   1  the same, but each record the bytes hold gets its checksum fixed,
 *      so that the record parser sees crafted contents;
 *   2  a real store of made-up epochs (numbers from the bytes) with one
 *      bit flipped (position from the bytes): every epoch must read back
 *      as written or be left out, never as other numbers.
 *
 * Every mode opens, indexes and reads every epoch of the range on every
 * path (whole records, a summary's exceptions, proposals), then appends.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crc32c.h"
#include "diag.h"
#include "report.h"
#include "rewards_pack.h"
#include "store.h"
#include "store_pack.h"
#include "store_format.h"
#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char ROOT[] =
    "0x05d79a31a8e69ecd78114c50ce73116be33027d8431b82fff6c0b3cd9c2cbb1f";
enum { NW = 4, NEPOCH = 8 };
static const uint64_t WATCH[NW] = { 1, 2, 5, 9 };

static void
header(uint8_t h[HEADER_SIZE])
{
	int i;

	memset(h, 0, HEADER_SIZE);
	memcpy(h, STORE_FILE_MAGIC, 8);
	for (i = 0; i < 32; i++) {
		unsigned v;

		sscanf(ROOT + 2 + 2 * i, "%2x", &v);
		h[8 + i] = (uint8_t)v;
	}
}

static void
spill(const char *path, const uint8_t *b, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	if (fd < 0 || (n > 0 && write(fd, b, n) != (ssize_t)n))
		abort();
	close(fd);
}

static uint8_t *
slurp(const char *path, size_t *n)
{
	int fd = open(path, O_RDONLY);
	off_t len = fd < 0 ? -1 : lseek(fd, 0, SEEK_END);
	uint8_t *b;

	if (len <= HEADER_SIZE || pread(fd, b = xmalloc((size_t)len), (size_t)len, 0) !=
	    (ssize_t)len)
		abort();
	close(fd);
	*n = (size_t)len;
	return b;
}

/* Walk the bytes as records and give each whole one its right checksum. */
static void
fix_crcs(uint8_t *b, size_t n)
{
	size_t off = HEADER_SIZE;

	while (off + 8 <= n) {
		size_t len = get_u32(b + off + 4);

		if (len > n - off - 8 || n - off - 8 - len < 4)
			break;
		put_u32(b + off + 8 + len, crc32c(b + off + 8, len));
		off += 8 + len + 4;
	}
}

/* Field by field: a struct's padding is not part of what was read. */
static bool
same_votes(const struct vresult *a, const struct vresult *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (a[i].index != b[i].index || a[i].duty != b[i].duty ||
		    a[i].head != b[i].head || a[i].target != b[i].target ||
		    a[i].source != b[i].source || a[i].inactivity != b[i].inactivity ||
		    a[i].ideal_head != b[i].ideal_head ||
		    a[i].ideal_target != b[i].ideal_target ||
		    a[i].ideal_source != b[i].ideal_source ||
		    a[i].eb_increments != b[i].eb_increments)
			return false;
	return true;
}

/* What each epoch reads back as: whole records and proposals. */
struct seen {
	struct vresult	 v[NEPOCH][NW];
	size_t		 n[NEPOCH];
	bool		 has[NEPOCH];
	struct proposal	 p[NEPOCH][2];
	size_t		 np[NEPOCH];
	struct sync_duty sd[NEPOCH][2];		/* sync duties, as read */
	size_t		 nsd[NEPOCH];
	uint64_t	 seat[4];		/* the committee of epoch 0's period */
	size_t		 nseat;
};

/* Open, index and read every epoch on every path; fill seen when given. */
static void
read_store(const char *path, struct seen *seen)
{
	struct store *s;
	struct epoch_result r = { 0, 0, NULL };
	struct epoch_except x;
	uint32_t expect[NW] = { 32, 32, 31, UINT32_MAX };
	uint64_t e;
	size_t i;

	memset(&x, 0, sizeof(x));
	if (store_open(&s, path, ROOT) != UC_OK)
		return;
	store_set_sync_period(s, 4);
	if (store_index(s, WATCH, NW, 0, NEPOCH - 1) != UC_OK) {
		store_close(s);
		return;
	}
	for (e = 0; e < NEPOCH; e++) {
		struct proposal *p;
		struct sync_duty *sd;
		uint64_t *seat;
		size_t np, nsd, nseat;

		if (store_has(s, e) && store_read(s, e, &r) == UC_OK) {
			/* A read gives the watched set, in order. */
			if (r.n != NW)
				abort();
			for (i = 0; i < r.n; i++)
				if (r.v[i].index != WATCH[i])
					abort();
			if (seen) {
				seen->has[e] = true;
				seen->n[e] = r.n;
				memcpy(seen->v[e], r.v, r.n * sizeof(*r.v));
			}
		}
		if (store_has(s, e) && store_read_except(s, e, expect, &x) == UC_OK) {
			for (i = 0; i < x.r.n; i++)
				if (x.at[i] >= NW || x.r.v[i].index != WATCH[x.at[i]])
					abort();
		}
		if (store_proposals(s, e, &p, &np) == UC_OK && seen) {
			seen->np[e] = np < 2 ? np : 2;
			if (np)
				memcpy(seen->p[e], p, seen->np[e] * sizeof(*p));
		}
		free(p);
		if (store_sync_duties(s, e, &sd, &nsd) == UC_OK) {
			/* Whatever a file says, a duty read back is one a writer wrote. */
			for (i = 0; i < nsd; i++)
				if (sd[i].missed > sd[i].slots || sd[i].index > UINT32_MAX ||
				    sd[i].reward_gwei > (INT64_C(1) << 41) ||
				    sd[i].reward_gwei < -(INT64_C(1) << 41))
					abort();
			if (seen) {
				seen->nsd[e] = nsd < 2 ? nsd : 2;
				if (nsd)
					memcpy(seen->sd[e], sd, seen->nsd[e] * sizeof(*sd));
			}
		}
		free(sd);
		if (store_members(s, e, &seat, &nseat) == UC_OK && seen && e == 0) {
			seen->nseat = nseat < 4 ? nseat : 4;
			if (nseat)
				memcpy(seen->seat, seat, seen->nseat * sizeof(*seat));
		}
		free(seat);
	}
	/* Appending after whatever the walk found. */
	{
		struct proposal pr = { 3, 1, PROPOSAL_MADE };

		store_append_proposals(s, NEPOCH - 1, &pr, 1);
	}
	store_close(s);
	free(r.v);
	free(x.r.v);
	free(x.at);
}

/* Mode 2: made-up epochs, packed as a report packs them. */
static void
write_real(const char *path, const uint8_t *d, size_t n)
{
	struct jd_ideal ideal[2] = { { 31000000000ULL, 90, 190, 90 },
	    { 32000000000ULL, 100, 200, 100 } };
	struct watched w[NW];
	uint64_t fp = store_fingerprint(WATCH, NW), e;
	struct store_pack p;
	struct store *s;
	size_t i, k = 0;

	memset(&p, 0, sizeof(p));
	for (i = 0; i < NW; i++)
		w[i] = (struct watched){ WATCH[i], i == 2 ? 31000000000ULL :
		    32000000000ULL, 0, UINT64_MAX };
	if (store_open(&s, path, ROOT) != UC_OK)
		abort();
	for (e = 0; e < NEPOCH; e++) {
		struct jd_att_rewards rw;

		memset(&rw, 0, sizeof(rw));
		rw.ideal = xcalloc(2, sizeof(*rw.ideal));
		memcpy(rw.ideal, ideal, sizeof(ideal));
		rw.nideal = 2;
		rw.total = xcalloc(NW, sizeof(*rw.total));
		for (i = 0; i < NW; i++) {
			uint8_t b = k < n ? d[k++] : 0;
			const struct jd_ideal *id = &ideal[i == 2 ? 0 : 1];

			if (b & 1)
				continue;	/* absent */
			rw.total[rw.ntotal++] = (struct jd_reward){ WATCH[i],
			    b & 2 ? 0 : id->head, b & 4 ? -(int64_t)b : id->target,
			    id->source, b & 8 ? -(int64_t)b * 1000 : 0 };
		}
		rw.total_in_order = true;
		if (rewards_pack(e, &rw, w, NW, fp, "fuzz", &p) != UC_OK ||
		    store_append_pack(s, &p) != UC_OK)
			abort();
		jd_att_rewards_release(&rw);
		if (k < n && d[k++] & 1) {
			struct proposal pr[2] = { { 8 * e, WATCH[0], PROPOSAL_MADE },
			    { 8 * e + 1, WATCH[e % NW], PROPOSAL_MISSED } };

			if (store_append_proposals(s, e, pr, 2) != UC_OK)
				abort();
		}
		if (k < n && d[k++] & 1) {
			struct sync_duty sd[2] = { { WATCH[0], 32, d[k - 1] & 31, true,
			    -(int64_t)d[k - 1] * 5590 }, { WATCH[1], 31, 0, false, 0 } };

			if (store_append_sync(s, e, sd, 2) != UC_OK)
				abort();
		}
	}
	{
		uint64_t seat[4] = { WATCH[1], WATCH[0], 9, WATCH[1] };

		if (store_append_members(s, 0, seat, 4) != UC_OK)
			abort();
	}
	store_pack_release(&p);
	store_close(s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[32];
	uint8_t *b;
	size_t n;

	if (path[0] == '\0') {
		int fd;

		/* In memory where there is /dev/shm: the store syncs what it writes. */
		strcpy(path, access("/dev/shm", W_OK) == 0 ? "/dev/shm/ucfuzz-XXXXXX" :
		    "/tmp/ucfuzz-XXXXXX");
		if ((fd = mkstemp(path)) < 0)
			abort();
		close(fd);
	}
	if (size < 1 || size > (1 << 20))
		return 0;
	if (data[0] % 3 == 2) {
		struct seen *want = xcalloc(1, sizeof(*want));
		struct seen *got = xcalloc(1, sizeof(*got));
		uint64_t bit = size >= 5 ? get_u32(data + 1) : 0;
		int lost = 0, e;
		size_t i;

		unlink(path);
		write_real(path, data + 1, size - 1);
		b = slurp(path, &n);	/* before read_store appends to it */
		read_store(path, want);
		/* Past the file's own header: a flip there is refused, not misread. */
		bit = HEADER_SIZE * 8 + bit % ((n - HEADER_SIZE) * 8);
		b[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		spill(path, b, n);
		read_store(path, got);
		for (e = 0; e < NEPOCH; e++) {
			if (got->has[e] && (got->n[e] != want->n[e] ||
			    !same_votes(got->v[e], want->v[e], want->n[e])))
				abort();	/* other numbers than were written */
			lost += want->has[e] && !got->has[e];
			for (i = 0; i < got->np[e]; i++)
				if (got->np[e] != want->np[e] ||
				    got->p[e][i].slot != want->p[e][i].slot ||
				    got->p[e][i].index != want->p[e][i].index ||
				    got->p[e][i].outcome != want->p[e][i].outcome)
					abort();
			lost += want->np[e] && !got->np[e];
			for (i = 0; i < got->nsd[e]; i++)
				if (got->nsd[e] != want->nsd[e] ||
				    got->sd[e][i].index != want->sd[e][i].index ||
				    got->sd[e][i].slots != want->sd[e][i].slots ||
				    got->sd[e][i].missed != want->sd[e][i].missed ||
				    got->sd[e][i].known != want->sd[e][i].known ||
				    got->sd[e][i].reward_gwei != want->sd[e][i].reward_gwei)
					abort();
			lost += want->nsd[e] && !got->nsd[e];
		}
		if (got->nseat && (got->nseat != want->nseat ||
		    memcmp(got->seat, want->seat, want->nseat * sizeof(*want->seat))))
			abort();
		lost += want->nseat && !got->nseat;
		if (lost > 1)
			abort();	/* one flip costs one record at most */
		free(b);
		free(want);
		free(got);
		return 0;
	}
	n = HEADER_SIZE + size - 1;
	b = xmalloc(n);
	header(b);
	memcpy(b + HEADER_SIZE, data + 1, size - 1);
	if (data[0] % 3 == 1)
		fix_crcs(b, n);
	spill(path, b, n);
	read_store(path, NULL);
	free(b);
	return 0;
}
