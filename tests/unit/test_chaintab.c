/* The shipped network table, and malformed ones rejected with a status. */
#include <stdlib.h>
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
		{ "tests/fixtures/bad-block-time.csv", UC_EDATA },
		{ "tests/fixtures/bad-name.csv", UC_EDATA },
		{ "tests/fixtures/bad-control.csv", UC_EDATA },
		{ "tests/fixtures/bad-whole.csv", UC_EDATA },
		{ "tests/fixtures/bad-ejection.csv", UC_EDATA },
		{ "/dev/zero", UC_EDATA },
		{ "tests", UC_ENOINPUT },
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

/* The frozen table's header and ethereum row, with field k set to v. */
static char *
table_with(size_t k, const char *v)
{
	FILE *fp = fopen("tests/fixtures/networks.csv", "r");
	char hdr[4096], row[4096], *out, *p, *q;
	size_t i;

	CHECK(fp != NULL && fgets(hdr, sizeof(hdr), fp) && fgets(row, sizeof(row), fp));
	fclose(fp);
	out = xmalloc(strlen(hdr) + strlen(row) + strlen(v) + 1);
	/* Fields before 'source' hold no quoted commas: the kth comma is the kth field's end. */
	for (p = row, i = 0; i < k && p; i++)
		if ((p = strchr(p, ',')) != NULL)
			p++;
	CHECK(p != NULL);
	q = strchr(p, ',');
	CHECK(q != NULL);
	sprintf(out, "%s%.*s%s%s", hdr, (int)(p - row), row, v, q);
	return out;
}

static int
load_text(const char *text)
{
	struct chaintab t;
	int rc;

	chaintab_init(&t);
	rc = chaintab_load_mem(&t, text, strlen(text), "test.csv");
	chaintab_release(&t);
	return rc;
}

static void
every_number_out_of_its_range_is_refused(void)
{
	size_t i, n = chaintab_ncolumns(), checked = 0;
	char *text;

	text = table_with(0, "ethereum");
	CHECK(load_text(text) == UC_OK);
	free(text);
	for (i = 0; i + 2 < n; i++) {
		double lo, hi;
		int whole;
		char v[64];

		if (!chaintab_column_range(i, &lo, &hi, &whole))
			continue;
		CHECK(lo <= hi);
		snprintf(v, sizeof(v), "%.17g", hi * 2 + 1);
		text = table_with(i, v);
		if (load_text(text) != UC_EDATA)
			fprintf(stderr, "  %s = %s loads\n", chaintab_column_name(i), v);
		CHECK(load_text(text) == UC_EDATA);
		free(text);
		snprintf(v, sizeof(v), "%.17g", lo > 0 ? lo / 2 : -1);
		text = table_with(i, v);
		CHECK(load_text(text) == UC_EDATA);
		free(text);
		if (whole) {
			snprintf(v, sizeof(v), "%.17g", lo + 0.5);
			text = table_with(i, v);
			CHECK(load_text(text) == UC_EDATA);
			free(text);
		}
		checked++;
	}
	CHECK(checked == 37);	/* every number column */
}

static void
names_and_text_are_plain(void)
{
	static const char *good[] = { "ethereum", "cosmos-sdk-default", "a", "0g",
	    "my_chain.v2" };
	static const char *bad[] = { "", "Ethereum", "-x", ".x", "_x", "a b", "a,b",
	    "=1+1", "\xc3\xa9", "a\tb",
	    "a1234567890123456789012345678901234567890123456789012345678901234" };
	size_t i;
	char *text;

	for (i = 0; i < NELEM(good); i++)
		CHECK(chaintab_name_ok(good[i]));
	for (i = 0; i < NELEM(bad); i++)
		CHECK(!chaintab_name_ok(bad[i]));
	/* Field 7 is liveness_measure, free text: a tab may stay, ESC not. */
	text = table_with(7, "\"a\tb\"");
	CHECK(load_text(text) == UC_OK);
	free(text);
	text = table_with(7, "\"a\033[2Jb\"");
	CHECK(load_text(text) == UC_EDATA);
	free(text);
	text = table_with(7, "\"two\nlines\"");
	CHECK(load_text(text) == UC_EDATA);
	free(text);
	/* Bytes from memory: a NUL is refused as from a file. */
	CHECK(load_text("chain\0") == UC_EDATA);
	{
		struct chaintab t;

		chaintab_init(&t);
		CHECK(chaintab_load_mem(&t, "chain\0", 6, "nul.csv") == UC_EDATA);
		chaintab_release(&t);
	}
}

/* n chains of the linear model, which needs no number; the last named dup. */
static char *
many_chains(size_t n, const char *last)
{
	FILE *fp = fopen("tests/fixtures/networks.csv", "r");
	char hdr[4096], *p;
	struct strbuf sb;
	size_t i, ncol = 1, model = 0;

	CHECK(fp != NULL && fgets(hdr, sizeof(hdr), fp));
	fclose(fp);
	for (p = hdr; (p = strchr(p, ',')) != NULL; p++)
		ncol++;
	/* Columns are found by name: put chain and penalty_model first. */
	strbuf_init(&sb);
	strbuf_addf(&sb, "chain,penalty_model");
	for (p = hdr; *p && *p != '\n'; ) {
		size_t len = strcspn(p, ",\n");

		if (!(len == 5 && strncmp(p, "chain", 5) == 0) &&
		    !(len == 13 && strncmp(p, "penalty_model", 13) == 0))
			strbuf_addf(&sb, ",%.*s", (int)len, p);
		else
			model++;
		p += len + (p[len] == ',');
	}
	CHECK(model == 2);
	strbuf_add(&sb, "\n", 1);
	for (i = 0; i < n; i++) {
		size_t j;

		if (i + 1 == n && last != NULL)
			strbuf_addf(&sb, "%s,credit_based", last);
		else
			strbuf_addf(&sb, "c%zu,credit_based", i);
		for (j = 2; j < ncol; j++)
			strbuf_add(&sb, ",", 1);
		strbuf_add(&sb, "\n", 1);
	}
	return sb.buf;
}

static void
a_table_holds_at_most_ten_thousand_chains(void)
{
	char *text;

	text = many_chains(CHAINTAB_MAX_CHAINS, NULL);
	CHECK(load_text(text) == UC_OK);
	free(text);
	text = many_chains(CHAINTAB_MAX_CHAINS + 1, NULL);
	CHECK(load_text(text) == UC_EDATA);
	free(text);
	/* The hash of names finds a duplicate among thousands. */
	text = many_chains(5000, "c1234");
	CHECK(load_text(text) == UC_EDATA);
	free(text);
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
	T(every_number_out_of_its_range_is_refused),
	T(names_and_text_are_plain),
	T(a_table_holds_at_most_ten_thousand_chains),
	T(unknown_names_get_a_suggestion_status),
	{ NULL, NULL },
};
