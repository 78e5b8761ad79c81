/*
 * Sparklines.  The top block is kept for values at the top (a day without
 * a miss, the balance before the outage): seven levels below it, so that
 * 99 % never looks like 100 %.
 */
#include <langinfo.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "spark.h"

bool
spark_utf8(void)
{
	const char *set;
	bool utf8;

	/* Only LC_CTYPE, and back to "C": numbers keep their '.' everywhere. */
	if (setlocale(LC_CTYPE, "") == NULL)
		return false;
	set = nl_langinfo(CODESET);
	utf8 = set != NULL && strcmp(set, "UTF-8") == 0;
	setlocale(LC_CTYPE, "C");
	return utf8;
}

void
spark_line(char *buf, size_t size, const double *v, size_t n, double lo, double hi,
    bool utf8)
{
	static const char *const block[8] = { "\u2581", "\u2582", "\u2583", "\u2584",
	    "\u2585", "\u2586", "\u2587", "\u2588" };
	static const char ascii[8] = { '_', '.', ':', '-', '=', '+', '*', '#' };
	size_t i, at = 0;

	if (size == 0)
		return;
	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		int level;
		const char *s;
		char one[2];
		size_t len;

		if (isnan(v[i])) {
			level = -1;
		} else if (v[i] >= hi) {
			level = 7;
		} else {
			level = hi > lo ? (int)floor((v[i] - lo) / (hi - lo) * 7) : 0;
			level = level < 0 ? 0 : level > 6 ? 6 : level;
		}
		if (level < 0)
			s = " ";
		else if (utf8)
			s = block[level];
		else {
			one[0] = ascii[level];
			one[1] = '\0';
			s = one;
		}
		len = strlen(s);
		if (at + len >= size)
			break;
		memcpy(buf + at, s, len);
		at += len;
		buf[at] = '\0';
	}
}
