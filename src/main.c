/*
 * uptimecalc: what validator uptime is worth, per chain.  main() parses the
 * options before the command, dispatches through cmds[], and turns the
 * returned status into the exit status.  Only main() exits.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "cmd.h"
#include "diag.h"

static const struct cmd {
	const char	*name;
	int		(*run)(int argc, char **argv, const struct uc_opts *);
	const char	*summary;
} cmds[] = {
	{ "alerts",	cmd_alerts,	"Prometheus alert rules for an SLO, the break-even and the chain" },
	{ "breakeven",	cmd_breakeven,	"the uptime at which a validator stops paying for itself" },
	{ "budget",	cmd_budget,	"the downtime an SLO leaves, and what spending it costs" },
	{ "chains",	cmd_chains,	"list the chains in the network table, or show one" },
	{ "ha",		cmd_ha,		"what a redundancy design buys in uptime and risks in slashing" },
	{ "penalty",	cmd_penalty,	"what a stretch of downtime costs" },
	{ "report",	cmd_report,	"uptime, effectiveness and SLO budget from a beacon node" },
};

static void
usage(FILE *fp)
{
	size_t i;

	fprintf(fp, "usage: uptimecalc [--data FILE] COMMAND [OPTIONS]\n"
	    "       uptimecalc -h | --help | -V | --version\n\ncommands:\n");
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(fp, "  %-10s %s\n", cmds[i].name, cmds[i].summary);
	fprintf(fp, "\n'uptimecalc COMMAND --help' shows a command's options.\n");
}

/*
 * A full disk is an error, not a short answer, whatever the command
 * returned: a partial report (75) or a JSON document cut short is still
 * exit 74.  Commands leave standard output's failures to this one place,
 * so each is said once.
 */
static int
finish(int rc)
{
	int err = 0;

	errno = 0;
	if (fflush(stdout) != 0)
		err = errno;
	if (err == 0 && !ferror(stdout))
		return rc;
	/*
	 * A write failed earlier, inside a long fputs, and stdio kept no
	 * errno: write once more to learn why.  The output is broken already;
	 * a newline more cannot make it worse.
	 */
	if (err == 0) {
		clearerr(stdout);
		errno = 0;
		if (fputc('\n', stdout) == EOF || fflush(stdout) != 0)
			err = errno;
	}
	if (err)
		return diag_error(UC_EIO, "write failure on standard output: %s",
		    strerror(err));
	return diag_error(UC_EIO, "write failure on standard output");
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "data",    required_argument, NULL, 'D' },
		{ "help",    no_argument,       NULL, 'h' },
		{ "version", no_argument,       NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct uc_opts g = { NULL, argv[0] };
	int c;
	size_t i;

	/* GSL's default handler calls abort(); statuses are checked instead. */
	gsl_set_error_handler_off();
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:hV", opts, NULL)) != -1) {
		switch (c) {
		case 'D':
			g.data = optarg;
			break;
		case 'h':
			usage(stdout);
			return finish(UC_OK);
		case 'V':
			printf("uptimecalc %s\n", VERSION);
			return finish(UC_OK);
		case ':':
			return diag_error(UC_EUSAGE, "option '%s' needs a value "
			    "(see 'uptimecalc --help')", argv[optind - 1]);
		default:
			return diag_error(UC_EUSAGE, "unknown option '%s' "
			    "(see 'uptimecalc --help')", argv[optind - 1]);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0)
		return diag_error(UC_EUSAGE, "no command given (see 'uptimecalc --help')");
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (strcmp(argv[0], cmds[i].name) == 0)
			break;
	if (i == sizeof(cmds) / sizeof(cmds[0]))
		return diag_error(UC_EUSAGE, "unknown command '%s' "
		    "(see 'uptimecalc --help')", argv[0]);
	return finish(cmds[i].run(argc, argv, &g));
}
