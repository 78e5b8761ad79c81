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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "diag.h"
#include "json_decode.h"
#include "util.h"

/*
 * Bounds of what a node can mean.  No effective balance exceeds the
 * maximum, 2048 ETH since Electra (EIP-7251); 2^41 gwei is 2199 ETH.  An
 * epoch's inactivity penalty is effective balance x score / 2^26: more
 * than the balance would take a score of 2^26, centuries of leak, and the
 * validator is ejected at 16 ETH long before; so |inactivity| <= 2^41
 * gwei too.  A flag reward (head, target, source) is a fraction of one
 * base reward, thousands of gwei: int32 holds it, as the store does.  The
 * store holds 32-bit validator indices (store_pack refuses larger ones).
 */
#define MAX_BALANCE_GWEI	(UINT64_C(1) << 41)
#define MAX_INDEX		UINT32_MAX

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

/* A Uint64 field of at most max: a string of digits. */
static int
get_u64(const cJSON *obj, const char *name, const char *endpoint,
    const char *prefix, uint64_t max, uint64_t *out)
{
	const cJSON *f;
	char full[64];
	int rc;

	if ((rc = member_once(obj, name, endpoint, prefix, &f)) != UC_OK)
		return rc;
	snprintf(full, sizeof(full), "%s%s", prefix, name);
	if (!cJSON_IsString(f))
		return bad(endpoint, f ? "field is not a string:" : "missing field", full);
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
	    "field is not a 48-byte hex key:", v->pubkey)) != UC_OK)
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

void
jd_att_rewards_release(struct jd_att_rewards *r)
{
	free(r->ideal);
	free(r->total);
	memset(r, 0, sizeof(*r));
}

/*
 * The rewards body, /eth/v1/beacon/rewards/attestations/{epoch}.  Its
 * entries' fields, and what each may hold: ideal_rewards entries are read
 * for effective_balance and the three flag rewards, total_rewards entries
 * for validator_index, the flag rewards and inactivity (optional, added
 * in 2023 by beacon-APIs #340); other members are not read.  A value is a
 * JSON string of decimal digits; the signed fields may start with '-' and,
 * as Lodestar 1.22 writes them, end in a decimal fraction.
 */
enum { F_INDEX, F_EB, F_HEAD, F_TARGET, F_SOURCE, F_INACT, F_N };
static const struct {
	const char	*name;
	int64_t		 lo, hi;
	const char	*range;		/* lo..hi, for a message */
	bool		 lodestar;	/* a '-' and a fraction may be written */
} fields[F_N] = {
	{ "validator_index", 0, MAX_INDEX, "0..2^32-1", false },
	{ "effective_balance", 0, (int64_t)MAX_BALANCE_GWEI, "0..2^41 gwei", false },
	{ "head", INT32_MIN, INT32_MAX, "int32", true },
	{ "target", INT32_MIN, INT32_MAX, "int32", true },
	{ "source", INT32_MIN, INT32_MAX, "int32", true },
	{ "inactivity", -(int64_t)MAX_BALANCE_GWEI, (int64_t)MAX_BALANCE_GWEI,
	    "-2^41..2^41 gwei", true },
};
static const char out_of_range[] = "field is out of range:";
#define FLAGS		(1u << F_HEAD | 1u << F_TARGET | 1u << F_SOURCE)
#define READ_IDEAL	(1u << F_EB | FLAGS)
#define READ_TOTAL	(1u << F_INDEX | FLAGS | 1u << F_INACT)
#define OPTIONAL	(1u << F_INACT)
/* Digits beyond this magnitude are out of every field's range. */
#define MAG_CAP		(UINT64_C(1) << 50)

static inline bool
is_digit(char c)
{
	return (unsigned)(c - '0') < 10;
}

static void
set_in_order(struct jd_att_rewards *r)
{
	size_t i;

	r->total_in_order = true;
	for (i = 1; i < r->ntotal; i++)
		if (r->total[i - 1].index > r->total[i].index)
			r->total_in_order = false;
}

