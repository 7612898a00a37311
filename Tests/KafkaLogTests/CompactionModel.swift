import KafkaCore
import KafkaLog

/// A trivially correct compacted log: every appended record with its key and value, and the
/// delete horizon each batch got, with Kafka's cleaner rules written as plainly as possible.
struct CompactionModel {
    /// One record as the model (and a read of the log) sees it.
    struct Entry: Hashable, CustomStringConvertible {
        var offset: Offset
        var key: String?
        var value: String?

        var description: String { "\(offset):\(key ?? "∅")=\(value ?? "⊥")" }
    }

    struct Batch {
        var lastOffset: Offset
        var entries: [Entry]
        var horizon: Int64?
    }

    var batches: [Batch] = []
    /// Every record ever appended, for properties that do not trust the model's cleaning rules.
    var appended: [Entry] = []

    mutating func append(_ entries: [Entry]) {
        guard let last = entries.last else { return }
        batches.append(Batch(lastOffset: last.offset, entries: entries, horizon: nil))
        appended += entries
    }

    /// Replays one pass: the map covered keyed records in `[firstDirty, newFirstDirty)`, and every
    /// batch below `cleanedUpTo` was re-copied at `nowMilliseconds`.
    mutating func clean(
        firstDirty: Offset, newFirstDirty: Offset, cleanedUpTo: Offset, nowMilliseconds: Int64,
        deleteRetentionMilliseconds: Int64
    ) {
        var latest: [String: Offset] = [:]
        for entry in survivors where entry.offset >= firstDirty && entry.offset < newFirstDirty {
            if let key = entry.key { latest[key] = entry.offset }
        }
        for index in batches.indices where batches[index].lastOffset < cleanedUpTo {
            let horizon = batches[index].horizon
            let kept = batches[index].entries.filter { entry in
                if entry.offset >= newFirstDirty { return true }
                guard let key = entry.key else { return false }
                if let newer = latest[key], entry.offset < newer { return false }
                return entry.value != nil || horizon.map { nowMilliseconds < $0 } ?? true
            }
            if horizon == nil && kept.contains(where: { $0.value == nil }) {
                batches[index].horizon = nowMilliseconds + deleteRetentionMilliseconds
            }
            batches[index].entries = kept
        }
    }

    /// The records the log must hold, in offset order.
    var survivors: [Entry] { batches.flatMap(\.entries) }

    /// For each key, its latest appended record.
    var latestPerKey: [String: Entry] {
        var latest: [String: Entry] = [:]
        for entry in appended { if let key = entry.key { latest[key] = entry } }
        return latest
    }
}

extension PartitionLog {
    /// Every record in the log, in offset order, as the compaction model sees it.
    func compactionEntries() throws -> [CompactionModel.Entry] {
        try allBatches().flatMap { batch in
            try batch.records().map { record in
                CompactionModel.Entry(
                    offset: batch.offset(of: record), key: record.key.map { String(decoding: $0, as: UTF8.self) },
                    value: record.value.map { String(decoding: $0, as: UTF8.self) })
            }
        }
    }

    /// Appends one batch of `(key, value)` pairs at `now` and returns the records as the model
    /// sees them. Batches with keyless records go in as a follower would take them (a leader of
    /// a compacted topic refuses them), so the cleaner meets them as it would after a policy change.
    func appendKeyed(_ pairs: [(key: String?, value: String?)], now: Instant) throws -> [CompactionModel.Entry] {
        var builder = RecordBatchBuilder(capacityBytes: 64 + pairs.count * 48)
        for pair in pairs {
            builder.append(
                timestamp: now.milliseconds, key: pair.key.map { Array($0.utf8) },
                value: pair.value.map { Array($0.utf8) })
        }
        let batch = builder.build()
        let info =
            pairs.contains { $0.key == nil }
            ? try appendAsFollower(
                [batch.withBaseOffset(logEndOffset).withPartitionLeaderEpoch(LeaderEpoch(0))], now: now)
            : try appendAsLeader([batch], leaderEpoch: LeaderEpoch(0), now: now)
        return pairs.enumerated().map { index, pair in
            CompactionModel.Entry(offset: info.firstOffset.advanced(by: Int64(index)), key: pair.key, value: pair.value)
        }
    }
}

/// A dedupe buffer whose offset map holds exactly `keys` keys.
func dedupeBufferBytes(forKeys keys: Int) -> Int {
    (keys * 10 + 8) / 9 * OffsetMap.bytesPerEntry
}

/// A compacted log config with small segments, so a few records cross many segment boundaries.
func compactedConfig(segmentBytes: Int = 400, deleteRetentionMilliseconds: Int64 = 1_000) -> LogConfig {
    var config = smallConfig(segmentBytes: segmentBytes)
    config.cleanupPolicy = .compact
    config.deleteRetentionMilliseconds = deleteRetentionMilliseconds
    config.minCleanableDirtyRatio = 0.5
    return config
}
