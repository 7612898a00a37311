import KafkaCore

/// A message between send and hand-over: on the wire, or held for a paused receiver.
struct Transit<Message> {
    let envelope: Envelope<Message>
    let route: Route
}

/// Where a message in transit goes and what its connection was: everything the world keeps of
/// it besides the envelope. Plain values, so the queue's delivery action carries the envelope
/// and its route side by side and hands the envelope on by moving it (a field taken out of a
/// `Transit` would be copied: the message's references retained, then released with the rest).
struct Route {
    /// `envelope.message.sizeInBytes`, computed once at send (routing needs it, and so do the
    /// delivery statistics).
    let sizeInBytes: Int
    let sentAt: Instant
    /// The sender's hosting slot, or nil for a message injected from outside the world.
    let fromSlot: Int?
    let toSlot: Int
    let linkSlot: LinkSlot
    /// The incarnations of both ends at send time: the identity of the connection. A crash
    /// bumps the incarnation, so a mismatch at arrival means the connection is gone.
    let fromIncarnation: UInt32
    let toIncarnation: UInt32
}
