/*
 * The parsers of what users type: numbers, durations, percentages and
 * sizes (util.c).  Any bytes: no crash, and what is accepted is a value the
 * parser's contract allows (finite; a duration not negative) and reads
 * back as itself.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = xmalloc(size + 1), buf[64];
	double d, back_s;
	uint64_t u, back;

	memcpy(s, data, size);
	s[size] = '\0';
	if (parse_double(s, &d) && !isfinite(d))
		abort();
	if (parse_u64(s, &u)) {
		snprintf(buf, sizeof(buf), "%llu", (unsigned long long)u);
		if (!parse_u64(buf, &back) || back != u)
			abort();
	}
	if (parse_duration_s(s, &d)) {
		if (!isfinite(d) || d < 0)
			abort();
		format_duration(d, buf, sizeof(buf));
		/* What the tool prints of a duration, it reads (a century and more aside). */
		if (d < 1e12 && !parse_duration_s(buf, &back_s))
			abort();
	}
	if (parse_percent(s, &d) && !isfinite(d))
		abort();
	if (parse_size_bytes(s, &u)) {
		snprintf(buf, sizeof(buf), "%llu", (unsigned long long)u);
		if (!parse_size_bytes(buf, &back) || back != u)
			abort();
	}
	free(s);
	return 0;
}
