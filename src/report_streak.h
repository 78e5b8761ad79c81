#ifndef UC_REPORT_STREAK_H
#define UC_REPORT_STREAK_H

/*
 * Miss streaks of the report's validators, private to report.c and
 * report_streak.c.  Epochs come in order, each begun with streak_epoch;
 * a validator not voted in an epoch earned its class's ideal (a summary
 * reads only the unusual), so its target vote was correct.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "report.h"

void	streak_epoch(struct report *r, uint64_t epoch);
/* Validator k in the current epoch: a duty or not, its target correct. */
void	streak_vote(struct report *r, size_t k, bool duty, bool target);
/* After the last epoch: who was not voted in it was correct in it. */
void	streak_finish(struct report *r);

#endif
