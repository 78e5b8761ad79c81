/*
 * Beacon API JSON → structs.  Every uint64/int64 in the API is a JSON
 * string of decimal digits; reading one as a JSON number or as a double
 * would lose precision (FAR_FUTURE_EPOCH is 2^64 - 1), so fields are read
 * from the string as digits.  The one deviation accepted is Lodestar
 * 1.22's decimal reward strings ("944731.125"), which are rounded to whole
 * gwei and flagged so the caller can warn.
 *
 * The node is not trusted: a key a decoder reads that appears twice in its
 * object is refused (two readers of the body could take either one), and
 * so is a number no chain can produce, before it reaches arithmetic.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "diag.h"
#include "json_decode.h"
#include "rewards_scan.h"
#include "util.h"

static int
bad(const char *endpoint, const char *what, const char *name)
{
	return diag_error(UC_EPROTO, "%s: %s '%s'", endpoint, what, name);
}

static bool
is_ws(char c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

static bool
is_hex(char c)
{
	return isxdigit((unsigned char)c) != 0;
}

/*
 * cJSON reads more than JSON, and some of it changes what a body says: it
 * takes every byte up to 0x20 for white space and control characters in
 * strings as they are, a NUL inside a string ends the string where C sees
 * it, and a \u escape of other than hex digits is read as U+0000.  The
 * key "head\u0000x" would be read as "head", the value "1\u0000 and more"
 * as 1.  So a body is refused before cJSON sees it if it has a byte below
 * 0x20 inside a string, or outside one other than JSON's white space, or a
 * \u escape that is not four hex digits of a character other than U+0000.
 * Where strings start and end is followed as JSON has it; in a body that
 * is not JSON it may be followed wrong, but cJSON refuses that body anyway.
 */
static bool
cjson_reads_it_right(const char *buf, size_t len)
{
	bool in_string = false;
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)buf[i];

		if (c < 0x20 && (in_string || !is_ws((char)c)))
			return false;
		if (c == '"')
			in_string = !in_string;
		if (c != '\\' || !in_string || ++i == len || buf[i] != 'u')
			continue;
		if (len - i < 5 || !is_hex(buf[i + 1]) || !is_hex(buf[i + 2]) ||
		    !is_hex(buf[i + 3]) || !is_hex(buf[i + 4]) ||
		    memcmp(buf + i + 1, "0000", 4) == 0)
			return false;
		i += 4;
	}
	return true;
}

/* The body as a cJSON tree, or NULL with the error said. */
static cJSON *
parse(const char *buf, size_t len, const char *endpoint)
{
	const char *end = NULL;
	cJSON *root = NULL;

	if (cjson_reads_it_right(buf, len) &&
	    (root = cJSON_ParseWithLengthOpts(buf, len, &end, 0)) != NULL) {
		/* cJSON stops after the value: only white space may follow. */
		while (end < buf + len && is_ws(*end))
			end++;
		if (end != buf + len) {
			cJSON_Delete(root);
			root = NULL;
		}
	}
	if (root == NULL)
		diag_error(UC_EPROTO, "%s: response is not JSON", endpoint);
	return root;
}

/*
 * The member of obj named name in *out (NULL if obj is not an object or
 * has none); false if obj has two.  cJSON's own lookup returns the first
 * of two members of one name and says nothing.
 */
static bool
member(const cJSON *obj, const char *name, const cJSON **out)
{
	const cJSON *c;

	*out = NULL;
	if (!cJSON_IsObject(obj))
		return true;
	cJSON_ArrayForEach(c, obj) {
		if (c->string == NULL || strcmp(c->string, name) != 0)
			continue;
		if (*out != NULL)
			return false;
		*out = c;
	}
	return true;
}

/* member(), or the refusal of a duplicate named prefix + name. */
static int
member_once(const cJSON *obj, const char *name, const char *endpoint,
    const char *prefix, const cJSON **out)
{
	if (member(obj, name, out))
		return UC_OK;
	return diag_error(UC_EPROTO, "%s: duplicate key '%s%s'", endpoint, prefix,
	    name);
}

/*
 * The member name of obj, of the JSON type is() accepts, into *f, and its
 * full name (prefix + name) into full[64]; or the refusal, "missing field"
 * or notwhat, naming it.
 */
