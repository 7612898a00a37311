import KafkaCore

/// A Burrow-style verdict on a consumer's progress over a sliding window of its commits
/// (github.com/linkedin/Burrow/wiki/Consumer-Lag-Evaluation-Rules), worst first.
public enum LagStatus: Int, Hashable, Sendable, CaseIterable, Comparable {
    /// The group's coordinator or partitions cannot be read.
    case error
    /// A committed offset went below an earlier one.
    case rewind
    /// No commit for longer than the whole window spans: the consumer stopped.
    case stop
    /// Committing the same offset again and again while lag exists.
    case stall
    /// Moving, but the lag never went down across the window: the consumer is too slow.
    case warn
    case ok

    public static func < (lhs: LagStatus, rhs: LagStatus) -> Bool { lhs.rawValue < rhs.rawValue }

    public var label: String {
        switch self {
        case .error: "ERR"
        case .rewind: "REWIND"
        case .stop: "STOP"
        case .stall: "STALL"
        case .warn: "WARN"
        case .ok: "OK"
        }
    }
}

/// One observed commit: its offset, when it was made, and the lag at that moment.
public struct CommitSample: Hashable, Sendable {
    public var offset: Offset
    public var at: Instant
    public var lag: Int64

    public init(offset: Offset, at: Instant, lag: Int64) {
        self.offset = offset
        self.at = at
        self.lag = max(0, lag)
    }
}

/// Burrow's rules over a window of commits, oldest first.
public enum LagEvaluator {
    /// Burrow's default window: the last 10 commits.
    public static let windowSize = 10

    /// The status of one partition: OK unless there is lag now and no commit in the window had
    /// none; then the first of REWIND, STOP, STALL, WARN that applies.
    ///
    /// `lagThreshold` is the one thing Burrow refuses and its users keep asking for: a lag at or
    /// below it counts as none, so a consumer a few records behind is never WARN or STALL (a
    /// REWIND is still reported, whatever the lag). Nil keeps Burrow's rules exactly.
    public static func status(
        window: [CommitSample], currentLag: Int64, now: Instant, lagThreshold: Int64? = nil
    ) -> LagStatus {
        guard currentLag > 0, let first = window.first, let last = window.last,
            !window.contains(where: { $0.lag == 0 })
        else { return .ok }
        if zip(window, window.dropFirst()).contains(where: { $1.offset < $0.offset }) { return .rewind }
        if let lagThreshold, currentLag <= lagThreshold || window.contains(where: { $0.lag <= lagThreshold }) {
            return .ok
        }
        if window.count > 1, now - last.at > last.at - first.at { return .stop }
        if window.count > 1, window.allSatisfy({ $0.offset == first.offset }) { return .stall }
        if window.count > 1, zip(window, window.dropFirst()).allSatisfy({ $1.lag >= $0.lag }) { return .warn }
        return .ok
    }

    /// A group's status: its worst partition's, with anything worse than WARN (STOP, STALL,
    /// REWIND) reported as ERR, as Burrow does.
    public static func groupStatus(_ partitions: [LagStatus]) -> LagStatus {
        let worst = partitions.min() ?? .ok
        return worst < .warn ? .error : worst
    }
}
