import Glibc

/// Blocks of memory for the chunks of simulated files (`ChunkedBytes`), mapped with `mmap` and
/// populated in one call (`MADV_POPULATE_WRITE`, Linux 5.14+) instead of one page fault per
/// 4 KiB page on first touch.
///
/// Why: a simulated log grows by hundreds of MB in a benchmark run, and first touching that
/// memory page by page was about a tenth of `flightdeck bench sim` (the page faults under
/// `ChunkedBytes.append`). Populating each 2 MiB block in one call cut the storage's append cost
/// by a third on the project's machine. Where the kernel does not know the advice, `madvise`
/// fails, which is ignored: the pages then fault in on first touch as before.
///
/// Tried and dropped: transparent huge pages (`MADV_HUGEPAGE` on 2 MiB-aligned blocks). On the
/// project's virtual machine, free page reporting (`page_reporting_order=11`) hands free 8 MiB
/// blocks back to the host, and a huge page is carved from exactly such a block, so the host
/// faults all of it in again: clearing the huge pages took a fifth of the run.
///
/// Memory only, no file I/O and nothing a run's behaviour can depend on, which is why an engine
/// may use it (KafkaLog's other Glibc use is the file-backed storage).
enum ChunkMemory {
    /// A block of `byteCount` bytes, page-aligned and zero-filled. Traps when the address space
    /// is exhausted, as Swift's own allocations do. Give it back with `deallocate`.
    static func allocate(byteCount: Int) -> UnsafeMutableRawPointer {
        precondition(byteCount > 0, "memory block of \(byteCount) bytes")
        let mapped = mmap(nil, byteCount, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        guard let mapped, mapped != MAP_FAILED else {
            preconditionFailure("mmap of \(byteCount) bytes failed (errno \(errno))")
        }
        // EINVAL before Linux 5.14: the pages fault in on first touch instead.
        _ = madvise(mapped, byteCount, MADV_POPULATE_WRITE)
        return mapped
    }

    /// Gives back a block from `allocate(byteCount:)`.
    static func deallocate(_ block: UnsafeMutableRawPointer, byteCount: Int) {
        let result = munmap(block, byteCount)
        precondition(result == 0, "munmap of \(byteCount) bytes failed (errno \(errno))")
    }
}
