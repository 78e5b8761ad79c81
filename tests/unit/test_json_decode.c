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
	CHECK(jd_spec("{\"data\":{\"SLOT_DURATION_MS\":\"5000\",\"SLOTS_PER_EPOCH\":\"16\"}}",
	    60, &t) == UC_OK);
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
	T(validators_keep_far_future_exact),
	{ NULL, NULL },
};
