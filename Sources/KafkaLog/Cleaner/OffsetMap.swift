import KafkaCore

/// The cleaner's map from each key to the offset of its latest record in the range being
/// cleaned (Kafka's `SkimpyOffsetMap`), bounded by `log.cleaner.dedupe.buffer.size`.
///
/// Kafka stores a 16-byte MD5 of each key plus an 8-byte offset per slot and fills the buffer to
/// a load factor of 0.9; the same budget here gives the same number of keys per pass. Keys are
/// kept whole (no hash collisions, so no record is ever dropped by mistake). When the map is
/// full, the pass stops at the last offset it mapped and the rest of the dirty range waits for
/// the next pass, as in Kafka. Lookups only; iteration order is never used.
public struct OffsetMap: Sendable {
    /// Bytes Kafka charges per key: a 16-byte hash and an 8-byte offset.
    public static let bytesPerEntry = 24

    /// How many keys fit.
    public let capacity: Int
    private var latest: [[UInt8]: Offset] = [:]

    /// The last offset the map covers: the last offset of the last batch scanned into it, keyed
    /// records or not (`nil` while nothing was scanned). Records past it are not deduplicated.
    public private(set) var latestOffset: Offset?

    /// A map sized like Kafka's for `dedupeBufferBytes` at a load factor of `loadFactor`.
    public init(dedupeBufferBytes: Int = 134_217_728, loadFactor: Double = 0.9) {
        precondition(dedupeBufferBytes > 0, "dedupe buffer must be positive, got \(dedupeBufferBytes)")
        precondition(loadFactor > 0 && loadFactor <= 1, "load factor must be in (0, 1], got \(loadFactor)")
        capacity = max(1, Int(Double(dedupeBufferBytes / Self.bytesPerEntry) * loadFactor))
    }

    public var count: Int { latest.count }
    public var isFull: Bool { latest.count >= capacity }

    /// Whether `key` can be put without exceeding the capacity.
    public func canPut(_ key: [UInt8]) -> Bool {
        !isFull || latest[key] != nil
    }

    /// Records that `key`'s latest record is at `offset`; offsets must be put in increasing order.
    public mutating func put(_ key: [UInt8], offset: Offset) {
        precondition(canPut(key), "offset map is full at \(capacity) keys")
        precondition(
            latestOffset.map { offset > $0 } ?? true,
            "offsets must be put in increasing order: \(offset) after \(String(describing: latestOffset))")
        latest[key] = offset
        latestOffset = offset
    }

    /// Marks every offset up to `offset` as scanned (Kafka calls it after each batch with the
    /// batch's last offset, so keyless records and compacted gaps count as covered).
    public mutating func updateLatestOffset(_ offset: Offset) {
        precondition(
            latestOffset.map { offset >= $0 } ?? true,
            "latest offset cannot move back from \(String(describing: latestOffset)) to \(offset)")
        latestOffset = offset
    }

    /// The latest offset of `key`, or `nil` when the key never appeared in the mapped range.
    public func offset(of key: [UInt8]) -> Offset? {
        latest[key]
    }
}
