import KafkaCore
import KafkaWire

/// OffsetCommit and OffsetFetch: committed offsets by group, topic and partition.
extension WireTranslator {
    /// `retention_time_ms` (v2–4) is ignored, as Kafka 2.1+ does.
    func engineOffsetCommit(_ commit: KafkaWire.OffsetCommitRequest) -> KafkaCore.OffsetCommitRequest {
        let partitions = commit.topics.flatMap { topic in
            topic.partitions.map { partition in
                OffsetCommitPartition(
                    TopicPartition(topic.name, partition.partitionIndex),
                    committedOffset: Offset(partition.committedOffset),
                    committedLeaderEpoch: LeaderEpoch(partition.committedLeaderEpoch),
                    metadata: partition.committedMetadata)
            }
        }
        return KafkaCore.OffsetCommitRequest(
            groupID: commit.groupID, generationID: commit.generationIDOrMemberEpoch, memberID: commit.memberID,
            groupInstanceID: commit.groupInstanceID, partitions: partitions)
    }

    func wireOffsetCommit(_ response: KafkaCore.OffsetCommitResponse) -> KafkaWire.OffsetCommitResponse {
        let topics = groupedByTopic(response.partitions) { $0.topicPartition.topic }.map { group in
            KafkaWire.OffsetCommitResponse.Topic(
                name: group.topic,
                partitions: group.items.map {
                    .init(partitionIndex: $0.topicPartition.partition, errorCode: $0.error.rawValue)
                })
        }
        return KafkaWire.OffsetCommitResponse(topics: topics)
    }

    /// Topics null (v2+) means every committed partition of the group.
    func engineOffsetFetch(_ fetch: KafkaWire.OffsetFetchRequest) -> KafkaCore.OffsetFetchRequest {
        let partitions = fetch.topics.map { topics in
            topics.flatMap { topic in topic.partitionIndexes.map { TopicPartition(topic.name, $0) } }
        }
        return KafkaCore.OffsetFetchRequest(groupID: fetch.groupID, partitions: partitions)
    }

    /// v1 has no top-level error code: as Kafka does, a group-level error goes into every
    /// requested partition instead.
    func wireOffsetFetch(
        _ response: KafkaCore.OffsetFetchResponse, request: KafkaWire.OffsetFetchRequest, version: Int16
    ) -> KafkaWire.OffsetFetchResponse {
        var partitions = response.partitions
        if version < 2, response.error != .none, partitions.isEmpty {
            partitions = (request.topics ?? []).flatMap { topic in
                topic.partitionIndexes.map {
                    OffsetFetchPartitionResponse(TopicPartition(topic.name, $0), error: response.error)
                }
            }
        }
        let topics = groupedByTopic(partitions) { $0.topicPartition.topic }.map { group in
            KafkaWire.OffsetFetchResponse.Topic(
                name: group.topic,
                partitions: group.items.map { partition in
                    .init(
                        partitionIndex: partition.topicPartition.partition,
                        committedOffset: partition.committedOffset.rawValue,
                        committedLeaderEpoch: partition.committedLeaderEpoch.rawValue, metadata: partition.metadata,
                        errorCode: partition.error.rawValue)
                })
        }
        return KafkaWire.OffsetFetchResponse(topics: topics, errorCode: response.error.rawValue)
    }
}
