/*
 * chains: list the network table, or show one chain's parameters with the
 * sources they were taken from.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "diag.h"
#include "downtime.h"
#include "econ.h"
#include "util.h"

static const char usage[] =
    "chains [--data FILE] [--format table|csv|json] [NAME]";
static const char help[] =
    "List the chains in the network table, or show every parameter of one\n"
    "chain with its source and confidence.\n"
    "\n"
    "  NAME                      the chain to show (e.g. ethereum, cosmoshub)\n"
    CMD_COMMON_HELP;

static const struct ocol list_cols[] = {
	{ "chain",			"chain",	OT_STR },
	{ "family",			"family",	OT_STR },
	{ "status",			"status",	OT_STR },
	{ "currency",			"currency",	OT_STR },
	{ "penalty_model",		"penalty model", OT_STR },
	{ "typical_apr_frac",		NULL,		OT_FRAC },
	{ "apr_frac",			"APR used",	OT_FRAC },
	{ "max_tolerated_downtime_s",	"penalty-free outage", OT_SECONDS },
	{ "confidence",			"confidence",	OT_STR },
	{ "source",			"source",	OT_STR },
};

/*
 * What the models make of a chain's row at its defaults: the reward rate
 * they use (derived from the total stake on Ethereum-family chains, a
 * 2-week stake's on Avalanche) and the penalty-free outage.  NAN where
 * the row does not give them; never a message.
 */
static void
model_view(const struct chain *c, double *apr, double *free_s)
{
	struct econ_in in = { c, NAN, NAN, NAN, NAN, 0 };
	struct econ e;

	*apr = *free_s = NAN;
	if (c->model == PM_ETH_BEACON && isnan(c->typical_total_stake_native)) {
		*free_s = 0;	/* every missed epoch costs, at any total stake */
		return;
	}
	if (econ_init(&e, &in) != UC_OK)
		return;
	*apr = e.period_apr_frac;
	*free_s = downtime_free_s(&e);
}

static int
list(struct cmd_common *co)
{
	struct otable t;
	size_t i, ncols = NELEM(list_cols);
	int rc;

	/* People read sources one chain at a time: 'chains NAME'. */
	if (co->fmt == OFMT_TABLE)
		ncols--;
	output_init(&t, list_cols, ncols, false);
	for (i = 0; i < co->tab.n; i++) {
		const struct chain *c = &co->tab.chains[i];
		double apr, free_s;

		model_view(c, &apr, &free_s);
		output_row(&t);
		output_str(&t, "chain", c->name);
		output_str(&t, "family", c->family);
		output_str(&t, "status", c->status);
		output_str(&t, "currency", c->currency);
		output_str(&t, "penalty_model", c->penalty_model_name);
		output_num(&t, "typical_apr_frac", c->typical_apr_frac);
		output_num(&t, "apr_frac", apr);
		output_num(&t, "max_tolerated_downtime_s", free_s);
		output_str(&t, "confidence", c->confidence);
		if (ncols == NELEM(list_cols))
			output_str(&t, "source", c->source);
	}
	output_note(&t, "APR used: the rate the models use at the chain's minimum "
	    "stake: derived from the total stake on Ethereum-family chains, a "
	    "2-week stake's on Avalanche, else the table's typical_apr");
	output_note(&t, "penalty-free outage: the longest outage before a jail, "
	    "kickout, forfeited period or cut reward; 0 where rewards are lost "
	    "from the first missed duty");
	rc = output_print(&t, co->fmt, stdout);
	output_release(&t);
	return rc;
}

static int
show(struct cmd_common *co, const struct chain *c)
{
	size_t i, n = chaintab_ncolumns();
	struct ocol *cols = xcalloc(n, sizeof(*cols));
	struct otable t;
	int rc;

	for (i = 0; i < n; i++) {
		cols[i].name = cols[i].label = chaintab_column_name(i);
		cols[i].type = chaintab_column_is_number(i) ? OT_NUM : OT_STR;
	}
	output_init(&t, cols, n, true);
	output_row(&t);
	for (i = 0; i < n; i++) {
		char *v = chaintab_cell(c, i);
		double d;

		if (cols[i].type == OT_NUM)
			output_num(&t, cols[i].name, v[0] && parse_double(v, &d) ? d : NAN);
		else
			output_str(&t, cols[i].name, v[0] ? v : NULL);
		free(v);
	}
	output_note(&t, "read from %s line %zu", co->tab.path, c->line);
	rc = output_print(&t, co->fmt, stdout);
	output_release(&t);
	free(cols);
	return rc;
}

int
cmd_chains(int argc, char **argv, const struct uc_opts *g)
{
	static const struct option opts[] = { CMD_COMMON_OPTS, { NULL, 0, NULL, 0 } };
	struct cmd_common co;
	const struct chain *c = NULL;
	int ch, rc = UC_OK;

	cmd_common_init(&co, "chains", usage, help, g);
	while (rc == UC_OK && (ch = cmd_getopt(&co, argc, argv, opts)) != -1) {
		if (ch == 'c')
			rc = cmd_usage_error(&co, "'--chain' does not apply here; give "
			    "the chain NAME as an argument");
		else
			rc = cmd_shared_opt(&co, ch, optarg, argv, NULL);
	}
	if (rc != UC_OK || co.help_shown)
		goto out;
	if (argc - optind > 1) {
		rc = cmd_usage_error(&co, "unexpected argument '%s'", argv[optind + 1]);
		goto out;
	}
	if ((rc = cmd_load(&co, g, NULL)) != UC_OK)
		goto out;
	if (argc - optind == 1 &&
	    (rc = chaintab_lookup(&co.tab, argv[optind], &c)) != UC_OK)
		goto out;
	rc = c ? show(&co, c) : list(&co);
out:
	cmd_common_release(&co);
	return rc;
}
