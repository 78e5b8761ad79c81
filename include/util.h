#ifndef UC_UTIL_H
#define UC_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

/* Allocation never fails for the caller: on exhaustion these exit 71. */
void	*xmalloc(size_t n);
void	*xcalloc(size_t nmemb, size_t size);
void	*xrealloc(void *p, size_t n);
char	*xstrdup(const char *s);		/* caller frees */

/* A growable NUL-terminated byte buffer.  init/release, no hidden state. */
struct strbuf {
	char	*buf;
	size_t	 len;
	size_t	 cap;
};
void	strbuf_init(struct strbuf *sb);
void	strbuf_release(struct strbuf *sb);
void	strbuf_add(struct strbuf *sb, const void *p, size_t n);
void	strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/*
 * Read a whole text file into sb (NUL-terminated; sb starts empty): path,
 * or standard input for "-".  FIFOs and devices are read to their end.
 * At most max_bytes are read: a longer file, a NUL byte ("not a text
 * file") or a directory is refused as soon as it shows.  Errors are one
 * line naming what the file is ("validators file") and return
 * UC_ENOINPUT (unreadable, a directory) or UC_EDATA (too long, NUL);
 * sb is then released.
 */
int	util_read_text(const char *path, const char *what, size_t max_bytes,
	    struct strbuf *sb);

/*
 * Strict number parsing: the whole string must be the number, with no
 * leading blanks, no trailing junk, no NaN or infinity.  Return false
 * otherwise and leave *out alone.
 */
bool	parse_double(const char *s, double *out);
bool	parse_u64(const char *s, uint64_t *out);

/*
 * Parse a size in bytes: a whole number with an optional suffix k, M or G
 * (either case) for 1024, 1024^2 or 1024^3 ("64M").  Strict as above.
 */
bool	parse_size_bytes(const char *s, uint64_t *out);

/*
 * Parse a duration: a non-negative decimal number with an optional unit
 * s, m, h, d, w or y ("90m", "4.5d", "1y"); a bare number is seconds.  A
 * year is the Julian year of SECONDS_PER_YEAR (365.25 days).  Several
 * terms, each with a unit smaller than the last, add up, with or without
 * one space between them: "4d12h", "1h30m", "4d 12h", as
 * format_duration prints them.
 */
bool	parse_duration_s(const char *s, double *out_s);

/*
 * Parse a percentage "99.5" or "99.5%" into a fraction 0.995.  The range
 * is the caller's to check.
 */
bool	parse_percent_frac(const char *s, double *out_frac);
bool	parse_percent(const char *s, double *out_pct);	/* "99.5%" -> 99.5 */

/*
 * Write a duration for people: "4d 12h", "15h 50m", "6m 24s", "0s".
 * Shows the two largest non-zero units.  Returns buf.
 */
char	*format_duration(double s, char *buf, size_t size);

/*
 * A Unix time as RFC 3339 UTC: "2026-12-02T06:56:05Z", with milliseconds
 * when it is not a whole second ("...:05.275Z"); "" for a time before
 * 1970 or past year 9999.  Returns buf (at least 32 bytes).
 */
char	*format_rfc3339(double unix_s, char *buf, size_t size);

/* Seconds on the monotonic clock, for timeouts and pacing. */
double	util_mono_s(void);

/* Largest x with x*x <= n (the spec's integer_squareroot).  Pure. */
uint64_t util_isqrt(uint64_t n);

/* Whether v is in the sorted array a of n values.  Pure. */
bool	util_sorted_has(const uint64_t *a, size_t n, uint64_t v);

/* Levenshtein distance between two short strings.  Pure. */
size_t	util_edit_distance(const char *a, const char *b);

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define SECONDS_PER_DAY		86400.0
#define SECONDS_PER_YEAR	(365.25 * SECONDS_PER_DAY)	/* Julian year */

#endif