/*
 * --- The reference: a cJSON tree, read field by field --------------------
 *
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

	if (*p == '-' && fields[f].lodestar) {
		neg = true;
		p++;
	}
	if (!is_digit(*p))
		return "field is not an integer:";
	for (; is_digit(*p); p++) {
		if (mag > MAG_CAP)
			big = true;
		else
			mag = mag * 10 + (uint64_t)(*p - '0');
	}
	if (*p == '.' && fields[f].lodestar) {
		const char *first = ++p;

		while (is_digit(*p))
			p++;
		if (p == first)
			return "field is not an integer:";
		mag += *first >= '5';
		frac = true;
	}
	if (*p != '\0')
		return "field is not an integer:";
	v = neg ? -(int64_t)mag : (int64_t)mag;
	if (big || v < fields[f].lo || v > fields[f].hi)
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
	unsigned reads = ideal ? READ_IDEAL : READ_TOTAL;
	size_t n = (size_t)cJSON_GetArraySize(arr);
	const cJSON *e;

	if (ideal)
		r->ideal = xcalloc(n + 1, sizeof(*r->ideal));
	else
		r->total = xcalloc(n + 1, sizeof(*r->total));
	cJSON_ArrayForEach(e, arr) {
		int64_t v[F_N] = { 0 };
		int f;

		if (!cJSON_IsObject(e))
			return diag_error(UC_EPROTO, "%s: an entry of %s is not an "
			    "object", ep, where);
		for (f = 0; f < F_N; f++) {
			const char *why;
			const cJSON *m;

			if (!(reads & 1u << f))
				continue;
			if (!member(e, fields[f].name, &m))
				why = "duplicate key";
			else if (m == NULL && (OPTIONAL & 1u << f))
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
				    why, fields[f].name, where, fields[f].range);
			if (why != NULL)
				return diag_error(UC_EPROTO, "%s: %s '%s' in %s", ep,
				    why, fields[f].name, where);
		}
		if (ideal)
			r->ideal[r->nideal++] = (struct jd_ideal){ (uint64_t)v[F_EB],
			    v[F_HEAD], v[F_TARGET], v[F_SOURCE] };
		else
			r->total[r->ntotal++] = (struct jd_reward){
			    (uint64_t)v[F_INDEX], v[F_HEAD], v[F_TARGET], v[F_SOURCE],
			    v[F_INACT] };
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
		set_in_order(r);
	else
		jd_att_rewards_release(r);
	return rc;
}

/*
 * --- The fast path: one pass over the text -------------------------------
 *
 * The rewards body is the one large response (about 110 bytes per
 * validator, per epoch), so it is read by a single-pass scanner rather
 * than a cJSON tree, with no allocation per value.  The scanner takes
 * only what it is sure of: strict JSON with no escape anywhere, each key
 * it reads once, each value in range.  Anything else, a refusal included,
 * is handed to the reference, whose answer is final: the scanner never
 * says why, and never decides other than cJSON would (tests/fuzz/
 * fuzz_rewards.c checks).  Nodes send no escapes and no duplicates, so
 * they never leave the fast path.
 */
struct scan {
	const char	*p, *end;	/* *end is NUL */
};

static inline void
ws(struct scan *s)
{
	while (is_ws(*s->p))
		s->p++;
}

static inline bool
eat(struct scan *s, char c)
{
	ws(s);
	if (s->p >= s->end || *s->p != c)
		return false;
	s->p++;
	return true;
}

static inline bool
peek(struct scan *s, char c)
{
	ws(s);
	return s->p < s->end && *s->p == c;
}

/* Characters that stand for themselves in a string: the NUL is not one. */
static inline bool
plain(unsigned char c)
{
	return c >= 0x20 && c != '"' && c != '\\';
}

/*
 * A string with no escape: str and len give its content.  A backslash,
 * a control character or the end is not the scanner's to judge.
 */
static inline bool
sc_string(struct scan *s, const char **str, size_t *len)
{
	if (!eat(s, '"'))
		return false;
	*str = s->p;
	while (plain((unsigned char)*s->p))
		s->p++;
	if (*s->p != '"')
		return false;
	*len = (size_t)(s->p - *str);
	s->p++;
	return true;
}

/*
 * A number by JSON's grammar, of at most 63 characters: cJSON reads no
 * more of one, and refuses the body if there is more.
 */
