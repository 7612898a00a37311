import KafkaCore

extension BrokerID {
    /// Kafka's "no leader" value (-1) in partition metadata.
    public static let noLeader = BrokerID(-1)
}
