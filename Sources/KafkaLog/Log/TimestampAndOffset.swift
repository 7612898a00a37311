import KafkaCore

/// A record found by timestamp (Kafka's `FileRecords.TimestampAndOffset`), the answer to
/// `ListOffsets` with a timestamp.
public struct TimestampAndOffset: Hashable, Sendable, CustomStringConvertible {
    /// The record's timestamp in milliseconds.
    public let timestampMilliseconds: Int64
    public let offset: Offset
    /// The partition leader epoch of the batch holding the record, `nil` when it has none.
    public let leaderEpoch: LeaderEpoch?

    public init(timestampMilliseconds: Int64, offset: Offset, leaderEpoch: LeaderEpoch?) {
        self.timestampMilliseconds = timestampMilliseconds
        self.offset = offset
        self.leaderEpoch = leaderEpoch
    }

    public var description: String { "offset \(offset) at \(timestampMilliseconds)ms" }
}
