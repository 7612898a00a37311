/// Why a `LogStorage` operation failed. Storage failures are values, never traps: a disk that is
/// full or failing makes the log that uses it report `KAFKA_STORAGE_ERROR` and go offline, as
/// Kafka takes a failed log directory offline, while the rest of the process keeps running.
public enum StorageError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The path does not exist (or a directory on the way to it does not).
    case notFound(path: StoragePath)
    /// Something already exists at the path (creating a directory over a file, and the like).
    case alreadyExists(path: StoragePath)
    /// There is no space left on the device (`ENOSPC`, `EDQUOT`, or the simulated capacity).
    case diskFull(path: StoragePath)
    /// A file is larger than the caller allowed for a whole-file read.
    case tooLarge(path: StoragePath, sizeInBytes: Int, limitBytes: Int)
    /// Any other failure of the device or the file system; `reason` says which call failed and why.
    case ioError(path: StoragePath, reason: String)

    /// The path the failed operation was about.
    public var path: StoragePath {
        switch self {
        case .notFound(let path), .alreadyExists(let path), .diskFull(let path): path
        case .tooLarge(let path, _, _), .ioError(let path, _): path
        }
    }

    /// The failure in a few words, as the operating system would name it ("No space left on
    /// device"), without the path.
    public var summary: String {
        switch self {
        case .notFound: "No such file or directory"
        case .alreadyExists: "File exists"
        case .diskFull: "No space left on device"
        case .tooLarge: "File too large"
        case .ioError(_, let reason): "I/O error (\(reason))"
        }
    }

    public var description: String {
        switch self {
        case .notFound(let path):
            "\(path): no such file or directory"
        case .alreadyExists(let path):
            "\(path): already exists"
        case .diskFull(let path):
            "\(path): no space left on device; free space or raise the capacity, then restart the log"
        case .tooLarge(let path, let sizeInBytes, let limitBytes):
            "\(path): \(sizeInBytes) bytes is larger than the \(limitBytes)-byte limit for this file"
        case .ioError(let path, let reason):
            "\(path): I/O error: \(reason)"
        }
    }
}
