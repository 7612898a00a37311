import KafkaCore
import KafkaLog

/// A follower's fetching from one leader (Kafka's `ReplicaFetcherThread`): the partitions it
/// follows there, its side of the incremental fetch session, and the fetch in flight.
///
/// A broker keeps one per leader it ever fetched from, sorted by leader, even once it follows
/// nothing there: the session handler outlives an empty partition list, as Kafka's fetcher
/// thread keeps its session while partitions come and go.
final class ReplicaFetcher {
    let leader: BrokerID
    /// The partitions followed from `leader`, sorted.
    private(set) var partitions: [TopicPartition] = []
    /// This broker's replicas of `partitions`, in the same order: every fetch looks at every
    /// followed partition.
    private var resolved = ResolvedReplicas()
    /// This follower's side of its incremental fetch session with `leader`.
    var handler = FetchSessionHandler()
    /// The replicas' change stamps as of the last in-place refresh of their session entries
    /// (`Broker.refreshSessionInPlace`), parallel to the replicas.
    var refreshStamps = RefreshStamps()
    /// The replica fetch in flight, if any.
    var inFlight: ReplicaFetchInFlight?

    init(leader: BrokerID) {
        self.leader = leader
    }

    /// Whether this broker follows any partition from `leader`.
    var isFollowing: Bool { !partitions.isEmpty }

    /// Follows `topicPartition` from `leader` (nothing changes if it already does).
    func add(_ topicPartition: TopicPartition) {
        guard !partitions.contains(topicPartition) else { return }
        let index = partitions.firstIndex { $0 > topicPartition } ?? partitions.count
        partitions.insert(topicPartition, at: index)
        resolved.invalidate()
        refreshStamps.invalidate()
    }

    /// Stops following `topicPartition` from `leader`.
    func remove(_ topicPartition: TopicPartition) {
        guard let index = partitions.firstIndex(of: topicPartition) else { return }
        partitions.remove(at: index)
        resolved.invalidate()
        refreshStamps.invalidate()
    }

    /// The replicas of `partitions` in `table`, resolved again only when the table or the list
    /// changed since the last call.
    func replicas(in table: PartitionTable) -> [Partition?] {
        resolved.replicas(of: partitions, in: table) { $0 }
    }

    /// `replicas(in:)` of a table at `generation` when it needs no lookup, else `nil`.
    func replicas(at generation: UInt64) -> [Partition?]? {
        resolved.replicas(at: generation, count: partitions.count)
    }
}

/// What a follower's replicas looked like right after the last in-place refresh of their
/// session entries (`Broker.refreshSessionInPlace`): each replica's `Partition.changeStamp` and
/// its log's `changeStamp`, by position in the fetcher's resolved replicas.
///
/// A follower builds every replica fetch from every followed partition's fetch state (its log
/// end, start and latest epoch, its leader epoch) and backoff; most partitions are idle, and the
/// log's offsets and epoch are three calls into the log, the epoch a load of the epoch cache's
/// entries besides. A refresh leaves the partition's backoff cleared and its session entry
/// equal to that fetch state. While both stamps hold (they move on every change of any of those
/// fields) and the session entries are changed by in-place refreshes only, refreshing the
/// partition again changes nothing and lists nothing: the refresh, and `changedSinceRefresh`'s
/// look at it, are skipped. Anything else resets the stamps: another table generation (the
/// replicas may differ), another list of followed partitions, a session rebuilt by `build`.
///
/// The positions below 64 are also grouped by their topic's `ChangeSignal`, which every change
/// of the topic's partitions and their logs bumps, with its count when a refresh last left them
/// all as their stamps say (`settle`): while a topic's signal holds, its positions are unchanged
/// without a load of each replica and log (`quiet`). Most of a follower's partitions are idle
/// `__consumer_offsets` ones, each a few cache misses per fetch.
struct RefreshStamps {
    private struct Stamps {
        var partition: UInt64
        var log: UInt64
        /// Whether the position was refreshed since the stamps were last reset.
        var known: Bool
    }

    private var stamps: [Stamps] = []
    /// The table generation the stamps hold for; `nil` when reset since.
    private var generation: UInt64?
    /// The positions below 64 grouped by their topic's signal, with its count when `settle` last
    /// found them as recorded.
    private var groups = TopicSignalGroups()

    /// Makes room for `count` replicas resolved at table `generation`, forgetting every stamp
    /// unless they were recorded for the same.
    mutating func prepare(count: Int, generation: UInt64) {
        guard self.generation != generation || stamps.count != count else { return }
        stamps = Array(repeating: Stamps(partition: 0, log: 0, known: false), count: count)
        self.generation = generation
        groups.forget()
    }

    /// The positions below 64 unchanged since the last `settle` as their topics' signals tell,
    /// without looking at them: each is `unchanged`.
    @inline(__always)
    func quiet() -> UInt64 { groups.unchanged() }

    /// Every replica among `replicas` (those `prepare` made room for) is `unchanged` now: groups
    /// the positions below 64 not grouped yet by their topic's signal, and takes each signal's
    /// count. A replica without a signal is in no group, and `quiet` never counts it.
    mutating func settle(_ replicas: [Partition?]) {
        groups.group(TopicSignalGroups.positions(below: replicas.count), in: replicas)
    }

    /// Whether `partition`, at `index` since `prepare`, is as its last refresh left it.
    @inline(__always)
    func unchanged(_ index: Int, _ partition: Partition) -> Bool {
        stamps[index].known && stamps[index].partition == partition.changeStamp
            && stamps[index].log == partition.log.changeStamp
    }

    /// `partition`, at `index` since `prepare`, has just been refreshed.
    @inline(__always)
    mutating func record(_ index: Int, _ partition: Partition) {
        stamps[index] = Stamps(partition: partition.changeStamp, log: partition.log.changeStamp, known: true)
    }

    /// Forgets every stamp.
    mutating func invalidate() {
        generation = nil
        stamps = []
        groups.forget()
    }
}
