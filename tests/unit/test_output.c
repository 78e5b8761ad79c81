/* Output escaping: CSV quotes only where needed, JSON escapes strings. */
#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "unit.h"
#include "util.h"

static const struct ocol cols[] = {
	{ "name", "name", OT_STR },
	{ "loss_gwei", "loss", OT_GWEI },
	{ "uptime_frac", "uptime", OT_FRAC },
	{ "ejected", "ejected", OT_BOOL },
	{ "empty_s", "empty", OT_SECONDS },
};

static char *
render(enum ofmt fmt, const char *name)
{
	struct otable t;
	FILE *fp = tmpfile();
	char *buf = xcalloc(4096, 1);

	output_init(&t, cols, NELEM(cols), true);
	output_row(&t);
	output_str(&t, "name", name);
	output_u64(&t, "loss_gwei", 18446744073709551615ULL);
	output_num(&t, "uptime_frac", 0.25);
	output_bool(&t, "ejected", true);
	output_num(&t, "empty_s", NAN);
	CHECK(output_print(&t, fmt, fp) == 0);
	rewind(fp);
	CHECK(fread(buf, 1, 4095, fp) > 0);
	fclose(fp);
	output_release(&t);
	return buf;
}

static void
csv_quotes_only_what_needs_it(void)
{
	char *s = render(OFMT_CSV, "a, \"b\"");

	CHECK(strcmp(s, "name,loss_gwei,uptime_frac,ejected,empty_s\n"
	    "\"a, \"\"b\"\"\",18446744073709551615,0.25,1,\n") == 0);
	free(s);
}

static void
csv_text_never_starts_a_formula(void)
{
	static const struct { const char *in, *want; } cases[] = {
		{ "=HYPERLINK(\"http://x\",\"y\")",
		    "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"" },
		{ "+1", "'+1" },
		{ "-5", "'-5" },
		{ "@SUM(A1)", "'@SUM(A1)" },
		{ "\tx", "'\tx" },
		{ "\rx", "\"'\rx\"" },
		{ "a\nb", "\"a\nb\"" },
		{ "a=b", "a=b" },
		{ " x", "\" x\"" },
		{ "'quoted'", "'quoted'" },
	};
	char want[256], *s;
	size_t i;

	for (i = 0; i < NELEM(cases); i++) {
		s = render(OFMT_CSV, cases[i].in);
		snprintf(want, sizeof(want), "name,loss_gwei,uptime_frac,ejected,empty_s\n"
		    "%s,18446744073709551615,0.25,1,\n", cases[i].want);
		if (strcmp(s, want) != 0)
			fprintf(stderr, "  csv of '%s': %s", cases[i].in, s);
		CHECK(strcmp(s, want) == 0);
		free(s);
	}
	/* JSON and the table show text as it is. */
	s = render(OFMT_JSON, "=1+1");
	CHECK(strstr(s, "\"name\": \"=1+1\"") != NULL);
	free(s);
	s = render(OFMT_TABLE, "=1+1");
	CHECK(strstr(s, "name     =1+1\n") != NULL);
	free(s);
}

static void
negative_numbers_stay_numbers_in_csv(void)
{
	static const struct ocol ncols[] = {
		{ "name", "name", OT_STR },
		{ "delta_gwei", "delta", OT_SGWEI },
		{ "x", "x", OT_NUM },
	};
	struct otable t;
	FILE *fp = tmpfile();
	char buf[256] = "";

	output_init(&t, ncols, NELEM(ncols), false);
	output_row(&t);
	output_str(&t, "name", "-");
	output_num(&t, "delta_gwei", -5);
	output_num(&t, "x", -0.5);
	CHECK(output_print(&t, OFMT_CSV, fp) == 0);
	rewind(fp);
	CHECK(fread(buf, 1, sizeof(buf) - 1, fp) > 0);
	fclose(fp);
	output_release(&t);
	CHECK(strcmp(buf, "name,delta_gwei,x\n'-,-5,-0.5\n") == 0);
}

static void
json_escapes_and_keeps_exact_integers(void)
{
	char *s = render(OFMT_JSON, "a\"b\\c\n");

	CHECK(strstr(s, "\"name\": \"a\\\"b\\\\c\\n\"") != NULL);
	CHECK(strstr(s, "\"loss_gwei\": 18446744073709551615") != NULL);
	CHECK(strstr(s, "\"ejected\": true") != NULL);
	CHECK(strstr(s, "\"empty_s\": null") != NULL);
	free(s);
}

static void
people_see_percent_and_yes(void)
{
	char *s = render(OFMT_TABLE, "x");

	CHECK(strstr(s, "25.000 %") != NULL);
	CHECK(strstr(s, "yes") != NULL);
	free(s);
}

static void
lists_leave_machine_only_columns_to_programs(void)
{
	static const struct ocol mixed[] = {
		{ "a", "a", OT_INT },
		{ "hidden_s", NULL, OT_SECONDS },
		{ "b", "b", OT_STR },
		{ "tail", NULL, OT_INT },
	};
	struct otable t;
	FILE *fp = tmpfile();
	char buf[256] = "";
	int i;

	output_init(&t, mixed, NELEM(mixed), false);
	for (i = 0; i < 2; i++) {
		output_row(&t);
		output_num(&t, "a", i);
		output_num(&t, "hidden_s", 60);
		output_str(&t, "b", "x");
		output_num(&t, "tail", 7);
	}
	CHECK(output_print(&t, OFMT_TABLE, fp) == 0);
	rewind(fp);
	CHECK(fread(buf, 1, sizeof(buf) - 1, fp) > 0);
	fclose(fp);
	output_release(&t);
	/* The last shown column ends the line, unpadded. */
	CHECK(strcmp(buf, "a  b\n0  x\n1  x\n") == 0);
}

const struct unit_test output_tests[] = {
	T(csv_quotes_only_what_needs_it),
	T(csv_text_never_starts_a_formula),
	T(negative_numbers_stay_numbers_in_csv),
	T(json_escapes_and_keeps_exact_integers),
	T(people_see_percent_and_yes),
	T(lists_leave_machine_only_columns_to_programs),
	{ NULL, NULL },
};
