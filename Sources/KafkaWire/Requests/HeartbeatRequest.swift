/// Heartbeat (key 12), v0–3: a member says it is alive and learns whether a rebalance started.
public struct HeartbeatRequest: RequestBody {
    public static let apiKey = ApiKey.heartbeat
    public static let versions: ClosedRange<Int16> = 0...3

    public var groupID: String
    public var generationID: Int32
    public var memberID: String
    /// Static membership id (v3+).
    public var groupInstanceID: String?

    public init(groupID: String, generationID: Int32, memberID: String, groupInstanceID: String? = nil) {
        self.groupID = groupID
        self.generationID = generationID
        self.memberID = memberID
        self.groupInstanceID = groupInstanceID
    }

    public static func decode(_ reader: inout WireReader, version: Int16) throws(WireError) -> Self {
        Self(
            groupID: try reader.readString(), generationID: try reader.readInt32(), memberID: try reader.readString(),
            groupInstanceID: version >= 3 ? try reader.readNullableString() : nil)
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        writer.writeString(groupID)
        writer.writeInt32(generationID)
        writer.writeString(memberID)
        if version >= 3 { writer.writeNullableString(groupInstanceID) }
    }
}
