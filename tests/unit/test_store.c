/*
 * The store, written as a report writes it (epochs packed by
 * rewards_pack) and read back on every path a report reads: whole
 * records, summaries' exceptions, proposals.  Damage of every kind (a
 * flipped bit anywhere, a cut anywhere, a crafted count) must read back
 * as the numbers that were written, or as a record left out; never as
 * other numbers, and never at the cost of the records after it.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crc32c.h"
#include "diag.h"
#include "report.h"
#include "rewards_pack.h"
#include "store.h"
#include "store_pack.h"
#include "unit.h"
#include "util.h"

static const char *ROOT =
    "0x05d79a31a8e69ecd78114c50ce73116be33027d8431b82fff6c0b3cd9c2cbb1f";
static const struct jd_ideal IDEAL32[1] = { { 32000000000ULL, 100, 200, 100 } };
#define FAR	UINT64_MAX

static struct watched
active(uint64_t index)
{
	return (struct watched){ index, 32000000000ULL, 0, FAR };
}

/* Validator 1 always correct; validator 2 misses its target on odd epochs. */
static void
two_votes(uint64_t epoch, struct unit_vote v[2])
{
	v[0] = (struct unit_vote){ true, 100, 200, 100, 0 };
	v[1] = (struct unit_vote){ true, 0, 200, 100, 0 };
	if (epoch % 2)
		v[1] = (struct unit_vote){ true, 0, -150, -80, 0 };
}

static void
append_two(struct store *s, uint64_t epoch, struct store_pack *p)
{
	struct watched w[2] = { active(1), active(2) };
	struct unit_vote v[2];

	two_votes(epoch, v);
	CHECK(unit_pack(epoch, IDEAL32, 1, w, v, 2, p) == UC_OK);
	CHECK(store_append_pack(s, p) == UC_OK);
}

static char *
slurp_file(const char *path, size_t *len)
{
	struct stat st;
	char *b;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || fstat(fd, &st) != 0) {
		CHECK(!"store file readable");
		*len = 0;
		return xstrdup("");
	}
	b = xmalloc((size_t)st.st_size + 1);
	*len = (size_t)st.st_size;
	CHECK(read(fd, b, *len) == (ssize_t)*len);
	close(fd);
	return b;
}

static void
spill(const char *path, const char *b, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	CHECK(fd >= 0 && write(fd, b, len) == (ssize_t)len);
	close(fd);
}

static void
store_drops_a_torn_tail_and_keeps_the_rest(void)
{
	char path[32];
	uint64_t idx[2] = { 1, 2 }, ep;
	struct store *s;
	struct store_pack p;
	struct epoch_result back = { 0, 0, NULL };
	off_t size;
	int fd;

	memset(&p, 0, sizeof(p));
	unit_tmp_store(path);
	CHECK(store_open(&s, path, ROOT) == UC_OK);
	CHECK(store_index(s, idx, 2, 0, 9) == UC_OK);
	for (ep = 3; ep <= 5; ep++)
		append_two(s, ep, &p);
	CHECK(store_has(s, 4) && !store_has(s, 6));
	CHECK(store_close(s) == UC_OK);
	/* Cut the last record short, as a crash mid-write would. */
	fd = open(path, O_RDWR);
	size = lseek(fd, 0, SEEK_END);
	CHECK(ftruncate(fd, size - 3) == 0);
	close(fd);
	CHECK(store_open(&s, path, ROOT) == UC_OK);
	CHECK(store_index(s, idx, 2, 0, 9) == UC_OK);
	CHECK(store_has(s, 3) && store_has(s, 4) && !store_has(s, 5));
	CHECK(store_read(s, 4, &back) == UC_OK);
	CHECK(back.n == 2 && back.v[1].index == 2 && back.v[1].target == 200 &&
	    back.v[1].head == 0 && back.v[1].ideal_head == 100 && back.v[0].duty);
	CHECK(store_read(s, 3, &back) == UC_OK && back.v[1].target == -150 &&
	    back.v[1].source == -80);
	/* A subset is served from the records of its superset. */
	CHECK(store_index(s, idx + 1, 1, 0, 9) == UC_OK);
	CHECK(store_has(s, 3) && store_read(s, 3, &back) == UC_OK && back.n == 1);
	/* The tail is whole again: appending goes on from there. */
	append_two(s, 5, &p);
	CHECK(store_close(s) == UC_OK);
	CHECK(store_open(&s, path, ROOT) == UC_OK);
	CHECK(store_index(s, idx, 2, 0, 9) == UC_OK);
	CHECK(store_has(s, 5) && store_read(s, 5, &back) == UC_OK &&
	    back.v[1].target == -150);
	CHECK(store_close(s) == UC_OK);
	/* Another network's root is refused, and so is a file not a store. */
	CHECK(store_open(&s, path, "0x4b363db94e286120d76eb905340fdd4e54bfe9f06bf33ff6cf5ad27f511bfe95")
	    == UC_EUSAGE);
	spill(path, "not a store", 11);
	CHECK(store_open(&s, path, ROOT) == UC_EDATA);
	store_pack_release(&p);
	free(back.v);
	unlink(path);
}

