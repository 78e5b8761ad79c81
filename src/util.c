/*
 * Allocation that dies on exhaustion, a string buffer, and strict parsers
 * for the numbers and durations users type.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "util.h"

static void
oom(size_t n)
{
	diag_error(UC_EOSERR, "out of memory allocating %zu bytes", n);
	exit(UC_EOSERR);
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		oom(n);
	return p;
}

void *
xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (p == NULL)
		oom(nmemb * size);
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL)
		oom(n);
	return q;
}

char *
xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(xmalloc(n), s, n);
}

void
strbuf_init(struct strbuf *sb)
{
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}

void
strbuf_release(struct strbuf *sb)
{
	free(sb->buf);
	strbuf_init(sb);
}

static void
grow(struct strbuf *sb, size_t extra)
{
	size_t need = sb->len + extra + 1;

	if (need <= sb->cap)
		return;
	sb->cap = sb->cap ? sb->cap : 64;
	while (sb->cap < need)
		sb->cap *= 2;
	sb->buf = xrealloc(sb->buf, sb->cap);
}

void
strbuf_add(struct strbuf *sb, const void *p, size_t n)
{
	grow(sb, n);
	memcpy(sb->buf + sb->len, p, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void
strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	grow(sb, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
}

int
util_read_text(const char *path, const char *what, size_t max_bytes,
    struct strbuf *sb)
{
	bool in = strcmp(path, "-") == 0;
	const char *name = in ? "standard input" : path;
	char buf[65536], *nul;
	struct stat st;
	ssize_t n;
	int fd, rc = UC_OK;

	strbuf_init(sb);
	if ((fd = in ? STDIN_FILENO : open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC)) < 0)
		return diag_error(UC_ENOINPUT, "cannot read %s '%s': %s", what, name,
		    strerror(errno));
	strbuf_add(sb, "", 0);		/* an empty file is "", not NULL */
	/* A directory reads as nothing on some systems: say what it is. */
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		rc = diag_error(UC_ENOINPUT, "cannot read %s '%s': %s", what, name,
		    strerror(EISDIR));
		goto out;
	}
	for (;;) {
		/* One byte past the limit tells a long file from a full one. */
		size_t want = max_bytes + 1 - sb->len;

		if ((n = read(fd, buf, want < sizeof(buf) ? want : sizeof(buf))) < 0) {
			if (errno == EINTR)
				continue;
			rc = diag_error(UC_ENOINPUT, "cannot read %s '%s': %s", what,
			    name, strerror(errno));
			break;
		}
		if (n == 0)
			break;
		/* /dev/zero and binaries end here, at their first chunk. */
		if ((nul = memchr(buf, '\0', (size_t)n)) != NULL) {
			rc = diag_error(UC_EDATA, "%s '%s' is not a text file (a NUL "
			    "byte at offset %zu)", what, name, sb->len + (size_t)(nul - buf));
			break;
		}
		strbuf_add(sb, buf, (size_t)n);
		if (sb->len > max_bytes) {
			rc = diag_error(UC_EDATA, "%s '%s' is longer than %zu %s", what,
			    name, max_bytes % (1 << 20) == 0 ? max_bytes >> 20 : max_bytes,
			    max_bytes % (1 << 20) == 0 ? "MiB" : "bytes");
			break;
		}
	}
out:
	if (!in)
		close(fd);
	if (rc != UC_OK)
		strbuf_release(sb);
	return rc;
}

/* Reject what strtod accepts but a user never means: blanks, hex, inf, nan. */
static bool
plain_decimal(const char *s)
{
	const char *p = s;

	if (*p == '+' || *p == '-')
		p++;
	if (!isdigit((unsigned char)*p) && !(*p == '.' && isdigit((unsigned char)p[1])))
		return false;
	for (; *p; p++)
		if (!isdigit((unsigned char)*p) && *p != '.' && *p != 'e' &&
		    *p != 'E' && *p != '+' && *p != '-')
			return false;
	return true;
}

bool
parse_double(const char *s, double *out)
{
	char *end;
	double v;

	if (s == NULL || !plain_decimal(s))
		return false;
	errno = 0;
	v = strtod(s, &end);
	if (end == s || *end != '\0' || errno == ERANGE || !isfinite(v))
		return false;
	*out = v;
	return true;
}

bool
parse_u64(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (s == NULL || !isdigit((unsigned char)*s))
		return false;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (*end != '\0' || errno == ERANGE)
		return false;
	*out = v;
	return true;
}

bool
parse_size_bytes(const char *s, uint64_t *out)
{
	static const char units[] = "kmg";
	char num[32];
	const char *u;
	size_t n;
	uint64_t v, mult = 1;

	if (s == NULL || (n = strlen(s)) == 0 || n >= sizeof(num))
		return false;
	memcpy(num, s, n + 1);
	if ((u = strchr(units, tolower((unsigned char)num[n - 1]))) != NULL) {
		mult = (uint64_t)1 << (10 * (u - units + 1));
		num[--n] = '\0';
	}
	if (!parse_u64(num, &v) || v > UINT64_MAX / mult)
		return false;
	*out = v * mult;
	return true;
}

static const struct { char unit; double s; } duration_units[] = {
	{ 'y', SECONDS_PER_YEAR }, { 'w', 7 * 86400 }, { 'd', 86400 },
	{ 'h', 3600 }, { 'm', 60 }, { 's', 1 },
};

