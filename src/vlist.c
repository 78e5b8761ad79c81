/*
 * Validator lists as users write them, on the command line or in a file:
 * indices, ranges and pubkeys.  Ranges are expanded by count, never by
 * comparing against their end, so the last index a uint64 holds ends its
 * range like any other.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "vlist.h"

void
vlist_init(struct vlist *vl)
{
	memset(vl, 0, sizeof(*vl));
}

void
vlist_release(struct vlist *vl)
{
	free(vl->idx);
	free(vl->keys);
	vlist_init(vl);
}

static bool
is_sep(unsigned char c)
{
	return c == ',' || c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static void
note_item(struct vlist_error *err, const char *s, size_t n, size_t line)
{
	size_t i;

	if (n > sizeof(err->item) - 1)
		n = sizeof(err->item) - 1;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		/* The item goes into a message: no terminal control bytes. */
		err->item[i] = c < 0x20 || c >= 0x7f ? '?' : (char)c;
	}
	err->item[n] = '\0';
	err->line = line;
}

/* A whole decimal number of s[0..n): digits only, within a uint64. */
static bool
number(const char *s, size_t n, uint64_t *out)
{
	char buf[32];
	size_t i;

	if (n == 0 || n >= sizeof(buf))
		return false;
	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return parse_u64(buf, out);
}

static bool
pubkey(const char *s, size_t n)
{
	size_t i;

	if (n != VLIST_KEY_LEN || s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
		return false;
	for (i = 2; i < n; i++)
		if (!isxdigit((unsigned char)s[i]))
			return false;
	return true;
}

static void
add_index(struct vlist *vl, uint64_t v)
{
	if (vl->nidx == vl->capidx) {
		vl->capidx = vl->capidx ? 2 * vl->capidx : 64;
		vl->idx = xrealloc(vl->idx, vl->capidx * sizeof(*vl->idx));
	}
	vl->idx[vl->nidx++] = v;
}

static enum vlist_status
item(struct vlist *vl, const char *s, size_t n)
{
	const char *dash = memchr(s, '-', n);
	uint64_t lo, hi, count, i;

	if (pubkey(s, n)) {
		if (vl->ngiven >= VLIST_MAX)
			return VLIST_ETOOMANY;
		if (vl->nkeys == vl->capkeys) {
			vl->capkeys = vl->capkeys ? 2 * vl->capkeys : 16;
			vl->keys = xrealloc(vl->keys, vl->capkeys * sizeof(*vl->keys));
		}
		for (i = 0; i < n; i++)
			vl->keys[vl->nkeys][i] = (char)tolower((unsigned char)s[i]);
		vl->keys[vl->nkeys++][n] = '\0';
		vl->ngiven++;
		return VLIST_OK;
	}
	if (dash != NULL) {
		/* "100-199": a run of indices, no longer than the limit. */
		if (!number(s, (size_t)(dash - s), &lo) ||
		    !number(dash + 1, n - (size_t)(dash - s) - 1, &hi) || lo > hi ||
		    hi - lo >= VLIST_MAX)
			return VLIST_ERANGE;
		count = hi - lo + 1;
	} else {
		if (!number(s, n, &lo))
			return VLIST_EITEM;
		count = 1;
	}
	if (count > VLIST_MAX - vl->ngiven)
		return VLIST_ETOOMANY;
	for (i = 0; i < count; i++)
		add_index(vl, lo + i);
	vl->ngiven += count;
	return VLIST_OK;
}

enum vlist_status
vlist_parse(struct vlist *vl, const char *text, size_t len, bool comments,
    struct vlist_error *err)
{
	size_t i = 0, line = 1;

	while (i < len) {
		size_t start, n;
		enum vlist_status st;

		if (text[i] == '\n')
			line++;
		if (is_sep((unsigned char)text[i])) {
			i++;
			continue;
		}
		if (comments && text[i] == '#') {
			const char *nl = memchr(text + i, '\n', len - i);

			i = nl ? (size_t)(nl - text) : len;
			continue;
		}
		for (start = i; i < len && !is_sep((unsigned char)text[i]) &&
		    !(comments && text[i] == '#'); i++)
			;
		n = i - start;
		if ((st = item(vl, text + start, n)) != VLIST_OK) {
			note_item(err, text + start, n, line);
			return st;
		}
	}
	return VLIST_OK;
}

static int
by_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int
by_key(const void *a, const void *b)
{
	return memcmp(a, b, VLIST_KEY_LEN);
}

void
vlist_finish(struct vlist *vl)
{
	size_t i, j;

	if (vl->nidx > 0) {
		qsort(vl->idx, vl->nidx, sizeof(*vl->idx), by_u64);
		for (i = j = 1; i < vl->nidx; i++)
			if (vl->idx[i] != vl->idx[j - 1])
				vl->idx[j++] = vl->idx[i];
		vl->nidx = j;
	}
	if (vl->nkeys > 0) {
		qsort(vl->keys, vl->nkeys, sizeof(*vl->keys), by_key);
		for (i = j = 1; i < vl->nkeys; i++)
			if (by_key(vl->keys[i], vl->keys[j - 1]) != 0)
				memcpy(vl->keys[j++], vl->keys[i], sizeof(*vl->keys));
		vl->nkeys = j;
	}
}

size_t
vlist_count(const struct vlist *vl)
{
	return vl->nidx + vl->nkeys;
}
