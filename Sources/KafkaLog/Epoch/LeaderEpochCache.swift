import KafkaCore

/// The leader-epoch cache of one replica (Kafka's `LeaderEpochFileCache`): the offset at which
/// each leader epoch began, persisted in `leader-epoch-checkpoint`. It answers
/// `endOffset(forEpoch:logEndOffset:)`, the question behind follower truncation (KIP-101/279)
/// and consumer position validation (KIP-320).
///
/// Entries are ordered by epoch, and start offsets strictly increase with them.
///
/// This type is the in-memory cache only; the owner (`PartitionLog`) writes
/// `LeaderEpochCheckpointFile` when it changes, as Kafka does: synchronously after an `assign`
/// that returned `true` (so the file never misses an entry), and lazily after truncations (a
/// stale file after a crash only holds extra entries, which recovery truncates again).
public struct LeaderEpochCache: Hashable, Sendable {
    /// The default bound on entries; see `maxEntries`.
    public static let defaultMaxEntries = 65_536

    /// The most entries the cache holds. Entries only disappear when the log is truncated or its
    /// start moves, and dropping an old entry would make `endOffset` answer wrongly (a follower
    /// could keep diverging records), so reaching the bound is a programmer error, not a drop.
    public let maxEntries: Int

    /// The entries, oldest epoch first.
    public private(set) var entries: [EpochEntry] = []

    public init(maxEntries: Int = LeaderEpochCache.defaultMaxEntries) {
        precondition(maxEntries > 0, "maxEntries must be positive, got \(maxEntries)")
        self.maxEntries = maxEntries
    }

    /// A cache rebuilt from checkpointed entries, each `assign`ed in order as Kafka's constructor
    /// does (so a non-monotonic file repairs itself the same way).
    public init(restoring restored: [EpochEntry], maxEntries: Int = LeaderEpochCache.defaultMaxEntries) {
        self.init(maxEntries: maxEntries)
        for entry in restored { assign(epoch: entry.epoch, startOffset: entry.startOffset) }
    }

    public var isEmpty: Bool { entries.isEmpty }
    public var latestEntry: EpochEntry? { entries.last }
    public var earliestEntry: EpochEntry? { entries.first }
    /// The epoch of the latest entry: the epoch the log is being written in. Inlinable (see
    /// `PartitionLog.latestEpoch`).
    @inlinable public var latestEpoch: LeaderEpoch? { entries.last?.epoch }

    /// Records that `epoch` starts at `startOffset`, with Kafka's rules. Nothing changes (and the
    /// result is `false`) when `epoch` is the latest epoch and `startOffset` is not below its start.
    /// Otherwise every entry that would break monotonicity, that is every entry from the end whose
    /// epoch is ≥ `epoch` or whose start offset is ≥ `startOffset`, is removed, and the new entry
    /// appended. So a new epoch at or past the last start simply appends, the latest epoch can move
    /// its start back, and an older epoch truncates the newer ones (Kafka logs a warning then).
    /// Epoch and offset must not be negative (callers skip batches with no epoch, -1).
    @discardableResult
    public mutating func assign(epoch: LeaderEpoch, startOffset: Offset) -> Bool {
        precondition(
            epoch.rawValue >= 0 && startOffset.rawValue >= 0,
            "invalid partition leader epoch entry: epoch \(epoch), start offset \(startOffset)")
        if holds(epoch: epoch, from: startOffset) { return false }
        while let last = entries.last, last.epoch >= epoch || last.startOffset >= startOffset {
            entries.removeLast()
        }
        precondition(
            entries.count < maxEntries,
            "leader epoch cache is full (\(maxEntries) entries) assigning epoch \(epoch) at \(startOffset)")
        entries.append(EpochEntry(epoch: epoch, startOffset: startOffset))
        return true
    }

    /// Whether `assign(epoch:startOffset:)` would change nothing: `epoch` is the latest epoch and
    /// `startOffset` is not below its start (every append but the first of an epoch).
    func holds(epoch: LeaderEpoch, from startOffset: Offset) -> Bool {
        guard let latest = entries.last else { return false }
        return latest.epoch == epoch && startOffset >= latest.startOffset
    }

    /// The entry of exactly `epoch`, if cached.
    public func entry(for epoch: LeaderEpoch) -> EpochEntry? {
        let slot = firstSlot { $0.epoch >= epoch }
        return slot < entries.count && entries[slot].epoch == epoch ? entries[slot] : nil
    }

