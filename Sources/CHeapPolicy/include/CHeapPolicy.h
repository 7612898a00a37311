#ifndef CHEAPPOLICY_H
#define CHEAPPOLICY_H
#include <stddef.h>

/// The largest block the heap serves itself; larger ones get a mapping of their own. 32 MiB is
/// the most glibc accepts (half its 64 MiB heap size on 64-bit systems).
#define FLIGHTDECK_HEAP_MMAP_THRESHOLD (32 * 1024 * 1024)

/// How much free memory the top of the heap keeps before returning it to the system.
#define FLIGHTDECK_HEAP_TRIM_THRESHOLD (64 * 1024 * 1024)

/// Sets the process's heap policy (glibc's `mallopt`): blocks up to
/// `FLIGHTDECK_HEAP_MMAP_THRESHOLD` come from the heap, and up to
/// `FLIGHTDECK_HEAP_TRIM_THRESHOLD` of freed memory at its top is kept for reuse. 1 when both
/// settings took, 0 otherwise (another C library: the defaults stay, nothing else changes).
/// See Docs/decisions/0006-heap-serves-large-blocks.md.
int flightdeck_keep_heap_memory(void);

/// 1 when `malloc(bytes)` gets a mapping of its own (glibc's mmap path), 0 when the heap serves
/// it, -1 when that cannot be told (another C library). For tests.
int flightdeck_heap_maps_block(size_t bytes);

#endif
