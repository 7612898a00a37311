import KafkaCore

/// Something the cluster did, in plain words with the config that governed it, for the events
/// view ("broker 2 missed heartbeats for broker.session.timeout.ms=9s → fenced").
public struct ClusterEvent: Hashable, Sendable {
    /// What kind of thing happened, for filtering and colour.
    public enum Kind: String, Hashable, Sendable {
        case broker
        case controller
        case leadership
        case isr
        case topic
        case group
        case fault
        /// A checker found something: a lost or duplicated record, a skip, an invariant broken.
        case check
    }

    public var instant: Instant
    public var kind: Kind
    /// Subjects for filtering: the brokers, topics and groups it concerns.
    public var brokers: [BrokerID]
    public var topics: [String]
    public var groups: [String]
    public var text: String

    public init(
        instant: Instant, kind: Kind, brokers: [BrokerID] = [], topics: [String] = [], groups: [String] = [],
        text: String
    ) {
        self.instant = instant
        self.kind = kind
        self.brokers = brokers
        self.topics = topics
        self.groups = groups
        self.text = text
    }
}
