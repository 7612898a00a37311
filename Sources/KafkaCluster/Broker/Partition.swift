import KafkaCore
import KafkaLog

/// One partition replica on one broker (Kafka's `Partition`): its log, the metadata the broker
/// last replayed for it, and its role.
///
/// Roles (from metadata, never decided locally):
///
/// | from | metadata says | to | what happens |
/// |---|---|---|---|
/// | any | leader = this broker, new leader epoch | leader | epoch starts at the log end offset; followers' state reset; never truncates |
/// | leader | same epoch, new ISR / partition epoch | leader | ISR replaced, pending change settled |
/// | any | leader = another broker or none | follower | waiting produce requests fail; fetching (and truncating by epoch) from the leader |
///
/// While it leads, the ISR changes only through AlterPartition: `pendingIsr` is the proposal in
/// flight (one at a time), and the *maximal* ISR (committed ∪ proposed) is what the high
/// watermark and `acks=all` wait on.
final class Partition {
    let topicPartition: TopicPartition
    let log: PartitionLog
    /// Bumped on every change of the fields below but `producers` (every field a fetch's read
    /// of the partition looks at, and the ISR state its follower bookkeeping looks at). With the
    /// log's own `changeStamp`, it tells a fetch session that a partition read with nothing to
    /// send would read the same again (`FetchReadMemo`). Not bumped by the followers' fetch
    /// states in the leadership, which no read depends on. Declared next to `log`, with the
    /// high watermark and the role after it: a session's skip of an unchanged partition reads
    /// these four (stored properties are laid out in order).
    private(set) var changeStamp: UInt64 = 0
    var highWatermark: Offset {
        didSet { changeStamp &+= 1 }
    }
    var role: PartitionRole = .none {
        didSet { changeStamp &+= 1 }
    }
    var producers: ProducerStateManager
    var replicas: [BrokerID] = [] {
        didSet { changeStamp &+= 1 }
    }
    /// The committed ISR, as the controller last published it.
    var isr: [BrokerID] = [] {
        didSet { changeStamp &+= 1 }
    }
    var leader: BrokerID = .noLeader {
        didSet { changeStamp &+= 1 }
    }
    var leaderEpoch: LeaderEpoch = .none {
        didSet { changeStamp &+= 1 }
    }
    var partitionEpoch: Int32 = -1 {
        didSet { changeStamp &+= 1 }
    }
    var leaderRecoveryState: LeaderRecoveryState = .recovered {
        didSet { changeStamp &+= 1 }
    }
    /// `min(min.insync.replicas, replication factor)`.
    var effectiveMinIsr = 1 {
        didSet { changeStamp &+= 1 }
    }
    /// The AlterPartition proposal in flight, if any.
    var pendingIsr: PendingIsrChange? {
        didSet { changeStamp &+= 1 }
    }

    init(topicPartition: TopicPartition, log: PartitionLog, producers: ProducerStateManager) {
        self.topicPartition = topicPartition
        self.log = log
        self.producers = producers
        highWatermark = log.logStartOffset
    }

    var isLeader: Bool {
        if case .leader = role { true } else { false }
    }

    var leaderState: PartitionLeadership? {
        if case .leader(let state) = role { state } else { nil }
    }

    /// The committed ISR plus a member being added: what the high watermark must wait for.
    var maximalIsr: [BrokerID] {
        guard let pending = pendingIsr else { return isr }
        return isr + pending.isr.filter { !isr.contains($0) }
    }

    var logEndOffset: Offset { log.logEndOffset }

    /// `logStartOffset ≤ HW ≤ LEO`; a leader is in its ISR; ISR ⊆ replicas.
    func checkInvariants() {
        precondition(
            log.logStartOffset <= highWatermark && highWatermark <= log.logEndOffset,
            "\(topicPartition): high watermark \(highWatermark) outside [\(log.logStartOffset), \(log.logEndOffset)]")
        precondition(
            isr.allSatisfy(replicas.contains), "\(topicPartition): ISR \(isr) is not within replicas \(replicas)")
        if case .leader(let state) = role {
            precondition(isr.contains(leader), "\(topicPartition): leader \(leader) outside ISR \(isr)")
            precondition(
                state.epochStartOffset <= log.logEndOffset,
                "\(topicPartition): epoch start \(state.epochStartOffset) past LEO \(log.logEndOffset)")
        }
    }
}

/// What this broker does for a partition.
enum PartitionRole {
    /// Not a replica here (or metadata not seen yet).
    case none
    case leader(PartitionLeadership)
    /// Fetching from `leader` (nil: the partition has no leader), unless backing off after an
    /// error until `retryAt`.
    case follower(leader: BrokerID?, retryAt: Instant?)
}

/// A leader's view of its followers in the current epoch.
///
/// A class: every follower fetch updates its follower's entry, for every partition of the
/// fetch session, and an instance is updated in place where a value inside the role would be
/// taken out of it and put back for each update.
final class PartitionLeadership {
    /// The log end offset when this epoch began: a follower joins the ISR only past it (KIP-320),
    /// and ListOffsets hides a high watermark below it (KIP-207).
    let epochStartOffset: Offset
    /// The other replicas, in assignment order.
    var remotes: [RemoteReplica]

    init(epochStartOffset: Offset, remotes: [RemoteReplica]) {
        self.epochStartOffset = epochStartOffset
        self.remotes = remotes
    }

    func remote(_ broker: BrokerID) -> RemoteReplica? { remotes.first { $0.broker == broker } }

    /// `broker` fetched at `fetchOffset` (`RemoteReplica.updateFetchState`): whether its log end
    /// offset moved, `nil` (nothing updated) when it is not a remote replica here.
    @inline(__always)
    func fetched(
        _ broker: BrokerID, at fetchOffset: Offset, leaderLogEndOffset: Offset, brokerEpoch: Int64, now: Instant
    ) -> Bool? {
        for index in remotes.indices where remotes[index].broker == broker {
            let moved = remotes[index].logEndOffset != fetchOffset
            remotes[index].updateFetchState(
                fetchOffset: fetchOffset, leaderLogEndOffset: leaderLogEndOffset, brokerEpoch: brokerEpoch, now: now)
            return moved
        }
        return nil
    }
}

/// An AlterPartition proposal waiting for the controller.
struct PendingIsrChange: Hashable, Sendable {
    var isr: [BrokerID]
    var leaderRecoveryState: LeaderRecoveryState
    /// The broker-to-controller request carrying it, `nil` while waiting to be (re)sent.
    var requestID: UInt64?
    var isExpand: Bool
}