/*
 * store_read_except leaves out exactly the validators that earned the
 * ideal of the balance expected of them, keeps every other one (absent
 * ones without duty), and takes long entries in order also from a record
 * of a larger set.
 */
static void
store_leaves_out_only_the_expected(void)
{
	char path[32];
	uint64_t all[4] = { 1, 2, 3, 5 }, watch[3] = { 2, 3, 4 };
	struct watched w[4] = { active(1), active(2), active(3), active(5) };
	/* 1 misses its target, 2 and 5 are ideal, 3 misses its head. */
	struct unit_vote v[4] = {
		{ true, 100, -7, 100, 0 }, { true, 100, 200, 100, 0 },
		{ true, 0, 200, 100, 0 }, { true, 100, 200, 100, 0 },
	};
	uint32_t expect[3] = { 32, 32, UINT32_MAX };
	struct store *s;
	struct store_pack p;
	struct epoch_except x;

	memset(&x, 0, sizeof(x));
	memset(&p, 0, sizeof(p));
	unit_tmp_store(path);
	CHECK(store_open(&s, path, ROOT) == UC_OK);
	CHECK(store_index(s, all, 4, 0, 9) == UC_OK);
	CHECK(unit_pack(7, IDEAL32, 1, w, v, 4, &p) == UC_OK);
	CHECK(store_append_pack(s, &p) == UC_OK);
	/* Watched 2, 3, 4: 4 is not in the record, so the epoch is not served. */
	CHECK(store_index(s, watch, 3, 0, 9) == UC_OK);
	CHECK(!store_has(s, 7));
	CHECK(store_index(s, watch, 2, 0, 9) == UC_OK);
	CHECK(store_has(s, 7));
	CHECK(store_read_except(s, 7, expect, &x) == UC_OK);
	/* 2 is left out; 3 comes back with its own head (the long entry after 1's). */
	CHECK(x.r.n == 1 && x.r.v[0].index == 3 && x.at[0] == 1);
	CHECK(x.r.n == 1 && x.r.v[0].head == 0 && x.r.v[0].target == 200);
	CHECK(x.nideal == 1 && x.ideal[0].eb_increments == 32 && x.ideal[0].target == 200);
	/* Expecting nothing of 2 brings it back. */
	expect[0] = UINT32_MAX;
	CHECK(store_read_except(s, 7, expect, &x) == UC_OK);
	CHECK(x.r.n == 2 && x.r.v[0].index == 2 && x.r.v[0].target == 200 &&
	    x.r.v[0].duty);
	/* The whole set, in order: 1's long entry, 5 left out as expected. */
	{
		uint32_t exp4[4] = { 32, 32, 32, 32 };

		CHECK(store_index(s, all, 4, 0, 9) == UC_OK);
		CHECK(store_read_except(s, 7, exp4, &x) == UC_OK);
		CHECK(x.r.n == 2 && x.r.v[0].index == 1 && x.r.v[0].target == -7 &&
		    x.r.v[1].index == 3 && x.r.v[1].head == 0 && x.at[1] == 2);
	}
	CHECK(store_close(s) == UC_OK);
	store_pack_release(&p);
	free(x.r.v);
	free(x.at);
	unlink(path);
}

/*
 * An epoch is packed straight from the response: entries sent out of
 * index order still meet their validators, an exactly ideal entry is its
 * index and flags alone, absent and not-yet-active validators have no
 * duty, and what a record cannot hold is refused, not written.
 */
