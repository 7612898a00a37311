import KafkaCore

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
    }

    /// Stops following `topicPartition` from `leader`.
    func remove(_ topicPartition: TopicPartition) {
        guard let index = partitions.firstIndex(of: topicPartition) else { return }
        partitions.remove(at: index)
        resolved.invalidate()
    }

    /// The replicas of `partitions` in `table`, resolved again only when the table or the list
    /// changed since the last call.
    func replicas(in table: PartitionTable) -> [Partition?] {
        resolved.replicas(of: partitions, in: table) { $0 }
    }
}
