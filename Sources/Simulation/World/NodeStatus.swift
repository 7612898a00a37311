import KafkaCore

/// Whether a hosted node is running.
///
/// | from \ to | up | paused | down |
/// |---|---|---|---|
/// | up | — | `pause(_:for:)` | `crash(_:)` |
/// | paused | `resume(_:)` or the pause ends | `pause(_:for:)` (re-arms) | `crash(_:)` |
/// | down | `restart(_:)` | — | — |
///
/// A paused node neither ticks nor receives; messages for it are held, in order, and handed
/// over when it resumes (its TCP buffers fill while the process is stopped). A down node gets
/// nothing: messages for it, and messages on its connections, are dropped.
public enum NodeStatus: Hashable, Sendable, CustomStringConvertible {
    case up
    case paused(until: Instant)
    case down

    public var description: String {
        switch self {
        case .up: "up"
        case .paused(let until): "paused until \(until)"
        case .down: "down"
        }
    }
}
