#include <stdint.h>
#include <string.h>

#include "crc32c.h"
#include "unit.h"
#include "util.h"

static void
durations_take_units(void)
{
	double s;

	CHECK(parse_duration_s("90m", &s) && s == 5400);
	CHECK(parse_duration_s("4.5d", &s) && s == 4.5 * 86400);
	CHECK(parse_duration_s("2w", &s) && s == 14 * 86400);
	CHECK(parse_duration_s("10", &s) && s == 10);
	CHECK(parse_duration_s("1h", &s) && s == 3600);
	CHECK(parse_duration_s("30s", &s) && s == 30);
	CHECK(parse_duration_s("0", &s) && s == 0);
	/* A year is the Julian year the yearly figures use. */
	CHECK(parse_duration_s("1y", &s) && s == 365.25 * 86400);
	/* Terms add up, largest unit first, as the tool prints durations. */
	CHECK(parse_duration_s("4d12h", &s) && s == 4.5 * 86400);
	CHECK(parse_duration_s("4d 12h", &s) && s == 4.5 * 86400);
	CHECK(parse_duration_s("1h30m", &s) && s == 5400);
	CHECK(parse_duration_s("8h1s", &s) && s == 28801);
	CHECK(parse_duration_s("1w2d3h4m5s", &s) && s == 9 * 86400 + 3 * 3600 + 4 * 60 + 5);
	CHECK(parse_duration_s("1e3s", &s) && s == 1000);
}

static void
times_are_rfc3339_utc(void)
{
	char buf[40];

	CHECK(strcmp(format_rfc3339(0, buf, sizeof(buf)), "1970-01-01T00:00:00Z") == 0);
	/* Mainnet genesis, 1606824023: 2020-12-01T12:00:23Z. */
	CHECK(strcmp(format_rfc3339(1606824023, buf, sizeof(buf)), "2020-12-01T12:00:23Z") == 0);
	/* Epoch 364032 (Electra): genesis + 364032 x 32 x 12 s = 2025-05-07T10:05:11Z. */
	CHECK(strcmp(format_rfc3339(1606824023.0 + 364032.0 * 384, buf, sizeof(buf)),
	    "2025-05-07T10:05:11Z") == 0);
	CHECK(strcmp(format_rfc3339(1.275, buf, sizeof(buf)), "1970-01-01T00:00:01.275Z") == 0);
	CHECK(strcmp(format_rfc3339(-1, buf, sizeof(buf)), "") == 0);
	CHECK(strcmp(format_rfc3339(1e18, buf, sizeof(buf)), "") == 0);
}

static void
what_the_tool_prints_it_reads(void)
{
	double x, s;
	char buf[64];

	/*
	 * format_duration shows the two largest units, rounded to the
	 * second: what it prints must parse, to within its last unit.
	 */
	for (x = 0; x < 400 * 86400.0; x = x * 1.37 + 1) {
		format_duration(x, buf, sizeof(buf));
		CHECK(parse_duration_s(buf, &s));
		CHECK(s <= x + 0.5 && s > x - (x >= 86400 ? 3600 : x >= 3600 ? 60 : 1));
	}
}

static void
malformed_durations_are_refused(void)
{
	const char *bad[] = { "", "abc", "-1h", "1x", "h", "1.2.3d", "1 d", " 1d",
	    "nan", "infd", "1e400s", "+5m", "0x10", "1dd",
	    /* Several terms: each with a unit, the largest first, one space. */
	    "1h1h", "30m1h", "1h 30", "4d  12h", "4d ", "1h-30m", "1h+30m" };
	size_t i;
	double s = 42;

	for (i = 0; i < NELEM(bad); i++) {
		CHECK(!parse_duration_s(bad[i], &s));
		CHECK(s == 42);
	}
}

static void
sizes_take_binary_suffixes(void)
{
	const char *bad[] = { "", "k", "-1", "1.5M", "1 M", " 1", "1MB", "1T", "0x10",
	    "17179869184G", "18446744073709551616" };
	uint64_t v = 42;
	size_t i;

	CHECK(parse_size_bytes("0", &v) && v == 0);
	CHECK(parse_size_bytes("4096", &v) && v == 4096);
	CHECK(parse_size_bytes("64k", &v) && v == 65536);
	CHECK(parse_size_bytes("64K", &v) && v == 65536);
	CHECK(parse_size_bytes("3M", &v) && v == 3 << 20);
	CHECK(parse_size_bytes("2g", &v) && v == (uint64_t)2 << 30);
	CHECK(parse_size_bytes("17179869183G", &v) && v == (uint64_t)17179869183 << 30);
	v = 42;
	for (i = 0; i < NELEM(bad); i++) {
		CHECK(!parse_size_bytes(bad[i], &v));
		CHECK(v == 42);
	}
}

