/*
 * Aggregation and the store, on small hand-made epochs whose expected
 * sums are written out here.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "report.h"
#include "store.h"
#include "unit.h"
#include "util.h"

/* Validator 1 always correct; validator 2 misses target on odd epochs. */
static void
make_epoch(uint64_t epoch, struct epoch_result *e, struct vresult v[2])
{
	memset(v, 0, 2 * sizeof(*v));
	v[0] = (struct vresult){ .index = 1, .duty = true, .eb_increments = 32,
	    .head = 100, .target = 200, .source = 100,
	    .ideal_head = 100, .ideal_target = 200, .ideal_source = 100 };
	v[1] = v[0];
	v[1].index = 2;
	v[1].head = 0;
	if (epoch % 2) {
		v[1].target = -150;
		v[1].source = -80;
	}
	e->epoch = epoch;
	e->n = 2;
	e->v = v;
}

static void
uptime_and_effectiveness_sum_as_defined(void)
{
	uint64_t idx[2] = { 1, 2 };
	struct rwindow win[1] = { { "4e", 4, false } };
	struct report r;
	struct epoch_result e;
	struct vresult v[2];
	uint64_t ep;

	report_init(&r, idx, 2, 0, 9, win, 1, 0);
	for (ep = 0; ep <= 9; ep++) {
		make_epoch(ep, &e, v);
		report_add(&r, &e, NULL, NULL);
	}
	report_finish(&r);
	CHECK_NEAR(report_uptime(&r.v[0]), 1, 0);
	CHECK_NEAR(report_uptime(&r.v[1]), 0.5, 0);
	/* Validator 2: 5 even epochs earn 0+200+100, 5 odd ones lose 150+80. */
	CHECK(r.v[1].reward_gwei == 5 * 300 - 5 * 230);
	CHECK(r.v[1].eff_pos_gwei == 5 * 300);
	CHECK(r.v[1].eff_ideal_gwei == 10 * 400);
	/* The last 4 epochs (6-9): two misses. */
	CHECK_NEAR(report_window_uptime(&r.v[1], 0), 0.5, 0);
	CHECK(r.total.duty == 20 && r.total.target == 15);
	CHECK(r.v[1].head_known == 10 && r.v[1].head == 0);
	report_release(&r);
}

struct seen {
	double	 last_rolling;
	int	 rows;
};

static void
collect(void *ctx, const struct epoch_row *row)
{
	struct seen *s = ctx;

	if (row->index == 2) {
		s->last_rolling = row->rolling_uptime_frac;
		s->rows++;
	}
}

static void
rolling_uptime_forgets_skipped_epochs(void)
{
	uint64_t idx[2] = { 1, 2 };
	struct report r;
	struct epoch_result e;
	struct vresult v[2];
	struct seen s = { 0, 0 };

	/* A 3-epoch trailing window; epochs 0, 1, then a gap to 5, 6. */
	report_init(&r, idx, 2, 0, 6, NULL, 0, 3);
	make_epoch(0, &e, v); report_add(&r, &e, collect, &s);
	make_epoch(1, &e, v); report_add(&r, &e, collect, &s);
	CHECK_NEAR(s.last_rolling, 0.5, 0);
	make_epoch(5, &e, v); report_add(&r, &e, collect, &s);
	/* Window 3-5 holds only epoch 5, a miss. */
	CHECK_NEAR(s.last_rolling, 0, 0);
	make_epoch(6, &e, v); report_add(&r, &e, collect, &s);
	CHECK_NEAR(s.last_rolling, 0.5, 0);
	CHECK(s.rows == 4);
	report_release(&r);
}

static void
ignore_row(void *ctx, const struct epoch_row *row)
{
	(void)ctx;
	(void)row;
}

/*
 * A summary report credits validators that earned exactly their ideal
 * through their balance's class (lazily); a report with rows counts every
 * validator every epoch.  On random epochs with misses, balance changes,
 * gaps, absent validators, leaks and non-duty epochs, every row and the
 * total must come out the same both ways.
 */
