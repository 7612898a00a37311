extension RecordBatch {
    /// Whether the stored CRC32C matches the bytes it covers (Kafka's `DefaultRecordBatch.isValid`).
    public var isChecksumValid: Bool { crc == computedChecksum }

    /// Checks everything a broker checks before it stores a batch, in Kafka's order: the size
    /// limit (`MESSAGE_TOO_LARGE`), the CRC32C over attributes..end (`CORRUPT_MESSAGE`), then
    /// the header's codec and offset span and, for uncompressed batches, every record: each
    /// decodes within its length, offset deltas rise strictly within `0...lastOffsetDelta`, the
    /// declared count matches and no bytes trail (`INVALID_RECORD`).
    ///
    /// Compressed batches are checked up to their CRC and header, which is all a broker needs to
    /// store and serve them. Validation allocates nothing; its cost is the CRC plus one pass over
    /// the record varints.
    ///
    /// Checks that depend on who sent the batch stay with the caller: a producer's batch must
    /// have `baseOffset` 0, `recordCount == lastOffsetDelta + 1`, at least one record, and must
    /// not be a control batch (Kafka's `LogValidator.validateBatch`).
    public func validate(maxMessageBytes: Int = .max) throws(RecordBatchError) {
        _ = try validate(maxMessageBytes: maxMessageBytes, findingRecordWithoutKey: false)
    }

    /// `validate(maxMessageBytes:)`, which with `findingRecordWithoutKey` also returns the index
    /// of the first record with a null key (a compacted topic refuses those), found in the same
    /// pass over the records and without decoding them; `nil` when every record has a key, or
    /// for a compressed batch. A broken record anywhere still throws first, as when the keys are
    /// checked after validation.
    public func validate(
        maxMessageBytes: Int = .max, findingRecordWithoutKey: Bool
    ) throws(RecordBatchError) -> Int? {
        guard sizeInBytes <= maxMessageBytes else {
            throw .recordTooLarge(size: sizeInBytes, limit: maxMessageBytes)
        }
        let stored = crc
        let computed = computedChecksum
        guard stored == computed else { throw .corruptRecord(.checksumMismatch(stored: stored, computed: computed)) }
        let codec = try checkHeader()
        guard codec == .none else { return nil }
        let declared = recordCount
        let lastOffsetDelta = self.lastOffsetDelta
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(RecordBatchError) -> Int? in
                var withoutKey: Int?
                if findingRecordWithoutKey {
                    try Self.walk(buffer, declared: declared, lastOffsetDelta: lastOffsetDelta) { layout, _, index in
                        if withoutKey == nil && layout.key == nil { withoutKey = index }
                    }
                } else {
                    try Self.walk(buffer, declared: declared, lastOffsetDelta: lastOffsetDelta) { _, _, _ in }
                }
                return withoutKey
            }
        }
        return try result.get()
    }

    /// The records of an uncompressed batch, in order.
    ///
    /// Checks the header and every record as `validate()` does, but not the CRC (check that once,
    /// on append). Throws `.unsupportedCompression` for a compressed batch: its bytes are fine,
    /// this build just cannot decompress them.
    public func records() throws(RecordBatchError) -> [Record] {
        let codec = try checkHeader()
        guard codec == .none else { throw .unsupportedCompression(codec) }
        return try walkRecords(decoding: true)
    }

    /// Checks the codec id and the offset span of the header, returning the codec.
    private func checkHeader() throws(RecordBatchError) -> CompressionCodec {
        try Self.checkHeader(attributes: attributes, lastOffsetDelta: lastOffsetDelta, recordCount: recordCount)
    }

    /// Checks a header's codec id and offset span, returning the codec.
    static func checkHeader(
        attributes: RecordBatchAttributes, lastOffsetDelta: Int32, recordCount: Int32
    ) throws(RecordBatchError) -> CompressionCodec {
        guard let codec = attributes.compression else {
            throw .invalidRecord(.unknownCompressionCodec(attributes.compressionID))
        }
        guard lastOffsetDelta >= 0, recordCount >= 0, Int64(recordCount) <= Int64(lastOffsetDelta) + 1 else {
            throw .invalidRecord(.invalidOffsetRange(lastOffsetDelta: lastOffsetDelta, recordCount: recordCount))
        }
        return codec
    }

    /// Walks the uncompressed records, checking each, and returns them when `decoding`.
    private func walkRecords(decoding: Bool) throws(RecordBatchError) -> [Record] {
        let declared = recordCount
        let lastOffsetDelta = self.lastOffsetDelta
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(RecordBatchError) -> [Record] in
                var records: [Record] = []
                // The smallest record takes 7 bytes; never trust the declared count for memory.
                if decoding { records.reserveCapacity(min(Int(declared), (buffer.count - Field.records) / 7)) }
                try Self.walk(buffer, declared: declared, lastOffsetDelta: lastOffsetDelta) {
                    layout, position, index throws(RecordBatchError) in
                    if decoding {
                        records.append(try Self.decodeRecord(layout, in: buffer, at: position, index: index))
                    }
                }
                return records
            }
        }
        return try result.get()
    }

    /// Walks the uncompressed records of the whole batch in `buffer`, checking each (lengths,
    /// offset deltas rising within `0...lastOffsetDelta`, the declared count, no trailing bytes)
    /// and handing each one's layout, start and index to `visit`. Inlined so that validation's
    /// empty visitor costs nothing per record.
    ///
    /// Records of the common shape (`RecordLayout.readCommon`) whose deltas pass the checks are
    /// walked first, in a loop that calls nothing; from the first other record on (every defect
    /// included), each is read by the checked cursor and checked one step at a time, which says
    /// what is wrong. Why two loops: a call in the loop (the checked cursor, the errors) made the
    /// compiler keep the walk's state in memory across it, which cost more than reading a record.
    @inline(__always)
    static func walk(
        _ buffer: UnsafeRawBufferPointer, declared: Int32, lastOffsetDelta: Int32,
        _ visit: (RecordLayout, Int, Int) throws(RecordBatchError) -> Void
    ) throws(RecordBatchError) {
        precondition(declared >= 0, "a negative record count")
        let declared = Int(declared)
        var index = 0
        var position = Field.records
        // −1 before the first record: every delta that passed the range check is above it.
        var previous: Int32 = -1
        if let base = buffer.baseAddress {
            // Above `previous` (at least −1) is at least 0: both range checks pass.
            while index < declared, position < buffer.count,
                let layout = RecordLayout.readCommon(base, count: buffer.count, at: position),
                layout.offsetDelta > previous, layout.offsetDelta <= lastOffsetDelta
            {
                previous = layout.offsetDelta
                try visit(layout, position, index)
                position = layout.end
                index += 1
            }
        }
        while index < declared {
            guard position < buffer.count else {
                throw .invalidRecord(.recordCountMismatch(declared: Int32(declared), found: index))
            }
            let layout = try Self.readRecord(in: buffer, at: position, index: index)
            let delta = layout.offsetDelta
            guard delta >= 0, delta <= lastOffsetDelta else {
                throw .invalidRecord(
                    .offsetDeltaOutOfRange(index: index, offsetDelta: delta, lastOffsetDelta: lastOffsetDelta))
            }
            if delta <= previous {
                throw .invalidRecord(.offsetDeltaOutOfOrder(index: index, offsetDelta: delta, previous: previous))
            }
            previous = delta
            try visit(layout, position, index)
            position = layout.end
            index += 1
        }
        guard position == buffer.count else {
            throw .invalidRecord(.trailingBytes(position: position, count: buffer.count - position))
        }
    }

    /// The record at `position` through the checked cursor (which reads a common record as
    /// `readCommon` does), its defect thrown as the batch's invalid record.
    private static func readRecord(
        in buffer: UnsafeRawBufferPointer, at position: Int, index: Int
    ) throws(RecordBatchError) -> RecordLayout {
        do {
            return try RecordLayout.readChecked(in: buffer, at: position)
        } catch {
            throw .invalidRecord(.malformedRecord(index: index, position: position, defect: error))
        }
    }

    static func decodeRecord(
        _ layout: RecordLayout, in buffer: UnsafeRawBufferPointer, at position: Int, index: Int
    ) throws(RecordBatchError) -> Record {
        do {
            return try layout.record(in: buffer)
        } catch {
            throw .invalidRecord(.malformedRecord(index: index, position: position, defect: error))
        }
    }
}
