import KafkaCore

extension LogCleaner {
    /// Kafka's `cleanableOffsets` and `isCompactionNeeded`, without the guard.
    static func decision(
        for log: PartitionLog, now: Instant, highWatermark: Offset
    ) throws(LogError)
        -> CleaningDecision
    {
        let config = log.config
        let firstDirty = try CleanerCheckpoint(log).firstDirtyOffset(of: log)
        let firstUncleanable = max(
            firstDirty, firstUncleanableOffset(log, firstDirty: firstDirty, now: now, highWatermark: highWatermark))
        var cleanBytes = 0
        var cleanableBytes = 0
        var earliestFirstBatchTimestamp = Int64.max
        for index in log.segments.indices.dropLast() {
            let segment = log.segments[index]
            let upper = log.upperBound(ofSegment: index)
            if segment.baseOffset < firstDirty && upper > log.logStartOffset { cleanBytes += segment.sizeInBytes }
            if segment.baseOffset < firstUncleanable && upper > firstDirty && firstUncleanable > firstDirty {
                cleanableBytes += segment.sizeInBytes
            }
            if upper > firstDirty,
                let first = try log.io({ () throws(StorageError) in try segment.rollingBasedTimestamp() })
            {
                earliestFirstBatchTimestamp = min(earliestFirstBatchTimestamp, first)
            }
        }
        let reason: CleaningDecision.Reason
        let lagLimit = config.maxCompactionLagMilliseconds
        if !config.cleanupPolicy.compacts {
            reason = .notCompacted
        } else if cleanableBytes == 0 {
            reason = .nothingCleanable
        } else if lagLimit < Int64.max && earliestFirstBatchTimestamp < now.milliseconds &- lagLimit {
            reason = .maxCompactionLagExceeded
        } else {
            let total = cleanBytes + cleanableBytes
            let ratio = Double(cleanableBytes) / Double(total)
            reason = ratio > config.minCleanableDirtyRatio ? .dirtyRatioExceeded : .belowDirtyRatio
        }
        return CleaningDecision(
            firstDirtyOffset: firstDirty, firstUncleanableOffset: firstUncleanable, cleanBytes: cleanBytes,
            cleanableBytes: cleanableBytes, minCleanableDirtyRatio: config.minCleanableDirtyRatio, reason: reason)
    }

    /// The minimum of the active segment's base, the base of the segment holding the high
    /// watermark (segments are cleaned whole, and never past it), and the base of the first
    /// dirty segment with a record newer than `now − min.compaction.lag.ms`.
    static func firstUncleanableOffset(
        _ log: PartitionLog, firstDirty: Offset, now: Instant, highWatermark: Offset
    ) -> Offset {
        let committed = min(highWatermark, log.logEndOffset)
        let lag = log.config.minCompactionLagMilliseconds
        for index in log.segments.indices.dropLast() {
            let segment = log.segments[index]
            let upper = log.upperBound(ofSegment: index)
            if upper > committed { return segment.baseOffset }
            if lag > 0 && upper > firstDirty && segment.largestTimestamp > now.milliseconds &- lag {
                return segment.baseOffset
            }
        }
        return log.activeSegment.baseOffset
    }

    /// Fills `map` with the latest offset of each key in `[start, end)`, batch by batch, and
    /// returns whether it filled up before `end` (Kafka's `buildOffsetMap`). Control and
    /// compressed batches only advance the map's latest offset: the filter keeps them whole.
    static func buildOffsetMap(
        _ map: inout OffsetMap, log: PartitionLog, from start: Offset, to end: Offset
    )
        throws(LogError) -> Bool
    {
        var full = false
        for index in log.segments.indices.dropLast() where !full {
            let segment = log.segments[index]
            guard segment.baseOffset < end else { break }
            guard log.upperBound(ofSegment: index) > start else { continue }
            try segment.forEachBatch { (batch) throws(LogError) -> Bool in
                guard batch.lastOffset >= start else { return true }
                guard batch.baseOffset < end else { return false }
                for (key, offset) in keyedRecords(of: batch) where offset >= start {
                    guard map.canPut(key) else {
                        full = true
                        return false
                    }
                    map.put(key, offset: offset)
                }
                map.updateLatestOffset(batch.lastOffset)
                return true
            }
        }
        return full
    }

    /// The key and offset of each keyed record, none for batches the filter keeps whole.
    static func keyedRecords(of batch: RecordBatch) -> [(key: [UInt8], offset: Offset)] {
        guard !batch.isControl, batch.compression == CompressionCodec.none else { return [] }
        do {
            return try batch.records().compactMap { record in record.key.map { ($0, batch.offset(of: record)) } }
        } catch {
            // An unreadable batch is kept unchanged by the filter; its keys simply stay unmapped.
            return []
        }
    }

    /// The last offset of each producer's last batch in the whole log (one scan). Producer
    /// expiry is not modelled, so every producer id in the log counts as live.
    static func lastOffsetOfEachProducer(_ log: PartitionLog) throws(LogError) -> [Int64: Offset] {
        var last: [Int64: Offset] = [:]
        for segment in log.segments {
            try segment.forEachBatch { (batch) throws(LogError) -> Bool in
                if batch.producerID != RecordBatch.noProducerID { last[batch.producerID] = batch.lastOffset }
                return true
            }
        }
        return last
    }

    /// The non-active segments from the start of the log with a base below `end`, in consecutive
    /// groups whose bytes stay within `segment.bytes`, whose index entries fit
    /// `segment.index.bytes`, and whose offsets fit one segment (Kafka's `groupSegmentsBySize`).
    static func groupSegments(_ log: PartitionLog, upTo end: Offset) -> [[LogSegment]] {
        let limitBytes = log.config.segmentBytes
        let indexLimitBytes = log.config.segmentIndexBytes
        var groups: [[LogSegment]] = []
        var current: [LogSegment] = []
        var bytes = 0
        var offsetIndexBytes = 0
        var timeIndexBytes = 0
        for index in log.segments.indices.dropLast() {
            let segment = log.segments[index]
            guard segment.baseOffset < end else { break }
            let span = log.upperBound(ofSegment: index).distance(from: current.first?.baseOffset ?? segment.baseOffset)
            let fits =
                bytes + segment.sizeInBytes <= limitBytes
                && offsetIndexBytes + segment.offsetIndex.count * 8 <= indexLimitBytes
                && timeIndexBytes + segment.timeIndex.count * 12 <= indexLimitBytes && span <= Int64(Int32.max)
            if !fits && !current.isEmpty {
                groups.append(current)
                current = []
                bytes = 0
                offsetIndexBytes = 0
                timeIndexBytes = 0
            }
            current.append(segment)
            bytes += segment.sizeInBytes
            offsetIndexBytes += segment.offsetIndex.count * 8
            timeIndexBytes += segment.timeIndex.count * 12
        }
        if !current.isEmpty { groups.append(current) }
        return groups
    }
}
