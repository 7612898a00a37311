/// SyncGroup (key 14) response, v0–3: this member's assignment from the leader.
public struct SyncGroupResponse: ResponseBody {
    public static let apiKey = ApiKey.syncGroup
    public static let versions: ClosedRange<Int16> = 0...3

    /// How long the client was throttled (v1+).
    public var throttleTimeMs: Int32
    /// `KafkaError` raw value.
    public var errorCode: Int16
    /// The member's assignment, opaque to the broker.
    public var assignment: [UInt8]

    public init(throttleTimeMs: Int32 = 0, errorCode: Int16 = 0, assignment: [UInt8]) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.assignment = assignment
    }

    public static func decode(_ reader: inout WireReader, version: Int16) throws(WireError) -> Self {
        Self(
            throttleTimeMs: version >= 1 ? try reader.readInt32() : 0, errorCode: try reader.readInt16(),
            assignment: try reader.readBytes())
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        if version >= 1 { writer.writeInt32(throttleTimeMs) }
        writer.writeInt16(errorCode)
        writer.writeBytes(assignment)
    }
}
