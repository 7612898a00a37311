/// LeaveGroup (key 13) response, v0–3: the outcome, and from v3 the outcome per member.
public struct LeaveGroupResponse: ResponseBody {
    public static let apiKey = ApiKey.leaveGroup
    public static let versions: ClosedRange<Int16> = 0...3

    /// The outcome for one leaving member (v3+).
    public struct MemberResponse: Hashable, Sendable {
        public var memberID: String
        public var groupInstanceID: String?
        /// `KafkaError` raw value.
        public var errorCode: Int16
        public init(memberID: String, groupInstanceID: String? = nil, errorCode: Int16 = 0) {
            self.memberID = memberID
            self.groupInstanceID = groupInstanceID
            self.errorCode = errorCode
        }
    }

    /// How long the client was throttled (v1+).
    public var throttleTimeMs: Int32
    /// `KafkaError` raw value.
    public var errorCode: Int16
    /// The outcome per member (v3+).
    public var members: [MemberResponse]

    public init(throttleTimeMs: Int32 = 0, errorCode: Int16 = 0, members: [MemberResponse] = []) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.members = members
    }

    public static func decode(_ reader: inout WireReader, version: Int16) throws(WireError) -> Self {
        var response = Self(
            throttleTimeMs: version >= 1 ? try reader.readInt32() : 0, errorCode: try reader.readInt16())
        if version >= 3 {
            response.members = try reader.readArray { (reader: inout WireReader) throws(WireError) in
                MemberResponse(
                    memberID: try reader.readString(), groupInstanceID: try reader.readNullableString(),
                    errorCode: try reader.readInt16())
            }
        }
        return response
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        if version >= 1 { writer.writeInt32(throttleTimeMs) }
        writer.writeInt16(errorCode)
        if version >= 3 {
            writer.writeArray(members) { writer, member in
                writer.writeString(member.memberID)
                writer.writeNullableString(member.groupInstanceID)
                writer.writeInt16(member.errorCode)
            }
        }
    }
}
