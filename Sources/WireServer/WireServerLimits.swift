import KafkaCore
import KafkaWire

/// The bounds on what the wire server holds. Reaching one is handled, never fatal: a connection
/// over the limit is accepted and closed at once (and counted); a connection with too many
/// requests in flight or too many unsent response bytes is not read until it drains (TCP
/// pushes back on the client).
public struct WireServerLimits: Hashable, Sendable {
    /// Open client connections across all listeners.
    public var maxConnections: Int
    /// Requests awaiting their response on one connection.
    public var maxInFlightPerConnection: Int
    /// Unsent response bytes on one connection before it stops being read.
    public var maxOutboundBytesPerConnection: Int
    /// `socket.request.max.bytes`: the largest request frame.
    public var maxFrameBytes: Int
    /// Bytes read from a socket per `recv`.
    public var readChunkBytes: Int
    /// Answers still expected for connections that closed; the oldest are forgotten beyond this.
    public var maxOrphanedRequests: Int

    public init(
        maxConnections: Int = 512, maxInFlightPerConnection: Int = 128,
        maxOutboundBytesPerConnection: Int = 64 << 20, maxFrameBytes: Int = WireLimits.socketRequestMaxBytes,
        readChunkBytes: Int = 256 << 10, maxOrphanedRequests: Int = 10_000
    ) {
        self.maxConnections = maxConnections
        self.maxInFlightPerConnection = maxInFlightPerConnection
        self.maxOutboundBytesPerConnection = maxOutboundBytesPerConnection
        self.maxFrameBytes = maxFrameBytes
        self.readChunkBytes = readChunkBytes
        self.maxOrphanedRequests = maxOrphanedRequests
    }
}

/// What the wire server has done since it started, for the console and `status`.
public struct WireStatistics: Hashable, Sendable {
    public var connectionsAccepted = 0
    /// Connections closed at once because `maxConnections` were open.
    public var connectionsRefused = 0
    /// Connections closed because their broker went down.
    public var connectionsDropped = 0
    /// Frames that could not be decoded (bad size, truncated body, trailing bytes); each closed
    /// its connection.
    public var malformedFrames = 0
    /// `malformedFrames` by the broker whose listener received them.
    public var malformedFramesByBroker: [BrokerID: Int] = [:]
    /// Requests for an api or version the server does not speak; each closed its connection,
    /// as Kafka does.
    public var unsupportedRequests = 0
    public var requests = 0
    public var responses = 0
    /// Answers that arrived for a connection that had closed, and were dropped.
    public var orphanedAnswers = 0

    public init() {}
}