static void
numbers_are_strict(void)
{
	double d;
	uint64_t u;

	CHECK(parse_double("32", &d) && d == 32);
	CHECK(parse_double("0.035", &d) && d == 0.035);
	CHECK(!parse_double("nan", &d));
	CHECK(!parse_double("inf", &d));
	CHECK(!parse_double(" 1", &d));
	CHECK(!parse_double("1 ", &d));
	CHECK(!parse_double("1,5", &d));
	CHECK(!parse_double("", &d));
	CHECK(parse_u64("18446744073709551615", &u) && u == UINT64_MAX);
	CHECK(!parse_u64("18446744073709551616", &u));
	CHECK(!parse_u64("-1", &u));
	CHECK(parse_percent_frac("99.5%", &d) && fabs(d - 0.995) < 1e-15);
	CHECK(parse_percent("99.5", &d) && d == 99.5);
}

static void
isqrt_is_exact_at_the_edges(void)
{
	/* Largest x with x*x <= n, checked by the definition itself. */
	uint64_t ns[] = { 0, 1, 2, 3, 4, 15, 16, 17, 34000000000000000ULL,
	    4294967295ULL * 4294967295ULL, 4294967295ULL * 4294967295ULL - 1,
	    UINT64_MAX, (1ULL << 52) + 1, 999999999999999999ULL };
	size_t i;

	for (i = 0; i < NELEM(ns); i++) {
		unsigned __int128 x = util_isqrt(ns[i]);

		CHECK(x * x <= ns[i]);
		CHECK((x + 1) * (x + 1) > ns[i]);
	}
	/* ethereum-spec.md 2.1: isqrt(3.4e16) = 184,390,889 */
	CHECK_U64(util_isqrt(34000000000000000ULL), 184390889);
}

static void
durations_print_for_people(void)
{
	char buf[64];

	CHECK(strcmp(format_duration(57000, buf, sizeof(buf)), "15h 50m") == 0);
	CHECK(strcmp(format_duration(0, buf, sizeof(buf)), "0s") == 0);
	CHECK(strcmp(format_duration(86400 * 4.5, buf, sizeof(buf)), "4d 12h") == 0);
	CHECK(strcmp(format_duration(384, buf, sizeof(buf)), "6m 24s") == 0);
}

static void
edit_distance_finds_near_names(void)
{
	CHECK(util_edit_distance("etherum", "ethereum") == 1);
	CHECK(util_edit_distance("", "abc") == 3);
	CHECK(util_edit_distance("cosmoshub", "cosmoshub") == 0);
}

/* The check value of CRC-32C (RFC 3720 B.4 and every CRC catalogue). */
static void
crc32c_matches_the_check_value(void)
{
	uint8_t buf[10000];
	size_t i, n;

	CHECK_U64(crc32c("123456789", 9), 0xe3069283u);
	CHECK_U64(crc32c_portable("123456789", 9), 0xe3069283u);
	CHECK_U64(crc32c("", 0), 0);
	/*
	 * The CPU's instruction and the tables agree at every length and
	 * offset, on one stream and on three (from 3 KiB), whole and not.
	 */
	/* Not periodic: three blocks of the same bytes would hide a mix-up. */
	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)((i * 2654435761u) >> 13);
	for (n = 0; n < 40; n++)
		CHECK_U64(crc32c(buf + n % 8, 900 + n), crc32c_portable(buf + n % 8, 900 + n));
	for (n = 3 * 1024 - 20; n < 3 * 1024 + 20; n++)
		CHECK_U64(crc32c(buf + n % 8, n), crc32c_portable(buf + n % 8, n));
	for (n = 9980; n > 9000; n -= 97)
		CHECK_U64(crc32c(buf + 10000 - n, n), crc32c_portable(buf + 10000 - n, n));
}

const struct unit_test util_tests[] = {
	T(durations_take_units), T(malformed_durations_are_refused),
	T(what_the_tool_prints_it_reads),
	T(times_are_rfc3339_utc),
	T(numbers_are_strict), T(sizes_take_binary_suffixes),
	T(isqrt_is_exact_at_the_edges),
	T(durations_print_for_people), T(edit_distance_finds_near_names),
	T(crc32c_matches_the_check_value),
	{ NULL, NULL },
};
