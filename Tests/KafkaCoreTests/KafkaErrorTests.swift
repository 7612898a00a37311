import KafkaCore
import Testing

@Suite struct KafkaErrorTests {
    @Test("error codes carry Kafka's wire values and names")
    func codesAndNames() {
        let expected: [(KafkaError, Int16, String)] = [
            (.unknownServerError, -1, "UNKNOWN_SERVER_ERROR"), (.none, 0, "NONE"),
            (.offsetOutOfRange, 1, "OFFSET_OUT_OF_RANGE"), (.corruptMessage, 2, "CORRUPT_MESSAGE"),
            (.notLeaderOrFollower, 6, "NOT_LEADER_OR_FOLLOWER"), (.messageTooLarge, 10, "MESSAGE_TOO_LARGE"),
            (.notEnoughReplicasAfterAppend, 20, "NOT_ENOUGH_REPLICAS_AFTER_APPEND"),
            (.unknownMemberID, 25, "UNKNOWN_MEMBER_ID"),
            (.outOfOrderSequenceNumber, 45, "OUT_OF_ORDER_SEQUENCE_NUMBER"),
            (.kafkaStorageError, 56, "KAFKA_STORAGE_ERROR"), (.unknownProducerID, 59, "UNKNOWN_PRODUCER_ID"),
            (.fencedLeaderEpoch, 74, "FENCED_LEADER_EPOCH"), (.memberIDRequired, 79, "MEMBER_ID_REQUIRED"),
            (.fencedInstanceID, 82, "FENCED_INSTANCE_ID"), (.invalidRecord, 87, "INVALID_RECORD"),
            (.inconsistentTopicID, 103, "INCONSISTENT_TOPIC_ID"), (.unknownControllerID, 116, "UNKNOWN_CONTROLLER_ID"),
        ]
        for (error, code, name) in expected {
            #expect(error.rawValue == code)
            #expect(error.name == name)
            #expect(KafkaError(code: code) == error)
        }
        #expect(KafkaError.corruptMessage.description == "CORRUPT_MESSAGE (2)")
    }

    @Test("codes run without gaps from -1 to 116, and unknown codes read as UNKNOWN_SERVER_ERROR")
    func completeTable() {
        #expect(KafkaError.allCases.map(\.rawValue) == Array(-1...116))
        #expect(Set(KafkaError.allCases.map(\.name)).count == KafkaError.allCases.count)
        #expect(KafkaError(code: 117) == .unknownServerError)
        #expect(KafkaError(code: -2) == .unknownServerError)
    }

    @Test("retriable errors are the ones Kafka's clients retry")
    func retriable() {
        let retriable: [KafkaError] = [
            .corruptMessage, .unknownTopicOrPartition, .leaderNotAvailable, .notLeaderOrFollower, .requestTimedOut,
            .notEnoughReplicas, .notEnoughReplicasAfterAppend, .coordinatorLoadInProgress, .coordinatorNotAvailable,
            .notCoordinator, .notController, .kafkaStorageError, .fencedLeaderEpoch, .unknownLeaderEpoch,
            .offsetNotAvailable,
        ]
        let fatal: [KafkaError] = [
            .none, .unknownServerError, .offsetOutOfRange, .messageTooLarge, .invalidRecord, .illegalGeneration,
            .unknownMemberID, .rebalanceInProgress, .outOfOrderSequenceNumber, .duplicateSequenceNumber,
            .invalidProducerEpoch, .unknownProducerID, .topicAlreadyExists, .memberIDRequired, .fencedInstanceID,
        ]
        #expect(retriable.filter { !$0.isRetriable }.isEmpty)
        #expect(fatal.filter(\.isRetriable).isEmpty)
    }
}
