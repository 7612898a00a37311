import KafkaCore

/// Fetched records of one partition, in offset order, as `poll` hands them over: a collection of
/// `ConsumerRecord`s, each built when it is read.
///
/// The consumer keeps what it decodes from a fetch as one plain entry per record (offset,
/// timestamp, leader epoch, where the key and value lie in the fetch's bytes) rather than as
/// `ConsumerRecord` values: an entry holds no reference, so decoding, buffering and dropping a
/// record retains and releases nothing, and it takes 40 bytes instead of a record's 96. A reader
/// that needs only offsets (the scenario checks) reads them with `offset(at:)` and builds no record.
public struct FetchedRecords: RandomAccessCollection, Hashable, Sendable {
    /// One decoded record: plain values only.
    @usableFromInline struct Entry: Hashable, Sendable {
        @usableFromInline var offset: Int64
        var timestamp: Int64
        var leaderEpoch: Int32
        /// The record's index in `FetchedRecords.headers`, −1 when it has none.
        var headers: Int32
        /// Where the key and value lie in the fetch's bytes; a count of −1 is null.
        var keyStart: Int32
        var keyCount: Int32
        var valueStart: Int32
        var valueCount: Int32
    }

    /// The partition every record belongs to.
    public let topicPartition: TopicPartition
    /// The fetch's bytes, which the keys and values lie in (shared by every chunk of the fetch).
    let fetched: [UInt8]
    /// The headers of the fetch's records that have any (usually none), by `Entry.headers`.
    let headers: [[RecordHeader]]
    @usableFromInline let entries: ArraySlice<Entry>

    init(topicPartition: TopicPartition, fetched: [UInt8], headers: [[RecordHeader]], entries: ArraySlice<Entry>) {
        self.topicPartition = topicPartition
        self.fetched = fetched
        self.headers = headers
        self.entries = entries
    }

    public var startIndex: Int { entries.startIndex }
    public var endIndex: Int { entries.endIndex }

    /// The record at `position`, built from its entry (the key and value stay in the fetch's bytes).
    public subscript(position: Int) -> ConsumerRecord {
        let entry = entries[position]
        return ConsumerRecord(
            topicPartition: topicPartition, offset: Offset(entry.offset), leaderEpoch: LeaderEpoch(entry.leaderEpoch),
            timestamp: entry.timestamp, headers: entry.headers < 0 ? [] : headers[Int(entry.headers)],
            fetched: fetched, keyStart: Int(entry.keyStart), keyCount: Int(entry.keyCount),
            valueStart: Int(entry.valueStart), valueCount: Int(entry.valueCount))
    }

    public subscript(bounds: Range<Int>) -> FetchedRecords {
        FetchedRecords(topicPartition: topicPartition, fetched: fetched, headers: headers, entries: entries[bounds])
    }

    /// The offset of the record at `position`, without building the record. Inlinable: the
    /// scenario checks read every consumed record's offset.
    @inlinable public func offset(at position: Int) -> Offset { Offset(entries[position].offset) }

    /// The leader epoch of the record at `position`, without building the record.
    public func leaderEpoch(at position: Int) -> LeaderEpoch { LeaderEpoch(entries[position].leaderEpoch) }

    /// Equal when they hold equal records, as arrays of them would be.
    public static func == (a: FetchedRecords, b: FetchedRecords) -> Bool { a.elementsEqual(b) }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for record in self { hasher.combine(record) }
    }
}

/// Fetched records gathered in chunks of at most `max.poll.records`, each allocated once.
struct RecordChunks {
    let chunkSize: Int
    let fetchedBytes: Int
    /// Bytes of the fetch walked so far, to size the next chunk.
    var seenBytes = 0
    private var chunks: [[FetchedRecords.Entry]] = []
    private var current: [FetchedRecords.Entry] = []
    /// The headers of the records that have any, by `FetchedRecords.Entry.headers`.
    private var headers: [[RecordHeader]] = []
    /// Records gathered so far.
    private(set) var count = 0

    init(chunkSize: Int, fetchedBytes: Int) {
        self.chunkSize = max(1, chunkSize)
        self.fetchedBytes = fetchedBytes
    }

    /// Appends the record `record` of a batch decoded in place in the fetch, whose first byte is
    /// at `base`.
    @inline(__always)
    mutating func append(
        _ record: RecordView, offset: Int64, timestamp: Int64, leaderEpoch: LeaderEpoch, base: UnsafeRawPointer
    ) {
        if current.count == chunkSize {
            chunks.append(current)
            current = []
        }
        if current.isEmpty {
            // A record takes at least 7 bytes and rarely fewer than 16: reserve for what the
            // rest of the fetch can hold, at most one chunk, so growing never copies.
            current.reserveCapacity(min(chunkSize, max(16, (fetchedBytes - seenBytes) / 16 + 16)))
        }
        var headerIndex: Int32 = -1
        let recordHeaders = record.headers
        if !recordHeaders.isEmpty {
            headerIndex = Int32(headers.count)
            headers.append(recordHeaders)
        }
        let (keyStart, keyCount) = field(record.key, base: base)
        let (valueStart, valueCount) = field(record.value, base: base)
        current.append(
            FetchedRecords.Entry(
                offset: offset, timestamp: timestamp, leaderEpoch: leaderEpoch.rawValue, headers: headerIndex,
                keyStart: keyStart, keyCount: keyCount, valueStart: valueStart, valueCount: valueCount))
        count += 1
    }

    /// Where `bytes` lies in the fetch starting at `base`: (0, −1) for null.
    private func field(_ bytes: UnsafeRawBufferPointer?, base: UnsafeRawPointer) -> (Int32, Int32) {
        guard let bytes else { return (0, -1) }
        guard let address = bytes.baseAddress else { return (0, 0) }
        let start = base.distance(to: address)
        precondition(start >= 0 && start + bytes.count <= fetchedBytes, "a record field outside its fetch")
        return (Int32(start), Int32(bytes.count))
    }

    /// Drops the last `dropped` records (a broken batch's); headers they had stay in the table,
    /// named by no entry.
    mutating func removeLast(_ dropped: Int) {
        precondition(dropped >= 0 && dropped <= count, "dropping \(dropped) of \(count) records")
        var left = dropped
        while left > 0 {
            if current.isEmpty { current = chunks.removeLast() }
            let taken = min(left, current.count)
            current.removeLast(taken)
            left -= taken
        }
        count -= dropped
    }

    /// The chunks of `topicPartition`'s records in `fetched` (the bytes walked), none empty.
    mutating func finish(_ topicPartition: TopicPartition, fetched: [UInt8]) -> [FetchedRecords] {
        if !current.isEmpty { chunks.append(current) }
        current = []
        return chunks.map {
            FetchedRecords(topicPartition: topicPartition, fetched: fetched, headers: headers, entries: $0[...])
        }
    }
}
