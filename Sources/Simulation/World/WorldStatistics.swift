/// Counters over a whole run: what the trace ring has long forgotten.
public struct WorldStatistics: Hashable, Sendable {
    /// Events processed: deliveries, holds, arrival drops, ticks, resumptions.
    public internal(set) var eventsProcessed = 0
    /// Messages handed to the network by nodes or by `inject`.
    public internal(set) var messagesSent = 0
    public internal(set) var messagesDelivered = 0
    /// Messages that reached a paused node and were put aside.
    public internal(set) var messagesHeld = 0
    public internal(set) var bytesDelivered = 0
    public internal(set) var ticks = 0
    /// Tick and resume events that had been replaced or cancelled by the time they came due.
    public internal(set) var staleEventsSkipped = 0
    private var drops = [Int](repeating: 0, count: DropReason.allCases.count)

    public init() {}

    /// Messages dropped for `reason`.
    public func dropped(_ reason: DropReason) -> Int { drops[Int(reason.rawValue)] }

    /// Messages dropped for any reason.
    public var droppedTotal: Int { drops.reduce(0, +) }

    mutating func countDrop(_ reason: DropReason) { drops[Int(reason.rawValue)] += 1 }
}