static void
packing_meets_each_validator_and_refuses_what_cannot_fit(void)
{
	const char *body = "{\"data\":{\"ideal_rewards\":["
	    "{\"effective_balance\":\"31000000000\",\"head\":\"9\",\"target\":\"19\",\"source\":\"9\"},"
	    "{\"effective_balance\":\"32000000000\",\"head\":\"10\",\"target\":\"20\",\"source\":\"10\"}],"
	    "\"total_rewards\":["
	    "{\"validator_index\":\"5\",\"head\":\"10\",\"target\":\"20\",\"source\":\"10\"},"
	    "{\"validator_index\":\"3\",\"head\":\"0\",\"target\":\"-20\",\"source\":\"-10\"},"
	    "{\"validator_index\":\"9\",\"head\":\"10\",\"target\":\"20\",\"source\":\"10\"},"
	    "{\"validator_index\":\"6\",\"head\":\"10\",\"target\":\"20\",\"source\":\"10\"},"
	    "{\"validator_index\":\"4\",\"head\":\"9\",\"target\":\"19\",\"source\":\"9\","
	    "\"inactivity\":\"-6\"}]}}";
	/* 2 is absent from the response; 6 activates after epoch 7. */
	struct watched w[5] = {
		{ 2, 32000000000ULL, 0, FAR }, { 3, 32000000000ULL, 0, FAR },
		{ 4, 31000000000ULL, 0, FAR }, { 5, 32000000000ULL, 0, FAR },
		{ 6, 32000000000ULL, 100, FAR },
	};
	uint64_t idx[5] = { 2, 3, 4, 5, 6 };
	struct jd_att_rewards rw;
	struct store_pack p;
	struct epoch_result e = { 0, 0, NULL };
	struct store *s;
	char path[32];
	int i;

	memset(&p, 0, sizeof(p));
	unit_tmp_store(path);
	CHECK(store_open(&s, path, ROOT) == UC_OK);
	CHECK(store_index(s, idx, 5, 0, 9) == UC_OK);
	CHECK(jd_att_rewards(body, strlen(body), "ep", &rw) == UC_OK);
	CHECK(!rw.total_in_order);
	CHECK(rewards_pack(7, &rw, w, 5, store_fingerprint(idx, 5), "ep", &p) == UC_OK);
	CHECK(store_append_pack(s, &p) == UC_OK);
	CHECK(store_has(s, 7) && store_read(s, 7, &e) == UC_OK);
	CHECK_U64(e.n, 5);
	if (e.n == 5) {
		CHECK(e.v[0].index == 2 && !e.v[0].duty);
		CHECK(e.v[1].index == 3 && e.v[1].duty && e.v[1].target == -20 &&
		    e.v[1].ideal_target == 20 && e.v[1].eb_increments == 32);
		CHECK(e.v[2].index == 4 && e.v[2].inactivity == -6 &&
		    e.v[2].head == 9 && e.v[2].eb_increments == 31);
		CHECK(e.v[3].index == 5 && e.v[3].duty && e.v[3].head == 10 &&
		    e.v[3].inactivity == 0);
		CHECK(e.v[4].index == 6 && !e.v[4].duty);
	}
	/* Only 3 and 4 differ from their ideal: two long entries. */
	CHECK_U64(p.nlong, 2);
	CHECK_U64(p.nideal, 2);
	jd_att_rewards_release(&rw);
	CHECK(store_close(s) == UC_OK);
	unlink(path);

	/* 64 balances fit a record; the 65th is refused, and so is all after. */
	store_pack_begin(&p, 8, 0, 1);
	for (i = 1; i <= 64; i++)
		CHECK(store_pack_ideal(&p, (uint64_t)i, i, 2 * i, i) == i - 1);
	CHECK(store_pack_ideal(&p, 65, 1, 2, 1) == -1 && p.err == UC_EPROTO);
	CHECK(store_pack_exact(&p, 1, 0) == UC_EPROTO && store_pack_end(&p) == UC_EPROTO);
	/* One balance, two ideals; an index beyond the format's 32 bits. */
	store_pack_begin(&p, 8, 0, 1);
	CHECK(store_pack_ideal(&p, 32, 10, 20, 10) == 0);
	CHECK(store_pack_ideal(&p, 32, 10, 21, 10) == -1 && p.err == UC_EPROTO);
	store_pack_begin(&p, 8, 0, 1);
	CHECK(store_pack_ideal(&p, 32, 10, 20, 10) == 0);
	CHECK(store_pack_exact(&p, 1ULL << 32, 0) == UC_EPROTO);
	store_pack_begin(&p, 8, 0, 1);
	CHECK(store_pack_exact(&p, 1, 0) == UC_ESOFTWARE);	/* no class declared */
	/* An inactivity penalty beyond any balance (2^41 gwei) is refused. */
	store_pack_begin(&p, 8, 0, 1);
	CHECK(store_pack_ideal(&p, 32, 10, 20, 10) == 0);
	CHECK(store_pack_other(&p, 1, 0, 0, 0, 0, -(INT64_C(1) << 41)) == UC_OK);
	CHECK(store_pack_other(&p, 2, 0, 0, 0, 0, -(INT64_C(1) << 41) - 1) == UC_EPROTO);
	store_pack_release(&p);
	free(e.v);
}

/* --- damage ------------------------------------------------------------- */

enum { DV = 6, DEPOCHS = 10 };

