/*
 * Replays a fuzz harness's inputs without libFuzzer, so that any compiler
 * (the gcc of make check, with or without sanitizers) runs every committed
 * corpus entry and every crash ever found.  Arguments are files or
 * directories of files.  Prints one PASS line with the count, or dies the
 * way the harness does on the input that breaks it.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static long replayed;

static void
replay_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (fp == NULL) {
		fprintf(stderr, "replay: cannot read %s\n", path);
		exit(2);
	}
	do {
		if (len == cap && (buf = realloc(buf, cap = cap ? 2 * cap : 4096)) == NULL)
			exit(2);
		n = fread(buf + len, 1, cap - len, fp);
		len += n;
	} while (n > 0);
	fclose(fp);
	/* libFuzzer hands over exactly size bytes: a copy of that size, so
	 * that a read past the end is one the sanitizers see. */
	{
		uint8_t *exact = malloc(len ? len : 1);

		if (exact == NULL)
			exit(2);
		memcpy(exact, buf, len);
		free(buf);
		LLVMFuzzerTestOneInput(exact, len);
		free(exact);
	}
	replayed++;
}

static void
replay(const char *path)
{
	struct stat st;
	struct dirent *de;
	DIR *d;

	if (stat(path, &st) != 0) {
		fprintf(stderr, "replay: no such file %s\n", path);
		exit(2);
	}
	if (!S_ISDIR(st.st_mode)) {
		replay_file(path);
		return;
	}
	if ((d = opendir(path)) == NULL)
		exit(2);
	while ((de = readdir(d)) != NULL) {
		char sub[4096];

		if (de->d_name[0] == '.')
			continue;		/* ., .. and .gitkeep */
		snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name);
		replay(sub);
	}
	closedir(d);
}

int
main(int argc, char **argv)
{
	int i;

	for (i = 2; i < argc; i++)
		replay(argv[i]);
	if (replayed == 0) {
		printf("FAIL fuzz replay %s: no input\n", argv[1]);
		return 1;
	}
	printf("PASS fuzz replay %s: %ld inputs\n", argv[1], replayed);
	return 0;
}
