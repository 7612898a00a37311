/// LeaveGroup (key 13), v0–3: one member (v0–2) or a batch of members (v3+) leave a group.
public struct LeaveGroupRequest: RequestBody {
    public static let apiKey = ApiKey.leaveGroup
    public static let versions: ClosedRange<Int16> = 0...3

    /// One leaving member (v3+).
    public struct Member: Hashable, Sendable {
        public var memberID: String
        public var groupInstanceID: String?
        public init(memberID: String, groupInstanceID: String? = nil) {
            self.memberID = memberID
            self.groupInstanceID = groupInstanceID
        }
    }

    public var groupID: String
    /// The leaving member (v0–2).
    public var memberID: String
    /// The leaving members (v3+).
    public var members: [Member]

    public init(groupID: String, memberID: String = "", members: [Member] = []) {
        self.groupID = groupID
        self.memberID = memberID
        self.members = members
    }

    public static func decode(_ reader: inout WireReader, version: Int16) throws(WireError) -> Self {
        let groupID = try reader.readString()
        guard version >= 3 else { return Self(groupID: groupID, memberID: try reader.readString()) }
        return Self(
            groupID: groupID,
            members: try reader.readArray { (reader: inout WireReader) throws(WireError) in
                Member(memberID: try reader.readString(), groupInstanceID: try reader.readNullableString())
            })
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        writer.writeString(groupID)
        guard version >= 3 else { return writer.writeString(memberID) }
        writer.writeArray(members) { writer, member in
            writer.writeString(member.memberID)
            writer.writeNullableString(member.groupInstanceID)
        }
    }
}
