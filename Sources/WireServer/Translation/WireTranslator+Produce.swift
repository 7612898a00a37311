import KafkaCore
import KafkaWire

/// Produce: one record batch per partition (Kafka refuses v3+ requests with more or fewer),
/// framing checked here, CRC and records left to the leader.
extension WireTranslator {
    func routeProduce(_ produce: KafkaWire.ProduceRequest, call: WireCall) -> RequestRoute {
        var partitions: [ProducePartitionData] = []
        var refused: [TopicPartition: KafkaError] = [:]
        for topic in produce.topicData {
            for data in topic.partitionData {
                let topicPartition = TopicPartition(topic.name, data.index)
                switch Self.singleBatch(data.records) {
                case .success(let batch): partitions.append(ProducePartitionData(topicPartition, batch: batch))
                case .failure(let error): refused[topicPartition] = error
                }
            }
        }
        let request = ClientRequest.produce(
            KafkaCore.ProduceRequest(
                acks: produce.acks, timeout: .milliseconds(Int64(max(0, produce.timeoutMs))), partitions: partitions))
        var call = call
        call.refusedPartitions = refused
        if produce.acks == 0 {
            return .brokerWithoutResponse(request)
        }
        guard !partitions.isEmpty else {
            let answer = wireProduce(KafkaCore.ProduceResponse(partitions: []), request: produce, refused: refused)
            return .answer(.produce(answer), version: call.header.apiVersion)
        }
        return .broker(request, call)
    }

    /// The one batch in a partition's `records`, or the error Kafka answers for them.
    static func singleBatch(_ records: [UInt8]?) -> Result<RecordBatch, KafkaError> {
        guard let records else { return .failure(.invalidRecord) }
        let scan = RecordBatch.batches(in: records, validating: false)
        if let error = scan.error { return .failure(error.errorCode) }
        guard scan.batches.count == 1, let batch = scan.batches.first else { return .failure(.invalidRecord) }
        return .success(batch)
    }

    func wireProduce(
        _ response: KafkaCore.ProduceResponse, request: KafkaWire.ProduceRequest,
        refused: [TopicPartition: KafkaError]
    ) -> KafkaWire.ProduceResponse {
        var answers: [TopicPartition: ProducePartitionResponse] = [:]
        for partition in response.partitions { answers[partition.topicPartition] = partition }
        let topics = request.topicData.map { topic in
            KafkaWire.ProduceResponse.TopicResponse(
                name: topic.name,
                partitionResponses: topic.partitionData.map { data in
                    let topicPartition = TopicPartition(topic.name, data.index)
                    if let error = refused[topicPartition] {
                        return .init(index: data.index, errorCode: error.rawValue, baseOffset: -1)
                    }
                    guard let answer = answers[topicPartition] else {
                        return .init(
                            index: data.index, errorCode: KafkaError.unknownServerError.rawValue, baseOffset: -1)
                    }
                    return .init(
                        index: data.index, errorCode: answer.error.rawValue, baseOffset: answer.baseOffset.rawValue,
                        logAppendTimeMs: answer.logAppendTime, logStartOffset: answer.logStartOffset.rawValue)
                })
        }
        return KafkaWire.ProduceResponse(responses: topics)
    }
}