/* What a damage test's store holds, as read back when it was whole. */
struct snapshot {
	struct vresult	 v[DEPOCHS][DV];	/* store_read */
	size_t		 n[DEPOCHS];
	struct vresult	 x[DEPOCHS][DV];	/* store_read_except, a summary's */
	uint32_t	 at[DEPOCHS][DV];
	size_t		 nx[DEPOCHS];
	struct proposal	 p[DEPOCHS][2];
	size_t		 np[DEPOCHS];
};

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

static bool
same_proposals(const struct proposal *a, const struct proposal *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (a[i].slot != b[i].slot || a[i].index != b[i].index ||
		    a[i].outcome != b[i].outcome)
			return false;
	return true;
}

static const uint64_t DIDX[DV] = { 3, 4, 7, 8, 10, 11 };

/*
 * Ten epochs of six validators with misses, an inactivity penalty, a
 * validator that exits, two balances, and proposal records in between.
 */
static void
write_damage_store(const char *path)
{
	struct jd_ideal ideal[2] = { { 31000000000ULL, 90, 190, 90 },
	    { 32000000000ULL, 100, 200, 100 } };
	struct watched w[DV];
	struct store_pack p;
	struct store *s;
	uint64_t e;
	size_t i;

	memset(&p, 0, sizeof(p));
	for (i = 0; i < DV; i++)
		w[i] = (struct watched){ DIDX[i], i == 2 ? 31000000000ULL : 32000000000ULL,
		    0, i == 5 ? 6 : FAR };
	CHECK(store_open(&s, path, ROOT) == UC_OK);
	CHECK(store_index(s, DIDX, DV, 0, DEPOCHS - 1) == UC_OK);
	for (e = 0; e < DEPOCHS; e++) {
		struct unit_vote v[DV];

		for (i = 0; i < DV; i++) {
			const struct jd_ideal *d = &ideal[i == 2 ? 0 : 1];

			v[i] = (struct unit_vote){ true, d->head, d->target, d->source, 0 };
		}
		v[1].target = -(int64_t)(e + 1);	/* every epoch its own numbers */
		v[3].head = 0;
		v[4].present = e % 3 != 0;
		v[0].inactivity = -(int64_t)(1000 + e);
		CHECK(unit_pack(e, ideal, 2, w, v, DV, &p) == UC_OK);
		CHECK(store_append_pack(s, &p) == UC_OK);
		if (e % 2 == 0) {
			struct proposal pr[2] = { { 8 * e + 1, DIDX[0], PROPOSAL_MADE },
			    { 8 * e + 5, DIDX[e % DV], PROPOSAL_MISSED } };

			CHECK(store_append_proposals(s, e, pr, 2) == UC_OK);
		}
	}
	CHECK(store_close(s) == UC_OK);
	store_pack_release(&p);
}

/*
 * Read every epoch of the damage test's range: into snap when given, else
 * compared with it.  Returns how many epochs (either kind of record) are
 * missing, or -1 when an epoch read back other numbers than written.
 */
static int
read_all(const char *path, struct snapshot *snap, const struct snapshot *want)
{
	/* The summary's expectations: each validator at its balance. */
	static const uint32_t expect[DV] = { 32, 32, 31, 32, 32, 32 };
	struct store *s;
	struct epoch_result r = { 0, 0, NULL };
	struct epoch_except x;
	uint64_t e;
	int missing = 0, rc;

	memset(&x, 0, sizeof(x));
	if ((rc = store_open(&s, path, ROOT)) != UC_OK)
		return rc == UC_EDATA || rc == UC_EUSAGE ? 100 : -1;
	if (store_index(s, DIDX, DV, 0, DEPOCHS - 1) != UC_OK) {
		store_close(s);
		return -1;
	}
	for (e = 0; e < DEPOCHS && missing >= 0; e++) {
		struct proposal *p;
		size_t np;

		/* Every path a report reads by: the whole record, the exceptions. */
		if (!store_has(s, e) || (rc = store_read(s, e, &r)) == UC_EDATA ||
		    (rc = store_read_except(s, e, expect, &x)) == UC_EDATA) {
			missing++;
		} else if (rc != UC_OK) {
			missing = -1;
		} else if (snap) {
			snap->n[e] = r.n;
			memcpy(snap->v[e], r.v, r.n * sizeof(*r.v));
			snap->nx[e] = x.r.n;
			memcpy(snap->x[e], x.r.v, x.r.n * sizeof(*x.r.v));
			memcpy(snap->at[e], x.at, x.r.n * sizeof(*x.at));
		} else if (r.n != want->n[e] || !same_votes(r.v, want->v[e], r.n) ||
		    x.r.n != want->nx[e] || !same_votes(x.r.v, want->x[e], x.r.n) ||
		    memcmp(x.at, want->at[e], x.r.n * sizeof(*x.at)) != 0) {
			missing = -1;
		}
		if (missing < 0)
			break;
		rc = store_proposals(s, e, &p, &np);
		if (rc != UC_OK && rc != UC_EDATA)
			missing = -1;
		else if (snap) {
			snap->np[e] = np;
			if (np > 0)
				memcpy(snap->p[e], p, np * sizeof(*p));
		} else if (np == 0 && want->np[e] > 0)
			missing++;
		else if (np != want->np[e] || !same_proposals(p, want->p[e], np))
			missing = -1;
		free(p);
	}
	store_close(s);
	free(r.v);
	free(x.r.v);
	free(x.at);
	return missing;
}

