import KafkaCore

/// The world's one queue of future events: a four-ary min-heap ordered by `(instant, sequence)`.
///
/// The sequence is a counter assigned at insertion, so the order is total and never depends on
/// hashing or on the heap's internal layout: two events due at the same instant come out in the
/// order they were scheduled. The capacity is a hard limit: exceeding it is a bug in whoever
/// floods the queue (the network bounds its links, the world keeps one tick per node), so it is
/// asserted rather than handled.
///
/// The heap holds only small keys (instant, sequence, payload index); payloads sit still in a
/// slab whose free cells are reused last-freed first. Sifting then moves 24 bytes per level
/// instead of a whole payload (a message in transit is far larger), and each payload is written
/// once and read once. Four children per node halve the heap's depth: a pop lifts half as many
/// keys for the same number of comparisons as a binary heap. The order of pops does not depend
/// on the heap's shape: `(instant, sequence)` is a total order and a pop takes its minimum.
public struct EventQueue<Payload> {
    /// A heap entry: when the event is due, its sequence, and where its payload waits.
    private struct Key {
        let instant: Instant
        let sequence: UInt64
        let payloadIndex: Int

        /// Whether this event is due before `other`: earlier instant, then lower sequence.
        @inline(__always)
        func precedes(_ other: Key) -> Bool {
            instant.microseconds < other.instant.microseconds
                || (instant.microseconds == other.instant.microseconds && sequence < other.sequence)
        }
    }

    /// Children per heap node: the children of `i` sit at `arity * i + 1 ... arity * i + arity`.
    /// `siftDown` compares four children in a fixed tournament: it assumes four.
    private static var arity: Int { 4 }

    public let capacity: Int
    private var heap: [Key] = []
    /// The payloads of pending events, at their keys' `payloadIndex`; nil cells are free.
    private var payloads: [Payload?] = []
    /// The nil cells of `payloads`, the most recently freed last.
    private var freePayloadIndices: [Int] = []
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
    public mutating func push(_ payload: consuming Payload, at instant: Instant) -> UInt64 {
        precondition(
            heap.count < capacity,
            "event queue full: \(heap.count) events pending, capacity \(capacity), pushing at \(instant)")
        let sequence = reserveSequence()
        let payloadIndex: Int
        // `last` and `removeLast`, inlined: `popLast` was a call of its own per push.
        if let free = freePayloadIndices.last {
            freePayloadIndices.removeLast()
            payloadIndex = free
            // The free cell holds nil, which owns nothing: initialize the cell over it. Assigning
            // would first destroy that nil through the payload's generic value witness, about as
            // costly as the rest of the push.
            var incoming: Payload? = payload
            payloads.withUnsafeMutableBufferPointer { cells in
                (cells.baseAddress.unsafelyUnwrapped + free).initialize(to: incoming.take())
            }
        } else {
            payloadIndex = payloads.count
            payloads.append(payload)
        }
        heap.append(Key(instant: instant, sequence: sequence, payloadIndex: payloadIndex))
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
        guard let first = heap.first else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty { siftDown(last) }
        guard let payload = payloads[first.payloadIndex].take() else {
            preconditionFailure(
                "event \(first.sequence) at \(first.instant) has no payload in cell \(first.payloadIndex)")
        }
        freePayloadIndices.append(first.payloadIndex)
        return ScheduledEvent(instant: first.instant, sequence: first.sequence, payload: payload)
    }

    /// Asserts the heap property and that every pending event owns exactly one payload cell and
    /// every other cell is free; for tests and debugging (O(n)).
    public func checkInvariants() {
        precondition(heap.count <= capacity, "event queue holds \(heap.count) events, capacity \(capacity)")
        for index in heap.indices.dropFirst() {
            let parent = (index - 1) / Self.arity
            precondition(
                heap[parent].precedes(heap[index]),
                "heap order broken at \(index): parent (\(heap[parent].instant), \(heap[parent].sequence)) "
                    + "after child (\(heap[index].instant), \(heap[index].sequence))")
        }
        precondition(
            heap.count + freePayloadIndices.count == payloads.count,
            "\(heap.count) events and \(freePayloadIndices.count) free cells, but \(payloads.count) payload cells")
        var owned = [Bool](repeating: false, count: payloads.count)
        for key in heap {
            precondition(
                payloads.indices.contains(key.payloadIndex) && !owned[key.payloadIndex]
                    && payloads[key.payloadIndex] != nil,
                "event \(key.sequence) points at cell \(key.payloadIndex), which is missing, shared or empty")
            owned[key.payloadIndex] = true
        }
        for free in freePayloadIndices {
            precondition(
                payloads.indices.contains(free) && !owned[free] && payloads[free] == nil,
                "free cell \(free) is missing, owned or still holds a payload")
            owned[free] = true
        }
    }

    /// Moves the entry at `start` up to its place, shifting parents down into the hole. On raw
    /// storage, as `siftDown`: every index is a parent of one the loop already checked.
    private mutating func siftUp(from start: Int) {
        heap.withUnsafeMutableBufferPointer { heap in
            let key = heap[start]
            var hole = start
            while hole > 0 {
                let parent = (hole &- 1) / Self.arity
                guard key.precedes(heap[parent]) else { break }
                heap[hole] = heap[parent]
                hole = parent
            }
            heap[hole] = key
        }
    }

    /// Places `key` from the root down, lifting the earliest child into the hole at each level.
    /// The hottest loop of the world: it runs on raw storage, every index checked by the loop.
    private mutating func siftDown(_ key: Key) {
        heap.withUnsafeMutableBufferPointer { heap in
            var hole = 0
            let count = heap.count
            while true {
                let first = Self.arity &* hole &+ 1
                guard first < count else { break }
                var child = first
                if first &+ 3 < count {
                    // All four children: a tournament of three comparisons, without a loop.
                    let left = heap[first &+ 1].precedes(heap[first]) ? first &+ 1 : first
                    let right = heap[first &+ 3].precedes(heap[first &+ 2]) ? first &+ 3 : first &+ 2
                    child = heap[right].precedes(heap[left]) ? right : left
                } else {
                    var sibling = first &+ 1
                    while sibling < count {
                        if heap[sibling].precedes(heap[child]) { child = sibling }
                        sibling &+= 1
                    }
                }
                guard heap[child].precedes(key) else { break }
                heap[hole] = heap[child]
                hole = child
            }
            heap[hole] = key
        }
    }
}
