import KafkaCore
import KafkaLog

/// A metadata log held in an array: record `n` sits at index `n`.
///
/// The host persists it by keeping the value (it is a plain value type); nothing is written to
/// disk yet.
public struct InMemoryRaftLog: RaftLog, Hashable, Sendable {
    public private(set) var entries: [RaftRecord] = []

    public init(_ entries: [RaftRecord] = []) {
        self.entries = entries
        checkInvariants()
    }

    public var endOffset: Offset { Offset(Int64(entries.count)) }

    public var lastEpoch: LeaderEpoch { entries.last?.epoch ?? LeaderEpoch(0) }

    public mutating func append(_ records: [RaftRecord]) {
        for record in records {
            precondition(
                record.offset == endOffset, "record \(record) does not continue the log at \(endOffset)")
            precondition(
                record.epoch >= lastEpoch, "record \(record) goes back from epoch \(lastEpoch)")
            entries.append(record)
        }
    }

    public mutating func truncate(to offset: Offset) {
        precondition(offset.rawValue >= 0, "cannot truncate to a negative offset: \(offset)")
        guard offset < endOffset else { return }
        entries.removeSubrange(Int(offset.rawValue)...)
    }

    public func records(from offset: Offset, maxCount: Int) -> [RaftRecord] {
        precondition(offset.rawValue >= 0 && offset <= endOffset, "read at \(offset) outside 0...\(endOffset)")
        precondition(maxCount > 0, "a read asks for at least one record: \(maxCount)")
        let start = Int(offset.rawValue)
        return Array(entries[start..<min(entries.count, start + maxCount)])
    }

    public func record(at offset: Offset) -> RaftRecord? {
        guard offset.rawValue >= 0, offset < endOffset else { return nil }
        return entries[Int(offset.rawValue)]
    }

    public func endOffset(forEpoch epoch: LeaderEpoch) -> EpochEndOffset {
        // The last record whose epoch is at most `epoch`; records after it belong to later epochs.
        guard let index = entries.lastIndex(where: { $0.epoch <= epoch }) else {
            return EpochEndOffset(epoch: LeaderEpoch(0), endOffset: Offset(0))
        }
        return EpochEndOffset(epoch: entries[index].epoch, endOffset: Offset(Int64(index + 1)))
    }

    /// Offsets are dense from 0 and epochs never decrease.
    public func checkInvariants() {
        for (index, record) in entries.enumerated() {
            precondition(record.offset.rawValue == Int64(index), "record \(record) sits at index \(index)")
            if index > 0 {
                precondition(
                    record.epoch >= entries[index - 1].epoch,
                    "record \(record) follows \(entries[index - 1]) with a smaller epoch")
            }
        }
    }
}
