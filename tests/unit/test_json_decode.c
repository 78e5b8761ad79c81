/*
 * The decoder and the classifier on real Lodestar v1.22 responses
 * (tests/fixtures/lodestar-v1.22-devnet, read from disk).  Expected
 * values are read off the recorded JSON by eye and restated here.
 */
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "json_decode.h"
#include "unit.h"
#include "util.h"

#define FIX "tests/fixtures/lodestar-v1.22-devnet/"

static char *
slurp(const char *name, size_t *len)
{
	char path[512];
	FILE *fp;
	struct strbuf sb;
	char buf[8192];
	size_t n;

	snprintf(path, sizeof(path), FIX "%s", name);
	strbuf_init(&sb);
	if ((fp = fopen(path, "rb")) == NULL) {
		/* A fixture that is not there is a failure, not an empty body. */
		CHECK(!"fixture missing");
		fprintf(stderr, "  cannot read %s\n", path);
		*len = 0;
		return xstrdup("");
	}
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		strbuf_add(&sb, buf, n);
	fclose(fp);
	*len = sb.len;
	return sb.buf ? sb.buf : xstrdup("");
}

static void
genesis_and_spec_give_the_devnet_timing(void)
{
	struct jd_genesis g;
	struct jd_timing t;
	size_t n;
	char *b = slurp("genesis.json", &n);

	CHECK(jd_genesis(b, n, &g) == UC_OK);
	CHECK_U64(g.genesis_time, 1795271669);
	CHECK(strcmp(g.validators_root, "0x05d79a31a8e69ecd78114c50ce73116be33027d8431b82fff6c0b3cd9c2cbb1f") == 0);
	free(b);
	b = slurp("config_spec.json", &n);
	CHECK(jd_spec(b, n, &t) == UC_OK);
	/* minimal preset: 2 s slots, 8-slot epochs, not 12 s and 32 */
	CHECK_NEAR(t.slot_s, 2, 0);
	CHECK_U64(t.slots_per_epoch, 8);
	free(b);
	b = xstrdup("{\"data\":{\"SLOT_DURATION_MS\":\"5000\",\"SLOTS_PER_EPOCH\":\"16\"}}");
	CHECK(jd_spec(b, strlen(b), &t) == UC_OK);
	free(b);
	CHECK_NEAR(t.slot_s, 5, 0);
}

static void
lodestar_decimal_rewards_are_rounded_and_flagged(void)
{
	struct jd_att_rewards r;
	size_t n, i;
	char *b = slurp("rewards_attestations.epoch-0005.at-end.json", &n);
	const struct jd_reward *v11 = NULL;
	const struct jd_ideal *i32 = NULL;

	CHECK(jd_att_rewards(b, n, "rewards/attestations/5", &r) == UC_OK);
	CHECK(r.decimal_strings);
	CHECK(r.ntotal == 16);
	for (i = 0; i < r.ntotal; i++)
		if (r.total[i].index == 11)
			v11 = &r.total[i];
	for (i = 0; i < r.nideal; i++)
		if (r.ideal[i].eb_gwei == 32000000000ULL)
			i32 = &r.ideal[i];
	CHECK(v11 != NULL && v11->target == -1162746 && v11->source == -626094 &&
	    v11->head == 0);
	/* "799387.875" -> 799388, "391308.75" -> 391309, "273916.125" -> 273916 */
	CHECK(i32 != NULL && i32->target == 799388 && i32->source == 391309 &&
	    i32->head == 273916);
	jd_att_rewards_release(&r);
	free(b);
}

static void
malformed_rewards_name_the_field(void)
{
	struct jd_att_rewards r;
	const char *num = "{\"data\":{\"ideal_rewards\":[],\"total_rewards\":"
	    "[{\"validator_index\":\"1\",\"head\":\"0\",\"target\":12,\"source\":\"0\"}]}}";
	const char *cut = "{\"data\":{\"ideal_rewards\":[";
	const char *junk = "{\"data\":{\"ideal_rewards\":[],\"total_rewards\":"
	    "[{\"validator_index\":\"1\",\"head\":\"1x\",\"target\":\"0\",\"source\":\"0\"}]}}";

	CHECK(jd_att_rewards(num, strlen(num), "ep", &r) == UC_EPROTO);
	CHECK(jd_att_rewards(cut, strlen(cut), "ep", &r) == UC_EPROTO);
	CHECK(jd_att_rewards(junk, strlen(junk), "ep", &r) == UC_EPROTO);
	CHECK(jd_att_rewards("{}", 2, "ep", &r) == UC_EPROTO);
}

/*
 * Entries alike but for the index are taken by comparison with the last
 * ones read in full: every entry must still come out as written, and an
 * entry that only starts like them must be read (or refused) in full.
 */
