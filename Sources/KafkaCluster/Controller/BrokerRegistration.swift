import KafkaCore

/// One registered broker in the `ClusterImage` part of the metadata image.
public struct BrokerRegistration: Hashable, Sendable {
    public let id: BrokerID
    /// The offset of the broker's `RegisterBrokerRecord`; a restart registers again and gets a
    /// new epoch.
    public let epoch: Int64
    /// Random per process start, so the controller can tell a restart from a retry.
    public let incarnation: UInt64
    public var fenced: Bool
    public var inControlledShutdown: Bool

    public init(
        id: BrokerID, epoch: Int64, incarnation: UInt64, fenced: Bool = true, inControlledShutdown: Bool = false
    ) {
        self.id = id
        self.epoch = epoch
        self.incarnation = incarnation
        self.fenced = fenced
        self.inControlledShutdown = inControlledShutdown
    }

    /// Fenced wins over controlled shutdown: a fenced broker is simply not alive.
    public var state: BrokerState {
        if fenced { return .fenced }
        return inControlledShutdown ? .controlledShutdown : .unfenced
    }

    /// Whether the broker may lead or be elected (`ClusterControlManager.isActive`).
    public var isActive: Bool { state == .unfenced }
}
