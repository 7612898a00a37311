import Glibc
import KafkaCore

/// `LogStorage` on real files under `rootDirectory`, through plain POSIX calls.
///
/// Appends are coalesced by each handle's write buffer (`FileLogHandle`): one `pwrite` per
/// buffer fill, never one per record. Nothing is fsynced unless asked (`LogFile.flush()`,
/// `flushDirectory`, `writeWholeFileAtomically`), which is Kafka's default too.
///
/// Errors: `EINTR` is retried, short writes continue where they stopped, `ENOSPC`/`EDQUOT` are
/// `.diskFull`, `ENOENT` is `.notFound`, `EEXIST` is `.alreadyExists`, anything else is
/// `.ioError` naming the call and `strerror`.
///
/// This file and `FileLogHandle.swift` are the only KafkaLog files allowed to import Glibc.
public final class FileLogStorage: LogStorage {
    /// The directory every `StoragePath` is relative to; created on demand by `createDirectory`.
    public let rootDirectory: String
    /// The write buffer of handles opened without an explicit `OpenOptions.writeBufferBytes`.
    public let defaultWriteBufferBytes: Int

    /// Storage rooted at `rootDirectory` (an absolute or working-directory-relative path). Does
    /// no I/O.
    public init(rootDirectory: String, defaultWriteBufferBytes: Int = 1 << 20) {
        precondition(!rootDirectory.isEmpty, "the root directory of a FileLogStorage must not be empty")
        precondition(
            defaultWriteBufferBytes > 0, "defaultWriteBufferBytes must be positive, got \(defaultWriteBufferBytes)")
        self.rootDirectory = rootDirectory
        self.defaultWriteBufferBytes = defaultWriteBufferBytes
    }

    /// The file-system path of `path`.
    public func absolutePath(_ path: StoragePath) -> String {
        path.components.isEmpty ? rootDirectory : rootDirectory + "/" + path.components.joined(separator: "/")
    }

    public func entries(in directory: StoragePath) throws(StorageError) -> [StorageEntry] {
        let absolute = absolutePath(directory)
        guard let stream = opendir(absolute) else {
            throw POSIX.error(errno, path: directory, call: "opendir")
        }
        defer { closedir(stream) }
        var result: [StorageEntry] = []
        while true {
            errno = 0
            guard let entry = readdir(stream) else {
                if errno != 0 { throw POSIX.error(errno, path: directory, call: "readdir") }
                break
            }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            // Symbolic links list as files, so that deleting a directory removes a link and
            // never what it points to.
            var isDirectory = Int32(entry.pointee.d_type) == Int32(DT_DIR)
            if Int32(entry.pointee.d_type) == Int32(DT_UNKNOWN) {
                var info = stat()
                if lstat(absolute + "/" + name, &info) != 0 {
                    let code = errno
                    if code == ENOENT { continue }  // removed while listing
                    throw POSIX.error(code, path: directory.appending(name), call: "lstat")
                }
                isDirectory = (info.st_mode & S_IFMT) == S_IFDIR
            }
            result.append(StorageEntry(name: name, kind: isDirectory ? .directory : .file))
        }
        return result.sorted()
    }

    public func itemKind(at path: StoragePath) throws(StorageError) -> StorageItemKind? {
        var info = stat()
        if stat(absolutePath(path), &info) != 0 {
            let code = errno
            if code == ENOENT || code == ENOTDIR { return nil }
            throw POSIX.error(code, path: path, call: "stat")
        }
        return (info.st_mode & S_IFMT) == S_IFDIR ? .directory : .file
    }

    public func createDirectory(_ path: StoragePath) throws(StorageError) {
        var absolute = rootDirectory.hasPrefix("/") ? "" : "."
        let rootComponents = rootDirectory.split(separator: "/").map(String.init)
        for component in rootComponents + path.components {
            absolute += "/" + component
            if mkdir(absolute, 0o755) == 0 { continue }
            let code = errno
            guard code == EEXIST else { throw POSIX.error(code, path: path, call: "mkdir \(absolute)") }
            var info = stat()
            if stat(absolute, &info) != 0 || (info.st_mode & S_IFMT) != S_IFDIR {
                throw StorageError.alreadyExists(path: path)
            }
        }
    }

    public func openFile(_ path: StoragePath, options: OpenOptions) throws(StorageError) -> any LogFile {
        try openHandle(path, options: options)
    }

    /// `openFile` with the concrete handle type, for callers that want its counters.
    public func openHandle(
        _ path: StoragePath, options: OpenOptions = OpenOptions()
    ) throws(StorageError)
        -> FileLogHandle
    {
        var flags = O_RDWR | O_CLOEXEC
        if options.createIfMissing { flags |= O_CREAT }
        let descriptor = try POSIX.retrying(path: path, call: "open") { open(absolutePath(path), flags, 0o644) }
        let end = lseek(descriptor, 0, SEEK_END)
        if end < 0 {
            let code = errno
            close(descriptor)
            throw POSIX.error(code, path: path, call: "lseek")
        }
        return FileLogHandle(
            descriptor: descriptor, path: path, sizeInBytes: Int(end),
            writeBufferBytes: options.writeBufferBytes ?? defaultWriteBufferBytes)
    }

    public func deleteFile(_ path: StoragePath) throws(StorageError) {
        if unlink(absolutePath(path)) != 0 { throw POSIX.error(errno, path: path, call: "unlink") }
    }

