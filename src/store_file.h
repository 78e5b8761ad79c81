#ifndef UC_STORE_FILE_H
#define UC_STORE_FILE_H

/*
 * The store's open file, private to store.c and the walk over its records
 * (store_walk.c).
 */
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "store_format.h"

/* Damaged bytes every walk leaves out: [at, next). */
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
	int		 finds_left;	/* index rebuilds left after rejected records */
	bool		 dirty;		/* appended since the last sync */
	double		 synced_s;	/* monotonic time of the last sync */
	uint64_t	 from, to;	/* indexed range */
	off_t		*offset;	/* per epoch of the range; -1 = none */
	off_t		*poffset;	/* the same for proposal records */
	off_t		*soffset;	/* the same for sync-duty records */
	uint64_t	 period;	/* sync-committee period in epochs; 0: none */
	off_t		*members;	/* per period meeting the range; -1 = none */
	size_t		 nmembers;
	struct store_set set;		/* the watched set of the index */
	uint8_t		*rbuf;		/* a whole record, reused */
	size_t		 rcap;
};

/* pread n bytes at off: 0, or -1 on an error or an early end of the file. */
int	store_walk_read_full(int fd, void *buf, size_t n, off_t off);
/* The header at off, if the file (size bytes) holds one there whole. */
bool	store_walk_head(const struct store *s, off_t off, off_t size,
	    struct store_head *h);
/* A consistent header at off whose record the file holds whole. */
bool	store_walk_whole(const struct store *s, off_t off, off_t size,
	    struct store_head *h);

/* How loading a record went. */
enum store_load { STORE_LOAD_OK, STORE_LOAD_BAD, STORE_LOAD_EIO };
/* The whole record at off into s->rbuf, and whether its checksum holds. */
enum store_load store_walk_load(struct store *s, off_t off, const struct store_head *h);

/*
 * The first good record starting after off and before limit, or -1;
 * STORE_TOO_DAMAGED when looking past damage ran out of its budget.
 */
#define STORE_TOO_DAMAGED	(-2)
off_t	store_walk_resync(struct store *s, off_t off, off_t limit, off_t size);
/* Leave [at, next) out of every walk; say so when the caller does not. */
int	store_walk_add_gap(struct store *s, off_t at, off_t next, bool say);
/* Where a walk goes on after the gap at off; -1 if none starts there. */
off_t	store_walk_skip_gap(const struct store *s, off_t off);
/* Walk what the file holds after s->end, the lock held: see store_walk.c. */
int	store_walk_scan(struct store *s);

#endif
