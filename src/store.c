/*
 * The append-only per-epoch store: the file, its index and its reading.
 * The format is in store_format.h; records are encoded by store_pack.c.
 * Writers hold an fcntl lock.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "crc32c.h"
#include "diag.h"
#include "store.h"
#include "store_format.h"
#include "util.h"

struct store {
	char		*path;
	int		 fd;
	uint8_t		 root[32];
	off_t		 end;		/* end of the last good record */
	uint64_t	 from, to;	/* indexed range */
	off_t		*offset;	/* per epoch of the range; -1 = none */
	off_t		*poffset;	/* the same for proposal records */
	uint64_t	 watch_fp;
	uint8_t		*rbuf;		/* store_read's buffer, reused */
	size_t		 rcap;
	struct store_pack wpack;	/* store_append's, reused */
	size_t		 nwatch;
	const uint64_t	*watch;
};

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
write_full(int fd, const void *buf, size_t n)
{
	size_t done = 0;

	while (done < n) {
		ssize_t w = write(fd, (const char *)buf + done, n - done);

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

/*
 * Walk the record headers to the end, then check the last record's CRC:
 * a crash mid-append can only tear the last one.  Reading every payload
 * here would make each run read the whole history.
 */
static int
scan(struct store *s)
{
	struct stat st;
	off_t off = HEADER_SIZE, last = -1;
	uint8_t head[8];

	if (fstat(s->fd, &st) != 0)
		return diag_error(UC_ENOINPUT, "cannot stat store '%s'", s->path);
	while (off < st.st_size) {
		uint32_t len;

		if (off + 8 > st.st_size || read_full(s->fd, head, 8, off) != 0 ||
		    (get_u32(head) != RECORD_MAGIC && get_u32(head) != PROPOSAL_MAGIC))
			break;
		len = get_u32(head + 4);
		if (len < 16 || off + 8 + (off_t)len + 4 > st.st_size)
			break;
		last = off;
		off += 8 + (off_t)len + 4;
	}
	if (off == st.st_size && last >= 0) {
		uint32_t len;
		uint8_t *payload, tail[4];

		read_full(s->fd, head, 8, last);
		len = get_u32(head + 4);
		payload = xmalloc(len);
		if (read_full(s->fd, payload, len, last + 8) != 0 ||
		    read_full(s->fd, tail, 4, last + 8 + len) != 0 ||
		    get_u32(tail) != crc32c(payload, len))
			off = last;	/* whole in length, torn in content */
		free(payload);
	}
	if (off < st.st_size) {
		/* A crash mid-append leaves a short or unchecked tail: drop it. */
		diag_warn("store '%s': dropped %lld bytes of an unfinished record at "
		    "its end (an interrupted run)", s->path,
		    (long long)(st.st_size - off));
		if (ftruncate(s->fd, off) != 0)
			return diag_error(UC_EIO, "cannot truncate store '%s': %s",
			    s->path, strerror(errno));
	}
	s->end = off;
	return UC_OK;
}

int
store_open(struct store **out, const char *path, const char *gvr_hex)
{
	struct store *s = xcalloc(1, sizeof(*s));
	uint8_t header[HEADER_SIZE];
	struct flock lk;
	struct stat st;
	int rc;

	*out = NULL;
	s->path = xstrdup(path);
	s->fd = -1;
	if (hex_root(gvr_hex, s->root) != 0) {
		store_close(s);
		return diag_error(UC_EPROTO, "genesis validators root '%s' is not 32 "
		    "bytes of hex", gvr_hex);
	}
	if (mkdirs(path) != 0 ||
	    (s->fd = open(path, O_RDWR | O_CREAT, 0644)) < 0) {
		rc = diag_error(UC_ENOINPUT, "cannot open store '%s': %s", path,
		    strerror(errno));
		store_close(s);
		return rc;
	}
	memset(&lk, 0, sizeof(lk));
	lk.l_type = F_WRLCK;
	lk.l_whence = SEEK_SET;
	if (fcntl(s->fd, F_SETLK, &lk) != 0) {
		store_close(s);
		return diag_error(UC_ETEMPFAIL, "store '%s' is in use by another "
		    "uptimecalc", path);
	}
	if (fstat(s->fd, &st) != 0 || st.st_size < HEADER_SIZE) {
		/* New, or torn before its header was whole: start it afresh. */
		memset(header, 0, sizeof(header));
		memcpy(header, "UCSTORE4", 8);
		memcpy(header + 8, s->root, 32);
		if (ftruncate(s->fd, 0) != 0 || lseek(s->fd, 0, SEEK_SET) != 0 ||
		    write_full(s->fd, header, sizeof(header)) != 0) {
			rc = diag_error(UC_EIO, "cannot write store '%s': %s", path,
			    strerror(errno));
			store_close(s);
			return rc;
		}
	} else if (read_full(s->fd, header, sizeof(header), 0) != 0 ||
	    memcmp(header, "UCSTORE4", 8) != 0) {
		store_close(s);
		return diag_error(UC_EDATA, "'%s' is not an uptimecalc store of this "
		    "version", path);
	} else if (memcmp(header + 8, s->root, 32) != 0) {
		store_close(s);
		return diag_error(UC_EUSAGE, "store '%s' belongs to another network "
		    "(genesis validators root differs); use another --store", path);
	}
	if ((rc = scan(s)) != UC_OK) {
		store_close(s);
		return rc;
	}
	*out = s;
	return UC_OK;
}

void
store_close(struct store *s)
{
	if (s == NULL)
		return;
	if (s->fd >= 0)
		close(s->fd);
	free(s->offset);
	free(s->poffset);
	free(s->rbuf);
	pack_release(&s->wpack);
	free(s->path);
	free(s);
}

static int
in_watch(const struct store *s, uint64_t idx)
{
	return util_sorted_has(s->watch, s->nwatch, idx);
}

int
store_index(struct store *s, const uint64_t *watch, size_t nwatch, uint64_t from,
    uint64_t to)
{
	off_t off = HEADER_SIZE;
	uint8_t head[8 + PAYLOAD_HEAD];
	uint8_t *entries = NULL;
	uint64_t e;

	free(s->offset);
	free(s->poffset);
	s->from = from;
	s->to = to;
	s->watch = watch;
	s->nwatch = nwatch;
	s->watch_fp = store_fingerprint(watch, nwatch);
	s->offset = xmalloc((size_t)(to - from + 1) * sizeof(*s->offset));
	s->poffset = xmalloc((size_t)(to - from + 1) * sizeof(*s->poffset));
	for (e = from; e <= to; e++)
		s->offset[e - from] = s->poffset[e - from] = -1;
	while (off < s->end) {
		uint32_t len, count, nideal, i, covered = 0;
		uint64_t epoch, fp;

		if (read_full(s->fd, head, sizeof(head), off) != 0)
			break;
		len = get_u32(head + 4);
		epoch = get_u64(head + 8);
		if (get_u32(head) == PROPOSAL_MAGIC) {
			if (epoch >= from && epoch <= to)
				s->poffset[epoch - from] = off;
			off += 8 + (off_t)len + 4;
			continue;
		}
		fp = get_u64(head + 16);
		count = get_u32(head + 24);
		nideal = get_u32(head + 28);
		if (epoch >= from && epoch <= to) {
			if (fp == s->watch_fp && count == nwatch) {
				covered = (uint32_t)nwatch;
			} else {
				size_t ilen = (size_t)count * 4;

				if (PAYLOAD_HEAD + (size_t)nideal * IDEAL_SIZE + 2 * ilen > len)
					break;	/* not a record this version wrote */
				entries = xrealloc(entries, ilen + 1);
				if (read_full(s->fd, entries, ilen,
				    off + 8 + PAYLOAD_HEAD + (off_t)nideal * IDEAL_SIZE) != 0)
					break;
				for (i = 0; i < count; i++)
					covered += (uint32_t)in_watch(s, get_u32(entries + 4 * i));
			}
			if (covered == nwatch)
				s->offset[epoch - from] = off;
		}
		off += 8 + (off_t)len + 4;
	}
	free(entries);
	return UC_OK;
}

bool
store_has(const struct store *s, uint64_t epoch)
{
	return epoch >= s->from && epoch <= s->to && s->offset[epoch - s->from] >= 0;
}

/* A duty whose rewards are exactly the ideal for its EB, and no inactivity. */
static int
is_ideal(const struct vresult *v)
{
	return v->duty && v->head == v->ideal_head && v->target == v->ideal_target &&
	    v->source == v->ideal_source && v->inactivity == 0;
}

/* Whether the record's validators are exactly the watched set (both sorted). */
static int
is_watch_set(const struct store *s, const struct epoch_result *r)
{
	size_t i;

	if (r->n != s->nwatch)
		return 0;
	for (i = 0; i < r->n; i++)
		if (r->v[i].index != s->watch[i])
			return 0;
	return 1;
}

int
store_append(struct store *s, const struct epoch_result *r)
{
	struct store_pack *p = &s->wpack;
	size_t i;
	int rc = UC_OK;

	if (is_watch_set(s, r)) {
		pack_begin(p, r->epoch, s->watch_fp, r->n);
	} else {
		uint64_t *idx = xmalloc((r->n + 1) * sizeof(*idx));

		for (i = 0; i < r->n; i++)
			idx[i] = r->v[i].index;
		pack_begin(p, r->epoch, store_fingerprint(idx, r->n), r->n);
		free(idx);
	}
	for (i = 0; i < r->n && rc == UC_OK; i++) {
		const struct vresult *v = &r->v[i];
		int cls;

		if (!v->duty) {
			rc = pack_absent(p, v->index);
			continue;
		}
		if ((cls = pack_ideal_eb(p, v->eb_increments, v->ideal_head,
		    v->ideal_target, v->ideal_source)) < 0)
			return p->err;
		rc = is_ideal(v) ? pack_exact(p, v->index, cls) :
		    pack_other(p, v->index, cls, v->head, v->target, v->source,
		    v->inactivity);
	}
	if (rc != UC_OK || (rc = pack_end(p)) != UC_OK)
		return rc;
	return store_append_pack(s, p);
}

int
store_append_pack(struct store *s, const struct store_pack *p)
{
	if (p->rec_len == 0 || p->err != UC_OK)
		return diag_error(UC_ESOFTWARE, "store: epoch %llu is not packed",
		    (unsigned long long)p->epoch);
	if (lseek(s->fd, s->end, SEEK_SET) != s->end ||
	    write_full(s->fd, p->rec, p->rec_len) != 0)
		return diag_error(UC_EIO, "cannot append to store '%s': %s", s->path,
		    strerror(errno));
	if (s->offset && p->epoch >= s->from && p->epoch <= s->to) {
		bool whole = p->fingerprint == s->watch_fp && p->n == s->nwatch;
		size_t covered = whole ? s->nwatch : 0, w = 0, i;

		for (i = 0; !whole && i < p->n; i++) {
			while (w < s->nwatch && s->watch[w] < p->index[i])
				w++;
			covered += w < s->nwatch && s->watch[w] == p->index[i];
		}
		if (covered == s->nwatch)
			s->offset[p->epoch - s->from] = s->end;
	}
	s->end += (off_t)p->rec_len;
	return UC_OK;
}

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
};

/* A record's payload (after its epoch) in buf, need bytes long, into rec. */
static int
rec_parse(const char *path, uint64_t epoch, const uint8_t *head,
    const uint8_t *buf, size_t need, struct rec *rec)
{
	size_t fixed;

	rec->epoch = epoch;
	rec->fingerprint = get_u64(head + 16);
	rec->count = get_u32(head + 24);
	rec->nideal = get_u32(head + 28);
	/* Only the last record's CRC is checked on open: check every length. */
	fixed = (size_t)rec->nideal * IDEAL_SIZE + (size_t)rec->count * ENTRY_SHORT;
	if (fixed > need)
		return diag_error(UC_EDATA, "store '%s': the record of epoch %llu is "
		    "damaged; move the store aside to rebuild it", path,
		    (unsigned long long)epoch);
	rec->ideal = buf;
	rec->index = rec->ideal + (size_t)rec->nideal * IDEAL_SIZE;
	rec->flags = rec->index + (size_t)rec->count * 4;
	rec->longs = rec->flags + (size_t)rec->count * 4;
	rec->nlong = (need - fixed) / LONG_SIZE;
	rec->next_long = 0;
	rec->last_eb = UINT32_MAX;
	return UC_OK;
}

/*
 * The indexed record of epoch into s->rbuf and rec.  With skip_index, a
 * record of the watched set is read without its index array, which is
 * the set itself (rec->index is then NULL): a summary reads 40 % less.
 */
static int
rec_read(struct store *s, uint64_t epoch, struct rec *rec, bool skip_index)
{
	uint8_t head[8 + PAYLOAD_HEAD];
	size_t need, ideal_len, index_len;
	off_t off;
	int rc;

	if (!store_has(s, epoch))
		return diag_error(UC_ESOFTWARE, "store: epoch %llu not indexed",
		    (unsigned long long)epoch);
	off = s->offset[epoch - s->from];
	if (read_full(s->fd, head, sizeof(head), off) != 0)
		return diag_error(UC_EIO, "cannot read store '%s'", s->path);
	need = get_u32(head + 4) < PAYLOAD_HEAD ? 0 : get_u32(head + 4) - PAYLOAD_HEAD;
	if (need + 1 > s->rcap)
		s->rbuf = xrealloc(s->rbuf, s->rcap = need + 1);
	ideal_len = (size_t)get_u32(head + 28) * IDEAL_SIZE;
	index_len = (size_t)get_u32(head + 24) * 4;
	if (skip_index && get_u32(head + 24) == s->nwatch &&
	    get_u64(head + 16) == s->watch_fp && ideal_len + index_len <= need) {
		off += 8 + PAYLOAD_HEAD;
		if (read_full(s->fd, s->rbuf, ideal_len, off) != 0 ||
		    read_full(s->fd, s->rbuf + ideal_len + index_len,
		    need - ideal_len - index_len, off + (off_t)(ideal_len + index_len)) != 0)
			return diag_error(UC_EIO, "cannot read store '%s'", s->path);
		if ((rc = rec_parse(s->path, epoch, head, s->rbuf, need, rec)) == UC_OK)
			rec->index = NULL;
		return rc;
	}
	if (read_full(s->fd, s->rbuf, need, off + 8 + PAYLOAD_HEAD) != 0)
		return diag_error(UC_EIO, "cannot read store '%s'", s->path);
	return rec_parse(s->path, epoch, head, s->rbuf, need, rec);
}

/*
 * Entry i (with its flags) into v, all but its index, which the caller
 * knows.  Long entries are taken in order, so every entry without the
 * ideal bit must pass through here.
 */
static int
rec_entry(const char *path, struct rec *rec, uint32_t flags, struct vresult *v)
{
	uint32_t k;

	v->duty = flags & F_DUTY;
	v->eb_increments = flags >> 16;
	v->ideal_head = v->ideal_target = v->ideal_source = 0;
	if (v->duty && v->eb_increments != rec->last_eb) {
		/* Most entries share an EB: look it up when it changes. */
		rec->last_eb = v->eb_increments;
		rec->last_ideal[0] = rec->last_ideal[1] = rec->last_ideal[2] = 0;
		for (k = 0; k < rec->nideal; k++) {
			const uint8_t *d = rec->ideal + (size_t)k * IDEAL_SIZE;

			if (get_u32(d) == rec->last_eb) {
				rec->last_ideal[0] = (int32_t)get_u32(d + 4);
				rec->last_ideal[1] = (int32_t)get_u32(d + 8);
				rec->last_ideal[2] = (int32_t)get_u32(d + 12);
				break;
			}
		}
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
	} else {
		const uint8_t *l = rec->longs + rec->next_long * LONG_SIZE;

		if (rec->next_long++ >= rec->nlong)
			return diag_error(UC_EDATA, "store '%s': the record of epoch %llu "
			    "is damaged; move the store aside to rebuild it", path,
			    (unsigned long long)rec->epoch);
		v->head = (int32_t)get_u32(l);
		v->target = (int32_t)get_u32(l + 4);
		v->source = (int32_t)get_u32(l + 8);
		v->inactivity = (int64_t)get_u64(l + 12);
	}
	return UC_OK;
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
 */
static int
read_record(struct store *s, struct rec *rec, const uint32_t *expect,
    struct epoch_result *r, uint32_t **at)
{
	uint32_t i;
	size_t w = 0;
	int rc;

	r->epoch = rec->epoch;
	r->n = 0;
	r->v = xrealloc(r->v, ((size_t)rec->count + s->nwatch + 1) * sizeof(*r->v));
	if (at)
		*at = xrealloc(*at, ((size_t)rec->count + s->nwatch + 1) * sizeof(**at));
	if (expect && is_watch_record(s, rec)) {
		/*
		 * The usual case, and the whole point: most entries are skipped.
		 * Locals, so the skipping loop keeps them in registers.
		 */
		const uint8_t *fl = rec->flags;
		uint32_t count = rec->count, *pos = *at;
		struct vresult *out = r->v;
		size_t n = 0;

		for (i = 0, rc = UC_OK; i < count && rc == UC_OK; i++) {
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
			rc = rec_entry(s->path, rec, flags, &out[n++]);
		}
		r->n = n;
		return rc;
	}
	for (i = 0; i < rec->count; i++) {
		uint32_t flags = get_u32(rec->flags + 4 * (size_t)i);
		uint32_t index = get_u32(rec->index + 4 * (size_t)i);
		struct vresult scratch;

		/* Both lists are sorted: a merge keeps ours from a larger set. */
		for (; w < s->nwatch && s->watch[w] < index; w++)
			if (expect) {
				(*at)[r->n] = (uint32_t)w;
				r->v[r->n++] = (struct vresult){ .index = s->watch[w] };
			}
		if (w == s->nwatch || s->watch[w] != index) {
			/* Not ours; its long entry must still be passed. */
			if (!(flags & F_IDEAL) &&
			    (rc = rec_entry(s->path, rec, flags, &scratch)) != UC_OK)
				return rc;
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
		if ((rc = rec_entry(s->path, rec, flags, &r->v[r->n++])) != UC_OK)
			return rc;
	}
	for (; expect && w < s->nwatch; w++) {
		(*at)[r->n] = (uint32_t)w;
		r->v[r->n++] = (struct vresult){ .index = s->watch[w] };
	}
	return UC_OK;
}

int
store_read(struct store *s, uint64_t epoch, struct epoch_result *r)
{
	struct rec rec;
	int rc;

	if ((rc = rec_read(s, epoch, &rec, false)) != UC_OK)
		return rc;
	return read_record(s, &rec, NULL, r, NULL);
}

static int
read_except(struct store *s, struct rec *rec, const uint32_t *expect,
    struct epoch_except *x)
{
	uint32_t i;

	if (rec->nideal > NELEM(x->ideal))
		return diag_error(UC_EDATA, "store '%s': epoch %llu has more than %zu "
		    "effective balances", s->path, (unsigned long long)rec->epoch,
		    NELEM(x->ideal));
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
	struct rec rec;
	int rc;

	if ((rc = rec_read(s, epoch, &rec, expect != NULL)) != UC_OK)
		return rc;
	return read_except(s, &rec, expect, x);
}

int
store_read_pack(struct store *s, const struct store_pack *p, const uint32_t *expect,
    struct epoch_except *x)
{
	struct rec rec;
	int rc;

	if ((rc = rec_parse(s->path, p->epoch, p->rec, p->rec + 8 + PAYLOAD_HEAD,
	    p->rec_len - 12 - PAYLOAD_HEAD, &rec)) != UC_OK)
		return rc;
	return read_except(s, &rec, expect, x);
}

int
pack_read(const struct store_pack *p, struct epoch_result *r)
{
	struct rec rec;
	uint32_t i;
	int rc;

	if ((rc = rec_parse("(memory)", p->epoch, p->rec, p->rec + 8 + PAYLOAD_HEAD,
	    p->rec_len - 12 - PAYLOAD_HEAD, &rec)) != UC_OK)
		return rc;
	r->epoch = p->epoch;
	r->n = rec.count;
	r->v = xrealloc(r->v, ((size_t)rec.count + 1) * sizeof(*r->v));
	for (i = 0; i < rec.count; i++) {
		r->v[i].index = get_u32(rec.index + 4 * (size_t)i);
		if ((rc = rec_entry("(memory)", &rec, get_u32(rec.flags + 4 * (size_t)i),
		    &r->v[i])) != UC_OK)
			return rc;
	}
	return UC_OK;
}

int
store_append_proposals(struct store *s, uint64_t epoch, const struct proposal *p,
    size_t n)
{
	size_t len = 16 + n * DUTY_SIZE, i;
	uint8_t *buf = xcalloc(8 + len + 4, 1), *q;
	int rc = UC_OK;

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
	if (lseek(s->fd, s->end, SEEK_SET) != s->end ||
	    write_full(s->fd, buf, 8 + len + 4) != 0) {
		rc = diag_error(UC_EIO, "cannot append to store '%s': %s", s->path,
		    strerror(errno));
	} else {
		if (s->poffset && epoch >= s->from && epoch <= s->to)
			s->poffset[epoch - s->from] = s->end;
		s->end += (off_t)(8 + len + 4);
	}
	free(buf);
	return rc;
}

int
store_proposals(struct store *s, uint64_t epoch, struct proposal **out, size_t *n)
{
	uint8_t head[8 + 16], *buf, *q;
	uint32_t count, i;
	off_t off;

	*out = NULL;
	*n = 0;
	if (s->poffset == NULL || epoch < s->from || epoch > s->to ||
	    (off = s->poffset[epoch - s->from]) < 0)
		return 0;
	if (read_full(s->fd, head, sizeof(head), off) != 0)
		return 0;
	count = get_u32(head + 16);
	buf = xmalloc((size_t)count * DUTY_SIZE + 1);
	if (read_full(s->fd, buf, (size_t)count * DUTY_SIZE, off + 8 + 16) != 0) {
		free(buf);
		return 0;
	}
	*out = xcalloc((size_t)count + 1, sizeof(**out));
	for (i = 0, q = buf; i < count; i++, q += DUTY_SIZE) {
		(*out)[i].slot = get_u64(q);
		(*out)[i].index = get_u32(q + 8);
		(*out)[i].outcome = (int)get_u32(q + 12);
	}
	*n = count;
	free(buf);
	return 1;
}
