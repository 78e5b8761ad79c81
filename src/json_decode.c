/*
 * Beacon API JSON → structs, with cJSON.  Every uint64/int64 in the API is
 * a JSON string of decimal digits; reading one as a JSON number or as a
 * double would lose precision (FAR_FUTURE_EPOCH is 2^64 - 1), so fields are
 * read from the string with strtoull/strtoll.  The one deviation accepted
 * is Lodestar 1.22's decimal reward strings ("944731.125"), which are
 * rounded to whole gwei and flagged so the caller can warn.
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

static cJSON *
parse(const char *buf, size_t len, const char *endpoint)
{
	cJSON *root = cJSON_ParseWithLength(buf, len);

	if (root == NULL)
		diag_error(UC_EPROTO, "%s: response is not JSON", endpoint);
	return root;
}

static const cJSON *
field(const cJSON *obj, const char *name)
{
	return cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, name) : NULL;
}

static int
bad(const char *endpoint, const char *what, const char *name)
{
	return diag_error(UC_EPROTO, "%s: %s '%s'", endpoint, what, name);
}

/* A Uint64 field: a string of digits. */
static int
get_u64(const cJSON *obj, const char *name, const char *endpoint, uint64_t *out)
{
	const cJSON *f = field(obj, name);

	if (!cJSON_IsString(f))
		return bad(endpoint, f ? "field is not a string:" : "missing field", name);
	if (!parse_u64(f->valuestring, out))
		return bad(endpoint, "field is not an unsigned integer:", name);
	return UC_OK;
}

/*
 * An Int64 gwei field.  Integers as the spec says; decimal strings
 * (Lodestar 1.22) are rounded to the nearest gwei and flagged.
 */
static int
get_gwei(const cJSON *obj, const char *name, const char *endpoint, int64_t *out,
    bool *decimal)
{
	const cJSON *f = field(obj, name);
	const char *s, *p;
	char *end;
	long long v;

	if (!cJSON_IsString(f))
		return bad(endpoint, f ? "field is not a string:" : "missing field", name);
	s = f->valuestring;
	p = s[0] == '-' ? s + 1 : s;
	if (!isdigit((unsigned char)*p))
		return bad(endpoint, "field is not an integer:", name);
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno == ERANGE)
		return bad(endpoint, "field is out of range:", name);
	if (*end == '.') {
		double d;

		if (!parse_double(s, &d) || strchr(s, 'e') || strchr(s, 'E'))
			return bad(endpoint, "field is not a number:", name);
		*decimal = true;
		*out = (int64_t)llround(d);
		return UC_OK;
	}
	if (*end != '\0')
		return bad(endpoint, "field is not an integer:", name);
	*out = v;
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
	code = field(root, "code");
	if (code == NULL)
		code = field(root, "statusCode");	/* Lodestar */
	msg = field(root, "message");
	if (cJSON_IsArray(root))			/* fastify schema errors */
		msg = field(cJSON_GetArrayItem(root, 0), "message");
	if (cJSON_IsNumber(code))
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
	const cJSON *data, *root_hex;
	int rc;

	if (root == NULL)
		return UC_EPROTO;
	data = field(root, "data");
	rc = get_u64(data, "genesis_time", ep, &g->genesis_time);
	root_hex = field(data, "genesis_validators_root");
	if (rc == UC_OK && (!cJSON_IsString(root_hex) ||
	    strlen(root_hex->valuestring) != 66 ||
	    strncmp(root_hex->valuestring, "0x", 2) != 0))
		rc = bad(ep, "field is not a 32-byte hex root:", "genesis_validators_root");
	if (rc == UC_OK)
		snprintf(g->validators_root, sizeof(g->validators_root), "%s",
		    root_hex->valuestring);
	cJSON_Delete(root);
	return rc;
}

int
jd_spec(const char *buf, size_t len, struct jd_timing *t)
{
	const char *ep = "/eth/v1/config/spec";
	cJSON *root = parse(buf, len, ep);
	const cJSON *data;
	uint64_t v;
	int rc;

	if (root == NULL)
		return UC_EPROTO;
	data = field(root, "data");
	/* SLOT_DURATION_MS replaced SECONDS_PER_SLOT in 2025-26; accept both. */
	if (field(data, "SLOT_DURATION_MS") != NULL) {
		rc = get_u64(data, "SLOT_DURATION_MS", ep, &v);
		t->slot_s = (double)v / 1000;
	} else {
		rc = get_u64(data, "SECONDS_PER_SLOT", ep, &v);
		t->slot_s = (double)v;
	}
	if (rc == UC_OK)
		rc = get_u64(data, "SLOTS_PER_EPOCH", ep, &t->slots_per_epoch);
	if (rc == UC_OK && (t->slot_s <= 0 || t->slots_per_epoch == 0))
		rc = bad(ep, "slot time and slots per epoch must be positive:",
		    "SLOTS_PER_EPOCH");
	cJSON_Delete(root);
	return rc;
}

