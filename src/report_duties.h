#ifndef UC_REPORT_DUTIES_H
#define UC_REPORT_DUTIES_H

/*
 * Block proposals of the watched validators: the node's proposer duties
 * of each epoch, and the block header at each duty's slot once it has
 * passed.  Most nodes serve duties only for the current and next epoch,
 * so they are stored as they come.  Private to the report command.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "epoch.h"
#include "report_node.h"
#include "report_set.h"
#include "store.h"

/*
 * The proposals of epochs from..to: what the store holds, completed from
 * the node and stored.  The search goes newest first and stops at the
 * first epoch whose duties are not served.  UC_OK, or a failure, said.
 */
int	report_duties_fetch(struct report_node *node, const struct report_set *set,
	    struct store *st, uint64_t from, uint64_t to, uint64_t head_slot);
/* Whether every watched validator's duty in p has a known outcome. */
bool	report_duties_settled(const struct report_set *set, const struct proposal *p,
	    size_t n);

#endif
