/// InitProducerId (key 22), v0–1: a producer id and epoch for an idempotent or transactional
/// producer.
public struct InitProducerIdRequest: RequestBody {
    public static let apiKey = ApiKey.initProducerId
    public static let versions: ClosedRange<Int16> = 0...1

    /// The transactional id, or null for an idempotent-only producer.
    public var transactionalID: String?
    public var transactionTimeoutMs: Int32

    public init(transactionalID: String?, transactionTimeoutMs: Int32) {
        self.transactionalID = transactionalID
        self.transactionTimeoutMs = transactionTimeoutMs
    }

    public static func decode(_ reader: inout WireReader, version: Int16) throws(WireError) -> Self {
        Self(transactionalID: try reader.readNullableString(), transactionTimeoutMs: try reader.readInt32())
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        writer.writeNullableString(transactionalID)
        writer.writeInt32(transactionTimeoutMs)
    }
}
