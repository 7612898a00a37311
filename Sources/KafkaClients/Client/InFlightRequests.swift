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
    /// Sorted by id. A client has a handful in flight, and ids only grow, so a new one goes at the
    /// end and every scan (deadlines, a broker's count) reads one contiguous array: cheaper than a
    /// dictionary's hashing, and listings come out in id order as they are.
    private var entries: [Entry] = []
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

    /// Where the entry `id` is in `entries`, or where it would be inserted.
    private func position(of id: UInt64) -> Int {
        // The newest id is the usual one (a new request, or the answer to the latest).
        if let last = entries.last, last.id < id { return entries.count }
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].id < id { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Remembers a sent request until it is answered or times out.
    public mutating func add(id: UInt64, to broker: BrokerID, context: Context, at now: Instant, timeout: Duration) {
        precondition(entries.count < limit, "more than \(limit) requests in flight")
        let index = position(of: id)
        precondition(index == entries.count || entries[index].id != id, "request id \(id) is already in flight")
        entries.insert(Entry(id: id, broker: broker, sentAt: now, deadline: now + timeout, context: context), at: index)
    }

    /// Requests in flight to `broker`.
    public func count(to broker: BrokerID) -> Int {
        var count = 0
        for index in entries.indices where entries[index].broker == broker { count += 1 }
        return count
    }

    /// Takes the entry answered by `id`; nil when it is unknown or already timed out.
    public mutating func complete(_ id: UInt64, from broker: BrokerID) -> Entry? {
        let index = position(of: id)
        guard index < entries.count, entries[index].id == id, entries[index].broker == broker else { return nil }
        return entries.remove(at: index)
    }

    /// Takes every request whose deadline has passed, with every other request to the same
    /// brokers (the timeout disconnects them); by id. `timedOut` tells the two apart.
    public mutating func expire(at now: Instant) -> [(entry: Entry, timedOut: Bool)] {
        var brokers: [BrokerID] = []
        for index in entries.indices where entries[index].deadline <= now {
            if !brokers.contains(entries[index].broker) { brokers.append(entries[index].broker) }
        }
        guard !brokers.isEmpty else { return [] }
        let taken = entries.filter { brokers.contains($0.broker) }
        entries.removeAll { brokers.contains($0.broker) }
        return taken.map { ($0, $0.deadline <= now) }
    }

    /// Takes every request in flight to `broker`, by id: its connection closed (the broker's
    /// process died and the operating system reset the socket).
    public mutating func disconnect(from broker: BrokerID) -> [Entry] {
        let taken = entries.filter { $0.broker == broker }
        if !taken.isEmpty { entries.removeAll { $0.broker == broker } }
        return taken
    }

    /// The earliest timeout, nil when nothing is in flight.
    public var nextDeadline: Instant? {
        // A loop over the deadlines in place, not `map(\.deadline)`: a key path into this generic
        // type is resolved at run time on every call, and hosts ask for the deadline after every
        // event.
        var earliest: Instant?
        for index in entries.indices where earliest.map({ entries[index].deadline < $0 }) ?? true {
            earliest = entries[index].deadline
        }
        return earliest
    }

    /// Whether any request in flight matches.
    public func contains(where predicate: (Entry) -> Bool) -> Bool { entries.contains(where: predicate) }
}
