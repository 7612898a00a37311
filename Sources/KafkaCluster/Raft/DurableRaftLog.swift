import KafkaCore
import KafkaLog

/// A metadata log whose records live in a `RaftLogStore` that outlives the node: what a server
/// keeps in `__cluster_metadata-0` on its disk. Appends and truncations reach the store at once
/// (Kafka's Raft client flushes before it acknowledges), so a restarted member finds its log as
/// it left it, without the host copying the log after every step.
public struct DurableRaftLog: RaftLog {
    public let store: RaftLogStore

    public init(store: RaftLogStore) {
        self.store = store
    }

    public var endOffset: Offset { store.log.endOffset }
    public var lastEpoch: LeaderEpoch { store.log.lastEpoch }
    public mutating func append(_ records: [RaftRecord]) { store.log.append(records) }
    public mutating func truncate(to offset: Offset) { store.log.truncate(to: offset) }
    public func records(from offset: Offset, maxCount: Int) -> [RaftRecord] {
        store.log.records(from: offset, maxCount: maxCount)
    }
    public func record(at offset: Offset) -> RaftRecord? { store.log.record(at: offset) }
    public func endOffset(forEpoch epoch: LeaderEpoch) -> EpochEndOffset { store.log.endOffset(forEpoch: epoch) }
}

/// The durable half of a quorum member: its log and its election state (`quorum-state`).
public final class RaftLogStore {
    public fileprivate(set) var log: InMemoryRaftLog
    public var election: ElectionState

    public init(log: InMemoryRaftLog = InMemoryRaftLog(), election: ElectionState = ElectionState()) {
        self.log = log
        self.election = election
    }
}
