import KafkaCore

/// One broker as the console shows it.
public struct BrokerSnapshot: Hashable, Sendable {
    /// What the operator sees of the process.
    public enum State: String, Hashable, Sendable, CaseIterable {
        case running
        /// Registered but fenced by the controller (session expired, or not caught up yet).
        case fenced
        case starting
        case shuttingDown = "shutting down"
        /// Killed or stopped: the process is not running.
        case stopped
        /// Paused (a GC pause, SIGSTOP): alive but silent.
        case paused
        /// Running, but cut off from every other node.
        case isolated
    }

    public var id: BrokerID
    public var state: State
    /// Whether it runs a controller quorum voter, and whether that voter is the active controller.
    public var isQuorumVoter: Bool
    public var isActiveController: Bool
    public var partitionsLed: Int
    public var partitionsFollowed: Int
    /// Bytes of log on its disk, all partitions.
    public var logSizeBytes: Int
    /// Running totals since it started (the console derives rates from two snapshots).
    public var bytesIn: Int
    public var bytesOut: Int
    public var messagesIn: Int
    public var notices: [String]

    public init(
        id: BrokerID, state: State, isQuorumVoter: Bool = false, isActiveController: Bool = false,
        partitionsLed: Int = 0, partitionsFollowed: Int = 0, logSizeBytes: Int = 0, bytesIn: Int = 0,
        bytesOut: Int = 0, messagesIn: Int = 0, notices: [String] = []
    ) {
        self.id = id
        self.state = state
        self.isQuorumVoter = isQuorumVoter
        self.isActiveController = isActiveController
        self.partitionsLed = partitionsLed
        self.partitionsFollowed = partitionsFollowed
        self.logSizeBytes = logSizeBytes
        self.bytesIn = bytesIn
        self.bytesOut = bytesOut
        self.messagesIn = messagesIn
        self.notices = notices
    }
}
