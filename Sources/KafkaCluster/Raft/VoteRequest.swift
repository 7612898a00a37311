import KafkaCore

/// A candidate asks for a vote in `candidateEpoch`, showing how far its log goes (KIP-595 Vote).
///
/// With `preVote` (KIP-996) a prospective voter asks whether it could win, in its current epoch,
/// before bumping it: the answer binds no one, and a voter that hears from a healthy leader says
/// no, so a voter cut off from the quorum cannot unseat the leader when it comes back.
public struct VoteRequest: Hashable, Sendable {
    public let candidateEpoch: LeaderEpoch
    public let lastEpoch: LeaderEpoch
    public let endOffset: Offset
    public let preVote: Bool

    public init(candidateEpoch: LeaderEpoch, lastEpoch: LeaderEpoch, endOffset: Offset, preVote: Bool = false) {
        self.candidateEpoch = candidateEpoch
        self.lastEpoch = lastEpoch
        self.endOffset = endOffset
        self.preVote = preVote
    }
}
