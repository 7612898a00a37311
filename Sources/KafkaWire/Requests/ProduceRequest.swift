/// Produce (key 0), v3–8: record batches for partitions. The records stay raw bytes here;
/// KafkaCore's `RecordBatch` decodes them.
public struct ProduceRequest: RequestBody {
    public static let apiKey = ApiKey.produce
    public static let versions: ClosedRange<Int16> = 3...8

    /// The records for one partition.
    public struct PartitionData: Hashable, Sendable {
        /// The partition index.
        public var index: Int32
        /// The record batches exactly as the client sent them; null is allowed on the wire.
        public var records: [UInt8]?
        public init(index: Int32, records: [UInt8]?) {
            self.index = index
            self.records = records
        }
    }

    /// The records for one topic.
    public struct TopicData: Hashable, Sendable {
        public var name: String
        public var partitionData: [PartitionData]
        public init(name: String, partitionData: [PartitionData]) {
            self.name = name
            self.partitionData = partitionData
        }
    }

    /// The transactional id, or null for a non-transactional producer.
    public var transactionalID: String?
    /// 0 (no response at all), 1 (leader) or -1 (all in-sync replicas).
    public var acks: Int16
    /// How long the broker may wait for replication.
    public var timeoutMs: Int32
    /// The data, by topic.
    public var topicData: [TopicData]

    public init(transactionalID: String?, acks: Int16, timeoutMs: Int32, topicData: [TopicData]) {
        self.transactionalID = transactionalID
        self.acks = acks
        self.timeoutMs = timeoutMs
        self.topicData = topicData
    }

    public static func decode(_ reader: inout WireReader, version: Int16) throws(WireError) -> Self {
        Self(
            transactionalID: try reader.readNullableString(),
            acks: try reader.readInt16(),
            timeoutMs: try reader.readInt32(),
            topicData: try reader.readArray { (reader: inout WireReader) throws(WireError) in
                TopicData(
                    name: try reader.readString(),
                    partitionData: try reader.readArray { (reader: inout WireReader) throws(WireError) in
                        PartitionData(index: try reader.readInt32(), records: try reader.readNullableBytes())
                    })
            })
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        writer.writeNullableString(transactionalID)
        writer.writeInt16(acks)
        writer.writeInt32(timeoutMs)
        writer.writeArray(topicData) { writer, topic in
            writer.writeString(topic.name)
            writer.writeArray(topic.partitionData) { writer, partition in
                writer.writeInt32(partition.index)
                writer.writeNullableBytes(partition.records)
            }
        }
    }
}
