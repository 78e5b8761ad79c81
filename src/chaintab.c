/*
 * data/networks.csv → struct chain[], read with libcsv.  Columns are found
 * by header name, so a user's table may order them freely; every known
 * column must be present, and each penalty model checks the cells it needs.
 *
 * Over 600 lines, as one file on purpose: columns[] drives reading,
 * range checks and display alike, and a new column is one line of it;
 * split, columns[] would have to be shared and a column's rules spread.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <csv.h>

#include "chaintab.h"
#include "diag.h"
#include "util.h"

enum coltype { COL_STR, COL_NUM };

/*
 * Every number has a range, checked at load: a value outside it is a
 * unit mistake or a typo, and the models loop, divide and sum in u64 gwei
 * on these values.  Each bound's reason is beside it.  "whole": a count,
 * which the models round otherwise.
 */
#define YEAR_S		31557600.0		/* a Julian year */
#define CENTURY_S	(100 * YEAR_S)		/* the longest duration accepted */
#define S(f)	COL_STR, offsetof(struct chain, f), 0, 0, 0
#define N(f, lo, hi, whole)	COL_NUM, offsetof(struct chain, f), lo, hi, whole
static const struct column {
	const char	*name;
	enum coltype	 type;
	size_t		 off;
	double		 lo, hi;	/* a number's range, both ends allowed */
	int		 whole;		/* a number that must be whole */
} columns[] = {
	{ "chain",				S(name) },
	{ "family",				S(family) },
	{ "status",				S(status) },
	{ "currency",				S(currency) },
	/* Solana's 0.4 s, Aptos' and Sui's sub-second blocks; none waits an hour. */
	{ "block_time_s",			N(block_time_s, 0.01, 3600, 0) },
	/* Solana and Cardano: 432,000 slots; 10 million is no chain's. */
	{ "epoch_slots",			N(epoch_slots, 1, 1e7, 1) },
	/* Gnosis 80 s, Ethereum 384 s, Cardano 5 days; under 1 s or over a year: units. */
	{ "epoch_s",				N(epoch_s, 1, YEAR_S, 0) },
	{ "liveness_measure",			S(liveness_measure) },
	{ "penalty_model",			S(penalty_model_name) },
	{ "reward_shape",			S(reward_shape) },
	/* Cosmos SDK's default 100 to Osmosis' 80,000; 1e8 blocks are years. */
	{ "window_blocks",			N(window_blocks, 1, 1e8, 1) },
	{ "min_signed_fraction",		N(min_signed_frac, 0, 1, 0) },
	/* At most a window of blocks. */
	{ "max_missed_blocks",			N(max_missed_blocks, 0, 1e8, 1) },
	{ "downtime_slash_fraction",		N(downtime_slash_frac, 0, 1, 0) },
	/* Cosmos Hub 10 minutes, dYdX 2 hours; a year is no jail term. */
	{ "jail_s",				N(jail_s, 0, YEAR_S, 0) },
	{ "uptime_reward_threshold",		N(uptime_reward_threshold_frac, 0, 1, 0) },
	{ "full_reward_uptime",			N(full_reward_uptime_frac, 0, 1, 0) },
	{ "break_even_uptime",			N(break_even_uptime_frac, 0, 1, 0) },
	{ "double_sign_slash_fraction",		N(double_sign_slash_frac, 0, 1, 0) },
	{ "double_sign_tombstone",		S(double_sign_tombstone) },
	/* --stake's own limit; Aptos' 1,000,000 APT is the largest minimum. */
	{ "min_stake",				N(min_stake_native, 0, 1e12, 0) },
	{ "stake_unit",				S(stake_unit) },
	{ "delegators_earn",			S(delegators_earn) },
	{ "typical_apr",			N(typical_apr_frac, 0, 1, 0) },
	{ "apr_basis",				S(apr_basis) },
	/* 21 to 30 days on Cosmos chains, 28 on Polkadot; ten years is none. */
	{ "unbonding_days",			N(unbonding_days, 0, 3650, 0) },
	/* The longest duration the tool takes (MAX_DURATION_S). */
	{ "max_tolerated_downtime_s",		N(max_tolerated_downtime_s, 0, CENTURY_S, 0) },
	/* Avalanche's 2 weeks; under a second is a unit mistake. */
	{ "stake_period_s",			N(stake_period_s, 1, CENTURY_S, 0) },
	/* --total-stake's own limit. */
	{ "typical_total_stake",		N(typical_total_stake_native, 0, 1e13, 0) },
	{ "total_stake_date",			S(total_stake_date) },
	/* Ethereum 1e9, Gnosis 3.2e10; 1e12 keeps 18 million units within u64 gwei. */
	{ "gwei_per_native",			N(gwei_per_native, 1, 1e12, 0) },
	/* Mainnet 64, Gnosis 25. */
	{ "base_reward_factor",			N(base_reward_factor, 1, 1024, 1) },
	/* Bellatrix 2^24, phase0 2^26, the largest used; 2^32 leaves room. */
	{ "inactivity_penalty_quotient",	N(inactivity_penalty_quotient, 1, 4294967296.0, 1) },
	/* 4 on every network; the score grows by it each epoch. */
	{ "inactivity_score_bias",		N(inactivity_score_bias, 1, 1e6, 1) },
	/* 16 on every network. */
	{ "inactivity_score_recovery_rate",	N(inactivity_score_recovery_rate, 0, 1e6, 1) },
	/* 4 on every network. */
	{ "min_epochs_to_inactivity_penalty",	N(min_epochs_to_inactivity_penalty, 0, 1e6, 1) },
	/* 16 ETH; at most the largest effective balance (checked below). */
	{ "ejection_balance_gwei",		N(ejection_balance_gwei, 0, 1e15, 1) },
	/* One increment (1 ETH) to 1,000,000 ETH; Electra's is 2048 ETH. */
	{ "max_effective_balance_gwei",		N(max_effective_balance_gwei, 1e9, 1e15, 1) },
	/* 512 on mainnet and Gnosis. */
	{ "sync_committee_size",		N(sync_committee_size, 1, 1e5, 1) },
	/* 256 on mainnet, 512 on Gnosis. */
	{ "epochs_per_sync_committee_period",	N(epochs_per_sync_committee_period, 1, 1e6, 1) },
	/* 128 in phase0, 32 on Gnosis, 4096 in Electra; a divisor. */
	{ "min_slashing_penalty_quotient",	N(min_slashing_penalty_quotient, 1, 4294967296.0, 1) },
	/* 1, 2, then 3 by fork. */
	{ "proportional_slashing_multiplier",	N(proportional_slashing_multiplier, 0, 100, 1) },
	/* Avalanche's reward rate for the shortest and the longest stake: 10 % and 12 %. */
	{ "consumption_rate_min",		N(consumption_rate_min_frac, 0, 1, 0) },
	{ "consumption_rate_max",		N(consumption_rate_max_frac, 0, 1, 0) },
	/* Avalanche's MintingPeriod, 365 days. */
	{ "minting_period_s",			N(minting_period_s, 1, CENTURY_S, 0) },
	/* Share of a period's rewards under its threshold rule; Tezos' 0.55. */
	{ "step_reward_share",			N(step_reward_share_frac, 0, 1, 0) },
	/* NEAR: endorsements count as 0 or 1 at 70 %. */
	{ "endorsement_threshold",		N(endorsement_threshold_frac, 0, 1, 0) },
	/* Tezos: 2 cycles without activity deactivate a baker. */
	{ "inactivity_periods",			N(inactivity_periods, 1, 1000, 1) },
	/* Periods between a change of rights and its effect: Tezos 2, NEAR 1. */
	{ "rights_delay_periods",		N(rights_delay_periods, 0, 1000, 1) },
	{ "confidence",				S(confidence) },
	/* What the row describes (fork, app or protocol version) and when its
	 * sources were last read: governance and upgrades change rows. */
	{ "protocol_version",			S(protocol_version) },
	{ "source_read",			S(source_read) },
	/* What the row cannot say: a pending upgrade, an unconfirmed value. */
	{ "caveat",				S(caveat) },
	{ "source",				S(source) },
};
#undef S
#undef N

