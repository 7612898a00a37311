/// Sizes close to the encoded requests: a header share per request and per partition, plus the
/// record bytes, which dominate.
extension ClientRequest: WireSized {
    public var sizeInBytes: Int {
        switch self {
        case .produce(let request): 32 + request.partitions.reduce(0) { $0 + 24 + $1.batch.sizeInBytes }
        case .fetch(let request): 48 + 40 * request.partitions.count
        case .metadata(let request): 24 + 16 * (request.topics?.count ?? 0)
        case .listOffsets(let request): 24 + 28 * request.partitions.count
        case .initProducerID: 32
        case .createTopics(let request): 24 + request.topics.reduce(0) { $0 + 32 + 48 * $1.configs.count }
        }
    }
}

extension ClientResponse: WireSized {
    public var sizeInBytes: Int {
        switch self {
        case .produce(let response): 16 + 40 * response.partitions.count
        case .fetch(let response): 16 + response.partitions.reduce(0) { $0 + 48 + $1.records.count }
        case .metadata(let response):
            24 + 24 * response.brokers.count
                + response.topics.reduce(0) { $0 + 24 + $1.partitions.reduce(0) { $0 + 32 + 4 * $1.replicas.count } }
        case .listOffsets(let response): 16 + 36 * response.partitions.count
        case .initProducerID: 24
        case .createTopics(let response): 16 + 32 * response.topics.count
        }
    }
}
