/// SyncGroup (key 14), v0–3: after a join, the leader sends every member's assignment and the
/// others send none; each receives its own.
public struct SyncGroupRequest: RequestBody {
    public static let apiKey = ApiKey.syncGroup
    public static let versions: ClosedRange<Int16> = 0...3

    /// One member's assignment, from the leader.
    public struct Assignment: Hashable, Sendable {
        public var memberID: String
        public var assignment: [UInt8]
        public init(memberID: String, assignment: [UInt8]) {
            self.memberID = memberID
            self.assignment = assignment
        }
    }

    public var groupID: String
    public var generationID: Int32
    public var memberID: String
    /// Static membership id (v3+).
    public var groupInstanceID: String?
    public var assignments: [Assignment]

    public init(
        groupID: String, generationID: Int32, memberID: String, groupInstanceID: String? = nil,
        assignments: [Assignment]
    ) {
        self.groupID = groupID
        self.generationID = generationID
        self.memberID = memberID
        self.groupInstanceID = groupInstanceID
        self.assignments = assignments
    }

    public static func decode(_ reader: inout WireReader, version: Int16) throws(WireError) -> Self {
        let groupID = try reader.readString()
        let generationID = try reader.readInt32()
        let memberID = try reader.readString()
        let groupInstanceID = version >= 3 ? try reader.readNullableString() : nil
        return Self(
            groupID: groupID, generationID: generationID, memberID: memberID, groupInstanceID: groupInstanceID,
            assignments: try reader.readArray { (reader: inout WireReader) throws(WireError) in
                Assignment(memberID: try reader.readString(), assignment: try reader.readBytes())
            })
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        writer.writeString(groupID)
        writer.writeInt32(generationID)
        writer.writeString(memberID)
        if version >= 3 { writer.writeNullableString(groupInstanceID) }
        writer.writeArray(assignments) { writer, assignment in
            writer.writeString(assignment.memberID)
            writer.writeBytes(assignment.assignment)
        }
    }
}