static const struct {
	const char		*name;
	enum penalty_model	 model;
} models[] = {
	{ "attestation_linear_with_penalty",	PM_ETH_BEACON },
	{ "jail_window",			PM_JAIL_WINDOW },
	{ "step_threshold",			PM_STEP_THRESHOLD },
	{ "piecewise_linear_with_kickout",	PM_PIECEWISE_KICKOUT },
	{ "cycle_threshold",			PM_CYCLE_THRESHOLD },
	{ "peer_reported_reward_slash",		PM_PEER_REPORTED },
	{ "credit_based",			PM_LINEAR },
	{ "points_based",			PM_LINEAR },
	{ "block_production_ratio",		PM_LINEAR },
	{ "proposal_success_ratio",		PM_LINEAR },
	{ "per_checkpoint_reward_loss",		PM_LINEAR },
};

/* Cells each model cannot do without. */
static const char *const need_eth[] = {
	"block_time_s", "epoch_slots", "epoch_s", "gwei_per_native",
	"base_reward_factor", "inactivity_penalty_quotient",
	"inactivity_score_bias", "inactivity_score_recovery_rate",
	"min_epochs_to_inactivity_penalty", "ejection_balance_gwei",
	"max_effective_balance_gwei", "sync_committee_size",
	"epochs_per_sync_committee_period", "min_stake", NULL,
};
static const char *const need_jail[] = {
	"block_time_s", "window_blocks", "min_signed_fraction",
	"downtime_slash_fraction", "jail_s", NULL,
};
static const char *const need_step[] = {
	"uptime_reward_threshold", "stake_period_s", NULL,
};
static const char *const need_piecewise[] = {
	"epoch_s", "uptime_reward_threshold", "full_reward_uptime",
	"min_signed_fraction", NULL,
};
static const char *const need_cycle[] = {
	"epoch_s", "uptime_reward_threshold", NULL,
};
static const char *const need_peer[] = { "epoch_s", NULL };
static const char *const need_none[] = { NULL };

