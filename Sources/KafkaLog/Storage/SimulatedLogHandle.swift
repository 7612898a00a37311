/// A `LogFile` of a `SimulatedLogStorage`. It writes straight into the file's written bytes (no
/// buffer), so `releaseWriteBuffer()` has nothing to do and errors surface on the append that
/// hits them. A handle opened before `crash(_:)` fails with `.ioError` on every I/O call.
public final class SimulatedLogHandle: LogFile {
    public let path: StoragePath
    let storage: SimulatedLogStorage
    let file: SimulatedFile
    /// The storage's crash count when the handle was opened.
    let crashCount: Int
    private var isClosed = false

    init(storage: SimulatedLogStorage, file: SimulatedFile, path: StoragePath) {
        self.storage = storage
        self.file = file
        self.path = path
        self.crashCount = storage.crashCount
    }

    public var sizeInBytes: Int { file.data.count }

    public func append(_ bytes: UnsafeRawBufferPointer) throws(StorageError) {
        checkOpen()
        if bytes.isEmpty { return }
        try storage.append(bytes, to: self)
    }

    /// Keeps the array itself when the storage's file can (see `ExtentBytes`).
    public func append(_ bytes: [UInt8], overwritingPrefixWith prefix: UnsafeRawBufferPointer) throws(StorageError) {
        checkOpen()
        precondition(prefix.count <= bytes.count, "prefix of \(prefix.count) bytes over \(bytes.count)")
        if bytes.isEmpty { return }
        try storage.append(bytes, overwritingPrefixWith: prefix, to: self)
    }

    public func read(at position: Int, into target: UnsafeMutableRawBufferPointer) throws(StorageError) -> Int {
        checkOpen()
        precondition(position >= 0, "read at negative position \(position) of \(path)")
        return try storage.read(at: position, into: target, from: self)
    }

    /// Builds the array straight from the file's bytes (see `ExtentBytes.bytes(in:)`): the stored
    /// array itself when the read is exactly one append.
    public func read(at position: Int, count: Int) throws(StorageError) -> [UInt8] {
        precondition(position >= 0 && count >= 0, "read at \(position) of \(count) bytes")
        let wanted = max(0, min(count, sizeInBytes - position))
        if wanted == 0 { return [] }
        checkOpen()
        return try storage.read(at: position, count: wanted, from: self)
    }

    public func truncate(to newSize: Int) throws(StorageError) {
        checkOpen()
        precondition(
            newSize >= 0 && newSize <= sizeInBytes, "truncate \(path) to \(newSize) bytes, but it holds \(sizeInBytes)")
        if newSize == sizeInBytes { return }
        try storage.truncate(self, to: newSize)
    }

    public func flush() throws(StorageError) {
        checkOpen()
        try storage.flush(self)
    }

    public func releaseWriteBuffer() throws(StorageError) {
        checkOpen()
    }

    public func close() throws(StorageError) {
        checkOpen()
        isClosed = true
    }

    private func checkOpen() {
        precondition(!isClosed, "\(path) used after close()")
    }
}

@available(*, unavailable)
extension SimulatedLogHandle: Sendable {}
