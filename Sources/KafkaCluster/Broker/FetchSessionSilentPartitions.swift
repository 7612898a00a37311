import KafkaLog

/// The positions among a fetch session's first 64 partitions that a serve found silent (see
/// `Broker.serveFetch`), grouped by the `ChangeSignal` of each partition's topic, with the count
/// each signal had then: a later serve takes every one whose signal has not moved since as
/// silent again, without loading the partitions, their logs and their memos (most of a
/// follower's session is idle `__consumer_offsets` partitions, each a few cache misses per fetch).
///
/// Only positions move here; `FetchSession` drops those whose memo it changes, and everything
/// when its order or its memos change otherwise (see `FetchSession.knownSilent(at:)`).
struct SilentPartitions {
    /// The partition table's generation the positions were found at; `nil` when none are known.
    private var generation: UInt64?
    /// The positions found silent.
    private var silent: UInt64 = 0
    /// The positions grouped so far by their topic's signal, with its count when the positions
    /// were last found silent.
    private var groups = TopicSignalGroups()

    /// The positions found silent at `generation` whose topics did not change since.
    func known(at generation: UInt64) -> UInt64 {
        guard self.generation == generation, silent != 0 else { return 0 }
        return silent & groups.unchanged()
    }

    /// The positions found silent now, among `replicas` (the table's at `generation`); the
    /// signals' counts are taken now, before anything changes.
    mutating func found(_ silent: UInt64, in replicas: [Partition?], generation: UInt64) {
        if self.generation != generation {
            forget()
            self.generation = generation
        }
        groups.group(silent, in: replicas)
        self.silent = silent & groups.grouped
    }

    /// Nothing known.
    mutating func forget() {
        generation = nil
        silent = 0
        groups.forget()
    }

    /// The partition at `index` is no longer known silent (its memo changed).
    mutating func drop(_ index: Int) {
        guard index < 64 else { return }
        silent &= ~(1 &<< UInt64(index))
    }

    /// Follows the session's moving its partition at `index` to the end: those after it move one
    /// position down, and the moved one is not known (nor is the one that moves into position 63).
    mutating func moveToEnd(_ index: Int) {
        guard index < 64 else { return }
        silent = Self.removing(index, from: silent)
        groups.movePositions { Self.removing(index, from: $0) }
    }

    /// `mask` without the bit at `index`, the bits above it shifted down by one.
    private static func removing(_ index: Int, from mask: UInt64) -> UInt64 {
        let below: UInt64 = (1 &<< UInt64(index)) &- 1
        let above = index == 63 ? 0 : (mask &>> UInt64(index + 1)) &<< UInt64(index)
        return mask & below | above
    }
}