static void
repeated_entries_keep_their_own_values(void)
{
	struct jd_att_rewards r;
	const char *body = "{\"data\":{\"ideal_rewards\":[],\"total_rewards\":["
	    "{\"validator_index\":\"7\",\"head\":\"2\",\"target\":\"4\",\"source\":\"3\"},"
	    "{\"validator_index\":\"80\",\"head\":\"2\",\"target\":\"4\",\"source\":\"3\"},"
	    "{\"validator_index\":\"9\",\"head\":\"2\",\"target\":\"-4\",\"source\":\"3\"},"
	    "{\"validator_index\":\"10\",\"head\":\"2\",\"target\":\"4\",\"source\":\"3\"},"
	    "{\"validator_index\":\"11\",\"head\":\"2\",\"target\":\"-4\",\"source\":\"3\"},"
	    "{\"validator_index\":\"12\",\"head\":\"2\",\"target\":\"4\",\"source\":\"3\","
	    "\"inactivity\":\"-6\"},"
	    "{\"head\":\"2\",\"target\":\"4\",\"source\":\"3\",\"validator_index\":\"13\"},"
	    "{\"head\":\"2\",\"target\":\"4\",\"source\":\"3\",\"validator_index\":\"14\"}]}}";
	const char *bad = "{\"data\":{\"ideal_rewards\":[],\"total_rewards\":["
	    "{\"validator_index\":\"1\",\"head\":\"2\",\"target\":\"4\",\"source\":\"3\"},"
	    "{\"validator_index\":\"2x\",\"head\":\"2\",\"target\":\"4\",\"source\":\"3\"}]}}";
	const char *huge = "{\"data\":{\"ideal_rewards\":[],\"total_rewards\":["
	    "{\"validator_index\":\"1\",\"head\":\"2\",\"target\":\"4\",\"source\":\"3\"},"
	    "{\"validator_index\":\"99999999999999999999\",\"head\":\"2\",\"target\":\"4\","
	    "\"source\":\"3\"}]}}";
	static const struct { uint64_t index; int64_t target, inactivity; } want[] = {
		{ 7, 4, 0 }, { 80, 4, 0 }, { 9, -4, 0 }, { 10, 4, 0 }, { 11, -4, 0 },
		{ 12, 4, -6 }, { 13, 4, 0 }, { 14, 4, 0 },
	};
	size_t i;

	CHECK(jd_att_rewards(body, strlen(body), "ep", &r) == UC_OK);
	CHECK_U64(r.ntotal, NELEM(want));
	for (i = 0; i < r.ntotal && i < NELEM(want); i++) {
		CHECK_U64(r.total[i].index, want[i].index);
		CHECK(r.total[i].head == 2 && r.total[i].source == 3);
		CHECK(r.total[i].target == want[i].target);
		CHECK(r.total[i].inactivity == want[i].inactivity);
	}
	jd_att_rewards_release(&r);
	CHECK(jd_att_rewards(bad, strlen(bad), "ep", &r) == UC_EPROTO);
	CHECK(jd_att_rewards(huge, strlen(huge), "ep", &r) == UC_EPROTO);
}

static void
error_bodies_of_both_shapes_are_read(void)
{
	struct jd_error e;
	size_t n;
	char *b = slurp("rewards_attestations.epoch-0001.json", &n);

	jd_error_body(b, n, &e);		/* Lodestar: statusCode */
	CHECK(e.code == 500 && strcmp(e.message, "State is unavailable for slot 23") == 0);
	free(b);
	b = xstrdup("{\"code\":404,\"message\":\"NOT_FOUND: beacon state\"}");
	jd_error_body(b, strlen(b), &e);		/* the spec's shape */
	free(b);
	CHECK(e.code == 404 && strstr(e.message, "NOT_FOUND") != NULL);
	b = slurp("err.rewards_attestations.non-numeric-index.json", &n);
	jd_error_body(b, n, &e);		/* fastify: a bare array of ajv errors */
	CHECK(e.message[0] != '\0');
	free(b);
}

/*
 * --- A hostile node ------------------------------------------------------
 *
 * decode(): a rewards body through production (the scanner, which hands
 * what it does not vouch for to the reference) and through the reference
 * alone.  They must agree: both refuse, or both give the same arrays.
 */
static int
decode(const char *body, size_t len, struct jd_att_rewards *r)
{
	struct jd_att_rewards ref;
	int rc = jd_att_rewards(body, len, "ep", r);
	int rc_ref = jd_att_rewards_reference(body, len, "ep", &ref);

	CHECK(rc == rc_ref);
	if (rc == UC_OK && rc_ref == UC_OK) {
		CHECK(r->nideal == ref.nideal && r->ntotal == ref.ntotal &&
		    r->decimal_strings == ref.decimal_strings &&
		    r->total_in_order == ref.total_in_order);
		CHECK(r->nideal != ref.nideal || r->nideal == 0 ||
		    memcmp(r->ideal, ref.ideal, r->nideal * sizeof(*r->ideal)) == 0);
		CHECK(r->ntotal != ref.ntotal || r->ntotal == 0 ||
		    memcmp(r->total, ref.total, r->ntotal * sizeof(*r->total)) == 0);
	}
	/* A refusal leaves nothing to release, in either. */
	if (rc != UC_OK)
		CHECK(r->total == NULL && r->ideal == NULL && r->ntotal == 0);
	jd_att_rewards_release(&ref);
	return rc;
}

