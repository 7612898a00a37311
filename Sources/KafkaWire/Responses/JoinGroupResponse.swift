/// JoinGroup (key 11) response, v0–5: the generation, the chosen protocol, and (for the leader)
/// every member's subscription metadata.
public struct JoinGroupResponse: ResponseBody {
    public static let apiKey = ApiKey.joinGroup
    public static let versions: ClosedRange<Int16> = 0...5

    /// One member, as the leader sees it.
    public struct Member: Hashable, Sendable {
        public var memberID: String
        /// The static member id, or null (v5+).
        public var groupInstanceID: String?
        public var metadata: [UInt8]
        public init(memberID: String, groupInstanceID: String? = nil, metadata: [UInt8]) {
            self.memberID = memberID
            self.groupInstanceID = groupInstanceID
            self.metadata = metadata
        }
    }

    /// How long the client was throttled (v2+).
    public var throttleTimeMs: Int32
    /// `KafkaError` raw value.
    public var errorCode: Int16
    public var generationID: Int32
    public var protocolName: String
    /// The leader's member id.
    public var leader: String
    /// The member id the broker gave this member.
    public var memberID: String
    /// Every member, for the leader; empty for the others.
    public var members: [Member]

    public init(
        throttleTimeMs: Int32 = 0, errorCode: Int16 = 0, generationID: Int32, protocolName: String, leader: String,
        memberID: String, members: [Member]
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.generationID = generationID
        self.protocolName = protocolName
        self.leader = leader
        self.memberID = memberID
        self.members = members
    }

    public static func decode(_ reader: inout WireReader, version: Int16) throws(WireError) -> Self {
        Self(
            throttleTimeMs: version >= 2 ? try reader.readInt32() : 0, errorCode: try reader.readInt16(),
            generationID: try reader.readInt32(), protocolName: try reader.readString(),
            leader: try reader.readString(),
            memberID: try reader.readString(),
            members: try reader.readArray { (reader: inout WireReader) throws(WireError) in
                Member(
                    memberID: try reader.readString(),
                    groupInstanceID: version >= 5 ? try reader.readNullableString() : nil,
                    metadata: try reader.readBytes())
            })
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        if version >= 2 { writer.writeInt32(throttleTimeMs) }
        writer.writeInt16(errorCode)
        writer.writeInt32(generationID)
        writer.writeString(protocolName)
        writer.writeString(leader)
        writer.writeString(memberID)
        writer.writeArray(members) { writer, member in
            writer.writeString(member.memberID)
            if version >= 5 { writer.writeNullableString(member.groupInstanceID) }
            writer.writeBytes(member.metadata)
        }
    }
}
