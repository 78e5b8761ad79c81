/*
 * The append-only per-epoch store: the file, its lock, its index, and
 * reading and appending records.  The format is in store_format.h, its
 * records are encoded and decoded by store_pack.c, and the walk over
 * them (damage and torn tails included) is store_walk.c's.
 *
 * Trust.  Every byte read back is checked before it becomes a number: a
 * record's header is checked for consistency whenever the file is walked,
 * and its checksum whenever it is read.  A record that fails is named
 * once and left out, so that its epoch is fetched again; it never takes
 * the records after it (the walk finds the next good record).  Only a
 * torn tail, the one thing an interrupted append leaves, is cut off.
 *
 * Sharing.  Any number of uptimecalc processes may use one store.  A
 * writer holds an fcntl lock only while it appends one record, or walks
 * what others appended; readers take none, since a record never changes
 * once written.
 *
 * Durability.  A record is in the file once its append returns: a killed
 * process loses nothing it stored.  It is on disk, and survives a power
 * cut, after the next sync: every SYNC_EVERY_S of appending, at store_sync
 * and at store_close.  A record lost to a power cut is fetched again.
 *
 * (About 650 lines: the store's whole interface, whose parts share the
 * lock, the index and the recovery from a rejected record.)
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "crc32c.h"
#include "diag.h"
#include "store.h"
#include "store_file.h"
#include "store_pack.h"
#include "util.h"

#define LOCK_WAIT_S	30	/* another writer holds the lock for one record */
#define SYNC_EVERY_S	2.0
#define CHECK_BUDGET	(64 << 20)	/* bytes, and 4 per byte of the file */
#define FINDS		64	/* index rebuilds after a rejected record, per run */

static int
hex_root(const char *hex, uint8_t out[32])
{
	int i;

	if (strlen(hex) != 66 || hex[0] != '0' || hex[1] != 'x')
		return -1;
	for (i = 0; i < 32; i++) {
		unsigned v;

		if (sscanf(hex + 2 + 2 * i, "%2x", &v) != 1)
			return -1;
		out[i] = (uint8_t)v;
	}
	return 0;
}

