/// An open file of a `LogStorage`: append at the end, read anywhere, truncate, flush.
///
/// Contract shared by both implementations:
/// - `sizeInBytes` is always exact: every byte appended and not truncated, whether it still sits
///   in the handle's write buffer or already reached the file. Reads see all of them.
/// - Write errors may surface after the append that produced the bytes: a file-backed handle
///   writes when its buffer fills and on `flush`. Bytes it could not write stay buffered, still
///   count in `sizeInBytes`, stay readable, and are retried by the next write.
/// - An append that throws may have taken a prefix of its bytes (a short write before `ENOSPC`,
///   the simulated disk filling up); `sizeInBytes` says exactly how many. After any error the
///   caller truncates back to its last good position (the end of the last complete batch) or
///   stops using the log, as Kafka takes the log directory offline.
/// - Bytes below the last successful `flush()` are never changed by a failed operation; only an
///   explicit `truncate(to:)` removes them.
/// - Using a handle after `close()` is a programmer error and traps.
public protocol LogFile: AnyObject {
    /// The path the file was opened at (a handle follows its file across renames).
    var path: StoragePath { get }

    /// Bytes in the file, buffered ones included.
    var sizeInBytes: Int { get }

    /// Appends `bytes` at the end of the file.
    func append(_ bytes: UnsafeRawBufferPointer) throws(StorageError)

    /// Appends `bytes` with its first `prefix.count` bytes replaced by `prefix` (a leader's batch
    /// with its base offset and epoch stamped). A requirement so that a storage can keep the
    /// array itself rather than copy it (the simulated one does); the default appends `prefix`,
    /// then the rest of `bytes`.
    func append(_ bytes: [UInt8], overwritingPrefixWith prefix: UnsafeRawBufferPointer) throws(StorageError)

    /// Copies up to `buffer.count` bytes starting at `position` into `buffer` and returns how many
    /// it copied: fewer only at the end of the file, zero at or past it.
    func read(at position: Int, into buffer: UnsafeMutableRawBufferPointer) throws(StorageError) -> Int

    /// Up to `count` bytes from `position`: fewer at the end of the file, none past it (then
    /// without touching the storage). A requirement so that a storage can build the array
    /// without a buffer in between; the default reads into a fresh array.
    func read(at position: Int, count: Int) throws(StorageError) -> [UInt8]

    /// Cuts the file to `sizeInBytes`, which must not exceed the current size.
    func truncate(to sizeInBytes: Int) throws(StorageError)

    /// Writes buffered bytes and makes the whole file durable (`fsync`).
    func flush() throws(StorageError)

    /// Writes buffered bytes and frees the write buffer (a later append allocates it again). Call
    /// it when a segment stops being the active one so memory stays bounded by active segments.
    func releaseWriteBuffer() throws(StorageError)

    /// Writes buffered bytes (without `fsync`) and closes the handle. When writing fails the
    /// handle stays open so the caller can truncate or retry.
    func close() throws(StorageError)
}

extension LogFile {
    /// Appends the bytes of an array (see `append(_:overwritingPrefixWith:)`).
    public func append(_ bytes: [UInt8]) throws(StorageError) {
        try append(bytes, overwritingPrefixWith: UnsafeRawBufferPointer(start: nil, count: 0))
    }

    public func append(_ bytes: [UInt8], overwritingPrefixWith prefix: UnsafeRawBufferPointer) throws(StorageError) {
        precondition(prefix.count <= bytes.count, "prefix of \(prefix.count) bytes over \(bytes.count)")
        if !prefix.isEmpty { try append(prefix) }
        let result: Result<Void, StorageError> = bytes.withUnsafeBytes { raw in
            Result { () throws(StorageError) in try append(UnsafeRawBufferPointer(rebasing: raw[prefix.count...])) }
        }
        try result.get()
    }

    /// Up to `count` bytes from `position`: fewer at the end of the file, none past it.
    public func read(at position: Int, count: Int) throws(StorageError) -> [UInt8] {
        precondition(position >= 0 && count >= 0, "read at \(position) of \(count) bytes")
        let wanted = max(0, min(count, sizeInBytes - position))
        if wanted == 0 { return [] }
        var failure: StorageError?
        let bytes = [UInt8](unsafeUninitializedCapacity: wanted) { buffer, initialized in
            do throws(StorageError) {
                initialized = try read(at: position, into: UnsafeMutableRawBufferPointer(buffer))
            } catch {
                failure = error
                initialized = 0
            }
        }
        if let failure { throw failure }
        return bytes
    }
}
