/// FindCoordinator (key 10), v0–2: which broker coordinates a group (or a transactional id).
public struct FindCoordinatorRequest: RequestBody {
    public static let apiKey = ApiKey.findCoordinator
    public static let versions: ClosedRange<Int16> = 0...2

    /// The group id or transactional id.
    public var key: String
    /// 0 = group, 1 = transaction (v1+).
    public var keyType: Int8

    public init(key: String, keyType: Int8 = 0) {
        self.key = key
        self.keyType = keyType
    }

    public static func decode(_ reader: inout WireReader, version: Int16) throws(WireError) -> Self {
        Self(key: try reader.readString(), keyType: version >= 1 ? try reader.readInt8() : 0)
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        writer.writeString(key)
        if version >= 1 { writer.writeInt8(keyType) }
    }
}