    public func deleteDirectory(_ path: StoragePath) throws(StorageError) {
        precondition(!path.components.isEmpty, "refusing to delete the storage root \(rootDirectory)")
        for entry in try entries(in: path) {
            switch entry.kind {
            case .file: try deleteFile(path.appending(entry.name))
            case .directory: try deleteDirectory(path.appending(entry.name))
            }
        }
        if rmdir(absolutePath(path)) != 0 { throw POSIX.error(errno, path: path, call: "rmdir") }
    }

    public func rename(_ source: StoragePath, to destination: StoragePath) throws(StorageError) {
        if Glibc.rename(absolutePath(source), absolutePath(destination)) != 0 {
            throw POSIX.error(errno, path: source, call: "rename to \(destination)")
        }
    }

    public func flushDirectory(_ path: StoragePath) throws(StorageError) {
        let descriptor = try POSIX.retrying(path: path, call: "open") {
            open(absolutePath(path), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        }
        defer { close(descriptor) }
        _ = try POSIX.retrying(path: path, call: "fsync") { fsync(descriptor) }
    }

    public func readWholeFile(_ path: StoragePath, limitBytes: Int) throws(StorageError) -> [UInt8] {
        let descriptor = try POSIX.retrying(path: path, call: "open") {
            open(absolutePath(path), O_RDONLY | O_CLOEXEC)
        }
        defer { close(descriptor) }
        var info = stat()
        if fstat(descriptor, &info) != 0 { throw POSIX.error(errno, path: path, call: "fstat") }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw StorageError.ioError(path: path, reason: "is a directory") }
        let size = Int(info.st_size)
        if size > limitBytes { throw StorageError.tooLarge(path: path, sizeInBytes: size, limitBytes: limitBytes) }
        var bytes = [UInt8](repeating: 0, count: size)
        let copied: Result<Int, StorageError> = bytes.withUnsafeMutableBytes { raw in
            Result { () throws(StorageError) in try POSIX.readFully(descriptor, into: raw, at: 0, path: path) }
        }
        let count = try copied.get()
        if count < size { bytes.removeLast(size - count) }
        return bytes
    }

    public func writeWholeFileAtomically(_ path: StoragePath, contents: [UInt8]) throws(StorageError) {
        guard let name = path.name else { preconditionFailure("cannot write the storage root as a file") }
        let temporary = path.parent.appending(name + ".tmp")
        // Errors name `path`, the file the caller asked for; the call names the temporary file.
        let descriptor = try POSIX.retrying(path: path, call: "open \(temporary)") {
            open(absolutePath(temporary), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        }
        var failure: StorageError? = contents.withUnsafeBytes { raw in
            var written = 0
            var calls = 0
            return POSIX.writeFully(descriptor, raw, at: 0, written: &written, calls: &calls, path: path)
        }
        if failure == nil {
            failure =
                Result { () throws(StorageError) in
                    _ = try POSIX.retrying(path: path, call: "fsync \(temporary)") { fsync(descriptor) }
                }.failure
        }
        close(descriptor)
        if let failure {
            unlink(absolutePath(temporary))
            throw failure
        }
        if Glibc.rename(absolutePath(temporary), absolutePath(path)) != 0 {
            let failure = POSIX.error(errno, path: path, call: "rename \(temporary)")
            unlink(absolutePath(temporary))
            throw failure
        }
        try flushDirectory(path.parent)
    }

    /// Always `.zero`: real latency is spent, not reported.
    public func takeAccumulatedLatency() -> Duration { .zero }
}

/// Thin wrappers over POSIX calls: `EINTR` retries, full reads and writes, errno mapping.
enum POSIX {
    /// The `StorageError` for `errno` value `code` raised by `call` on `path`.
    static func error(_ code: Int32, path: StoragePath, call: String) -> StorageError {
        switch code {
        case ENOENT: return .notFound(path: path)
        case EEXIST: return .alreadyExists(path: path)
        case ENOSPC, EDQUOT: return .diskFull(path: path)
        default:
            let message = strerror(code).map { String(cString: $0) } ?? "unknown error"
            return .ioError(path: path, reason: "\(call) failed: \(message) (errno \(code))")
        }
    }

    /// Runs `body` until it returns a non-negative value or fails with something other than `EINTR`.
    static func retrying<Value: BinaryInteger>(
        path: StoragePath, call: String, _ body: () -> Value
    ) throws(StorageError) -> Value {
        while true {
            let result = body()
            if result >= 0 { return result }
            let code = errno
            if code != EINTR { throw error(code, path: path, call: call) }
        }
    }

    /// Writes all of `bytes` at `offset`, continuing after short writes. `written` counts the bytes
    /// that reached the file even when the write then fails; `calls` counts `pwrite` calls.
    static func writeFully(
        _ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, at offset: Int, written: inout Int,
        calls: inout Int, path: StoragePath
    ) -> StorageError? {
        guard let base = bytes.baseAddress else { return nil }
        while written < bytes.count {
            calls += 1
            let result = pwrite(descriptor, base + written, bytes.count - written, off_t(offset + written))
            if result < 0 {
                let code = errno
                if code == EINTR { continue }
                return error(code, path: path, call: "pwrite")
            }
            if result == 0 { return .ioError(path: path, reason: "pwrite wrote nothing at \(offset + written)") }
            written += result
        }
        return nil
    }

    /// Reads until `buffer` is full or the file ends; returns how many bytes it read.
    static func readFully(
        _ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: Int, path: StoragePath
    ) throws(StorageError) -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        var copied = 0
        while copied < buffer.count {
            let result = pread(descriptor, base + copied, buffer.count - copied, off_t(offset + copied))
            if result < 0 {
                let code = errno
                if code == EINTR { continue }
                throw error(code, path: path, call: "pread")
            }
            if result == 0 { break }
            copied += result
        }
        return copied
    }
}
