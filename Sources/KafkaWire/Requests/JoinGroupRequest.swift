/// JoinGroup (key 11), v0–5: join a consumer group, offering the assignment protocols the member
/// supports.
public struct JoinGroupRequest: RequestBody {
    public static let apiKey = ApiKey.joinGroup
    public static let versions: ClosedRange<Int16> = 0...5

    /// One assignment protocol the member supports, with its subscription metadata (Kafka's
    /// `JoinGroupRequestProtocol`; `Protocol` is reserved in Swift).
    public struct GroupProtocol: Hashable, Sendable {
        public var name: String
        public var metadata: [UInt8]
        public init(name: String, metadata: [UInt8]) {
            self.name = name
            self.metadata = metadata
        }
    }

    public var groupID: String
    public var sessionTimeoutMs: Int32
    /// v1+; v0 uses the session timeout for both.
    public var rebalanceTimeoutMs: Int32
    /// Empty on a member's first join.
    public var memberID: String
    /// Static membership id (v5+).
    public var groupInstanceID: String?
    /// `consumer` for consumer groups.
    public var protocolType: String
    public var protocols: [GroupProtocol]

    public init(
        groupID: String, sessionTimeoutMs: Int32, rebalanceTimeoutMs: Int32 = -1, memberID: String,
        groupInstanceID: String? = nil, protocolType: String, protocols: [GroupProtocol]
    ) {
        self.groupID = groupID
        self.sessionTimeoutMs = sessionTimeoutMs
        self.rebalanceTimeoutMs = rebalanceTimeoutMs
        self.memberID = memberID
        self.groupInstanceID = groupInstanceID
        self.protocolType = protocolType
        self.protocols = protocols
    }

    public static func decode(_ reader: inout WireReader, version: Int16) throws(WireError) -> Self {
        let groupID = try reader.readString()
        let sessionTimeoutMs = try reader.readInt32()
        let rebalanceTimeoutMs = version >= 1 ? try reader.readInt32() : -1
        let memberID = try reader.readString()
        let groupInstanceID = version >= 5 ? try reader.readNullableString() : nil
        return Self(
            groupID: groupID, sessionTimeoutMs: sessionTimeoutMs, rebalanceTimeoutMs: rebalanceTimeoutMs,
            memberID: memberID, groupInstanceID: groupInstanceID, protocolType: try reader.readString(),
            protocols: try reader.readArray { (reader: inout WireReader) throws(WireError) in
                GroupProtocol(name: try reader.readString(), metadata: try reader.readBytes())
            })
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        writer.writeString(groupID)
        writer.writeInt32(sessionTimeoutMs)
        if version >= 1 { writer.writeInt32(rebalanceTimeoutMs) }
        writer.writeString(memberID)
        if version >= 5 { writer.writeNullableString(groupInstanceID) }
        writer.writeString(protocolType)
        writer.writeArray(protocols) { writer, proto in
            writer.writeString(proto.name)
            writer.writeBytes(proto.metadata)
        }
    }
}
