#ifndef UC_CHAINTAB_H
#define UC_CHAINTAB_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The network table: data/networks.csv, one row per chain, every row with
 * its source.  Numbers are doubles; a blank cell is NAN ("not applicable or
 * not sourced").  Beacon-chain amounts are in the chain's gwei units.
 */
enum penalty_model {
	PM_ETH_BEACON,		/* attestation_linear_with_penalty */
	PM_JAIL_WINDOW,		/* Cosmos SDK x/slashing liveness */
	PM_STEP_THRESHOLD,	/* all or nothing over a staking period */
	PM_PIECEWISE_KICKOUT,	/* zero below a threshold, linear to a cap */
	PM_CYCLE_THRESHOLD,	/* all or nothing per cycle */
	PM_PEER_REPORTED,	/* peers may cut an epoch's rewards */
	PM_LINEAR,		/* rewards pro rata per duty, no penalty */
};

struct chain {
	char	*name;
	char	*family;
	char	*status;
	char	*currency;
	char	*liveness_measure;
	char	*penalty_model_name;
	char	*reward_shape;
	char	*double_sign_tombstone;
	char	*stake_unit;
	char	*delegators_earn;
	char	*apr_basis;
	char	*total_stake_date;
	char	*confidence;
	char	*protocol_version;	/* the fork or version the row describes */
	char	*source_read;		/* date its sources were read, YYYY-MM-DD */
	char	*caveat;		/* what the row cannot say, for a note */
	char	*source;
	enum penalty_model model;

	double	 block_time_s;
	double	 epoch_slots;
	double	 epoch_s;
	double	 window_blocks;
	double	 min_signed_frac;
	double	 max_missed_blocks;
	double	 downtime_slash_frac;
	double	 jail_s;
	double	 uptime_reward_threshold_frac;
	double	 full_reward_uptime_frac;
	double	 break_even_uptime_frac;
	double	 double_sign_slash_frac;
	double	 min_stake_native;
	double	 typical_apr_frac;
	double	 unbonding_days;
	double	 max_tolerated_downtime_s;
	double	 stake_period_s;
	double	 typical_total_stake_native;

	/* Ethereum-family (eth-beacon) constants, from each chain's config. */
	double	 gwei_per_native;
	double	 base_reward_factor;
	double	 inactivity_penalty_quotient;
	double	 inactivity_score_bias;
	double	 inactivity_score_recovery_rate;
	double	 min_epochs_to_inactivity_penalty;
	double	 ejection_balance_gwei;
	double	 max_effective_balance_gwei;
	double	 sync_committee_size;
	double	 epochs_per_sync_committee_period;
	double	 min_slashing_penalty_quotient;
	double	 proportional_slashing_multiplier;

	/* Rules of period-based chains (networks.md section 15 says which). */
	double	 consumption_rate_min_frac;	/* Avalanche: rate of the shortest stake */
	double	 consumption_rate_max_frac;	/* ... and of a MintingPeriod's */
	double	 minting_period_s;		/* Avalanche's MintingPeriod */
	double	 step_reward_share_frac;	/* share under the threshold rule */
	double	 endorsement_threshold_frac;	/* NEAR: endorsements count 0 or 1 */
	double	 inactivity_periods;		/* Tezos: idle cycles to deactivation */
	double	 rights_delay_periods;		/* a change of rights takes effect
						   this many periods after the next */

	size_t	 line;			/* line in the file, for messages */
};

struct chaintab {
	char		*path;		/* the file it was read from */
	struct chain	*chains;
	size_t		 n;
};

void	chaintab_init(struct chaintab *t);
void	chaintab_release(struct chaintab *t);

/*
 * Limits of a table, past which it is not one: the shipped table is 10 KB
 * with 18 chains; the limits bound the loader's memory and its checks,
 * which compare every chain's name with the others'.
 */
#define CHAINTAB_MAX_BYTES	(4 << 20)
#define CHAINTAB_MAX_CHAINS	10000
#define CHAINTAB_MAX_FIELDS	1000	/* in a line: the table has 54 columns */
#define CHAINTAB_MAX_NAME	64	/* bytes in a chain's name */

/*
 * Read and check a network table.  A malformed table gives
 * "FILE:LINE: what is wrong" and UC_EDATA, as does a NUL byte or a file
 * over CHAINTAB_MAX_BYTES; an unreadable file or a directory UC_ENOINPUT.
 * Every number is checked against its column's range, every text cell
 * is one line without control characters, and chain names pass
 * chaintab_name_ok.
 */
int	chaintab_load(struct chaintab *t, const char *path);

/*
 * The same from len bytes in memory (which need not end in a NUL); name
 * stands for the file in messages.
 */
int	chaintab_load_mem(struct chaintab *t, const char *data, size_t len,
	    const char *name);

/*
 * Whether name may name a chain: lowercase letters, digits, '-', '_' and
 * '.', starting with a letter or digit, at most CHAINTAB_MAX_NAME bytes.
 */
bool	chaintab_name_ok(const char *name);

/*
 * Find the table to use: --data if given, else $UPTIMECALC_DATA, else
 * data/networks.csv beside the running binary (the build tree's), else
 * ../share/uptimecalc/networks.csv from the binary's directory (installed
 * with it), else DATADIR's.  argv0 is main()'s argv[0], for systems
 * without /proc.  Returns a borrowed string.
 */
const char *chaintab_default_path(const char *data_opt, const char *argv0);

/* The chain named name, or NULL.  Borrowed. */
const struct chain *chaintab_find(const struct chaintab *t, const char *name);

/*
 * Look up name and report a one-line error with the closest name when it
 * is unknown.  Returns UC_OK or UC_EUSAGE.
 */
int	chaintab_lookup(const struct chaintab *t, const char *name,
	    const struct chain **out);

/* The table's columns, in file order, for display.  Pure. */
size_t	chaintab_ncolumns(void);
const char *chaintab_column_name(size_t i);
/* Cell i of chain c as text: blank cells give "".  Caller frees. */
char	*chaintab_cell(const struct chain *c, size_t i);
/* Whether column i holds a number. */
int	chaintab_column_is_number(size_t i);
/*
 * The range [lo, hi] a number in column i must lie in, and whether it
 * must be whole.  Returns 0 for a text column.
 */
int	chaintab_column_range(size_t i, double *lo, double *hi, int *whole);

#endif
