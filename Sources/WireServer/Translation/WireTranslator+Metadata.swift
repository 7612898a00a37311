import KafkaCore
import KafkaWire

/// Metadata: the engine's live brokers and leaders, with the loopback address of each broker's
/// listener.
extension WireTranslator {
    /// Topics null (v1+) or empty in v0 mean all topics; an empty list in v1+ means none
    /// (librdkafka's brokers-only bootstrap). Auto-creation is not done: unknown topics answer
    /// `UNKNOWN_TOPIC_OR_PARTITION`.
    func engineMetadata(_ request: KafkaWire.MetadataRequest, version: Int16) -> KafkaCore.MetadataRequest {
        guard let topics = request.topics, !(version == 0 && topics.isEmpty) else {
            return KafkaCore.MetadataRequest(topics: nil)
        }
        return KafkaCore.MetadataRequest(topics: topics.map(\.name))
    }

    func wireMetadata(_ response: KafkaCore.MetadataResponse) -> KafkaWire.MetadataResponse {
        let brokers = response.brokers.map { broker in
            KafkaWire.MetadataResponse.Broker(nodeID: broker.rawValue, host: ListenerPlan.host, port: port(of: broker))
        }
        let topics = response.topics.map { topic in
            KafkaWire.MetadataResponse.Topic(
                errorCode: topic.error.rawValue, name: topic.name, isInternal: topic.name.hasPrefix("__"),
                partitions: topic.partitions.map { partition in
                    .init(
                        errorCode: partition.error.rawValue, partitionIndex: partition.partition,
                        leaderID: partition.leader?.rawValue ?? -1, leaderEpoch: partition.leaderEpoch.rawValue,
                        replicaNodes: partition.replicas.map(\.rawValue), isrNodes: partition.isr.map(\.rawValue),
                        offlineReplicas: partition.offlineReplicas.map(\.rawValue))
                })
        }
        let controller = response.controllerID ?? response.brokers.first
        return KafkaWire.MetadataResponse(
            brokers: brokers, clusterID: Self.clusterID, controllerID: controller?.rawValue ?? -1, topics: topics)
    }
}
