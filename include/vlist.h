#ifndef UC_VLIST_H
#define UC_VLIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * A list of validators as users write it: indices ("1000"), ranges of
 * indices ("100-199") and public keys ("0x" and 96 hex digits), separated
 * by commas or white space.  Pure: no I/O, no printing; allocation only.
 */

#define VLIST_MAX	1000000		/* validators one list may name */
#define VLIST_KEY_LEN	98		/* "0x" + 96 hex digits */

struct vlist {
	uint64_t	*idx;		/* indices; sorted and unique after vlist_finish */
	size_t		 nidx, capidx;
	char		(*keys)[VLIST_KEY_LEN + 1];	/* lowercase pubkeys, likewise */
	size_t		 nkeys, capkeys;
	size_t		 ngiven;	/* items given, duplicates counted: the limit */
};

enum vlist_status {
	VLIST_OK,
	VLIST_EITEM,		/* neither an index nor a pubkey */
	VLIST_ERANGE,		/* a range that is reversed or over VLIST_MAX */
	VLIST_ETOOMANY,		/* more than VLIST_MAX items in all */
};

/* Where parsing stopped, for the caller's message. */
struct vlist_error {
	size_t	line;			/* 1-based line of the item */
	char	item[41];		/* its first 40 bytes, unprintable ones as '?' */
};

void	vlist_init(struct vlist *vl);
void	vlist_release(struct vlist *vl);

/*
 * Add the items of text[0..len) to vl.  Items are separated by commas,
 * blanks, tabs, CR and LF; with comments, '#' starts a comment that ends
 * at the end of its line.  Any byte may appear in text: a NUL or another
 * byte that is not a separator belongs to an item and makes it invalid.
 * Returns VLIST_OK, or a vlist_status with err filled in; the items
 * before the bad one stay added.
 */
enum vlist_status vlist_parse(struct vlist *vl, const char *text, size_t len,
	    bool comments, struct vlist_error *err);

/* Sort indices and keys and drop duplicates. */
void	vlist_finish(struct vlist *vl);

/* Validators in vl, once finished. */
size_t	vlist_count(const struct vlist *vl);

#endif
