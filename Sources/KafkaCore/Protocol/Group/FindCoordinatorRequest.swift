/// What a FindCoordinator key names (`key_type`).
public enum CoordinatorType: Int8, Hashable, Sendable {
    /// A consumer group id; coordinated by the leader of its `__consumer_offsets` partition.
    case group = 0
    /// A `transactional.id`; coordinated by the leader of its `__transaction_state` partition.
    case transaction = 1
}

/// FindCoordinator: which broker coordinates a group (or transactional id). Any broker answers.
public struct FindCoordinatorRequest: Hashable, Sendable {
    public var key: String
    public var keyType: CoordinatorType

    public init(key: String, keyType: CoordinatorType = .group) {
        self.key = key
        self.keyType = keyType
    }
}

/// The coordinator's broker id, or `COORDINATOR_NOT_AVAILABLE` while the partition has no leader.
/// The wire server adds the broker's host and port.
public struct FindCoordinatorResponse: Hashable, Sendable {
    public var error: KafkaError
    /// The coordinator, `nil` on error.
    public var coordinator: BrokerID?

    public init(error: KafkaError, coordinator: BrokerID? = nil) {
        self.error = error
        self.coordinator = coordinator
    }
}
