import KafkaCore

/// A candidate asks for a vote in `candidateEpoch`, showing how far its log goes (KIP-595 Vote).
public struct VoteRequest: Hashable, Sendable {
    public let candidateEpoch: LeaderEpoch
    public let lastEpoch: LeaderEpoch
    public let endOffset: Offset

    public init(candidateEpoch: LeaderEpoch, lastEpoch: LeaderEpoch, endOffset: Offset) {
        self.candidateEpoch = candidateEpoch
        self.lastEpoch = lastEpoch
        self.endOffset = endOffset
    }
}
