/*
 * Validator lists (vlist.c), as --validators (no comments) or a
 * --validators-file (comments): the first byte chooses, the rest is the
 * text.  Any bytes: no crash and no hang (a range never runs past the
 * limit); an accepted list is sorted, unique, within the limit, its keys
 * are lowercase "0x" + 96 hex; it prints as text that parses back to the
 * same list; a refusal names an item with no control bytes on a line the
 * text has.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "vlist.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* vl as text: runs of indices as ranges, then the keys.  Caller frees. */
static char *
format_list(const struct vlist *vl)
{
	struct strbuf sb;
	size_t i = 0, k;

	strbuf_init(&sb);
	strbuf_add(&sb, "", 0);
	while (i < vl->nidx) {
		size_t j = i;

		while (j + 1 < vl->nidx && vl->idx[j + 1] == vl->idx[j] + 1)
			j++;
		strbuf_addf(&sb, "%s%llu", sb.len ? "," : "",
		    (unsigned long long)vl->idx[i]);
		if (j > i)
			strbuf_addf(&sb, "-%llu", (unsigned long long)vl->idx[j]);
		i = j + 1;
	}
	for (k = 0; k < vl->nkeys; k++)
		strbuf_addf(&sb, "%s%s", sb.len ? "," : "", vl->keys[k]);
	return sb.buf;
}

static void
check_list(const struct vlist *vl)
{
	size_t i, k;

	if (vl->ngiven > VLIST_MAX || vlist_count(vl) > vl->ngiven)
		abort();
	for (i = 1; i < vl->nidx; i++)
		if (vl->idx[i - 1] >= vl->idx[i])
			abort();
	for (i = 0; i < vl->nkeys; i++) {
		const char *key = vl->keys[i];

		if (strlen(key) != VLIST_KEY_LEN || key[0] != '0' || key[1] != 'x')
			abort();
		for (k = 2; k < VLIST_KEY_LEN; k++)
			if (!isxdigit((unsigned char)key[k]) || isupper((unsigned char)key[k]))
				abort();
		if (i > 0 && strcmp(vl->keys[i - 1], key) >= 0)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vlist vl, back;
	struct vlist_error e;
	enum vlist_status st;
	size_t i, lines = 1;
	const char *text;
	bool comments;
	char *s;

	if (size == 0)
		return 0;
	comments = data[0] & 1;
	text = (const char *)data + 1;
	for (i = 0; i < size - 1; i++)
		lines += text[i] == '\n';
	vlist_init(&vl);
	memset(&e, 0, sizeof(e));
	st = vlist_parse(&vl, text, size - 1, comments, &e);
	if (st != VLIST_OK) {
		if (e.line < 1 || e.line > lines || strlen(e.item) > 40)
			abort();
		for (i = 0; e.item[i]; i++)
			if ((unsigned char)e.item[i] < 0x20 || (unsigned char)e.item[i] >= 0x7f)
				abort();
		vlist_release(&vl);
		return 0;
	}
	vlist_finish(&vl);
	check_list(&vl);
	s = format_list(&vl);
	vlist_init(&back);
	if (vlist_parse(&back, s, strlen(s), false, &e) != VLIST_OK)
		abort();
	vlist_finish(&back);
	if (back.nidx != vl.nidx || back.nkeys != vl.nkeys)
		abort();
	/* memcmp wants real pointers even for 0 bytes: an empty list has none. */
	if (vl.nidx && memcmp(back.idx, vl.idx, vl.nidx * sizeof(*vl.idx)) != 0)
		abort();
	if (vl.nkeys && memcmp(back.keys, vl.keys, vl.nkeys * sizeof(*vl.keys)) != 0)
		abort();
	free(s);
	vlist_release(&back);
	vlist_release(&vl);
	return 0;
}
