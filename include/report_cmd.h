#ifndef UC_REPORT_CMD_H
#define UC_REPORT_CMD_H

/*
 * The report command's shared state, split over three files: cmd_report.c
 * (options, the run, --follow, the output file), report_fetch.c (the node,
 * the validators, the range, fetching rewards and proposals into the store)
 * and report_print.c (the summary and per-epoch tables).
 */
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "beacon.h"
#include "cmd.h"
#include "json_decode.h"
#include "outfile.h"
#include "report.h"
#include "rewards_pack.h"
#include "store.h"
#include "store_pack.h"
#include "vlist.h"
#include "workers.h"

/*
 * A validators file may hold the VLIST_MAX validators as pubkeys, one a
 * line with a comment beside each (about 100 MB); longer is not a list.
 */
#define REP_VALIDATORS_FILE_MAX	((size_t)128 << 20)

/* Set by SIGINT and SIGTERM: every loop of the run checks it. */
extern volatile sig_atomic_t report_stop;

struct rep {
	struct cmd_common co;
	const struct chain *chain;
	/* options */
	const char	*url;
	char		**headers;
	size_t		 nheaders;
	struct vlist	 vl;			/* validators as given */
	char		**items;		/* the same, sorted, one a string */
	size_t		 nitems;
	uint64_t	 epochs_opt, from_opt, to_opt;
	double		 days_opt;
	bool		 has_epochs, has_days, has_from, has_to;
	const char	*windows_opt;
	double		 slo_pct;
	bool		 per_epoch, follow;
	const char	*store_path;
	const char	*output_path;
	int		 concurrency, retries;
	double		 timeout_s;
	uint64_t	 max_response_bytes;	/* --max-response; 0: the caps alone */
	/* node */
	struct beacon	*b;
	struct jd_genesis gen;
	struct jd_timing tim;
	uint64_t	 head_epoch;
	uint64_t	 head_slot;
	/* validators, sorted by index */
	struct watched	*vals;
	size_t		 n;
	uint64_t	*idx;
	char		*body;			/* ["i","j",...] for the rewards POSTs */
	uint64_t	 set_fp;		/* store_fingerprint(idx, n) */
	/* range and fetching */
	uint64_t	 from, to;
	struct store	*st;
	uint64_t	 cursor;		/* next epoch to consider fetching */
	uint64_t	 want, fetched;
	uint64_t	*unserved;		/* epochs the node no longer holds */
	size_t		 nunserved;
	char		 unserved_msg[240];
	bool		 warned_decimal;
	double		 t0, last_progress;
	struct epoch_result er;		/* the main thread's scratch */
	struct epoch_except ex;		/* the same for summaries; shares er.v */
	struct workers	*pool;		/* decodes and stores responses */
	int		 threads;
	uint64_t	 rolling_epochs;	/* the per-epoch trailing window */
	/*
	 * Summary mode adds each epoch as it is decoded (its sums do not care
	 * about order), so printing re-reads only what was stored before.
	 */
	struct report	*agg;
	uint8_t		*agg_done;		/* a bit per epoch of the range */
	struct epoch_except agg_ex;		/* the pool's scratch, under its lock */
	struct rwindow	*win;			/* --window, parsed once */
	size_t		 nwin;
	FILE		*out;			/* stdout, or of.fp with --output */
	struct outfile	 of;
};

/* report_fetch.c */
double	rep_mono_s(void);
int	rep_get_json(struct rep *r, const char *method, const char *path, char *body,
	    struct beacon_req *req);
int	rep_node_info(struct rep *r);
double	rep_epoch_s(const struct rep *r);
/* --validators and --validators-file into r->vl; one-line errors. */
int	rep_add_items(struct rep *r, const char *text, const char *where);
int	rep_read_validators_file(struct rep *r, const char *path);
/* The validators given, sorted and without duplicates, into r->items. */
void	rep_take_items(struct rep *r);
int	rep_resolve(struct rep *r);
int	rep_choose_range(struct rep *r);
int	rep_fetch_missing(struct rep *r);
void	rep_say_unserved(struct rep *r);
bool	rep_settled(const struct rep *r, const struct proposal *p, size_t n);
/* UC_OK, or UC_EPROTO (said) after an answer over its cap. */
int	rep_fetch_proposals(struct rep *r, uint64_t from, uint64_t to,
	    uint64_t head_slot);

/* report_print.c */
int	rep_agg_begin(struct rep *r);
/* Add (summary) or check (per epoch) what the store holds of the range. */
int	rep_agg_stored(struct rep *r);
int	rep_check_stored(struct rep *r);
int	rep_store_epoch(struct rep *r, const struct store_pack *p);
void	rep_agg_end(struct rep *r);
/* Parse --window into r->win (needs the node's epoch length and the range). */
int	rep_parse_windows(struct rep *r);
int	rep_print(struct rep *r, FILE *fp);
extern const struct ocol rep_epoch_cols[];
extern const size_t rep_nepoch_cols;
struct rowsink {
	struct otable	*t;
	enum ofmt	 fmt;
	FILE		*fp;
};
void	rep_epoch_row(void *ctx, const struct epoch_row *row);

#endif
