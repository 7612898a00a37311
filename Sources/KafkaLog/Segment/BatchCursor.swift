import KafkaCore

/// Walks the batches of a segment file front to back with large positional reads (Kafka's
/// `FileLogInputStream`), never one small read per batch.
///
/// The cursor keeps one buffer of `chunkBytes` (grown once for a batch larger than that) and
/// refills it from the position of the batch it needs. In `.headers` mode it only needs each
/// header in the buffer, which is enough to find offsets and positions; in `.wholeBatches` mode
/// every batch it returns lies wholly in the buffer, so `checksumDefect()` can check the CRC in
/// place (recovery, read verification).
///
/// Memory: the buffer, bounded by `max(chunkBytes, largest batch)`.
final class BatchCursor {
    /// How much of each batch must be in memory when `next()` returns it.
    enum Mode {
        case headers
        case wholeBatches
    }

    /// What `next()` found.
    enum Step {
        /// A batch starting at `position` whose framing holds (its bytes are all in the file).
        case batch(BatchHeader, position: Int)
        /// The walk reached `end` exactly after the previous batch.
        case end
        /// The bytes at `position` are not a whole, framed batch (torn, or garbage).
        case invalid(RecordBatchError, position: Int)
    }

    let file: any LogFile
    /// Where the walk stops: the segment's (or file's) size.
    let end: Int
    let mode: Mode
    private let chunkBytes: Int
    private var buffer: UnsafeMutableRawBufferPointer
    /// The file position of `buffer[0]` and how many bytes from there are loaded.
    private var bufferStart = 0
    private var bufferCount = 0
    /// Where the next batch starts.
    private(set) var position: Int
    /// The batch `next()` returned last, with its position.
    private var current: (header: BatchHeader, position: Int)?

    init(file: any LogFile, from start: Int, end: Int, mode: Mode, chunkBytes: Int) {
        precondition(start >= 0 && start <= end, "cursor from \(start) to \(end) of \(file.path)")
        precondition(chunkBytes >= BatchHeader.size, "cursor chunk of \(chunkBytes) bytes is below one header")
        self.file = file
        self.end = end
        self.mode = mode
        self.chunkBytes = chunkBytes
        self.position = start
        buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: min(chunkBytes, max(end - start, 1)), alignment: 16)
    }

    deinit {
        buffer.deallocate()
    }

    /// The next batch, the end, or why the bytes there are not a batch. The cursor does not
    /// move past an invalid batch.
    func next() throws(StorageError) -> Step {
        if position >= end { return .end }
        try ensureLoaded(from: position, count: min(BatchHeader.size, end - position))
        let parse = BatchHeader.parse(UnsafeRawBufferPointer(rebasing: loadedBytes), at: position - bufferStart)
        switch parse {
        case .needsBytes(let needed):
            return .invalid(.corruptRecord(.truncated(needed: needed, available: end - position)), position: position)
        case .malformed(let error):
            return .invalid(error, position: position)
        case .header(let header):
            guard header.sizeInBytes <= end - position else {
                let truncated = RecordBatchError.Corruption.truncated(
                    needed: header.sizeInBytes, available: end - position)
                return .invalid(.corruptRecord(truncated), position: position)
            }
            if mode == .wholeBatches { try ensureLoaded(from: position, count: header.sizeInBytes) }
            let start = position
            current = (header, start)
            position += header.sizeInBytes
            return .batch(header, position: start)
        }
    }

    /// The CRC failure of the batch `next()` returned last, `nil` when its CRC matches. Needs
    /// `.wholeBatches`.
    func checksumDefect() -> RecordBatchError? {
        guard let current else { preconditionFailure("checksumDefect() before next() returned a batch") }
        precondition(mode == .wholeBatches, "checksumDefect() needs a cursor over whole batches")
        return current.header.checksumDefect(
            in: UnsafeRawBufferPointer(rebasing: loadedBytes), at: current.position - bufferStart)
    }

    /// The bytes of the batch `next()` returned last, copied out. Needs `.wholeBatches`.
    func currentBatchBytes() -> [UInt8] {
        guard let current else { preconditionFailure("currentBatchBytes() before next() returned a batch") }
        precondition(mode == .wholeBatches, "currentBatchBytes() needs a cursor over whole batches")
        let start = current.position - bufferStart
        return Array(UnsafeRawBufferPointer(rebasing: loadedBytes[start..<(start + current.header.sizeInBytes)]))
    }

    private var loadedBytes: Slice<UnsafeMutableRawBufferPointer> { buffer[0..<bufferCount] }

    /// Makes `[start, start + count)` present in the buffer, reading a chunk from `start` when it
    /// is not.
    private func ensureLoaded(from start: Int, count: Int) throws(StorageError) {
        if start >= bufferStart && start + count <= bufferStart + bufferCount { return }
        let wanted = min(max(chunkBytes, count), end - start)
        if buffer.count < wanted {
            buffer.deallocate()
            buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: wanted, alignment: 16)
        }
        let copied = try file.read(at: start, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<wanted]))
        bufferStart = start
        bufferCount = copied
        if copied < count {
            throw StorageError.ioError(
                path: file.path, reason: "read \(copied) of \(count) bytes at \(start); the file is shorter than \(end)"
            )
        }
    }
}
