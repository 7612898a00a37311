/// InitProducerId (key 22) response, v0–1: the producer id and epoch for an idempotent or
/// transactional producer.
public struct InitProducerIdResponse: ResponseBody {
    public static let apiKey = ApiKey.initProducerId
    public static let versions: ClosedRange<Int16> = 0...1

    /// How long the client was throttled.
    public var throttleTimeMs: Int32
    /// `KafkaError` raw value.
    public var errorCode: Int16
    public var producerID: Int64
    public var producerEpoch: Int16

    public init(throttleTimeMs: Int32 = 0, errorCode: Int16 = 0, producerID: Int64, producerEpoch: Int16) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.producerID = producerID
        self.producerEpoch = producerEpoch
    }

    public static func decode(_ reader: inout WireReader, version: Int16) throws(WireError) -> Self {
        Self(
            throttleTimeMs: try reader.readInt32(), errorCode: try reader.readInt16(),
            producerID: try reader.readInt64(),
            producerEpoch: try reader.readInt16())
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        writer.writeInt32(throttleTimeMs)
        writer.writeInt16(errorCode)
        writer.writeInt64(producerID)
        writer.writeInt16(producerEpoch)
    }
}
