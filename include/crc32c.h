#ifndef UC_CRC32C_H
#define UC_CRC32C_H

#include <stddef.h>
#include <stdint.h>

/*
 * CRC-32C (Castagnoli), as iSCSI and ext4 use it: the store's record
 * check.  crc32c uses the CPU's instruction where there is one (SSE 4.2)
 * and crc32c_portable otherwise; both give the same value.
 */
uint32_t crc32c(const void *p, size_t n);
uint32_t crc32c_portable(const void *p, size_t n);

#endif
