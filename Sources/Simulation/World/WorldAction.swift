import KafkaCore

/// What the world does when an entry of its event queue comes due.
enum WorldAction<Message> {
    /// A message reaches its receiver; `viaNetwork` is false for one released from a paused
    /// node's inbox, which already went through the network.
    case deliver(Envelope<Message>, Route, viaNetwork: Bool)
    /// A node's deadline; stale when `generation` is not the node's current tick generation.
    case tick(slot: Int, generation: UInt64)
    /// A pause ends; stale when `generation` is not the node's current pause generation.
    case resume(slot: Int, generation: UInt64)
}
