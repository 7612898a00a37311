import KafkaCore

/// A per-log-directory offset checkpoint (Kafka's `OffsetCheckpointFile`), the format of
/// `recovery-point-offset-checkpoint`, `replication-offset-checkpoint` (high watermarks),
/// `log-start-offset-checkpoint` and `cleaner-offset-checkpoint`:
///
/// ```
/// 0              ← version
/// 2              ← number of entries
/// orders 0 1200  ← topic partition offset
/// orders 1 977
/// ```
///
/// Entries are written in `TopicPartition` order, never hash order, so the same state always
/// produces the same bytes. Written atomically (temp file, flush, rename).
public struct OffsetCheckpointFile {
    /// The recovery point of every log in the directory.
    public static let recoveryPointFileName = "recovery-point-offset-checkpoint"
    /// The high watermark of every partition in the directory.
    public static let replicationFileName = "replication-offset-checkpoint"
    /// The log start offset of every log in the directory.
    public static let logStartFileName = "log-start-offset-checkpoint"
    /// The first dirty offset of every compacted log in the directory.
    public static let cleanerFileName = "cleaner-offset-checkpoint"
    /// The only format version.
    public static let version = 0
    /// The most entries a file may hold (partitions in one log directory).
    public static let maxEntries = 1_000_000
    /// The largest file `read()` accepts.
    public static let maxFileBytes = 256 << 20

    public let storage: any LogStorage
    public let path: StoragePath

    /// The checkpoint file at `path` (a log directory joined with one of the file names above).
    public init(storage: any LogStorage, path: StoragePath) {
        self.storage = storage
        self.path = path
    }

    /// The checkpointed offsets; empty when the file does not exist. A partition listed twice
    /// keeps its last offset, as Kafka's map does.
    public func read() throws(CheckpointError) -> [TopicPartition: Offset] {
        let bytes: [UInt8]
        do {
            bytes = try storage.readWholeFile(path, limitBytes: Self.maxFileBytes)
        } catch .notFound {
            return [:]
        } catch {
            throw .storage(error)
        }
        return try Self.decode(bytes, path: path)
    }

    /// Replaces the file with `offsets`.
    public func write(_ offsets: [TopicPartition: Offset]) throws(StorageError) {
        try storage.writeWholeFileAtomically(path, contents: Self.encode(offsets))
    }

    /// The file bytes for `offsets`, in `TopicPartition` order.
    ///
    /// Brokers write their high watermarks every few seconds, so the lines are written as bytes
    /// straight into the file's buffer rather than built as strings and joined.
    public static func encode(_ offsets: [TopicPartition: Offset]) -> [UInt8] {
        let entries = offsets.sorted { $0.key < $1.key }
        var bytes = CheckpointText.header(version: version, count: entries.count)
        bytes.reserveCapacity(bytes.count + entries.count * 40)
        for (partition, offset) in entries {
            precondition(
                CheckpointText.isField(partition.topic),
                "topic '\(partition.topic)' cannot be written to an offset checkpoint")
            bytes.append(contentsOf: partition.topic.utf8)
            bytes.append(UInt8(ascii: " "))
            CheckpointText.appendDecimal(Int64(partition.partition), to: &bytes)
            bytes.append(UInt8(ascii: " "))
            CheckpointText.appendDecimal(offset.rawValue, to: &bytes)
            bytes.append(UInt8(ascii: "\n"))
        }
        return bytes
    }

    /// The offsets of a checkpoint file's bytes; `path` only names the file in errors.
    public static func decode(_ bytes: [UInt8], path: StoragePath) throws(CheckpointError) -> [TopicPartition: Offset] {
        let shape = "'topic partition offset' with a non-negative int32 partition and an int64 offset"
        let lines = try CheckpointText.decode(
            bytes, path: path, version: version, fieldCount: 3, maxEntries: maxEntries, entryShape: shape)
        var offsets: [TopicPartition: Offset] = [:]
        offsets.reserveCapacity(lines.count)
        for line in lines {
            guard let partition = Int32(line.fields[1]), partition >= 0, let offset = Int64(line.fields[2]) else {
                throw .malformedLine(path: path, line: line.number, text: line.text, expected: shape)
            }
            offsets[TopicPartition(String(line.fields[0]), partition)] = Offset(offset)
        }
        return offsets
    }
}
