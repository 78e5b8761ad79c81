/*
 * The Beacon API bodies other than the rewards (json_decode.c): the first
 * byte picks the decoder by its value mod 8 ('0' genesis, '1' spec, '2'
 * header, '3' validators, '4' proposer duties, '5' error body, '6' sync
 * committee, '7' sync-committee rewards), the rest
 * is the body, handed over exactly (no NUL after it: these decoders must
 * respect the length).  Any bytes: no crash, no leak, and what is
 * accepted keeps its contract.
 */
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "json_decode.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* "0x" and n hex digits, lowercase if lower, NUL-terminated. */
static bool
hex_string(const char *s, size_t n, bool lower)
{
	size_t i;

	if (strlen(s) != n + 2 || s[0] != '0' || s[1] != 'x')
		return false;
	for (i = 2; i < n + 2; i++)
		if (!isxdigit((unsigned char)s[i]) ||
		    (lower && isupper((unsigned char)s[i])))
			return false;
	return true;
}

static void
genesis(const char *b, size_t n)
{
	struct jd_genesis g;

	if (jd_genesis(b, n, &g) == UC_OK &&
	    (g.genesis_time > UINT64_C(253402300799) ||
	    !hex_string(g.validators_root, 64, false)))
		abort();
}

static void
spec(const char *b, size_t n)
{
	struct jd_timing t;

	if (jd_spec(b, n, &t) != UC_OK)
		return;
	if (!isfinite(t.slot_s) || t.slot_s <= 0 || t.slot_s > 3600 ||
	    t.slots_per_epoch == 0 || t.slots_per_epoch > 65536)
		abort();
	/* The sync reward bound's inputs stay where its arithmetic holds. */
	if (t.sync.known && (t.sync.committee_size == 0 ||
	    t.sync.committee_size > 65536 || t.sync.weight_denominator == 0 ||
	    t.sync.weight_denominator > 65536 || t.sync.base_reward_factor > 65536 ||
	    t.sync.reward_weight > 65536 || t.sync.period_epochs == 0))
		abort();
}

static void
header(const char *b, size_t n)
{
	uint64_t slot, proposer;

	if (jd_header(b, n, &slot, &proposer) == UC_OK && proposer > UINT32_MAX)
		abort();
}

/* Lowercase letters and '_', 1 to 23 of them. */
static int
status_word(const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || s[i] == '_'))
			return 0;
	return i > 0 && i < 24;
}

static void
validators(const char *b, size_t n)
{
	struct jd_validator *v = (void *)1;
	size_t nv = 1, i;

	if (jd_validators(b, n, &v, &nv) != UC_OK) {
		if (v != NULL || nv != 0)
			abort();
		return;
	}
	for (i = 0; i < nv; i++)
		if (v[i].index > UINT32_MAX || v[i].eb_gwei > (UINT64_C(1) << 41) ||
		    !hex_string(v[i].pubkey, 96, true) || !status_word(v[i].status))
			abort();
	free(v);
}

static void
duties(const char *b, size_t n)
{
	struct jd_duty *d = (void *)1;
	size_t nd = 1, i;

	if (jd_proposer_duties(b, n, "fuzz", &d, &nd) != UC_OK) {
		if (d != NULL || nd != 0)
			abort();
		return;
	}
	for (i = 0; i < nd; i++)
		if (d[i].index > UINT32_MAX)
			abort();
	free(d);
}

static void
sync_committee(const char *b, size_t n)
{
	uint64_t *seat = (void *)1;
	size_t ns = 1, i;

	if (jd_sync_committee(b, n, "fuzz", &seat, &ns) != UC_OK) {
		if (seat != NULL || ns != 0)
			abort();
		return;
	}
	for (i = 0; i < ns; i++)
		if (seat[i] > UINT32_MAX)
			abort();
	free(seat);
}

static void
sync_rewards(const char *b, size_t n)
{
	struct jd_sync_reward *r = (void *)1;
	size_t nr = 1, i;

	if (jd_sync_rewards(b, n, "fuzz", &r, &nr) != UC_OK) {
		if (r != NULL || nr != 0)
			abort();
		return;
	}
	for (i = 0; i < nr; i++)
		if (r[i].index > UINT32_MAX || r[i].reward_gwei == INT64_MIN)
			abort();
	free(r);
}

static void
error_body(const char *b, size_t n)
{
	struct jd_error e;
	size_t i, len;

	jd_error_body(b, n, &e);
	if (e.code != 0 && (e.code < 100 || e.code > 599))
		abort();
	/* One printable line, NUL-terminated inside its array. */
	if ((len = strnlen(e.message, sizeof(e.message))) == sizeof(e.message))
		abort();
	for (i = 0; i < len; i++)
		if (!isprint((unsigned char)e.message[i]))
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static void (*const fn[])(const char *, size_t) = {
		genesis, spec, header, validators, duties, error_body, sync_committee,
		sync_rewards,
	};

	if (size == 0)
		return 0;
	fn[data[0] % (sizeof(fn) / sizeof(fn[0]))]((const char *)data + 1, size - 1);
	return 0;
}
