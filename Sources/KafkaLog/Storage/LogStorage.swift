import KafkaCore

/// The small file system a partition log lives on: directories, append-only files with
/// positional reads, atomic renames, and whole-file checkpoints.
///
/// Two implementations share every line of code above this seam:
/// - `FileLogStorage`: real files under a root directory, writes coalesced in a per-handle
///   buffer;
/// - `SimulatedLogStorage`: in memory and deterministic, tracking which bytes are written and
///   which are flushed, with injectable faults (crashes, torn tails, I/O errors, a full disk,
///   added latency).
///
/// Durability words, as everywhere in Flightdeck: bytes are *written* once a read sees them
/// (they survive a process kill, like Kafka's page cache), and *flushed* once `LogFile.flush()`
/// has returned (they survive power loss). Directory operations (create, rename, delete) are
/// atomic; `flushDirectory` makes them durable on real disks.
///
/// Every failure is a `StorageError` value. Nothing here traps on I/O, and a failed operation
/// never changes bytes that were already flushed.
public protocol LogStorage: AnyObject {
    /// The items directly inside `directory`, sorted by name (never hash order).
    func entries(in directory: StoragePath) throws(StorageError) -> [StorageEntry]

    /// What is at `path`, or `nil` when nothing is.
    func itemKind(at path: StoragePath) throws(StorageError) -> StorageItemKind?

    /// Creates `path` and any missing directories above it; an existing directory is fine.
    func createDirectory(_ path: StoragePath) throws(StorageError)

    /// Opens the file at `path` for appends and positional reads; its parent must exist.
    ///
    /// Keep one handle per file: reads through another handle do not see this handle's
    /// buffered bytes. A handle follows its file across renames, as a POSIX descriptor does.
    func openFile(_ path: StoragePath, options: OpenOptions) throws(StorageError) -> any LogFile

    /// Removes the file at `path`. Open handles keep working on the unlinked file.
    func deleteFile(_ path: StoragePath) throws(StorageError)

    /// Removes the directory at `path` and everything inside it.
    func deleteDirectory(_ path: StoragePath) throws(StorageError)

    /// Atomically renames `source` to `destination`, replacing a file already there. This is the
    /// primitive behind `.cleaned` → `.swap` → live segment swaps and checkpoint replacement.
    func rename(_ source: StoragePath, to destination: StoragePath) throws(StorageError)

    /// Makes the directory's entries (creations, renames, deletions) durable.
    func flushDirectory(_ path: StoragePath) throws(StorageError)

    /// The whole content of a small file (checkpoints, snapshots); `.tooLarge` beyond `limitBytes`.
    func readWholeFile(_ path: StoragePath, limitBytes: Int) throws(StorageError) -> [UInt8]

    /// Replaces the file at `path` with `contents` so that a crash at any moment leaves either
    /// the old or the new content, never a mix: write `path.tmp`, flush it, rename it over
    /// `path`, flush the directory. On failure the old content is untouched.
    func writeWholeFileAtomically(_ path: StoragePath, contents: [UInt8]) throws(StorageError)

    /// Latency the storage added since the last call, for a simulation to charge to virtual
    /// time, then resets it to zero. The storage never sleeps; real storage reports `.zero`.
    func takeAccumulatedLatency() -> Duration
}

extension LogStorage {
    /// Opens (creating if missing) the file at `path` with the storage's default write buffer.
    public func openFile(_ path: StoragePath) throws(StorageError) -> any LogFile {
        try openFile(path, options: OpenOptions())
    }
}

/// How `LogStorage.openFile` opens a file.
public struct OpenOptions: Hashable, Sendable {
    /// Create an empty file when none exists; otherwise a missing file is `.notFound`.
    public var createIfMissing: Bool
    /// The handle's write buffer; `nil` takes the storage's default. The buffer is allocated on
    /// the first append, so handles that only read cost no buffer memory.
    public var writeBufferBytes: Int?

    public init(createIfMissing: Bool = true, writeBufferBytes: Int? = nil) {
        precondition(
            writeBufferBytes.map { $0 > 0 } ?? true,
            "writeBufferBytes must be positive, got \(String(describing: writeBufferBytes))")
        self.createIfMissing = createIfMissing
        self.writeBufferBytes = writeBufferBytes
    }
}

/// What a directory entry is.
public enum StorageItemKind: Hashable, Sendable {
    case file
    case directory
}

/// One item of a directory listing.
public struct StorageEntry: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let name: String
    public let kind: StorageItemKind

    public init(name: String, kind: StorageItemKind) {
        self.name = name
        self.kind = kind
    }

    public static func < (lhs: StorageEntry, rhs: StorageEntry) -> Bool { lhs.name < rhs.name }

    public var description: String { kind == .directory ? name + "/" : name }
}