static int
typed_member(const cJSON *obj, const char *name, const char *endpoint,
    const char *prefix, cJSON_bool (*is)(const cJSON *), const char *notwhat,
    const cJSON **f, char full[64])
{
	int rc;

	if ((rc = member_once(obj, name, endpoint, prefix, f)) != UC_OK)
		return rc;
	snprintf(full, 64, "%s%s", prefix, name);
	if (!is(*f))
		return bad(endpoint, *f ? notwhat : "missing field", full);
	return UC_OK;
}

/* A Uint64 field of at most max: a string of digits. */
static int
get_u64(const cJSON *obj, const char *name, const char *endpoint,
    const char *prefix, uint64_t max, uint64_t *out)
{
	const cJSON *f;
	char full[64];
	int rc;

	if ((rc = typed_member(obj, name, endpoint, prefix, cJSON_IsString,
	    "field is not a string:", &f, full)) != UC_OK)
		return rc;
	if (!parse_u64(f->valuestring, out))
		return bad(endpoint, "field is not an unsigned integer:", full);
	if (*out > max)
		return diag_error(UC_EPROTO, "%s: field is out of range: '%s' (at most "
		    "%llu)", endpoint, full, (unsigned long long)max);
	return UC_OK;
}

/* A string field of "0x" and n hex digits, copied to out[n + 3]. */
static int
get_hex(const cJSON *obj, const char *name, const char *endpoint,
    const char *prefix, size_t n, const char *what, char *out)
{
	const cJSON *f;
	char full[64];
	size_t i;
	int rc;

	if ((rc = member_once(obj, name, endpoint, prefix, &f)) != UC_OK)
		return rc;
	snprintf(full, sizeof(full), "%s%s", prefix, name);
	if (!cJSON_IsString(f) || strlen(f->valuestring) != n + 2 ||
	    strncmp(f->valuestring, "0x", 2) != 0)
		return bad(endpoint, what, full);
	for (i = 2; i < n + 2; i++)
		if (!is_hex(f->valuestring[i]))
			return bad(endpoint, what, full);
	memcpy(out, f->valuestring, n + 3);
	return UC_OK;
}

static int
get_status(const cJSON *obj, const char *endpoint, char out[24])
{
	const cJSON *f;
	char full[64];
	size_t i;
	int rc;

	if ((rc = typed_member(obj, "status", endpoint, "", cJSON_IsString,
	    "field is not a string:", &f, full)) != UC_OK)
		return rc;
	/*
	 * The API's (pending_queued, active_ongoing, exited_slashed ...) and
	 * any a later one adds are lowercase words joined by '_', shown as
	 * they are.  Anything else is not a status.
	 */
	for (i = 0; f->valuestring[i] != '\0'; i++)
		if (!(islower((unsigned char)f->valuestring[i]) || f->valuestring[i] == '_'))
			break;
	if (i > 0 && i < 24 && f->valuestring[i] == '\0') {
		snprintf(out, 24, "%s", f->valuestring);
		return UC_OK;
	}
	return bad(endpoint, "field is not a validator status:", "status");
}

static int
get_bool(const cJSON *obj, const char *name, const char *endpoint,
    const char *prefix, bool *out)
{
	const cJSON *f;
	char full[64];
	int rc;

	if ((rc = typed_member(obj, name, endpoint, prefix, cJSON_IsBool,
	    "field is not a boolean:", &f, full)) != UC_OK)
		return rc;
	*out = cJSON_IsTrue(f);
	return UC_OK;
}

void
jd_error_body(const char *buf, size_t len, struct jd_error *e)
{
	cJSON *root = cJSON_ParseWithLength(buf, len);
	const cJSON *code, *msg;

	e->code = 0;
	e->message[0] = '\0';
	if (root == NULL)
		return;
	code = cJSON_GetObjectItemCaseSensitive(root, "code");
	if (code == NULL)	/* Lodestar */
		code = cJSON_GetObjectItemCaseSensitive(root, "statusCode");
	msg = cJSON_GetObjectItemCaseSensitive(root, "message");
	if (cJSON_IsArray(root))			/* fastify schema errors */
		msg = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(root, 0),
		    "message");
	/*
	 * Only an HTTP status is a code: {"code":1e300} would not fit a long
	 * (converting it is undefined), and 7.5 or -1 would be shown as one.
	 */
	if (cJSON_IsNumber(code) && code->valuedouble >= 100 &&
	    code->valuedouble <= 599 && code->valuedouble == floor(code->valuedouble))
		e->code = (long)code->valuedouble;
	if (cJSON_IsString(msg)) {
		size_t i;

		snprintf(e->message, sizeof(e->message), "%s", msg->valuestring);
		/* One line, printable: it ends up in an error message. */
		for (i = 0; e->message[i]; i++)
			if (!isprint((unsigned char)e->message[i]))
				e->message[i] = ' ';
	}
	cJSON_Delete(root);
}

