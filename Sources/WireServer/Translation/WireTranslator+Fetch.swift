import KafkaCore
import KafkaWire

/// Fetch and ListOffsets: consumers only (a real client's replica id is -1); no fetch sessions
/// (`session_id` 0 means none, and clients keep sending full fetches).
extension WireTranslator {
    func engineFetch(_ fetch: KafkaWire.FetchRequest) -> KafkaCore.FetchRequest {
        let partitions = fetch.topics.flatMap { topic in
            topic.partitions.map { partition in
                FetchPartition(
                    TopicPartition(topic.topic, partition.partition), fetchOffset: Offset(partition.fetchOffset),
                    currentLeaderEpoch: partition.currentLeaderEpoch < 0
                        ? nil : LeaderEpoch(partition.currentLeaderEpoch),
                    partitionMaxBytes: Int(max(0, partition.partitionMaxBytes)))
            }
        }
        return KafkaCore.FetchRequest(
            maxWait: .milliseconds(Int64(max(0, fetch.maxWaitMs))), minBytes: Int(max(0, fetch.minBytes)),
            maxBytes: Int(max(0, fetch.maxBytes)),
            isolationLevel: IsolationLevel(rawValue: fetch.isolationLevel) ?? .readUncommitted,
            partitions: partitions)
    }

    func wireFetch(_ response: KafkaCore.FetchResponse) -> KafkaWire.FetchResponse {
        let topics = groupedByTopic(response.partitions) { $0.topicPartition.topic }.map { group in
            KafkaWire.FetchResponse.FetchableTopicResponse(
                topic: group.topic,
                partitions: group.items.map { partition in
                    // No transactions: the last stable offset is the high watermark.
                    let lastStable =
                        partition.lastStableOffset == .none ? partition.highWatermark : partition.lastStableOffset
                    return .init(
                        partitionIndex: partition.topicPartition.partition, errorCode: partition.error.rawValue,
                        highWatermark: partition.highWatermark.rawValue, lastStableOffset: lastStable.rawValue,
                        logStartOffset: partition.logStartOffset.rawValue, abortedTransactions: [],
                        records: partition.records)
                })
        }
        return KafkaWire.FetchResponse(errorCode: response.error.rawValue, responses: topics)
    }

    func engineListOffsets(_ request: KafkaWire.ListOffsetsRequest) -> KafkaCore.ListOffsetsRequest {
        let partitions = request.topics.flatMap { topic in
            topic.partitions.map { partition in
                ListOffsetsPartition(
                    TopicPartition(topic.name, partition.partitionIndex), timestamp: partition.timestamp,
                    currentLeaderEpoch: partition.currentLeaderEpoch < 0
                        ? nil : LeaderEpoch(partition.currentLeaderEpoch))
            }
        }
        return KafkaCore.ListOffsetsRequest(
            isolationLevel: IsolationLevel(rawValue: request.isolationLevel) ?? .readUncommitted,
            partitions: partitions)
    }

    func wireListOffsets(_ response: KafkaCore.ListOffsetsResponse, version: Int16) -> KafkaWire.ListOffsetsResponse {
        let topics = groupedByTopic(response.partitions) { $0.topicPartition.topic }.map { group in
            KafkaWire.ListOffsetsResponse.Topic(
                name: group.topic,
                partitions: group.items.map { partition in
                    let offset = partition.offset.rawValue
                    return .init(
                        partitionIndex: partition.topicPartition.partition, errorCode: partition.error.rawValue,
                        oldStyleOffsets: version == 0 && offset >= 0 ? [offset] : [], timestamp: partition.timestamp,
                        offset: offset, leaderEpoch: partition.leaderEpoch.rawValue)
                })
        }
        return KafkaWire.ListOffsetsResponse(topics: topics)
    }
}
