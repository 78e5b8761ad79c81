/*
 * The network table (chaintab.c): any bytes as a table, through
 * chaintab_load_mem.  No crash and no leak; a table is accepted or is a
 * data error, never anything else; an accepted table has between one and
 * CHAINTAB_MAX_CHAINS chains with valid, distinct names, every number
 * within its column's declared range (whole where it must be), text
 * without control characters, and what each penalty model needs: a
 * beacon chain's epoch is at least a second and matches its slots, so
 * no simulation of it can run away.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chaintab.h"
#include "diag.h"
#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_chain(const struct chaintab *t, const struct chain *c)
{
	size_t i, ncol = chaintab_ncolumns();
	const struct chain *found = NULL;

	if (!chaintab_name_ok(c->name) || chaintab_find(t, c->name) != c)
		abort();
	if (chaintab_lookup(t, c->name, &found) != UC_OK || found != c)
		abort();
	for (i = 0; i < ncol; i++) {
		char *cell = chaintab_cell(c, i);
		double lo, hi, v;
		int whole;
		const unsigned char *p;

		if (chaintab_column_range(i, &lo, &hi, &whole)) {
			if (cell[0] != '\0' && (!parse_double(cell, &v) || v < lo ||
			    v > hi || (whole && v != floor(v))))
				abort();
		} else {
			for (p = (const unsigned char *)cell; *p; p++)
				if ((*p < 0x20 && *p != '\t') || *p == 0x7f)
					abort();
		}
		free(cell);
	}
	if (c->model == PM_ETH_BEACON) {
		if (!(c->epoch_s >= 1) || !(c->block_time_s > 0) ||
		    !(c->epoch_slots >= 1) || isnan(c->gwei_per_native) ||
		    isnan(c->max_effective_balance_gwei) ||
		    !(c->ejection_balance_gwei <= c->max_effective_balance_gwei) ||
		    fabs(c->epoch_slots * c->block_time_s - c->epoch_s) > 1e-6)
			abort();
	}
	if (c->model == PM_JAIL_WINDOW &&
	    (!(c->block_time_s > 0) || !(c->window_blocks >= 1)))
		abort();
	if (c->model == PM_STEP_THRESHOLD && !(c->stake_period_s > 0))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct chaintab t;
	size_t i;
	int rc;

	chaintab_init(&t);
	rc = chaintab_load_mem(&t, (const char *)data, size, "fuzz.csv");
	if (rc != UC_OK && rc != UC_EDATA)
		abort();
	if (rc == UC_OK) {
		if (t.n < 1 || t.n > CHAINTAB_MAX_CHAINS)
			abort();
		for (i = 0; i < t.n; i++)
			check_chain(&t, &t.chains[i]);
	}
	chaintab_release(&t);
	return 0;
}
