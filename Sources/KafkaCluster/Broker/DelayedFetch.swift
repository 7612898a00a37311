import KafkaCore

/// A Fetch that found less than `minBytes` and waits for more, or for `maxWait` (Kafka's
/// `DelayedFetch`).
///
/// `fetches` are the partitions it reads (for an incremental fetch, every partition of the
/// session), checked without reading records until enough bytes wait (`Broker.canComplete`);
/// the read happens once, when it completes. `replicas` are this broker's replicas of them, as
/// the partition table held them at `generation`.
///
/// A class: the broker's list of parked fetches is rebuilt whenever a produce or a high
/// watermark move tries them, and a reference moves with one retain where the value's eight
/// fields (three arrays among them) took one each.
final class DelayedFetch {
    let id: UInt64
    let from: NodeID
    let request: FetchRequest
    let context: FetchContext
    /// The fetch session it was served with, if any: while the cache still holds it, the
    /// completion finds it without a lookup (`FetchSessionCache.filed`).
    let session: FetchSession?
    let fetches: [FetchPartition]
    let replicas: [Partition?]
    let generation: UInt64
    let deadline: Instant

    init(
        id: UInt64, from: NodeID, request: FetchRequest, context: FetchContext, session: FetchSession?,
        fetches: [FetchPartition], replicas: [Partition?], generation: UInt64, deadline: Instant
    ) {
        self.id = id
        self.from = from
        self.request = request
        self.context = context
        self.session = session
        self.fetches = fetches
        self.replicas = replicas
        self.generation = generation
        self.deadline = deadline
    }

    /// The position in `fetches` of `topicPartition`, whose replica in the partition table at
    /// `tableGeneration` is `replica`: by identity among the resolved replicas when they were
    /// resolved at that generation (each replica sits under its own topic partition only), else
    /// by name.
    ///
    /// A session's fetches are searched from the end (a session holds each partition once, so
    /// either end finds the same): the partitions that return records move to its end, and they
    /// are the ones whose appends and high watermarks complete parked fetches, where a search
    /// from the front passed over a follower's idle `__consumer_offsets` partitions first.
    func position(of topicPartition: TopicPartition, replica: Partition?, generation tableGeneration: UInt64) -> Int? {
        if let replica, generation == tableGeneration {
            return session == nil ? replicas.firstIndex { $0 === replica } : replicas.lastIndex { $0 === replica }
        }
        return fetches.firstIndex { $0.topicPartition == topicPartition }
    }
}