static bool
sc_number(struct scan *s)
{
	const char *q = s->p;

	if (*q == '-')
		q++;
	if (*q == '0')
		q++;
	else if (is_digit(*q))
		while (is_digit(*q))
			q++;
	else
		return false;
	if (*q == '.') {
		if (!is_digit(*++q))
			return false;
		while (is_digit(*q))
			q++;
	}
	if (*q == 'e' || *q == 'E') {
		if (*++q == '+' || *q == '-')
			q++;
		if (!is_digit(*q))
			return false;
		while (is_digit(*q))
			q++;
	}
	if (q - s->p > 63)
		return false;
	s->p = q;
	return true;
}

/* Check and pass over any value. */
static bool
sc_skip(struct scan *s, int depth)
{
	const char *str;
	size_t len;

	if (depth > 64)
		return false;
	ws(s);
	switch (*s->p) {
	case '"':
		return sc_string(s, &str, &len);
	case '{':
		s->p++;
		if (peek(s, '}'))
			return eat(s, '}');
		do {
			if (!sc_string(s, &str, &len) || !eat(s, ':') ||
			    !sc_skip(s, depth + 1))
				return false;
		} while (eat(s, ','));
		return eat(s, '}');
	case '[':
		s->p++;
		if (peek(s, ']'))
			return eat(s, ']');
		do {
			if (!sc_skip(s, depth + 1))
				return false;
		} while (eat(s, ','));
		return eat(s, ']');
	case 't':
	case 'f':
	case 'n': {
		const char *w = *s->p == 't' ? "true" : *s->p == 'f' ? "false" : "null";
		size_t n = strlen(w);

		if ((size_t)(s->end - s->p) < n || memcmp(s->p, w, n) != 0)
			return false;
		s->p += n;
		return true;
	}
	default:
		return sc_number(s);
	}
}

/* The keys nodes send, matched in place with their quotes; else F_N. */
static inline int
known_key(struct scan *s)
{
	const char *p = s->p;

	if (s->end - p < 20)
		return F_N;
	switch (p[1]) {
	case 'h':
		if (memcmp(p, "\"head\"", 6) == 0) { s->p += 6; return F_HEAD; }
		break;
	case 't':
		if (memcmp(p, "\"target\"", 8) == 0) { s->p += 8; return F_TARGET; }
		break;
	case 's':
		if (memcmp(p, "\"source\"", 8) == 0) { s->p += 8; return F_SOURCE; }
		break;
	case 'i':
		if (memcmp(p, "\"inactivity\"", 12) == 0) { s->p += 12; return F_INACT; }
		break;
	case 'v':
		if (memcmp(p, "\"validator_index\"", 17) == 0) { s->p += 17; return F_INDEX; }
		break;
	case 'e':
		if (memcmp(p, "\"effective_balance\"", 19) == 0) { s->p += 19; return F_EB; }
		break;
	}
	return F_N;
}

/* Which field a key names, by its length first: F_N for none. */
static inline int
field_of(const char *key, size_t len)
{
	switch (len) {
	case 4:
		return memcmp(key, "head", 4) == 0 ? F_HEAD : F_N;
	case 6:
		return memcmp(key, "target", 6) == 0 ? F_TARGET :
		    memcmp(key, "source", 6) == 0 ? F_SOURCE : F_N;
	case 10:
		return memcmp(key, "inactivity", 10) == 0 ? F_INACT : F_N;
	case 15:
		return memcmp(key, "validator_index", 15) == 0 ? F_INDEX : F_N;
	case 17:
		return memcmp(key, "effective_balance", 17) == 0 ? F_EB : F_N;
	}
	return F_N;
}

/*
 * Field f's value where it stands, as ref_value reads it.  s->p is just
 * past the opening quote.
 */
static inline bool
sc_value(struct scan *s, int f, int64_t *out, bool *decimal)
{
	const char *q = s->p;
	bool neg = false;
	uint64_t v = 0;
	int64_t x;

	if (*q == '-' && fields[f].lodestar) {
		neg = true;
		q++;
	}
	if (!is_digit(*q))
		return false;
	for (; is_digit(*q); q++) {
		if (v > MAG_CAP)
			return false;
		v = v * 10 + (uint64_t)(*q - '0');
	}
	if (*q == '.' && fields[f].lodestar) {
		const char *frac = ++q;

		while (is_digit(*q))
			q++;
		if (q == frac)
			return false;
		v += *frac >= '5';
		*decimal = true;
	}
	if (*q != '"')
		return false;
	x = neg ? -(int64_t)v : (int64_t)v;
	if (x < fields[f].lo || x > fields[f].hi)
		return false;
	s->p = q + 1;
	*out = x;
	return true;
}

