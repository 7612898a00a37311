import Glibc

/// A `LogFile` on a real file descriptor, with a write buffer that coalesces appends.
///
/// Appends are copied into a buffer of `writeBufferBytes` (allocated on the first append) and
/// written with one `pwrite` when the next append would not fit, on `flush()`,
/// `releaseWriteBuffer()` and `close()`. An append at least as large as the buffer is written
/// straight through after the buffered bytes. Reads are served from the file and, for the
/// unwritten tail, from the buffer, so a tailing reader never forces a small write.
///
/// Process-kill semantics: when a handle is dropped without `close()` (its broker was killed),
/// `deinit` still writes the buffered bytes, so written bytes survive as they would in Kafka's
/// page cache. Only a real crash of this process loses the buffer, which looks like a torn tail
/// to recovery.
public final class FileLogHandle: LogFile {
    public let path: StoragePath
    /// The size of the write buffer.
    public let writeBufferBytes: Int
    /// How many `pwrite` calls this handle has issued (short writes count once per call).
    public private(set) var writeCallCount = 0
    /// How many `fsync` calls this handle has issued.
    public private(set) var fsyncCallCount = 0

    /// The descriptor, or -1 once closed.
    private var descriptor: Int32
    /// Bytes that reached the file.
    private var fileBytes: Int
    /// The write buffer; `nil` until the first append and after `releaseWriteBuffer()`.
    private var buffer: UnsafeMutableRawBufferPointer?
    /// Bytes at the front of `buffer` that belong after `fileBytes`.
    private var bufferedBytes = 0
    /// Whether anything was appended or truncated since the last successful `fsync`.
    private var hasUnflushedChanges = false

    init(descriptor: Int32, path: StoragePath, sizeInBytes: Int, writeBufferBytes: Int) {
        precondition(writeBufferBytes > 0, "writeBufferBytes must be positive, got \(writeBufferBytes)")
        self.descriptor = descriptor
        self.path = path
        self.fileBytes = sizeInBytes
        self.writeBufferBytes = writeBufferBytes
    }

    deinit {
        if descriptor >= 0 {
            // A dropped handle behaves like a killed process: what it holds reaches the page
            // cache. There is nobody left to tell about a failure; recovery truncates whatever
            // tail is missing, exactly as after a torn write.
            do { try writeBuffered() } catch {}
            Glibc.close(descriptor)
        }
        buffer?.deallocate()
    }

    public var sizeInBytes: Int { fileBytes + bufferedBytes }

    /// Bytes appended but not yet handed to the kernel.
    public var bufferedByteCount: Int { bufferedBytes }

    public func append(_ bytes: UnsafeRawBufferPointer) throws(StorageError) {
        checkOpen()
        if bytes.isEmpty { return }
        if bufferedBytes + bytes.count > writeBufferBytes { try writeBuffered() }
        hasUnflushedChanges = true
        if bytes.count >= writeBufferBytes {
            var written = 0
            let failure = POSIX.writeFully(
                descriptor, bytes, at: fileBytes, written: &written, calls: &writeCallCount, path: path)
            fileBytes += written
            if let failure { throw failure }
            return
        }
        let target = writeBuffer()
        UnsafeMutableRawBufferPointer(rebasing: target[bufferedBytes..<bufferedBytes + bytes.count])
            .copyMemory(from: bytes)
        bufferedBytes += bytes.count
    }

    public func read(at position: Int, into target: UnsafeMutableRawBufferPointer) throws(StorageError) -> Int {
        checkOpen()
        precondition(position >= 0, "read at negative position \(position) of \(path)")
        let end = min(position + target.count, sizeInBytes)
        guard position < end else { return 0 }
        var copied = 0
        if position < fileBytes {
            let wanted = min(end, fileBytes) - position
            copied = try POSIX.readFully(
                descriptor, into: UnsafeMutableRawBufferPointer(rebasing: target[0..<wanted]), at: position, path: path)
            if copied < wanted {
                throw StorageError.ioError(
                    path: path,
                    reason: "file ends at \(position + copied), not \(fileBytes); was it changed outside this handle?")
            }
        }
        if end > fileBytes, let buffer {
            let start = max(position, fileBytes) - fileBytes
            let count = end - fileBytes - start
            UnsafeMutableRawBufferPointer(rebasing: target[copied..<copied + count])
                .copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[start..<start + count]))
            copied += count
        }
        return copied
    }

    public func truncate(to newSize: Int) throws(StorageError) {
        checkOpen()
        precondition(
            newSize >= 0 && newSize <= sizeInBytes, "truncate \(path) to \(newSize) bytes, but it holds \(sizeInBytes)")
        if newSize == sizeInBytes { return }
        if newSize >= fileBytes {
            bufferedBytes = newSize - fileBytes
        } else {
            let descriptor = descriptor
            _ = try POSIX.retrying(path: path, call: "ftruncate") { ftruncate(descriptor, off_t(newSize)) }
            fileBytes = newSize
            bufferedBytes = 0
        }
        hasUnflushedChanges = true
    }

    public func flush() throws(StorageError) {
        checkOpen()
        try writeBuffered()
        guard hasUnflushedChanges else { return }
        fsyncCallCount += 1
        let descriptor = descriptor
        _ = try POSIX.retrying(path: path, call: "fsync") { fsync(descriptor) }
        hasUnflushedChanges = false
    }

    public func releaseWriteBuffer() throws(StorageError) {
        checkOpen()
        try writeBuffered()
        buffer?.deallocate()
        buffer = nil
    }

    public func close() throws(StorageError) {
        checkOpen()
        try writeBuffered()
        let result = Glibc.close(descriptor)
        let code = errno
        descriptor = -1
        buffer?.deallocate()
        buffer = nil
        // The descriptor is gone even when close reports an error, so it is never retried.
        if result != 0 { throw POSIX.error(code, path: path, call: "close") }
    }

    /// Hands the buffered bytes to the kernel. On failure the bytes that were written leave the
    /// buffer and the rest stay, so `sizeInBytes` and reads are unchanged.
    private func writeBuffered() throws(StorageError) {
        guard bufferedBytes > 0, let buffer else { return }
        var written = 0
        let failure = POSIX.writeFully(
            descriptor, UnsafeRawBufferPointer(rebasing: buffer[0..<bufferedBytes]), at: fileBytes,
            written: &written, calls: &writeCallCount, path: path)
        fileBytes += written
        bufferedBytes -= written
        if written > 0 && bufferedBytes > 0 {
            UnsafeMutableRawBufferPointer(rebasing: buffer[0..<bufferedBytes])
                .copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[written..<written + bufferedBytes]))
        }
        if let failure { throw failure }
    }

    private func writeBuffer() -> UnsafeMutableRawBufferPointer {
        if let buffer { return buffer }
        let allocated = UnsafeMutableRawBufferPointer.allocate(byteCount: writeBufferBytes, alignment: 16)
        buffer = allocated
        return allocated
    }

    private func checkOpen() {
        precondition(descriptor >= 0, "\(path) used after close()")
    }
}

@available(*, unavailable)
extension FileLogHandle: Sendable {}
