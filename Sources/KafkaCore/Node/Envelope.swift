/// A message on its way from one node to another, as the receiver is handed it.
public struct Envelope<Message> {
    public let from: NodeID
    public let to: NodeID
    public let message: Message

    public init(from: NodeID, to: NodeID, message: Message) {
        self.from = from
        self.to = to
        self.message = message
    }

    /// A message back to the sender: the usual shape of a response.
    public func reply(_ message: Message) -> Outgoing<Message> { Outgoing(to: from, message: message) }
}

extension Envelope: Sendable where Message: Sendable {}
extension Envelope: Equatable where Message: Equatable {}
extension Envelope: Hashable where Message: Hashable {}

extension Envelope: TraceDigestible where Message: TraceDigestible {
    /// Inlinable: the world folds in every delivered envelope, and a call to this generic
    /// method reached the message's `digest(into:)` through its witness table; specialized in
    /// the world, it calls the message's own method directly.
    @inlinable
    public func digest(into digest: inout TraceDigest) {
        digest.combine(from)
        digest.combine(to)
        digest.combine(message)
    }
}