/*
 * Where a total_rewards entry's validator_index value stands, so that
 * the next entries can be compared with it byte for byte (see
 * sc_same_entry).  pre_len is 0 unless the entry can serve.
 */
struct entry_shape {
	const char	*start;		/* the entry's '{' */
	size_t		 pre_len;	/* '{' up to the index value's digits */
	const char	*post;		/* the closing quote of the index value */
	size_t		 post_len;	/* from there through the entry's '}' */
	struct jd_reward tmpl;		/* what it says, but for the index */
};

/* One object of ideal_rewards (ideal) or total_rewards: the fields read. */
static bool
sc_entry(struct scan *s, bool ideal, int64_t v[F_N], bool *decimal,
    struct entry_shape *shape)
{
	unsigned seen = 0, reads = ideal ? READ_IDEAL : READ_TOTAL;
	const char *idx_digits = NULL, *idx_quote = NULL;
	int f;

	v[F_INACT] = 0;
	shape->pre_len = 0;
	ws(s);
	shape->start = s->p;
	if (!eat(s, '{'))
		return false;
	if (!peek(s, '}'))
		do {
			ws(s);
			if ((f = known_key(s)) == F_N) {
				const char *key;
				size_t klen;

				if (!sc_string(s, &key, &klen))
					return false;
				f = field_of(key, klen);
			}
			if (!eat(s, ':'))
				return false;
			if (f == F_N || !(reads & 1u << f)) {
				if (!sc_skip(s, 1))
					return false;
				continue;
			}
			if ((seen & 1u << f) || !eat(s, '"'))
				return false;
			if (f == F_INDEX)
				idx_digits = s->p;
			if (!sc_value(s, f, &v[f], decimal))
				return false;
			if (f == F_INDEX)
				idx_quote = s->p - 1;
			seen |= 1u << f;
		} while (eat(s, ','));
	if (!eat(s, '}') || (seen | OPTIONAL) != (reads | OPTIONAL))
		return false;
	if (!ideal) {
		shape->pre_len = (size_t)(idx_digits - shape->start);
		shape->post = idx_quote;
		shape->post_len = (size_t)(s->p - idx_quote);
		shape->tmpl = (struct jd_reward){ 0, v[F_HEAD], v[F_TARGET],
		    v[F_SOURCE], v[F_INACT] };
	}
	return true;
}

/*
 * Whether the entry at s->p is byte for byte an entry already read, but
 * for the digits of its validator_index: then it means the same but for
 * the index, and is taken without being read field by field.  Most
 * validators earn the same rewards in an epoch, and a node writes their
 * entries alike, so this is how most entries are read.
 */
static inline bool
sc_same_entry(struct scan *s, const struct entry_shape *shape, struct jd_reward *t)
{
	const char *q = s->p + shape->pre_len;
	uint64_t index = 0;
	int ndigits;

	if (shape->pre_len == 0 || (size_t)(s->end - s->p) < shape->pre_len ||
	    memcmp(s->p, shape->start, shape->pre_len) != 0)
		return false;
	/*
	 * At most 9 digits, always within MAX_INDEX: a longer index (none
	 * yet has 10) is left to sc_entry and its range check.
	 */
	for (ndigits = 0; is_digit(*q) && ndigits < 9; q++, ndigits++)
		index = index * 10 + (uint64_t)(*q - '0');
	if (ndigits == 0 || (size_t)(s->end - q) < shape->post_len ||
	    memcmp(q, shape->post, shape->post_len) != 0)
		return false;
	/* Straight from the shape: a copy through a local would stall. */
	*t = shape->tmpl;
	t->index = index;
	s->p = q + shape->post_len;
	return true;
}

/*
 * ideal_rewards, into r->ideal, which must be empty (the room is counted
 * from none): a few dozen entries, each read in full.
 */
static bool
sc_ideal(struct scan *s, struct jd_att_rewards *r)
{
	struct entry_shape unused;
	size_t cap = 0;

	if (r->nideal != 0 || !eat(s, '['))
		return false;
	if (!peek(s, ']'))
		do {
			int64_t v[F_N];

			if (!sc_entry(s, true, v, &r->decimal_strings, &unused))
				return false;
			if (r->nideal == cap)
				r->ideal = xrealloc(r->ideal, (cap = cap ? 2 * cap : 64) *
				    sizeof(*r->ideal));
			r->ideal[r->nideal++] = (struct jd_ideal){ (uint64_t)v[F_EB],
			    v[F_HEAD], v[F_TARGET], v[F_SOURCE] };
		} while (eat(s, ','));
	return eat(s, ']');
}

