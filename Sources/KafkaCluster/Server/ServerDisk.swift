import KafkaCore
import KafkaLog

/// What a server keeps across a crash: its log directory (on a `LogStorage`), the metadata log
/// and quorum state, and how many times it started (each start is a new incarnation, which the
/// controller tells apart from a duplicate registration).
public final class ServerDisk {
    public let storage: any LogStorage
    /// `log.dirs`: this server's data directory on `storage`.
    public let dataDirectory: StoragePath
    public let metadata: RaftLogStore
    public private(set) var starts: UInt64 = 0

    public init(storage: any LogStorage, dataDirectory: StoragePath, metadata: RaftLogStore = RaftLogStore()) {
        self.storage = storage
        self.dataDirectory = dataDirectory
        self.metadata = metadata
    }

    /// Counts a start and returns its incarnation number.
    func nextIncarnation() -> UInt64 {
        starts += 1
        return starts
    }
}
