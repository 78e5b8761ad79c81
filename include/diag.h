#ifndef UC_DIAG_H
#define UC_DIAG_H

/*
 * Status codes move up the stack and only main() turns them into the exit
 * status.  Values are sysexits(3); the man page's EXIT STATUS lists them.
 */
enum uc_status {
	UC_OK		= 0,
	UC_VERDICT	= 1,	/* the question has no answer: no break-even exists */
	UC_EUSAGE	= 64,	/* bad option, value, operand or chain name */
	UC_EDATA	= 65,	/* malformed network table */
	UC_ENOINPUT	= 66,	/* network table not readable */
	UC_EUNAVAIL	= 69,	/* beacon node unreachable, HTTP 5xx */
	UC_ESOFTWARE	= 70,	/* internal error */
	UC_EOSERR	= 71,	/* out of memory */
	UC_EIO		= 74,	/* writing the output failed */
	UC_ETEMPFAIL	= 75,	/* timeout; a retry may work */
	UC_EPROTO	= 76,	/* beacon answered, but not per the API */
	UC_ENOPERM	= 77,	/* beacon refused: authentication (401, 403) */
};

/*
 * Print "uptimecalc: <message>" as one line on stderr and return status, so
 * callers write "return diag_error(UC_EUSAGE, ...)".
 */
int	diag_error(enum uc_status status, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* Print "uptimecalc: warning: <message>" on stderr. */
void	diag_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