/*
 * One bit flipped in every byte in turn (and every bit of the first
 * record's header): each re-read gives back what was written or leaves
 * the damaged record out, and loses no more than that record.
 */
static void
every_flipped_bit_reads_as_written_or_not_at_all(void)
{
	char path[32], copy[32];
	struct snapshot *want = xcalloc(1, sizeof(*want));
	size_t len, off, bad = 0, lost = 0, refused = 0;
	char *orig;

	unit_tmp_store(path);
	unit_tmp_store(copy);
	write_damage_store(path);
	CHECK(read_all(path, want, NULL) == 0);
	CHECK(want->n[4] == DV && want->v[4][1].target == -5 && want->np[4] == 2);
	/* The summary reads only the unusual: 3's penalty, 4's miss, 8's head. */
	CHECK(want->nx[4] == 3 && want->x[4][0].index == 3 && want->at[4][2] == 3);
	orig = slurp_file(path, &len);
	for (off = 0; off < len; off++) {
		int bit, nbits = off >= 64 && off < 64 + 32 ? 8 : 1, got;

		for (bit = 0; bit < nbits; bit++) {
			orig[off] ^= (char)(1 << (nbits == 8 ? bit : (int)(off % 8)));
			spill(copy, orig, len);
			orig[off] ^= (char)(1 << (nbits == 8 ? bit : (int)(off % 8)));
			got = read_all(copy, NULL, want);
			if (got == 100)
				refused++;	/* the file's own header: refused clearly */
			else if (got < 0 || got > 1)
				bad++;
			else
				lost += (size_t)got;
		}
	}
	/* Only flips in the 40 bytes of magic and root refuse the store. */
	CHECK_U64(bad, 0);
	CHECK(refused <= 40 && lost > 0);
	free(orig);
	free(want);
	unlink(path);
	unlink(copy);
}

/* A cut anywhere keeps every record before it, and appending goes on. */
static void
a_cut_anywhere_keeps_what_is_whole(void)
{
	char path[32], copy[32];
	struct snapshot *want = xcalloc(1, sizeof(*want));
	size_t len, cut, bad = 0;
	char *orig;
	int before = -1;

	unit_tmp_store(path);
	unit_tmp_store(copy);
	write_damage_store(path);
	CHECK(read_all(path, want, NULL) == 0);
	orig = slurp_file(path, &len);
	/* Past the header, what a cut leaves can only shrink as it moves back. */
	for (cut = len; cut-- > 64;) {
		int got;

		spill(copy, orig, cut);
		got = read_all(copy, NULL, want);
		if (got < 0 || (before >= 0 && got < before))
			bad++;
		before = got;
	}
	CHECK_U64(bad, 0);
	CHECK(before == 2 * DEPOCHS - DEPOCHS / 2);	/* all gone at the header */
	free(orig);
	free(want);
	unlink(path);
	unlink(copy);
}

/*
 * A proposal record that claims four billion duties in 16 bytes is not
 * believed (no 64 GB allocation), and the records after it stay.
 */
