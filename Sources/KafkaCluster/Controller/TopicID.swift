import KafkaCore

/// A topic's 128-bit id (Kafka's `Uuid`), drawn by the controller from its seeded generator so
/// that the same seed names topics the same way on every run.
public struct TopicID: Hashable, Sendable, CustomStringConvertible {
    public let high: UInt64
    public let low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// A fresh id from two draws of `generator`.
    public static func draw(using generator: inout SeededGenerator) -> TopicID {
        let high = generator.next()
        return TopicID(high: high, low: generator.next())
    }

    /// Both halves in hex, high half first.
    public var description: String {
        String(high, radix: 16) + ":" + String(low, radix: 16)
    }
}
