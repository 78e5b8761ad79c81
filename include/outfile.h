#ifndef UC_OUTFILE_H
#define UC_OUTFILE_H

#include <stdbool.h>
#include <stdio.h>

/*
 * An output file that never ends up half written: a regular file, or a
 * name not yet taken, is written to a temporary file beside it and
 * renamed into place when complete.  A symlink stays a link: its target
 * is what gets replaced.  A device, FIFO or socket, and /dev/stdout and
 * its kin, are written in place, with no temporary file and no rename.
 */
struct outfile {
	FILE	*fp;		/* write here between open and close */
	char	*path;		/* as given: messages name it */
	char	*target;	/* where the bytes land: path, its symlinks followed */
	char	*tmp;		/* written aside, renamed to target; NULL in place */
};

/*
 * Open path for writing.  Returns UC_OK, or UC_EIO after one line on
 * stderr (a directory, an unwritable place, a symlink loop).
 */
int	outfile_open(struct outfile *o, const char *path);

/*
 * Finish: with keep, put the file in place (rename the temporary file
 * onto the target); without, leave the target as it was.  A failed
 * write, flush, sync, close or rename is UC_EIO after one line on
 * stderr, and the target is left as it was.  Frees what open took; safe
 * on an outfile that was never opened (all zero).
 */
int	outfile_close(struct outfile *o, bool keep);

#endif
