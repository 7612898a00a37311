import KafkaCore

/// One classic-protocol consumer group at its coordinator: membership, the rebalance in
/// progress, and its committed offsets.
///
/// States and transitions are in `ClassicGroupState`. Deadlines, by state:
///
/// | state               | deadlines                                                             |
/// |---------------------|-----------------------------------------------------------------------|
/// | Empty               | pending members (handed an id, not rejoined yet)                      |
/// | PreparingRebalance  | `joinDeadline` (initial delay or rebalance timeout), member sessions   |
/// | CompletingRebalance | `syncDeadline` (rebalance timeout for SyncGroup), member sessions     |
/// | Stable              | `syncDeadline` while some member has not synced, member sessions      |
///
/// Members are kept in join order, which decides the leader when it has to move and the member
/// order in responses and records; nothing depends on hash order.
public struct ClassicGroup: Hashable, Sendable {
    public let groupID: String
    public internal(set) var state: ClassicGroupState = .empty
    /// The state before the current one (Kafka uses it to hold the initial join phase open for
    /// the whole initial delay).
    public internal(set) var previousState: ClassicGroupState = .empty
    /// When the group entered `state` (Kafka's `currentStateTimestamp`).
    public internal(set) var stateEnteredAt: Instant
    /// Incremented each time a join phase completes.
    public internal(set) var generation: Int32 = 0
    /// `consumer`, `connect`…; `nil` for a group that only ever received standalone commits.
    public internal(set) var protocolType: String?
    /// The assignor chosen for the current generation.
    public internal(set) var protocolName: String?
    public internal(set) var leaderID: String?
    /// The members, in join order.
    public internal(set) var members: [ClassicGroupMember] = []
    /// Dynamic members answered `MEMBER_ID_REQUIRED`, with the deadline for their rejoin (KIP-394).
    public internal(set) var pendingMembers: [(memberID: String, deadline: Instant)] = []
    /// Members that have not sent SyncGroup since the join phase completed.
    public internal(set) var unsyncedMemberIDs: [String] = []
    /// When the join phase completes at the latest (PreparingRebalance only).
    public internal(set) var joinDeadline: Instant?
    /// When members still in `unsyncedMemberIDs` are removed.
    public internal(set) var syncDeadline: Instant?
    /// While the initial rebalance delay runs: how much of the rebalance timeout is left for
    /// extensions.
    public internal(set) var initialDelayRemaining: Duration?
    /// A new member joined during the current initial delay, so it is extended once more.
    var newMemberAdded = false
    /// Why the latest rebalance started, in Kafka's words (`Adding new member … with group
    /// instance id …`, `removing member … on heartbeat expiration.`, `Removing member … on
    /// LeaveGroup; client reason: …`); `nil` before the first rebalance and after a coordinator
    /// failover (Kafka does not store it either).
    public internal(set) var rebalanceCause: String?
    /// When the latest rebalance started: the group left Stable or Empty (a restart from
    /// CompletingRebalance keeps the start, as consumption has not resumed). With
    /// `stateEnteredAt` once Stable again: how long consumption paused.
    public internal(set) var rebalanceStartedAt: Instant?
    /// Committed offsets by partition.
    public internal(set) var offsets: [TopicPartition: OffsetCommitValue] = [:]

    init(groupID: String, now: Instant) {
        self.groupID = groupID
        self.stateEnteredAt = now
    }

    public static func == (lhs: ClassicGroup, rhs: ClassicGroup) -> Bool {
        lhs.groupID == rhs.groupID && lhs.state == rhs.state && lhs.generation == rhs.generation
            && lhs.protocolType == rhs.protocolType && lhs.protocolName == rhs.protocolName
            && lhs.leaderID == rhs.leaderID && lhs.members == rhs.members && lhs.offsets == rhs.offsets
            && lhs.pendingMembers.map(\.memberID) == rhs.pendingMembers.map(\.memberID)
            && lhs.unsyncedMemberIDs == rhs.unsyncedMemberIDs && lhs.joinDeadline == rhs.joinDeadline
            && lhs.syncDeadline == rhs.syncDeadline && lhs.rebalanceCause == rhs.rebalanceCause
            && lhs.rebalanceStartedAt == rhs.rebalanceStartedAt
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(groupID)
        hasher.combine(generation)
        hasher.combine(members)
    }

