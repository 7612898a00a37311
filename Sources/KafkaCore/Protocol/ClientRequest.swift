/// Every request a broker serves to clients and to other brokers' replica fetchers, decoded:
/// the one entry point that simulated clients and the wire server share.
public enum ClientRequest: Hashable, Sendable {
    case produce(ProduceRequest)
    case fetch(FetchRequest)
    case metadata(MetadataRequest)
    case listOffsets(ListOffsetsRequest)
    case initProducerID(InitProducerIDRequest)
    case createTopics(CreateTopicsRequest)

    /// Kafka's API name, for traces and counters.
    public var apiName: String {
        switch self {
        case .produce: "Produce"
        case .fetch: "Fetch"
        case .metadata: "Metadata"
        case .listOffsets: "ListOffsets"
        case .initProducerID: "InitProducerId"
        case .createTopics: "CreateTopics"
        }
    }
}

/// A broker's answer to a `ClientRequest` of the same kind.
public enum ClientResponse: Hashable, Sendable {
    case produce(ProduceResponse)
    case fetch(FetchResponse)
    case metadata(MetadataResponse)
    case listOffsets(ListOffsetsResponse)
    case initProducerID(InitProducerIDResponse)
    case createTopics(CreateTopicsResponse)
}
