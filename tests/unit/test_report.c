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
	CHECK_NEAR(report_uptime(&r.v[0]), 1, 0);
	CHECK_NEAR(report_uptime(&r.v[1]), 0.5, 0);
	/* Validator 2: 5 even epochs earn 0+200+100, 5 odd ones lose 150+80. */
	CHECK(r.v[1].reward_gwei == 5 * 300 - 5 * 230);
	CHECK(r.v[1].eff_pos_gwei == 5 * 300);
	CHECK(r.v[1].eff_ideal_gwei == 10 * 400);
	report_finish(&r);
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

const struct unit_test report_tests[] = {
	T(uptime_and_effectiveness_sum_as_defined),
	T(rolling_uptime_forgets_skipped_epochs),
	T(store_drops_a_torn_tail_and_keeps_the_rest),
	{ NULL, NULL },
};
