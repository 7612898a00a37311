import KafkaCore

/// One segment as the console and the cleaner see it.
public struct SegmentSummary: Hashable, Sendable, CustomStringConvertible {
    public let baseOffset: Offset
    /// The offset after the segment's last batch (its base offset when empty).
    public let nextOffset: Offset
    public let sizeInBytes: Int
    /// The largest record timestamp in the segment, or its last append time when no record has
    /// a timestamp: what `retention.ms` compares with.
    public let largestTimestamp: Int64
    public let offsetIndexEntries: Int
    public let timeIndexEntries: Int
    /// Whether this is the active segment (the last one, which takes appends).
    public let isActive: Bool

    public init(
        baseOffset: Offset, nextOffset: Offset, sizeInBytes: Int, largestTimestamp: Int64, offsetIndexEntries: Int,
        timeIndexEntries: Int, isActive: Bool
    ) {
        self.baseOffset = baseOffset
        self.nextOffset = nextOffset
        self.sizeInBytes = sizeInBytes
        self.largestTimestamp = largestTimestamp
        self.offsetIndexEntries = offsetIndexEntries
        self.timeIndexEntries = timeIndexEntries
        self.isActive = isActive
    }

    public var description: String {
        "\(SegmentFileName.prefix(for: baseOffset)).log [\(baseOffset), \(nextOffset)) \(sizeInBytes) bytes"
            + (isActive ? " (active)" : "")
    }
}
