import KafkaCore

/// What a read returned (Kafka's `FetchDataInfo`): whole batches, byte for byte as stored,
/// ready to go into a fetch response.
///
/// Because batches are whole, the first one may start below the requested offset; consumers
/// skip those records, as Kafka's do. Reads never re-validate stored batches;
/// `verifyChecksums()` is the separate, cheap check for callers that want one.
public struct LogReadResult: Hashable, Sendable {
    /// The offset that was asked for.
    public let fetchOffset: Offset
    /// The batches, concatenated; empty when nothing could be returned.
    public let records: [UInt8]
    /// How many batches `records` holds.
    public let batchCount: Int
    /// The base offset of the first batch, `nil` when empty.
    public let firstBatchBaseOffset: Offset?
    /// The offset after the last batch (where the next fetch starts), `fetchOffset` when empty.
    public let nextOffset: Offset
    /// The log's start and end offsets when the read happened.
    public let logStartOffset: Offset
    public let logEndOffset: Offset

    public init(
        fetchOffset: Offset, records: [UInt8], batchCount: Int, firstBatchBaseOffset: Offset?, nextOffset: Offset,
        logStartOffset: Offset, logEndOffset: Offset
    ) {
        self.fetchOffset = fetchOffset
        self.records = records
        self.batchCount = batchCount
        self.firstBatchBaseOffset = firstBatchBaseOffset
        self.nextOffset = nextOffset
        self.logStartOffset = logStartOffset
        self.logEndOffset = logEndOffset
    }

    public var isEmpty: Bool { batchCount == 0 }

    /// The batches as values (framing only: they were validated when appended).
    public func batches() -> [RecordBatch] {
        let scan = RecordBatch.batches(in: records, validating: false)
        precondition(
            scan.error == nil, "a read returned bytes that do not frame as batches: \(String(describing: scan.error))")
        return scan.batches
    }

    /// Checks every batch's CRC32C in place and returns the number of records they declare; the
    /// first mismatch throws. This is what a consumer (or the read benchmark) does on receipt.
    public func verifyChecksums() throws(RecordBatchError) -> Int {
        let result: Result<Int, RecordBatchError> = records.withUnsafeBytes { buffer in
            var position = 0
            var recordCount = 0
            while position < buffer.count {
                guard case .header(let header) = BatchHeader.parse(buffer, at: position),
                    position + header.sizeInBytes <= buffer.count
                else {
                    return .failure(
                        .corruptRecord(.truncated(needed: BatchHeader.size, available: buffer.count - position)))
                }
                if let defect = header.checksumDefect(in: buffer, at: position) { return .failure(defect) }
                recordCount += Int(header.recordCount)
                position += header.sizeInBytes
            }
            return .success(recordCount)
        }
        return try result.get()
    }

    static func empty(at offset: Offset, logStartOffset: Offset, logEndOffset: Offset) -> LogReadResult {
        LogReadResult(
            fetchOffset: offset, records: [], batchCount: 0, firstBatchBaseOffset: nil, nextOffset: offset,
            logStartOffset: logStartOffset, logEndOffset: logEndOffset)
    }
}