static int
decode_str(const char *body, struct jd_att_rewards *r)
{
	return decode(body, strlen(body), r);
}

#define IDEAL32	"{\"effective_balance\":\"32000000000\",\"head\":\"100\"," \
		"\"target\":\"200\",\"source\":\"300\"}"
#define ENTRY(i) "{\"validator_index\":\"" i "\",\"head\":\"1\",\"target\":\"2\"," \
		"\"source\":\"3\"}"

/*
 * A second total_rewards array was appended to the first with the first's
 * room: 1100 entries after one wrote past the 1024 allocated (ASan sees
 * it); a short one left total_in_order describing it alone.
 */
static void
duplicate_total_rewards_are_refused_not_overflowed(void)
{
	struct jd_att_rewards r;
	struct strbuf sb;
	int i;

	strbuf_init(&sb);
	strbuf_addf(&sb, "{\"data\":{\"ideal_rewards\":[" IDEAL32 "],"
	    "\"total_rewards\":[" ENTRY("1") "],\"total_rewards\":[");
	for (i = 0; i < 1100; i++)
		strbuf_addf(&sb, "%s{\"validator_index\":\"%d\",\"head\":\"1\","
		    "\"target\":\"2\",\"source\":\"3\"}", i ? "," : "", i);
	strbuf_addf(&sb, "]}}");
	CHECK(decode(sb.buf, sb.len, &r) == UC_EPROTO);
	strbuf_release(&sb);
	CHECK(decode_str("{\"data\":{\"ideal_rewards\":[" IDEAL32 "],\"total_rewards\":["
	    ENTRY("5") "," ENTRY("6") "," ENTRY("7") "],\"total_rewards\":["
	    ENTRY("2") "]}}", &r) == UC_EPROTO);
	/* The same without the second array is read. */
	CHECK(decode_str("{\"data\":{\"ideal_rewards\":[" IDEAL32 "],\"total_rewards\":["
	    ENTRY("5") "," ENTRY("6") "," ENTRY("7") "]}}", &r) == UC_OK);
	CHECK(r.ntotal == 3 && r.total_in_order);
	jd_att_rewards_release(&r);
}

static void
duplicate_data_or_ideal_rewards_are_refused(void)
{
	struct jd_att_rewards r;
	const char *data = "{\"ideal_rewards\":[" IDEAL32 "],\"total_rewards\":["
	    ENTRY("1") "]}";
	char body[1024];

	snprintf(body, sizeof(body), "{\"data\":%s,\"data\":%s}", data, data);
	CHECK(decode_str(body, &r) == UC_EPROTO);
	snprintf(body, sizeof(body), "{\"data\":%s,\"data\":{\"x\":1}}", data);
	CHECK(decode_str(body, &r) == UC_EPROTO);
	/* The same key spelled with an escape is the same key. */
	snprintf(body, sizeof(body), "{\"data\":%s,\"d\\u0061ta\":%s}", data, data);
	CHECK(decode_str(body, &r) == UC_EPROTO);
	CHECK(decode_str("{\"data\":{\"ideal_rewards\":[" IDEAL32 "],\"ideal_rewards\":["
	    IDEAL32 "],\"total_rewards\":[" ENTRY("1") "]}}", &r) == UC_EPROTO);
	CHECK(decode_str("{\"data\":{\"ideal_rewards\":[],\"total_rewards\":["
	    ENTRY("1") "],\"ideal_rewards\":[]}}", &r) == UC_EPROTO);
	/* Keys no decoder reads may come twice. */
	snprintf(body, sizeof(body), "{\"finalized\":true,\"finalized\":false,"
	    "\"data\":%s}", data);
	CHECK(decode_str(body, &r) == UC_OK && r.ntotal == 1);
	jd_att_rewards_release(&r);
}

