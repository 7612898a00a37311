/// What a batch's timestamps mean: attribute bit 3 (Kafka's `TimestampType`).
public enum TimestampType: Hashable, Sendable, CustomStringConvertible {
    /// The producer's clock when it created each record (`message.timestamp.type=CreateTime`).
    case createTime
    /// The leader's clock when it appended the batch; every record's timestamp is then the
    /// batch's `maxTimestamp` (`message.timestamp.type=LogAppendTime`).
    case logAppendTime

    /// Kafka's name.
    public var description: String {
        switch self {
        case .createTime: "CreateTime"
        case .logAppendTime: "LogAppendTime"
        }
    }
}
