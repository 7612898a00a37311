import KafkaCore
import KafkaLog

/// One record's position and time, as the model remembers it.
struct ModelRecord: Hashable {
    var offset: Offset
    var timestamp: Int64
}

/// A batch as the model expects it stored.
struct ModelBatch: Hashable {
    var batch: RecordBatch
    var records: [ModelRecord]

    var baseOffset: Offset { batch.baseOffset }
    var lastOffset: Offset { batch.lastOffset }
    var nextOffset: Offset { batch.nextOffset }
    var sizeInBytes: Int { batch.sizeInBytes }
}

/// What a read must return, as the model sees it.
enum ExpectedRead {
    case outOfRange
    /// Batches that qualify, in order, from the first one the read must start with; the read
    /// returns a prefix of them.
    case batches([ModelBatch])
}

/// A trivially correct partition log: a list of batches, three offsets, and the epoch entries,
/// all in memory, with Kafka's rules written as plainly as possible.
struct LogModel {
    var batches: [ModelBatch] = []
    var logStartOffset = Offset(0)
    var logEndOffset = Offset(0)
    var epochs: [EpochEntry] = []

    // MARK: Appends

    mutating func append(_ batch: ModelBatch) {
        batches.append(batch)
        logEndOffset = batch.nextOffset
        let epoch = batch.batch.partitionLeaderEpoch
        if epoch.rawValue >= 0 { assign(epoch: epoch, startOffset: batch.baseOffset) }
    }

    /// Kafka's `LeaderEpochFileCache.assign`.
    mutating func assign(epoch: LeaderEpoch, startOffset: Offset) {
        if let last = epochs.last, last.epoch == epoch, startOffset >= last.startOffset { return }
        while let last = epochs.last, last.epoch >= epoch || last.startOffset >= startOffset { epochs.removeLast() }
        epochs.append(EpochEntry(epoch: epoch, startOffset: startOffset))
    }

    // MARK: Truncation and deletion

    /// Keeps the batches that end below `offset`; the end becomes the last kept batch's end, but
    /// never below `floor` (an empty segment's base offset).
    mutating func truncate(to offset: Offset, floor: Offset) {
        batches.removeAll { $0.lastOffset >= offset }
        logEndOffset = max(batches.last?.nextOffset ?? floor, floor)
        logStartOffset = min(logStartOffset, logEndOffset)
        truncateEpochs(fromEnd: logEndOffset)
    }

    mutating func truncateFully(startingAt offset: Offset) {
        batches = []
        logStartOffset = offset
        logEndOffset = offset
        epochs = []
    }

    mutating func truncateEpochs(fromEnd end: Offset) {
        epochs.removeAll { $0.startOffset >= end }
    }

    /// Kafka's `truncateFromStart`: the last entry at or below `start` moves to `start`.
    mutating func truncateEpochs(fromStart start: Offset) {
        let removed = epochs.filter { $0.startOffset <= start }
        guard let last = removed.last else { return }
        epochs.removeFirst(removed.count)
        epochs.insert(EpochEntry(epoch: last.epoch, startOffset: start), at: 0)
    }

    mutating func raiseLogStartOffset(to offset: Offset) {
        guard offset > logStartOffset else { return }
        logStartOffset = offset
        truncateEpochs(fromStart: offset)
    }

    /// Drops the batches of deleted segments (everything below `firstBase`).
    mutating func dropBatches(below firstBase: Offset) {
        batches.removeAll { $0.baseOffset < firstBase }
    }

    // MARK: Reads

    /// The batches a read may return, in order, starting with the one that must come first.
    func expectedRead(from offset: Offset, upperBound: Offset) -> ExpectedRead {
        if offset < logStartOffset || offset > logEndOffset { return .outOfRange }
        let bound = min(upperBound, logEndOffset)
        if offset >= bound { return .batches([]) }
        return .batches(batches.filter { $0.lastOffset >= offset })
    }

    /// The first record at or after the log start offset with a timestamp ≥ `timestamp`, searched
    /// batch by batch from the first batch whose max timestamp reaches it.
    func offsetForTimestamp(_ timestamp: Int64) -> TimestampAndOffset? {
        for batch in batches where batch.lastOffset >= logStartOffset && batch.batch.maxTimestamp >= timestamp {
            for record in batch.records where record.timestamp >= timestamp && record.offset >= logStartOffset {
                let epoch = batch.batch.partitionLeaderEpoch
                return TimestampAndOffset(
                    timestampMilliseconds: record.timestamp, offset: record.offset,
                    leaderEpoch: epoch.rawValue >= 0 ? epoch : nil)
            }
        }
        return nil
    }

    /// The batches a complete scan of the log returns (from the batch holding the start offset).
    var readableBatches: [ModelBatch] { batches.filter { $0.lastOffset >= logStartOffset } }
}

/// Kafka's retention decisions replayed on segment summaries, to predict `applyRetention`.
struct RetentionPrediction {
    var segments: [SegmentSummary]
    var logStartOffset: Offset
    let logEndOffset: Offset
    let highWatermark: Offset
    var deleted: [Offset] = []

    mutating func run(config: LogConfig, nowMilliseconds: Int64) {
        let start = logStartOffset
        pass { _, next, _ in next.map { $0.baseOffset <= start } ?? false }
        guard config.cleanupPolicy.deletes else { return }
        if config.retentionBytes >= 0 {
            let size = Int64(segments.reduce(0) { $0 + $1.sizeInBytes })
            if size >= config.retentionBytes {
                var excess = size - config.retentionBytes
                pass { segment, _, _ in
                    guard excess - Int64(segment.sizeInBytes) >= 0 else { return false }
                    excess -= Int64(segment.sizeInBytes)
                    return true
                }
            }
        }
        if config.retentionMilliseconds >= 0 {
            pass { segment, _, _ in nowMilliseconds - segment.largestTimestamp > config.retentionMilliseconds }
        }
    }

    private mutating func pass(_ predicate: (SegmentSummary, SegmentSummary?, Int) -> Bool) {
        var count = 0
        for index in segments.indices {
            let next = index + 1 < segments.count ? segments[index + 1] : nil
            let upper = next?.baseOffset ?? logEndOffset
            let lastAndEmpty = next == nil && segments[index].sizeInBytes == 0
            guard highWatermark >= upper && predicate(segments[index], next, index) && !lastAndEmpty else { break }
            count += 1
        }
        guard count > 0 else { return }
        if count == segments.count {
            segments.append(
                SegmentSummary(
                    baseOffset: logEndOffset, nextOffset: logEndOffset, sizeInBytes: 0, largestTimestamp: -1,
                    offsetIndexEntries: 0, timeIndexEntries: 0, isActive: true))
        }
        deleted += segments.prefix(count).map(\.baseOffset)
        segments.removeFirst(count)
        logStartOffset = max(logStartOffset, segments[0].baseOffset)
    }
}
