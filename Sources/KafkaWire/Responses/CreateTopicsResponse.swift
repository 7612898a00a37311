/// CreateTopics (key 19) response, v2–4: whether each topic was created.
public struct CreateTopicsResponse: ResponseBody {
    public static let apiKey = ApiKey.createTopics
    public static let versions: ClosedRange<Int16> = 2...4

    /// The outcome for one topic.
    public struct Topic: Hashable, Sendable {
        public var name: String
        /// `KafkaError` raw value; 36 (`TOPIC_ALREADY_EXISTS`) for an existing topic.
        public var errorCode: Int16
        public var errorMessage: String?
        public init(name: String, errorCode: Int16 = 0, errorMessage: String? = nil) {
            self.name = name
            self.errorCode = errorCode
            self.errorMessage = errorMessage
        }
    }

    /// How long the client was throttled.
    public var throttleTimeMs: Int32
    public var topics: [Topic]

    public init(throttleTimeMs: Int32 = 0, topics: [Topic]) {
        self.throttleTimeMs = throttleTimeMs
        self.topics = topics
    }

    public static func decode(_ reader: inout WireReader, version: Int16) throws(WireError) -> Self {
        Self(
            throttleTimeMs: try reader.readInt32(),
            topics: try reader.readArray { (reader: inout WireReader) throws(WireError) in
                Topic(
                    name: try reader.readString(), errorCode: try reader.readInt16(),
                    errorMessage: try reader.readNullableString())
            })
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        writer.writeInt32(throttleTimeMs)
        writer.writeArray(topics) { writer, topic in
            writer.writeString(topic.name)
            writer.writeInt16(topic.errorCode)
            writer.writeNullableString(topic.errorMessage)
        }
    }
}
