/// Fetch (key 1) response, v4–11: record batches by partition, kept as raw bytes (KafkaCore's
/// `RecordBatch` decodes them).
public struct FetchResponse: ResponseBody {
    public static let apiKey = ApiKey.fetch
    public static let versions: ClosedRange<Int16> = 4...11

    /// A transaction aborted within the fetched range.
    public struct AbortedTransaction: Hashable, Sendable {
        public var producerID: Int64
        public var firstOffset: Int64
        public init(producerID: Int64, firstOffset: Int64) {
            self.producerID = producerID
            self.firstOffset = firstOffset
        }
    }

    /// The data for one partition.
    public struct PartitionData: Hashable, Sendable {
        public var partitionIndex: Int32
        /// `KafkaError` raw value.
        public var errorCode: Int16
        public var highWatermark: Int64
        public var lastStableOffset: Int64
        /// The log start offset (v5+).
        public var logStartOffset: Int64
        /// Aborted transactions, or null.
        public var abortedTransactions: [AbortedTransaction]?
        /// The replica the client should fetch from instead, or -1 (v11+).
        public var preferredReadReplica: Int32
        /// The record batches, exactly as stored, or null.
        public var records: [UInt8]?

        public init(
            partitionIndex: Int32, errorCode: Int16 = 0, highWatermark: Int64, lastStableOffset: Int64 = -1,
            logStartOffset: Int64 = -1, abortedTransactions: [AbortedTransaction]? = nil,
            preferredReadReplica: Int32 = -1, records: [UInt8]?
        ) {
            self.partitionIndex = partitionIndex
            self.errorCode = errorCode
            self.highWatermark = highWatermark
            self.lastStableOffset = lastStableOffset
            self.logStartOffset = logStartOffset
            self.abortedTransactions = abortedTransactions
            self.preferredReadReplica = preferredReadReplica
            self.records = records
        }
    }

    /// The data for one topic.
    public struct FetchableTopicResponse: Hashable, Sendable {
        public var topic: String
        public var partitions: [PartitionData]
        public init(topic: String, partitions: [PartitionData]) {
            self.topic = topic
            self.partitions = partitions
        }
    }

    /// How long the client was throttled.
    public var throttleTimeMs: Int32
    /// Top-level `KafkaError` raw value (v7+).
    public var errorCode: Int16
    /// The fetch session id, 0 for none (v7+).
    public var sessionID: Int32
    public var responses: [FetchableTopicResponse]

    public init(
        throttleTimeMs: Int32 = 0, errorCode: Int16 = 0, sessionID: Int32 = 0, responses: [FetchableTopicResponse]
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.sessionID = sessionID
        self.responses = responses
    }

    public static func decode(_ reader: inout WireReader, version: Int16) throws(WireError) -> Self {
        var response = Self(throttleTimeMs: try reader.readInt32(), responses: [])
        if version >= 7 {
            response.errorCode = try reader.readInt16()
            response.sessionID = try reader.readInt32()
        }
        response.responses = try reader.readArray { (reader: inout WireReader) throws(WireError) in
            FetchableTopicResponse(
                topic: try reader.readString(),
                partitions: try reader.readArray { (reader: inout WireReader) throws(WireError) in
                    try decodePartition(&reader, version: version)
                })
        }
        return response
    }

    private static func decodePartition(_ reader: inout WireReader, version: Int16) throws(WireError) -> PartitionData {
        var partition = PartitionData(
            partitionIndex: try reader.readInt32(), errorCode: try reader.readInt16(),
            highWatermark: try reader.readInt64(), lastStableOffset: try reader.readInt64(), records: nil)
        if version >= 5 { partition.logStartOffset = try reader.readInt64() }
        partition.abortedTransactions = try reader.readNullableArray { (reader: inout WireReader) throws(WireError) in
            AbortedTransaction(producerID: try reader.readInt64(), firstOffset: try reader.readInt64())
        }
        if version >= 11 { partition.preferredReadReplica = try reader.readInt32() }
        partition.records = try reader.readNullableBytes()
        return partition
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        writer.writeInt32(throttleTimeMs)
        if version >= 7 {
            writer.writeInt16(errorCode)
            writer.writeInt32(sessionID)
        }
        writer.writeArray(responses) { writer, topic in
            writer.writeString(topic.topic)
            writer.writeArray(topic.partitions) { writer, partition in
                writer.writeInt32(partition.partitionIndex)
                writer.writeInt16(partition.errorCode)
                writer.writeInt64(partition.highWatermark)
                writer.writeInt64(partition.lastStableOffset)
                if version >= 5 { writer.writeInt64(partition.logStartOffset) }
                writer.writeNullableArray(partition.abortedTransactions) { writer, aborted in
                    writer.writeInt64(aborted.producerID)
                    writer.writeInt64(aborted.firstOffset)
                }
                if version >= 11 { writer.writeInt32(partition.preferredReadReplica) }
                writer.writeNullableBytes(partition.records)
            }
        }
    }
}