static int
write_full(int fd, const void *buf, size_t n, off_t off)
{
	size_t done = 0;

	while (done < n) {
		ssize_t w = pwrite(fd, (const char *)buf + done, n - done, off + (off_t)done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		done += (size_t)w;
	}
	return 0;
}

char *
store_default_path(const char *gvr_hex)
{
	const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
	struct strbuf sb;

	strbuf_init(&sb);
	if (xdg && xdg[0] == '/')
		strbuf_addf(&sb, "%s/uptimecalc", xdg);
	else
		strbuf_addf(&sb, "%s/.local/share/uptimecalc", home ? home : ".");
	/* Sixteen hex digits of the root name the network well enough. */
	strbuf_addf(&sb, "/%.18s.store", gvr_hex);
	return sb.buf;
}

static int
mkdirs(const char *path)
{
	char *p = xstrdup(path), *slash;

	for (slash = strchr(p + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (mkdir(p, 0755) != 0 && errno != EEXIST) {
			free(p);
			return -1;
		}
		*slash = '/';
	}
	free(p);
	return 0;
}

/* --- the lock ------------------------------------------------------------ */

static int
lock(struct store *s)
{
	struct flock lk;
	double until = util_mono_s() + LOCK_WAIT_S;

	memset(&lk, 0, sizeof(lk));
	lk.l_type = F_WRLCK;
	lk.l_whence = SEEK_SET;
	/*
	 * Polled rather than F_SETLKW: a writer holds the lock for one
	 * record, so a lock held for long is a stopped process, and waiting
	 * for it forever would hang every cron job.
	 */
	while (fcntl(s->fd, F_SETLK, &lk) != 0) {
		struct timespec ts = { 0, 10000000L };

		if (errno != EACCES && errno != EAGAIN && errno != EINTR)
			return diag_error(UC_EIO, "cannot lock store '%s': %s", s->path,
			    strerror(errno));
		if (util_mono_s() > until)
			return diag_error(UC_ETEMPFAIL, "store '%s' has been locked by "
			    "another uptimecalc for over %d s", s->path, LOCK_WAIT_S);
		nanosleep(&ts, NULL);
	}
	return UC_OK;
}

static void
unlock(struct store *s)
{
	struct flock lk;

	memset(&lk, 0, sizeof(lk));
	lk.l_type = F_UNLCK;
	lk.l_whence = SEEK_SET;
	fcntl(s->fd, F_SETLK, &lk);
}

/* --- open and close ------------------------------------------------------ */

/* A new store's header, or one torn before it was whole: write it afresh. */
static int
start_file(struct store *s, off_t size)
{
	uint8_t header[HEADER_SIZE], have[HEADER_SIZE];
	char *dir;
	int dfd;

	memset(header, 0, sizeof(header));
	memcpy(header, STORE_FILE_MAGIC, 8);
	memcpy(header + 8, s->root, 32);
	/* A short file that is not the start of this header is someone else's. */
	if (size > 0 && (store_walk_read_full(s->fd, have, (size_t)size, 0) != 0 ||
	    memcmp(have, header, (size_t)size) != 0))
		return diag_error(UC_EDATA, "'%s' is not an uptimecalc store", s->path);
	if (ftruncate(s->fd, 0) != 0 || write_full(s->fd, header, sizeof(header), 0) != 0 ||
	    fsync(s->fd) != 0)
		return diag_error(UC_EIO, "cannot write store '%s': %s", s->path,
		    strerror(errno));
	/* The new file's name must reach the disk too. */
	dir = xstrdup(s->path);
	if ((dfd = open(dirname(dir), O_RDONLY)) >= 0) {
		fsync(dfd);
		close(dfd);
	}
	free(dir);
	return UC_OK;
}

static int
open_locked(struct store *s)
{
	uint8_t header[HEADER_SIZE];
	struct stat st;
	int rc;

	if (fstat(s->fd, &st) != 0)
		return diag_error(UC_EIO, "cannot stat store '%s': %s", s->path,
		    strerror(errno));
	if (!S_ISREG(st.st_mode))
		return diag_error(UC_EUSAGE, "store '%s' is not a regular file", s->path);
	if (st.st_size < HEADER_SIZE) {
		if ((rc = start_file(s, st.st_size)) != UC_OK)
			return rc;
	} else if (store_walk_read_full(s->fd, header, sizeof(header), 0) != 0) {
		return diag_error(UC_EIO, "cannot read store '%s': %s", s->path,
		    strerror(errno));
	} else if (memcmp(header, STORE_FILE_MAGIC, 8) != 0 &&
	    memcmp(header, STORE_FILE_MAGIC_4, 8) != 0) {
		return diag_error(UC_EDATA, "'%s' is not an uptimecalc store of this "
		    "version", s->path);
	} else if (memcmp(header + 8, s->root, 32) != 0) {
		return diag_error(UC_EUSAGE, "store '%s' belongs to another network "
		    "(genesis validators root differs); use another --store", s->path);
	} else if (memcmp(header, STORE_FILE_MAGIC_4, 8) == 0 &&
	    (write_full(s->fd, STORE_FILE_MAGIC, 8, 0) != 0 || fsync(s->fd) != 0)) {
		/* Version 4 reads on; its binaries must not, or they cut ours. */
		return diag_error(UC_EIO, "cannot upgrade store '%s': %s", s->path,
		    strerror(errno));
	}
	s->end = HEADER_SIZE;
	return store_walk_scan(s);
}

int
store_open(struct store **out, const char *path, const char *gvr_hex)
{
	struct store *s = xcalloc(1, sizeof(*s));
	int rc;

	*out = NULL;
	s->path = xstrdup(path);
	s->fd = -1;
	s->synced_s = util_mono_s();
	s->check_left = CHECK_BUDGET;
	s->finds_left = FINDS;
	if (hex_root(gvr_hex, s->root) != 0) {
		store_close(s);
		return diag_error(UC_EPROTO, "genesis validators root '%s' is not 32 "
		    "bytes of hex", gvr_hex);
	}
	if (mkdirs(path) != 0 ||
	    (s->fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644)) < 0) {
		rc = diag_error(UC_ENOINPUT, "cannot open store '%s': %s", path,
		    strerror(errno));
		store_close(s);
		return rc;
	}
	if ((rc = lock(s)) == UC_OK) {
		rc = open_locked(s);
		unlock(s);
	}
	if (rc != UC_OK) {
		store_close(s);
		return rc;
	}
	*out = s;
	return UC_OK;
}

int
store_sync(struct store *s)
{
	if (!s->dirty)
		return UC_OK;
	if (fdatasync(s->fd) != 0)
		return diag_error(UC_EIO, "cannot sync store '%s': %s", s->path,
		    strerror(errno));
	s->dirty = false;
	s->synced_s = util_mono_s();
	return UC_OK;
}

int
store_close(struct store *s)
{
	int rc = UC_OK;

	if (s == NULL)
		return UC_OK;
	if (s->fd >= 0) {
		rc = store_sync(s);
		close(s->fd);
	}
	free(s->offset);
	free(s->poffset);
	free(s->soffset);
	free(s->members);
	free(s->set.le);
	free(s->rbuf);
	free(s->gaps);
	free(s->path);
	free(s);
	return rc;
}

/* --- the index ----------------------------------------------------------- */

static int
in_watch(const struct store *s, uint64_t idx)
{
	return util_sorted_has(s->set.watch, s->set.nwatch, idx);
}

/* Whether the attestation record at off holds every watched validator. */
static bool
covers(struct store *s, off_t off, const struct store_head *h, uint8_t **entries)
{
	size_t ilen = (size_t)h->count * 4, covered = 0, i;

	if (h->fingerprint == s->set.fp && h->count == s->set.nwatch)
		return true;
	*entries = xrealloc(*entries, ilen + 1);
	if (store_walk_read_full(s->fd, *entries, ilen,
	    off + 8 + PAYLOAD_HEAD + (off_t)h->nideal * IDEAL_SIZE) != 0)
		return false;
	for (i = 0; i < h->count; i++)
		covered += in_watch(s, get_u32(*entries + 4 * i));
	return covered == s->set.nwatch;
}

/*
 * The index entry of the sync committee whose period starts at epoch, or
 * NULL when that is no period's start meeting the indexed range: only
 * those are indexed, so a file of committee records costs no more than
 * reading it.
 */
static off_t *
period_of(struct store *s, uint64_t epoch)
{
	uint64_t first;

	if (s->period == 0 || s->members == NULL || epoch % s->period != 0)
		return NULL;
	first = s->from - s->from % s->period;
	if (epoch < first || epoch > s->to)
		return NULL;
	return &s->members[(epoch - first) / s->period];
}

void
store_set_sync_period(struct store *s, uint64_t period_epochs)
{
	s->period = period_epochs;
}

/*
 * The index of s->from..s->to for the watched set: a walk of every
 * header before s->end.  The walks that moved s->end vouched for them.
 */
static int
index_walk(struct store *s)
{
	off_t off = HEADER_SIZE, next;
	uint8_t *entries = NULL;
	uint64_t e;

	for (e = s->from; e <= s->to; e++)
		s->offset[e - s->from] = s->poffset[e - s->from] =
		    s->soffset[e - s->from] = -1;
	for (e = 0; e < s->nmembers; e++)
		s->members[e] = -1;
	while (off < s->end) {
		struct store_head h;

		if ((next = store_walk_skip_gap(s, off)) >= 0) {
			off = next;
			continue;
		}
		if (!store_walk_head(s, off, s->end, &h) || !store_pack_consistent(&h)) {
			free(entries);
			return diag_error(UC_EIO, "store '%s' changed under this run at "
			    "offset %lld", s->path, (long long)off);
		}
		/* A committee serves every epoch of its period. */
		if (h.magic == MEMBERS_MAGIC) {
			off_t *slot = period_of(s, h.epoch);

			if (slot != NULL)
				*slot = off;
		} else if (h.epoch >= s->from && h.epoch <= s->to) {
			/* The latest record of an epoch wins. */
			if (h.magic == PROPOSAL_MAGIC)
				s->poffset[h.epoch - s->from] = off;
			else if (h.magic == SYNC_MAGIC)
				s->soffset[h.epoch - s->from] = off;
			else if (covers(s, off, &h, &entries))
				s->offset[h.epoch - s->from] = off;
		}
		off += store_rec_size(&h);
	}
	free(entries);
	return UC_OK;
}

int
store_index(struct store *s, const uint64_t *watch, size_t nwatch, uint64_t from,
    uint64_t to)
{
	uint64_t i;
	int rc;

	if (to < from)
		return diag_error(UC_ESOFTWARE, "store: index of epochs %llu-%llu",
		    (unsigned long long)from, (unsigned long long)to);
	/* What other processes appended since this one looked. */
	if ((rc = lock(s)) != UC_OK)
		return rc;
	rc = store_walk_scan(s);
	unlock(s);
	if (rc != UC_OK)
		return rc;
	free(s->offset);
	free(s->poffset);
	free(s->soffset);
	free(s->set.le);
	s->from = from;
	s->to = to;
	s->set.watch = watch;
	s->set.nwatch = nwatch;
	s->set.fp = store_fingerprint(watch, nwatch);
	s->set.le = xmalloc(4 * nwatch + 1);
	for (i = 0; i < nwatch; i++)
		put_u32(s->set.le + 4 * i, (uint32_t)watch[i]);
	s->offset = xmalloc((size_t)(to - from + 1) * sizeof(*s->offset));
	s->poffset = xmalloc((size_t)(to - from + 1) * sizeof(*s->poffset));
	s->soffset = xmalloc((size_t)(to - from + 1) * sizeof(*s->soffset));
	free(s->members);
	s->members = NULL;
	s->nmembers = 0;
	if (s->period > 0) {
		s->nmembers = (size_t)(to / s->period - from / s->period + 1);
		s->members = xmalloc(s->nmembers * sizeof(*s->members));
	}
	return index_walk(s);
}

bool
store_has(const struct store *s, uint64_t epoch)
{
	return epoch >= s->from && epoch <= s->to && s->offset[epoch - s->from] >= 0;
}

/* --- appending ----------------------------------------------------------- */

/*
 * Append one sealed record under the lock: first walk what other
 * processes appended since (cutting a torn tail one of them left), then
 * write at the true end.  Returns where it went, or -1 after an error.
 */
static off_t
append(struct store *s, const uint8_t *rec, size_t len, int *rc)
{
	off_t at = -1;

	if ((*rc = lock(s)) != UC_OK)
		return -1;
	if ((*rc = store_walk_scan(s)) == UC_OK) {
		if (write_full(s->fd, rec, len, s->end) != 0) {
			*rc = diag_error(UC_EIO, "cannot append to store '%s': %s",
			    s->path, strerror(errno));
		} else {
			at = s->end;
			s->end += (off_t)len;
			s->dirty = true;
			if (util_mono_s() - s->synced_s >= SYNC_EVERY_S)
				*rc = store_sync(s);
		}
	}
	unlock(s);
	return at;
}

int
store_append_pack(struct store *s, const struct store_pack *p)
{
	off_t at;
	int rc;

	if (p->rec_len == 0 || p->err != UC_OK)
		return diag_error(UC_ESOFTWARE, "store: epoch %llu is not packed",
		    (unsigned long long)p->epoch);
	if ((at = append(s, p->rec, p->rec_len, &rc)) < 0)
		return rc;
	if (s->offset && p->epoch >= s->from && p->epoch <= s->to) {
		bool whole = p->fingerprint == s->set.fp && p->n == s->set.nwatch;
		size_t covered = whole ? s->set.nwatch : 0, w = 0, i;

		for (i = 0; !whole && i < p->n; i++) {
			while (w < s->set.nwatch && s->set.watch[w] < p->index[i])
				w++;
			covered += w < s->set.nwatch && s->set.watch[w] == p->index[i];
		}
		if (covered == s->set.nwatch)
			s->offset[p->epoch - s->from] = at;
	}
	return rc;
}

static int append_short(struct store *s, uint32_t magic, uint64_t epoch, size_t n,
    size_t size, void (*fill)(uint8_t *q, const void *src, size_t i), const void *src);

static void
fill_duty(uint8_t *q, const void *src, size_t i)
{
	const struct proposal *p = (const struct proposal *)src + i;

	put_u64(q, p->slot);
	put_u32(q + 8, (uint32_t)p->index);
	put_u32(q + 12, (uint32_t)p->outcome);
}

int
store_append_proposals(struct store *s, uint64_t epoch, const struct proposal *p,
    size_t n)
{
	size_t i;

	if (n > STORE_MAX_DUTIES)
		return diag_error(UC_EPROTO, "epoch %llu: more than %d proposer duties",
		    (unsigned long long)epoch, STORE_MAX_DUTIES);
	for (i = 0; i < n; i++)
		if (p[i].index > UINT32_MAX)
			return diag_error(UC_EPROTO, "epoch %llu: proposer index %llu out "
			    "of range", (unsigned long long)epoch,
			    (unsigned long long)p[i].index);
	return append_short(s, PROPOSAL_MAGIC, epoch, n, DUTY_SIZE, fill_duty, p);
}

/* --- reading ------------------------------------------------------------- */

/*
 * The index slot of epoch for records of this kind; NULL outside the
 * range.  A committee's slot is its period's, wherever the range is.
 */
static off_t *
slot_of(struct store *s, uint32_t magic, uint64_t epoch)
{
	if (magic == MEMBERS_MAGIC)
		return period_of(s, epoch);
	if (s->offset == NULL || epoch < s->from || epoch > s->to)
		return NULL;
	switch (magic) {
	case PROPOSAL_MAGIC:
		return s->poffset + (epoch - s->from);
	case SYNC_MAGIC:
		return s->soffset + (epoch - s->from);
	default:
		return s->offset + (epoch - s->from);
	}
}

/*
 * The record of epoch at its index slot failed (what says how): name it
 * and leave it out of every walk from now on (a gap), together with any
 * damage its length covered, so that good records the length hid are
 * found again.  Then the index is built again, which finds the latest
 * other record of the epoch, if the store holds one: a damaged record may
 * even claim an epoch not its own, and must not cost that epoch's good
 * record.  Each rebuild walks every header, so a run makes at most FINDS;
 * after that a rejected epoch is only left out.  UC_OK when the slot names
 * another record to try; UC_EDATA when the epoch is left out (the caller
 * fetches it again); or an error.
 */
static int
reject(struct store *s, uint32_t magic, uint64_t epoch, const char *what)
{
	off_t *slot = slot_of(s, magic, epoch), bad = *slot, hid = -1;
	struct store_head h;
	int rc;

	if (store_walk_whole(s, bad, s->end, &h)) {
		hid = store_walk_resync(s, bad, bad + store_rec_size(&h), s->end);
		if ((rc = store_walk_add_gap(s, bad, hid >= 0 ? hid : bad + store_rec_size(&h),
		    false)) != UC_OK)
			return rc;
	}
	*slot = -1;
	if (s->finds_left > 0) {
		s->finds_left--;
		if ((rc = index_walk(s)) != UC_OK)
			return rc;
		slot = slot_of(s, magic, epoch);
	}
	diag_warn("store '%s': the record of epoch %llu at offset %lld %s; %s",
	    s->path, (unsigned long long)epoch, (long long)bad, what, *slot >= 0 ?
	    "another record of the epoch is read instead" : "it is left out, and "
	    "fetched again if the node still serves it");
	return *slot >= 0 ? UC_OK : UC_EDATA;
}

/*
 * The indexed record of epoch (magic names its kind), checked, into
 * s->rbuf.  One that fails its check is rejected, and what reject finds
 * in its place tried; every turn leaves a record out for good, so the
 * loop ends.
 */
static int
rec_read(struct store *s, uint64_t epoch, uint32_t magic, struct store_head *h)
{
	off_t *slot;
	int rc;

	for (;;) {
		if ((slot = slot_of(s, magic, epoch)) == NULL || *slot < 0)
			return diag_error(UC_ESOFTWARE, "store: epoch %llu not indexed",
			    (unsigned long long)epoch);
		if (store_walk_head(s, *slot, s->end, h) && store_pack_consistent(h) &&
		    h->magic == magic && h->epoch == epoch && *slot + store_rec_size(h) <= s->end) {
			switch (store_walk_load(s, *slot, h)) {
			case STORE_LOAD_OK:
				return UC_OK;
			case STORE_LOAD_EIO:
				return diag_error(UC_EIO, "cannot read store '%s': %s",
				    s->path, strerror(errno));
			case STORE_LOAD_BAD:
				break;
			}
		}
		if ((rc = reject(s, magic, epoch, "is damaged")) != UC_OK)
			return rc;
	}
}

int
store_read(struct store *s, uint64_t epoch, struct epoch_result *r)
{
	struct store_head h;
	int rc;

	for (;;) {
		if ((rc = rec_read(s, epoch, RECORD_MAGIC, &h)) != UC_OK)
			return rc;
		if (store_pack_read(s->rbuf + 8, &h, &s->set, r))
			return UC_OK;
		if ((rc = reject(s, RECORD_MAGIC, epoch, "holds entries it cannot "
		    "back")) != UC_OK)
			return rc;
	}
}

int
store_read_except(struct store *s, uint64_t epoch, const uint32_t *expect,
    struct epoch_except *x)
{
	struct store_head h;
	int rc;

	for (;;) {
		if ((rc = rec_read(s, epoch, RECORD_MAGIC, &h)) != UC_OK)
			return rc;
		if (store_pack_read_except(s->rbuf + 8, &h, &s->set, expect, x))
			return UC_OK;
		if ((rc = reject(s, RECORD_MAGIC, epoch, "holds entries it cannot "
		    "back")) != UC_OK)
			return rc;
	}
}

int
store_read_pack(struct store *s, const struct store_pack *p, const uint32_t *expect,
    struct epoch_except *x)
{
	struct store_head h;

	/* Packed here a moment ago: its lengths are ours, no checksum needed. */
	h.magic = RECORD_MAGIC;
	h.len = (uint32_t)(p->rec_len - 12);
	h.epoch = p->epoch;
	h.fingerprint = p->fingerprint;
	h.count = (uint32_t)p->n;
	h.nideal = (uint32_t)p->nideal;
	if (!store_pack_read_except(p->rec + 8, &h, &s->set, expect, x))
		return diag_error(UC_ESOFTWARE, "epoch %llu: a pack that does not read "
		    "back", (unsigned long long)p->epoch);
	return UC_OK;
}

/*
 * The indexed short-headed record of epoch (magic names its kind) into
 * s->rbuf, its header in *h, once every entry of size bytes passes ok()
 * (given the entry before it, or NULL): one that does not is rejected
 * (why), and what reject finds in its place tried.
 */
static int
short_read(struct store *s, uint32_t magic, uint64_t epoch, size_t size,
    bool (*ok)(const uint8_t *q, const uint8_t *prev), const char *why,
    struct store_head *h)
{
	const uint8_t *q;
	uint32_t i;
	int rc;

	for (;;) {
		if ((rc = rec_read(s, epoch, magic, h)) != UC_OK)
			return rc;
		for (i = 0, q = s->rbuf + 8 + 16; i < h->count; i++, q += size)
			if (!ok(q, i ? q - size : NULL))
				break;
		if (i == h->count)
			return UC_OK;
		if ((rc = reject(s, magic, epoch, why)) != UC_OK)
			return rc;
	}
}

/* A proposal duty whose outcome is one of the three. */
static bool
duty_ok(const uint8_t *q, const uint8_t *prev)
{
	(void)prev;
	return get_u32(q + 12) <= PROPOSAL_UNKNOWN;
}

int
store_proposals(struct store *s, uint64_t epoch, struct proposal **out, size_t *n)
{
	struct store_head h;
	const uint8_t *q;
	off_t *slot = slot_of(s, PROPOSAL_MAGIC, epoch);
	uint32_t i;
	int rc;

	*out = NULL;
	*n = 0;
	if (s->poffset == NULL || slot == NULL || *slot < 0)
		return UC_OK;
	if ((rc = short_read(s, PROPOSAL_MAGIC, epoch, DUTY_SIZE, duty_ok,
	    "holds an unknown outcome", &h)) != UC_OK)
		return rc;
	*out = xcalloc((size_t)h.count + 1, sizeof(**out));
	for (i = 0, q = s->rbuf + 8 + 16; i < h.count; i++, q += DUTY_SIZE) {
		(*out)[i].slot = get_u64(q);
		(*out)[i].index = get_u32(q + 8);
		(*out)[i].outcome = (int)get_u32(q + 12);
	}
	*n = h.count;
	return UC_OK;
}


/* --- sync committees ------------------------------------------------------ */

/*
 * Append a short-headed record (proposal-shaped: epoch, count, zero word)
 * whose n entries of size bytes each fill() writes, and index it.
 */
static int
append_short(struct store *s, uint32_t magic, uint64_t epoch, size_t n, size_t size,
    void (*fill)(uint8_t *q, const void *src, size_t i), const void *src)
{
	size_t len = 16 + n * size, i;
	uint8_t *buf = xcalloc(8 + len + 4, 1);
	off_t at, *slot;
	int rc;

	put_u32(buf, magic);
	put_u32(buf + 4, (uint32_t)len);
	put_u64(buf + 8, epoch);
	put_u32(buf + 16, (uint32_t)n);
	for (i = 0; i < n; i++)
		fill(buf + 8 + 16 + i * size, src, i);
	put_u32(buf + 8 + len, crc32c(buf + 8, len));
	if ((at = append(s, buf, 8 + len + 4, &rc)) >= 0 &&
	    (slot = slot_of(s, magic, epoch)) != NULL)
		*slot = at;
	free(buf);
	return rc;
}

static void
fill_seat(uint8_t *q, const void *src, size_t i)
{
	put_u32(q, (uint32_t)((const uint64_t *)src)[i]);
}

int
store_append_members(struct store *s, uint64_t epoch, const uint64_t *seat, size_t n)
{
	size_t i;

	if (n > STORE_MAX_SEATS)
		return diag_error(UC_EPROTO, "epoch %llu: a sync committee of more than "
		    "%u seats", (unsigned long long)epoch, STORE_MAX_SEATS);
	for (i = 0; i < n; i++)
		if (seat[i] > UINT32_MAX)
			return diag_error(UC_EPROTO, "epoch %llu: sync committee member "
			    "%llu out of range", (unsigned long long)epoch,
			    (unsigned long long)seat[i]);
	return append_short(s, MEMBERS_MAGIC, epoch, n, 4, fill_seat, seat);
}

int
store_members(struct store *s, uint64_t epoch, uint64_t **out, size_t *n)
{
	struct store_head h;
	off_t *slot = slot_of(s, MEMBERS_MAGIC, epoch);
	uint32_t i;
	int rc;

	*out = NULL;
	*n = 0;
	if (slot == NULL || *slot < 0)
		return UC_OK;
	if ((rc = rec_read(s, epoch, MEMBERS_MAGIC, &h)) != UC_OK)
		return rc;
	*out = xcalloc((size_t)h.count + 1, sizeof(**out));
	for (i = 0; i < h.count; i++)
		(*out)[i] = get_u32(s->rbuf + 8 + 16 + 4 * (size_t)i);
	*n = h.count;
	return UC_OK;
}

static void
fill_sync(uint8_t *q, const void *src, size_t i)
{
	const struct sync_duty *d = (const struct sync_duty *)src + i;

	put_u32(q, (uint32_t)d->index);
	q[4] = d->slots;
	q[5] = d->missed;
	q[6] = d->known ? SYNC_KNOWN : 0;
	put_u64(q + 8, (uint64_t)d->reward_gwei);
}

int
store_append_sync(struct store *s, uint64_t epoch, const struct sync_duty *d, size_t n)
{
	size_t i;

	if (n > STORE_MAX_SEATS)
		return diag_error(UC_EPROTO, "epoch %llu: more than %u sync-committee "
		    "members", (unsigned long long)epoch, STORE_MAX_SEATS);
	for (i = 0; i < n; i++)
		if (d[i].index > UINT32_MAX || d[i].missed > d[i].slots ||
		    (i > 0 && d[i].index <= d[i - 1].index) ||
		    d[i].reward_gwei > STORE_MAX_PENALTY_GWEI ||
		    d[i].reward_gwei < -STORE_MAX_PENALTY_GWEI)
			return diag_error(UC_ESOFTWARE, "epoch %llu: a sync duty of "
			    "validator %llu out of range", (unsigned long long)epoch,
			    (unsigned long long)d[i].index);
	return append_short(s, SYNC_MAGIC, epoch, n, SYNC_SIZE, fill_sync, d);
}

bool
store_has_sync(const struct store *s, uint64_t epoch)
{
	return s->soffset && epoch >= s->from && epoch <= s->to &&
	    s->soffset[epoch - s->from] >= 0;
}

/*
 * Whether a sync entry holds what the writer could have written: in
 * range, and after the one before it (prev, or NULL) by index, as written:
 * a repeat would count twice.
 */
static bool
sync_entry_ok(const uint8_t *q, const uint8_t *prev)
{
	int64_t r = (int64_t)get_u64(q + 8);

	return q[5] <= q[4] && (q[6] & ~SYNC_KNOWN) == 0 && q[7] == 0 &&
	    r <= STORE_MAX_PENALTY_GWEI && r >= -STORE_MAX_PENALTY_GWEI &&
	    (prev == NULL || get_u32(q) > get_u32(prev));
}

int
store_sync_duties(struct store *s, uint64_t epoch, struct sync_duty **out, size_t *n)
{
	struct store_head h;
	const uint8_t *q;
	uint32_t i;
	int rc;

	*out = NULL;
	*n = 0;
	if (!store_has_sync(s, epoch))
		return UC_OK;
	if ((rc = short_read(s, SYNC_MAGIC, epoch, SYNC_SIZE, sync_entry_ok,
	    "holds a sync duty out of range or out of order", &h)) != UC_OK)
		return rc;
	*out = xcalloc((size_t)h.count + 1, sizeof(**out));
	for (i = 0, q = s->rbuf + 8 + 16; i < h.count; i++, q += SYNC_SIZE)
		(*out)[i] = (struct sync_duty){ .index = get_u32(q), .slots = q[4],
		    .missed = q[5], .known = q[6] & SYNC_KNOWN,
		    .reward_gwei = (int64_t)get_u64(q + 8) };
	*n = h.count;
	return UC_OK;
}
