#include "CHeapPolicy.h"

#include <stdlib.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

int flightdeck_keep_heap_memory(void) {
#if defined(__GLIBC__)
    int mapped = mallopt(M_MMAP_THRESHOLD, FLIGHTDECK_HEAP_MMAP_THRESHOLD);
    int trimmed = mallopt(M_TRIM_THRESHOLD, FLIGHTDECK_HEAP_TRIM_THRESHOLD);
    return mapped == 1 && trimmed == 1;
#else
    return 0;
#endif
}

int flightdeck_heap_maps_block(size_t bytes) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
    struct mallinfo2 before = mallinfo2();
    void *block = malloc(bytes);
    struct mallinfo2 after = mallinfo2();
    free(block);
    if (block == NULL) return -1;
    return after.hblks > before.hblks ? 1 : 0;
#else
    (void)bytes;
    return -1;
#endif
}
