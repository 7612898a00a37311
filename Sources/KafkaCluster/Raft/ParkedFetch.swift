import KafkaCore

/// A Fetch the leader holds because it found nothing new (Kafka's delayed fetch).
public struct ParkedFetch: Hashable, Sendable {
    public let request: RaftFetchRequest
    public let expiresAt: Instant

    public init(request: RaftFetchRequest, expiresAt: Instant) {
        self.request = request
        self.expiresAt = expiresAt
    }
}
