/*
 * Aggregation: small hand-made epochs whose expected sums are written out
 * here, and random ones whose sums are counted here by hand, independently
 * of report.c, and compared with what every production path gives: the
 * summary of a re-run (store_read_except), of a first run (epochs packed
 * and added as they arrive, in any order: store_read_pack) and the
 * per-epoch view (store_read, report_add).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "json_decode.h"
#include "report.h"
#include "report_agg.h"
#include "report_chart.h"
#include "report_set.h"
#include "rewards_pack.h"
#include "store.h"
#include "store_pack.h"
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
	struct rwindow win[1] = { { .name = "4e", .epochs = 4 } };
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

static const char *ROOT =
    "0x05d79a31a8e69ecd78114c50ce73116be33027d8431b82fff6c0b3cd9c2cbb1f";

/* --- random epochs, counted by hand -------------------------------------- */

enum { NV = 40, NEPOCH = 300, NWIN = 2 };
static const uint64_t WIN_EPOCHS[NWIN] = { 10, 100 };
#define FAR	UINT64_MAX

struct gen {
	struct watched	 w[NV];
	uint64_t	 idx[NV];
	bool		 stored[NEPOCH];
	struct jd_ideal	 ideal[NEPOCH][2];	/* 31 and 32 ETH */
	struct unit_vote v[NEPOCH][NV];
	uint32_t	 true_eb[NEPOCH][NV];	/* ETH */
};

/*
 * Forty validators over 300 epochs: misses of head and target, balances
 * that change class, validators absent from responses, one that is not
 * yet active and some that exit (the node still answers for them), an
 * inactivity leak with its penalties, and epochs the store lacks.
 */
static void
generate(struct gen *g)
{
	unsigned seed = 12345;
	size_t i, e;

	for (i = 0; i < NV; i++) {
		g->idx[i] = 3 * i + 1;
		g->w[i] = (struct watched){ g->idx[i], 0, i % 11 == 3 ? 50 : 0,
		    i % 7 == 0 ? 150 : FAR };
	}
	for (e = 0; e < NEPOCH; e++) {
		bool leak = e >= 200 && e < 220;
		int k;

		g->stored[e] = rand_r(&seed) % 10 != 0;
		for (k = 0; k < 2; k++) {
			int64_t eb = 31 + k, base = leak ? 0 : eb * 10 + (int64_t)(e % 7);

			g->ideal[e][k] = (struct jd_ideal){ (uint64_t)eb * 1000000000ULL,
			    base, 2 * base, base };
		}
		for (i = 0; i < NV; i++) {
			unsigned roll = (unsigned)rand_r(&seed) % 100;
			unsigned head = (unsigned)rand_r(&seed) % 100;
			uint32_t eb = 31 + (uint32_t)((i + e / 50) % 2);
			const struct jd_ideal *d = &g->ideal[e][eb - 31];

			/*
			 * Head and target missed apart; in the leak each missed
			 * target pays its own inactivity penalty: exceptions that
			 * differ in one number only.
			 */
			g->true_eb[e][i] = eb;
			g->v[e][i] = (struct unit_vote){ roll >= 3,
			    head < 12 ? 0 : d->head,
			    roll < 10 ? -d->target - 1 : d->target, d->source,
			    leak && roll < 10 ? -(int64_t)(e + i % 3) : 0 };
		}
	}
	/* The head state's balance: the last epoch's. */
	for (i = 0; i < NV; i++)
		g->w[i].eb_gwei = (uint64_t)g->true_eb[NEPOCH - 1][i] * 1000000000ULL;
}

/*
 * The columns by their definitions (research/ethereum-spec.md section 4
 * and the man page): a duty is a response entry in the validator's active
 * epochs; a vote is correct when its reward is not negative; the head is
 * unknown when its ideal is 0; effectiveness counts positive flag rewards
 * over the ideal, on epochs with an ideal; net effectiveness every
 * epoch's net reward, a leak's penalties included, over the same ideal.  A vote's ideal is its balance
 * class's: a positive target reward names the balance it was earned at,
 * else the head state's balance stands.  want has NV + 1 zeroed rows (the
 * last the total) with their window counts.
 */
