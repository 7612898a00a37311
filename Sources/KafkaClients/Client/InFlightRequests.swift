import KafkaCore

/// A client's unanswered requests, by id, with their `request.timeout.ms` deadlines; it also
/// hands out the ids, so they are unique for the client's lifetime.
///
/// Timeouts work like Kafka's `NetworkClient`: a request that times out disconnects its
/// broker, so every other request in flight to that broker fails with it (`expire(at:)`).
/// Listings are sorted by id, never by hash order.
public struct InFlightRequests<Context> {
    /// One unanswered request and what the client needs to finish it.
    public struct Entry {
        public let id: UInt64
        public let broker: BrokerID
        public let sentAt: Instant
        public let deadline: Instant
        public let context: Context
    }

    /// Entries at most; a client over it has a bug (Kafka caps in-flight requests per broker).
    public let limit: Int
    private var entries: [UInt64: Entry] = [:]
    private var nextID: UInt64 = 1

    public init(limit: Int = 10_000) {
        self.limit = limit
    }

    public var count: Int { entries.count }

    /// A fresh request id (also for requests that expect no answer, such as `acks=0` produces).
    public mutating func makeID() -> UInt64 {
        defer { nextID += 1 }
        return nextID
    }

    /// Remembers a sent request until it is answered or times out.
    public mutating func add(id: UInt64, to broker: BrokerID, context: Context, at now: Instant, timeout: Duration) {
        precondition(entries.count < limit, "more than \(limit) requests in flight")
        precondition(entries[id] == nil, "request id \(id) is already in flight")
        entries[id] = Entry(id: id, broker: broker, sentAt: now, deadline: now + timeout, context: context)
    }

    /// Requests in flight to `broker`.
    public func count(to broker: BrokerID) -> Int {
        entries.values.reduce(0) { $0 + ($1.broker == broker ? 1 : 0) }
    }

    /// Takes the entry answered by `id`; nil when it is unknown or already timed out.
    public mutating func complete(_ id: UInt64, from broker: BrokerID) -> Entry? {
        guard let entry = entries[id], entry.broker == broker else { return nil }
        entries[id] = nil
        return entry
    }

    /// Takes every request whose deadline has passed, with every other request to the same
    /// brokers (the timeout disconnects them); by id. `timedOut` tells the two apart.
    public mutating func expire(at now: Instant) -> [(entry: Entry, timedOut: Bool)] {
        let expired = entries.values.filter { $0.deadline <= now }
        guard !expired.isEmpty else { return [] }
        let brokers = Set(expired.map { $0.broker })
        let ids = entries.values.filter { brokers.contains($0.broker) }.map { $0.id }.sorted()
        return ids.compactMap { id in
            guard let entry = entries.removeValue(forKey: id) else { return nil }
            return (entry, entry.deadline <= now)
        }
    }

    /// Takes every request in flight to `broker`, by id: its connection closed (the broker's
    /// process died and the operating system reset the socket).
    public mutating func disconnect(from broker: BrokerID) -> [Entry] {
        let ids = entries.values.filter { $0.broker == broker }.map { $0.id }.sorted()
        return ids.compactMap { entries.removeValue(forKey: $0) }
    }

    /// The earliest timeout, nil when nothing is in flight.
    public var nextDeadline: Instant? {
        // A loop, not `map(\.deadline)`: a key path into this generic type is resolved at run
        // time on every call, and hosts ask for the deadline after every event.
        var earliest: Instant?
        for entry in entries.values where earliest.map({ entry.deadline < $0 }) ?? true {
            earliest = entry.deadline
        }
        return earliest
    }

    /// Whether any request in flight matches.
    public func contains(where predicate: (Entry) -> Bool) -> Bool { entries.values.contains(where: predicate) }
}
