/// Heartbeat (classic protocol): keeps a member's session alive; the answer tells it whether to
/// rejoin (`REBALANCE_IN_PROGRESS`).
public struct HeartbeatRequest: Hashable, Sendable {
    public var groupID: String
    public var generationID: Int32
    public var memberID: String
    public var groupInstanceID: String?

    public init(groupID: String, generationID: Int32, memberID: String, groupInstanceID: String? = nil) {
        self.groupID = groupID
        self.generationID = generationID
        self.memberID = memberID
        self.groupInstanceID = groupInstanceID
    }
}

/// `NONE`, or why the member must rejoin or start over.
public struct HeartbeatResponse: Hashable, Sendable {
    public var error: KafkaError

    public init(error: KafkaError) {
        self.error = error
    }
}