static void
a_field_twice_in_an_entry_is_refused(void)
{
	struct jd_att_rewards r;

	CHECK(decode_str("{\"data\":{\"ideal_rewards\":[],\"total_rewards\":["
	    "{\"validator_index\":\"1\",\"head\":\"1\",\"target\":\"2\",\"source\":\"3\","
	    "\"head\":\"-5\"}]}}", &r) == UC_EPROTO);
	CHECK(decode_str("{\"data\":{\"ideal_rewards\":[],\"total_rewards\":["
	    "{\"validator_index\":\"1\",\"validator_index\":\"1\",\"head\":\"1\","
	    "\"target\":\"2\",\"source\":\"3\"}]}}", &r) == UC_EPROTO);
	CHECK(decode_str("{\"data\":{\"ideal_rewards\":[{\"effective_balance\":\"1\","
	    "\"effective_balance\":\"32000000000\",\"head\":\"1\",\"target\":\"2\","
	    "\"source\":\"3\"}],\"total_rewards\":[]}}", &r) == UC_EPROTO);
	/* Twice in an entry read in full after one taken by comparison. */
	CHECK(decode_str("{\"data\":{\"ideal_rewards\":[],\"total_rewards\":["
	    ENTRY("1") "," ENTRY("2") ",{\"validator_index\":\"3\",\"head\":\"1\","
	    "\"target\":\"2\",\"source\":\"3\",\"inactivity\":\"0\",\"inactivity\":"
	    "\"-9\"}]}}", &r) == UC_EPROTO);
	/* What an entry of its array does not read may come twice. */
	CHECK(decode_str("{\"data\":{\"ideal_rewards\":[{\"effective_balance\":"
	    "\"32000000000\",\"head\":\"1\",\"target\":\"2\",\"source\":\"3\","
	    "\"inactivity\":\"0\",\"inactivity\":\"0\"}],\"total_rewards\":[{"
	    "\"validator_index\":\"1\",\"head\":\"1\",\"target\":\"2\",\"source\":\"3\","
	    "\"inclusion_delay\":\"0\",\"inclusion_delay\":\"1\"}]}}", &r) == UC_OK);
	CHECK(r.nideal == 1 && r.ntotal == 1 && r.total[0].head == 1);
	jd_att_rewards_release(&r);
}

/* "\u0068ead" is "head"; "\u0031" is "1": escapes mean what they say. */
static void
escapes_mean_what_they_say(void)
{
	struct jd_att_rewards r, e;

	CHECK(decode_str("{\"data\":{\"ideal_rewards\":[" IDEAL32 "],\"total_rewards\":["
	    "{\"validator_index\":\"4\",\"head\":\"12\",\"target\":\"-2\","
	    "\"source\":\"3\"}]}}", &r) == UC_OK);
	CHECK(decode_str("{\"data\":{\"ideal_rewards\":[" IDEAL32 "],\"total_rewards\":["
	    "{\"validator_index\":\"4\",\"\\u0068ead\":\"\\u00312\",\"target\":\"-2\","
	    "\"sourc\\u0065\":\"3\"}]}}", &e) == UC_OK);
	CHECK(r.ntotal == 1 && e.ntotal == 1 && e.total[0].head == 12 &&
	    memcmp(r.total, e.total, sizeof(*r.total)) == 0);
	jd_att_rewards_release(&e);
	/* An escaped duplicate of a key is a duplicate. */
	CHECK(decode_str("{\"data\":{\"ideal_rewards\":[" IDEAL32 "],\"total_rewards\":["
	    "{\"validator_index\":\"4\",\"head\":\"12\",\"target\":\"-2\","
	    "\"source\":\"3\",\"h\\u0065ad\":\"0\"}]}}", &e) == UC_EPROTO);
	/* A NUL would end the key or the value where C sees it: refused. */
	CHECK(decode_str("{\"data\":{\"ideal_rewards\":[" IDEAL32 "],\"total_rewards\":["
	    "{\"validator_index\":\"4\",\"head\":\"12\",\"target\":\"-2\","
	    "\"source\":\"3\",\"inactivity\":\"5\\u0000 junk\"}]}}", &e) == UC_EPROTO);
	CHECK(decode_str("{\"data\":{\"ideal_rewards\":[" IDEAL32 "],\"total_rewards\":["
	    "{\"validator_index\":\"4\",\"head\":\"12\",\"target\":\"-2\","
	    "\"source\":\"3\",\"head\\u0000x\":\"-7\"}]}}", &e) == UC_EPROTO);
	CHECK(decode_str("{\"data\":{\"ideal_rewards\":[" IDEAL32 "],\"total_rewards\":["
	    "{\"validator_index\":\"4\",\"head\":\"12\",\"target\":\"-2\","
	    "\"source\":\"3\",\"head\\uZZZZ\":\"-7\"}]}}", &e) == UC_EPROTO);
	{
		/* A raw NUL in a string: "3\0" would be read as "3" by cJSON. */
		static const char raw[] = "{\"data\":{\"ideal_rewards\":[],"
		    "\"total_rewards\":[{\"validator_index\":\"4\",\"head\":\"1\","
		    "\"target\":\"2\",\"source\":\"3\0\"}]}}";

		CHECK(decode(raw, sizeof(raw) - 1, &e) == UC_EPROTO);
	}
	/* JSON has no raw control character in a string, white space or not. */
	CHECK(decode_str("{\"\r\":false,\"data\":{\"ideal_rewards\":[],"
	    "\"total_rewards\":[" ENTRY("1") "]}}", &e) == UC_EPROTO);
	CHECK(decode_str("{\"data\":{\"ideal_rewards\":[],\"total_rewards\":["
	    ENTRY("1") "]},\"m\":\"a\tb\"}", &e) == UC_EPROTO);
	/* Around the values, it is white space. */
	CHECK(decode_str("{\r\n\t\"data\" :\t{\"ideal_rewards\":[],\"total_rewards\":"
	    "[\n" ENTRY("1") "\r\n]}}\n", &e) == UC_OK && e.ntotal == 1);
	jd_att_rewards_release(&e);
	jd_att_rewards_release(&r);
}

