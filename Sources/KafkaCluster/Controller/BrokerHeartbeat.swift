import KafkaCore

/// A BrokerHeartbeat request (KIP-631).
public struct BrokerHeartbeat: Hashable, Sendable {
    public var brokerID: BrokerID
    public var brokerEpoch: Int64
    /// The offset of the last metadata record the broker has replayed.
    public var currentMetadataOffset: Offset
    public var wantFence: Bool
    public var wantShutDown: Bool

    public init(
        brokerID: BrokerID, brokerEpoch: Int64, currentMetadataOffset: Offset, wantFence: Bool = false,
        wantShutDown: Bool = false
    ) {
        self.brokerID = brokerID
        self.brokerEpoch = brokerEpoch
        self.currentMetadataOffset = currentMetadataOffset
        self.wantFence = wantFence
        self.wantShutDown = wantShutDown
    }
}

/// The controller's answer to a heartbeat.
public struct BrokerHeartbeatResponse: Hashable, Sendable {
    public var error: KafkaError
    public var isFenced: Bool
    public var shouldShutDown: Bool

    public init(error: KafkaError = .none, isFenced: Bool, shouldShutDown: Bool = false) {
        self.error = error
        self.isFenced = isFenced
        self.shouldShutDown = shouldShutDown
    }
}

/// The controller's answer to a registration: the new broker epoch, or an error.
public struct BrokerRegistrationResponse: Hashable, Sendable {
    public var error: KafkaError
    public var brokerEpoch: Int64

    public init(error: KafkaError = .none, brokerEpoch: Int64 = -1) {
        self.error = error
        self.brokerEpoch = brokerEpoch
    }
}
