import KafkaCore

/// The classic consumer protocol's non-flexible primitives, on top of KafkaCore's big-endian writer.
extension ByteWriter {
    /// A non-nullable string: int16 length, then UTF-8. Longer than `Int16.max` bytes is a
    /// programmer error (Kafka topic names stop at 249 characters).
    mutating func writeConsumerProtocolString(_ value: String) {
        let length = value.utf8.count
        precondition(length <= Int(Int16.max), "string of \(length) UTF-8 bytes does not fit an int16 length")
        writeInt16(Int16(length))
        writeUTF8(value)
    }

    /// A nullable string: length -1 for nil.
    mutating func writeConsumerProtocolNullableString(_ value: String?) {
        guard let value else { return writeInt16(-1) }
        writeConsumerProtocolString(value)
    }

    /// Nullable bytes: int32 length (-1 for nil), then the bytes.
    mutating func writeConsumerProtocolNullableBytes(_ value: [UInt8]?) {
        guard let value else { return writeInt32(-1) }
        precondition(value.count <= Int(Int32.max), "\(value.count) bytes do not fit an int32 length")
        writeInt32(Int32(value.count))
        writeBytes(value)
    }

    /// An array of `(topic, partitions)`: partitions grouped under their topic in the order each
    /// topic first appears, as Kafka's `ConsumerProtocol` serializer groups them.
    mutating func writeConsumerProtocolTopicPartitions(_ partitions: [TopicPartition]) {
        var topics: [(topic: String, partitions: [Int32])] = []
        var indexByTopic: [String: Int] = [:]
        for partition in partitions {
            if let index = indexByTopic[partition.topic] {
                topics[index].partitions.append(partition.partition)
            } else {
                indexByTopic[partition.topic] = topics.count
                topics.append((partition.topic, [partition.partition]))
            }
        }
        writeInt32(Int32(topics.count))
        for entry in topics {
            writeConsumerProtocolString(entry.topic)
            writeInt32(Int32(entry.partitions.count))
            for partition in entry.partitions {
                writeInt32(partition)
            }
        }
    }
}
