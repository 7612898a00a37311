/// Heartbeat (key 12) response, v0–3: whether the member is still in the current generation.
public struct HeartbeatResponse: ResponseBody {
    public static let apiKey = ApiKey.heartbeat
    public static let versions: ClosedRange<Int16> = 0...3

    /// How long the client was throttled (v1+).
    public var throttleTimeMs: Int32
    /// `KafkaError` raw value; 27 (`REBALANCE_IN_PROGRESS`) asks the member to rejoin.
    public var errorCode: Int16

    public init(throttleTimeMs: Int32 = 0, errorCode: Int16 = 0) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
    }

    public static func decode(_ reader: inout WireReader, version: Int16) throws(WireError) -> Self {
        Self(throttleTimeMs: version >= 1 ? try reader.readInt32() : 0, errorCode: try reader.readInt16())
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        if version >= 1 { writer.writeInt32(throttleTimeMs) }
        writer.writeInt16(errorCode)
    }
}
