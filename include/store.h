#ifndef UC_STORE_H
#define UC_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "epoch.h"

/*
 * The report's local history: an append-only file of per-epoch records,
 * one per fetched epoch, each holding every watched validator's rewards.
 * One file per network, keyed by the genesis validators root in its
 * header.  Records carry a length and a CRC-32C: every record is checked
 * when it is read, and one that fails is named on stderr, left out of the
 * index (so its epoch is fetched again) and never takes the records after
 * it; only a tail torn by an interrupted append is cut off.  Several
 * uptimecalc processes may share a store: each append takes a lock for
 * the length of one write, reading takes none.  Durability: see store.c.
 */
struct store;
struct store_pack;

/*
 * Open or create path for the network with this genesis validators root
 * (0x + 64 hex).  A store of another network is an error (UC_EUSAGE), a
 * file that is not a store UC_EDATA.  A torn last record is cut off, and
 * damaged bytes are skipped to the next good record, with a warning.
 */
int	store_open(struct store **out, const char *path, const char *gvr_hex);
/* Sync what was appended (UC_EIO if that fails) and free s.  NULL is fine. */
int	store_close(struct store *s);
/* Make every record appended so far durable: fdatasync.  UC_OK or UC_EIO. */
int	store_sync(struct store *s);

/*
 * Index the records that cover every validator in watch (sorted, unique)
 * for epochs from..to.  The latest such record of an epoch wins.  Memory
 * is one offset per epoch of the range.
 */
int	store_index(struct store *s, const uint64_t *watch, size_t nwatch,
	    uint64_t from, uint64_t to);
bool	store_has(const struct store *s, uint64_t epoch);

/*
 * Read the indexed record of epoch into r; r->v is realloc'd as needed.
 * A record that fails its checks is named on stderr and dropped from the
 * index (store_has is then false): UC_EDATA, and the caller fetches the
 * epoch again or goes without it.  Other errors are I/O errors (UC_EIO).
 */
int	store_read(struct store *s, uint64_t epoch, struct epoch_result *r);

/*
 * Read the indexed record of epoch, leaving out the watched validators
 * that earned exactly the ideal of the effective balance expect[w] (w
 * the validator's place in the watched set; UINT32_MAX expects nothing).
 * x->r holds every other watched validator, sorted, one absent from the
 * record as a validator without duty; x->at[i] is x->r.v[i]'s place in
 * the watched set.  Reading a summary this way writes only what is
 * unusual.  Free x->r.v and x->at.  Statuses as store_read.
 */
int	store_read_except(struct store *s, uint64_t epoch, const uint32_t *expect,
	    struct epoch_except *x);
/* Append a sealed pack (store_pack.h); durable at the next sync: store.c. */
int	store_append_pack(struct store *s, const struct store_pack *p);
/* x as store_read_except would read the pack's record once appended. */
int	store_read_pack(struct store *s, const struct store_pack *p,
	    const uint32_t *expect, struct epoch_except *x);

/*
 * Append an epoch's proposer duties (every proposer of the epoch; the
 * outcome known for the watched ones once their slots have passed).
 */
int	store_append_proposals(struct store *s, uint64_t epoch,
	    const struct proposal *p, size_t n);

/*
 * The latest proposal record of an indexed epoch into *out (caller frees)
 * and *n: UC_OK, with *n = 0 and *out NULL when there is none.  Statuses
 * as store_read.
 */
int	store_proposals(struct store *s, uint64_t epoch, struct proposal **out,
	    size_t *n);

/*
 * Sync committees.  A committee is stored once per period under the
 * period's first epoch: its seats in order, one validator index each (a
 * validator holds as many seats as it is listed).  An epoch's sync duties
 * of the watched members are a record of their own.  Both read back as
 * UC_OK with *n = 0 and *out NULL when there is none; statuses otherwise
 * as store_read.  Duties are stored sorted by index, each once.
 */
int	store_append_members(struct store *s, uint64_t epoch, const uint64_t *seat,
	    size_t n);
/*
 * The chain's EPOCHS_PER_SYNC_COMMITTEE_PERIOD, before store_index: only
 * committees of periods meeting the indexed range are indexed (none
 * without it).
 */
void	store_set_sync_period(struct store *s, uint64_t period_epochs);
int	store_members(struct store *s, uint64_t epoch, uint64_t **out, size_t *n);
int	store_append_sync(struct store *s, uint64_t epoch, const struct sync_duty *d,
	    size_t n);
/* Whether the index holds a sync-duty record for epoch (perhaps empty). */
bool	store_has_sync(const struct store *s, uint64_t epoch);
int	store_sync_duties(struct store *s, uint64_t epoch, struct sync_duty **out,
	    size_t *n);

/* The default path: $XDG_DATA_HOME/uptimecalc/<root>.store.  Caller frees. */
char	*store_default_path(const char *gvr_hex);

#endif
