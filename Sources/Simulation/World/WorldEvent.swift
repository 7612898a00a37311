import KafkaCore

/// One thing that happened in the world, at an instant; the unit of the trace and its digest.
///
/// `sequence` is the event queue sequence of the event that caused it: a delivery and the drops
/// of the messages its receiver sent in response share one sequence. Operator actions (faults,
/// added nodes, injected messages) take a fresh sequence, so the order stays total.
public struct WorldEvent<Message> {
    /// What happened, in the past tense.
    public enum Kind {
        case nodeAdded(NodeID)
        /// The receiver got the message and ran.
        case delivered(Envelope<Message>, sentAt: Instant)
        /// The message reached a paused receiver and waits for it to resume.
        case held(Envelope<Message>)
        /// The message is gone: at send time, on arrival, or from a crashed node's held inbox.
        case dropped(Envelope<Message>, DropReason)
        case ticked(NodeID)
        case paused(NodeID, until: Instant)
        case resumed(NodeID)
        case crashed(NodeID)
        case restarted(NodeID)
        /// A link got its own config, or (nil) went back to the default.
        case linkConfigured(Link, LinkConfig?)
        case linkBlocked(Link)
        case linkUnblocked(Link)
        case nodeIsolated(NodeID)
        case nodeRejoined(NodeID)
        case defaultLinkConfigured(LinkConfig)
        /// An operator command handed straight to the node (no network): the envelope names the
        /// node as both sender and receiver.
        case commanded(Envelope<Message>)
    }

    public let instant: Instant
    public let sequence: UInt64
    public let kind: Kind

    public init(instant: Instant, sequence: UInt64, kind: Kind) {
        self.instant = instant
        self.sequence = sequence
        self.kind = kind
    }
}

extension WorldEvent: Sendable where Message: Sendable {}
extension WorldEvent.Kind: Sendable where Message: Sendable {}
extension WorldEvent: Equatable where Message: Equatable {}
extension WorldEvent.Kind: Equatable where Message: Equatable {}

extension WorldEvent {
    /// The same event with `transform` applied to the message it carries, if any.
    func mappingMessages(_ transform: (Message) -> Message) -> WorldEvent {
        func map(_ envelope: Envelope<Message>) -> Envelope<Message> {
            Envelope(from: envelope.from, to: envelope.to, message: transform(envelope.message))
        }
        let mapped: Kind =
            switch kind {
            case .delivered(let envelope, let sentAt): .delivered(map(envelope), sentAt: sentAt)
            case .held(let envelope): .held(map(envelope))
            case .dropped(let envelope, let reason): .dropped(map(envelope), reason)
            case .commanded(let envelope): .commanded(map(envelope))
            default: kind
            }
        return WorldEvent(instant: instant, sequence: sequence, kind: mapped)
    }
}
