/// Produce (key 0) response, v3–8: the base offset of each appended batch, by partition.
/// Not sent at all for acks=0.
public struct ProduceResponse: ResponseBody {
    public static let apiKey = ApiKey.produce
    public static let versions: ClosedRange<Int16> = 3...8

    /// Why one record of a batch was rejected (v8+).
    public struct BatchIndexAndErrorMessage: Hashable, Sendable {
        public var batchIndex: Int32
        public var batchIndexErrorMessage: String?
        public init(batchIndex: Int32, batchIndexErrorMessage: String?) {
            self.batchIndex = batchIndex
            self.batchIndexErrorMessage = batchIndexErrorMessage
        }
    }

    /// The outcome for one partition.
    public struct PartitionResponse: Hashable, Sendable {
        public var index: Int32
        /// `KafkaError` raw value.
        public var errorCode: Int16
        public var baseOffset: Int64
        /// The append time for LogAppendTime topics, else -1.
        public var logAppendTimeMs: Int64
        /// The partition's log start offset (v5+).
        public var logStartOffset: Int64
        /// Per-record errors (v8+).
        public var recordErrors: [BatchIndexAndErrorMessage]
        /// A message for the error, or null (v8+).
        public var errorMessage: String?

        public init(
            index: Int32, errorCode: Int16 = 0, baseOffset: Int64, logAppendTimeMs: Int64 = -1,
            logStartOffset: Int64 = -1, recordErrors: [BatchIndexAndErrorMessage] = [], errorMessage: String? = nil
        ) {
            self.index = index
            self.errorCode = errorCode
            self.baseOffset = baseOffset
            self.logAppendTimeMs = logAppendTimeMs
            self.logStartOffset = logStartOffset
            self.recordErrors = recordErrors
            self.errorMessage = errorMessage
        }
    }

    /// The outcomes for one topic.
    public struct TopicResponse: Hashable, Sendable {
        public var name: String
        public var partitionResponses: [PartitionResponse]
        public init(name: String, partitionResponses: [PartitionResponse]) {
            self.name = name
            self.partitionResponses = partitionResponses
        }
    }

    public var responses: [TopicResponse]
    /// How long the client was throttled.
    public var throttleTimeMs: Int32

    public init(responses: [TopicResponse], throttleTimeMs: Int32 = 0) {
        self.responses = responses
        self.throttleTimeMs = throttleTimeMs
    }

    public static func decode(_ reader: inout WireReader, version: Int16) throws(WireError) -> Self {
        let responses = try reader.readArray { (reader: inout WireReader) throws(WireError) in
            TopicResponse(
                name: try reader.readString(),
                partitionResponses: try reader.readArray { (reader: inout WireReader) throws(WireError) in
                    try decodePartition(&reader, version: version)
                })
        }
        return Self(responses: responses, throttleTimeMs: try reader.readInt32())
    }

    private static func decodePartition(
        _ reader: inout WireReader, version: Int16
    ) throws(WireError) -> PartitionResponse {
        var partition = PartitionResponse(
            index: try reader.readInt32(), errorCode: try reader.readInt16(), baseOffset: try reader.readInt64(),
            logAppendTimeMs: try reader.readInt64())
        if version >= 5 { partition.logStartOffset = try reader.readInt64() }
        if version >= 8 {
            partition.recordErrors = try reader.readArray { (reader: inout WireReader) throws(WireError) in
                BatchIndexAndErrorMessage(
                    batchIndex: try reader.readInt32(), batchIndexErrorMessage: try reader.readNullableString())
            }
            partition.errorMessage = try reader.readNullableString()
        }
        return partition
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        writer.writeArray(responses) { writer, topic in
            writer.writeString(topic.name)
            writer.writeArray(topic.partitionResponses) { writer, partition in
                writer.writeInt32(partition.index)
                writer.writeInt16(partition.errorCode)
                writer.writeInt64(partition.baseOffset)
                writer.writeInt64(partition.logAppendTimeMs)
                if version >= 5 { writer.writeInt64(partition.logStartOffset) }
                if version >= 8 {
                    writer.writeArray(partition.recordErrors) { writer, error in
                        writer.writeInt32(error.batchIndex)
                        writer.writeNullableString(error.batchIndexErrorMessage)
                    }
                    writer.writeNullableString(partition.errorMessage)
                }
            }
        }
        writer.writeInt32(throttleTimeMs)
    }
}
