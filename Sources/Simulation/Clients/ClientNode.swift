import KafkaClients
import KafkaCluster
import KafkaCore

/// The application around a hosted client: what it asks of the client (sends, close) and what
/// it takes back (delivery reports). It is a shared object, like `ClientMailbox`, because
/// `ClusterMessage` has no case for application calls: the cluster writes into it from outside
/// the world and wakes the node with `world.command` (see `ClientNode`).
public protocol ClientApplication<Client>: AnyObject {
    associatedtype Client: ClientStateMachine

    /// Hands the client what is due at `now`; called before the client handles an event.
    func drive(_ client: inout Client, at now: Instant)

    /// Takes what the client produced; called after it handled an event.
    func collect(from client: inout Client, at now: Instant)

    /// When the application next has something due, nil when it waits for calls.
    var nextDeadline: Instant? { get }
}

/// Hosts a `ClientStateMachine` in the cluster's world as a `Node`: `ClientCall`s leave as
/// `.request(id:)` to `.broker(b)`, `.response(id:)` from a broker comes back to `handle`.
///
/// Any message the host hands the node itself (`world.command`, whatever its payload) is only a
/// wake-up: the node then lets its application drive the client, so calls written into the
/// application from outside the world take effect at once instead of at the next timer.
public struct ClientNode<Application: ClientApplication>: Node {
    public typealias Message = ClusterMessage

    public private(set) var client: Application.Client
    public let application: Application
    /// The array the next calls to send are put in: the one the world last handed back emptied
    /// (`recycle`), so that sending a request allocates no array for it.
    private var spareOutgoing: [Outgoing<ClusterMessage>] = []

    public init(client: Application.Client, application: Application) {
        self.client = client
        self.application = application
    }

    // The world calls its nodes through `Node`, which reaches the generic code: specialized for
    // the scenario's clients, every access to `client` and `application` no longer looks up this
    // type's metadata (its field offsets and its associated types' witnesses).
    @specialized(where Application == ProducerClientMailbox)
    @specialized(where Application == ConsumerClientMailbox)
    public mutating func receive(
        _ envelope: consuming Envelope<ClusterMessage>, at now: Instant
    ) -> [Outgoing<ClusterMessage>] {
        application.drive(&client, at: now)
        if case .response(let id, let response) = envelope.message, let broker = envelope.from.brokerID,
            envelope.from.role == .broker
        {
            client.handle(response, id: id, from: broker, at: now)
        } else if case .command(.connectionClosed(let broker)) = envelope.message {
            client.connectionClosed(to: broker, at: now)
        } else {
            client.tick(at: now)
        }
        return finish(at: now)
    }

    @specialized(where Application == ProducerClientMailbox)
    @specialized(where Application == ConsumerClientMailbox)
    public mutating func tick(at now: Instant) -> [Outgoing<ClusterMessage>] {
        application.drive(&client, at: now)
        client.tick(at: now)
        return finish(at: now)
    }

    /// A `mutating get`, as `Node` asks: `client.nextDeadline` is one too, so that reading it does not
    /// copy the client.
    public var nextDeadline: Instant? {
        mutating get { earliestDeadline() }
    }

    /// The earlier of the client's and the application's deadlines. A method of its own so that it
    /// is specialised for the scenario's clients as `receive` and `tick` are: the world reads a
    /// node's deadline after every event, and the generic getter looked up this type's metadata
    /// (field offsets, associated witnesses) each time.
    @specialized(where Application == ProducerClientMailbox)
    @specialized(where Application == ConsumerClientMailbox)
    private mutating func earliestDeadline() -> Instant? {
        switch (client.nextDeadline, application.nextDeadline) {
        case (let a?, let b?): min(a, b)
        case (let a?, nil): a
        case (nil, let b?): b
        case (nil, nil): nil
        }
    }

    /// Keeps the array the world emptied of the calls `finish` returned, to put the next calls in,
    /// when it has more room than the one kept already.
    public mutating func recycle(_ emptied: consuming [Outgoing<ClusterMessage>]) {
        guard emptied.isEmpty, spareOutgoing.capacity < emptied.capacity else { return }
        spareOutgoing = emptied
    }

    /// Collects what the client produced, and returns its calls as messages to the brokers, in
    /// the array kept for them (none: an empty array, the kept one staying).
    private mutating func finish(at now: Instant) -> [Outgoing<ClusterMessage>] {
        application.collect(from: &client, at: now)
        var outgoing: [Outgoing<ClusterMessage>] = []
        swap(&outgoing, &spareOutgoing)
        client.takeCalls { outgoing.append(Outgoing(to: .broker($0.broker), message: .request(id: $0.id, $0.request))) }
        if outgoing.isEmpty { swap(&outgoing, &spareOutgoing) }
        return outgoing
    }
}
