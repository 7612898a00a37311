import KafkaCore

/// A Kafka client (producer, consumer, admin) as a state machine driven by a host, in the
/// style of swift-nio's handlers: it never does I/O and never reads a clock. The host:
///
/// - hands it every answer with `handle(_:id:from:at:)`;
/// - calls `tick(at:)` once `now` reaches `nextDeadline` (retries, linger, timeouts);
/// - after either, takes the requests it wants sent with `takeCalls()` and delivers them.
///
/// A request that is never answered (its broker is down) is the client's own business: it
/// times out after `request.timeout.ms`, which `nextDeadline` accounts for.
public protocol ClientStateMachine {
    /// Takes a broker's answer to the call with `id`. Answers to unknown or expired ids are
    /// ignored (they arrive after a timeout already gave up on them).
    mutating func handle(_ response: ClientResponse, id: UInt64, from broker: BrokerID, at now: Instant)

    /// Does what is due at `now`. Afterwards `nextDeadline` is nil or later than `now`.
    mutating func tick(at now: Instant)

    /// When the client next needs `tick(at:)`, nil when it only waits for answers.
    ///
    /// A `mutating get` requirement, though no client changes itself to answer: the host reads it
    /// after every event, and a `get` witness passed a large client (a producer is about half a
    /// kilobyte) by value, copying it each time. Conformers implement a `mutating get` where the
    /// copy shows, a plain getter otherwise.
    var nextDeadline: Instant? { mutating get }

    /// The requests to send, oldest first; the client forgets them once taken.
    mutating func takeCalls() -> [ClientCall]

    /// Hands each request to send to `body`, oldest first, and forgets them, as `takeCalls()`
    /// does without handing over its array: the client keeps the array's storage for the next
    /// requests (a host that turns each call into a message of its own allocates nothing then).
    mutating func takeCalls(_ body: (ClientCall) -> Void)

    /// The connection to `broker` closed under the client (the broker's process died and its
    /// sockets were reset): every request in flight to it fails at once with a network error,
    /// as Kafka's `NetworkClient` fails them on disconnect, instead of waiting for
    /// `request.timeout.ms`.
    mutating func connectionClosed(to broker: BrokerID, at now: Instant)
}