/* One term: a number with an optional unit (a bare number is seconds). */
static bool
duration_term(const char *s, size_t n, double *out_s, size_t *unit)
{
	char num[64];
	double v, mult = 1;

	if (n == 0 || n >= sizeof(num))
		return false;
	memcpy(num, s, n);
	num[n] = '\0';
	*unit = NELEM(duration_units);
	if (isalpha((unsigned char)num[n - 1])) {
		size_t i;

		for (i = 0; i < NELEM(duration_units); i++)
			if (duration_units[i].unit == num[n - 1])
				break;
		if (i == NELEM(duration_units))
			return false;
		mult = duration_units[i].s;
		*unit = i;
		num[n - 1] = '\0';
	}
	if (!parse_double(num, &v) || v < 0 || num[0] == '-' || num[0] == '+')
		return false;
	*out_s = v * mult;
	return isfinite(*out_s);
}

bool
parse_duration_s(const char *s, double *out_s)
{
	double total = 0, v;
	size_t n, prev = SIZE_MAX, unit, terms = 0;

	if (s == NULL || *s == '\0' || strlen(s) >= 256)
		return false;
	/*
	 * Terms from the largest unit down, as the tool prints them:
	 * "4d 12h", "4d12h", "1h30m".  One term may be a bare number.
	 */
	while (*s != '\0') {
		for (n = 0; s[n] != '\0' && s[n] != ' '; n++)
			if (n > 0 && isalpha((unsigned char)s[n - 1]) &&
			    !isalpha((unsigned char)s[n]) && s[n - 1] != 'e')
				break;
		if (!duration_term(s, n, &v, &unit))
			return false;
		/* Every term of several has a unit, each smaller than the last. */
		if (terms > 0 && (unit == NELEM(duration_units) ||
		    prev == NELEM(duration_units) || unit <= prev))
			return false;
		total += v;
		prev = unit;
		terms++;
		s += n;
		if (*s == ' ') {
			s++;
			if (*s == '\0' || *s == ' ')
				return false;
		}
	}
	if (!isfinite(total))
		return false;
	*out_s = total;
	return true;
}

bool
parse_percent(const char *s, double *out_pct)
{
	char num[64];
	size_t n;

	if (s == NULL || (n = strlen(s)) == 0 || n >= sizeof(num))
		return false;
	memcpy(num, s, n + 1);
	if (num[n - 1] == '%')
		num[n - 1] = '\0';
	return parse_double(num, out_pct);
}

bool
parse_percent_frac(const char *s, double *out_frac)
{
	double pct;

	if (!parse_percent(s, &pct))
		return false;
	*out_frac = pct / 100;
	return true;
}

char *
format_duration(double s, char *buf, size_t size)
{
	static const struct { const char *name; double s; } units[] = {
		{ "d", 86400 }, { "h", 3600 }, { "m", 60 }, { "s", 1 },
	};
	double left = floor(s + 0.5);
	size_t i, shown = 0, used = 0;

	buf[0] = '\0';
	if (!isfinite(s) || s < 0) {
		snprintf(buf, size, "-");
		return buf;
	}
	for (i = 0; i < NELEM(units) && shown < 2; i++) {
		double q = floor(left / units[i].s);

		if (q < 1) {
			if (shown)
				shown++;	/* "1d 0h 5m" reads worse than "1d" */
			continue;
		}
		left -= q * units[i].s;
		used += (size_t)snprintf(buf + used, used < size ? size - used : 0,
		    "%s%.0f%s", shown ? " " : "", q, units[i].name);
		shown++;
	}
	if (buf[0] == '\0')
		snprintf(buf, size, "0s");
	return buf;
}

char *
format_rfc3339(double unix_s, char *buf, size_t size)
{
	double whole = floor(unix_s), ms = floor((unix_s - whole) * 1000 + 0.5);
	time_t t;
	struct tm tm;
	size_t n;

	buf[0] = '\0';
	if (ms >= 1000) {
		whole += 1;
		ms = 0;
	}
	/* 253402300799 is 9999-12-31T23:59:59Z: four-digit years only. */
	if (!(whole >= 0 && whole <= 253402300799.0))
		return buf;
	t = (time_t)whole;
	if (gmtime_r(&t, &tm) == NULL)
		return buf;
	n = strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm);
	if (n == 0) {
		buf[0] = '\0';
		return buf;
	}
	if (ms > 0)
		snprintf(buf + n, size - n, ".%03dZ", (int)ms);
	else
		snprintf(buf + n, size - n, "Z");
	return buf;
}

double
util_mono_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

uint64_t
util_isqrt(uint64_t n)
{
	uint64_t x = (uint64_t)sqrtl((long double)n);

	/* sqrtl may be off by one either way near 2^64: settle it exactly. */
	while (x > 0 && (x > UINT32_MAX || x * x > n))
		x--;
	while (x < UINT32_MAX && (x + 1) * (x + 1) <= n)
		x++;
	return x;
}

bool
util_sorted_has(const uint64_t *a, size_t n, uint64_t v)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (a[mid] == v)
			return true;
		if (a[mid] < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

size_t
util_edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t *row = xcalloc(lb + 1, sizeof(*row)), d;

	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	d = row[lb];
	free(row);
	return d;
}
