/// The last `capacity` things that happened, oldest first; older entries are overwritten and
/// counted, so a run of any length keeps the same memory. A ring of capacity 0 keeps nothing and
/// only counts.
public struct TraceRing<Element> {
    public let capacity: Int
    private var storage: [Element] = []
    /// Where the oldest entry sits once the ring is full.
    private var head = 0
    /// Everything ever appended, including what has since been overwritten.
    public private(set) var appendedCount = 0

    public init(capacity: Int) {
        precondition(capacity >= 0, "a trace ring cannot have a negative capacity: \(capacity)")
        self.capacity = capacity
    }

    public var count: Int { storage.count }

    /// How many entries were overwritten because the ring was full.
    public var overwrittenCount: Int { appendedCount - storage.count }

    public mutating func append(_ element: consuming Element) {
        appendedCount += 1
        if capacity == 0 { return }
        if storage.count < capacity {
            storage.append(element)
        } else {
            storage[head] = element
            head = head + 1 == capacity ? 0 : head + 1
        }
    }

    /// Counts an entry a ring of capacity 0 would not keep anyway, without building it.
    public mutating func countUnkept() {
        precondition(capacity == 0, "a ring of capacity \(capacity) keeps what is appended: append it")
        appendedCount += 1
    }

    /// The entries held, oldest first.
    public var elements: [Element] { Array(storage[head...] + storage[..<head]) }

    /// The newest entry.
    public var last: Element? {
        guard !storage.isEmpty else { return nil }
        return storage[(head + storage.count - 1) % storage.count]
    }
}

extension TraceRing: Sendable where Element: Sendable {}
