/*
 * Output files written whole or not at all, where that makes sense: a
 * regular file is written aside and renamed over the target, which is
 * atomic within one directory.  What is not a regular file (/dev/null, a
 * FIFO, a terminal) cannot be renamed over without replacing it by a
 * regular file, so it is written in place.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "outfile.h"
#include "util.h"

#define MAX_LINK_HOPS	40	/* Linux's own limit on a path's symlinks */

/* The directory part of path ("." for a bare name).  Caller frees. */
static char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *d;

	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	d = xmalloc((size_t)(slash - path) + 1);
	memcpy(d, path, (size_t)(slash - path));
	d[slash - path] = '\0';
	return d;
}

/*
 * Whether path lies in /proc, as /dev/stdout (-> /proc/self/fd/1) and
 * /dev/fd/N do.  Their "links" name the open file of a descriptor, which
 * for a pipe is no path at all ("pipe:[1234]"), and for a file the
 * shell opened with >> must not be replaced: they are written in place.
 */
static bool
in_proc(const char *path)
{
	char *dir = dir_of(path), *real = realpath(dir, NULL);
	bool yes = real != NULL && strncmp(real, "/proc/", 6) == 0;

	free(dir);
	free(real);
	return yes;
}

/*
 * Follow the symlinks of path's last component, as open() would, and
 * return where they end (which need not exist).  NULL with errno set on a
 * loop or an unreadable link.  Caller frees.
 */
static char *
resolve(const char *path, bool *magic)
{
	char *cur = xstrdup(path), link[PATH_MAX];
	struct stat st;
	int hops;

	*magic = false;
	for (hops = 0;; hops++) {
		char *dir, *next;
		ssize_t n;

		if (in_proc(cur)) {
			*magic = true;
			return cur;
		}
		if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode))
			return cur;
		if (hops == MAX_LINK_HOPS ||
		    (n = readlink(cur, link, sizeof(link) - 1)) < 0) {
			if (hops == MAX_LINK_HOPS)
				errno = ELOOP;
			free(cur);
			return NULL;
		}
		link[n] = '\0';
		if (link[0] == '/') {
			next = xstrdup(link);
		} else {
			/* A relative link is relative to the link's directory. */
			dir = dir_of(cur);
			next = xmalloc(strlen(dir) + strlen(link) + 2);
			sprintf(next, "%s/%s", dir, link);
			free(dir);
		}
		free(cur);
		cur = next;
	}
}

static int
open_error(struct outfile *o, const char *what, int err)
{
	diag_error(UC_EIO, "cannot write '%s'%s%s: %s", o->path, what[0] ? ": " : "",
	    what, strerror(err));
	free(o->path);
	free(o->target);
	free(o->tmp);
	memset(o, 0, sizeof(*o));
	return UC_EIO;
}

/* A new file beside the target, O_EXCL: never another's file or link. */
static int
create_aside(struct outfile *o, const struct stat *old)
{
	long pid = (long)getpid();
	int fd = -1, i;

	for (i = 0; i < 100 && fd < 0; i++) {
		free(o->tmp);
		o->tmp = xmalloc(strlen(o->target) + 48);
		if (i == 0)
			sprintf(o->tmp, "%s.%ld.tmp", o->target, pid);
		else
			sprintf(o->tmp, "%s.%ld-%d.tmp", o->target, pid, i);
		fd = open(o->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOCTTY | O_CLOEXEC, 0666);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	if (fd < 0)
		return -1;
	/* A replaced file keeps its permissions; a new one gets the umask's. */
	if (old != NULL)
		(void)fchmod(fd, old->st_mode & 07777);
	return fd;
}

int
outfile_open(struct outfile *o, const char *path)
{
	struct stat st;
	bool magic, exists;
	int fd, err;

	memset(o, 0, sizeof(*o));
	o->path = xstrdup(path);
	if ((o->target = resolve(path, &magic)) == NULL)
		return open_error(o, "", errno);
	exists = stat(o->target, &st) == 0;
	if (!exists && errno != ENOENT)
		return open_error(o, "", errno);
	if (exists && S_ISDIR(st.st_mode))
		return open_error(o, "", EISDIR);
	if (exists && (magic || !S_ISREG(st.st_mode))) {
		/*
		 * In place.  A regular file reached through /proc is one the
		 * shell opened for us: append, so that >> keeps what it had.
		 */
		fd = open(o->target, O_WRONLY | O_NOCTTY | O_CLOEXEC |
		    (S_ISREG(st.st_mode) ? O_APPEND : 0));
		if (fd < 0)
			return open_error(o, "", errno);
	} else if ((fd = create_aside(o, exists ? &st : NULL)) < 0) {
		char *dir = dir_of(o->target), what[PATH_MAX + 64];

		err = errno;
		snprintf(what, sizeof(what), "cannot create a file in '%s'", dir);
		free(dir);
		return open_error(o, what, err);
	}
	if ((o->fp = fdopen(fd, "w")) == NULL) {
		err = errno;
		close(fd);
		if (o->tmp)
			unlink(o->tmp);
		return open_error(o, "", err);
	}
	return UC_OK;
}

int
outfile_close(struct outfile *o, bool keep)
{
	int rc = UC_OK, err = 0;

	if (o->fp != NULL) {
		bool bad = ferror(o->fp) != 0;

		/* The first error is the one to name; later ones follow from it. */
		if (fflush(o->fp) != 0 && !err)
			err = errno;
		bad |= ferror(o->fp) != 0;
		/*
		 * A rename is atomic, the data under it need not be: sync the
		 * file first, so a crash leaves the old report or the new one.
		 */
		if (!bad && o->tmp != NULL && fsync(fileno(o->fp)) != 0 &&
		    errno != EINVAL && errno != EROFS) {
			err = errno;
			bad = true;
		}
		if (fclose(o->fp) != 0) {
			if (!err)
				err = errno;
			bad = true;
		}
		o->fp = NULL;
		if (bad) {
			if (err)
				rc = diag_error(UC_EIO, "write failure on '%s': %s", o->path,
				    strerror(err));
			else
				rc = diag_error(UC_EIO, "write failure on '%s'", o->path);
		}
	}
	if (o->tmp != NULL) {
		if (rc == UC_OK && keep && rename(o->tmp, o->target) != 0) {
			err = errno;
			rc = diag_error(UC_EIO, "cannot rename '%s' to '%s': %s", o->tmp,
			    o->target, strerror(err));
		}
		if (rc != UC_OK || !keep)
			unlink(o->tmp);
	}
	free(o->path);
	free(o->target);
	free(o->tmp);
	memset(o, 0, sizeof(*o));
	return rc;
}
