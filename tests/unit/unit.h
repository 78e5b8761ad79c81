/* A small harness: CHECK and CHECK_NEAR with a stated tolerance [fzy]. */
#ifndef UNIT_H
#define UNIT_H

#include <math.h>
#include <stdio.h>

#include "chaintab.h"

extern int unit_failed_checks;

#define CHECK(cond) do { if (!(cond)) { unit_failed_checks++; \
	fprintf(stderr, "  %s:%d: CHECK(%s)\n", __FILE__, __LINE__, #cond); } } while (0)
#define CHECK_NEAR(a, b, tol) do { double a_ = (a), b_ = (b); \
	if (!(fabs(a_ - b_) <= (tol))) { unit_failed_checks++; \
	fprintf(stderr, "  %s:%d: %s = %.12g, want %.12g within %g\n", \
	    __FILE__, __LINE__, #a, a_, b_, (double)(tol)); } } while (0)
#define CHECK_U64(a, b) do { unsigned long long a_ = (a), b_ = (b); \
	if (a_ != b_) { unit_failed_checks++; \
	fprintf(stderr, "  %s:%d: %s = %llu, want %llu\n", __FILE__, __LINE__, #a, a_, b_); \
	} } while (0)

typedef void (*unit_fn)(void);
struct unit_test {
	const char	*name;
	unit_fn		 fn;
};
#define T(fn)	{ #fn, fn }

/* Each test file exports its list, ended by { NULL, NULL }. */
extern const struct unit_test util_tests[], ethmodel_tests[], econ_tests[],
    downtime_tests[], chaintab_tests[], output_tests[], json_decode_tests[],
    report_tests[], slashing_tests[], ha_tests[], vlist_tests[], outfile_tests[];

/* Ethereum mainnet constants, built in code (tests/unit/chains.c). */
struct chain unit_mainnet(void);

#endif