static void
count_by_hand(const struct gen *g, struct vstats *want, uint64_t *leak_epochs)
{
	size_t i, e, w;

	*leak_epochs = 0;
	for (e = 0; e < NEPOCH; e++) {
		bool leak = false;

		if (!g->stored[e])
			continue;
		for (i = 0; i < NV; i++) {
			const struct unit_vote *v = &g->v[e][i];
			struct vstats *s = &want[i];
			uint64_t eb = v->target > 0 ? g->true_eb[e][i] :
			    g->w[i].eb_gwei / 1000000000ULL;
			const struct jd_ideal *d = &g->ideal[e][eb - 31];
			int64_t ideal = d->head + d->target + d->source;
			int64_t net = v->head + v->target + v->source + v->inactivity;

			if (!v->present || e < g->w[i].activation_epoch)
				continue;
			/*
			 * Present after its exit: slashed, charged until it is
			 * withdrawable; a cost in the net, not a duty.
			 */
			if (e >= g->w[i].exit_epoch) {
				if (net != 0) {
					s->reward_gwei += net;
					s->eff_net_gwei += net;
				}
				continue;
			}
			/* Misses in a row, over the duty epochs with data, in order. */
			if (v->target >= 0) {
				s->last_target_epoch = e;
				s->current_streak = 0;
			} else {
				if (s->current_streak++ == 0)
					s->streak_start = e;
				if (s->current_streak > s->longest_streak)
					s->longest_streak = s->current_streak;
			}
			s->duty++;
			s->target += v->target >= 0;
			s->source += v->source >= 0;
			if (d->head != 0) {
				s->head_known++;
				s->head += v->head > 0;
			}
			if (ideal == 0) {
				s->leak++;
				leak = true;
			}
			s->reward_gwei += net;
			s->ideal_gwei += ideal;
			if (ideal > 0) {
				s->eff_pos_gwei += (v->head > 0 ? v->head : 0) +
				    (v->target > 0 ? v->target : 0) +
				    (v->source > 0 ? v->source : 0);
				s->eff_ideal_gwei += ideal;
			}
			/* Every penalty counts in the net, a leak's too. */
			s->eff_net_gwei += net;
			for (w = 0; w < NWIN; w++)
				if (NEPOCH - 1 - e < WIN_EPOCHS[w]) {
					s->win_duty[w]++;
					s->win_target[w] += v->target >= 0;
				}
		}
		*leak_epochs += leak;
	}
	for (i = 0; i < NV; i++) {
		struct vstats *s = &want[i], *t = &want[NV];

		t->duty += s->duty;
		t->target += s->target;
		t->source += s->source;
		t->head += s->head;
		t->head_known += s->head_known;
		t->reward_gwei += s->reward_gwei;
		t->ideal_gwei += s->ideal_gwei;
		t->eff_pos_gwei += s->eff_pos_gwei;
		t->eff_ideal_gwei += s->eff_ideal_gwei;
		t->eff_net_gwei += s->eff_net_gwei;
		for (w = 0; w < NWIN; w++) {
			t->win_duty[w] += s->win_duty[w];
			t->win_target[w] += s->win_target[w];
		}
	}
}

