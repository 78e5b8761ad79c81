/* Runs every unit test and prints PASS/FAIL per test, then a count. */
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "unit.h"

int unit_failed_checks;

int
main(int argc, char **argv)
{
	const struct unit_test *suites[] = {
		util_tests, ethmodel_tests, econ_tests, downtime_tests,
		chaintab_tests, output_tests, json_decode_tests, report_tests,
		store_tests, slashing_tests, ha_tests, url_tests, vlist_tests,
		outfile_tests, periods_tests, sync_tests,
	};
	int pass = 0, fail = 0;
	size_t s;

	gsl_set_error_handler_off();
	for (s = 0; s < sizeof(suites) / sizeof(suites[0]); s++) {
		const struct unit_test *t;

		for (t = suites[s]; t->name; t++) {
			int before = unit_failed_checks;

			if (argc > 1 && strstr(t->name, argv[1]) == NULL)
				continue;
			t->fn();
			if (unit_failed_checks == before) {
				printf("PASS unit %s\n", t->name);
				pass++;
			} else {
				printf("FAIL unit %s\n", t->name);
				fail++;
			}
		}
	}
	fprintf(stderr, "unit: %d passed, %d failed\n", pass, fail);
	return fail != 0;
}
