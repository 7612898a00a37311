import KafkaCore

/// Where one compacted log stands and whether the cleaner should clean it now (Kafka's
/// `LogToClean` and the eligibility rules of `LogCleanerManager.grabFilthiestCompactedLog`), so
/// the console can say why a log was or was not cleaned.
///
/// ```
///  logStartOffset      firstDirtyOffset        firstUncleanableOffset   active base
///        │ clean (compacted) │ cleanable (dirty)       │ uncleanable           │ active
/// ```
public struct CleaningDecision: Hashable, Sendable, CustomStringConvertible {
    /// Why the log is or is not cleaned.
    public enum Reason: Hashable, Sendable {
        /// `cleanup.policy=delete`: the cleaner never touches the log.
        case notCompacted
        /// Nothing between the first dirty and the first uncleanable offset.
        case nothingCleanable
        /// The dirty ratio is at or below `min.cleanable.dirty.ratio`.
        case belowDirtyRatio
        /// The dirty ratio is above `min.cleanable.dirty.ratio`.
        case dirtyRatioExceeded
        /// A dirty segment's first batch is older than `max.compaction.lag.ms` (KIP-354).
        case maxCompactionLagExceeded
    }

    /// The checkpointed first dirty offset (clamped to the log), where the next pass starts.
    public let firstDirtyOffset: Offset
    /// The first offset the cleaner may not clean: the minimum of the active segment's base,
    /// the base of the segment holding the high watermark, and the base of the first dirty
    /// segment younger than `min.compaction.lag.ms`; never below `firstDirtyOffset`.
    public let firstUncleanableOffset: Offset
    /// Bytes of the segments holding already-compacted data.
    public let cleanBytes: Int
    /// Bytes of the segments holding the cleanable dirty range.
    public let cleanableBytes: Int
    /// `min.cleanable.dirty.ratio` at the time of the decision.
    public let minCleanableDirtyRatio: Double
    public let reason: Reason

    /// `cleanableBytes / (cleanBytes + cleanableBytes)`, 0 for an empty log.
    public var dirtyRatio: Double {
        let total = cleanBytes + cleanableBytes
        return total == 0 ? 0 : Double(cleanableBytes) / Double(total)
    }

    /// Whether the cleaner should clean the log now.
    public var shouldClean: Bool { reason == .dirtyRatioExceeded || reason == .maxCompactionLagExceeded }

    public var description: String {
        let ratio = "dirty ratio \(Int(dirtyRatio * 100))% (min \(Int(minCleanableDirtyRatio * 100))%)"
        let range = "dirty [\(firstDirtyOffset), \(firstUncleanableOffset))"
        switch reason {
        case .notCompacted: return "not compacted (cleanup.policy=delete)"
        case .nothingCleanable: return "nothing cleanable, \(range)"
        case .belowDirtyRatio: return "waiting: \(ratio), \(range)"
        case .dirtyRatioExceeded: return "clean: \(ratio), \(range)"
        case .maxCompactionLagExceeded: return "clean: max.compaction.lag.ms passed, \(ratio), \(range)"
        }
    }
}
