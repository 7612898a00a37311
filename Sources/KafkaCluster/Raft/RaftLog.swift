import KafkaCore
import KafkaLog

/// The replicated log a quorum member keeps: append at the end, read a range, truncate a
/// diverging suffix.
///
/// A protocol so the metadata log can move onto a `PartitionLog` later; `InMemoryRaftLog` is the
/// implementation for now. Offsets are dense from 0 and epochs never decrease along the log.
public protocol RaftLog {
    /// The offset the next record gets.
    var endOffset: Offset { get }
    /// The epoch of the last record, or 0 for an empty log.
    var lastEpoch: LeaderEpoch { get }
    /// Appends records whose offsets continue at `endOffset`.
    mutating func append(_ records: [RaftRecord])
    /// Removes every record at or after `offset`.
    mutating func truncate(to offset: Offset)
    /// Up to `maxCount` records starting at `offset` (empty at the end of the log).
    func records(from offset: Offset, maxCount: Int) -> [RaftRecord]
    /// The record at `offset`, if the log holds it.
    func record(at offset: Offset) -> RaftRecord?
    /// Where the largest epoch at most `epoch` ends (see `EpochEndOffset`).
    func endOffset(forEpoch epoch: LeaderEpoch) -> EpochEndOffset
}
