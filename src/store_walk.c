/*
 * Walking the store's records: what a header says and whether the lengths
 * in it agree, a record loaded and its checksum checked, the way past
 * damage to the next good record, and the walk of what the file holds
 * after the part already walked (scan), which names damage and cuts a
 * torn tail.  Looking past damage is paid from a budget, so that no file
 * costs more than a few times its own reading.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crc32c.h"
#include "diag.h"
#include "store_file.h"
#include "util.h"

#define STORE_MAX_GAPS	4096	/* damaged places in one store: more is not a store */

/* Read n bytes at off; 0, or -1 on an error or an early end of file. */
int
store_walk_read_full(int fd, void *buf, size_t n, off_t off)
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

/* The header at off, if the file holds one there whole. */
bool
store_walk_head(const struct store *s, off_t off, off_t size, struct store_head *h)
{
	uint8_t b[HEAD_MAX];
	size_t n = size - off >= HEAD_MAX ? HEAD_MAX : (size_t)(size - off);

	if (off < HEADER_SIZE || n < HEAD_PROPOSAL ||
	    store_walk_read_full(s->fd, b, n, off) != 0)
		return false;
	h->magic = get_u32(b);
	h->len = get_u32(b + 4);
	h->epoch = get_u64(b + 8);
	if (store_short_head(h->magic)) {
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


/* A consistent header at off whose record the file holds whole. */
bool
store_walk_whole(const struct store *s, off_t off, off_t size, struct store_head *h)
{
	return store_walk_head(s, off, size, h) && store_pack_consistent(h) &&
	    off + store_rec_size(h) <= size;
}

/* The whole record at off into s->rbuf, and whether its checksum holds. */
enum store_load
store_walk_load(struct store *s, off_t off, const struct store_head *h)
{
	size_t n = (size_t)store_rec_size(h), got = 0;

	if (n > s->rcap)
		s->rbuf = xrealloc(s->rbuf, s->rcap = n);
	while (got < n) {
		ssize_t r = pread(s->fd, s->rbuf + got, n - got, off + (off_t)got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return STORE_LOAD_EIO;
		if (r == 0)
			return STORE_LOAD_BAD;	/* the file is shorter than the record */
		got += (size_t)r;
	}
	return get_u32(s->rbuf) == h->magic && get_u32(s->rbuf + 4) == h->len &&
	    get_u32(s->rbuf + 8 + h->len) == crc32c(s->rbuf + 8, h->len) ?
	    STORE_LOAD_OK : STORE_LOAD_BAD;
}

/*
 * A record loaded to look past damage.  Such checks are paid from a
 * budget in proportion to the file (s->check_left): a file of any bytes
 * must not cost hours.
 */
static enum store_load
load_paid(struct store *s, off_t off, const struct store_head *h)
{
	if (s->check_left < store_rec_size(h))
		return STORE_LOAD_BAD;
	s->check_left -= store_rec_size(h);
	return store_walk_load(s, off, h);
}

/* Whether a record may end at end: the file ends there, or a header starts. */
static bool
chain_ok(const struct store *s, off_t end, off_t size)
{
	struct store_head h;

	return end == size || (store_walk_head(s, end, size, &h) && store_pack_consistent(&h));
}

/*
 * The first good record starting after off and before limit, or -1;
 * STORE_TOO_DAMAGED when the budget ran out first.  Records start at multiples
 * of 4 (every size in the format is one), so only those places are tried,
 * and one is taken only with its checksum.
 */
off_t
store_walk_resync(struct store *s, off_t off, off_t limit, off_t size)
{
	uint8_t buf[1 << 16];
	off_t base;

	for (base = off + 4; base < limit && base + HEAD_PROPOSAL <= size;
	    base += sizeof(buf)) {
		size_t n = size - base >= (off_t)sizeof(buf) ? sizeof(buf) :
		    (size_t)(size - base), i;

		if (store_walk_read_full(s->fd, buf, n, base) != 0)
			return -1;
		for (i = 0; i + 4 <= n && base + (off_t)i < limit; i += 4) {
			uint32_t m = get_u32(buf + i);
			off_t at = base + (off_t)i;
			struct store_head h;

			if (!store_known_magic(m) ||
			    !store_walk_whole(s, at, size, &h))
				continue;
			if (s->check_left < store_rec_size(&h))
				return STORE_TOO_DAMAGED;
			if (load_paid(s, at, &h) == STORE_LOAD_OK)
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
off_t
store_walk_skip_gap(const struct store *s, off_t off)
{
	const struct gap *g = gap_at(s, off);

	return g ? g->next : -1;
}

/*
 * Leave [at, next) out of every walk; say so (the first few times) when
 * the caller does not name the damage itself.
 */
int
store_walk_add_gap(struct store *s, off_t at, off_t next, bool say)
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
int
store_walk_scan(struct store *s)
{
	struct stat st;
	struct store_head h;
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

		if ((next = store_walk_skip_gap(s, off)) >= 0) {
			off = next;
			continue;
		}
		if ((whole = store_walk_whole(s, off, size, &h))) {
			end = off + store_rec_size(&h);
			if (chain_ok(s, end, size) || load_paid(s, off, &h) == STORE_LOAD_OK) {
				off = end;
				continue;
			}
		}
		next = store_walk_resync(s, off, size, size);
		if (next == STORE_TOO_DAMAGED)
			return too_damaged(s);
		if (next < 0 && whole) {
			off = end;	/* kept: see above */
			continue;
		}
		if (next < 0)
			break;
		if ((rc = store_walk_add_gap(s, off, next, true)) != UC_OK)
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

