import KafkaCore

/// A follower or observer pulls records from the leader (KIP-595 Fetch).
///
/// `fetchOffset` is the replica's log end offset and `lastFetchedEpoch` the epoch of its last
/// record: the leader checks that pair against its own log and answers records or where they
/// diverge. `highWatermark` is what the replica already knows (as in KIP-1166), so the leader
/// answers at once when it knows more instead of holding the Fetch.
public struct RaftFetchRequest: Hashable, Sendable {
    public let epoch: LeaderEpoch
    public let fetchOffset: Offset
    public let lastFetchedEpoch: LeaderEpoch
    public let highWatermark: Offset

    public init(epoch: LeaderEpoch, fetchOffset: Offset, lastFetchedEpoch: LeaderEpoch, highWatermark: Offset) {
        self.epoch = epoch
        self.fetchOffset = fetchOffset
        self.lastFetchedEpoch = lastFetchedEpoch
        self.highWatermark = highWatermark
    }
}
