/// The state of a classic-protocol group (Kafka's `ClassicGroupState`).
///
/// | from                | to                  | when                                                  |
/// |---------------------|---------------------|-------------------------------------------------------|
/// | Empty               | PreparingRebalance  | a member joins                                        |
/// | PreparingRebalance  | CompletingRebalance | all rejoined, or the join deadline passed; members left |
/// | PreparingRebalance  | Empty               | the join phase completed with no members              |
/// | CompletingRebalance | Stable              | the leader's SyncGroup arrived                        |
/// | CompletingRebalance | PreparingRebalance  | a member joined, changed, left, expired, missed sync  |
/// | Stable              | PreparingRebalance  | the same, or the leader rejoined                      |
/// | any                 | Dead                | the group was deleted (Empty, no offsets left)        |
public enum ClassicGroupState: Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case empty
    case preparingRebalance
    case completingRebalance
    case stable
    case dead

    /// Kafka's name, as DescribeGroups and ListGroups report it.
    public var description: String {
        switch self {
        case .empty: "Empty"
        case .preparingRebalance: "PreparingRebalance"
        case .completingRebalance: "CompletingRebalance"
        case .stable: "Stable"
        case .dead: "Dead"
        }
    }

    /// Whether the table above allows going from `self` to `next`.
    public func canTransition(to next: ClassicGroupState) -> Bool {
        switch (self, next) {
        case (_, .dead): true
        case (.empty, .preparingRebalance): true
        case (.preparingRebalance, .completingRebalance), (.preparingRebalance, .empty): true
        case (.completingRebalance, .stable), (.completingRebalance, .preparingRebalance): true
        case (.stable, .preparingRebalance): true
        default: false
        }
    }
}
