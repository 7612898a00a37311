/// ListGroups (key 16) response, v0–2: the groups this broker coordinates.
public struct ListGroupsResponse: ResponseBody {
    public static let apiKey = ApiKey.listGroups
    public static let versions: ClosedRange<Int16> = 0...2

    /// One group.
    public struct ListedGroup: Hashable, Sendable {
        public var groupID: String
        public var protocolType: String
        public init(groupID: String, protocolType: String) {
            self.groupID = groupID
            self.protocolType = protocolType
        }
    }

    /// How long the client was throttled (v1+).
    public var throttleTimeMs: Int32
    /// `KafkaError` raw value.
    public var errorCode: Int16
    public var groups: [ListedGroup]

    public init(throttleTimeMs: Int32 = 0, errorCode: Int16 = 0, groups: [ListedGroup]) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.groups = groups
    }

    public static func decode(_ reader: inout WireReader, version: Int16) throws(WireError) -> Self {
        Self(
            throttleTimeMs: version >= 1 ? try reader.readInt32() : 0, errorCode: try reader.readInt16(),
            groups: try reader.readArray { (reader: inout WireReader) throws(WireError) in
                ListedGroup(groupID: try reader.readString(), protocolType: try reader.readString())
            })
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        if version >= 1 { writer.writeInt32(throttleTimeMs) }
        writer.writeInt16(errorCode)
        writer.writeArray(groups) { writer, group in
            writer.writeString(group.groupID)
            writer.writeString(group.protocolType)
        }
    }
}