/*
 * Numbers no epoch produces are refused before they reach arithmetic:
 * inactivity -9223372036854775799 overflowed a signed sum and was stored
 * as a small reward.
 */
static void
values_beyond_any_epoch_are_refused(void)
{
	static const struct {
		const char *eb, *index, *head, *inactivity;
		int64_t head_want, inactivity_want;	/* INT64_MIN: refused */
	} c[] = {
		{ "32000000000", "7", "1", "-9223372036854775799", 0, INT64_MIN },
		{ "32000000000", "7", "1", "9223372036854775807", 0, INT64_MIN },
		{ "32000000000", "7", "1", "18446744073709551616", 0, INT64_MIN },
		{ "32000000000", "7", "1", "2199023255552", 1, 2199023255552 },
		{ "32000000000", "7", "1", "-2199023255552", 1, -2199023255552 },
		{ "32000000000", "7", "1", "2199023255553", 0, INT64_MIN },
		{ "32000000000", "7", "1", "-2199023255552.5", 0, INT64_MIN },
		{ "32000000000", "7", "1", "-2199023255551.5", 1, -2199023255552 },
		{ "32000000000", "7", "2147483647", "0", 2147483647, 0 },
		{ "32000000000", "7", "2147483648", "0", INT64_MIN, 0 },
		{ "32000000000", "7", "-2147483648", "0", -2147483648, 0 },
		{ "32000000000", "7", "-2147483649", "0", INT64_MIN, 0 },
		{ "32000000000", "7", "2147483646.5", "0", 2147483647, 0 },
		{ "32000000000", "7", "2147483647.5", "0", INT64_MIN, 0 },
		{ "32000000000", "7", "-2147483648.4", "0", -2147483648, 0 },
		{ "32000000000", "7", "99999999999999999999.9", "0", INT64_MIN, 0 },
		{ "32000000000", "7", "-0.5", "0", -1, 0 },
		{ "32000000000", "7", "+1", "0", INT64_MIN, 0 },
		{ "32000000000", "7", " 1", "0", INT64_MIN, 0 },
		{ "32000000000", "7", "1.", "0", INT64_MIN, 0 },
		{ "32000000000", "4294967295", "1", "0", 1, 0 },
		{ "32000000000", "4294967296", "1", "0", INT64_MIN, 0 },
		{ "32000000000", "-1", "1", "0", INT64_MIN, 0 },
		{ "32000000000", "7.0", "1", "0", INT64_MIN, 0 },
		{ "2199023255552", "7", "1", "0", 1, 0 },
		{ "2199023255553", "7", "1", "0", INT64_MIN, 0 },
		{ "32000000000.5", "7", "1", "0", INT64_MIN, 0 },
	};
	struct jd_att_rewards r;
	size_t i;

	for (i = 0; i < NELEM(c); i++) {
		char body[1024];
		bool ok = c[i].head_want != INT64_MIN && c[i].inactivity_want != INT64_MIN;
		int rc;

		snprintf(body, sizeof(body), "{\"data\":{\"ideal_rewards\":[{"
		    "\"effective_balance\":\"%s\",\"head\":\"1\",\"target\":\"2\","
		    "\"source\":\"3\"}],\"total_rewards\":[{\"validator_index\":\"%s\","
		    "\"head\":\"%s\",\"target\":\"2\",\"source\":\"3\",\"inactivity\":"
		    "\"%s\"}]}}", c[i].eb, c[i].index, c[i].head, c[i].inactivity);
		rc = decode_str(body, &r);
		CHECK(rc == (ok ? UC_OK : UC_EPROTO));
		if (rc != (ok ? UC_OK : UC_EPROTO))
			fprintf(stderr, "  case %zu: %s\n", i, body);
		if (rc == UC_OK && ok)
			CHECK(r.total[0].head == c[i].head_want &&
			    r.total[0].inactivity == c[i].inactivity_want);
		jd_att_rewards_release(&r);
	}
	/* An entry like the last but for an index beyond the store's. */
	CHECK(decode_str("{\"data\":{\"ideal_rewards\":[],\"total_rewards\":["
	    ENTRY("1") "," ENTRY("4294967296") "]}}", &r) == UC_EPROTO);
	CHECK(decode_str("{\"data\":{\"ideal_rewards\":[],\"total_rewards\":["
	    ENTRY("1") "," ENTRY("4294967295") "]}}", &r) == UC_OK &&
	    r.ntotal == 2 && r.total[1].index == 4294967295);
	jd_att_rewards_release(&r);
}