/* Every row of r, and its total, as counted by hand; how many differ. */
static int
rows_differ(const struct report *r, const struct vstats *want, uint64_t leak_epochs)
{
	int bad = r->leak_epochs != leak_epochs;
	size_t i, w;

	for (i = 0; i <= NV; i++) {
		const struct vstats *a = i < NV ? &r->v[i] : &r->total, *b = &want[i];

		bad += a->duty != b->duty || a->target != b->target ||
		    a->source != b->source || a->head != b->head ||
		    a->head_known != b->head_known || (i < NV && a->leak != b->leak);
		bad += a->reward_gwei != b->reward_gwei || a->ideal_gwei != b->ideal_gwei ||
		    a->eff_pos_gwei != b->eff_pos_gwei ||
		    a->eff_ideal_gwei != b->eff_ideal_gwei ||
		    a->eff_net_gwei != b->eff_net_gwei;
		for (w = 0; w < NWIN; w++)
			bad += a->win_duty[w] != b->win_duty[w] ||
			    a->win_target[w] != b->win_target[w];
		if (i < NV)
			bad += a->last_target_epoch != b->last_target_epoch ||
			    a->current_streak != b->current_streak ||
			    a->longest_streak != b->longest_streak ||
			    (b->current_streak && a->streak_start != b->streak_start);
		if (bad && i < NV) {
			fprintf(stderr, "  validator %llu: streak %llu/%llu longest %llu/%llu "
			    "last target %llu/%llu\n", (unsigned long long)a->index,
			    (unsigned long long)a->current_streak,
			    (unsigned long long)b->current_streak,
			    (unsigned long long)a->longest_streak,
			    (unsigned long long)b->longest_streak,
			    (unsigned long long)a->last_target_epoch,
			    (unsigned long long)b->last_target_epoch);
			fprintf(stderr, "  validator %llu: duty %llu/%llu target %llu/%llu "
			    "reward %lld/%lld\n", (unsigned long long)a->index,
			    (unsigned long long)a->duty, (unsigned long long)b->duty,
			    (unsigned long long)a->target, (unsigned long long)b->target,
			    (long long)a->reward_gwei, (long long)b->reward_gwei);
			return bad;
		}
	}
	return bad;
}