int
jd_genesis(const char *buf, size_t len, struct jd_genesis *g)
{
	const char *ep = "/eth/v1/beacon/genesis";
	cJSON *root = parse(buf, len, ep);
	const cJSON *data;
	int rc;

	if (root == NULL)
		return UC_EPROTO;
	/*
	 * A genesis after the year 9999 (253402300799) is no chain's, and
	 * the root names the store's file: 64 hex digits, never a path.
	 */
	if ((rc = member_once(root, "data", ep, "", &data)) == UC_OK &&
	    (rc = get_u64(data, "genesis_time", ep, "", UINT64_C(253402300799),
	    &g->genesis_time)) == UC_OK)
		rc = get_hex(data, "genesis_validators_root", ep, "", 64,
		    "field is not a 32-byte hex root:", g->validators_root);
	cJSON_Delete(root);
	return rc;
}

/*
 * Slots of 1 ms to an hour, epochs of up to 2^16 slots: wider than any
 * chain's, narrow enough that --follow's wait for the next slot ends and
 * an epoch's length in seconds stays an ordinary number.
 */
#define MAX_SLOT_MS		UINT64_C(3600000)
#define MAX_SLOTS_PER_EPOCH	(UINT64_C(1) << 16)

/*
 * The sync committee's part of the spec, when the node gives all of it.
 * The bounds keep the reward bound of report_sync.c inside 64 bits; every
 * chain's values are far inside them (mainnet: 512, 256, 64, 2, 64).
 */
static int
sync_spec(const cJSON *data, const char *ep, struct jd_sync_spec *s)
{
	static const struct {
		const char	*name;
		size_t		 off;
		uint64_t	 lo, hi;
	} f[] = {
		{ "ALTAIR_FORK_EPOCH", offsetof(struct jd_sync_spec, altair_epoch), 0,
		    UINT64_MAX },
		{ "SYNC_COMMITTEE_SIZE", offsetof(struct jd_sync_spec, committee_size), 1,
		    1u << 16 },
		{ "EPOCHS_PER_SYNC_COMMITTEE_PERIOD", offsetof(struct jd_sync_spec,
		    period_epochs), 1, UINT64_C(1) << 32 },
		{ "BASE_REWARD_FACTOR", offsetof(struct jd_sync_spec,
		    base_reward_factor), 1, 1u << 16 },
		{ "SYNC_REWARD_WEIGHT", offsetof(struct jd_sync_spec, reward_weight), 1,
		    1u << 16 },
		{ "WEIGHT_DENOMINATOR", offsetof(struct jd_sync_spec,
		    weight_denominator), 1, 1u << 16 },
	};
	const cJSON *c;
	size_t i;
	int rc;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		uint64_t *v = (uint64_t *)((char *)s + f[i].off);

		if ((rc = member_once(data, f[i].name, ep, "", &c)) != UC_OK)
			return rc;
		if (c == NULL)
			return UC_OK;		/* no sync committees to ask for */
		if ((rc = get_u64(data, f[i].name, ep, "", f[i].hi, v)) != UC_OK)
			return rc;
		if (*v < f[i].lo)
			return bad(ep, "field is out of range:", f[i].name);
	}
	s->known = true;
	return UC_OK;
}

int
jd_spec(const char *buf, size_t len, struct jd_timing *t)
{
	const char *ep = "/eth/v1/config/spec";
	cJSON *root = parse(buf, len, ep);
	const cJSON *data, *ms;
	uint64_t v;
	int rc;

	if (root == NULL)
		return UC_EPROTO;
	if ((rc = member_once(root, "data", ep, "", &data)) != UC_OK ||
	    (rc = member_once(data, "SLOT_DURATION_MS", ep, "", &ms)) != UC_OK)
		goto out;
	/* SLOT_DURATION_MS replaced SECONDS_PER_SLOT in 2025-26; accept both. */
	if (ms != NULL) {
		rc = get_u64(data, "SLOT_DURATION_MS", ep, "", MAX_SLOT_MS, &v);
		t->slot_s = (double)v / 1000;
	} else {
		rc = get_u64(data, "SECONDS_PER_SLOT", ep, "", MAX_SLOT_MS / 1000, &v);
		t->slot_s = (double)v;
	}
	if (rc == UC_OK && v == 0)
		rc = bad(ep, "slot time must be positive:", ms ? "SLOT_DURATION_MS" :
		    "SECONDS_PER_SLOT");
	if (rc == UC_OK)
		rc = get_u64(data, "SLOTS_PER_EPOCH", ep, "", MAX_SLOTS_PER_EPOCH,
		    &t->slots_per_epoch);
	if (rc == UC_OK && t->slots_per_epoch == 0)
		rc = bad(ep, "slots per epoch must be positive:", "SLOTS_PER_EPOCH");
	if (rc == UC_OK)
		rc = sync_spec(data, ep, &t->sync);
out:
	cJSON_Delete(root);
	return rc;
}

