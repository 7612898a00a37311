import KafkaCore

/// Compacts a `PartitionLog` whose `cleanup.policy` is `compact` or `compact,delete` (Kafka's
/// `LogCleaner` + `LogCleanerManager`): the latest record of every key survives with its
/// offset, older ones, keyless records and expired tombstones go.
///
/// One pass (`clean`):
/// 1. the cleanable range is `[firstDirtyOffset, firstUncleanableOffset)` (see `CleaningDecision`);
///    the active segment, a segment holding the high watermark and segments younger than
///    `min.compaction.lag.ms` are never cleaned;
/// 2. an `OffsetMap` of the latest offset per key is built over that range, stopping when it is
///    full (the rest waits for the next pass);
/// 3. every segment from the start of the log up to the end of the map is re-copied through
///    `CompactionFilter`, in groups that stay under `segment.bytes` and the index limits, and
///    each group's cleaned segment is swapped in with `replaceSegments` (crash-safe);
/// 4. the first dirty offset (`cleaner-offset-checkpoint`) moves to the end of the map.
///
/// Deviation from Kafka: each cleaned segment keeps the last batch of its group (as an empty
/// header-only batch when none of its records survive), so it ends exactly where the next
/// segment begins. The loader takes an unflushed segment that ends early for a power-loss tear
/// and deletes what follows (`RecoveryDefect.segmentEndsEarly`); without this a compaction gap
/// at a segment's end would look like one. Offsets never change either way.
///
/// Producer expiry is not modelled: every producer id in the log counts as live, so the last
/// batch of each is kept (emptied if need be) to preserve its sequence numbers.
///
/// How a broker drives it, every `log.cleaner.backoff.ms` for each compacted log:
/// `maybeClean(log, now:, highWatermark:)` (pass the high watermark, or the last stable offset
/// once transactions exist); for `compact,delete`, call `applyRetention` after it, as Kafka's
/// cleaner thread deletes old segments after cleaning. Retention moving the log start offset
/// past the checkpoint simply restarts the dirty range at the log start offset.
///
/// Stateless apart from the checkpoint file; single-threaded, time only arrives as `now`.
public enum LogCleaner {
    /// `log.cleaner.dedupe.buffer.size` (default 128 MiB).
    public static let defaultDedupeBufferBytes = 134_217_728

    /// Where `log` stands and whether it should be cleaned now.
    public static func decide(
        _ log: PartitionLog, now: Instant, highWatermark: Offset
    ) throws(LogError)
        -> CleaningDecision
    {
        try log.guarded { () throws(LogError) in
            try decision(for: log, now: now, highWatermark: highWatermark)
        }
    }

    /// Cleans `log` when `decide` says so; returns the decision and, when it cleaned, the report.
    public static func maybeClean(
        _ log: PartitionLog, now: Instant, highWatermark: Offset, dedupeBufferBytes: Int = defaultDedupeBufferBytes
    ) throws(LogError) -> (decision: CleaningDecision, report: CleaningReport?) {
        let decision = try decide(log, now: now, highWatermark: highWatermark)
        guard decision.shouldClean else { return (decision, nil) }
        let report = try clean(log, now: now, highWatermark: highWatermark, dedupeBufferBytes: dedupeBufferBytes)
        return (decision, report)
    }

    /// Runs one cleaning pass over the cleanable range, whatever the dirty ratio; `nil` when the
    /// log is not compacted or nothing is cleanable. A storage failure takes the log offline;
    /// the next open removes the half-written `.cleaned` files or completes a `.swap`.
    public static func clean(
        _ log: PartitionLog, now: Instant, highWatermark: Offset, dedupeBufferBytes: Int = defaultDedupeBufferBytes
    ) throws(LogError) -> CleaningReport? {
        try log.guarded { () throws(LogError) in
            let decision = try decision(for: log, now: now, highWatermark: highWatermark)
            guard decision.reason != .notCompacted, decision.reason != .nothingCleanable else { return nil }
            var map = OffsetMap(dedupeBufferBytes: dedupeBufferBytes)
            let mapWasFull = try buildOffsetMap(
                &map, log: log, from: decision.firstDirtyOffset, to: decision.firstUncleanableOffset)
            guard let latest = map.latestOffset else { return nil }
            let end = latest.advanced(by: 1)
            var report = CleaningReport(
                firstDirtyOffset: decision.firstDirtyOffset, newFirstDirtyOffset: end, mapWasFull: mapWasFull,
                cleanedUpTo: end)
            var copier = SegmentCopier(
                log: log,
                pass: CompactionFilter.Pass(
                    map: map, nowMilliseconds: now.milliseconds,
                    deleteRetentionMilliseconds: log.config.deleteRetentionMilliseconds),
                lastOffsetOfProducer: try lastOffsetOfEachProducer(log))
            for group in groupSegments(log, upTo: end) {
                try copier.clean(group, report: &report)
            }
            try CleanerCheckpoint(log).write(end)
            return report
        }
    }

    /// The first dirty offset `log` will be cleaned from (its checkpoint, or the log start offset).
    public static func firstDirtyOffset(of log: PartitionLog) throws(LogError) -> Offset {
        try log.guarded { () throws(LogError) in try CleanerCheckpoint(log).firstDirtyOffset(of: log) }
    }
}