static void
a_count_beyond_its_length_is_not_believed(void)
{
	char path[32];
	uint64_t idx[2] = { 1, 2 };
	struct store *s;
	struct store_pack p;
	struct proposal *pr;
	size_t np, len;
	uint8_t rec[8 + 16 + 4];
	struct epoch_result r = { 0, 0, NULL };
	char *b;
	int fd;

	memset(&p, 0, sizeof(p));
	unit_tmp_store(path);
	CHECK(store_open(&s, path, ROOT) == UC_OK);
	CHECK(store_index(s, idx, 2, 0, 9) == UC_OK);
	append_two(s, 1, &p);
	CHECK(store_close(s) == UC_OK);
	/* The crafted record, checksum and all, then a good one after it. */
	memset(rec, 0, sizeof(rec));
	rec[0] = 'U'; rec[1] = 'C'; rec[2] = 'P'; rec[3] = '2';
	rec[4] = 16;
	rec[8] = 2;					/* epoch 2 */
	rec[16] = 0xf0; rec[17] = rec[18] = rec[19] = 0xff;	/* 0xfffffff0 duties */
	{
		uint32_t c = crc32c(rec + 8, 16);

		memcpy(rec + 24, &c, 4);
	}
	fd = open(path, O_WRONLY | O_APPEND);
	CHECK(write(fd, rec, sizeof(rec)) == (ssize_t)sizeof(rec));
	close(fd);
	CHECK(store_open(&s, path, ROOT) == UC_OK);
	CHECK(store_index(s, idx, 2, 0, 9) == UC_OK);
	append_two(s, 3, &p);
	CHECK(store_close(s) == UC_OK);
	CHECK(store_open(&s, path, ROOT) == UC_OK);
	CHECK(store_index(s, idx, 2, 0, 9) == UC_OK);
	CHECK(store_proposals(s, 2, &pr, &np) == UC_OK && np == 0 && pr == NULL);
	CHECK(store_has(s, 1) && store_has(s, 3));
	CHECK(store_read(s, 3, &r) == UC_OK && r.v[1].target == -150);
	CHECK(store_close(s) == UC_OK);
	b = slurp_file(path, &len);
	CHECK(len > 64 + sizeof(rec));		/* nothing was cut */
	free(b);
	free(r.v);
	store_pack_release(&p);
	unlink(path);
}

/* A proposal record of epoch e with n duties, its checksum right. */
static size_t
proposal_record(uint8_t *b, uint64_t e, uint32_t n)
{
	uint32_t i, len = 16 + 16 * n, c;

	memset(b, 0, 8 + len + 4);
	memcpy(b, "UCP2", 4);
	memcpy(b + 4, &len, 4);
	memcpy(b + 8, &e, 8);
	memcpy(b + 16, &n, 4);
	for (i = 0; i < n; i++) {
		uint64_t slot = 8 * e + i;

		memcpy(b + 24 + 16 * i, &slot, 8);
		b[24 + 16 * i + 8] = (uint8_t)(i + 1);		/* proposer */
		b[24 + 16 * i + 12] = PROPOSAL_MADE;
	}
	c = crc32c(b + 8, len);
	memcpy(b + 8 + len, &c, 4);
	return 8 + len + 4;
}

/* A store of nine proposal records (epochs 0-8, two duties each, 60 bytes). */
static size_t
nine_proposals(const char *path, uint8_t *file)
{
	struct store *s;
	size_t n;
	uint64_t e;

	unlink(path);
	CHECK(store_open(&s, path, ROOT) == UC_OK && store_close(s) == UC_OK);
	{
		char *h = slurp_file(path, &n);

		memcpy(file, h, n);
		free(h);
	}
	for (e = 0; e < 9; e++)
		n += proposal_record(file + n, e, 2);
	spill(path, (char *)file, n);
	return n;
}

/* Which of epochs 0-8 read back their two duties; -1 on another answer. */
static int
proposals_present(const char *path)
{
	struct store *s;
	uint64_t idx[1] = { 1 }, e;
	int mask = 0;

	if (store_open(&s, path, ROOT) != UC_OK)
		return -1;
	CHECK(store_index(s, idx, 1, 0, 8) == UC_OK);
	for (e = 0; e < 9; e++) {
		struct proposal *p;
		size_t n;
		int rc = store_proposals(s, e, &p, &n);

		if (rc == UC_OK && n == 2 && p[0].slot == 8 * e && p[1].index == 2)
			mask |= 1 << e;
		else if (!((rc == UC_OK || rc == UC_EDATA) && n == 0))
			mask = -1;
		free(p);
		if (mask < 0)
			break;
	}
	store_close(s);
	return mask;
}

/*
 * A length made wrong but consistent with its counts (two fields damaged,
 * or a file made so) hides the records it covers: whether it runs to the
 * end of the file or to another record, they are found again, and only
 * the damaged record is lost.
 */
static void
a_damaged_length_hides_no_record(void)
{
	char path[32];
	uint8_t *file = xcalloc(1, 4096);
	size_t n = 0;
	uint32_t len = 16 + 16 * 17, count = 17;

	unit_tmp_store(path);
	n = nine_proposals(path, file);
	CHECK(proposals_present(path) == 0x1ff);
	/* Record 4 of 60 bytes claims 300: the five to the end (4-8). */
	memcpy(file + 64 + 4 * 60 + 4, &len, 4);
	memcpy(file + 64 + 4 * 60 + 16, &count, 4);
	spill(path, (char *)file, n);
	CHECK(proposals_present(path) == (0x1ff & ~(1 << 4)));
	CHECK(proposals_present(path) == (0x1ff & ~(1 << 4)));	/* nothing was cut */
	/* Record 2 claims 300: records 3-6 hidden, and 7 bears the length out. */
	n = nine_proposals(path, file);
	memcpy(file + 64 + 2 * 60 + 4, &len, 4);
	memcpy(file + 64 + 2 * 60 + 16, &count, 4);
	spill(path, (char *)file, n);
	CHECK(proposals_present(path) == (0x1ff & ~(1 << 2)));
	free(file);
	unlink(path);
}