int
jd_header(const char *buf, size_t len, uint64_t *slot, uint64_t *proposer)
{
	const char *ep = "/eth/v1/beacon/headers";
	cJSON *root = parse(buf, len, ep);
	const cJSON *data, *header, *msg;
	int rc;

	if (root == NULL)
		return UC_EPROTO;
	if ((rc = member_once(root, "data", ep, "", &data)) == UC_OK &&
	    (rc = member_once(data, "header", ep, "data.", &header)) == UC_OK &&
	    (rc = member_once(header, "message", ep, "data.header.", &msg)) == UC_OK) {
		if (msg == NULL)
			rc = bad(ep, "missing field", "data.header.message");
		else if ((rc = get_u64(msg, "slot", ep, "", UINT64_MAX, slot)) == UC_OK)
			rc = get_u64(msg, "proposer_index", ep, "", MAX_INDEX, proposer);
	}
	cJSON_Delete(root);
	return rc;
}

/*
 * A response whose data is an array: fn copies each item into out[i]
 * (items of size bytes).  *out is caller-freed.
 */
typedef int (*item_fn)(const cJSON *item, const char *endpoint, void *dst);

static int
decode_array(const char *buf, size_t len, const char *endpoint, size_t size,
    item_fn fn, void **out, size_t *n)
{
	cJSON *root = parse(buf, len, endpoint);
	const cJSON *data, *item;
	int rc = UC_OK;

	*out = NULL;
	*n = 0;
	if (root == NULL)
		return UC_EPROTO;
	if ((rc = member_once(root, "data", endpoint, "", &data)) != UC_OK ||
	    !cJSON_IsArray(data)) {
		cJSON_Delete(root);
		return rc != UC_OK ? rc : bad(endpoint, "missing array", "data");
	}
	*out = xcalloc((size_t)cJSON_GetArraySize(data) + 1, size);
	cJSON_ArrayForEach(item, data) {
		if ((rc = fn(item, endpoint, (char *)*out + *n * size)) != UC_OK)
			break;
		(*n)++;
	}
	cJSON_Delete(root);
	if (rc != UC_OK) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

static int
validator_item(const cJSON *item, const char *ep, void *dst)
{
	struct jd_validator *v = dst;
	const cJSON *val;
	size_t i;
	int rc;

	if ((rc = get_u64(item, "index", ep, "", MAX_INDEX, &v->index)) != UC_OK ||
	    (rc = member_once(item, "validator", ep, "", &val)) != UC_OK ||
	    (rc = get_u64(val, "effective_balance", ep, "validator.",
	    MAX_BALANCE_GWEI, &v->eb_gwei)) != UC_OK ||
	    (rc = get_u64(val, "activation_epoch", ep, "validator.", UINT64_MAX,
	    &v->activation_epoch)) != UC_OK ||
	    (rc = get_u64(val, "exit_epoch", ep, "validator.", UINT64_MAX,
	    &v->exit_epoch)) != UC_OK ||
	    (rc = get_hex(val, "pubkey", ep, "validator.", 96,
	    "field is not a 48-byte hex key:", v->pubkey)) != UC_OK ||
	    (rc = get_status(item, ep, v->status)) != UC_OK ||
	    (rc = get_bool(val, "slashed", ep, "validator.", &v->slashed)) != UC_OK)
		return rc;
	/* Users type keys in either case; they are compared lowercased. */
	for (i = 0; v->pubkey[i]; i++)
		v->pubkey[i] = (char)tolower((unsigned char)v->pubkey[i]);
	return UC_OK;
}

int
jd_validators(const char *buf, size_t len, struct jd_validator **out, size_t *n)
{
	return decode_array(buf, len, "/eth/v1/beacon/states/head/validators",
	    sizeof(**out), validator_item, (void **)out, n);
}

static int
duty_item(const cJSON *item, const char *ep, void *dst)
{
	struct jd_duty *d = dst;
	int rc;

	/* The store keeps a duty's proposer as a 32-bit index. */
	if ((rc = get_u64(item, "slot", ep, "", UINT64_MAX, &d->slot)) == UC_OK)
		rc = get_u64(item, "validator_index", ep, "", MAX_INDEX, &d->index);
	return rc;
}

int
jd_proposer_duties(const char *buf, size_t len, const char *endpoint,
    struct jd_duty **out, size_t *n)
{
	return decode_array(buf, len, endpoint, sizeof(**out), duty_item,
	    (void **)out, n);
}

static int
seat_item(const cJSON *item, const char *ep, void *dst)
{
	if (!cJSON_IsString(item) || !parse_u64(item->valuestring, dst) ||
	    *(uint64_t *)dst > MAX_INDEX)
		return bad(ep, "a seat is not a validator index:", "data.validators");
	return UC_OK;
}

int
jd_sync_committee(const char *buf, size_t len, const char *endpoint,
    uint64_t **out, size_t *n)
{
	cJSON *root = parse(buf, len, endpoint);
	const cJSON *data, *seats, *item;
	int rc;

	*out = NULL;
	*n = 0;
	if (root == NULL)
		return UC_EPROTO;
	if ((rc = member_once(root, "data", endpoint, "", &data)) != UC_OK ||
	    (rc = member_once(data, "validators", endpoint, "data.", &seats)) != UC_OK)
		goto out;
	if (!cJSON_IsArray(seats)) {
		rc = bad(endpoint, "missing array", "data.validators");
		goto out;
	}
	*out = xcalloc((size_t)cJSON_GetArraySize(seats) + 1, sizeof(**out));
	cJSON_ArrayForEach(item, seats) {
		if ((rc = seat_item(item, endpoint, *out + *n)) != UC_OK)
			break;
		(*n)++;
	}
out:
	cJSON_Delete(root);
	if (rc != UC_OK) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

/* A signed 64-bit integer field: an optional minus and digits. */
static int
get_i64(const cJSON *obj, const char *name, const char *endpoint, int64_t *out)
{
	const cJSON *f;
	char full[64];
	uint64_t mag;
	bool neg;
	int rc;

	if ((rc = typed_member(obj, name, endpoint, "", cJSON_IsString,
	    "field is not a string:", &f, full)) != UC_OK)
		return rc;
	neg = f->valuestring[0] == '-';
	if (!parse_u64(f->valuestring + neg, &mag) || mag > (uint64_t)INT64_MAX)
		return bad(endpoint, "field is not a 64-bit integer:", name);
	*out = neg ? -(int64_t)mag : (int64_t)mag;
	return UC_OK;
}

static int
sync_reward_item(const cJSON *item, const char *ep, void *dst)
{
	struct jd_sync_reward *r = dst;
	int rc;

	if ((rc = get_u64(item, "validator_index", ep, "", MAX_INDEX, &r->index)) ==
	    UC_OK)
		rc = get_i64(item, "reward", ep, &r->reward_gwei);
	return rc;
}

int
jd_sync_rewards(const char *buf, size_t len, const char *endpoint,
    struct jd_sync_reward **out, size_t *n)
{
	return decode_array(buf, len, endpoint, sizeof(**out), sync_reward_item,
	    (void **)out, n);
}

void
jd_att_rewards_release(struct jd_att_rewards *r)
{
	free(r->ideal);
	free(r->total);
	memset(r, 0, sizeof(*r));
}

/*
 * --- The rewards body's reference: a cJSON tree, read field by field -----
 *
 * What the fields are and what they may hold: rewards_scan.h.
 */
static const char out_of_range[] = "field is out of range:";

/*
 * Field f's value in str, rounded half away from zero when it has a
 * fraction (which sets *decimal): NULL when taken, else what is wrong.
 */
static const char *
ref_value(const char *str, int f, int64_t *out, bool *decimal)
{
	const char *p = str;
	uint64_t mag = 0;
	bool neg = false, big = false, frac = false;
	int64_t v;

	if (*p == '-' && rewards_fields[f].lodestar) {
		neg = true;
		p++;
	}
	if (!rewards_digit(*p))
		return "field is not an integer:";
	for (; rewards_digit(*p); p++) {
		if (mag > RW_MAG_CAP)
			big = true;
		else
			mag = mag * 10 + (uint64_t)(*p - '0');
	}
	if (*p == '.' && rewards_fields[f].lodestar) {
		const char *first = ++p;

		while (rewards_digit(*p))
			p++;
		if (p == first)
			return "field is not an integer:";
		mag += *first >= '5';
		frac = true;
	}
	if (*p != '\0')
		return "field is not an integer:";
	v = neg ? -(int64_t)mag : (int64_t)mag;
	if (big || v < rewards_fields[f].lo || v > rewards_fields[f].hi)
		return out_of_range;
	*out = v;
	*decimal |= frac;
	return NULL;
}

/* The entries of one array, in r->ideal or r->total. */
static int
ref_entries(const cJSON *arr, bool ideal, const char *ep,
    struct jd_att_rewards *r)
{
	const char *where = ideal ? "data.ideal_rewards" : "data.total_rewards";
	unsigned reads = ideal ? RW_READ_IDEAL : RW_READ_TOTAL;
	size_t n = (size_t)cJSON_GetArraySize(arr);
	const cJSON *e;

	if (ideal)
		r->ideal = xcalloc(n + 1, sizeof(*r->ideal));
	else
		r->total = xcalloc(n + 1, sizeof(*r->total));
	cJSON_ArrayForEach(e, arr) {
		int64_t v[RW_N] = { 0 };
		int f;

		if (!cJSON_IsObject(e))
			return diag_error(UC_EPROTO, "%s: an entry of %s is not an "
			    "object", ep, where);
		for (f = 0; f < RW_N; f++) {
			const char *why;
			const cJSON *m;

			if (!(reads & 1u << f))
				continue;
			if (!member(e, rewards_fields[f].name, &m))
				why = "duplicate key";
			else if (m == NULL && (RW_OPTIONAL & 1u << f))
				continue;
			else if (m == NULL)
				why = "missing field";
			else if (!cJSON_IsString(m))
				why = "field is not a string:";
			else
				why = ref_value(m->valuestring, f, &v[f],
				    &r->decimal_strings);
			if (why == out_of_range)
				return diag_error(UC_EPROTO, "%s: %s '%s' in %s (%s)", ep,
				    why, rewards_fields[f].name, where, rewards_fields[f].range);
			if (why != NULL)
				return diag_error(UC_EPROTO, "%s: %s '%s' in %s", ep,
				    why, rewards_fields[f].name, where);
		}
		if (ideal)
			r->ideal[r->nideal++] = (struct jd_ideal){ (uint64_t)v[RW_EB],
			    v[RW_HEAD], v[RW_TARGET], v[RW_SOURCE] };
		else
			r->total[r->ntotal++] = (struct jd_reward){
			    (uint64_t)v[RW_INDEX], v[RW_HEAD], v[RW_TARGET], v[RW_SOURCE],
			    v[RW_INACT] };
	}
	return UC_OK;
}

int
jd_att_rewards_reference(const char *buf, size_t len, const char *endpoint,
    struct jd_att_rewards *r)
{
	cJSON *root;
	const cJSON *data, *ideal, *total;
	int rc;

	memset(r, 0, sizeof(*r));
	if ((root = parse(buf, len, endpoint)) == NULL)
		return UC_EPROTO;
	if ((rc = member_once(root, "data", endpoint, "", &data)) == UC_OK &&
	    (rc = member_once(data, "ideal_rewards", endpoint, "data.",
	    &ideal)) == UC_OK &&
	    (rc = member_once(data, "total_rewards", endpoint, "data.",
	    &total)) == UC_OK) {
		if (!cJSON_IsArray(ideal))
			rc = bad(endpoint, "missing array", "data.ideal_rewards");
		else if (!cJSON_IsArray(total))
			rc = bad(endpoint, "missing array", "data.total_rewards");
		else if ((rc = ref_entries(ideal, true, endpoint, r)) == UC_OK)
			rc = ref_entries(total, false, endpoint, r);
	}
	cJSON_Delete(root);
	if (rc == UC_OK)
		rewards_set_in_order(r);
	else
		jd_att_rewards_release(r);
	return rc;
}

int
jd_att_rewards(const char *buf, size_t len, const char *endpoint,
    struct jd_att_rewards *r)
{
	memset(r, 0, sizeof(*r));
	if (buf[len] != '\0')
		return diag_error(UC_ESOFTWARE, "%s: body not NUL-terminated", endpoint);
	if (rewards_scan(buf, len, r))
		return UC_OK;
	/* Not what nodes send, or not for the scanner to judge: cJSON decides. */
	jd_att_rewards_release(r);
	return jd_att_rewards_reference(buf, len, endpoint, r);
}
