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
    /// states in the leadership, which no read depends on, but by a remote leaving a quiet
    /// clock (`invalidateReadMemos`). Declared next to `log`, with the high watermark, the role
    /// and its leadership after it: a session's skip or read of a partition starts with these
    /// (stored properties are laid out in order).
    private(set) var changeStamp: UInt64 = 0 {
        didSet { changeSignal?.count &+= 1 }
    }
    /// Bumped with `changeStamp` and with the log's: the signal of the partition's topic in its
    /// broker's `PartitionTable` (`attach(to:)`), which tells a fetch session that none of the
    /// topic's partitions changed with one comparison (`SilentPartitions`).
    private(set) var changeSignal: ChangeSignal?
    var highWatermark: Offset {
        didSet { changeStamp &+= 1 }
    }
    var role: PartitionRole = .none {
        didSet {
            changeStamp &+= 1
            if case .leader(let state) = role { leadership = state } else { leadership = nil }
        }
    }
    /// The leadership `role` holds while it is `.leader`: the fetch and produce paths test and
    /// read it with one load, where matching the role copied it (and retained its payload).
    private(set) var leadership: PartitionLeadership?
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

    var isLeader: Bool { leadership != nil }

    var leaderState: PartitionLeadership? { leadership }

    /// The committed ISR plus a member being added: what the high watermark must wait for.
    var maximalIsr: [BrokerID] {
        guard let pending = pendingIsr else { return isr }
        return isr + pending.isr.filter { !isr.contains($0) }
    }

    /// `maximalIsr.count`, without building the list while no change is pending (every answered
    /// acks=all partition asks).
    var maximalIsrCount: Int { pendingIsr == nil ? isr.count : maximalIsr.count }

    var logEndOffset: Offset { log.logEndOffset }

    /// Bumps `signal` whenever the partition's or its log's `changeStamp` moves from now on.
    func attach(to signal: ChangeSignal) {
        changeSignal = signal
        log.changeSignal = signal
    }

    /// Bumps `changeStamp` with no field changed: no fetch session's read memo of the partition
    /// matches any more. For a follower's remote that left a session's `QuietFetchClock` outside
    /// that session's serve: the session must read the partition again, not skip it.
    func invalidateReadMemos() {
        changeStamp &+= 1
    }

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
/// fetch session it reads, and an instance is updated in place where a value inside the role
/// would be taken out of it and put back for each update.
///
/// A remote that sits on a fetch session's `QuietFetchClock` (`quiet`) is not written by the
/// session's skips of the partition: its state is the stored one with the clock's advances since
/// it joined applied, which every reader gets (`remote(at:)`, `remote(_:)`, `remotes`).
final class PartitionLeadership {
    /// The log end offset when this epoch began: a follower joins the ISR only past it (KIP-320),
    /// and ListOffsets hides a high watermark below it (KIP-207).
    let epochStartOffset: Offset
    /// The other replicas, in assignment order, without the quiet fetches of those on a clock.
    private var stored: [RemoteReplica]
    /// The clock each of `stored` sits on, if any, parallel to it.
    private var quiet: [QuietSubscription?]

    init(epochStartOffset: Offset, remotes: [RemoteReplica]) {
        self.epochStartOffset = epochStartOffset
        stored = remotes
        quiet = Array(repeating: nil, count: remotes.count)
    }

    /// The other replicas, in assignment order.
    var remotes: [RemoteReplica] { stored.indices.map(remote(at:)) }

    var remoteCount: Int { stored.count }

    /// The other replica at `index` in assignment order.
    func remote(at index: Int) -> RemoteReplica {
        quiet[index]?.applied(to: stored[index]) ?? stored[index]
    }

    func remote(_ broker: BrokerID) -> RemoteReplica? {
        stored.firstIndex { $0.broker == broker }.map(remote(at:))
    }

    /// Adds a replica that metadata assigned to the partition.
    func append(_ remote: RemoteReplica) {
        stored.append(remote)
        quiet.append(nil)
    }

    /// Drops the replicas metadata no longer assigns to the partition.
    func removeRemotes(notIn replicas: [BrokerID]) {
        for index in stored.indices.reversed() where !replicas.contains(stored[index].broker) {
            stored.remove(at: index)
            quiet.remove(at: index)
        }
    }

    /// `broker` fetched at `fetchOffset` (`RemoteReplica.updateFetchState`), in a serve of the
    /// fetch session whose clock is `serving`, if any. A remote on a clock leaves it first, its
    /// quiet fetches applied. `nil` (nothing updated) when `broker` is not a remote replica here;
    /// else whether its log end offset moved, and whether it left a clock other than `serving`
    /// (then that clock's session must not skip the partition again, see `QuietFetchClock`).
    @inline(__always)
    func fetched(
        _ broker: BrokerID, at fetchOffset: Offset, leaderLogEndOffset: Offset, brokerEpoch: Int64, now: Instant,
        serving: QuietFetchClock?
    ) -> (moved: Bool, leftOtherClock: Bool)? {
        for index in stored.indices where stored[index].broker == broker {
            var leftOtherClock = false
            if let subscription = quiet[index] {
                stored[index] = subscription.applied(to: stored[index])
                quiet[index] = nil
                leftOtherClock = subscription.clock !== serving
            }
            let moved = stored[index].logEndOffset != fetchOffset
            stored[index].updateFetchState(
                fetchOffset: fetchOffset, leaderLogEndOffset: leaderLogEndOffset, brokerEpoch: brokerEpoch, now: now)
            return (moved, leftOtherClock)
        }
        return nil
    }

    /// Puts `broker`'s remote on `clock`, right after a fetch left it at the log end: `false`
    /// when `broker` is not a remote replica here.
    func joinQuiet(_ broker: BrokerID, _ clock: QuietFetchClock) -> Bool {
        guard let index = stored.firstIndex(where: { $0.broker == broker }) else { return false }
        // Off any clock (the usual case: the fetch that just left it at the log end took it off),
        // the stored remote is already `remote(at:)`, and is not written back.
        if let subscription = quiet[index] { stored[index] = subscription.applied(to: stored[index]) }
        quiet[index] = QuietSubscription(clock)
        return true
    }

    /// Takes `broker`'s remote off `clock` (its quiet fetches applied), if it is on it.
    func leaveQuiet(_ broker: BrokerID, _ clock: QuietFetchClock) {
        guard let index = stored.firstIndex(where: { $0.broker == broker }), quiet[index]?.clock === clock else {
            return
        }
        stored[index] = remote(at: index)
        quiet[index] = nil
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
