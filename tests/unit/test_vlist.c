/* Validator lists: ranges that end at the last index, comments, the limit. */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "util.h"
#include "vlist.h"

static enum vlist_status
parse(struct vlist *vl, const char *text, bool comments)
{
	struct vlist_error e;

	return vlist_parse(vl, text, strlen(text), comments, &e);
}

static void
a_range_may_end_at_the_largest_index(void)
{
	struct vlist vl;

	vlist_init(&vl);
	CHECK(parse(&vl, "18446744073709551615-18446744073709551615", false) == VLIST_OK);
	CHECK(parse(&vl, "18446744073709551613-18446744073709551615", false) == VLIST_OK);
	vlist_finish(&vl);
	CHECK_U64(vl.nidx, 3);
	CHECK_U64(vl.idx[2], UINT64_MAX);
	CHECK_U64(vl.ngiven, 4);
	CHECK(parse(&vl, "18446744073709551615-18446744073709551616", false) == VLIST_ERANGE);
	CHECK(parse(&vl, "5-4", false) == VLIST_ERANGE);
	vlist_release(&vl);
}

static void
comments_end_at_their_line(void)
{
	struct vlist vl;
	struct vlist_error e;
	const char *text = "1, 2 # 3 4\n#5\n6#7\n\n\t8\r\n";

	vlist_init(&vl);
	CHECK(vlist_parse(&vl, text, strlen(text), true, &e) == VLIST_OK);
	vlist_finish(&vl);
	CHECK_U64(vl.nidx, 4);
	CHECK(vl.nidx == 4 && vl.idx[0] == 1 && vl.idx[1] == 2 && vl.idx[2] == 6 &&
	    vl.idx[3] == 8);
	/* On the command line '#' is no comment but a bad item, on its line. */
	CHECK(vlist_parse(&vl, "1\n2#3", 5, false, &e) == VLIST_EITEM);
	CHECK(strcmp(e.item, "2#3") == 0 && e.line == 2);
	vlist_release(&vl);
}

static void
an_item_is_whole_however_long_its_line(void)
{
	struct vlist vl;
	struct vlist_error e;
	char *text = xmalloc(10001);

	/* 9,998 blanks, then "15": one validator 15, not 1 and 5. */
	memset(text, ' ', 10000);
	memcpy(text + 9998, "15", 2);
	text[10000] = '\0';
	vlist_init(&vl);
	CHECK(vlist_parse(&vl, text, 10000, true, &e) == VLIST_OK);
	CHECK(vl.nidx == 1 && vl.idx[0] == 15);
	/* A NUL is a byte of an item, not its end. */
	CHECK(vlist_parse(&vl, "7\0008", 3, true, &e) == VLIST_EITEM);
	CHECK(strcmp(e.item, "7?8") == 0);
	vlist_release(&vl);
	free(text);
}

static void
the_limit_counts_every_item_given(void)
{
	struct vlist vl;

	vlist_init(&vl);
	CHECK(parse(&vl, "0-999999", false) == VLIST_OK);
	CHECK(parse(&vl, "5", false) == VLIST_ETOOMANY);
	vlist_release(&vl);
	vlist_init(&vl);
	CHECK(parse(&vl, "0-1000000", false) == VLIST_ERANGE);
	CHECK(parse(&vl, "0-499999,0-499999", false) == VLIST_OK);
	CHECK(parse(&vl, "1", false) == VLIST_ETOOMANY);
	vlist_finish(&vl);
	CHECK_U64(vlist_count(&vl), 500000);
	vlist_release(&vl);
}

static void
pubkeys_are_lowercased_and_listed_once(void)
{
	char key[VLIST_KEY_LEN + 1], text[3 * VLIST_KEY_LEN + 16];
	struct vlist vl;

	memset(key, 'A', sizeof(key));
	key[0] = '0';
	key[1] = 'X';
	key[VLIST_KEY_LEN] = '\0';
	snprintf(text, sizeof(text), "%s,3,%.*s", key, VLIST_KEY_LEN, key);
	vlist_init(&vl);
	CHECK(parse(&vl, text, false) == VLIST_OK);
	CHECK(parse(&vl, "0xabc", false) == VLIST_EITEM);
	vlist_finish(&vl);
	CHECK(vl.nkeys == 1 && strncmp(vl.keys[0], "0xaaaa", 6) == 0 &&
	    strlen(vl.keys[0]) == VLIST_KEY_LEN);
	CHECK(vl.nidx == 1 && vl.idx[0] == 3);
	vlist_release(&vl);
}

/* Indices in any order and runs of them are one sorted list. */
static void
runs_and_scattered_indices_are_one_list(void)
{
	static const uint64_t want[] = { 1, 2, 3, 7, 8, 9, 100, 101, 102,
	    UINT64_MAX };
	struct vlist vl, back;

	vlist_init(&vl);
	vlist_init(&back);
	CHECK(parse(&vl, "9 7,8 100-102 1 3 2 18446744073709551615", false) == VLIST_OK);
	CHECK(parse(&back, "1-3,7-9,100-102,18446744073709551615", false) == VLIST_OK);
	vlist_finish(&vl);
	vlist_finish(&back);
	CHECK(vl.nidx == NELEM(want) && back.nidx == NELEM(want));
	CHECK(vl.nidx == NELEM(want) && memcmp(vl.idx, want, sizeof(want)) == 0);
	CHECK(back.nidx == NELEM(want) && memcmp(back.idx, want, sizeof(want)) == 0);
	vlist_release(&vl);
	vlist_release(&back);
}

const struct unit_test vlist_tests[] = {
	T(a_range_may_end_at_the_largest_index),
	T(comments_end_at_their_line),
	T(an_item_is_whole_however_long_its_line),
	T(the_limit_counts_every_item_given),
	T(pubkeys_are_lowercased_and_listed_once),
	T(runs_and_scattered_indices_are_one_list),
	{ NULL, NULL },
};
