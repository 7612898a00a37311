/// A process in the simulated world: a state machine that turns messages and time into messages.
///
/// Brokers, controllers and clients implement this. A node never reads a clock, never draws
/// unseeded randomness and never does I/O; everything it learns arrives as an argument and
/// everything it wants done leaves as a return value. The world calls:
///
/// - `receive(_:at:)` when a message from another node is handed to it;
/// - `tick(at:)` once `now` has reached `nextDeadline`;
/// - `nextDeadline` after every `receive` and `tick`, to keep exactly one wake-up scheduled.
///
/// A deadline at or before `now` asks for a tick as soon as possible (at `now`). `tick(at:)` must
/// do everything that is due: afterwards `nextDeadline` is nil or later than `now`, which the
/// world asserts so a node cannot spin the clock in place.
public protocol Node<Message> {
    associatedtype Message

    /// Handles one message; returns the messages to send in reply or as a consequence. The
    /// envelope is handed over, not lent: the world keeps no copy, so what the message carries
    /// (a produce request's record bytes) reaches the node uniquely referenced.
    mutating func receive(_ envelope: consuming Envelope<Message>, at now: Instant) -> [Outgoing<Message>]

    /// Does the work that is due at `now` (timeouts, retries, periodic fetches and heartbeats).
    mutating func tick(at now: Instant) -> [Outgoing<Message>]

    /// When the node next wants `tick(at:)`, or nil when it waits only for messages.
    ///
    /// A `mutating get` requirement, though no node changes itself to answer: the world reads it
    /// through the existential after every event, and a `get` witness passed a large node (a
    /// broker is about a kilobyte) by value, copying it each time. Conformers implement a plain
    /// getter.
    var nextDeadline: Instant? { mutating get }

    /// Takes back the array a `receive` or `tick` returned, emptied by the world once it sent
    /// every message, so a node that answers every message can fill the same storage again
    /// instead of allocating an array per event. The default drops it.
    mutating func recycle(_ emptied: consuming [Outgoing<Message>])
}

extension Node {
    public mutating func recycle(_ emptied: consuming [Outgoing<Message>]) {}
}
