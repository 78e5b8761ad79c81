/*
 * The rewards body, differentially: for any bytes, production
 * (jd_att_rewards: the scanner, handing what it does not vouch for to the
 * reference) and the cJSON reference must agree.  Both refuse, leaving
 * nothing allocated, or both accept with the same arrays in the same
 * order, the same flags, and every value within its field's range.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "json_decode.h"
#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_GWEI	(INT64_C(1) << 41)

static bool
flag_ok(int64_t v)
{
	return v >= INT32_MIN && v <= INT32_MAX;
}

static void
same(const struct jd_att_rewards *a, const struct jd_att_rewards *b)
{
	size_t i;

	if (a->nideal != b->nideal || a->ntotal != b->ntotal ||
	    a->decimal_strings != b->decimal_strings ||
	    a->total_in_order != b->total_in_order)
		abort();
	for (i = 0; i < a->nideal; i++) {
		const struct jd_ideal *x = &a->ideal[i], *y = &b->ideal[i];

		if (x->eb_gwei != y->eb_gwei || x->head != y->head ||
		    x->target != y->target || x->source != y->source)
			abort();
		if (x->eb_gwei > (uint64_t)MAX_GWEI || !flag_ok(x->head) ||
		    !flag_ok(x->target) || !flag_ok(x->source))
			abort();
	}
	for (i = 0; i < a->ntotal; i++) {
		const struct jd_reward *x = &a->total[i], *y = &b->total[i];

		if (x->index != y->index || x->head != y->head ||
		    x->target != y->target || x->source != y->source ||
		    x->inactivity != y->inactivity)
			abort();
		if (x->index > UINT32_MAX || !flag_ok(x->head) ||
		    !flag_ok(x->target) || !flag_ok(x->source) ||
		    x->inactivity < -MAX_GWEI || x->inactivity > MAX_GWEI)
			abort();
		/* total_in_order says what it says. */
		if (i > 0 && x->index < a->total[i - 1].index && a->total_in_order)
			abort();
	}
}

static void
nothing(const struct jd_att_rewards *r)
{
	if (r->ideal != NULL || r->total != NULL || r->nideal != 0 || r->ntotal != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* jd_att_rewards needs buf[len] to be NUL, as a strbuf's is. */
	char *buf = xmalloc(size + 1);
	struct jd_att_rewards prod, ref;
	int rc, rc_ref;

	memcpy(buf, data, size);
	buf[size] = '\0';
	rc = jd_att_rewards(buf, size, "fuzz", &prod);
	rc_ref = jd_att_rewards_reference(buf, size, "fuzz", &ref);
	if (rc != rc_ref || (rc != UC_OK && rc != UC_EPROTO))
		abort();
	if (rc == UC_OK) {
		same(&prod, &ref);
	} else {
		nothing(&prod);
		nothing(&ref);
	}
	jd_att_rewards_release(&prod);
	jd_att_rewards_release(&ref);
	free(buf);
	return 0;
}
