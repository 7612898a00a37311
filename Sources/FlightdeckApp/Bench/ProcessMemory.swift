import Glibc

/// The process's resident memory, for benchmarks that must show memory is bounded.
enum ProcessMemory {
    /// Peak resident set size so far, in bytes (`getrusage`'s `ru_maxrss`, which Linux reports
    /// in KiB).
    static var peakResidentBytes: Int {
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
        return usage.ru_maxrss * 1024
    }
}
