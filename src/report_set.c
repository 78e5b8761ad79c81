/*
 * The validators a report watches, looked up once in the node's head
 * state.  Only those asked for are watched, whatever the node answers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "report_set.h"
#include "store_pack.h"
#include "util.h"

/*
 * The validators endpoint's answer: 474-496 bytes per validator in the
 * recorded devnet and the synthetic mainnet, so 4 KiB per id asked for,
 * and 1 MiB besides for the envelope or an error body.  --max-response
 * raises it.
 */
#define VALIDATORS_FIXED_BYTES		((uint64_t)1 << 20)
#define VALIDATORS_PER_ID_BYTES		4096

static int
by_index(const void *a, const void *b)
{
	const struct jd_validator *x = a, *y = b;

	return x->index < y->index ? -1 : x->index > y->index;
}

static int
by_pubkey(const void *a, const void *b)
{
	const struct jd_validator *const *x = a, *const *y = b;

	return strcmp((*x)->pubkey, (*y)->pubkey);
}

static int
by_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int
by_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Keep only the validators of the answer that were asked for, by index or
 * by pubkey: a node that adds others (ignoring the id filter, or worse)
 * must not add rows to the report.  Returns how many were dropped.
 */
static size_t
drop_unasked(char *const *items, size_t nitems, struct jd_validator *got,
    size_t *ngot)
{
	uint64_t *idx = xmalloc((nitems + 1) * sizeof(*idx));
	char **keys = xmalloc((nitems + 1) * sizeof(*keys));
	size_t nidx = 0, nkeys = 0, i, j;

	for (i = 0; i < nitems; i++)
		if (!parse_u64(items[i], &idx[nidx]))
			keys[nkeys++] = items[i];	/* lowercase, as pubkeys are */
		else
			nidx++;
	qsort(idx, nidx, sizeof(*idx), by_u64);
	qsort(keys, nkeys, sizeof(*keys), by_str);
	for (i = j = 0; i < *ngot; i++) {
		const char *pk = got[i].pubkey;

		if (util_sorted_has(idx, nidx, got[i].index) ||
		    bsearch(&pk, keys, nkeys, sizeof(*keys), by_str) != NULL)
			got[j++] = got[i];
	}
	free(idx);
	free(keys);
	i = *ngot - j;
	*ngot = j;
	return i;
}

/*
 * Ids asked for in one request: a node's answer, and the tree its decoder
 * builds, grow with them (a 100,000-validator set took 258 MiB in one);
 * batches of this many keep that to some tens of MiB.
 */
#define RESOLVE_BATCH	8192

/* Look up nitems ids, appending what the node answers to *got. */
static int
resolve_batch(struct report_node *node, char *const *items, size_t nitems,
    struct jd_validator **got, size_t *ngot)
{
	struct strbuf q;
	struct beacon_req req;
	struct jd_validator *part = NULL;
	size_t npart = 0, i;
	uint64_t max_bytes = VALIDATORS_FIXED_BYTES +
	    (uint64_t)nitems * VALIDATORS_PER_ID_BYTES;
	int rc;

	strbuf_init(&q);
	strbuf_addf(&q, "/eth/v1/beacon/states/head/validators?id=");
	for (i = 0; i < nitems; i++)
		strbuf_addf(&q, "%s%s", i ? "," : "", items[i]);
	if (nitems <= 64 && q.len < sizeof(req.path)) {
		rc = report_node_get(node, "GET", q.buf, NULL, max_bytes, &req);
	} else {
		/* The API caps a GET id list at 64; pubkeys make long URLs. */
		strbuf_release(&q);
		strbuf_addf(&q, "{\"ids\":[");
		for (i = 0; i < nitems; i++)
			strbuf_addf(&q, "%s\"%s\"", i ? "," : "", items[i]);
		strbuf_addf(&q, "]}");
		rc = report_node_get(node, "POST", "/eth/v1/beacon/states/head/validators",
		    q.buf, max_bytes, &req);
	}
	if (rc == UC_OK)
		rc = jd_validators(req.resp.buf, req.resp.len, &part, &npart);
	strbuf_release(&req.resp);
	strbuf_release(&q);
	if (rc == UC_OK && npart > 0) {
		*got = xrealloc(*got, (*ngot + npart) * sizeof(**got));
		memcpy(*got + *ngot, part, npart * sizeof(*part));
		*ngot += npart;
	}
	free(part);
	return rc;
}

