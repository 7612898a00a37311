/// The reasons a classic group starts a rebalance, worded as Kafka's group coordinator words them
/// (`GroupMetadataManager`, which logs "Preparing to rebalance group … (reason: …)"), so that
/// what the console shows can be searched for in a real broker's log.
///
/// A client's own reason (KIP-800: JoinGroup v8+, LeaveGroup v5+) is quoted after
/// `client reason:`; Kafka writes `not provided` when the client sent none, and `null` for a
/// missing `group.instance.id`.
enum RebalanceReason {
    static func clientReason(_ reason: String?) -> String {
        guard let reason, !reason.isEmpty else { return "not provided" }
        return reason
    }

    /// A member joined that the group did not have (a dynamic member returning with the id it
    /// was handed, or a static member seen for the first time).
    static func newMember(_ memberID: String, instanceID: String?, clientReason: String?) -> String {
        "Adding new member \(memberID) with group instance id \(instanceID ?? "null"); client reason: "
            + Self.clientReason(clientReason)
    }

    /// A known member joined again during a rebalance in progress.
    static func memberJoining(_ memberID: String, state: ClassicGroupState, clientReason: String?) -> String {
        "Member \(memberID) is joining group during \(state); client reason: \(Self.clientReason(clientReason))"
    }

    /// A known member joined again with different assignors or subscriptions.
    static func metadataUpdated(_ memberID: String, state: ClassicGroupState, clientReason: String?) -> String {
        "Updating metadata for member \(memberID) during \(state); client reason: \(Self.clientReason(clientReason))"
    }

    /// The leader joined again while Stable (it does so when topic metadata changed).
    static func leaderRejoined(_ memberID: String, state: ClassicGroupState, clientReason: String?) -> String {
        "Leader \(memberID) re-joining group during \(state); client reason: \(Self.clientReason(clientReason))"
    }

    /// A static member came back with other assignors or subscriptions while Stable.
    static func staticMemberChangedProtocol(_ memberID: String, instanceID: String, clientReason: String?) -> String {
        "Group's selectedProtocol will change because static member \(memberID) with instance id \(instanceID)"
            + " joined with change of protocol; client reason: \(Self.clientReason(clientReason))"
    }

    /// A static member came back while the group waited for SyncGroup.
    static func staticMemberUpdated(_ memberID: String, instanceID: String, clientReason: String?) -> String {
        "Updating metadata for static member \(memberID) with instance id \(instanceID); client reason: "
            + Self.clientReason(clientReason)
    }

    /// The member sent nothing for its `session.timeout.ms` (a crash, a pause, a partition).
    static func heartbeatExpired(_ memberID: String) -> String {
        "removing member \(memberID) on heartbeat expiration."
    }

    /// The member sent LeaveGroup (close, or `max.poll.interval.ms` exceeded).
    static func leftGroup(_ memberID: String, clientReason: String?) -> String {
        "Removing member \(memberID) on LeaveGroup; client reason: \(Self.clientReason(clientReason))"
    }

    /// Members did not send SyncGroup within the rebalance timeout.
    static func syncExpired(_ memberIDs: [String]) -> String {
        "Removing [\(memberIDs.joined(separator: ", "))] on pending sync request expiration"
    }
}
