import KafkaCore

/// A partition's `leader-epoch-checkpoint` (Kafka's `LeaderEpochCheckpointFile`):
///
/// ```
/// 0            ← version
/// 2            ← number of entries
/// 0 0          ← epoch start-offset
/// 3 1200
/// ```
///
/// Written atomically through `LogStorage.writeWholeFileAtomically` (temp file, flush, rename),
/// so a crash leaves the old or the new file, never a mix.
public struct LeaderEpochCheckpointFile {
    /// The file's name inside a partition directory.
    public static let fileName = "leader-epoch-checkpoint"
    /// The only format version.
    public static let version = 0
    /// The largest file `read()` accepts: far more than `LeaderEpochCache.defaultMaxEntries` lines.
    public static let maxFileBytes = 4 << 20

    public let storage: any LogStorage
    public let path: StoragePath

    /// The checkpoint of the partition directory `directory`.
    public init(storage: any LogStorage, partitionDirectory directory: StoragePath) {
        self.storage = storage
        self.path = directory.appending(Self.fileName)
    }

    /// The checkpointed entries in file order; none when the file does not exist (Kafka creates
    /// it empty).
    public func read(maxEntries: Int = LeaderEpochCache.defaultMaxEntries) throws(CheckpointError) -> [EpochEntry] {
        let bytes: [UInt8]
        do {
            bytes = try storage.readWholeFile(path, limitBytes: Self.maxFileBytes)
        } catch .notFound {
            return []
        } catch {
            throw .storage(error)
        }
        return try Self.decode(bytes, path: path, maxEntries: maxEntries)
    }

    /// Replaces the file with `entries`.
    public func write(_ entries: [EpochEntry]) throws(StorageError) {
        try storage.writeWholeFileAtomically(path, contents: Self.encode(entries))
    }

    /// The file bytes for `entries`.
    public static func encode(_ entries: [EpochEntry]) -> [UInt8] {
        CheckpointText.encode(
            version: version, lines: entries.map { "\($0.epoch.rawValue) \($0.startOffset.rawValue)" })
    }

    /// The entries of a checkpoint file's bytes; `path` only names the file in errors.
    public static func decode(
        _ bytes: [UInt8], path: StoragePath, maxEntries: Int = LeaderEpochCache.defaultMaxEntries
    ) throws(CheckpointError) -> [EpochEntry] {
        let shape = "'epoch startOffset' with a non-negative int32 epoch and int64 offset"
        let lines = try CheckpointText.decode(
            bytes, path: path, version: version, fieldCount: 2, maxEntries: maxEntries, entryShape: shape)
        var entries: [EpochEntry] = []
        entries.reserveCapacity(lines.count)
        for line in lines {
            guard let epoch = Int32(line.fields[0]), let startOffset = Int64(line.fields[1]), epoch >= 0,
                startOffset >= 0
            else {
                throw .malformedLine(path: path, line: line.number, text: line.text, expected: shape)
            }
            entries.append(EpochEntry(epoch: LeaderEpoch(epoch), startOffset: Offset(startOffset)))
        }
        return entries
    }
}