/*
 * total_rewards, into r->total, which must be empty: an entry per
 * validator, most taken by comparison.  Out of line: inlined into
 * sc_rewards, this loop's values lose their registers, and decoding is
 * about 5 % slower (bench/decode).
 */
static __attribute__((noinline)) bool
sc_total(struct scan *s, struct jd_att_rewards *r)
{
	/* The last two shapes read: a miss among hits comes back to either. */
	struct entry_shape shape[2] = { { NULL, 0, NULL, 0, { 0 } },
	    { NULL, 0, NULL, 0, { 0 } } };
	size_t cap = 0;
	int last = 0;
	bool in_order = true;

	if (r->ntotal != 0 || !eat(s, '['))
		return false;
	if (!peek(s, ']'))
		do {
			int64_t v[F_N];

			ws(s);
			if (r->ntotal == cap)
				r->total = xrealloc(r->total, (cap = cap ? 2 * cap :
				    1024) * sizeof(*r->total));
			if (!sc_same_entry(s, &shape[last], &r->total[r->ntotal]) &&
			    !sc_same_entry(s, &shape[last ^= 1], &r->total[r->ntotal])) {
				/* Read in full; its shape replaces the older one. */
				if (!sc_entry(s, false, v, &r->decimal_strings,
				    &shape[last]))
					return false;
				r->total[r->ntotal] = (struct jd_reward){
				    (uint64_t)v[F_INDEX], v[F_HEAD], v[F_TARGET],
				    v[F_SOURCE], v[F_INACT] };
			}
			in_order &= r->ntotal == 0 ||
			    r->total[r->ntotal - 1].index <= r->total[r->ntotal].index;
			r->ntotal++;
		} while (eat(s, ','));
	r->total_in_order = in_order;
	return eat(s, ']');
}

static bool
key_is(const char *key, size_t len, const char *want)
{
	return strlen(want) == len && memcmp(key, want, len) == 0;
}

/* The whole body, or false if the reference is to read it. */
static bool
sc_rewards(struct scan *s, struct jd_att_rewards *r)
{
	bool got_data = false, got_ideal = false, got_total = false;
	const char *key;
	size_t klen;

	if (!eat(s, '{') || peek(s, '}'))
		return false;
	do {
		if (!sc_string(s, &key, &klen) || !eat(s, ':'))
			return false;
		if (!key_is(key, klen, "data")) {
			if (!sc_skip(s, 1))
				return false;
			continue;
		}
		if (got_data || !eat(s, '{') || peek(s, '}'))
			return false;
		got_data = true;
		do {
			bool *got = NULL;

			if (!sc_string(s, &key, &klen) || !eat(s, ':'))
				return false;
			if (key_is(key, klen, "ideal_rewards"))
				got = &got_ideal;
			else if (key_is(key, klen, "total_rewards"))
				got = &got_total;
			if (got == NULL) {
				if (!sc_skip(s, 2))
					return false;
				continue;
			}
			/* Read once: a second array is the reference's to refuse. */
			if (*got || !(got == &got_ideal ? sc_ideal(s, r) :
			    sc_total(s, r)))
				return false;
			*got = true;
		} while (eat(s, ','));
		if (!eat(s, '}'))
			return false;
	} while (eat(s, ','));
	if (!eat(s, '}'))
		return false;
	ws(s);
	return s->p == s->end && got_ideal && got_total;
}

int
jd_att_rewards(const char *buf, size_t len, const char *endpoint,
    struct jd_att_rewards *r)
{
	struct scan s = { buf, buf + len };

	memset(r, 0, sizeof(*r));
	if (buf[len] != '\0')
		return diag_error(UC_ESOFTWARE, "%s: body not NUL-terminated", endpoint);
	if (sc_rewards(&s, r))
		return UC_OK;
	/* Not what nodes send, or not for the scanner to judge: cJSON decides. */
	jd_att_rewards_release(r);
	return jd_att_rewards_reference(buf, len, endpoint, r);
}
