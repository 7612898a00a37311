import KafkaCore

/// What a leader knows about one follower, learned only from that follower's fetches (Kafka's
/// `Replica` state on the leader).
struct RemoteReplica: Hashable, Sendable {
    let broker: BrokerID
    /// The follower's log end offset: the offset of its last fetch; `.none` until it fetches.
    var logEndOffset: Offset = .none
    /// The last time the follower was caught up (see `updateFetchState`).
    var lastCaughtUpTime: Instant
    /// When the follower last fetched, and the leader's log end offset at that moment.
    var lastFetchTime: Instant
    var lastFetchLeaderLogEndOffset: Offset = .none
    /// The broker epoch the follower sent with its last fetch (KIP-903).
    var brokerEpoch: Int64 = -1

    /// A replica as a new leader first sees it: an ISR member counts as caught up now, any other
    /// replica as never caught up (Kafka's `resetReplicaState`).
    init(broker: BrokerID, inSync: Bool, now: Instant) {
        self.broker = broker
        lastCaughtUpTime = inSync ? now : Instant(microseconds: 0)
        lastFetchTime = inSync ? now : Instant(microseconds: 0)
    }

    /// A fetch at `fetchOffset` arrived when the leader's log ended at `leaderLogEndOffset`
    /// (`Replica.updateFetchStateOrThrow`): the follower caught up now if it asked for the end,
    /// or caught up as of its previous fetch if it asked for what was the end back then.
    mutating func updateFetchState(
        fetchOffset: Offset, leaderLogEndOffset: Offset, brokerEpoch: Int64, now: Instant
    ) {
        if fetchOffset >= leaderLogEndOffset {
            lastCaughtUpTime = max(lastCaughtUpTime, now)
        } else if fetchOffset >= lastFetchLeaderLogEndOffset {
            lastCaughtUpTime = max(lastCaughtUpTime, lastFetchTime)
        }
        logEndOffset = fetchOffset
        lastFetchLeaderLogEndOffset = leaderLogEndOffset
        lastFetchTime = now
        self.brokerEpoch = brokerEpoch
    }

    /// In sync by `replica.lag.time.max.ms`: at the leader's end, or caught up recently enough.
    func isCaughtUp(leaderLogEndOffset: Offset, now: Instant, replicaLagTimeMax: Duration) -> Bool {
        logEndOffset == leaderLogEndOffset || now - lastCaughtUpTime <= replicaLagTimeMax
    }
}