static void
summaries_and_rows_match_counting_by_hand(void)
{
	struct gen *g = xcalloc(1, sizeof(*g));
	struct vstats *want = xcalloc(NV + 1, sizeof(*want));
	struct rwindow win[NWIN] = { { .name = "10e", .epochs = 10 },
	    { .name = "100e", .epochs = 100 } };
	uint64_t wd[NV + 1][NWIN], wt[NV + 1][NWIN];	/* want's windows */
	struct report rows;
	struct report_agg agg;
	struct report_set set;
	uint64_t have;
	struct store_pack p;
	struct epoch_except x;
	struct epoch_result er = { 0, 0, NULL };
	struct store *s, *s2;
	char path[32], path2[32];
	uint64_t leak_epochs, order[NEPOCH], e;
	unsigned seed = 99;
	size_t i;

	memset(&p, 0, sizeof(p));
	memset(&x, 0, sizeof(x));
	memset(wd, 0, sizeof(wd));
	memset(wt, 0, sizeof(wt));
	for (i = 0; i <= NV; i++) {
		want[i].win_duty = wd[i];
		want[i].win_target = wt[i];
		want[i].last_target_epoch = want[i].streak_start = REPORT_NO_EPOCH;
	}
	generate(g);
	count_by_hand(g, want, &leak_epochs);
	/* Not vacuous: misses, leaks, exits and lazily credited classes. */
	CHECK(want[NV].target < want[NV].duty && leak_epochs > 0 && want[0].duty < want[1].duty);

	/* A first run: epochs packed, stored and added in the order they arrive. */
	for (e = 0; e < NEPOCH; e++)
		order[e] = e;
	for (e = NEPOCH - 1; e > 0; e--) {
		size_t j = (size_t)rand_r(&seed) % (e + 1);
		uint64_t t = order[e];

		order[e] = order[j];
		order[j] = t;
	}
	unit_tmp_store(path);
	unit_tmp_store(path2);
	CHECK(store_open(&s, path, ROOT) == UC_OK && store_open(&s2, path2, ROOT) == UC_OK);
	CHECK(store_index(s, g->idx, NV, 0, NEPOCH - 1) == UC_OK);
	/* As the report command adds them (report_agg.c), streaks replayed in order. */
	memset(&set, 0, sizeof(set));
	set.vals = g->w;
	set.idx = g->idx;
	set.n = NV;
	report_agg_begin(&agg, s, &set, 0, NEPOCH - 1, win, NWIN);
	for (i = 0; i < NEPOCH; i++) {
		e = order[i];
		if (!g->stored[e])
			continue;
		CHECK(unit_pack(e, g->ideal[e], 2, g->w, g->v[e], NV, &p) == UC_OK);
		CHECK(store_append_pack(s, &p) == UC_OK);
		CHECK(report_agg_fetched(&agg, &p) == UC_OK);
	}
	CHECK(report_streaks_disordered(&agg.rp));
	CHECK(report_agg_finish(&agg, &have) == UC_OK && agg.replayed);
	CHECK(rows_differ(&agg.rp, want, leak_epochs) == 0);
	report_agg_end(&agg);

	/*
	 * As downloads finish: nearly in order (here each pair swapped).  The
	 * window of pending epochs puts the streaks in order, no replay.
	 */
	CHECK(store_index(s2, g->idx, NV, 0, NEPOCH - 1) == UC_OK);
	report_agg_begin(&agg, s2, &set, 0, NEPOCH - 1, win, NWIN);
	for (i = 0; i < NEPOCH; i++) {
		e = i ^ 1;
		if (e >= NEPOCH || !g->stored[e])
			continue;
		CHECK(unit_pack(e, g->ideal[e], 2, g->w, g->v[e], NV, &p) == UC_OK);
		CHECK(store_append_pack(s2, &p) == UC_OK);
		CHECK(report_agg_fetched(&agg, &p) == UC_OK);
	}
	CHECK(report_agg_finish(&agg, &have) == UC_OK);
	CHECK(!agg.replayed);
	CHECK(rows_differ(&agg.rp, want, leak_epochs) == 0);

	/*
	 * A re-run: every epoch from the store, reading only the unusual
	 * (store_read_except), as report_agg_stored does before fetching.
	 */
	report_agg_end(&agg);
	CHECK(store_close(s) == UC_OK && store_open(&s, path, ROOT) == UC_OK);
	CHECK(store_index(s, g->idx, NV, 0, NEPOCH - 1) == UC_OK);
	for (e = 0; e < NEPOCH; e++)
		CHECK(store_has(s, e) == g->stored[e]);
	report_agg_begin(&agg, s, &set, 0, NEPOCH - 1, win, NWIN);
	CHECK(report_agg_stored(&agg) == UC_OK);
	CHECK(report_agg_finish(&agg, &have) == UC_OK);
	CHECK(rows_differ(&agg.rp, want, leak_epochs) == 0);

	/* The per-epoch view counts every validator of every epoch. */
	report_init(&rows, g->idx, NV, 0, NEPOCH - 1, win, NWIN, 16);
	for (e = 0; e < NEPOCH; e++)
		if (store_has(s, e)) {
			CHECK(store_read(s, e, &er) == UC_OK);
			report_add(&rows, &er, NULL, NULL);
		}
	report_finish(&rows);
	CHECK(rows_differ(&rows, want, leak_epochs) == 0);

	report_agg_end(&agg);
	report_release(&rows);
	CHECK(store_close(s) == UC_OK && store_close(s2) == UC_OK);
	unlink(path);
	unlink(path2);
	store_pack_release(&p);
	free(x.r.v);
	free(x.at);
	free(er.v);
	free(want);
	free(g);
}

/* --- the recorded devnet, through the production path ------------------- */

/*
 * An epoch of the recorded Lodestar devnet as a report reads it: the
 * response decoded and packed for the head state's validators, stored,
 * and read back.
 */
