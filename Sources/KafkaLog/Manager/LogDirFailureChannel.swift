/// Where the logs of one log directory report a storage failure (Kafka's
/// `LogDirFailureChannel`): the first failure marks the whole directory offline, and the broker
/// that owns it reads `offlineCause` after every operation to act on it (with a single log
/// directory, Kafka's `ReplicaManager` halts the process).
///
/// One channel per opened `LogManager`, shared by reference with each of its logs; a restarted
/// broker opens a new manager, so a healed disk starts online again.
public final class LogDirFailureChannel {
    /// The failure that took the directory offline, `nil` while it is online. Only the first
    /// failure is kept: later ones are consequences of it.
    public private(set) var offlineCause: StorageError?

    public init() {}

    public var isOffline: Bool { offlineCause != nil }

    /// Marks the directory offline because of `cause` (the first report wins).
    public func report(_ cause: StorageError) {
        if offlineCause == nil { offlineCause = cause }
    }
}

@available(*, unavailable)
extension LogDirFailureChannel: Sendable {}
