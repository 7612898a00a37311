import CHeapPolicy
import Testing

/// The process's heap policy (decision 0006): once set, the heap serves blocks up to 32 MiB
/// itself, where glibc's default maps any block from 128 KiB up (a consumer's 1 MiB fetch
/// answer, a growing table) in fresh pages, each faulted on first touch.
@Suite struct HeapPolicyTests {
    @Test("the policy takes, and the heap then serves large blocks while larger ones stay mapped")
    func heapServesLargeBlocks() {
        #expect(flightdeck_keep_heap_memory() == 1)
        #expect(flightdeck_heap_maps_block(1 << 20) == 0, "a 1 MiB block was mapped")
        #expect(flightdeck_heap_maps_block(16 << 20) == 0, "a 16 MiB block was mapped")
        #expect(flightdeck_heap_maps_block(48 << 20) == 1, "a 48 MiB block came from the heap")
    }
}
