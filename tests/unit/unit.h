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
    report_tests[], store_tests[], slashing_tests[], ha_tests[], url_tests[],
    vlist_tests[], outfile_tests[], periods_tests[], sync_tests[];

/* A chain of zeros, its period-rule cells blank (tests/unit/chains.c). */
struct chain unit_chain(void);
/* Ethereum mainnet constants, built in code (tests/unit/chains.c). */
struct chain unit_mainnet(void);

/*
 * A made-up epoch, packed by the production packer (tests/unit/epochs.c):
 * the ideal rewards of each effective balance, and for each watched
 * validator w[i] its vote v[i] (present: in the response's total_rewards).
 * Returns rewards_pack's status.
 */
#include "report.h"
#include "rewards_pack.h"
#include "store_pack.h"
struct unit_vote {
	bool	 present;
	int64_t	 head, target, source, inactivity;
};
int	unit_pack(uint64_t epoch, const struct jd_ideal *ideal, size_t nideal,
	    const struct watched *w, const struct unit_vote *v, size_t n,
	    struct store_pack *p);
/* A file of the recorded devnet (tests/fixtures/...), NUL-ended; caller frees. */
char	*unit_fixture(const char *name, size_t *len);
/* A fresh path for a store that does not exist yet. */
void	unit_tmp_store(char path[32]);

#endif
