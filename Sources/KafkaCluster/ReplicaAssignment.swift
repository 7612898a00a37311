import KafkaCore

/// Kafka's rack-unaware replica placement (`AdminUtils.assignReplicasToBrokersRackUnaware`).
///
/// Leaders go round-robin over the sorted brokers from `startIndex`; each partition's followers
/// follow its leader at a shift that grows by one every time the partitions wrap around the
/// brokers, so that replicas of consecutive partitions spread over different broker pairs.
/// Kafka draws `startIndex` and `shift` at random; here the caller passes them (from a seeded
/// generator) so placement is replayable.
public struct ReplicaAssignment: Hashable, Sendable {
    /// Replicas of each partition, preferred leader first, indexed by partition number.
    public let replicas: [[BrokerID]]

    /// Why a placement is impossible.
    public enum Failure: Error, Hashable, Sendable {
        case noBrokers
        case replicationFactorTooLarge(replicationFactor: Int, brokers: Int)
        case invalidPartitionCount(Int)
        case invalidReplicationFactor(Int)
    }

    public init(
        partitions: Int, replicationFactor: Int, brokers: [BrokerID], startIndex: Int, shift: Int
    ) throws(Failure) {
        guard partitions > 0 else { throw .invalidPartitionCount(partitions) }
        guard replicationFactor > 0 else { throw .invalidReplicationFactor(replicationFactor) }
        guard !brokers.isEmpty else { throw .noBrokers }
        guard replicationFactor <= brokers.count else {
            throw .replicationFactorTooLarge(replicationFactor: replicationFactor, brokers: brokers.count)
        }
        let sorted = brokers.sorted()
        let count = sorted.count
        var nextShift = shift % count
        var result: [[BrokerID]] = []
        result.reserveCapacity(partitions)
        for partition in 0..<partitions {
            if partition > 0 && partition % count == 0 {
                nextShift += 1
            }
            let first = (partition + startIndex) % count
            var replicas = [sorted[first]]
            for j in 0..<(replicationFactor - 1) {
                replicas.append(sorted[Self.replicaIndex(first: first, shift: nextShift, replica: j, brokers: count)])
            }
            result.append(replicas)
        }
        replicas = result
    }

    private static func replicaIndex(first: Int, shift: Int, replica: Int, brokers: Int) -> Int {
        let offset = 1 + (shift + replica) % (brokers - 1)
        return (first + offset) % brokers
    }
}
