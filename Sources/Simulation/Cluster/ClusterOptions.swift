import KafkaCluster
import KafkaCore
import KafkaLog

/// How to build a simulated cluster: how many servers, which of them run the controller quorum,
/// their settings, where their logs live, and the network between them.
public struct ClusterOptions: Sendable {
    /// Where the brokers' logs live.
    public enum Storage: Hashable, Sendable {
        /// In memory, one `SimulatedLogStorage` per broker: faults (power loss, I/O errors)
        /// can be injected.
        case simulated
        /// On disk under `root`, in `broker-<id>/` directories (`FileLogStorage`).
        case files(root: String)
    }

    public var brokers: Int
    /// How many of the first brokers also run a controller (combined mode); default up to 3.
    public var controllers: Int
    public var seed: UInt64
    public var storage: Storage
    public var link: LinkConfig
    /// Broker settings shared by every server (the quorum voters are filled in).
    public var server: ServerConfig
    /// Recent world events kept in `world.trace` (tests and debugging read them); 0 by default,
    /// keeping none: nothing in a run reads them, the digest covers every event regardless, and
    /// keeping them costs a few per cent of a busy run (each message with records is redacted,
    /// copied into the ring and freed again when overwritten).
    public var traceCapacity = 0

    public init(
        brokers: Int = 3, controllers: Int? = nil, seed: UInt64, storage: Storage = .simulated,
        link: LinkConfig = .datacenter
    ) {
        precondition(brokers >= 1 && brokers <= 64, "a cluster has 1 to 64 brokers, not \(brokers)")
        let controllerCount = controllers ?? min(3, brokers)
        precondition(
            controllerCount >= 1 && controllerCount <= brokers,
            "between 1 and \(brokers) controllers, not \(controllerCount)")
        self.brokers = brokers
        self.controllers = controllerCount
        self.seed = seed
        self.storage = storage
        self.link = link
        server = ServerConfig(controllerQuorumVoters: (1...controllerCount).map { BrokerID(Int32($0)) })
    }

    public var brokerIDs: [BrokerID] { (1...brokers).map { BrokerID(Int32($0)) } }
}
