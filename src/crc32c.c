/*
 * CRC-32C.  The store checks every record it writes and every record it
 * reads; at 10,000 validators that is half a gigabyte a month of epochs,
 * so the CPU's crc32 instruction is used where it exists, on three
 * streams at once.  Elsewhere, eight bytes at a time from tables
 * ("slicing by 8").
 */
#include <pthread.h>
#include <string.h>

#include "crc32c.h"

#define POLY	0x82f63b78u	/* Castagnoli, reflected */

/* Three streams each take a block of this many bytes (a multiple of 8). */
#define BLOCK	1024

static uint32_t table[8][256];
/* What BLOCK zero bytes make of a register, a table per byte of it. */
static uint32_t shift[4][256];
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static void
make_table(void)
{
	uint32_t i, basis[32];
	int t, k, j;

	for (i = 0; i < 256; i++) {
		uint32_t v = i;

		for (k = 0; k < 8; k++)
			v = v & 1 ? POLY ^ (v >> 1) : v >> 1;
		table[0][i] = v;
	}
	for (i = 0; i < 256; i++)
		for (t = 1; t < 8; t++)
			table[t][i] = (table[t - 1][i] >> 8) ^ table[0][table[t - 1][i] & 0xff];
	/*
	 * The CRC register is linear in GF(2): running BLOCK zero bytes
	 * through it is a linear map, known by what it does to each bit.
	 */
	for (k = 0; k < 32; k++) {
		uint32_t c = 1u << k;

		for (j = 0; j < BLOCK; j++)
			c = table[0][c & 0xff] ^ (c >> 8);
		basis[k] = c;
	}
	for (j = 0; j < 4; j++)
		for (i = 0; i < 256; i++) {
			uint32_t v = 0;

			for (k = 0; k < 8; k++)
				if (i >> k & 1)
					v ^= basis[8 * j + k];
			shift[j][i] = v;
		}
}

/* The register c after BLOCK more bytes, all zero. */
static inline uint32_t
after_block(uint32_t c)
{
	return shift[0][c & 0xff] ^ shift[1][(c >> 8) & 0xff] ^
	    shift[2][(c >> 16) & 0xff] ^ shift[3][c >> 24];
}

uint32_t
crc32c_portable(const void *data, size_t n)
{
	const uint8_t *p = data;
	uint32_t c = 0xffffffffu;

	pthread_once(&table_once, make_table);
	for (; n >= 8; n -= 8, p += 8) {
		uint32_t lo = c ^ ((uint32_t)p[0] | (uint32_t)p[1] << 8 |
		    (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24);
		uint32_t hi = (uint32_t)p[4] | (uint32_t)p[5] << 8 |
		    (uint32_t)p[6] << 16 | (uint32_t)p[7] << 24;

		c = table[7][lo & 0xff] ^ table[6][(lo >> 8) & 0xff] ^
		    table[5][(lo >> 16) & 0xff] ^ table[4][lo >> 24] ^
		    table[3][hi & 0xff] ^ table[2][(hi >> 8) & 0xff] ^
		    table[1][(hi >> 16) & 0xff] ^ table[0][hi >> 24];
	}
	for (; n; n--, p++)
		c = table[0][(c ^ *p) & 0xff] ^ (c >> 8);
	return c ^ 0xffffffffu;
}

#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target("sse4.2")))
static uint32_t
crc32c_sse42(const void *data, size_t n)
{
	const uint8_t *p = data;
	uint64_t c = 0xffffffffu;

	/*
	 * The instruction takes three cycles but starts one every cycle:
	 * three blocks on their own registers run in the time of one, and
	 * the register is linear, so the first's result moved over the
	 * second block, xor the second's (begun at 0), and so on, is the
	 * register over all three.
	 */
	if (n >= 3 * BLOCK)
		pthread_once(&table_once, make_table);
	for (; n >= 3 * BLOCK; n -= 3 * BLOCK, p += 3 * BLOCK) {
		uint64_t a = c, b = 0, d = 0, w0, w1, w2;
		size_t i;

		for (i = 0; i < BLOCK; i += 8) {
			memcpy(&w0, p + i, 8);
			memcpy(&w1, p + BLOCK + i, 8);
			memcpy(&w2, p + 2 * BLOCK + i, 8);
			a = __builtin_ia32_crc32di(a, w0);
			b = __builtin_ia32_crc32di(b, w1);
			d = __builtin_ia32_crc32di(d, w2);
		}
		c = after_block(after_block((uint32_t)a) ^ (uint32_t)b) ^ (uint32_t)d;
	}
	for (; n >= 8; n -= 8, p += 8) {
		uint64_t w;

		memcpy(&w, p, 8);	/* x86 is little-endian, as the CRC reads */
		c = __builtin_ia32_crc32di(c, w);
	}
	for (; n; n--, p++)
		c = __builtin_ia32_crc32qi((uint32_t)c, *p);
	return (uint32_t)c ^ 0xffffffffu;
}

static int have_sse42;
static pthread_once_t cpu_once = PTHREAD_ONCE_INIT;

static void
ask_cpu(void)
{
	have_sse42 = __builtin_cpu_supports("sse4.2");
}

uint32_t
crc32c(const void *p, size_t n)
{
	/* Decode threads check records at once: asked once, for all of them. */
	pthread_once(&cpu_once, ask_cpu);
	return have_sse42 ? crc32c_sse42(p, n) : crc32c_portable(p, n);
}
#else
uint32_t
crc32c(const void *p, size_t n)
{
	return crc32c_portable(p, n);
}
#endif
