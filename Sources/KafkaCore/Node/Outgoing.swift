/// A message a node wants sent: the world fills in the sender and routes it over the network.
public struct Outgoing<Message> {
    public let to: NodeID
    public let message: Message

    public init(to: NodeID, message: Message) {
        self.to = to
        self.message = message
    }
}

extension Outgoing: Sendable where Message: Sendable {}
extension Outgoing: Equatable where Message: Equatable {}
extension Outgoing: Hashable where Message: Hashable {}
