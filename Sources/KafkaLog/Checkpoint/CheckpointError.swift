/// Why a checkpoint file could not be read.
public enum CheckpointError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The storage failed to read the file.
    case storage(StorageError)
    /// Line `line` (1-based) is not what the format expects there.
    case malformedLine(path: StoragePath, line: Int, text: String, expected: String)
    /// The version line names a version this code does not read.
    case unsupportedVersion(path: StoragePath, version: Int, expected: Int)
    /// The count line and the number of entry lines disagree (a truncated or hand-edited file).
    case entryCountMismatch(path: StoragePath, expected: Int, found: Int)

    public var description: String {
        switch self {
        case .storage(let error):
            "\(error)"
        case .malformedLine(let path, let line, let text, let expected):
            "\(path):\(line): malformed checkpoint line '\(text)'; expected \(expected)"
        case .unsupportedVersion(let path, let version, let expected):
            "\(path):1: unsupported checkpoint version \(version); expected \(expected)"
        case .entryCountMismatch(let path, let expected, let found):
            "\(path): expected \(expected) entries but found \(found); the file is truncated or was edited"
        }
    }
}
