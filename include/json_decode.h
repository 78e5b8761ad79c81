#ifndef UC_JSON_DECODE_H
#define UC_JSON_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Beacon API response bodies → plain structs.  The only reader of cJSON
 * trees: every tree is parsed, copied out and deleted inside one function.
 * Numbers are read from the API's decimal strings, never through doubles.
 * A malformed body, a key read twice in its object, or a number out of
 * what a chain can produce is a one-line error naming the endpoint and
 * the field, and UC_EPROTO.
 */

/* Error bodies: {"code":N,"message":...}, or Lodestar's "statusCode". */
struct jd_error {
	long	code;
	char	message[200];
};
/*
 * Fill e from an error body: e->code is an HTTP status (100..599), or 0
 * when the body has none; e->message is "" when the body says nothing.
 */
void	jd_error_body(const char *buf, size_t len, struct jd_error *e);

struct jd_genesis {
	uint64_t genesis_time;
	char	 validators_root[67];	/* 0x + 64 hex */
};
int	jd_genesis(const char *buf, size_t len, struct jd_genesis *g);

/*
 * What sync committees need of the spec (Altair on): known is false when
 * the node's spec lacks any of it, and sync duties are then not asked for.
 */
struct jd_sync_spec {
	bool	 known;
	uint64_t altair_epoch;		/* ALTAIR_FORK_EPOCH */
	uint64_t committee_size;	/* SYNC_COMMITTEE_SIZE */
	uint64_t period_epochs;		/* EPOCHS_PER_SYNC_COMMITTEE_PERIOD */
	uint64_t base_reward_factor;	/* BASE_REWARD_FACTOR */
	uint64_t reward_weight;		/* SYNC_REWARD_WEIGHT */
	uint64_t weight_denominator;	/* WEIGHT_DENOMINATOR */
};
struct jd_timing {
	double	 slot_s;		/* SECONDS_PER_SLOT or SLOT_DURATION_MS / 1000 */
	uint64_t slots_per_epoch;
	struct jd_sync_spec sync;
};
int	jd_spec(const char *buf, size_t len, struct jd_timing *t);

/* /eth/v1/beacon/headers/{id}: the block's slot and proposer. */
int	jd_header(const char *buf, size_t len, uint64_t *slot, uint64_t *proposer);

struct jd_validator {
	uint64_t index;
	uint64_t eb_gwei;
	uint64_t activation_epoch;
	uint64_t exit_epoch;		/* FAR_FUTURE_EPOCH = UINT64_MAX */
	char	 pubkey[99];		/* 0x + 96 hex, lowercase */
	char	 status[24];		/* the API's: pending_queued, active_ongoing ... */
	bool	 slashed;
};
/* /eth/v1/beacon/states/{id}/validators: *out is caller-freed. */
int	jd_validators(const char *buf, size_t len, struct jd_validator **out,
	    size_t *n);

struct jd_ideal {
	uint64_t eb_gwei;
	int64_t	 head, target, source;
};
struct jd_reward {
	uint64_t index;
	int64_t	 head, target, source, inactivity;
};
struct jd_att_rewards {
	struct jd_ideal	*ideal;
	size_t		 nideal;
	struct jd_reward *total;
	size_t		 ntotal;
	bool		 decimal_strings;	/* Lodestar 1.22: "944731.125" */
	bool		 total_in_order;	/* by index, as nodes send it */
};
/*
 * /eth/v1/beacon/rewards/attestations/{epoch}.  buf[len] must be NUL (a
 * strbuf's is).  A single-pass scanner reads what nodes send; whatever it
 * does not vouch for goes to jd_att_rewards_reference, whose answer is
 * returned.  Release r with jd_att_rewards_release, also after an error.
 */
int	jd_att_rewards(const char *buf, size_t len, const char *endpoint,
	    struct jd_att_rewards *r);
/*
 * The same body read through a cJSON tree: what jd_att_rewards means, and
 * the only one of the two that explains a refusal.  For the tests and the
 * fuzz harness; the report calls jd_att_rewards.
 */
int	jd_att_rewards_reference(const char *buf, size_t len,
	    const char *endpoint, struct jd_att_rewards *r);
void	jd_att_rewards_release(struct jd_att_rewards *r);

/* Proposer duties: one slot and proposer each.  *out is caller-freed. */
struct jd_duty {
	uint64_t slot;
	uint64_t index;
};
int	jd_proposer_duties(const char *buf, size_t len, const char *endpoint,
	    struct jd_duty **out, size_t *n);

/*
 * /eth/v1/beacon/states/{id}/sync_committees: the committee's seats in
 * order, a validator index each.  *out is caller-freed.
 */
int	jd_sync_committee(const char *buf, size_t len, const char *endpoint,
	    uint64_t **out, size_t *n);

/* /eth/v1/beacon/rewards/sync_committee/{block}: one entry per member asked. */
struct jd_sync_reward {
	uint64_t index;
	int64_t	 reward_gwei;		/* as the node says: checked by the caller */
};
int	jd_sync_rewards(const char *buf, size_t len, const char *endpoint,
	    struct jd_sync_reward **out, size_t *n);

#endif
