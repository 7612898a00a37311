import ClusterModel
import TerminalUI

/// Why a row looks the way it does, in plain words with the numbers and the config names that
/// decide it: a pure function from the snapshot and a row's identity (`orders-3`, `broker:2`,
/// `topic:orders`, `group:analytics`) to lines. `e` shows it over the list.
public enum Explainer {
    /// Kafka's defaults, quoted when a snapshot does not carry the brokers' configs.
    static let defaultBrokerConfigs = [
        "broker.session.timeout.ms": "9000", "broker.heartbeat.interval.ms": "2000",
        "replica.lag.time.max.ms": "30000", "unclean.leader.election.enable": "false",
    ]

    /// The explanation of row `rowID`, or `nil` when the row is not something the snapshot
    /// describes (an event, a row that has gone).
    public static func lines(forRow rowID: String, snapshot: ClusterSnapshot) -> [ExplainLine]? {
        if rowID.hasPrefix("broker:"), let id = Int32(rowID.dropFirst(7)),
            let broker = snapshot.brokers.first(where: { $0.id.rawValue == id })
        {
            return BrokerExplainer.lines(broker, snapshot: snapshot)
        }
        if rowID.hasPrefix("topic:"), let topic = snapshot.topics.first(where: { $0.name == rowID.dropFirst(6) }) {
            return TopicExplainer.lines(topic, snapshot: snapshot)
        }
        if rowID.hasPrefix("group:"), let group = snapshot.groups.first(where: { $0.groupID == rowID.dropFirst(6) }) {
            return GroupExplainer.lines(group, snapshot: snapshot)
        }
        if rowID.hasPrefix("finding:"),
            let finding = snapshot.checks?.findings.first(where: { FindingExplainer.rowID($0) == rowID })
        {
            return FindingExplainer.lines(finding)
        }
        if let partition = snapshot.partitions.first(where: { $0.topicPartition.description == rowID }) {
            return PartitionExplainer.lines(partition, snapshot: snapshot)
        }
        return nil
    }

    /// The title of the overlay for `rowID`: `partition orders-3`, `broker 2`.
    public static func title(forRow rowID: String) -> String {
        for (prefix, word) in [("broker:", "broker "), ("topic:", "topic "), ("group:", "group ")]
        where rowID.hasPrefix(prefix) {
            return word + rowID.dropFirst(prefix.count)
        }
        if rowID.hasPrefix("finding:") { return "checker finding" }
        return "partition " + rowID
    }

    /// `name=value` for a broker config, from the snapshot or Kafka's default.
    static func brokerConfig(_ name: String, _ snapshot: ClusterSnapshot) -> String {
        "\(name)=\(snapshot.brokerConfig(name) ?? defaultBrokerConfigs[name] ?? "?")"
    }

    /// A topic config's value (`min.insync.replicas`), if the snapshot lists it.
    static func topicConfig(_ name: String, of topic: String, _ snapshot: ClusterSnapshot) -> String? {
        snapshot.topics.first { $0.name == topic }?.configs.first { $0.name == name }?.value
    }

    /// The latest events that `matches` keeps, newest last, as items: `t=39.1s  text`.
    static func recentEvents(
        _ snapshot: ClusterSnapshot, limit: Int, matching matches: (ClusterEvent) -> Bool
    ) -> [ExplainLine] {
        snapshot.events.filter(matches).suffix(limit).map { event in
            .item("\(event.instant)  \(event.text)", .muted)
        }
    }

    /// `orders-0, orders-3, … (+4 more)`: at most `limit` names.
    static func list(_ names: [String], limit: Int = 8) -> String {
        guard !names.isEmpty else { return "none" }
        let shown = names.prefix(limit).joined(separator: ", ")
        return names.count > limit ? shown + ", … (+\(names.count - limit) more)" : shown
    }

    /// `[1,2,3]`, as the events write replica lists.
    static func brokers(_ ids: [Int32]) -> String {
        "[" + ids.map { String($0) }.joined(separator: ",") + "]"
    }
}
