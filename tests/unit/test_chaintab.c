/* The shipped network table, and malformed ones rejected with a status. */
#include <string.h>

#include "chaintab.h"
#include "diag.h"
#include "unit.h"
#include "util.h"

static void
shipped_table_has_every_chain_with_a_source(void)
{
	static const char *want[] = { "ethereum", "gnosis", "ethereum-hoodi", "solana",
	    "cosmoshub", "osmosis", "celestia", "dydx", "avalanche", "polygon-pos",
	    "near", "polkadot", "cardano", "tezos", "aptos", "sui" };
	struct chaintab t;
	size_t i;

	chaintab_init(&t);
	CHECK(chaintab_load(&t, "data/networks.csv") == UC_OK);
	for (i = 0; i < NELEM(want); i++)
		CHECK(chaintab_find(&t, want[i]) != NULL);
	for (i = 0; i < t.n; i++) {
		CHECK(t.chains[i].source[0] != '\0');
		CHECK(t.chains[i].confidence[0] != '\0');
		CHECK(t.chains[i].currency[0] != '\0');
	}
	CHECK(chaintab_find(&t, "ethereum")->model == PM_ETH_BEACON);
	CHECK(chaintab_find(&t, "ethereum")->typical_total_stake_native > 0);
	CHECK(chaintab_find(&t, "ethereum")->total_stake_date[0] != '\0');
	CHECK(chaintab_find(&t, "cosmoshub")->model == PM_JAIL_WINDOW);
	CHECK(chaintab_find(&t, "nope") == NULL);
	chaintab_release(&t);
}

static void
malformed_tables_are_data_errors(void)
{
	static const struct { const char *file; int rc; } cases[] = {
		{ "tests/fixtures/bad-missing-column.csv", UC_EDATA },
		{ "tests/fixtures/bad-number.csv", UC_EDATA },
		{ "tests/fixtures/bad-duplicate.csv", UC_EDATA },
		{ "tests/fixtures/bad-model.csv", UC_EDATA },
		{ "tests/fixtures/bad-needs.csv", UC_EDATA },
		{ "tests/fixtures/bad-fields.csv", UC_EDATA },
		{ "tests/fixtures/bad-fraction.csv", UC_EDATA },
		{ "tests/fixtures/empty.csv", UC_EDATA },
		{ "tests/fixtures/does-not-exist.csv", UC_ENOINPUT },
	};
	size_t i;

	for (i = 0; i < NELEM(cases); i++) {
		struct chaintab t;

		chaintab_init(&t);
		CHECK(chaintab_load(&t, cases[i].file) == cases[i].rc);
		chaintab_release(&t);
	}
}

static void
unknown_names_get_a_suggestion_status(void)
{
	struct chaintab t;
	const struct chain *c = NULL;

	chaintab_init(&t);
	CHECK(chaintab_load(&t, "data/networks.csv") == UC_OK);
	CHECK(chaintab_lookup(&t, "etherum", &c) == UC_EUSAGE);
	CHECK(c == NULL);
	CHECK(chaintab_lookup(&t, "gnosis", &c) == UC_OK && c != NULL);
	chaintab_release(&t);
}

const struct unit_test chaintab_tests[] = {
	T(shipped_table_has_every_chain_with_a_source),
	T(malformed_tables_are_data_errors),
	T(unknown_names_get_a_suggestion_status),
	{ NULL, NULL },
};
