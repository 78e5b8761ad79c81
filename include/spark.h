#ifndef UC_SPARK_H
#define UC_SPARK_H

/*
 * Sparklines for the terminal: a character per value, in Unicode blocks
 * when the locale is UTF-8, else in ASCII.
 */
#include <stdbool.h>
#include <stddef.h>

/* Whether the user's locale (LC_ALL, LC_CTYPE, LANG) is UTF-8. */
bool	spark_utf8(void);

/*
 * The sparkline of v[0..n) into buf (size bytes, NUL-ended; at most 3 n + 1
 * are needed): a value at or above hi is a full block (#), one below it
 * one of seven lower levels by where it lies from lo to hi (lowest
 * _.:-=+* highest in ASCII), NAN a space.
 */
void	spark_line(char *buf, size_t size, const double *v, size_t n, double lo,
	    double hi, bool utf8);

#endif