/* Every recorded rewards body: the same numbers from both readers. */
static void
recorded_bodies_read_alike_by_both_readers(void)
{
	static const char *const names[] = {
		"rewards_attestations.epoch-0004.at-end.json",
		"rewards_attestations.epoch-0005.at-end.json",
		"rewards_attestations.epoch-0008.at-end.json",
		"rewards_attestations.epoch-0011.at-end.json",
		"rewards_attestations.epoch-0012.at-end.json",
		"rewards_attestations.epoch-0012.subset-0-11-13.json",
		"rewards_attestations.epoch-0012.empty-body.json",
		"rewards_attestations.epoch-0012.pubkey.json",
		"rewards_attestations.epoch-0000.json",
	};
	size_t i, n;

	for (i = 0; i < NELEM(names); i++) {
		struct jd_att_rewards r;
		char *b = slurp(names[i], &n);

		CHECK(decode(b, n, &r) == UC_OK && r.ntotal > 0);
		jd_att_rewards_release(&r);
		free(b);
	}
}

/* {"code":1e300} was converted to a long: undefined behaviour. */
static void
error_body_codes_are_http_statuses(void)
{
	static const struct { const char *body; long code; } c[] = {
		{ "{\"code\":1e300,\"message\":\"m\"}", 0 },
		{ "{\"code\":-1e300}", 0 },
		{ "{\"code\":404.5}", 0 },
		{ "{\"code\":99}", 0 },
		{ "{\"code\":600}", 0 },
		{ "{\"code\":\"500\"}", 0 },
		{ "{\"code\":100}", 100 },
		{ "{\"code\":599}", 599 },
		{ "{\"statusCode\":503,\"message\":\"x\"}", 503 },
	};
	struct jd_error e;
	size_t i;

	for (i = 0; i < NELEM(c); i++) {
		jd_error_body(c[i].body, strlen(c[i].body), &e);
		CHECK(e.code == c[i].code);
	}
	{
		/* The message, one printable line, survives a bad code. */
		const char *b = "{\"code\":1e300,\"message\":\"a\\nb\"}";

		jd_error_body(b, strlen(b), &e);
		CHECK(e.code == 0 && strcmp(e.message, "a b") == 0);
	}
}

#define ROOT	"0x4b363db94e286120d76eb905340fdd4e54bfe9f06bf33ff6cf5ad27f511bfe95"
#define PUBKEY	"0xA99A76ED7796F7BE22D5B7E85DEEB7C5677E88E511E0B337618F8C4EB61349B4" \
		"BF2D153F649F7B53359FE8B94A38E44C"

static int
genesis_of(const char *body, struct jd_genesis *g)
{
	return jd_genesis(body, strlen(body), g);
}

static int
spec_of(const char *body, struct jd_timing *t)
{
	return jd_spec(body, strlen(body), t);
}

static int
header_of(const char *body, uint64_t *slot, uint64_t *proposer)
{
	return jd_header(body, strlen(body), slot, proposer);
}

static int
validators_of(const char *item)
{
	char body[1024];
	struct jd_validator *v;
	size_t n;
	int rc;

	snprintf(body, sizeof(body), "{\"data\":[%s]}", item);
	rc = jd_validators(body, strlen(body), &v, &n);
	if (rc == UC_OK) {
		CHECK(n == 1 && strlen(v[0].pubkey) == 98 &&
		    strcmp(v[0].pubkey + 2, "a99a76ed7796f7be22d5b7e85deeb7c5677e88e511"
		    "e0b337618f8c4eb61349b4bf2d153f649f7b53359fe8b94a38e44c") == 0);
		free(v);
	}
	return rc;
}

/*
 * The cJSON decoders read each field once and refuse a second; what they
 * do not read may come twice.  And numbers that would later overflow or
 * hang (a slot of 2^64 s, an index the store cannot hold) are refused.
 */