static const char *const *
needs(enum penalty_model m)
{
	switch (m) {
	case PM_ETH_BEACON:		return need_eth;
	case PM_JAIL_WINDOW:		return need_jail;
	case PM_STEP_THRESHOLD:		return need_step;
	case PM_PIECEWISE_KICKOUT:	return need_piecewise;
	case PM_CYCLE_THRESHOLD:	return need_cycle;
	case PM_PEER_REPORTED:		return need_peer;
	case PM_LINEAR:			return need_none;
	}
	return need_none;
}

/* Columns that hold a fraction of something and must lie in [0, 1]. */
static const char *const fractions[] = {
	"min_signed_fraction", "downtime_slash_fraction",
	"uptime_reward_threshold", "full_reward_uptime", "break_even_uptime",
	"double_sign_slash_fraction", "typical_apr", NULL,
};

#define NAME_SLOTS	16384	/* above CHAINTAB_MAX_CHAINS: a hash table of names */

struct loader {
	struct chaintab	*t;
	const char	*path;
	int		 rc;
	size_t		 line;		/* physical line the record started on */
	size_t		 nl_in_fields;	/* newlines inside quoted fields */
	size_t		 nrec;
	int		 header_done;
	int		*colidx;	/* colidx[file column] = columns[] index or -1 */
	size_t		 ncol;		/* columns in the header */
	size_t		 capchains;
	uint32_t	*names;		/* NAME_SLOTS: chain index + 1, 0 for none */
	char		**fields;	/* current record */
	size_t		 nfields;
	size_t		 capfields;
};

