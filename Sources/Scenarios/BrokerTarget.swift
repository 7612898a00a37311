import KafkaCore

/// Which broker a step acts on: by id, or by its role when the step fires.
public enum BrokerTarget: Sendable, Hashable {
    /// `broker 2` (or just `2`).
    case id(BrokerID)
    /// `leader of orders-0`: the partition's leader when the step fires.
    case leaderOf(TopicPartition)
    /// `follower of orders-0`: a replica of the partition that is not its leader when the step
    /// fires (the lowest id among them, so runs repeat).
    case followerOf(TopicPartition)
    /// `controller`: the active KRaft controller.
    case activeController
    /// `random broker`: one broker drawn from the run's seeded generator.
    case randomBroker
}

/// A node of the simulated network: a broker, or the clients of a producer or a group.
public enum NetworkNode: Sendable, Hashable {
    case broker(BrokerTarget)
    /// The producer called NAME.
    case producer(String)
    /// Every member of the consumer group called NAME.
    case group(String)
    /// `others`, only as a whole group of a `partition` step: every broker and client that the
    /// step's other groups do not name (resolved when the step fires, so `partition {controller}
    /// {others}` cuts the active controller off from everyone).
    case others
}

/// Which links a link fault (`latency`, `packet-loss`, `bandwidth`) degrades.
public enum LinkScope: Sendable, Hashable {
    /// No `on`/`between`: every link.
    case everywhere
    /// `on NODE`: every link to and from the node.
    case node(NetworkNode)
    /// `between {A…} {B…}`: the links between a node of the first group and one of the second,
    /// both directions.
    case between([NetworkNode], [NetworkNode])
}