static int
devnet_epoch(uint64_t epoch, struct epoch_result *e)
{
	char name[80], path[32];
	struct jd_att_rewards rw;
	struct jd_validator *jv = NULL;
	struct watched w[16];
	uint64_t idx[16];
	struct store_pack p;
	struct store *s;
	size_t len, nv = 0, i;
	char *body, *vbody;
	int rc = UC_ESOFTWARE;

	memset(&p, 0, sizeof(p));
	snprintf(name, sizeof(name), "rewards_attestations.epoch-%04llu.at-end.json",
	    (unsigned long long)epoch);
	body = unit_fixture(name, &len);
	vbody = unit_fixture("validators.head.json", &i);
	if (jd_validators(vbody, i, &jv, &nv) != UC_OK || nv != 16 ||
	    jd_att_rewards(body, len, "ep", &rw) != UC_OK)
		goto out;
	for (i = 0; i < 16; i++) {
		w[i] = watched_of(&jv[i]);
		idx[i] = jv[i].index;
	}
	unit_tmp_store(path);
	if (rewards_pack(epoch, &rw, w, 16, store_fingerprint(idx, 16), name, &p) ==
	    UC_OK && store_open(&s, path, ROOT) == UC_OK) {
		if (store_index(s, idx, 16, epoch, epoch) == UC_OK &&
		    store_append_pack(s, &p) == UC_OK)
			rc = store_read(s, epoch, e);
		store_close(s);
		unlink(path);
	}
	jd_att_rewards_release(&rw);
out:
	store_pack_release(&p);
	free(jv);
	free(body);
	free(vbody);
	return rc;
}

static void
leak_epochs_classify_by_sign(void)
{
	struct epoch_result e = { 0, 0, NULL };
	struct outcome o;

	CHECK(devnet_epoch(11, &e) == UC_OK && e.n == 16);
	if (e.n != 16)
		return;
	/* Validator 0 voted correctly: earns 0 in the leak, head unknown. */
	report_classify(&e.v[0], &o);
	CHECK(o.leak && o.source == 1 && o.target == 1 && o.head == OUTCOME_UNKNOWN);
	/* Validator 13 never came online: penalised, and charged inactivity. */
	report_classify(&e.v[13], &o);
	CHECK(o.leak && o.source == 0 && o.target == 0 && e.v[13].inactivity < 0);
	free(e.v);
}

static void
normal_epochs_classify_by_sign(void)
{
	struct epoch_result e = { 0, 0, NULL };
	struct outcome o;

	CHECK(devnet_epoch(8, &e) == UC_OK && e.n == 16);
	if (e.n != 16)
		return;
	report_classify(&e.v[0], &o);
	CHECK(!o.leak && o.source == 1 && o.target == 1);
	/* Validator 1 missed its target in epoch 8 (penalty in the file). */
	report_classify(&e.v[1], &o);
	CHECK(o.target == 0 && e.v[1].target < 0);
	report_classify(&e.v[12], &o);
	CHECK(o.source == 0 && o.target == 0 && o.head == 0);
	free(e.v);
}

/*
 * Amounts are bounded where they are read, but a sum over many epochs is
 * not: one beyond 64 bits is refused by report_finish, never wrapped into
 * a small number.
 */
static void
sums_beyond_64_bits_are_refused_not_wrapped(void)
{
	uint64_t idx[1] = { 1 };
	struct vresult v = { .index = 1, .duty = true, .eb_increments = 32,
	    .head = 0, .target = -200, .source = -100,
	    .inactivity = -(INT64_C(1) << 62) + 1000,
	    .ideal_head = 100, .ideal_target = 200, .ideal_source = 100 };
	struct epoch_result e = { 0, 1, &v };
	struct report r;
	int i;

	report_init(&r, idx, 1, 0, 9, NULL, 0, 0);
	for (i = 0; i < 2; i++) {
		e.epoch = (uint64_t)i;
		report_add(&r, &e, NULL, NULL);
	}
	/* Twice: -2^63 + 2000 - 600 still fits. */
	CHECK(report_finish(&r) == UC_OK && r.v[0].reward_gwei == INT64_MIN + 1400);
	report_release(&r);
	report_init(&r, idx, 1, 0, 9, NULL, 0, 0);
	for (i = 0; i < 3; i++) {
		e.epoch = (uint64_t)i;
		report_add(&r, &e, NULL, NULL);
	}
	CHECK(report_finish(&r) == UC_EDATA);
	report_release(&r);
	/*
	 * And counts: 100,000 validators over a year of epochs is 8e9 duties
	 * in the total, past 32 bits.
	 */
	{
		uint64_t two[2] = { 1, 2 };

		report_init(&r, two, 2, 0, 9, NULL, 0, 0);
		r.v[0].duty = r.v[1].duty = 4000000000ULL;
		r.v[0].target = r.v[1].target = 3960000000ULL;
		CHECK(report_finish(&r) == UC_OK);
		CHECK(r.total.duty == 8000000000ULL);
		CHECK_NEAR(report_uptime(&r.total), 0.99, 1e-12);
		report_release(&r);
	}
}

