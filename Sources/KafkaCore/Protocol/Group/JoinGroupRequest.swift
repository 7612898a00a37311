/// JoinGroup (classic protocol): a member asks to join, or rejoin, a group's next generation.
///
/// `clientID` and `clientHost` come from the request header and the connection in real Kafka;
/// here they travel with the request because the coordinator stores them with the member.
public struct JoinGroupRequest: Hashable, Sendable {
    public var groupID: String
    /// `session.timeout.ms`: the member is removed when it sends nothing for this long.
    public var sessionTimeout: Duration
    /// `max.poll.interval.ms`: how long the coordinator waits for the member to rejoin.
    public var rebalanceTimeout: Duration
    /// Empty on the first join of a dynamic member (the coordinator assigns one).
    public var memberID: String
    /// `group.instance.id` of a static member (KIP-345), `nil` for a dynamic member.
    public var groupInstanceID: String?
    /// `consumer` for consumers, `connect` for Connect workers.
    public var protocolType: String
    /// The assignors the member supports, most preferred first, each with its subscription.
    public var protocols: [JoinGroupProtocol]
    public var clientID: String
    public var clientHost: String
    /// Why the member (re)joins, in the client's words (KIP-800, JoinGroup v8+); the coordinator
    /// quotes it in the rebalance cause, `not provided` when `nil` or empty.
    public var reason: String?

    public init(
        groupID: String, sessionTimeout: Duration = .milliseconds(45_000),
        rebalanceTimeout: Duration = .milliseconds(300_000), memberID: String = "", groupInstanceID: String? = nil,
        protocolType: String = "consumer", protocols: [JoinGroupProtocol], clientID: String = "consumer",
        clientHost: String = "/127.0.0.1", reason: String? = nil
    ) {
        self.groupID = groupID
        self.sessionTimeout = sessionTimeout
        self.rebalanceTimeout = rebalanceTimeout
        self.memberID = memberID
        self.groupInstanceID = groupInstanceID
        self.protocolType = protocolType
        self.protocols = protocols
        self.clientID = clientID
        self.clientHost = clientHost
        self.reason = reason
    }
}

/// One assignor a joining member supports, with its (opaque) subscription bytes.
public struct JoinGroupProtocol: Hashable, Sendable {
    public var name: String
    public var metadata: [UInt8]

    public init(name: String, metadata: [UInt8]) {
        self.name = name
        self.metadata = metadata
    }
}

/// The answer once the join phase completes (or at once, on error or `MEMBER_ID_REQUIRED`).
public struct JoinGroupResponse: Hashable, Sendable {
    public var error: KafkaError
    /// The new generation, `-1` on error.
    public var generationID: Int32
    public var protocolType: String?
    /// The chosen assignor.
    public var protocolName: String?
    /// The leader's member id (empty on error).
    public var leader: String
    /// KIP-814: the leader is a restarted static member and must not re-run the assignor.
    public var skipAssignment: Bool
    /// The member's id (the newly assigned one with `MEMBER_ID_REQUIRED`).
    public var memberID: String
    /// Every member with its subscription for the chosen assignor; only in the leader's response.
    public var members: [JoinGroupResponseMember]

    public init(
        error: KafkaError, generationID: Int32 = -1, protocolType: String? = nil, protocolName: String? = nil,
        leader: String = "", skipAssignment: Bool = false, memberID: String = "",
        members: [JoinGroupResponseMember] = []
    ) {
        self.error = error
        self.generationID = generationID
        self.protocolType = protocolType
        self.protocolName = protocolName
        self.leader = leader
        self.skipAssignment = skipAssignment
        self.memberID = memberID
        self.members = members
    }
}

/// One member as the leader sees it in its JoinGroup response.
public struct JoinGroupResponseMember: Hashable, Sendable {
    public var memberID: String
    public var groupInstanceID: String?
    public var metadata: [UInt8]

    public init(memberID: String, groupInstanceID: String? = nil, metadata: [UInt8]) {
        self.memberID = memberID
        self.groupInstanceID = groupInstanceID
        self.metadata = metadata
    }
}
