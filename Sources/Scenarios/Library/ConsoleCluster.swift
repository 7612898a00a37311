import KafkaCore

extension ScenarioLibrary {
    /// The console's default cluster (`flightdeck` with no `--scenario`): the order-processing
    /// use case without its story. `brokers` brokers (the first three run the KRaft quorum),
    /// `orders` (6 partitions, `min.insync.replicas=2`) and the compacted `order-events`
    /// (replication factor min(3, brokers), min ISR at most that), the order service producing
    /// keyed orders with `acks=all` in gentle waves, `inventory` (3 members) keeping up and
    /// `analytics` (2 members at 30 records/s each) falling behind, and an empty timeline: what
    /// happens is up to the operator. It lasts a year of virtual time, the longest a scenario may.
    public static func consoleCluster(brokers: Int = 3) -> Scenario {
        let base: Scenario
        do {
            base = try orderProcessing.parse()
        } catch {
            preconditionFailure("the built-in order-processing scenario does not parse: \(error)")
        }
        var scenario = base
        scenario.name = "order-processing-live"
        scenario.title = "Order processing: orders feed inventory and analytics consumers"
        scenario.description = [
            "The default cluster: the order service writes orders keyed by customer (acks=all, idempotent);",
            "inventory keeps up, analytics processes slowly and its lag grows. No faults: yours to break.",
        ]
        scenario.duration = .seconds(365 * 86_400)
        scenario.seed = nil
        scenario.cluster = ClusterSpec(brokers: brokers, controllers: min(3, brokers), configs: [])
        let replication = Int16(min(3, max(1, brokers)))
        scenario.topics = base.topics.map { topic in
            var topic = topic
            topic.replicationFactor = min(topic.replicationFactor, replication)
            topic.minInsyncReplicas = topic.minInsyncReplicas.map { min($0, Int32(replication)) }
            return topic
        }
        scenario.timeline = []
        scenario.expectations = []
        scenario.source = "library:order-processing-live"
        return scenario
    }
}
