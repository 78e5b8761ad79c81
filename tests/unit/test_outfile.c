/* Output files: replaced whole through their links, devices written in place. */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "outfile.h"
#include "unit.h"
#include "util.h"

static char *
slurp(const char *path)
{
	FILE *fp = fopen(path, "r");
	char *buf = xcalloc(256, 1);

	if (fp != NULL) {
		if (fread(buf, 1, 255, fp) == 0)
			buf[0] = '\0';
		fclose(fp);
	}
	return buf;
}

static void
a_symlink_stays_a_link_to_the_new_file(void)
{
	char dir[] = "/tmp/uc-outfile-XXXXXX", target[64], link[64];
	struct outfile o;
	struct stat st;
	char *s;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(target, sizeof(target), "%s/target", dir);
	snprintf(link, sizeof(link), "%s/link", dir);
	CHECK(symlink("target", link) == 0);
	/* Not there yet: the link's target is created. */
	CHECK(outfile_open(&o, link) == UC_OK && o.tmp != NULL);
	fputs("one\n", o.fp);
	CHECK(outfile_close(&o, true) == UC_OK);
	CHECK(lstat(link, &st) == 0 && S_ISLNK(st.st_mode));
	s = slurp(target);
	CHECK(strcmp(s, "one\n") == 0);
	free(s);
	/* Unkept, the old content stays and no temporary file is left. */
	CHECK(outfile_open(&o, link) == UC_OK);
	fputs("two\n", o.fp);
	CHECK(outfile_close(&o, false) == UC_OK);
	s = slurp(target);
	CHECK(strcmp(s, "one\n") == 0);
	free(s);
	CHECK(unlink(link) == 0 && unlink(target) == 0 && rmdir(dir) == 0);
}

static void
devices_are_written_in_place(void)
{
	struct outfile o;
	struct stat st;

	CHECK(outfile_open(&o, "/dev/null") == UC_OK && o.tmp == NULL);
	fputs("x\n", o.fp);
	CHECK(outfile_close(&o, true) == UC_OK);
	CHECK(stat("/dev/null", &st) == 0 && S_ISCHR(st.st_mode));
	/* A full device is a write failure at the latest when closing. */
	CHECK(outfile_open(&o, "/dev/full") == UC_OK && o.tmp == NULL);
	fputs("x\n", o.fp);
	CHECK(outfile_close(&o, true) == UC_EIO);
	CHECK(outfile_open(&o, "/tmp") == UC_EIO && o.fp == NULL);
	CHECK(outfile_close(&o, true) == UC_OK);
}

const struct unit_test outfile_tests[] = {
	T(a_symlink_stays_a_link_to_the_new_file),
	T(devices_are_written_in_place),
	{ NULL, NULL },
};
