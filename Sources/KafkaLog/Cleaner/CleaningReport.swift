import KafkaCore

/// What one cleaning pass did (Kafka's `CleanerStats`), for the console's event timeline.
public struct CleaningReport: Hashable, Sendable, CustomStringConvertible {
    /// The first dirty offset the pass started from.
    public var firstDirtyOffset: Offset
    /// The new first dirty offset: one past the last offset the offset map covered.
    public var newFirstDirtyOffset: Offset
    /// Whether the offset map filled up before the cleanable range ended (a partial pass).
    public var mapWasFull: Bool
    /// The end of the re-copied range: the upper bound of the last replaced segment.
    public var cleanedUpTo: Offset
    /// Bytes of the replaced segments.
    public var bytesBefore = 0
    /// Bytes of the cleaned segments that replaced them.
    public var bytesAfter = 0
    /// Records dropped (obsolete, keyless or expired tombstones).
    public var recordsRemoved = 0
    /// Tombstones dropped because their delete horizon passed or a later record superseded them.
    public var tombstonesRemoved = 0
    /// Segments replaced by cleaned segments.
    public var segmentsReplaced = 0
    /// Cleaned segments written.
    public var segmentsWritten = 0

    public var description: String {
        "cleaned [.., \(cleanedUpTo)): \(bytesBefore) → \(bytesAfter) bytes, \(recordsRemoved) records removed "
            + "(\(tombstonesRemoved) tombstones), \(segmentsReplaced) → \(segmentsWritten) segments, "
            + "first dirty \(firstDirtyOffset) → \(newFirstDirtyOffset)" + (mapWasFull ? " (map full)" : "")
    }
}
