import KafkaCore
import KafkaLog

/// The leader's answer to a Fetch, or another member's refusal with a hint.
public struct RaftFetchResponse: Hashable, Sendable {
    /// What the response carries.
    public enum Body: Hashable, Sendable {
        /// Records from the fetch offset on (possibly none) and the leader's high watermark.
        case records([RaftRecord], highWatermark: Offset)
        /// The replica's log diverges: keep no more than `EpochEndOffset.endOffset` of the
        /// epoch `EpochEndOffset.epoch` and fetch again.
        case diverging(EpochEndOffset)
        /// The responder cannot serve the Fetch (`notLeaderOrFollower`, `fencedLeaderEpoch`,
        /// `unknownLeaderEpoch`); `epoch` and `leaderID` say whom to ask instead.
        case error(KafkaError)
    }

    public let epoch: LeaderEpoch
    public let leaderID: NodeID?
    /// The fetch offset of the request this answers, so a replica can ignore a stale answer.
    public let fetchOffset: Offset
    public let body: Body

    public init(epoch: LeaderEpoch, leaderID: NodeID?, fetchOffset: Offset, body: Body) {
        self.epoch = epoch
        self.leaderID = leaderID
        self.fetchOffset = fetchOffset
        self.body = body
    }
}
