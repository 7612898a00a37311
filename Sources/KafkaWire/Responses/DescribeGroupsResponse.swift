/// DescribeGroups (key 15) response, v0–4: each group's state, protocol and members.
public struct DescribeGroupsResponse: ResponseBody {
    public static let apiKey = ApiKey.describeGroups
    public static let versions: ClosedRange<Int16> = 0...4

    /// One member of a group.
    public struct Member: Hashable, Sendable {
        public var memberID: String
        /// The static member id, or null (v4+).
        public var groupInstanceID: String?
        public var clientID: String
        public var clientHost: String
        public var memberMetadata: [UInt8]
        public var memberAssignment: [UInt8]

        public init(
            memberID: String, groupInstanceID: String? = nil, clientID: String, clientHost: String,
            memberMetadata: [UInt8], memberAssignment: [UInt8]
        ) {
            self.memberID = memberID
            self.groupInstanceID = groupInstanceID
            self.clientID = clientID
            self.clientHost = clientHost
            self.memberMetadata = memberMetadata
            self.memberAssignment = memberAssignment
        }
    }

    /// One group.
    public struct Group: Hashable, Sendable {
        /// `KafkaError` raw value.
        public var errorCode: Int16
        public var groupID: String
        /// `Stable`, `PreparingRebalance`, `CompletingRebalance`, `Empty` or `Dead`.
        public var groupState: String
        public var protocolType: String
        /// The chosen protocol, e.g. `range`.
        public var protocolData: String
        public var members: [Member]
        /// Bit field of authorized operations (v3+).
        public var authorizedOperations: Int32

        public init(
            errorCode: Int16 = 0, groupID: String, groupState: String, protocolType: String, protocolData: String,
            members: [Member], authorizedOperations: Int32 = Int32.min
        ) {
            self.errorCode = errorCode
            self.groupID = groupID
            self.groupState = groupState
            self.protocolType = protocolType
            self.protocolData = protocolData
            self.members = members
            self.authorizedOperations = authorizedOperations
        }
    }

    /// How long the client was throttled (v1+).
    public var throttleTimeMs: Int32
    public var groups: [Group]

    public init(throttleTimeMs: Int32 = 0, groups: [Group]) {
        self.throttleTimeMs = throttleTimeMs
        self.groups = groups
    }

    public static func decode(_ reader: inout WireReader, version: Int16) throws(WireError) -> Self {
        Self(
            throttleTimeMs: version >= 1 ? try reader.readInt32() : 0,
            groups: try reader.readArray { (reader: inout WireReader) throws(WireError) in
                try decodeGroup(&reader, version: version)
            })
    }

    private static func decodeGroup(_ reader: inout WireReader, version: Int16) throws(WireError) -> Group {
        Group(
            errorCode: try reader.readInt16(), groupID: try reader.readString(), groupState: try reader.readString(),
            protocolType: try reader.readString(), protocolData: try reader.readString(),
            members: try reader.readArray { (reader: inout WireReader) throws(WireError) in
                Member(
                    memberID: try reader.readString(),
                    groupInstanceID: version >= 4 ? try reader.readNullableString() : nil,
                    clientID: try reader.readString(), clientHost: try reader.readString(),
                    memberMetadata: try reader.readBytes(), memberAssignment: try reader.readBytes())
            },
            authorizedOperations: version >= 3 ? try reader.readInt32() : Int32.min)
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        if version >= 1 { writer.writeInt32(throttleTimeMs) }
        writer.writeArray(groups) { writer, group in
            writer.writeInt16(group.errorCode)
            writer.writeString(group.groupID)
            writer.writeString(group.groupState)
            writer.writeString(group.protocolType)
            writer.writeString(group.protocolData)
            writer.writeArray(group.members) { writer, member in
                writer.writeString(member.memberID)
                if version >= 4 { writer.writeNullableString(member.groupInstanceID) }
                writer.writeString(member.clientID)
                writer.writeString(member.clientHost)
                writer.writeBytes(member.memberMetadata)
                writer.writeBytes(member.memberAssignment)
            }
            if version >= 3 { writer.writeInt32(group.authorizedOperations) }
        }
    }
}