/*
 * Two processes that opened the store before either appended, over a
 * tail of two records that fail their checksums (a power cut before the
 * sync): neither cuts what the other wrote.
 */
static void
a_damaged_tail_is_not_cut_under_another_writer(void)
{
	char path[32];
	uint64_t idx[2] = { 1, 2 }, e;
	struct store *s, *a, *b;
	struct store_pack p;
	struct epoch_result r = { 0, 0, NULL };
	size_t len;
	char *f;

	memset(&p, 0, sizeof(p));
	unit_tmp_store(path);
	CHECK(store_open(&s, path, ROOT) == UC_OK);
	CHECK(store_index(s, idx, 2, 0, 9) == UC_OK);
	for (e = 0; e < 6; e++)
		append_two(s, e, &p);
	CHECK(store_close(s) == UC_OK);
	/* A byte of each of the last two records' rewards, changed. */
	f = slurp_file(path, &len);
	f[len - 8] ^= 1;
	f[len - 8 - (len - 64) / 6] ^= 1;
	spill(path, f, len);
	CHECK(store_open(&a, path, ROOT) == UC_OK && store_open(&b, path, ROOT) == UC_OK);
	CHECK(store_index(b, idx, 2, 0, 9) == UC_OK);
	append_two(b, 6, &p);
	CHECK(store_index(a, idx, 2, 0, 9) == UC_OK);
	append_two(a, 7, &p);
	CHECK(store_close(a) == UC_OK && store_close(b) == UC_OK);
	CHECK(store_open(&s, path, ROOT) == UC_OK);
	CHECK(store_index(s, idx, 2, 0, 9) == UC_OK);
	for (e = 0; e < 8; e++) {
		int rc = store_read(s, e, &r);

		if (e == 4 || e == 5)
			CHECK(rc == UC_EDATA && !store_has(s, e));
		else
			CHECK(rc == UC_OK && r.n == 2 && r.v[1].target == (e % 2 ? -150 : 200));
	}
	CHECK(store_close(s) == UC_OK);
	store_pack_release(&p);
	free(r.v);
	free(f);
	unlink(path);
}

/*
 * A file of thousands of damaged places is refused in one line, quickly,
 * rather than walked for minutes; so is one that hides records nowhere
 * but keeps the walk looking.
 */
static void
a_store_beyond_repair_is_refused_quickly(void)
{
	char path[32];
	uint8_t *file = xcalloc(1, 64 + 5000 * 32);
	size_t n, i;
	struct store *s;

	unit_tmp_store(path);
	n = nine_proposals(path, file);
	n = 64;
	for (i = 0; i < 5000; i++) {
		memset(file + n, 0, 4);		/* four bytes of junk, */
		n += 4;
		n += proposal_record(file + n, i % 9, 0);	/* then a good record */
	}
	spill(path, (char *)file, n);
	CHECK(store_open(&s, path, ROOT) == UC_EDATA);
	free(file);
	unlink(path);
}

/*
 * A sync committee and an epoch's sync duties read back as written,
 * whatever range is indexed for the committee; a flipped bit in either
 * leaves it out (asked for again), never reads as other numbers.
 */
