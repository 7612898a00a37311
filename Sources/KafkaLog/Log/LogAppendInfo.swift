import KafkaCore

/// What an append did (Kafka's `LogAppendInfo`): the offsets the batches got, their timestamps,
/// and whether the log rolled a segment for them.
public struct LogAppendInfo: Hashable, Sendable, CustomStringConvertible {
    /// The first offset appended (the first batch's base offset). For an empty append, the log
    /// end offset, and `lastOffset` is one below it.
    public var firstOffset: Offset
    /// The last offset appended.
    public var lastOffset: Offset
    /// The largest batch `maxTimestamp` appended (-1 when none has a timestamp).
    public var maxTimestamp: Int64
    /// The last offset of the batch holding `maxTimestamp`.
    public var offsetOfMaxTimestamp: Offset
    /// The leader's append time in milliseconds under LogAppendTime, -1 under CreateTime.
    public var logAppendTime: Int64
    /// The log start offset after the append.
    public var logStartOffset: Offset
    /// Batches and records appended.
    public var batchCount: Int
    public var recordCount: Int
    /// Bytes appended to the segment.
    public var validBytes: Int
    /// The epoch stamped on (leader) or carried by (follower) the last batch, `nil` if none.
    public var lastLeaderEpoch: LeaderEpoch?
    /// The base offset of the segment the append rolled to, `nil` when it did not roll.
    public var rolledSegmentBaseOffset: Offset?

    /// An append of nothing at `logEndOffset`.
    static func empty(logEndOffset: Offset, logStartOffset: Offset) -> LogAppendInfo {
        LogAppendInfo(
            firstOffset: logEndOffset, lastOffset: logEndOffset.advanced(by: -1), maxTimestamp: RecordBatch.noTimestamp,
            offsetOfMaxTimestamp: logEndOffset.advanced(by: -1), logAppendTime: RecordBatch.noTimestamp,
            logStartOffset: logStartOffset, batchCount: 0, recordCount: 0, validBytes: 0, lastLeaderEpoch: nil,
            rolledSegmentBaseOffset: nil)
    }

    public var description: String {
        batchCount == 0
            ? "appended nothing"
            : "appended offsets \(firstOffset)...\(lastOffset) (\(recordCount) records, \(validBytes) bytes)"
    }
}
