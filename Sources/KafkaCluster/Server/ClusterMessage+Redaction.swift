import KafkaCore

extension ClusterMessage {
    /// The message with record bytes dropped (their count stays in the batch and response
    /// shapes that remain): what a trace of recent events keeps, so that a ring of thousands of
    /// events never holds megabytes of replicated records.
    public var redactingRecords: ClusterMessage {
        switch self {
        case .request(let id, .produce(var request)):
            request.partitions = request.partitions.map { data in
                var trimmed = data
                trimmed.batch = Self.emptyBatch
                return trimmed
            }
            return .request(id: id, .produce(request))
        case .response(let id, .fetch(var response)):
            // Most answers to an idle follower or consumer carry no records: nothing to copy.
            guard response.partitions.contains(where: { !$0.records.isEmpty }) else { return self }
            response.partitions = response.partitions.map { partition in
                var trimmed = partition
                trimmed.records = []
                return trimmed
            }
            return .response(id: id, .fetch(response))
        default:
            return self
        }
    }

    private static let emptyBatch = RecordBatchBuilder().build(lastOffsetDelta: 0)
}
