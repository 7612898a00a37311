import KafkaCore

/// The quiet fetches of one follower's fetch session on a leader: the time and broker epoch of
/// the session's last serve, which the remote replicas that joined it take as their own.
///
/// Most partitions of a follower's session are idle and caught up: each serve skips them on
/// their read memo (`FetchReadMemo`), and all such a skip does is `RemoteReplica.updateFetchState`
/// at the log end it already knows: the follower fetched now, caught up now, with this broker
/// epoch. Done per partition, that is a write into every idle partition's leadership on every
/// fetch. Instead, a remote whose read found it caught up (and in the ISR) joins the session's
/// clock (`QuietSubscription`), the serve advances the clock once, and the remote reads the
/// clock's last advance as its last quiet fetch (`PartitionLeadership.remote(at:)`). Such a
/// remote's skip writes nothing.
///
/// The invariants that keep this the same as skipping one partition at a time:
/// - a remote joins only right after a read that left it at the log end it fetched, and a
///   session's memo for the partition says it joined (`FetchReadMemo.isQuiet`);
/// - its session's serve skips it exactly while that memo matches; a serve that reads it
///   instead (the memo no longer matches) takes it out first, at the clock's value before the
///   serve (the clock advances only at the serve's end);
/// - any other fetch of the follower that updates the remote takes it out too and breaks every
///   memo of the partition (`Partition.invalidateReadMemos`), so the session reads it next time;
/// - a partition the session forgets leaves the clock (`FetchReadMemo.leaveQuiet`).
final class QuietFetchClock {
    /// How many times the clock advanced: a remote takes only the advances after it joined.
    private(set) var serial: UInt64 = 0
    /// The time and broker epoch of the last advance.
    private(set) var time = Instant(microseconds: 0)
    private(set) var brokerEpoch: Int64 = -1

    /// The session served at `now` a fetch with `brokerEpoch`: every remote still joined fetched
    /// quietly then.
    func advance(to now: Instant, brokerEpoch: Int64) {
        serial &+= 1
        time = now
        self.brokerEpoch = brokerEpoch
    }
}

/// A remote replica's place on a `QuietFetchClock`: the clock's advances after `serial` are
/// quiet fetches of the remote.
struct QuietSubscription {
    let clock: QuietFetchClock
    let serial: UInt64

    /// Joins `clock` now: its next advance is the remote's first quiet fetch.
    init(_ clock: QuietFetchClock) {
        self.clock = clock
        serial = clock.serial
    }

    /// `remote` after its quiet fetches: the last one, a fetch at the log end the remote already
    /// fetched to, is what a skipped read would have done (`Broker.followerFetched`), and it
    /// overwrites every field the earlier ones wrote.
    func applied(to remote: RemoteReplica) -> RemoteReplica {
        guard clock.serial != serial else { return remote }
        var remote = remote
        remote.updateFetchState(
            fetchOffset: remote.logEndOffset, leaderLogEndOffset: remote.lastFetchLeaderLogEndOffset,
            brokerEpoch: clock.brokerEpoch, now: clock.time)
        return remote
    }
}