int
report_set_resolve(struct report_set *set, struct report_node *node,
    char *const *items, size_t nitems)
{
	struct strbuf q, missing;
	struct jd_validator *got = NULL, **bykey;
	size_t ngot = 0, i, j, nmissing = 0;
	int rc = UC_OK;

	strbuf_init(&missing);
	for (i = 0; i < nitems && rc == UC_OK; i += RESOLVE_BATCH)
		rc = resolve_batch(node, items + i, nitems - i < RESOLVE_BATCH ?
		    nitems - i : RESOLVE_BATCH, &got, &ngot);
	if (rc != UC_OK) {
		free(got);
		return rc;
	}
	/* None known: an empty array still, for qsort and bsearch. */
	if (got == NULL)
		got = xcalloc(1, sizeof(*got));
	if ((i = drop_unasked(items, nitems, got, &ngot)) > 0)
		diag_warn("beacon node %s answered with %zu validator%s not asked for; "
		    "ignored", beacon_display_url(node->b), i, i == 1 ? "" : "s");
	/* Sorted copies by index and by pubkey: look each item up in log n. */
	qsort(got, ngot, sizeof(*got), by_index);
	bykey = xmalloc((ngot + 1) * sizeof(*bykey));
	for (i = 0; i < ngot; i++)
		bykey[i] = &got[i];
	qsort(bykey, ngot, sizeof(*bykey), by_pubkey);
	for (i = 0; i < nitems; i++) {
		struct jd_validator key;
		const struct jd_validator *kp = &key;
		uint64_t v;
		bool found, is_index = parse_u64(items[i], &v);

		key.index = v;
		snprintf(key.pubkey, sizeof(key.pubkey), "%s", items[i]);
		found = is_index ? bsearch(&key, got, ngot, sizeof(*got), by_index) != NULL :
		    bsearch(&kp, bykey, ngot, sizeof(*bykey), by_pubkey) != NULL;
		if (!found) {
			/* An index in full (20 digits at most), a pubkey's first bytes. */
			if (nmissing++ < 5)
				strbuf_addf(&missing, "%s%.*s%s", nmissing > 1 ? ", " : "",
				    is_index ? 20 : 14, items[i], is_index ? "" : "...");
		}
	}
	if (nmissing) {
		free(bykey);
		diag_error(UC_EUSAGE, "unknown validator%s: %s%s", nmissing > 1 ? "s" : "",
		    missing.buf, nmissing > 5 ? ", ..." : "");
		strbuf_release(&missing);
		free(got);
		return UC_EUSAGE;
	}
	strbuf_release(&missing);
	free(bykey);
	/* Drop duplicates (an index and its pubkey both given). */
	for (i = j = 0; i < ngot; i++)
		if (j == 0 || got[j - 1].index != got[i].index)
			got[j++] = got[i];
	set->n = j;
	set->idx = xcalloc(set->n + 1, sizeof(*set->idx));
	/* What packing reads of each, without the pubkey: 32 bytes apiece. */
	set->vals = xcalloc(set->n + 1, sizeof(*set->vals));
	set->status = xcalloc(set->n + 1, sizeof(*set->status));
	strbuf_init(&q);
	strbuf_add(&q, "[", 1);
	for (i = 0; i < set->n; i++) {
		set->idx[i] = got[i].index;
		set->vals[i] = watched_of(&got[i]);
		snprintf(set->status[i], sizeof(set->status[i]), "%s%s", got[i].status,
		    got[i].slashed && strstr(got[i].status, "slashed") == NULL ?
		    ",slashed" : "");
		strbuf_addf(&q, "%s\"%llu\"", i ? "," : "", (unsigned long long)got[i].index);
	}
	strbuf_add(&q, "]", 1);
	free(got);
	set->body = q.buf;
	set->fp = store_fingerprint(set->idx, set->n);
	return UC_OK;
}

void
report_set_release(struct report_set *set)
{
	free(set->vals);
	free(set->status);
	free(set->idx);
	free(set->body);
	memset(set, 0, sizeof(*set));
}

bool
report_set_has(const struct report_set *set, uint64_t index)
{
	return util_sorted_has(set->idx, set->n, index);
}
