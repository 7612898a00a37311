/// DescribeGroups (key 15), v0–4: state, protocol and members of some groups.
public struct DescribeGroupsRequest: RequestBody {
    public static let apiKey = ApiKey.describeGroups
    public static let versions: ClosedRange<Int16> = 0...4

    /// The group ids.
    public var groups: [String]
    /// Whether to return each group's authorized operations (v3+).
    public var includeAuthorizedOperations: Bool

    public init(groups: [String], includeAuthorizedOperations: Bool = false) {
        self.groups = groups
        self.includeAuthorizedOperations = includeAuthorizedOperations
    }

    public static func decode(_ reader: inout WireReader, version: Int16) throws(WireError) -> Self {
        Self(
            groups: try reader.readArray { (reader: inout WireReader) throws(WireError) in try reader.readString() },
            includeAuthorizedOperations: version >= 3 ? try reader.readBool() : false)
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        writer.writeArray(groups) { writer, group in writer.writeString(group) }
        if version >= 3 { writer.writeBool(includeAuthorizedOperations) }
    }
}
