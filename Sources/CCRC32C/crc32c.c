// CRC32C for Kafka record batches: one hardware path, one portable path, picked once at load.
// The hardware path is compiled for SSE4.2 with a function attribute, so no global compiler flag
// is needed and the binary still runs on CPUs without SSE4.2.
#include "CCRC32C.h"
#include <string.h>

#define POLY 0x82F63B78u

static uint32_t table[8][256];
static int hardware = -1;

__attribute__((constructor)) static void ccrc32c_init(void) {
    for (uint32_t n = 0; n < 256; n++) {
        uint32_t c = n;
        for (int k = 0; k < 8; k++) c = (c & 1) ? (c >> 1) ^ POLY : c >> 1;
        table[0][n] = c;
    }
    for (uint32_t n = 0; n < 256; n++) {
        uint32_t c = table[0][n];
        for (int k = 1; k < 8; k++) {
            c = table[0][c & 0xff] ^ (c >> 8);
            table[k][n] = c;
        }
    }
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    hardware = __builtin_cpu_supports("sse4.2") ? 1 : 0;
#else
    hardware = 0;
#endif
}

uint32_t ccrc32c_update_portable(uint32_t crc, const void *bytes, size_t count) {
    const uint8_t *p = bytes;
    uint32_t c = ~crc;
    while (count >= 8) {
        uint64_t word;
        memcpy(&word, p, 8);
        uint32_t lo = (uint32_t)word ^ c, hi = (uint32_t)(word >> 32);
        c = table[7][lo & 0xff] ^ table[6][(lo >> 8) & 0xff] ^ table[5][(lo >> 16) & 0xff] ^
            table[4][lo >> 24] ^ table[3][hi & 0xff] ^ table[2][(hi >> 8) & 0xff] ^
            table[1][(hi >> 16) & 0xff] ^ table[0][hi >> 24];
        p += 8;
        count -= 8;
    }
    while (count--) c = table[0][(c ^ *p++) & 0xff] ^ (c >> 8);
    return ~c;
}

#if defined(__x86_64__)
__attribute__((target("sse4.2"))) uint32_t ccrc32c_update_hardware(uint32_t crc, const void *bytes,
                                                                    size_t count) {
    const uint8_t *p = bytes;
    uint64_t c = ~crc;
    while (count >= 8) {
        uint64_t word;
        memcpy(&word, p, 8);
        c = __builtin_ia32_crc32di(c, word);
        p += 8;
        count -= 8;
    }
    uint32_t c32 = (uint32_t)c;
    while (count--) c32 = __builtin_ia32_crc32qi(c32, *p++);
    return ~c32;
}
#else
uint32_t ccrc32c_update_hardware(uint32_t crc, const void *bytes, size_t count) {
    return ccrc32c_update_portable(crc, bytes, count);
}
#endif

int ccrc32c_hardware_available(void) { return hardware == 1; }

uint32_t ccrc32c_update(uint32_t crc, const void *bytes, size_t count) {
    return hardware == 1 ? ccrc32c_update_hardware(crc, bytes, count)
                         : ccrc32c_update_portable(crc, bytes, count);
}
