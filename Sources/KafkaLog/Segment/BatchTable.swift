import KafkaCore

/// Where a batch lies in a segment file and which offsets it holds.
struct BatchLocation: Hashable {
    let baseOffset: Offset
    let lastOffset: Offset
    /// The byte position of the batch in the segment's log file.
    let position: Int
    let sizeInBytes: Int

    /// The byte position after the batch.
    var end: Int { position + sizeInBytes }
}

/// Every batch of the active segment, in file order: its offsets and byte position, 16 bytes a
/// batch, so a read finds its first batch (and the last whole batch within its byte limit)
/// by binary search instead of reading batch headers back from the file.
///
/// Why: every fetch (replica or consumer) of the active segment used to look its offset up in
/// the sparse offset index, then read a 16 KiB chunk of the file to walk the batch headers from
/// there (twice for a consumer: once more for the high watermark's position), then copy the
/// batches and walk their headers again to drop a partial last one. That was about half of
/// `PartitionLog.read`, itself about 5 % of `flightdeck bench sim`. Kafka finds the same
/// positions in its page cache; the table gives the same answers (the batches a header walk
/// would find, see `LogSegment.translate`) without copying bytes.
///
/// The table always starts at byte 0 of the segment and ends at its size: it is built only by a
/// segment that saw every batch arrive (created empty, or recovered from its first byte) and is
/// dropped when the segment stops being active, so memory stays bounded by active segments.
struct BatchTable {
    /// 16 bytes: a batch's last offset is within `Int32` of its base (`lastOffsetDelta`), and
    /// positions in a segment fit in `Int32` (the offset index stores them so). The table grows
    /// by one span per batch on every replica, so its size is most of a log's bookkeeping.
    struct Span: Hashable {
        let baseOffset: Offset
        private let lastOffsetDelta: Int32
        private let storedPosition: Int32

        init(baseOffset: Offset, lastOffset: Offset, position: Int) {
            self.baseOffset = baseOffset
            lastOffsetDelta = Int32(lastOffset.rawValue - baseOffset.rawValue)
            storedPosition = Int32(position)
        }

        var lastOffset: Offset { Offset(baseOffset.rawValue + Int64(lastOffsetDelta)) }
        var position: Int { Int(storedPosition) }
    }

    private(set) var spans: [Span] = []
    /// The byte position after the last batch (the segment's size).
    private(set) var endPosition = 0

    var count: Int { spans.count }

    /// Adds the batch at `position`, which must be where the previous one ended.
    mutating func append(baseOffset: Offset, lastOffset: Offset, position: Int, sizeInBytes: Int) {
        precondition(
            position == endPosition && sizeInBytes > 0 && lastOffset >= baseOffset
                && lastOffset.rawValue - baseOffset.rawValue <= Int64(Int32.max) && position <= Int(Int32.max)
                && (spans.last.map { baseOffset > $0.lastOffset } ?? true),
            "batch \(baseOffset)...\(lastOffset) at \(position) does not follow the table's end \(endPosition)")
        spans.append(Span(baseOffset: baseOffset, lastOffset: lastOffset, position: position))
        endPosition = position + sizeInBytes
    }

    /// The index of the first batch whose last offset is ≥ `offset`, `nil` when none reaches it.
    ///
    /// Searched from the end: reads ask near it (a follower at the log end, a consumer at the
    /// high watermark), and a plain binary search over a table of tens of thousands of batches
    /// missed the cache at every step (half of `PartitionLog.read`'s own time).
    func firstIndex(reaching offset: Offset) -> Int? {
        guard let last = spans.last, last.lastOffset >= offset else { return nil }
        // `spans[high]` reaches `offset`; double the step back until a batch does not.
        var high = spans.count - 1
        var step = 1
        while high - step >= 0 && spans[high - step].lastOffset >= offset {
            high -= step
            step *= 2
        }
        let low = max(0, high - step + 1)
        return low + OffsetIndex.partitionPoint(high - low) { spans[low + $0].lastOffset >= offset }
    }

    /// Batch `index`.
    func location(at index: Int) -> BatchLocation {
        let span = spans[index]
        let end = index + 1 < spans.count ? spans[index + 1].position : endPosition
        return BatchLocation(
            baseOffset: span.baseOffset, lastOffset: span.lastOffset, position: span.position,
            sizeInBytes: end - span.position)
    }

    /// The last batch from `first` on that ends at or before byte `limit`, `nil` when batch
    /// `first` itself ends after it.
    func lastIndex(from first: Int, endingBy limit: Int) -> Int? {
        precondition(first >= 0 && first < spans.count, "batch \(first) of \(spans.count)")
        if endPosition <= limit { return spans.count - 1 }
        // Batch j ends where batch j + 1 starts: find the first start past `limit`, searching
        // forward from `first` (reads are short, so the answer is near it).
        guard first + 1 < spans.count, spans[first + 1].position <= limit else { return nil }
        var low = first + 1  // starts at or before `limit`
        var step = 1
        while low + step < spans.count && spans[low + step].position <= limit {
            low += step
            step *= 2
        }
        let high = min(spans.count, low + step)
        let startsAfter = low + 1 + OffsetIndex.partitionPoint(high - low - 1) { spans[low + 1 + $0].position > limit }
        return startsAfter - 2
    }

    /// Drops the batches at or after byte `position`, which must be where a batch starts (or the
    /// end).
    mutating func truncate(toPosition position: Int) {
        let kept = OffsetIndex.partitionPoint(spans.count) { spans[$0].position >= position }
        precondition(
            kept == spans.count ? position == endPosition : spans[kept].position == position,
            "truncate the batch table to byte \(position), which is not where a batch starts")
        spans.removeLast(spans.count - kept)
        endPosition = position
    }
}
