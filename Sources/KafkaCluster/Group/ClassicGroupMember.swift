import KafkaCore

/// One member of a classic group, with the requests it has parked at the coordinator.
public struct ClassicGroupMember: Hashable, Sendable {
    public internal(set) var memberID: String
    public let groupInstanceID: String?
    public internal(set) var clientID: String
    public internal(set) var clientHost: String
    public internal(set) var sessionTimeout: Duration
    public internal(set) var rebalanceTimeout: Duration
    /// The assignors it supports, most preferred first, with its subscription for each.
    public internal(set) var protocols: [JoinGroupProtocol]
    /// Its assignment in the current generation (empty until the leader synced).
    public internal(set) var assignment: [UInt8]
    /// The JoinGroup parked until the join phase completes.
    public internal(set) var awaitingJoin: GroupRequestToken?
    /// The SyncGroup parked until the leader's assignment arrives.
    public internal(set) var awaitingSync: GroupRequestToken?
    /// When the member is removed unless it is heard from; ignored while a request is parked
    /// (the client cannot heartbeat then, and Kafka keeps such members alive).
    public internal(set) var sessionDeadline: Instant

    /// Whether a JoinGroup or SyncGroup of this member is parked.
    var isParked: Bool { awaitingJoin != nil || awaitingSync != nil }

    /// The subscription for `protocolName` (empty if the member does not support it).
    func metadata(for protocolName: String?) -> [UInt8] {
        protocols.first { $0.name == protocolName }?.metadata ?? []
    }
}