/*
 * report --plot past a cell an epoch: 1000 epochs in 480 columns, 450
 * validators in 200 rows, each cell the sum of its epochs and validators
 * as counted here; and a line's point the last value of its column.
 */
static void
chart_cells_sum_their_epochs_and_validators(void)
{
	enum { FROM = 100, EPOCHS = 1000, NVAL = 450 };
	static uint64_t idx[NVAL];
	static uint32_t duty[200][480], miss[200][480], served[200][480];
	struct report_clock clock = { 1.6e9, 384 };
	struct report_chart c;
	struct epoch_row row;
	uint64_t e, few[3] = { 5, 6, 9 };
	size_t k, r, col;
	double last[3][480];

	for (k = 0; k < NVAL; k++)
		idx[k] = 10 + 3 * k;
	report_chart_begin(&c, "test", idx, NVAL, FROM, FROM + EPOCHS - 1, &clock, NAN, 225);
	CHECK(!c.lines && c.ncols == 480 && c.nrows == 200);
	for (e = FROM; e < FROM + EPOCHS; e++)
		for (k = 0; k < NVAL; k++) {
			memset(&row, 0, sizeof(row));
			row.epoch = e;
			row.index = idx[k];
			row.served = e % 97 != 0;
			row.duty = row.served && (k + e) % 11 != 0;
			row.o.target = (k * 7 + e) % 5 != 0;
			report_chart_row(&c, &row);
			/* Counted here: row k * 200 / 450, column (e - from) * 480 / 1000. */
			r = k * 200 / NVAL;
			col = (size_t)(e - FROM) * 480 / EPOCHS;
			served[r][col] += row.served;
			duty[r][col] += row.duty;
			miss[r][col] += row.duty && !row.o.target;
		}
	for (r = 0; r < 200; r++)
		for (col = 0; col < 480; col++) {
			CHECK_U64(c.duty[r * 480 + col], duty[r][col]);
			CHECK_U64(c.miss[r * 480 + col], miss[r][col]);
			CHECK_U64(c.served[r * 480 + col], served[r][col]);
		}
	report_chart_release(&c);

	report_chart_begin(&c, "test", few, 3, FROM, FROM + EPOCHS - 1, &clock, 0.99, 225);
	CHECK(c.lines && c.ncols == 480);
	for (k = 0; k < 3; k++)
		for (col = 0; col < 480; col++)
			last[k][col] = NAN;
	for (e = FROM; e < FROM + EPOCHS; e++)
		for (k = 0; k < 3; k++) {
			memset(&row, 0, sizeof(row));
			row.epoch = e;
			row.index = few[k];
			row.served = true;
			row.rolling_uptime_frac = (e + k) % 3 ? (double)(e % 100) / 100 : NAN;
			report_chart_row(&c, &row);
			if (!isnan(row.rolling_uptime_frac))
				last[k][(e - FROM) * 480 / EPOCHS] = row.rolling_uptime_frac;
		}
	for (k = 0; k < 3; k++)
		for (col = 0; col < 480; col++)
			CHECK(c.line[k * 480 + col] == last[k][col] ||
			    (isnan(c.line[k * 480 + col]) && isnan(last[k][col])));
	report_chart_release(&c);
}

const struct unit_test report_tests[] = {
	T(chart_cells_sum_their_epochs_and_validators),
	T(uptime_and_effectiveness_sum_as_defined),
	T(rolling_uptime_forgets_skipped_epochs),
	T(summaries_and_rows_match_counting_by_hand),
	T(leak_epochs_classify_by_sign),
	T(normal_epochs_classify_by_sign),
	T(sums_beyond_64_bits_are_refused_not_wrapped),
	{ NULL, NULL },
};
