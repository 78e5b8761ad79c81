/*
 * The append-only per-epoch store: the file, its index and its reading.
 * The format is in store_format.h; records are encoded by store_pack.c.
 *
 * Trust.  Every byte read back is checked before it becomes a number: a
 * record's header is checked for consistency whenever the file is walked,
 * and its checksum whenever it is read.  A record that fails is named
 * once and left out, so that its epoch is fetched again; it never takes
 * the records after it (the walk finds the next good record).  Only a
 * torn tail, the one thing an interrupted append leaves, is cut off.
 *
 * Sharing.  Any number of uptimecalc processes may use one store.  A
 * writer holds an fcntl lock only while it appends one record, or cuts a
 * torn tail; readers take none, since a record never changes once written.
 *
 * Durability.  A record is in the file once its append returns: a killed
 * process loses nothing it stored.  It is on disk, and survives a power
 * cut, after the next sync: every SYNC_EVERY_S of appending, at store_sync
 * and at store_close.  A record lost to a power cut is fetched again.
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
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "crc32c.h"
#include "diag.h"
#include "store.h"
#include "store_format.h"
#include "util.h"

#define LOCK_WAIT_S	30	/* another writer holds the lock for one record */
#define SYNC_EVERY_S	2.0
#define STORE_MAX_GAPS	4096	/* damaged places in one store: more is not a store */
#define CHECK_BUDGET	(64 << 20)	/* bytes, and 4 per byte of the file */
#define FINDS		64	/* index rebuilds after a rejected record, per run */

/* Damaged bytes the walk skipped: [at, next). */
struct gap {
	off_t	 at, next;
};

struct store {
	char		*path;
	int		 fd;
	uint8_t		 root[32];
	off_t		 end;		/* end of the last good record walked */
	struct gap	*gaps;		/* in order of at */
	size_t		 ngaps;
	size_t		 nsaid;		/* damaged places named */
	off_t		 check_left;	/* bytes left to check while looking past damage */
	int		 finds_left;	/* walks left to find a damaged record's stand-in */
	bool		 dirty;		/* appended since the last sync */
	double		 synced_s;	/* monotonic time of the last sync */
	uint64_t	 from, to;	/* indexed range */
	off_t		*offset;	/* per epoch of the range; -1 = none */
	off_t		*poffset;	/* the same for proposal records */
	uint64_t	 watch_fp;
	size_t		 nwatch;
	const uint64_t	*watch;
	uint8_t		*watch_le;	/* the watched set as a record's index array */
	uint8_t		*rbuf;		/* a whole record, reused */
	size_t		 rcap;
};

/* A record's header: the 8 bytes before its payload and the payload's first. */
struct head {
	uint32_t magic, len;
	uint64_t epoch;
	uint64_t fingerprint;		/* attestation records */
	uint32_t count;
	uint32_t nideal;		/* proposal records: the zero word */
};
#define HEAD_MAX	(8 + PAYLOAD_HEAD)	/* the longer of the two kinds */
#define HEAD_PROPOSAL	(8 + 16)

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

