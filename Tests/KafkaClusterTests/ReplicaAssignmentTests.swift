import KafkaCluster
import KafkaCore
import Testing

@Suite struct ReplicaAssignmentTests {
    let brokers = (0..<5).map { BrokerID(Int32($0)) }

    /// The example in Kafka's `AdminUtils` documentation: 5 brokers, 10 partitions, RF 3,
    /// start index 0, shift 0.
    @Test("placement follows Kafka's documented rack-unaware example")
    func kafkaExample() throws {
        let assignment = try ReplicaAssignment(
            partitions: 10, replicationFactor: 3, brokers: brokers, startIndex: 0, shift: 0)
        let ids = assignment.replicas.map { $0.map(\.rawValue) }
        #expect(
            ids == [
                [0, 1, 2], [1, 2, 3], [2, 3, 4], [3, 4, 0], [4, 0, 1],
                [0, 2, 3], [1, 3, 4], [2, 4, 0], [3, 0, 1], [4, 1, 2],
            ])
    }

    @Test("a replication factor above the broker count is refused")
    func tooManyReplicas() {
        #expect(throws: ReplicaAssignment.Failure.replicationFactorTooLarge(replicationFactor: 6, brokers: 5)) {
            try ReplicaAssignment(partitions: 1, replicationFactor: 6, brokers: brokers, startIndex: 0, shift: 0)
        }
    }

    @Test("every partition's replicas are distinct brokers", arguments: 0..<5)
    func distinctReplicas(startIndex: Int) throws {
        let assignment = try ReplicaAssignment(
            partitions: 12, replicationFactor: 3, brokers: brokers, startIndex: startIndex, shift: 2)
        for replicas in assignment.replicas {
            #expect(Set(replicas).count == 3)
        }
    }
}
