import Foundation
import KafkaLog

/// Runs `body` with a fresh directory under /tmp and removes the directory afterwards.
func withTemporaryDirectory<Result>(_ body: (String) throws -> Result) throws -> Result {
    let path = "/tmp/flightdeck-kafkalog-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try body(path)
}

/// The two storages every contract test runs against.
enum StorageKind: String, CaseIterable, CustomStringConvertible, Sendable {
    case file
    case simulated

    var description: String { rawValue }
}

/// Runs `body` with a storage of `kind`: a small write buffer for files so that tests cross
/// buffer boundaries, and an in-memory storage for the simulation.
func withStorage(_ kind: StorageKind, _ body: (any LogStorage) throws -> Void) throws {
    switch kind {
    case .simulated:
        try body(SimulatedLogStorage())
    case .file:
        try withTemporaryDirectory { root in
            try body(FileLogStorage(rootDirectory: root, defaultWriteBufferBytes: 64))
        }
    }
}

/// `count` bytes counting up from `start`, wrapping at 256.
func bytes(_ count: Int, from start: Int = 0) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: start + $0) }
}
