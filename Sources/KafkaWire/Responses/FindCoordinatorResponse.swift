/// FindCoordinator (key 10) response, v0–2: the broker that coordinates a group or transaction.
public struct FindCoordinatorResponse: ResponseBody {
    public static let apiKey = ApiKey.findCoordinator
    public static let versions: ClosedRange<Int16> = 0...2

    /// How long the client was throttled (v1+).
    public var throttleTimeMs: Int32
    /// `KafkaError` raw value.
    public var errorCode: Int16
    /// A message for the error, or null (v1+).
    public var errorMessage: String?
    public var nodeID: Int32
    public var host: String
    public var port: Int32

    public init(
        throttleTimeMs: Int32 = 0, errorCode: Int16 = 0, errorMessage: String? = nil, nodeID: Int32, host: String,
        port: Int32
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.errorMessage = errorMessage
        self.nodeID = nodeID
        self.host = host
        self.port = port
    }

    public static func decode(_ reader: inout WireReader, version: Int16) throws(WireError) -> Self {
        let throttleTimeMs = version >= 1 ? try reader.readInt32() : 0
        let errorCode = try reader.readInt16()
        let errorMessage = version >= 1 ? try reader.readNullableString() : nil
        return Self(
            throttleTimeMs: throttleTimeMs, errorCode: errorCode, errorMessage: errorMessage,
            nodeID: try reader.readInt32(), host: try reader.readString(), port: try reader.readInt32())
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        if version >= 1 { writer.writeInt32(throttleTimeMs) }
        writer.writeInt16(errorCode)
        if version >= 1 { writer.writeNullableString(errorMessage) }
        writer.writeInt32(nodeID)
        writer.writeString(host)
        writer.writeInt32(port)
    }
}
