/*
 * Made-up epochs for the report and store tests, packed the way a report
 * packs a node's rewards response: through rewards_pack, the code
 * users run, into a store record.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "report.h"
#include "store.h"
#include "unit.h"
#include "util.h"

int
unit_pack(uint64_t epoch, const struct jd_ideal *ideal, size_t nideal,
    const struct watched *w, const struct unit_vote *v, size_t n, struct store_pack *p)
{
	struct jd_att_rewards rw;
	uint64_t *idx = xcalloc(n + 1, sizeof(*idx));
	size_t i;
	int b;

	memset(&rw, 0, sizeof(rw));
	rw.ideal = xcalloc(nideal + 1, sizeof(*rw.ideal));
	memcpy(rw.ideal, ideal, nideal * sizeof(*ideal));
	rw.nideal = nideal;
	rw.total = xcalloc(n + 1, sizeof(*rw.total));
	for (i = 0; i < n; i++) {
		idx[i] = w[i].index;
		if (v[i].present)
			rw.total[rw.ntotal++] = (struct jd_reward){ w[i].index, v[i].head,
			    v[i].target, v[i].source, v[i].inactivity };
	}
	rw.total_in_order = true;
	b = rewards_pack(epoch, &rw, w, n, store_fingerprint(idx, n), "test", p);
	jd_att_rewards_release(&rw);
	free(idx);
	return b;
}

char *
unit_fixture(const char *name, size_t *len)
{
	char path[512], buf[8192];
	struct strbuf sb;
	FILE *fp;
	size_t n;

	snprintf(path, sizeof(path), "tests/fixtures/lodestar-v1.22-devnet/%s", name);
	strbuf_init(&sb);
	if ((fp = fopen(path, "rb")) == NULL) {
		/* A fixture that is not there is a failure, not an empty body. */
		CHECK(!"fixture missing");
		fprintf(stderr, "  cannot read %s\n", path);
	} else {
		while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
			strbuf_add(&sb, buf, n);
		fclose(fp);
	}
	*len = sb.len;
	return sb.buf ? sb.buf : xstrdup("");
}

void
unit_tmp_store(char path[32])
{
	int fd;

	strcpy(path, "/tmp/uc-store-XXXXXX");
	fd = mkstemp(path);
	close(fd);
	unlink(path);
}