int
jd_header(const char *buf, size_t len, uint64_t *slot, uint64_t *proposer)
{
	const char *ep = "/eth/v1/beacon/headers";
	cJSON *root = parse(buf, len, ep);
	const cJSON *msg;
	int rc;

	if (root == NULL)
		return UC_EPROTO;
	msg = field(field(field(root, "data"), "header"), "message");
	if (msg == NULL)
		rc = bad(ep, "missing field", "data.header.message");
	else if ((rc = get_u64(msg, "slot", ep, slot)) == UC_OK)
		rc = get_u64(msg, "proposer_index", ep, proposer);
	cJSON_Delete(root);
	return rc;
}

int
jd_validators(const char *buf, size_t len, struct jd_validator **out, size_t *n)
{
	const char *ep = "/eth/v1/beacon/states/head/validators";
	cJSON *root = parse(buf, len, ep);
	const cJSON *data, *item;
	int rc = UC_OK;

	*out = NULL;
	*n = 0;
	if (root == NULL)
		return UC_EPROTO;
	data = field(root, "data");
	if (!cJSON_IsArray(data)) {
		cJSON_Delete(root);
		return bad(ep, "missing array", "data");
	}
	*out = xcalloc((size_t)cJSON_GetArraySize(data) + 1, sizeof(**out));
	cJSON_ArrayForEach(item, data) {
		struct jd_validator *v = &(*out)[*n];
		const cJSON *val = field(item, "validator"), *pk = field(val, "pubkey");
		size_t i;

		if ((rc = get_u64(item, "index", ep, &v->index)) != UC_OK ||
		    (rc = get_u64(val, "effective_balance", ep, &v->eb_gwei)) != UC_OK ||
		    (rc = get_u64(val, "activation_epoch", ep, &v->activation_epoch)) != UC_OK ||
		    (rc = get_u64(val, "exit_epoch", ep, &v->exit_epoch)) != UC_OK)
			break;
		if (!cJSON_IsString(pk) || strlen(pk->valuestring) != 98) {
			rc = bad(ep, "field is not a 48-byte hex key:", "validator.pubkey");
			break;
		}
		for (i = 0; i < 98; i++)
			v->pubkey[i] = (char)tolower((unsigned char)pk->valuestring[i]);
		v->pubkey[98] = '\0';
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

void
jd_att_rewards_release(struct jd_att_rewards *r)
{
	free(r->ideal);
	free(r->total);
	memset(r, 0, sizeof(*r));
}

int
jd_att_rewards(const char *buf, size_t len, const char *endpoint,
    struct jd_att_rewards *r)
{
	cJSON *root = parse(buf, len, endpoint);
	const cJSON *data, *ideal, *total, *item;
	int rc = UC_OK;

	memset(r, 0, sizeof(*r));
	if (root == NULL)
		return UC_EPROTO;
	data = field(root, "data");
	ideal = field(data, "ideal_rewards");
	total = field(data, "total_rewards");
	if (!cJSON_IsArray(ideal) || !cJSON_IsArray(total)) {
		cJSON_Delete(root);
		return bad(endpoint, "missing array",
		    cJSON_IsArray(ideal) ? "data.total_rewards" : "data.ideal_rewards");
	}
	r->ideal = xcalloc((size_t)cJSON_GetArraySize(ideal) + 1, sizeof(*r->ideal));
	r->total = xcalloc((size_t)cJSON_GetArraySize(total) + 1, sizeof(*r->total));
	cJSON_ArrayForEach(item, ideal) {
		struct jd_ideal *d = &r->ideal[r->nideal];

		if ((rc = get_u64(item, "effective_balance", endpoint, &d->eb_gwei)) ||
		    (rc = get_gwei(item, "head", endpoint, &d->head, &r->decimal_strings)) ||
		    (rc = get_gwei(item, "target", endpoint, &d->target, &r->decimal_strings)) ||
		    (rc = get_gwei(item, "source", endpoint, &d->source, &r->decimal_strings)))
			break;
		r->nideal++;
	}
	if (rc == UC_OK)
		cJSON_ArrayForEach(item, total) {
			struct jd_reward *t = &r->total[r->ntotal];

			if ((rc = get_u64(item, "validator_index", endpoint, &t->index)) ||
			    (rc = get_gwei(item, "head", endpoint, &t->head, &r->decimal_strings)) ||
			    (rc = get_gwei(item, "target", endpoint, &t->target, &r->decimal_strings)) ||
			    (rc = get_gwei(item, "source", endpoint, &t->source, &r->decimal_strings)))
				break;
			/* "inactivity" arrived in 2023 (beacon-APIs #340): optional. */
			t->inactivity = 0;
			if (field(item, "inactivity") != NULL &&
			    (rc = get_gwei(item, "inactivity", endpoint, &t->inactivity,
			    &r->decimal_strings)))
				break;
			r->ntotal++;
		}
	cJSON_Delete(root);
	if (rc != UC_OK)
		jd_att_rewards_release(r);
	return rc;
}
