#ifndef UC_REPORT_SET_H
#define UC_REPORT_SET_H

/*
 * The validators a report watches: those asked for, looked up once in the
 * node's head state, by index or public key.  Private to the report
 * command.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "report_node.h"
#include "rewards_pack.h"

struct report_set {
	struct watched	*vals;		/* sorted by index, unique */
	uint64_t	*idx;		/* their indices */
	size_t		 n;
	char		*body;		/* ["i","j",...]: the rewards POSTs' body */
	char		(*status)[32];	/* the node's status of each, at the head;
					   ",slashed" added where it does not say */
	uint64_t	 fp;		/* store_fingerprint(idx, n) */
};

/*
 * Resolve items (indices as decimal strings and lowercase 0x pubkeys) into
 * set, through the validators endpoint: one GET, or one POST past 64.  A
 * validator the node does not know is a usage error naming it; one the
 * node adds unasked is ignored with a warning.
 */
int	report_set_resolve(struct report_set *set, struct report_node *node,
	    char *const *items, size_t nitems);
void	report_set_release(struct report_set *set);
bool	report_set_has(const struct report_set *set, uint64_t index);

#endif