    /// The member with `memberID`.
    func index(of memberID: String) -> Int? {
        members.firstIndex { $0.memberID == memberID }
    }

    /// The member with the static `instanceID`.
    func index(ofInstance instanceID: String) -> Int? {
        members.firstIndex { $0.groupInstanceID == instanceID }
    }

    func isPending(_ memberID: String) -> Bool {
        pendingMembers.contains { $0.memberID == memberID }
    }

    /// Members plus pending members have reached `group.max.size`.
    func isFull(maxSize: Int) -> Bool { members.count + pendingMembers.count >= maxSize }

    /// The largest rebalance timeout of any member: how long a join phase may wait.
    var rebalanceTimeout: Duration { members.map(\.rebalanceTimeout).max() ?? .zero }

    /// Every member has a JoinGroup parked and no pending member is still expected.
    var hasAllMembersJoined: Bool { members.allSatisfy { $0.awaitingJoin != nil } && pendingMembers.isEmpty }

    /// Whether a join may start a rebalance (rather than join the one in progress).
    var canRebalance: Bool { state == .empty || state == .completingRebalance || state == .stable }

    /// The assignors every member supports, in the first member's order of preference.
    var candidateProtocols: [String] {
        guard let first = members.first else { return [] }
        return first.protocols.map(\.name).filter { name in
            members.allSatisfy { member in member.protocols.contains { $0.name == name } }
        }
    }

    /// Whether a member offering `protocols` of `type` may join (`INCONSISTENT_GROUP_PROTOCOL`
    /// otherwise): the first member sets the type; later ones must match it and share an assignor.
    func supports(protocolType type: String, protocols: [JoinGroupProtocol]) -> Bool {
        if members.isEmpty { return !type.isEmpty && !protocols.isEmpty }
        let candidates = candidateProtocols
        return type == protocolType && protocols.contains { candidates.contains($0.name) }
    }

    /// The assignor for the next generation: each member votes for its most preferred candidate,
    /// the most votes win, and ties go to the earlier candidate in the first member's preference
    /// order (Kafka breaks ties by hash-map order; ours is deterministic).
    func selectProtocol() -> String {
        let candidates = candidateProtocols
        precondition(!candidates.isEmpty, "group \(groupID) has no assignor all members support: \(members)")
        var votes = [Int](repeating: 0, count: candidates.count)
        for member in members {
            guard let choice = member.protocols.lazy.compactMap({ candidates.firstIndex(of: $0.name) }).first else {
                preconditionFailure("member \(member.memberID) supports none of \(candidates)")
            }
            votes[choice] += 1
        }
        let best = votes.indices.max { lhs, rhs in (votes[lhs], rhs) < (votes[rhs], lhs) } ?? 0
        return candidates[best]
    }

    /// Moves to `next`, which the table in `ClassicGroupState` must allow.
    mutating func transition(to next: ClassicGroupState, now: Instant) {
        precondition(state.canTransition(to: next), "group \(groupID): no transition from \(state) to \(next)")
        previousState = state
        state = next
        stateEnteredAt = now
    }

    /// The group as a `__consumer_offsets` group metadata record.
    func metadataRecord() -> GroupCoordinatorRecord {
        let stored = members.map { member in
            GroupMetadataMember(
                memberID: member.memberID, groupInstanceID: member.groupInstanceID, clientID: member.clientID,
                clientHost: member.clientHost,
                rebalanceTimeoutMilliseconds: Int32(clamping: member.rebalanceTimeout.milliseconds),
                sessionTimeoutMilliseconds: Int32(clamping: member.sessionTimeout.milliseconds),
                subscription: member.metadata(for: protocolName), assignment: member.assignment)
        }
        let value = GroupMetadataValue(
            protocolType: protocolType ?? "", generation: generation, protocolName: protocolName, leader: leaderID,
            currentStateTimestampMilliseconds: stateEnteredAt.milliseconds, members: stored)
        return .groupMetadata(groupID: groupID, value)
    }
}