/* Read n bytes at off; 0, or -1 on an error or an early end of file. */
static int
read_full(int fd, void *buf, size_t n, off_t off)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = pread(fd, (char *)buf + got, n - got, off + (off_t)got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		got += (size_t)r;
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

/* --- walking the records ------------------------------------------------- */

static off_t
rec_size(const struct head *h)
{
	return 8 + (off_t)h->len + 4;
}

/* The header at off, if the file holds one there whole. */
static bool
read_head(const struct store *s, off_t off, off_t size, struct head *h)
{
	uint8_t b[HEAD_MAX];
	size_t n = size - off >= HEAD_MAX ? HEAD_MAX : (size_t)(size - off);

	if (off < HEADER_SIZE || n < HEAD_PROPOSAL || read_full(s->fd, b, n, off) != 0)
		return false;
	h->magic = get_u32(b);
	h->len = get_u32(b + 4);
	h->epoch = get_u64(b + 8);
	if (h->magic == PROPOSAL_MAGIC) {
		h->fingerprint = 0;
		h->count = get_u32(b + 16);
		h->nideal = get_u32(b + 20);
		return true;
	}
	if (n < HEAD_MAX)
		return false;
	h->fingerprint = get_u64(b + 16);
	h->count = get_u32(b + 24);
	h->nideal = get_u32(b + 28);
	return true;
}

/*
 * Whether a header's lengths agree with each other (the layout in
 * store_format.h).  Any one flipped bit of a length or a count breaks
 * this: the sizes are multiples of 4, and no power of two is a multiple
 * of the long entry's 20 bytes.
 */
static bool
head_consistent(const struct head *h)
{
	uint64_t fixed, rest;

	if (h->magic == PROPOSAL_MAGIC)
		return h->nideal == 0 && h->count <= STORE_MAX_DUTIES &&
		    h->len == 16 + (uint64_t)h->count * DUTY_SIZE;
	if (h->magic != RECORD_MAGIC || h->nideal > STORE_MAX_IDEALS ||
	    h->count > STORE_MAX_ENTRIES)
		return false;
	fixed = PAYLOAD_HEAD + (uint64_t)h->nideal * IDEAL_SIZE +
	    (uint64_t)h->count * ENTRY_SHORT;
	if (h->len < fixed)
		return false;
	rest = h->len - fixed;
	/* One long entry at most per entry. */
	return rest % LONG_SIZE == 0 && rest / LONG_SIZE <= h->count;
}

/* A consistent header at off whose record the file holds whole. */
static bool
whole_at(const struct store *s, off_t off, off_t size, struct head *h)
{
	return read_head(s, off, size, h) && head_consistent(h) &&
	    off + rec_size(h) <= size;
}

/* How loading a record went. */
enum load { LOAD_OK, LOAD_BAD, LOAD_EIO };

/* The whole record at off into s->rbuf, and whether its checksum holds. */
static enum load
load(struct store *s, off_t off, const struct head *h)
{
	size_t n = (size_t)rec_size(h), got = 0;

	if (n > s->rcap)
		s->rbuf = xrealloc(s->rbuf, s->rcap = n);
	while (got < n) {
		ssize_t r = pread(s->fd, s->rbuf + got, n - got, off + (off_t)got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return LOAD_EIO;
		if (r == 0)
			return LOAD_BAD;	/* the file is shorter than the record */
		got += (size_t)r;
	}
	return get_u32(s->rbuf) == h->magic && get_u32(s->rbuf + 4) == h->len &&
	    get_u32(s->rbuf + 8 + h->len) == crc32c(s->rbuf + 8, h->len) ?
	    LOAD_OK : LOAD_BAD;
}

/*
 * A record loaded to look past damage.  Such checks are paid from a
 * budget in proportion to the file (s->check_left): a file of any bytes
 * must not cost hours.
 */
static enum load
load_paid(struct store *s, off_t off, const struct head *h)
{
	if (s->check_left < rec_size(h))
		return LOAD_BAD;
	s->check_left -= rec_size(h);
	return load(s, off, h);
}

/* Whether a record may end at end: the file ends there, or a header starts. */
static bool
chain_ok(const struct store *s, off_t end, off_t size)
{
	struct head h;

	return end == size || (read_head(s, end, size, &h) && head_consistent(&h));
}

/*
 * The first good record starting after off and before limit, or -1;
 * TOO_DAMAGED when the budget ran out first.  Records start at multiples
 * of 4 (every size in the format is one), so only those places are tried,
 * and one is taken only with its checksum.
 */
#define TOO_DAMAGED	(-2)
static off_t
resync(struct store *s, off_t off, off_t limit, off_t size)
{
	uint8_t buf[1 << 16];
	off_t base;

	for (base = off + 4; base < limit && base + HEAD_PROPOSAL <= size;
	    base += sizeof(buf)) {
		size_t n = size - base >= (off_t)sizeof(buf) ? sizeof(buf) :
		    (size_t)(size - base), i;

		if (read_full(s->fd, buf, n, base) != 0)
			return -1;
		for (i = 0; i + 4 <= n && base + (off_t)i < limit; i += 4) {
			uint32_t m = get_u32(buf + i);
			off_t at = base + (off_t)i;
			struct head h;

			if ((m != RECORD_MAGIC && m != PROPOSAL_MAGIC) ||
			    !whole_at(s, at, size, &h))
				continue;
			if (s->check_left < rec_size(&h))
				return TOO_DAMAGED;
			if (load_paid(s, at, &h) == LOAD_OK)
				return at;
		}
	}
	return -1;
}

static int
too_damaged(const struct store *s)
{
	return diag_error(UC_EDATA, "store '%s' is too damaged to read in reasonable "
	    "time; move it aside (a new store is fetched again)", s->path);
}

/* The gap that starts at off, by binary search: gaps are kept in order. */
static const struct gap *
gap_at(const struct store *s, off_t off)
{
	size_t lo = 0, hi = s->ngaps;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->gaps[mid].at == off)
			return &s->gaps[mid];
		if (s->gaps[mid].at < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Where the walk goes on after the gap at off; -1 if none starts there. */
static off_t
skip_gap(const struct store *s, off_t off)
{
	const struct gap *g = gap_at(s, off);

	return g ? g->next : -1;
}

/*
 * Leave [at, next) out of every walk; say so (the first few times) when
 * the caller does not name the damage itself.
 */
static int
add_gap(struct store *s, off_t at, off_t next, bool say)
{
	size_t i;

	if (gap_at(s, at) != NULL)
		return UC_OK;
	if (s->ngaps == STORE_MAX_GAPS)
		return too_damaged(s);
	s->gaps = xrealloc(s->gaps, (s->ngaps + 1) * sizeof(*s->gaps));
	for (i = s->ngaps; i > 0 && s->gaps[i - 1].at > at; i--)
		s->gaps[i] = s->gaps[i - 1];
	s->gaps[i] = (struct gap){ at, next };
	s->ngaps++;
	if (!say)
		return UC_OK;
	if (++s->nsaid <= 8)
		diag_warn("store '%s': %lld damaged bytes at offset %lld are left out; "
		    "the epochs they held are fetched again where the node still "
		    "serves them", s->path, (long long)(next - at), (long long)at);
	else if (s->nsaid == 9)
		diag_warn("store '%s': more damaged places are left out, unnamed",
		    s->path);
	return UC_OK;
}

/*
 * Walk what the file holds after s->end, the lock held.  A record is taken
 * when its header is consistent, the file holds it whole and the next
 * header (or the end of the file) bears out its length; else only with
 * its checksum.  Damage is skipped to the next good record and named.
 * Only what no good record follows is cut off, as the remains of an
 * interrupted append, and never a record whose length the file holds:
 * one that fails its checksum stays for the readers to name and replace
 * (reject, which also finds good records a damaged length hid), since
 * another process may hold its end as the end of the store.
 */
static int
scan(struct store *s)
{
	struct stat st;
	struct head h;
	off_t off, size, next;
	int rc;

	if (fstat(s->fd, &st) != 0)
		return diag_error(UC_EIO, "cannot stat store '%s': %s", s->path,
		    strerror(errno));
	size = st.st_size;
	if (size < s->end) {
		/* Cut below what this process walked: walk it all again. */
		s->end = HEADER_SIZE;
	}
	s->check_left += 4 * (size - s->end);
	off = s->end;
	while (off < size) {
		bool whole;
		off_t end = 0;

		if ((next = skip_gap(s, off)) >= 0) {
			off = next;
			continue;
		}
		if ((whole = whole_at(s, off, size, &h))) {
			end = off + rec_size(&h);
			if (chain_ok(s, end, size) || load_paid(s, off, &h) == LOAD_OK) {
				off = end;
				continue;
			}
		}
		next = resync(s, off, size, size);
		if (next == TOO_DAMAGED)
			return too_damaged(s);
		if (next < 0 && whole) {
			off = end;	/* kept: see above */
			continue;
		}
		if (next < 0)
			break;
		if ((rc = add_gap(s, off, next, true)) != UC_OK)
			return rc;
		off = next;
	}
	if (off < size) {
		diag_warn("store '%s': dropped %lld bytes of an unfinished record at "
		    "its end (an interrupted run)", s->path, (long long)(size - off));
		if (ftruncate(s->fd, off) != 0)
			return diag_error(UC_EIO, "cannot truncate store '%s': %s",
			    s->path, strerror(errno));
	}
	s->end = off;
	return UC_OK;
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
	if (size > 0 && (read_full(s->fd, have, (size_t)size, 0) != 0 ||
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
	} else if (read_full(s->fd, header, sizeof(header), 0) != 0) {
		return diag_error(UC_EIO, "cannot read store '%s': %s", s->path,
		    strerror(errno));
	} else if (memcmp(header, STORE_FILE_MAGIC, 8) != 0) {
		return diag_error(UC_EDATA, "'%s' is not an uptimecalc store of this "
		    "version", s->path);
	} else if (memcmp(header + 8, s->root, 32) != 0) {
		return diag_error(UC_EUSAGE, "store '%s' belongs to another network "
		    "(genesis validators root differs); use another --store", s->path);
	}
	s->end = HEADER_SIZE;
	return scan(s);
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
	free(s->watch_le);
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
	return util_sorted_has(s->watch, s->nwatch, idx);
}

/* Whether the attestation record at off holds every watched validator. */
static bool
covers(struct store *s, off_t off, const struct head *h, uint8_t **entries)
{
	size_t ilen = (size_t)h->count * 4, covered = 0, i;

	if (h->fingerprint == s->watch_fp && h->count == s->nwatch)
		return true;
	*entries = xrealloc(*entries, ilen + 1);
	if (read_full(s->fd, *entries, ilen,
	    off + 8 + PAYLOAD_HEAD + (off_t)h->nideal * IDEAL_SIZE) != 0)
		return false;
	for (i = 0; i < h->count; i++)
		covered += in_watch(s, get_u32(*entries + 4 * i));
	return covered == s->nwatch;
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
		s->offset[e - s->from] = s->poffset[e - s->from] = -1;
	while (off < s->end) {
		struct head h;

		if ((next = skip_gap(s, off)) >= 0) {
			off = next;
			continue;
		}
		if (!read_head(s, off, s->end, &h) || !head_consistent(&h)) {
			free(entries);
			return diag_error(UC_EIO, "store '%s' changed under this run at "
			    "offset %lld", s->path, (long long)off);
		}
		if (h.epoch >= s->from && h.epoch <= s->to) {
			/* The latest record of an epoch wins. */
			if (h.magic == PROPOSAL_MAGIC)
				s->poffset[h.epoch - s->from] = off;
			else if (covers(s, off, &h, &entries))
				s->offset[h.epoch - s->from] = off;
		}
		off += rec_size(&h);
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
	rc = scan(s);
	unlock(s);
	if (rc != UC_OK)
		return rc;
	free(s->offset);
	free(s->poffset);
	free(s->watch_le);
	s->from = from;
	s->to = to;
	s->watch = watch;
	s->nwatch = nwatch;
	s->watch_fp = store_fingerprint(watch, nwatch);
	s->watch_le = xmalloc(4 * nwatch + 1);
	for (i = 0; i < nwatch; i++)
		put_u32(s->watch_le + 4 * i, (uint32_t)watch[i]);
	s->offset = xmalloc((size_t)(to - from + 1) * sizeof(*s->offset));
	s->poffset = xmalloc((size_t)(to - from + 1) * sizeof(*s->poffset));
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
	if ((*rc = scan(s)) == UC_OK) {
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
		bool whole = p->fingerprint == s->watch_fp && p->n == s->nwatch;
		size_t covered = whole ? s->nwatch : 0, w = 0, i;

		for (i = 0; !whole && i < p->n; i++) {
			while (w < s->nwatch && s->watch[w] < p->index[i])
				w++;
			covered += w < s->nwatch && s->watch[w] == p->index[i];
		}
		if (covered == s->nwatch)
			s->offset[p->epoch - s->from] = at;
	}
	return rc;
}

int
store_append_proposals(struct store *s, uint64_t epoch, const struct proposal *p,
    size_t n)
{
	size_t len = 16 + n * DUTY_SIZE, i;
	uint8_t *buf, *q;
	off_t at;
	int rc;

	if (n > STORE_MAX_DUTIES)
		return diag_error(UC_EPROTO, "epoch %llu: more than %d proposer duties",
		    (unsigned long long)epoch, STORE_MAX_DUTIES);
	for (i = 0; i < n; i++)
		if (p[i].index > UINT32_MAX)
			return diag_error(UC_EPROTO, "epoch %llu: proposer index %llu out "
			    "of range", (unsigned long long)epoch,
			    (unsigned long long)p[i].index);
	buf = xcalloc(8 + len + 4, 1);
	put_u32(buf, PROPOSAL_MAGIC);
	put_u32(buf + 4, (uint32_t)len);
	put_u64(buf + 8, epoch);
	put_u32(buf + 16, (uint32_t)n);
	for (i = 0, q = buf + 8 + 16; i < n; i++, q += DUTY_SIZE) {
		put_u64(q, p[i].slot);
		put_u32(q + 8, (uint32_t)p[i].index);
		put_u32(q + 12, (uint32_t)p[i].outcome);
	}
	put_u32(buf + 8 + len, crc32c(buf + 8, len));
	if ((at = append(s, buf, 8 + len + 4, &rc)) >= 0 && s->poffset &&
	    epoch >= s->from && epoch <= s->to)
		s->poffset[epoch - s->from] = at;
	free(buf);
	return rc;
}

/* --- reading ------------------------------------------------------------- */

/* A record read for store_read or store_read_except. */
struct rec {
	uint64_t	 epoch;
	uint64_t	 fingerprint;	/* of its validator set */
	uint32_t	 count, nideal;
	const uint8_t	*ideal;		/* nideal x ideal */
	const uint8_t	*index;		/* count x u32 */
	const uint8_t	*flags;		/* count x u32 */
	const uint8_t	*longs;		/* nlong x long */
	size_t		 nlong, next_long;
	uint32_t	 last_eb;	/* the last ideal looked up, */
	int32_t		 last_ideal[3];	/* and what it found */
	bool		 bad;		/* an entry the record cannot back */
};

/* A record's payload (its epoch on), its lengths already consistent. */
static void
rec_parse(const uint8_t *payload, const struct head *h, struct rec *rec)
{
	rec->epoch = h->epoch;
	rec->fingerprint = h->fingerprint;
	rec->count = h->count;
	rec->nideal = h->nideal;
	rec->ideal = payload + PAYLOAD_HEAD;
	rec->index = rec->ideal + (size_t)rec->nideal * IDEAL_SIZE;
	rec->flags = rec->index + (size_t)rec->count * 4;
	rec->longs = rec->flags + (size_t)rec->count * 4;
	rec->nlong = (h->len - PAYLOAD_HEAD - (size_t)rec->nideal * IDEAL_SIZE -
	    (size_t)rec->count * ENTRY_SHORT) / LONG_SIZE;
	rec->next_long = 0;
	rec->last_eb = UINT32_MAX;
	rec->bad = false;
}

/* The index slot of epoch for records of this kind; NULL outside the range. */
static off_t *
slot_of(struct store *s, uint32_t magic, uint64_t epoch)
{
	if (epoch < s->from || epoch > s->to)
		return NULL;
	return (magic == PROPOSAL_MAGIC ? s->poffset : s->offset) + (epoch - s->from);
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
	struct head h;
	int rc;

	if (whole_at(s, bad, s->end, &h)) {
		hid = resync(s, bad, bad + rec_size(&h), s->end);
		if ((rc = add_gap(s, bad, hid >= 0 ? hid : bad + rec_size(&h),
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
rec_read(struct store *s, uint64_t epoch, uint32_t magic, struct head *h)
{
	off_t *slot;
	int rc;

	for (;;) {
		if ((slot = slot_of(s, magic, epoch)) == NULL || *slot < 0)
			return diag_error(UC_ESOFTWARE, "store: epoch %llu not indexed",
			    (unsigned long long)epoch);
		if (read_head(s, *slot, s->end, h) && head_consistent(h) &&
		    h->magic == magic && h->epoch == epoch && *slot + rec_size(h) <= s->end) {
			switch (load(s, *slot, h)) {
			case LOAD_OK:
				return UC_OK;
			case LOAD_EIO:
				return diag_error(UC_EIO, "cannot read store '%s': %s",
				    s->path, strerror(errno));
			case LOAD_BAD:
				break;
			}
		}
		if ((rc = reject(s, magic, epoch, "is damaged")) != UC_OK)
			return rc;
	}
}

/*
 * Entry i (with its flags) into v, all but its index, which the caller
 * knows.  Long entries are taken in order, so every entry without the
 * ideal bit must pass through here.  An entry the record cannot back (a
 * balance with no ideal, no long entry left) marks the record bad.
 */
static void
rec_entry(struct rec *rec, uint32_t flags, struct vresult *v)
{
	uint32_t k;

	v->duty = flags & F_DUTY;
	v->eb_increments = flags >> 16;
	v->ideal_head = v->ideal_target = v->ideal_source = 0;
	if (v->duty && v->eb_increments != rec->last_eb) {
		/* Most entries share an EB: look it up when it changes. */
		rec->last_eb = UINT32_MAX;
		for (k = 0; k < rec->nideal; k++) {
			const uint8_t *d = rec->ideal + (size_t)k * IDEAL_SIZE;

			if (get_u32(d) == v->eb_increments) {
				rec->last_eb = v->eb_increments;
				rec->last_ideal[0] = (int32_t)get_u32(d + 4);
				rec->last_ideal[1] = (int32_t)get_u32(d + 8);
				rec->last_ideal[2] = (int32_t)get_u32(d + 12);
				break;
			}
		}
		if (rec->last_eb == UINT32_MAX)
			rec->bad = true;
	}
	if (v->duty) {
		v->ideal_head = rec->last_ideal[0];
		v->ideal_target = rec->last_ideal[1];
		v->ideal_source = rec->last_ideal[2];
	}
	if (flags & F_IDEAL) {
		v->head = v->ideal_head;
		v->target = v->ideal_target;
		v->source = v->ideal_source;
		v->inactivity = 0;
	} else if (rec->next_long < rec->nlong) {
		const uint8_t *l = rec->longs + rec->next_long++ * LONG_SIZE;

		v->head = (int32_t)get_u32(l);
		v->target = (int32_t)get_u32(l + 4);
		v->source = (int32_t)get_u32(l + 8);
		v->inactivity = (int64_t)get_u64(l + 12);
		if (v->inactivity < -STORE_MAX_PENALTY_GWEI ||
		    v->inactivity > STORE_MAX_PENALTY_GWEI)
			rec->bad = true;
	} else {
		rec->bad = true;
		v->head = v->target = v->source = 0;
		v->inactivity = 0;
	}
}

/*
 * Whether the record's validators are the watched set, in order: by its
 * fingerprint, as store_index decides that a record covers the set.
 */
static bool
is_watch_record(const struct store *s, const struct rec *rec)
{
	return rec->count == s->nwatch && rec->fingerprint == s->watch_fp;
}

/* Whether such a record's index array is the set its fingerprint names. */
static bool
holds_watch_set(const struct store *s, const struct rec *rec)
{
	return memcmp(rec->index, s->watch_le, 4 * s->nwatch) == 0;
}

/* Whether entry w earned exactly the ideal expected of it. */
static inline bool
as_expected(const uint32_t *expect, size_t w, uint32_t flags)
{
	return expect != NULL && expect[w] <= 0xffff &&
	    flags == (F_DUTY | F_IDEAL | expect[w] << 16);
}

/*
 * Whether entries i..i+3 all earned exactly what was expected: where the
 * CPU compares four at once (SSE2, every x86-64), a summary's read of a
 * record is mostly this.
 */
static inline bool
four_as_expected(const uint8_t *flags, const uint32_t *expect, uint32_t i)
{
#if defined(__SSE2__) && defined(__BYTE_ORDER__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	__m128i e = _mm_loadu_si128((const __m128i *)(const void *)(expect + i));
	__m128i f = _mm_loadu_si128((const __m128i *)(const void *)(flags + 4 *
	    (size_t)i));
	__m128i want = _mm_or_si128(_mm_slli_epi32(e, 16), _mm_set1_epi32(
	    (int)(F_DUTY | F_IDEAL)));
	/* Equal flags, and an expectation that fits 16 bits (not "none"). */
	__m128i ok = _mm_and_si128(_mm_cmpeq_epi32(f, want),
	    _mm_cmpeq_epi32(_mm_srli_epi32(e, 16), _mm_setzero_si128()));

	return _mm_movemask_epi8(ok) == 0xffff;
#else
	return as_expected(expect, i, get_u32(flags + 4 * (size_t)i)) &&
	    as_expected(expect, i + 1, get_u32(flags + 4 * (size_t)i + 4)) &&
	    as_expected(expect, i + 2, get_u32(flags + 4 * (size_t)i + 8)) &&
	    as_expected(expect, i + 3, get_u32(flags + 4 * (size_t)i + 12));
#endif
}

/*
 * store_read, and store_read_except when expect is given: then absent
 * validators come back without duty, and at[] says where each one is.
 * Returns whether the record backed every entry it was asked for.
 */
static bool
read_record(const struct store *s, struct rec *rec, const uint32_t *expect,
    struct epoch_result *r, uint32_t **at)
{
	uint32_t i;
	size_t w = 0;

	r->epoch = rec->epoch;
	r->n = 0;
	r->v = xrealloc(r->v, ((size_t)rec->count + s->nwatch + 1) * sizeof(*r->v));
	if (at)
		*at = xrealloc(*at, ((size_t)rec->count + s->nwatch + 1) * sizeof(**at));
	if (is_watch_record(s, rec) && !holds_watch_set(s, rec))
		return false;		/* a fingerprint that lies */
	if (expect && is_watch_record(s, rec)) {
		/*
		 * The usual case, and the whole point: most entries are skipped.
		 * Locals, so the skipping loop keeps them in registers.
		 */
		const uint8_t *fl = rec->flags;
		uint32_t count = rec->count, *pos = *at;
		struct vresult *out = r->v;
		size_t n = 0;

		for (i = 0; i < count; i++) {
			uint32_t flags;

			if (i % 4 == 0 && i + 4 <= count && four_as_expected(fl, expect, i)) {
				i += 3;
				continue;
			}
			flags = get_u32(fl + 4 * (size_t)i);
			if (as_expected(expect, i, flags))
				continue;
			pos[n] = i;
			out[n].index = s->watch[i];
			rec_entry(rec, flags, &out[n++]);
		}
		r->n = n;
		return !rec->bad;
	}
	for (i = 0; i < rec->count; i++) {
		uint32_t flags = get_u32(rec->flags + 4 * (size_t)i);
		uint32_t index = get_u32(rec->index + 4 * (size_t)i);
		struct vresult scratch;

		/* A record's indices are sorted and unique, as they were packed. */
		if (i > 0 && index <= get_u32(rec->index + 4 * (size_t)(i - 1)))
			return false;
		/* Both lists are sorted: a merge keeps ours from a larger set. */
		for (; w < s->nwatch && s->watch[w] < index; w++)
			if (expect) {
				(*at)[r->n] = (uint32_t)w;
				r->v[r->n++] = (struct vresult){ .index = s->watch[w] };
			}
		if (w == s->nwatch || s->watch[w] != index) {
			/* Not ours; its long entry must still be passed. */
			if (!(flags & F_IDEAL))
				rec_entry(rec, flags, &scratch);
			continue;
		}
		if (as_expected(expect, w, flags)) {
			w++;
			continue;
		}
		if (at)
			(*at)[r->n] = (uint32_t)w;
		w++;
		r->v[r->n].index = index;
		rec_entry(rec, flags, &r->v[r->n++]);
	}
	for (; expect && w < s->nwatch; w++) {
		(*at)[r->n] = (uint32_t)w;
		r->v[r->n++] = (struct vresult){ .index = s->watch[w] };
	}
	/* Read whole, the record must have used every long entry it holds. */
	return !rec->bad && rec->next_long == rec->nlong;
}

int
store_read(struct store *s, uint64_t epoch, struct epoch_result *r)
{
	struct head h;
	struct rec rec;
	int rc;

	for (;;) {
		if ((rc = rec_read(s, epoch, RECORD_MAGIC, &h)) != UC_OK)
			return rc;
		rec_parse(s->rbuf + 8, &h, &rec);
		if (read_record(s, &rec, NULL, r, NULL))
			return UC_OK;
		if ((rc = reject(s, RECORD_MAGIC, epoch, "holds entries it cannot "
		    "back")) != UC_OK)
			return rc;
	}
}

static bool
read_except(const struct store *s, struct rec *rec, const uint32_t *expect,
    struct epoch_except *x)
{
	uint32_t i;

	x->nideal = rec->nideal;
	for (i = 0; i < rec->nideal; i++) {
		const uint8_t *d = rec->ideal + (size_t)i * IDEAL_SIZE;

		x->ideal[i] = (struct ideal_eb){ get_u32(d), (int32_t)get_u32(d + 4),
		    (int32_t)get_u32(d + 8), (int32_t)get_u32(d + 12) };
	}
	return read_record(s, rec, expect, &x->r, &x->at);
}

int
store_read_except(struct store *s, uint64_t epoch, const uint32_t *expect,
    struct epoch_except *x)
{
	struct head h;
	struct rec rec;
	int rc;

	for (;;) {
		if ((rc = rec_read(s, epoch, RECORD_MAGIC, &h)) != UC_OK)
			return rc;
		rec_parse(s->rbuf + 8, &h, &rec);
		if (read_except(s, &rec, expect, x))
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
	struct head h;
	struct rec rec;

	/* Packed here a moment ago: its lengths are ours, no checksum needed. */
	h.magic = RECORD_MAGIC;
	h.len = (uint32_t)(p->rec_len - 12);
	h.epoch = p->epoch;
	h.fingerprint = p->fingerprint;
	h.count = (uint32_t)p->n;
	h.nideal = (uint32_t)p->nideal;
	rec_parse(p->rec + 8, &h, &rec);
	if (!read_except(s, &rec, expect, x))
		return diag_error(UC_ESOFTWARE, "epoch %llu: a pack that does not read "
		    "back", (unsigned long long)p->epoch);
	return UC_OK;
}

int
store_proposals(struct store *s, uint64_t epoch, struct proposal **out, size_t *n)
{
	struct head h;
	const uint8_t *q;
	off_t *slot = slot_of(s, PROPOSAL_MAGIC, epoch);
	uint32_t i;
	int rc;

	*out = NULL;
	*n = 0;
	if (s->poffset == NULL || slot == NULL || *slot < 0)
		return UC_OK;
	for (;;) {
		if ((rc = rec_read(s, epoch, PROPOSAL_MAGIC, &h)) != UC_OK)
			return rc;
		for (i = 0, q = s->rbuf + 8 + 16; i < h.count; i++, q += DUTY_SIZE)
			if (get_u32(q + 12) > PROPOSAL_UNKNOWN)
				break;
		if (i == h.count)
			break;
		if ((rc = reject(s, PROPOSAL_MAGIC, epoch, "holds an unknown "
		    "outcome")) != UC_OK)
			return rc;
	}
	*out = xcalloc((size_t)h.count + 1, sizeof(**out));
	for (i = 0, q = s->rbuf + 8 + 16; i < h.count; i++, q += DUTY_SIZE) {
		(*out)[i].slot = get_u64(q);
		(*out)[i].index = get_u32(q + 8);
		(*out)[i].outcome = (int)get_u32(q + 12);
	}
	*n = h.count;
	return UC_OK;
}