static void
sync_records_read_back_or_not_at_all(void)
{
	char path[32];
	uint64_t idx[2] = { 3, 7 }, seat[6] = { 7, 3, 9, 7, 1, 3 }, *got;
	struct sync_duty d[2] = { { 3, 32, 1, true, -11180 }, { 7, 31, 0, false, 0 } };
	struct sync_duty *rd;
	struct stat sb;
	size_t n, i;
	struct store *s;
	int fd;

	unit_tmp_store(path);
	CHECK(store_open(&s, path, ROOT) == UC_OK);
	store_set_sync_period(s, 256);
	CHECK(store_index(s, idx, 2, 300, 310) == UC_OK);
	CHECK(store_append_members(s, 256, seat, 6) == UC_OK);
	CHECK(store_append_sync(s, 301, d, 2) == UC_OK);
	CHECK(store_close(s) == UC_OK);
	CHECK(store_open(&s, path, ROOT) == UC_OK);
	store_set_sync_period(s, 256);
	CHECK(store_index(s, idx, 2, 300, 310) == UC_OK);
	CHECK(store_members(s, 256, &got, &n) == UC_OK && n == 6);
	for (i = 0; i < n && got; i++)
		CHECK_U64(got[i], seat[i]);
	free(got);
	CHECK(store_members(s, 512, &got, &n) == UC_OK && n == 0 && got == NULL);
	CHECK(store_has_sync(s, 301) && !store_has_sync(s, 302));
	CHECK(store_sync_duties(s, 301, &rd, &n) == UC_OK && n == 2);
	for (i = 0; i < n && rd; i++)
		CHECK(rd[i].index == d[i].index && rd[i].slots == d[i].slots &&
		    rd[i].missed == d[i].missed && rd[i].known == d[i].known &&
		    rd[i].reward_gwei == d[i].reward_gwei);
	free(rd);
	CHECK(store_close(s) == UC_OK);
	/* A bit of the sync record's reward (the file's last 8 bytes + CRC). */
	CHECK(stat(path, &sb) == 0);
	fd = open(path, O_RDWR);
	CHECK(pwrite(fd, "\x01", 1, sb.st_size - 4 - 8) == 1);
	close(fd);
	CHECK(store_open(&s, path, ROOT) == UC_OK);
	store_set_sync_period(s, 256);
	CHECK(store_index(s, idx, 2, 300, 310) == UC_OK);
	CHECK(store_sync_duties(s, 301, &rd, &n) != UC_OK || n == 0);
	CHECK(!store_has_sync(s, 301));
	free(rd);
	CHECK(store_members(s, 256, &got, &n) == UC_OK && n == 6);
	free(got);
	/* A committee of a period outside the range is not indexed. */
	CHECK(store_members(s, 512, &got, &n) == UC_OK && n == 0);
	CHECK(store_close(s) == UC_OK);
	/* A record with a valid checksum that lists validator 3 twice. */
	{
		uint8_t rec[8 + 16 + 2 * 16 + 4];
		uint32_t len = 16 + 2 * 16, two = 2, three = 3, c;
		uint64_t ep = 302;
		int k;

		/* Little-endian, as the file is (the tests run on x86 and arm64). */
		memset(rec, 0, sizeof(rec));
		memcpy(rec, "UCY1", 4);
		memcpy(rec + 4, &len, 4);
		memcpy(rec + 8, &ep, 8);
		memcpy(rec + 16, &two, 4);
		for (k = 0; k < 2; k++) {
			memcpy(rec + 24 + 16 * k, &three, 4);
			rec[24 + 16 * k + 4] = 32;
			rec[24 + 16 * k + 6] = 1;
		}
		c = crc32c(rec + 8, len);
		memcpy(rec + 8 + len, &c, 4);
		fd = open(path, O_WRONLY | O_APPEND);
		CHECK(write(fd, rec, sizeof(rec)) == (ssize_t)sizeof(rec));
		close(fd);
	}
	CHECK(store_open(&s, path, ROOT) == UC_OK);
	store_set_sync_period(s, 256);
	CHECK(store_index(s, idx, 2, 300, 310) == UC_OK);
	CHECK(store_has_sync(s, 302));
	CHECK(store_sync_duties(s, 302, &rd, &n) == UC_EDATA && n == 0);
	free(rd);
	CHECK(!store_has_sync(s, 302));
	CHECK(store_close(s) == UC_OK);
	/* A version-4 store is taken, and its header made version 5. */
	{
		char head[9] = "";

		fd = open(path, O_RDWR);
		CHECK(pwrite(fd, "UCSTORE4", 8, 0) == 8);
		close(fd);
		CHECK(store_open(&s, path, ROOT) == UC_OK);
		CHECK(store_close(s) == UC_OK);
		fd = open(path, O_RDONLY);
		CHECK(pread(fd, head, 8, 0) == 8 && strcmp(head, "UCSTORE5") == 0);
		close(fd);
	}
	unlink(path);
}

const struct unit_test store_tests[] = {
	T(sync_records_read_back_or_not_at_all),
	T(store_drops_a_torn_tail_and_keeps_the_rest),
	T(store_leaves_out_only_the_expected),
	T(packing_meets_each_validator_and_refuses_what_cannot_fit),
	T(every_flipped_bit_reads_as_written_or_not_at_all),
	T(a_cut_anywhere_keeps_what_is_whole),
	T(a_count_beyond_its_length_is_not_believed),
	T(a_damaged_length_hides_no_record),
	T(a_damaged_tail_is_not_cut_under_another_writer),
	T(a_store_beyond_repair_is_refused_quickly),
	{ NULL, NULL },
};