static int
fail(struct loader *L, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
fail(struct loader *L, size_t line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (L->rc != UC_OK)
		return L->rc;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	L->rc = diag_error(UC_EDATA, "%s:%zu: %s", L->path, line, msg);
	return L->rc;
}

static void
field_cb(void *s, size_t len, void *data)
{
	struct loader *L = data;
	char *f;
	size_t i;

	/* Past an error or a header too wide, nothing is kept. */
	if (L->rc != UC_OK || L->nfields >= CHAINTAB_MAX_FIELDS) {
		if (L->rc == UC_OK)
			fail(L, L->line, "more than %d fields in a line", CHAINTAB_MAX_FIELDS);
		return;
	}
	f = xmalloc(len + 1);
	memcpy(f, s ? s : "", len);
	f[len] = '\0';
	for (i = 0; i < len; i++)
		if (f[i] == '\n')
			L->nl_in_fields++;
	if (L->nfields == L->capfields) {
		L->capfields = L->capfields ? 2 * L->capfields : 64;
		L->fields = xrealloc(L->fields, L->capfields * sizeof(*L->fields));
	}
	L->fields[L->nfields++] = f;
}

static void
clear_fields(struct loader *L)
{
	size_t i;

	for (i = 0; i < L->nfields; i++)
		free(L->fields[i]);
	L->nfields = 0;
}

static int
column_index(const char *name)
{
	size_t i;

	for (i = 0; i < NELEM(columns); i++)
		if (strcmp(columns[i].name, name) == 0)
			return (int)i;
	return -1;
}

static void
take_header(struct loader *L, size_t line)
{
	size_t i, j;

	L->ncol = L->nfields;
	L->colidx = xcalloc(L->ncol, sizeof(*L->colidx));
	for (i = 0; i < L->ncol; i++) {
		L->colidx[i] = column_index(L->fields[i]);
		for (j = 0; j < i && L->colidx[i] >= 0; j++)
			if (L->colidx[j] == L->colidx[i]) {
				fail(L, line, "column '%s' appears twice", L->fields[i]);
				return;
			}
	}
	for (i = 0; i < NELEM(columns); i++) {
		for (j = 0; j < L->ncol; j++)
			if (L->colidx[j] == (int)i)
				break;
		if (j == L->ncol) {
			fail(L, line, "missing column '%s'", columns[i].name);
			return;
		}
	}
	L->header_done = 1;
}

static double
num_at(const struct chain *c, const char *name)
{
	int i = column_index(name);

	return *(const double *)((const char *)c + columns[i].off);
}

bool
chaintab_name_ok(const char *name)
{
	size_t i;

	if (!islower((unsigned char)name[0]) && !isdigit((unsigned char)name[0]))
		return false;
	for (i = 1; name[i]; i++)
		if (!islower((unsigned char)name[i]) && !isdigit((unsigned char)name[i]) &&
		    strchr("-_.", name[i]) == NULL)
			return false;
	return i <= CHAINTAB_MAX_NAME;
}

/*
 * Text cells go to terminals and spreadsheets: one line each, no escape
 * sequences.  A tab is allowed, as in "a<TAB>b".
 */
static int
text_ok(const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p; p++)
		if ((*p < 0x20 && *p != '\t') || *p == 0x7f)
			return 0;
	return 1;
}

/*
 * The chain named name among those loaded, or SIZE_MAX after noting it
 * as the next one: a hash of the names keeps 10,000 chains from costing
 * 50 million comparisons.  FNV-1a, open addressing.
 */
static size_t
seen(struct loader *L, const char *name)
{
	uint32_t h = 2166136261u;
	const unsigned char *p;
	size_t k;

	if (L->names == NULL)
		L->names = xcalloc(NAME_SLOTS, sizeof(*L->names));
	for (p = (const unsigned char *)name; *p; p++)
		h = (h ^ *p) * 16777619u;
	for (k = h % NAME_SLOTS; L->names[k] != 0; k = (k + 1) % NAME_SLOTS)
		if (strcmp(L->t->chains[L->names[k] - 1].name, name) == 0)
			return L->names[k] - 1;
	L->names[k] = (uint32_t)L->t->n + 1;
	return SIZE_MAX;
}