static void
other_bodies_refuse_duplicates_and_absurd_numbers(void)
{
	struct jd_genesis g;
	struct jd_timing t;
	uint64_t slot, proposer;
	struct jd_duty *d;
	size_t n;
	const char *duties;

	CHECK(genesis_of("{\"data\":{\"genesis_time\":\"1606824023\","
	    "\"genesis_validators_root\":\"" ROOT "\"}}", &g) == UC_OK &&
	    g.genesis_time == 1606824023 && strcmp(g.validators_root, ROOT) == 0);
	CHECK(genesis_of("{\"data\":{\"genesis_time\":\"1606824023\",\"genesis_time\":"
	    "\"1\",\"genesis_validators_root\":\"" ROOT "\"}}", &g) == UC_EPROTO);
	CHECK(genesis_of("{\"data\":{\"genesis_time\":\"1606824023\","
	    "\"genesis_validators_root\":\"" ROOT "\"},\"data\":{}}", &g) == UC_EPROTO);
	CHECK(genesis_of("{\"data\":{\"genesis_time\":\"253402300800\","
	    "\"genesis_validators_root\":\"" ROOT "\"}}", &g) == UC_EPROTO);
	/* The root names the store's file: never a path. */
	CHECK(genesis_of("{\"data\":{\"genesis_time\":\"1\",\"genesis_validators_root\":"
	    "\"0x/../../../../../../../../../../../../../../../../../../../../../tmp/\"}}",
	    &g) == UC_EPROTO);
	/* After the value, white space only. */
	CHECK(genesis_of("{\"data\":{\"genesis_time\":\"1\",\"genesis_validators_root\":"
	    "\"" ROOT "\"}} x", &g) == UC_EPROTO);
	CHECK(genesis_of("{\"data\":{\"genesis_time\":\"1\",\"genesis_validators_root\":"
	    "\"" ROOT "\"}} \n", &g) == UC_OK);

	CHECK(spec_of("{\"data\":{\"SECONDS_PER_SLOT\":\"12\",\"SLOTS_PER_EPOCH\":\"32\","
	    "\"CONFIG_NAME\":\"a\",\"CONFIG_NAME\":\"b\"}}", &t) == UC_OK &&
	    t.slot_s == 12 && t.slots_per_epoch == 32);
	CHECK(spec_of("{\"data\":{\"SECONDS_PER_SLOT\":\"12\",\"SLOTS_PER_EPOCH\":\"32\","
	    "\"SLOTS_PER_EPOCH\":\"1\"}}", &t) == UC_EPROTO);
	CHECK(spec_of("{\"data\":{\"SLOT_DURATION_MS\":\"12000\",\"SLOT_DURATION_MS\":"
	    "\"1\",\"SLOTS_PER_EPOCH\":\"32\"}}", &t) == UC_EPROTO);
	CHECK(spec_of("{\"data\":{\"SLOT_DURATION_MS\":\"0\",\"SLOTS_PER_EPOCH\":\"32\"}}",
	    &t) == UC_EPROTO);
	CHECK(spec_of("{\"data\":{\"SLOT_DURATION_MS\":\"3600001\",\"SLOTS_PER_EPOCH\":"
	    "\"32\"}}", &t) == UC_EPROTO);
	CHECK(spec_of("{\"data\":{\"SLOT_DURATION_MS\":\"3600000\",\"SLOTS_PER_EPOCH\":"
	    "\"65536\"}}", &t) == UC_OK && t.slot_s == 3600);
	CHECK(spec_of("{\"data\":{\"SECONDS_PER_SLOT\":\"18446744073709551615\","
	    "\"SLOTS_PER_EPOCH\":\"32\"}}", &t) == UC_EPROTO);
	CHECK(spec_of("{\"data\":{\"SECONDS_PER_SLOT\":\"12\",\"SLOTS_PER_EPOCH\":\"0\"}}",
	    &t) == UC_EPROTO);
	CHECK(spec_of("{\"data\":{\"SECONDS_PER_SLOT\":\"12\",\"SLOTS_PER_EPOCH\":"
	    "\"65537\"}}", &t) == UC_EPROTO);

	CHECK(header_of("{\"data\":{\"header\":{\"message\":{\"slot\":\"9\","
	    "\"proposer_index\":\"4294967295\"}}}}", &slot, &proposer) == UC_OK &&
	    slot == 9 && proposer == 4294967295);
	CHECK(header_of("{\"data\":{\"header\":{\"message\":{\"slot\":\"9\","
	    "\"proposer_index\":\"4294967296\"}}}}", &slot, &proposer) == UC_EPROTO);
	CHECK(header_of("{\"data\":{\"header\":{\"message\":{\"slot\":\"9\",\"slot\":\"8\","
	    "\"proposer_index\":\"1\"}}}}", &slot, &proposer) == UC_EPROTO);
	CHECK(header_of("{\"data\":{\"header\":{\"message\":{\"slot\":\"9\","
	    "\"proposer_index\":\"1\"},\"message\":{}}}}", &slot, &proposer) == UC_EPROTO);

	CHECK(validators_of("{\"index\":\"3\",\"status\":\"active_ongoing\","
	    "\"validator\":{\"pubkey\":\"" PUBKEY "\",\"slashed\":false,"
	    "\"effective_balance\":\"32000000000\",\"activation_epoch\":\"0\","
	    "\"exit_epoch\":\"18446744073709551615\"}}") == UC_OK);
	/* The status is lowercase words (the API's, or a later one), slashed a
	   boolean, each once. */
	CHECK(validators_of("{\"index\":\"3\",\"status\":\"Active online\","
	    "\"validator\":{\"pubkey\":\"" PUBKEY "\",\"slashed\":false,"
	    "\"effective_balance\":\"32000000000\",\"activation_epoch\":\"0\","
	    "\"exit_epoch\":\"1\"}}") == UC_EPROTO);
	CHECK(validators_of("{\"index\":\"3\",\"status\":\"exited_slashed\","
	    "\"validator\":{\"pubkey\":\"" PUBKEY "\",\"slashed\":\"true\","
	    "\"effective_balance\":\"32000000000\",\"activation_epoch\":\"0\","
	    "\"exit_epoch\":\"1\"}}") == UC_EPROTO);
	CHECK(validators_of("{\"index\":\"3\",\"status\":\"exited_slashed\","
	    "\"status\":\"active_ongoing\",\"validator\":{\"pubkey\":\"" PUBKEY "\","
	    "\"slashed\":true,\"effective_balance\":\"32000000000\","
	    "\"activation_epoch\":\"0\",\"exit_epoch\":\"1\"}}") == UC_EPROTO);
	CHECK(validators_of("{\"index\":\"3\",\"index\":\"4\",\"validator\":{\"pubkey\":\""
	    PUBKEY "\",\"effective_balance\":\"32000000000\",\"activation_epoch\":\"0\","
	    "\"exit_epoch\":\"1\"}}") == UC_EPROTO);
	CHECK(validators_of("{\"index\":\"3\",\"validator\":{\"pubkey\":\"" PUBKEY "\","
	    "\"pubkey\":\"" PUBKEY "\",\"effective_balance\":\"32000000000\","
	    "\"activation_epoch\":\"0\",\"exit_epoch\":\"1\"}}") == UC_EPROTO);
	CHECK(validators_of("{\"index\":\"4294967296\",\"validator\":{\"pubkey\":\""
	    PUBKEY "\",\"effective_balance\":\"32000000000\",\"activation_epoch\":\"0\","
	    "\"exit_epoch\":\"1\"}}") == UC_EPROTO);
	CHECK(validators_of("{\"index\":\"3\",\"validator\":{\"pubkey\":\"" PUBKEY "\","
	    "\"effective_balance\":\"2199023255553\",\"activation_epoch\":\"0\","
	    "\"exit_epoch\":\"1\"}}") == UC_EPROTO);
	CHECK(validators_of("{\"index\":\"3\",\"validator\":{\"pubkey\":\"0xzz"
	    "9A76ED7796F7BE22D5B7E85DEEB7C5677E88E511E0B337618F8C4EB61349B4"
	    "BF2D153F649F7B53359FE8B94A38E44C\",\"effective_balance\":\"1\","
	    "\"activation_epoch\":\"0\",\"exit_epoch\":\"1\"}}") == UC_EPROTO);

	duties = "{\"data\":[{\"slot\":\"48\",\"validator_index\":\"6\"}]}";
	CHECK(jd_proposer_duties(duties, strlen(duties), "ep", &d, &n) == UC_OK &&
	    n == 1 && d[0].slot == 48 && d[0].index == 6);
	free(d);
	duties = "{\"data\":[{\"slot\":\"48\",\"validator_index\":\"6\","
	    "\"validator_index\":\"7\"}]}";
	CHECK(jd_proposer_duties(duties, strlen(duties), "ep", &d, &n) == UC_EPROTO &&
	    d == NULL);
	duties = "{\"data\":[{\"slot\":\"48\",\"validator_index\":\"4294967296\"}]}";
	CHECK(jd_proposer_duties(duties, strlen(duties), "ep", &d, &n) == UC_EPROTO);
}

