/*
 * Decode throughput of jd_att_rewards, the hot path of 'uptimecalc report':
 * one rewards body of N validators, written as tests/fakebeacon.py
 * --synthetic writes it (Python's json.dumps: ", " and ": " separators;
 * about 1 % target misses and 3 % head misses, the rest alike but for the
 * index), decoded R times.  Usage (from the top directory):
 *
 *	make bench/decode && ./bench/decode [N] [R]	default 10000 2000
 *
 * Prints one line: the body's size, the decodes, and MB/s and ns per entry
 * of the best of five rounds (the machine is shared: the best round is the
 * one least disturbed).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "diag.h"
#include "json_decode.h"
#include "util.h"

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
body(struct strbuf *sb, unsigned long n)
{
	unsigned long i, eb;

	strbuf_addf(sb, "{\"execution_optimistic\": false, \"finalized\": true, "
	    "\"data\": {\"ideal_rewards\": [");
	for (eb = 1; eb <= 32; eb++)
		strbuf_addf(sb, "%s{\"effective_balance\": \"%lu000000000\", \"head\": "
		    "\"%lu\", \"target\": \"%lu\", \"source\": \"%lu\", \"inactivity\": "
		    "\"0\"}", eb > 1 ? ", " : "", eb, 2429 * eb / 32, 4511 * eb / 32,
		    2429 * eb / 32);
	strbuf_addf(sb, "], \"total_rewards\": [");
	for (i = 0; i < n; i++) {
		unsigned long h = (i * 2654435761UL) & 0xffffffffUL;
		const char *t = h % 100 == 0 ? "\"head\": \"0\", \"target\": \"-4511\", "
		    "\"source\": \"-2429\"" : h % 33 == 1 ? "\"head\": \"0\", \"target\": "
		    "\"4511\", \"source\": \"2429\"" : "\"head\": \"2429\", \"target\": "
		    "\"4511\", \"source\": \"2429\"";

		strbuf_addf(sb, "%s{%s, \"inactivity\": \"0\", \"validator_index\": "
		    "\"%lu\"}", i ? ", " : "", t, i);
	}
	strbuf_addf(sb, "]}}");
}

int
main(int argc, char **argv)
{
	unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 10) : 10000;
	unsigned long reps = argc > 2 ? strtoul(argv[2], NULL, 10) : 2000, k;
	double best = 1e300;
	struct strbuf sb;
	int round;

	strbuf_init(&sb);
	body(&sb, n);
	for (round = 0; round < 5; round++) {
		double t0 = now_s(), dt;

		for (k = 0; k < reps; k++) {
			struct jd_att_rewards r;

			if (jd_att_rewards(sb.buf, sb.len, "bench", &r) != UC_OK ||
			    r.ntotal != n)
				return 1;
			jd_att_rewards_release(&r);
		}
		if ((dt = now_s() - t0) < best)
			best = dt;
	}
	printf("bench decode: %lu entries, %zu bytes, %lu decodes: %.0f MB/s, "
	    "%.2f ns/entry\n", n, sb.len, reps, (double)sb.len * (double)reps /
	    best / 1e6, best * 1e9 / ((double)n * (double)reps));
	strbuf_release(&sb);
	return 0;
}
