/// Whether a partition's leader holds everything committed (KIP-704).
///
/// An unclean election makes the new leader `recovering` until it reports otherwise through
/// AlterPartition; while recovering, its ISR cannot grow past itself.
public enum LeaderRecoveryState: Int8, Hashable, Sendable {
    case recovered = 0
    case recovering = 1
}
