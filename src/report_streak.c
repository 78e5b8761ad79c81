/*
 * Misses in a row: for each validator, the last epoch with a correct
 * target vote, the current run of duty epochs with a missed one and the
 * longest.  Epochs without data neither break nor extend a run.  A
 * summary votes only the validators it reads (those that earned other
 * than their class's ideal); the others were correct, which a vote after
 * a gap of data epochs, or the end, takes into account: the cost stays
 * with the exceptions, not with validators x epochs.
 */
#include <string.h>

#include "report_streak.h"

void
streak_epoch(struct report *r, uint64_t epoch)
{
	if (r->streak_data > 0 && epoch <= r->streak_last)
		r->streak_disorder = true;
	r->streak_prev = r->streak_data > 0 ? r->streak_last : REPORT_NO_EPOCH;
	r->streak_last = epoch;
	r->streak_data++;
}

/* Data epochs since s's last vote before this one: correct in the last. */
static void
correct_since(struct vstats *s, uint64_t upto, uint64_t epoch)
{
	if (s->streak_seen < upto) {
		s->last_target_epoch = epoch;
		s->current_streak = 0;
	}
}

void
streak_vote(struct report *r, size_t k, bool duty, bool target)
{
	struct vstats *s = &r->v[k];

	correct_since(s, r->streak_data - 1, r->streak_prev);
	s->streak_seen = r->streak_data;
	if (!duty)
		return;
	if (target) {
		s->last_target_epoch = r->streak_last;
		s->current_streak = 0;
		return;
	}
	if (s->current_streak++ == 0)
		s->streak_start = r->streak_last;
	if (s->current_streak > s->longest_streak)
		s->longest_streak = s->current_streak;
}

void
streak_finish(struct report *r)
{
	size_t k;

	for (k = 0; k < r->n; k++)
		correct_since(&r->v[k], r->streak_data, r->streak_last);
}

bool
report_streaks_disordered(const struct report *r)
{
	return r->streak_disorder;
}

void
report_streaks_reset(struct report *r)
{
	size_t k;

	for (k = 0; k < r->n; k++) {
		struct vstats *s = &r->v[k];

		s->last_target_epoch = REPORT_NO_EPOCH;
		s->streak_start = REPORT_NO_EPOCH;
		s->streak_seen = 0;
		s->current_streak = s->longest_streak = 0;
	}
	r->streak_data = 0;
	r->streak_last = r->streak_prev = REPORT_NO_EPOCH;
	r->streak_disorder = false;
}

void
report_streaks_votes(struct report *r, uint64_t epoch, size_t n, const uint32_t *at,
    const uint8_t *bits)
{
	size_t i;

	streak_epoch(r, epoch);
	for (i = 0; i < n; i++)
		if (at[i] < r->n)
			streak_vote(r, at[i], bits[i] & 1, (bits[i] & 2) != 0);
}
