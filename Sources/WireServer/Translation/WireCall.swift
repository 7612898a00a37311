import KafkaCore
import KafkaWire

/// One request a real client sent, as the server remembers it until the broker answers: the
/// header (correlation id, api version) and the decoded body, which the answer is shaped by
/// (responses list topics and partitions in request order).
public struct WireCall: Hashable, Sendable {
    public var header: RequestHeader
    public var request: KafkaRequest
    /// Produce partitions refused before any broker saw them (broken batch framing), merged
    /// into the broker's answer in request order.
    public var refusedPartitions: [TopicPartition: KafkaError]
    /// CreateTopics topics refused before any broker saw them (illegal names), merged into the
    /// broker's answer in request order.
    public var refusedTopics: [String: KafkaError]

    public init(
        header: RequestHeader, request: KafkaRequest, refusedPartitions: [TopicPartition: KafkaError] = [:],
        refusedTopics: [String: KafkaError] = [:]
    ) {
        self.header = header
        self.request = request
        self.refusedPartitions = refusedPartitions
        self.refusedTopics = refusedTopics
    }
}

/// Where a decoded request goes.
///
/// | route | when | the client gets |
/// |---|---|---|
/// | `answer` | ApiVersions, or a request refused before the brokers | the response at once |
/// | `broker` | every other request | the translated broker answer, in request order |
/// | `brokerWithoutResponse` | Produce with acks=0 | nothing, ever |
public enum RequestRoute: Hashable, Sendable {
    /// Answered by the server itself, encoded at `version`.
    case answer(KafkaResponse, version: Int16)
    /// Sent to the connection's broker; its answer is translated with `WireCall`.
    case broker(ClientRequest, WireCall)
    /// Sent to the connection's broker, and no response goes back (acks=0).
    case brokerWithoutResponse(ClientRequest)
}

/// Lists items by topic, topics in the order they first appear, items in their order: the shape
/// of every per-topic response.
func groupedByTopic<Item>(_ items: [Item], topic: (Item) -> String) -> [(topic: String, items: [Item])] {
    var order: [String] = []
    var byTopic: [String: [Item]] = [:]
    for item in items {
        let name = topic(item)
        if byTopic[name] == nil { order.append(name) }
        byTopic[name, default: []].append(item)
    }
    return order.map { ($0, byTopic[$0] ?? []) }
}