static void
summary_rows_equal_counting_one_by_one(void)
{
	enum { NV = 40, NEPOCH = 300 };
	uint64_t idx[NV], ep;
	struct rwindow win[2] = { { "10e", 10, false }, { "100e", 100, false } };
	struct report lazy, direct;
	struct vresult v[NV];
	struct epoch_result e;
	unsigned seed = 12345;
	size_t i, w;

	for (i = 0; i < NV; i++)
		idx[i] = 3 * i + 1;
	report_init(&lazy, idx, NV, 0, NEPOCH - 1, win, 2, 0);
	report_init(&direct, idx, NV, 0, NEPOCH - 1, win, 2, 0);
	for (ep = 0; ep < NEPOCH; ep++) {
		bool leak = ep >= 200 && ep < 220;
		size_t n = 0;

		if (rand_r(&seed) % 10 == 0)
			continue;		/* an epoch the store lacks */
		for (i = 0; i < NV; i++) {
			struct vresult *x = &v[n];
			/* Balances 31 or 32 ETH; the ideal grows with the epoch. */
			uint32_t eb = 31 + (uint32_t)((i + ep / 50) % 2);
			int32_t base = leak ? 0 : (int32_t)(eb * 10 + ep % 7);
			unsigned roll = (unsigned)rand_r(&seed) % 100;

			if (roll < 3)
				continue;	/* absent from this record */
			memset(x, 0, sizeof(*x));
			x->index = idx[i];
			x->duty = roll >= 6;
			x->eb_increments = eb;
			if (x->duty) {
				x->ideal_head = base;
				x->ideal_target = 2 * base;
				x->ideal_source = base;
				x->head = roll < 15 ? 0 : base;
				x->target = roll < 10 ? -2 * base - 1 : 2 * base;
				x->source = base;
				x->inactivity = leak && roll < 10 ? -(int64_t)ep : 0;
			}
			n++;
		}
		e.epoch = ep;
		e.n = n;
		e.v = v;
		report_add(&lazy, &e, NULL, NULL);
		report_add(&direct, &e, ignore_row, NULL);
	}
	report_finish(&lazy);
	report_finish(&direct);
	CHECK(lazy.leak_epochs == direct.leak_epochs && lazy.leak_epochs > 0);
	for (i = 0; i <= NV; i++) {
		const struct vstats *a = i < NV ? &lazy.v[i] : &lazy.total;
		const struct vstats *b = i < NV ? &direct.v[i] : &direct.total;

		CHECK(a->duty == b->duty && a->target == b->target &&
		    a->source == b->source && a->head == b->head &&
		    a->head_known == b->head_known && a->leak == b->leak);
		CHECK(a->reward_gwei == b->reward_gwei && a->ideal_gwei == b->ideal_gwei &&
		    a->eff_pos_gwei == b->eff_pos_gwei &&
		    a->eff_ideal_gwei == b->eff_ideal_gwei &&
		    a->eff_net_gwei == b->eff_net_gwei);
		for (w = 0; w < 2; w++)
			CHECK(a->win_duty[w] == b->win_duty[w] &&
			    a->win_target[w] == b->win_target[w]);
	}
	/* Not vacuous: some validators were lazily credited, some missed. */
	CHECK(lazy.total.target < lazy.total.duty && lazy.ncls == 2);
	report_release(&lazy);
	report_release(&direct);
}

static const char *ROOT =
    "0x05d79a31a8e69ecd78114c50ce73116be33027d8431b82fff6c0b3cd9c2cbb1f";

