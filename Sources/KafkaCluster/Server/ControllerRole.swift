import KafkaCore

/// The controller half of a quorum voter: the `QuorumController` kept in step with the
/// metadata log, whether this member is active, and the answers waiting for their records to
/// commit.
///
/// A standby replays committed records only. On winning the Raft election it replays the rest of
/// its log (the records of earlier epochs that its leader-change record will commit), gives
/// every broker a fresh session, and starts deciding. On losing leadership it starts over from
/// the committed prefix, since records it wrote may be truncated by the next leader.
struct ControllerRole {
    var controller: QuorumController
    /// The last metadata log offset replayed into `controller`.
    var applied: Offset = .none
    /// The Raft epoch in which this member is the active controller.
    var activeEpoch: LeaderEpoch?
    var pending: [PendingControllerReply] = []
    var nextBalanceAt: Instant?
    var nextUncleanElectionAt: Instant?
    let seed: UInt64
    let sessionTimeout: Duration

    init(seed: UInt64, sessionTimeout: Duration) {
        self.seed = seed
        self.sessionTimeout = sessionTimeout
        controller = QuorumController(generator: SeededGenerator(seed: seed), sessionTimeout: sessionTimeout)
    }

    var isActive: Bool { activeEpoch != nil }
}

/// An answer held until the metadata log's high watermark reaches `commitOffset`.
struct PendingControllerReply: Sendable {
    var commitOffset: Offset
    var to: NodeID
    var id: UInt64
    var response: ControllerResponse
}
