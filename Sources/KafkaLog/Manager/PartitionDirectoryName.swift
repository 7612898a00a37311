import KafkaCore

/// The name of a partition's directory inside a broker's data directory: `<topic>-<partition>`,
/// as Kafka names it. Topic names may contain `-`, so the partition is what follows the last one.
public enum PartitionDirectoryName {
    /// Suffix of a directory whose partition was deleted and awaits removal (Kafka's `-delete`).
    public static let deletedSuffix = "-delete"

    public static func name(of topicPartition: TopicPartition) -> String {
        "\(topicPartition.topic)-\(topicPartition.partition)"
    }

    /// The partition a directory holds, or `nil` when the name is not `<topic>-<partition>` with
    /// a legal Kafka topic name (ASCII letters, digits, `.`, `_`, `-`; at most 249 characters).
    public static func parse(_ name: String) -> TopicPartition? {
        guard let dash = name.lastIndex(of: "-") else { return nil }
        let topic = name[..<dash]
        let number = name[name.index(after: dash)...]
        guard !topic.isEmpty, topic.count <= 249, topic.utf8.allSatisfy(isLegalTopicByte),
            !number.isEmpty, number.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
            let partition = Int32(number)
        else { return nil }
        return TopicPartition(String(topic), partition)
    }

    private static func isLegalTopicByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
            true
        default:
            false
        }
    }
}
