#ifndef CCRC32C_H
#define CCRC32C_H
#include <stddef.h>
#include <stdint.h>

/// CRC32C (Castagnoli, reflected polynomial 0x82F63B78) as Kafka's record batches use it.
/// `crc` is the running value: pass 0 for a fresh checksum, or a previous result to continue.
/// Uses the SSE4.2 `crc32` instruction (three streams at once, joined with PCLMULQDQ) when the
/// CPU has both, the portable table otherwise.
uint32_t ccrc32c_update(uint32_t crc, const void *bytes, size_t count);

/// The portable, table-driven path (slicing-by-8), exposed so tests can check both paths.
uint32_t ccrc32c_update_portable(uint32_t crc, const void *bytes, size_t count);

/// The SSE4.2 + PCLMULQDQ path. Only call it when `ccrc32c_hardware_available()` returns 1.
uint32_t ccrc32c_update_hardware(uint32_t crc, const void *bytes, size_t count);

/// 1 when this CPU has SSE4.2 and PCLMULQDQ (and so the hardware path is used), 0 otherwise.
int ccrc32c_hardware_available(void);

#endif
