// CRC32C for Kafka record batches: one hardware path, one portable path, picked once at load.
// The hardware path is compiled for SSE4.2 and PCLMULQDQ with function attributes, so no global
// compiler flag is needed and the binary still runs on CPUs without them.
#include "CCRC32C.h"
#include <string.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

#define POLY 0x82F63B78u

static uint32_t table[8][256];
static int hardware = -1;

#if defined(__x86_64__)
static void ccrc32c_init_hardware(void);
#endif

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
#if defined(__x86_64__)
    __builtin_cpu_init();
    hardware = __builtin_cpu_supports("sse4.2") && __builtin_cpu_supports("pclmul") ? 1 : 0;
    ccrc32c_init_hardware();
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
// Three-way interleaving (as in Intel's "Fast CRC Computation for iSCSI Polynomial Using CRC32
// Instruction"): the `crc32` instruction takes three cycles but a new one can start every
// cycle, so one dependent chain uses a third of the unit. Three blocks of B bytes run as three
// independent chains (the second and third from 0), then the first is moved past 2B bytes and
// the second past B bytes and all three are XORed: CRC is linear, and a raw register r moved
// past n zero bytes is r * x^(8n) mod P. That product is one carry-less multiply by the constant
// x^(8n-33) mod P and one `crc32` of the 64-bit result (which multiplies by x^32 and reduces; the
// reflected multiply adds the last x). Record batches are mostly 1-10 KiB, so besides a loop
// over 3 x 2 KiB, each smaller power of two from 1 KiB down to 64 bytes takes one round when it
// fits (after a round of 3B bytes, fewer than 3B are left, so never two).
#define BLOCK_SIZES 6
static const size_t block_bytes[BLOCK_SIZES] = {2048, 1024, 512, 256, 128, 64};
/// For each block size B: x^(8B-33) mod P and x^(16B-33) mod P, reflected.
static uint64_t shift_by_block[BLOCK_SIZES], shift_by_two_blocks[BLOCK_SIZES];

/// x^power mod P in the reflected representation (bit i stands for x^(31-i)).
static uint32_t x_to_the(size_t power) {
    uint32_t r = 0x80000000u;  // x^0
    while (power--) r = (r >> 1) ^ ((r & 1) ? POLY : 0);
    return r;
}

static void ccrc32c_init_hardware(void) {
    for (int k = 0; k < BLOCK_SIZES; k++) {
        shift_by_block[k] = x_to_the(8 * block_bytes[k] - 33);
        shift_by_two_blocks[k] = x_to_the(16 * block_bytes[k] - 33);
    }
}

static inline uint64_t load64(const uint8_t *p) {
    uint64_t word;
    memcpy(&word, p, 8);
    return word;
}

/// The raw register `crc` moved past as many zero bytes as `constant` stands for.
__attribute__((target("sse4.2,pclmul"), always_inline)) static inline uint64_t shift(uint64_t crc,
                                                                                    uint64_t constant) {
    __m128i product = _mm_clmulepi64_si128(_mm_cvtsi64_si128((long long)(uint32_t)crc),
                                           _mm_cvtsi64_si128((long long)constant), 0);
    return __builtin_ia32_crc32di(0, (unsigned long long)_mm_cvtsi128_si64(product));
}

/// One round over 3 x `block` bytes at `p`, continuing from the raw register `c0`.
__attribute__((target("sse4.2,pclmul"), always_inline)) static inline uint64_t round3(uint64_t c0,
                                                                                     const uint8_t *p,
                                                                                     size_t block, int k) {
    uint64_t c1 = 0, c2 = 0;
    // Sixteen steps per turn (fully unrolled up to 1 KiB blocks): the compiler's own unrolling
    // by two spent a third of the loop's instructions on its counter and branch.
#pragma clang loop unroll_count(16)
    for (const uint8_t *end = p + block; p < end; p += 8) {
        c0 = __builtin_ia32_crc32di(c0, load64(p));
        c1 = __builtin_ia32_crc32di(c1, load64(p + block));
        c2 = __builtin_ia32_crc32di(c2, load64(p + 2 * block));
    }
    return shift(c0, shift_by_two_blocks[k]) ^ shift(c1, shift_by_block[k]) ^ c2;
}

__attribute__((target("sse4.2,pclmul"))) uint32_t ccrc32c_update_hardware(uint32_t crc, const void *bytes,
                                                                           size_t count) {
    const uint8_t *p = bytes;
    uint64_t c0 = ~crc;
    while (count >= 3 * 2048) {
        c0 = round3(c0, p, 2048, 0);
        p += 3 * 2048;
        count -= 3 * 2048;
    }
#define ROUND_IF_FITS(k, block)                 \
    if (count >= 3 * (block)) {                 \
        c0 = round3(c0, p, (block), (k));       \
        p += 3 * (block);                       \
        count -= 3 * (block);                   \
    }
    ROUND_IF_FITS(1, 1024)
    ROUND_IF_FITS(2, 512)
    ROUND_IF_FITS(3, 256)
    ROUND_IF_FITS(4, 128)
    ROUND_IF_FITS(5, 64)
#undef ROUND_IF_FITS
    // Fewer than 3 x 64 bytes are left: whole 64-byte runs of words, then up to seven words
    // entered at the right one (no counter or branch per word), then a 4-, 2- and 1-byte step as
    // needed (`crc32` of a wider load is the same as of its bytes in memory order).
    while (count >= 64) {
        for (int word = 0; word < 8; word++) c0 = __builtin_ia32_crc32di(c0, load64(p + 8 * word));
        p += 64;
        count -= 64;
    }
    const uint8_t *words_end = p + (count & ~(size_t)7);
    switch (count >> 3) {
    case 7: c0 = __builtin_ia32_crc32di(c0, load64(words_end - 56)); __attribute__((fallthrough));
    case 6: c0 = __builtin_ia32_crc32di(c0, load64(words_end - 48)); __attribute__((fallthrough));
    case 5: c0 = __builtin_ia32_crc32di(c0, load64(words_end - 40)); __attribute__((fallthrough));
    case 4: c0 = __builtin_ia32_crc32di(c0, load64(words_end - 32)); __attribute__((fallthrough));
    case 3: c0 = __builtin_ia32_crc32di(c0, load64(words_end - 24)); __attribute__((fallthrough));
    case 2: c0 = __builtin_ia32_crc32di(c0, load64(words_end - 16)); __attribute__((fallthrough));
    case 1: c0 = __builtin_ia32_crc32di(c0, load64(words_end - 8)); __attribute__((fallthrough));
    default: break;
    }
    p = words_end;
    uint32_t c32 = (uint32_t)c0;
    if (count & 4) {
        uint32_t word;
        memcpy(&word, p, 4);
        c32 = __builtin_ia32_crc32si(c32, word);
        p += 4;
    }
    if (count & 2) {
        uint16_t half;
        memcpy(&half, p, 2);
        c32 = __builtin_ia32_crc32hi(c32, half);
        p += 2;
    }
    if (count & 1) c32 = __builtin_ia32_crc32qi(c32, *p);
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
