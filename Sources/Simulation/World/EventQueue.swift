import KafkaCore

/// The world's one queue of future events: a binary min-heap ordered by `(instant, sequence)`.
///
/// The sequence is a counter assigned at insertion, so the order is total and never depends on
/// hashing or on the heap's internal layout: two events due at the same instant come out in the
/// order they were scheduled. The capacity is a hard limit: exceeding it is a bug in whoever
/// floods the queue (the network bounds its links, the world keeps one tick per node), so it is
/// asserted rather than handled.
public struct EventQueue<Payload> {
    public let capacity: Int
    private var heap: [ScheduledEvent<Payload>] = []
    private var sequenceCounter: UInt64 = 0

    public init(capacity: Int) {
        precondition(capacity > 0, "an event queue needs room for at least one event, capacity \(capacity)")
        self.capacity = capacity
    }

    public var count: Int { heap.count }
    public var isEmpty: Bool { heap.isEmpty }

    /// The instant of the next event, if any.
    public var nextInstant: Instant? { heap.first?.instant }

    /// The sequence the next insertion (or reservation) will get.
    public var nextSequence: UInt64 { sequenceCounter }

    /// Schedules `payload` at `instant`; returns the sequence it was given.
    @discardableResult
    public mutating func push(_ payload: Payload, at instant: Instant) -> UInt64 {
        precondition(
            heap.count < capacity,
            "event queue full: \(heap.count) events pending, capacity \(capacity), pushing at \(instant)")
        let sequence = reserveSequence()
        heap.append(ScheduledEvent(instant: instant, sequence: sequence, payload: payload))
        siftUp(from: heap.count - 1)
        return sequence
    }

    /// Takes a sequence number without scheduling anything, for things that happen outside the
    /// queue (operator actions) but must still be ordered with everything else.
    public mutating func reserveSequence() -> UInt64 {
        defer { sequenceCounter += 1 }
        return sequenceCounter
    }

    /// Removes and returns the earliest event.
    public mutating func pop() -> ScheduledEvent<Payload>? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let first = heap.removeLast()
        if !heap.isEmpty { siftDown(from: 0) }
        return first
    }

    /// Asserts the heap property; for tests and debugging (O(n)).
    public func checkInvariants() {
        precondition(heap.count <= capacity, "event queue holds \(heap.count) events, capacity \(capacity)")
        for index in heap.indices.dropFirst() {
            let parent = (index - 1) / 2
            precondition(
                heap[parent].precedes(heap[index]),
                "heap order broken at \(index): parent (\(heap[parent].instant), \(heap[parent].sequence)) "
                    + "after child (\(heap[index].instant), \(heap[index].sequence))")
        }
    }

    private mutating func siftUp(from start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].precedes(heap[parent]) else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(from start: Int) {
        var parent = start
        let count = heap.count
        while true {
            let left = 2 * parent + 1
            guard left < count else { return }
            let right = left + 1
            let child = right < count && heap[right].precedes(heap[left]) ? right : left
            guard heap[child].precedes(heap[parent]) else { return }
            heap.swapAt(child, parent)
            parent = child
        }
    }
}
