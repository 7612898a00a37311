import KafkaLog

/// The byte that stands for a `cleanup.policy` in an encoded topic record. Like record tags,
/// values never change meaning once assigned.
enum CleanupPolicyCode: UInt8 {
    case delete = 0
    case compact = 1
    case compactDelete = 2

    init(_ policy: LogConfig.CleanupPolicy) {
        switch policy {
        case .delete: self = .delete
        case .compact: self = .compact
        case .compactDelete: self = .compactDelete
        }
    }

    var policy: LogConfig.CleanupPolicy {
        switch self {
        case .delete: .delete
        case .compact: .compact
        case .compactDelete: .compactDelete
        }
    }
}
