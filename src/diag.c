/*
 * One-line diagnostics on stderr.  Messages are lowercase, name the problem
 * first and carry no final full stop.
 */
#include <stdarg.h>
#include <stdio.h>

#include "diag.h"

static void
vsay(const char *prefix, const char *fmt, va_list ap)
{
	fflush(stdout);
	fprintf(stderr, "uptimecalc: %s", prefix);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

int
diag_error(enum uc_status status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay("", fmt, ap);
	va_end(ap);
	return status;
}

void
diag_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay("warning: ", fmt, ap);
	va_end(ap);
}
