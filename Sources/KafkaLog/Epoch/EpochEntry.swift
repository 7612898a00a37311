import KafkaCore

/// One entry of the leader-epoch cache: the first offset written in `epoch` (Kafka's `EpochEntry`).
public struct EpochEntry: Hashable, Sendable, CustomStringConvertible {
    public let epoch: LeaderEpoch
    public let startOffset: Offset

    public init(epoch: LeaderEpoch, startOffset: Offset) {
        self.epoch = epoch
        self.startOffset = startOffset
    }

    public var description: String { "epoch \(epoch) from \(startOffset)" }
}
