import KafkaCore

/// One entry of the `__cluster_metadata` log, named after Kafka's record types.
///
/// Only replaying records changes a `MetadataImage`; the controller decides by producing them.
/// `encoded()` / `init(decoding:)` give the bytes that travel as a Raft payload.
public enum MetadataRecord: Hashable, Sendable {
    /// `RegisterBrokerRecord`: the broker's epoch becomes this record's offset; it starts fenced.
    case registerBroker(id: BrokerID, incarnation: UInt64)
    /// `BrokerRegistrationChangeRecord`: `nil` fields stay as they are.
    case brokerRegistrationChange(id: BrokerID, brokerEpoch: Int64, fenced: Bool?, inControlledShutdown: Bool?)
    /// `UnregisterBrokerRecord`.
    case unregisterBroker(id: BrokerID, brokerEpoch: Int64)
    /// `TopicRecord` (with the topic's configs folded in).
    case topic(name: String, id: TopicID, config: TopicConfig)
    /// `PartitionRecord`.
    case partition(TopicPartition, PartitionRegistration)
    /// `PartitionChangeRecord`.
    case partitionChange(PartitionChange)
    /// `ProducerIdsRecord`: `brokerID` (at `brokerEpoch`) was handed the block of producer ids
    /// that ends just before `nextProducerID`, which is where the next block starts.
    case producerIDs(brokerID: BrokerID, brokerEpoch: Int64, nextProducerID: Int64)
}