static void
check_chain(struct loader *L, struct chain *c, size_t line)
{
	const char *const *need;
	size_t i;

	for (i = 0; i < NELEM(columns); i++) {
		const char *v;

		if (columns[i].type != COL_STR)
			continue;
		v = *(char **)((char *)c + columns[i].off);
		if (v != NULL && !text_ok(v)) {
			fail(L, line, "column '%s': a control character in the text",
			    columns[i].name);
			return;
		}
	}
	if (c->name == NULL || c->name[0] == '\0') {
		fail(L, line, "empty chain name");
		return;
	}
	if (!chaintab_name_ok(c->name)) {
		fail(L, line, "chain name '%.40s%s' is not lowercase letters, digits, "
		    "'-', '_' and '.', starting with a letter or digit, at most %d bytes",
		    c->name, strlen(c->name) > 40 ? "..." : "", CHAINTAB_MAX_NAME);
		return;
	}
	if ((i = seen(L, c->name)) != SIZE_MAX) {
		fail(L, line, "duplicate chain '%s' (first on line %zu)", c->name,
		    L->t->chains[i].line);
		return;
	}
	for (i = 0; i < NELEM(models); i++)
		if (strcmp(models[i].name, c->penalty_model_name) == 0)
			break;
	if (i == NELEM(models)) {
		fail(L, line, "%s: unknown penalty model '%.40s'", c->name,
		    c->penalty_model_name);
		return;
	}
	c->model = models[i].model;
	for (need = needs(c->model); *need; need++)
		if (isnan(num_at(c, *need))) {
			fail(L, line, "%s: penalty model needs a value in '%s'", c->name, *need);
			return;
		}
	for (need = fractions; *need; need++) {
		double v = num_at(c, *need);

		if (!isnan(v) && (v < 0 || v > 1)) {
			fail(L, line, "%s: '%s' must be a fraction in [0, 1]", c->name, *need);
			return;
		}
	}
	for (i = 0; i < NELEM(columns); i++) {
		double v, lo, hi;
		int whole;

		/* Through the accessor the tests probe: one statement of each range. */
		if (!chaintab_column_range(i, &lo, &hi, &whole))
			continue;
		v = *(double *)((char *)c + columns[i].off);
		if (isnan(v))
			continue;
		if (v < lo || v > hi) {
			fail(L, line, "%s: '%s' is %g, outside [%g, %g]", c->name,
			    columns[i].name, v, lo, hi);
			return;
		}
		if (whole && v != floor(v)) {
			fail(L, line, "%s: '%s' is %g, not a whole number", c->name,
			    columns[i].name, v);
			return;
		}
	}
	if (c->model == PM_ETH_BEACON) {
		if (fabs(c->epoch_slots * c->block_time_s - c->epoch_s) > 1e-6)
			fail(L, line, "%s: epoch_s is not epoch_slots x block_time_s", c->name);
		else if (c->ejection_balance_gwei > c->max_effective_balance_gwei)
			fail(L, line, "%s: ejection_balance_gwei is above "
			    "max_effective_balance_gwei", c->name);
	}
}

static void
take_record(struct loader *L, size_t line)
{
	struct chain c;
	size_t i;

	if (L->t->n == CHAINTAB_MAX_CHAINS) {
		fail(L, line, "more than %d chains", CHAINTAB_MAX_CHAINS);
		return;
	}
	memset(&c, 0, sizeof(c));
	c.line = line;
	for (i = 0; i < NELEM(columns); i++)
		if (columns[i].type == COL_NUM)
			*(double *)((char *)&c + columns[i].off) = NAN;
	for (i = 0; i < L->ncol && L->rc == UC_OK; i++) {
		const struct column *col;
		const char *v = L->fields[i];

		if (L->colidx[i] < 0)
			continue;		/* a column of the user's own: kept out */
		col = &columns[L->colidx[i]];
		if (col->type == COL_STR) {
			*(char **)((char *)&c + col->off) = xstrdup(v);
		} else if (v[0] != '\0' &&
		    !parse_double(v, (double *)((char *)&c + col->off))) {
			/* The cell goes into the message: not with escape sequences. */
			if (text_ok(v))
				fail(L, line, "column '%s': '%.40s' is not a number",
				    col->name, v);
			else
				fail(L, line, "column '%s': a control character in a "
				    "number", col->name);
		}
	}
	if (L->rc == UC_OK)
		check_chain(L, &c, line);
	if (L->t->n == L->capchains) {
		L->capchains = L->capchains ? 2 * L->capchains : 32;
		L->t->chains = xrealloc(L->t->chains, L->capchains * sizeof(c));
	}
	L->t->chains[L->t->n++] = c;	/* even when bad, so release frees it */
}

