import KafkaCore

/// Fetched records of one partition, in offset order, as `poll` hands them over: a collection of
/// `ConsumerRecord`s, each built when it is read.
///
/// The consumer keeps what it decodes from a fetch as one plain `RecordEntry` per record (offset,
/// where the record and its batch begin in the fetch's bytes) rather than as `ConsumerRecord`
/// values: an entry holds no reference, so decoding, buffering and dropping a record retains and
/// releases nothing, and it takes 16 bytes instead of a record's 96. The rest of a record
/// (timestamp, leader epoch, headers, where its key and value lie) is read from the fetch's bytes
/// when the record is built. A reader that needs only offsets (the scenario checks) reads them
/// with `offset(at:)` and builds no record.
public struct FetchedRecords: RandomAccessCollection, Hashable, Sendable {
    /// The partition every record belongs to.
    public let topicPartition: TopicPartition
    /// The fetch's bytes, which the records lie in (shared by every chunk of the fetch).
    let fetched: [UInt8]
    @usableFromInline let entries: ArraySlice<RecordEntry>

    init(topicPartition: TopicPartition, fetched: [UInt8], entries: ArraySlice<RecordEntry>) {
        self.topicPartition = topicPartition
        self.fetched = fetched
        self.entries = entries
    }

    public var startIndex: Int { entries.startIndex }
    public var endIndex: Int { entries.endIndex }

    /// The record at `position`, built from its entry and the fetch's bytes (the key and value
    /// stay in them).
    public subscript(position: Int) -> ConsumerRecord {
        let entry = entries[position]
        let fields = fetched.withUnsafeBytes { entry.fields(in: $0) }
        return ConsumerRecord(
            topicPartition: topicPartition, offset: Offset(entry.offset), leaderEpoch: fields.leaderEpoch,
            timestamp: fields.timestamp, headers: fields.headers, fetched: fetched,
            keyStart: fields.key?.lowerBound ?? 0, keyCount: fields.key?.count ?? -1,
            valueStart: fields.value?.lowerBound ?? 0, valueCount: fields.value?.count ?? -1)
    }

    public subscript(bounds: Range<Int>) -> FetchedRecords {
        FetchedRecords(topicPartition: topicPartition, fetched: fetched, entries: entries[bounds])
    }

    /// The offset of the record at `position`, without building the record. Inlinable: the
    /// scenario checks read every consumed record's offset.
    @inlinable public func offset(at position: Int) -> Offset { Offset(entries[position].offset) }

    /// Lends the records' entries to `body` in place (their offsets, in order): a reader that
    /// walks every offset (the scenario checks) walks them without a bounds check per record.
    @inlinable public func withUnsafeEntries<Result>(
        _ body: (UnsafeBufferPointer<RecordEntry>) throws -> Result
    ) rethrows -> Result {
        try entries.withUnsafeBufferPointer(body)
    }

    /// The leader epoch of the record at `position`, without building the record.
    public func leaderEpoch(at position: Int) -> LeaderEpoch {
        fetched.withUnsafeBytes { entries[position].leaderEpoch(in: $0) }
    }

    /// Equal when they hold equal records, as arrays of them would be.
    public static func == (a: FetchedRecords, b: FetchedRecords) -> Bool { a.elementsEqual(b) }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for record in self { hasher.combine(record) }
    }
}

/// Fetched records gathered in chunks of at most `max.poll.records`, the current one written in
/// place into a buffer lent by `gather` and copied into an array of its size once complete.
///
/// Why a buffer: its batches' entries are written straight into it (`writeEntries`), instead of
/// being gathered per batch and appended to a growing array (an append, and its uniqueness and
/// capacity checks, per batch of ten records).
struct RecordChunks {
    let chunkSize: Int
    let fetchedBytes: Int
    private var chunks: [[RecordEntry]] = []
    /// The current chunk's entries are its first `count`.
    private let current: UnsafeMutableBufferPointer<RecordEntry>
    private var count = 0
    /// The records of a batch that may not fit in the current chunk, moved to the chunks once it
    /// decoded whole (one array reused for every such batch of the fetch).
    private var overflow: [RecordEntry] = []

    private init(chunkSize: Int, fetchedBytes: Int, current: UnsafeMutableBufferPointer<RecordEntry>) {
        self.chunkSize = chunkSize
        self.fetchedBytes = fetchedBytes
        self.current = current
    }

    /// Calls `body` with empty chunks of at most `chunkSize` records for a fetch of
    /// `fetchedBytes`, and returns what it returns; the chunks must not outlive `body`.
    static func gather<Result>(
        chunkSize: Int, fetchedBytes: Int, _ body: (inout RecordChunks) -> Result
    ) -> Result {
        let chunkSize = max(1, chunkSize)
        // No record takes fewer than 7 bytes: a chunk never holds more records than the fetch.
        let capacity = min(chunkSize, max(0, fetchedBytes) / 7)
        return withUnsafeTemporaryAllocation(of: RecordEntry.self, capacity: capacity) { current in
            var chunks = RecordChunks(chunkSize: chunkSize, fetchedBytes: fetchedBytes, current: current)
            return body(&chunks)
        }
    }

    /// Appends the records of `view` at or after `position`, checking each; `fetchStart` is where
    /// the batch lies in the fetch. A broken record appends none of its batch's records; a
    /// compressed batch throws `.unsupportedCompression`.
    mutating func append(_ view: RecordBatchView, from position: Offset, fetchStart: Int) throws(RecordBatchError) {
        precondition(fetchStart >= 0 && fetchStart + view.sizeInBytes <= fetchedBytes, "a batch outside its fetch")
        startChunkIfFull()
        // Straight into the current chunk when the records the batch can hold fit in it (batches
        // are far smaller than a chunk). Through `overflow` otherwise, split at the chunk's end.
        if view.entryRoom <= current.count - count {
            var written = count
            try view.writeEntries(from: position, fetchStart: fetchStart, into: current, count: &written)
            count = written
            return
        }
        overflow.removeAll(keepingCapacity: true)
        try view.appendEntries(from: position, fetchStart: fetchStart, into: &overflow)
        var taken = 0
        while taken < overflow.count {
            startChunkIfFull()
            let moved = min(overflow.count - taken, chunkSize - count)
            precondition(moved <= current.count - count, "more records than bytes for them in a fetch")
            _ = UnsafeMutableBufferPointer(rebasing: current[count..<(count + moved)])
                .initialize(fromContentsOf: overflow[taken..<(taken + moved)])
            count += moved
            taken += moved
        }
    }

    /// Moves a full current chunk to `chunks`.
    private mutating func startChunkIfFull() {
        if count == chunkSize { takeCurrent() }
    }

    /// Copies the current chunk's entries into `chunks`; the current chunk is then empty.
    private mutating func takeCurrent() {
        chunks.append(Array(UnsafeBufferPointer(rebasing: current[..<count])))
        count = 0
    }

    /// The chunks of `topicPartition`'s records in `fetched` (the bytes walked), none empty.
    mutating func finish(_ topicPartition: TopicPartition, fetched: [UInt8]) -> [FetchedRecords] {
        if count > 0 { takeCurrent() }
        return chunks.map { FetchedRecords(topicPartition: topicPartition, fetched: fetched, entries: $0[...]) }
    }
}
