import KafkaCore
import KafkaLog

/// A broker's partition replicas by topic, then by partition number: what a dictionary keyed by
/// `TopicPartition` would be, without hashing the topic name on every lookup (the fetch and
/// produce paths look partitions up once per partition per request).
///
/// Topics are kept sorted by name, each with an array indexed by partition number, so
/// `sorted` lists the partitions in `TopicPartition` order without sorting anything. A lookup
/// compares topic names (short names compare as two words) and indexes the array; past
/// `indexedTopicCount` topics, a name-to-position dictionary finds the topic instead.
struct PartitionTable {
    /// Topic names, sorted.
    private var topics: [String] = []
    /// Per topic (same positions as `topics`), the replicas by partition number.
    private var slots: [[Partition?]] = []
    /// Per topic (same positions as `topics`), the signal its replicas and their logs bump on
    /// every change (`Partition.attach(to:)`).
    private var signals: [ChangeSignal] = []
    /// Topic name to position in `topics`, kept only past `indexedTopicCount` topics.
    private var positions: [String: Int] = [:]
    /// How many replicas the table holds.
    private(set) var count = 0
    /// Moves on whenever a replica is added, replaced or removed: a caller that resolved
    /// partitions at one generation may keep using them while it holds.
    private(set) var generation: UInt64 = 0

    /// Up to this many topics a lookup compares names one by one.
    static let indexedTopicCount = 8

    var isEmpty: Bool { count == 0 }

    /// The position of `topic` in `topics`. Names of another length are passed over on their
    /// lengths alone: `==` of two strings that are not the same bits calls into the runtime,
    /// which compared the table's other topics' names on every lookup.
    @inline(__always)
    private func position(of topic: String) -> Int? {
        if topics.count > Self.indexedTopicCount { return positions[topic] }
        let length = topic.utf8.count
        for index in topics.indices where topics[index].utf8.count == length && topics[index] == topic {
            return index
        }
        return nil
    }

    subscript(topicPartition: TopicPartition) -> Partition? {
        get {
            guard let topic = position(of: topicPartition.topic) else { return nil }
            let number = Int(topicPartition.partition)
            // Indexed in place: a local copy of the topic's array would retain and release it.
            guard number >= 0 && number < slots[topic].count else { return nil }
            return slots[topic][number]
        }
        set {
            let number = Int(topicPartition.partition)
            precondition(number >= 0, "\(topicPartition): negative partition number")
            guard let newValue else {
                _ = removeValue(forKey: topicPartition)
                return
            }
            let topic = position(of: topicPartition.topic) ?? insertTopic(topicPartition.topic)
            if slots[topic].count <= number {
                slots[topic].append(contentsOf: repeatElement(nil, count: number + 1 - slots[topic].count))
            }
            if slots[topic][number] == nil { count += 1 }
            newValue.attach(to: signals[topic])
            slots[topic][number] = newValue
            generation &+= 1
        }
    }

    /// Removes and returns the replica of `topicPartition`, if any.
    @discardableResult
    mutating func removeValue(forKey topicPartition: TopicPartition) -> Partition? {
        guard let topic = position(of: topicPartition.topic) else { return nil }
        let number = Int(topicPartition.partition)
        guard number >= 0 && number < slots[topic].count, let removed = slots[topic][number] else { return nil }
        slots[topic][number] = nil
        count -= 1
        generation &+= 1
        return removed
    }

    /// Every replica, in `TopicPartition` order.
    var sorted: [Partition] {
        var result: [Partition] = []
        result.reserveCapacity(count)
        for replicas in slots {
            for case let partition? in replicas { result.append(partition) }
        }
        return result
    }

    /// Every replica's topic partition, in order.
    var keys: [TopicPartition] { sorted.map(\.topicPartition) }

    private mutating func insertTopic(_ topic: String) -> Int {
        let index = topics.firstIndex { topic < $0 } ?? topics.count
        topics.insert(topic, at: index)
        slots.insert([], at: index)
        signals.insert(ChangeSignal(), at: index)
        if topics.count > Self.indexedTopicCount {
            positions.removeAll(keepingCapacity: true)
            for (position, name) in topics.enumerated() { positions[name] = position }
        }
        return index
    }
}