static void
record_cb(int term, void *data)
{
	struct loader *L = data;
	size_t line = L->line;

	(void)term;
	L->line += 1 + L->nl_in_fields;
	L->nl_in_fields = 0;
	if (L->rc != UC_OK || L->nfields == 0 ||
	    (L->nfields == 1 && L->fields[0][0] == '\0') || L->fields[0][0] == '#') {
		clear_fields(L);
		return;
	}
	if (!L->header_done) {
		take_header(L, line);
	} else if (L->nfields != L->ncol) {
		fail(L, line, "%zu fields, the header has %zu", L->nfields, L->ncol);
	} else {
		take_record(L, line);
	}
	L->nrec++;
	clear_fields(L);
}

void
chaintab_init(struct chaintab *t)
{
	t->path = NULL;
	t->chains = NULL;
	t->n = 0;
}

void
chaintab_release(struct chaintab *t)
{
	size_t i, j;

	for (i = 0; i < t->n; i++)
		for (j = 0; j < NELEM(columns); j++)
			if (columns[j].type == COL_STR)
				free(*(char **)((char *)&t->chains[i] + columns[j].off));
	free(t->chains);
	free(t->path);
	chaintab_init(t);
}

int
chaintab_load_mem(struct chaintab *t, const char *data, size_t len,
    const char *name)
{
	struct csv_parser p;
	struct loader L;
	const char *nul;

	memset(&L, 0, sizeof(L));
	L.t = t;
	L.path = name;
	L.line = 1;
	t->path = xstrdup(name);
	/* util_read_text says so first for a file; bytes from elsewhere here. */
	if ((nul = memchr(data, '\0', len)) != NULL)
		return diag_error(UC_EDATA, "network table '%s' is not a text file (a "
		    "NUL byte at offset %zu)", name, (size_t)(nul - data));
	if (len > CHAINTAB_MAX_BYTES)
		return diag_error(UC_EDATA, "network table '%s' is longer than %d MiB",
		    name, CHAINTAB_MAX_BYTES >> 20);
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_EMPTY_IS_NULL) != 0)
		return diag_error(UC_ESOFTWARE, "cannot start the CSV parser");
	if (csv_parse(&p, data, len, field_cb, record_cb, &L) != len)
		fail(&L, L.line + L.nl_in_fields, "malformed CSV: %s",
		    csv_strerror(csv_error(&p)));
	if (L.rc == UC_OK && csv_fini(&p, field_cb, record_cb, &L) != 0)
		fail(&L, L.line, "malformed CSV: %s", csv_strerror(csv_error(&p)));
	csv_free(&p);
	clear_fields(&L);
	free(L.fields);
	free(L.colidx);
	free(L.names);
	if (L.rc == UC_OK && !L.header_done)
		L.rc = diag_error(UC_EDATA, "%s:1: empty network table", name);
	if (L.rc == UC_OK && t->n == 0)
		L.rc = diag_error(UC_EDATA, "%s:%zu: no chains in the network table",
		    name, L.line);
	return L.rc;
}

int
chaintab_load(struct chaintab *t, const char *path)
{
	struct strbuf sb;
	int rc;

	if ((rc = util_read_text(path, "network table", CHAINTAB_MAX_BYTES, &sb)) !=
	    UC_OK) {
		t->path = xstrdup(path);
		return rc;
	}
	rc = chaintab_load_mem(t, sb.buf, sb.len, path);
	strbuf_release(&sb);
	return rc;
}