    /// The greatest cached epoch below `epoch`.
    public func previousEpoch(before epoch: LeaderEpoch) -> LeaderEpoch? {
        let slot = firstSlot { $0.epoch >= epoch }
        return slot > 0 ? entries[slot - 1].epoch : nil
    }

    /// The smallest cached epoch above `epoch`.
    public func nextEpoch(after epoch: LeaderEpoch) -> LeaderEpoch? {
        let slot = firstSlot { $0.epoch > epoch }
        return slot < entries.count ? entries[slot].epoch : nil
    }

    /// The epoch `offset` was written in: the entry with the greatest start offset ≤ `offset`
    /// (Kafka's `epochForOffset`), or `nil` when `offset` precedes every entry.
    public func epoch(forOffset offset: Offset) -> LeaderEpoch? {
        let slot = firstSlot { $0.startOffset > offset }
        return slot > 0 ? entries[slot - 1].epoch : nil
    }

    /// Kafka's `endOffsetFor(requestedEpoch, logEndOffset)`:
    /// - requested epoch -1 (UNDEFINED): `.undefined`;
    /// - requested epoch = latest epoch: `(requested, logEndOffset)`;
    /// - requested epoch above every cached epoch (or an empty cache): `.undefined`;
    /// - requested epoch below every cached epoch: `(requested, start of the first epoch)`, since
    ///   that data is gone and the follower must start from what remains;
    /// - otherwise: `(largest cached epoch ≤ requested, start of the next higher cached epoch)`.
    public func endOffset(forEpoch requested: LeaderEpoch, logEndOffset: Offset) -> EpochEndOffset {
        if requested == .none { return .undefined }
        if let latest = latestEpoch, latest == requested {
            return EpochEndOffset(epoch: requested, endOffset: logEndOffset)
        }
        let higher = firstSlot { $0.epoch > requested }
        guard higher < entries.count else { return .undefined }
        if higher == 0 { return EpochEndOffset(epoch: requested, endOffset: entries[0].startOffset) }
        return EpochEndOffset(epoch: entries[higher - 1].epoch, endOffset: entries[higher].startOffset)
    }

    /// Removes every entry whose start offset is ≥ `endOffset` (the log was truncated to it);
    /// returns the removed entries. A negative `endOffset` changes nothing, as in Kafka.
    @discardableResult
    public mutating func truncateFromEnd(endOffset: Offset) -> [EpochEntry] {
        guard endOffset.rawValue >= 0 else { return [] }
        let keep = firstSlot { $0.startOffset >= endOffset }
        let removed = Array(entries[keep...])
        entries.removeSubrange(keep...)
        return removed
    }

    /// Forgets epochs that ended before `startOffset` (the log start offset moved there), as
    /// Kafka's `truncateFromStart`: every entry whose start offset is ≤ `startOffset` is removed,
    /// and the last of them comes back starting at `startOffset`, so the epoch of the new first
    /// offset stays known. An entry starting exactly at `startOffset` is kept as it is. Returns the
    /// removed entries (before the adjustment).
    @discardableResult
    public mutating func truncateFromStart(startOffset: Offset) -> [EpochEntry] {
        let removedCount = firstSlot { $0.startOffset > startOffset }
        guard removedCount > 0 else { return [] }
        let removed = Array(entries[0..<removedCount])
        entries.replaceSubrange(
            0..<removedCount, with: [EpochEntry(epoch: removed[removedCount - 1].epoch, startOffset: startOffset)])
        return removed
    }

    /// Forgets every entry (the log was deleted or fully truncated).
    public mutating func removeAll() {
        entries.removeAll()
    }

    /// Traps when epochs or start offsets are not strictly increasing, or values are negative.
    public func checkInvariants() {
        precondition(entries.count <= maxEntries, "leader epoch cache holds \(entries.count) > \(maxEntries) entries")
        for (slot, entry) in entries.enumerated() {
            precondition(entry.epoch.rawValue >= 0 && entry.startOffset.rawValue >= 0, "negative epoch entry \(entry)")
            if slot > 0 {
                let previous = entries[slot - 1]
                precondition(
                    previous.epoch < entry.epoch && previous.startOffset < entry.startOffset,
                    "leader epoch entries out of order: \(previous), then \(entry)")
            }
        }
    }

    /// The first slot whose entry satisfies `isAfter`, which must hold for a suffix of the entries.
    private func firstSlot(where isAfter: (EpochEntry) -> Bool) -> Int {
        OffsetIndex.partitionPoint(entries.count) { isAfter(entries[$0]) }
    }
}