static void
validators_keep_far_future_exact(void)
{
	struct jd_validator *v;
	size_t n, len;
	char *b = slurp("validators.head.json", &len);

	CHECK(jd_validators(b, len, &v, &n) == UC_OK);
	CHECK(n == 16);
	CHECK(n == 16 && v[0].exit_epoch == UINT64_MAX && v[0].eb_gwei == 32000000000ULL &&
	    strncmp(v[0].pubkey, "0xa99a76ed", 10) == 0);
	free(v);
	free(b);
}

const struct unit_test json_decode_tests[] = {
	T(genesis_and_spec_give_the_devnet_timing),
	T(lodestar_decimal_rewards_are_rounded_and_flagged),
	T(malformed_rewards_name_the_field),
	T(repeated_entries_keep_their_own_values),
	T(error_bodies_of_both_shapes_are_read),
	T(duplicate_total_rewards_are_refused_not_overflowed),
	T(duplicate_data_or_ideal_rewards_are_refused),
	T(a_field_twice_in_an_entry_is_refused),
	T(escapes_mean_what_they_say),
	T(values_beyond_any_epoch_are_refused),
	T(recorded_bodies_read_alike_by_both_readers),
	T(error_body_codes_are_http_statuses),
	T(other_bodies_refuse_duplicates_and_absurd_numbers),
	T(validators_keep_far_future_exact),
	{ NULL, NULL },
};