/*
 * The directory of the running binary, into dir: the kernel's word
 * (/proc/self/exe), else argv[0] where it is a path.  Symbolic links are
 * resolved, so a link to the binary leads to the binary's own table.
 * Returns false for a name found in PATH on a system without /proc.
 */
static bool
self_dir(const char *argv0, char *dir, size_t n)
{
	char *self = NULL;
	ssize_t len;

	if ((len = readlink("/proc/self/exe", dir, n)) > 0 && (size_t)len < n) {
		dir[len] = '\0';
	} else if (argv0 != NULL && strchr(argv0, '/') != NULL &&
	    (self = realpath(argv0, NULL)) != NULL && strlen(self) < n) {
		strcpy(dir, self);
		free(self);
	} else {
		free(self);
		return false;
	}
	*strrchr(dir, '/') = '\0';
	return true;
}

const char *
chaintab_default_path(const char *data_opt, const char *argv0)
{
	const char *env = getenv("UPTIMECALC_DATA");
	static char path[PATH_MAX];
	char dir[PATH_MAX], *up;

	if (data_opt != NULL)
		return data_opt;
	if (env != NULL && env[0] != '\0')
		return env;
	/*
	 * Found from the binary, not from a path the build recorded, so a
	 * moved build tree or install prefix still has its table: the build
	 * tree's binary sits beside data/, an installed one in PREFIX/bin.
	 */
	if (self_dir(argv0, dir, sizeof(dir))) {
		if ((size_t)snprintf(path, sizeof(path), "%s/data/networks.csv", dir) <
		    sizeof(path) && access(path, R_OK) == 0)
			return path;
		if ((up = strrchr(dir, '/')) != NULL) {
			*up = '\0';
			if ((size_t)snprintf(path, sizeof(path),
			    "%s/share/uptimecalc/networks.csv", dir) < sizeof(path) &&
			    access(path, R_OK) == 0)
				return path;
		}
	}
	return DATADIR "/networks.csv";
}

const struct chain *
chaintab_find(const struct chaintab *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (strcmp(t->chains[i].name, name) == 0)
			return &t->chains[i];
	return NULL;
}

int
chaintab_lookup(const struct chaintab *t, const char *name,
    const struct chain **out)
{
	const char *best = NULL;
	size_t i, bestd = (size_t)-1;

	if ((*out = chaintab_find(t, name)) != NULL)
		return UC_OK;
	for (i = 0; i < t->n; i++) {
		size_t d = util_edit_distance(name, t->chains[i].name);

		/* A prefix ("cosmos" for "cosmoshub") is as good as a near miss. */
		if (strncmp(t->chains[i].name, name, strlen(name)) == 0 && name[0])
			d = d < 2 ? d : 2;
		if (d < bestd) {
			bestd = d;
			best = t->chains[i].name;
		}
	}
	if (best != NULL && bestd <= 3 + strlen(name) / 3)
		return diag_error(UC_EUSAGE, "unknown chain '%s'; did you mean '%s'?"
		    " ('uptimecalc chains' lists them)", name, best);
	return diag_error(UC_EUSAGE, "unknown chain '%s' ('uptimecalc chains' lists them)",
	    name);
}

size_t
chaintab_ncolumns(void)
{
	return NELEM(columns);
}

const char *
chaintab_column_name(size_t i)
{
	return columns[i].name;
}

int
chaintab_column_is_number(size_t i)
{
	return columns[i].type == COL_NUM;
}

int
chaintab_column_range(size_t i, double *lo, double *hi, int *whole)
{
	if (columns[i].type != COL_NUM)
		return 0;
	*lo = columns[i].lo;
	*hi = columns[i].hi;
	*whole = columns[i].whole;
	return 1;
}

char *
chaintab_cell(const struct chain *c, size_t i)
{
	const char *p = (const char *)c + columns[i].off;
	char buf[64];
	double v;

	if (columns[i].type == COL_STR)
		return xstrdup(*(char *const *)p ? *(char *const *)p : "");
	v = *(const double *)p;
	if (isnan(v))
		return xstrdup("");
	snprintf(buf, sizeof(buf), "%.15g", v);
	return xstrdup(buf);
}