static void
store_drops_a_torn_tail_and_keeps_the_rest(void)
{
	char path[] = "/tmp/uc-store-XXXXXX";
	int fd = mkstemp(path);
	uint64_t idx[2] = { 1, 2 }, ep;
	struct store *s;
	struct epoch_result e, back = { 0, 0, NULL };
	struct vresult v[2];
	off_t size;

	close(fd);
	unlink(path);
	CHECK(store_open(&s, path, ROOT) == UC_OK);
	store_index(s, idx, 2, 0, 9);
	for (ep = 3; ep <= 5; ep++) {
		make_epoch(ep, &e, v);
		CHECK(store_append(s, &e) == UC_OK);
	}
	CHECK(store_has(s, 4) && !store_has(s, 6));
	store_close(s);
	/* Cut the last record short, as a crash mid-write would. */
	fd = open(path, O_RDWR);
	size = lseek(fd, 0, SEEK_END);
	CHECK(ftruncate(fd, size - 3) == 0);
	close(fd);
	CHECK(store_open(&s, path, ROOT) == UC_OK);
	store_index(s, idx, 2, 0, 9);
	CHECK(store_has(s, 3) && store_has(s, 4) && !store_has(s, 5));
	CHECK(store_read(s, 4, &back) == UC_OK);
	CHECK(back.n == 2 && back.v[1].index == 2 && back.v[1].target == 200);
	CHECK(store_read(s, 3, &back) == UC_OK && back.v[1].target == -150);
	/* A subset is served from the records of its superset. */
	store_index(s, idx + 1, 1, 0, 9);
	CHECK(store_has(s, 3) && store_read(s, 3, &back) == UC_OK && back.n == 1);
	store_close(s);
	/* Another network's root is refused. */
	CHECK(store_open(&s, path, "0x4b363db94e286120d76eb905340fdd4e54bfe9f06bf33ff6cf5ad27f511bfe95")
	    == UC_EUSAGE);
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
	char path[] = "/tmp/uc-store-XXXXXX";
	int fd = mkstemp(path);
	uint64_t all[4] = { 1, 2, 3, 5 }, watch[3] = { 2, 3, 4 };
	uint32_t expect[3] = { 32, 32, UINT32_MAX };
	struct store *s;
	struct epoch_except x;
	struct epoch_result e;
	struct vresult v[4];
	size_t i;

	memset(&x, 0, sizeof(x));
	close(fd);
	unlink(path);
	CHECK(store_open(&s, path, ROOT) == UC_OK);
	store_index(s, all, 4, 0, 9);
	/* 1 misses its target, 2 and 5 are ideal, 3 misses its head. */
	for (i = 0; i < 4; i++)
		v[i] = (struct vresult){ .index = all[i], .duty = true, .eb_increments = 32,
		    .head = 100, .target = 200, .source = 100, .ideal_head = 100,
		    .ideal_target = 200, .ideal_source = 100 };
	v[0].target = -7;
	v[2].head = 0;
	e.epoch = 7;
	e.n = 4;
	e.v = v;
	CHECK(store_append(s, &e) == UC_OK);
	/* Watched 2, 3, 4: 4 is not in the record, so the epoch is not served. */
	store_index(s, watch, 3, 0, 9);
	CHECK(!store_has(s, 7));
	store_index(s, watch, 2, 0, 9);
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

		store_index(s, all, 4, 0, 9);
		CHECK(store_read_except(s, 7, exp4, &x) == UC_OK);
		CHECK(x.r.n == 2 && x.r.v[0].index == 1 && x.r.v[0].target == -7 &&
		    x.r.v[1].index == 3 && x.r.v[1].head == 0 && x.at[1] == 2);
	}
	store_close(s);
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
	const uint64_t far = UINT64_MAX;
	/* 2 is absent from the response; 6 activates after epoch 7. */
	struct watched w[5] = {
		{ 2, 32000000000ULL, 0, far }, { 3, 32000000000ULL, 0, far },
		{ 4, 31000000000ULL, 0, far }, { 5, 32000000000ULL, 0, far },
		{ 6, 32000000000ULL, 100, far },
	};
	struct jd_att_rewards rw;
	struct store_pack p;
	struct epoch_result e = { 0, 0, NULL };
	int i;

	memset(&p, 0, sizeof(p));
	CHECK(jd_att_rewards(body, strlen(body), "ep", &rw) == UC_OK);
	CHECK(!rw.total_in_order);
	CHECK(report_pack_epoch(7, &rw, w, 5, 42, &p) == BUILD_OK);
	CHECK(pack_read(&p, &e) == UC_OK);
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

	/* 64 balances fit a record; the 65th is refused, and so is all after. */
	pack_begin(&p, 8, 0, 1);
	for (i = 1; i <= 64; i++)
		CHECK(pack_ideal_eb(&p, (uint64_t)i, i, 2 * i, i) == i - 1);
	CHECK(pack_ideal_eb(&p, 65, 1, 2, 1) == -1 && p.err == UC_EPROTO);
	CHECK(pack_exact(&p, 1, 0) == UC_EPROTO && pack_end(&p) == UC_EPROTO);
	/* One balance, two ideals; an index beyond the format's 32 bits. */
	pack_begin(&p, 8, 0, 1);
	CHECK(pack_ideal_eb(&p, 32, 10, 20, 10) == 0);
	CHECK(pack_ideal_eb(&p, 32, 10, 21, 10) == -1 && p.err == UC_EPROTO);
	pack_begin(&p, 8, 0, 1);
	CHECK(pack_ideal_eb(&p, 32, 10, 20, 10) == 0);
	CHECK(pack_exact(&p, 1ULL << 32, 0) == UC_EPROTO);
	pack_begin(&p, 8, 0, 1);
	CHECK(pack_exact(&p, 1, 0) == UC_ESOFTWARE);	/* no class declared */
	pack_release(&p);
	free(e.v);
}

const struct unit_test report_tests[] = {
	T(uptime_and_effectiveness_sum_as_defined),
	T(rolling_uptime_forgets_skipped_epochs),
	T(summary_rows_equal_counting_one_by_one),
	T(store_drops_a_torn_tail_and_keeps_the_rest),
	T(store_leaves_out_only_the_expected),
	T(packing_meets_each_validator_and_refuses_what_cannot_fit),
	{ NULL, NULL },
};
