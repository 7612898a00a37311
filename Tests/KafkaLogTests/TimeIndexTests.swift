import KafkaCore
import KafkaLog
import Testing

@Suite struct TimeIndexTests {
    /// Base 100, entries 1000ms→105, 2000ms→110, 3000ms→120.
    private func sample() -> TimeIndex {
        var index = TimeIndex(baseOffset: Offset(100), maxIndexBytes: 120)
        index.maybeAppend(timestampMilliseconds: 1000, offset: Offset(105))
        index.maybeAppend(timestampMilliseconds: 2000, offset: Offset(110))
        index.maybeAppend(timestampMilliseconds: 3000, offset: Offset(120))
        return index
    }

    @Test(
        "lookup finds the entry with the greatest timestamp at or below the target",
        arguments: [
            (1000, 1000, 105), (2000, 2000, 110), (3000, 3000, 120),  // exact
            (1500, 1000, 105), (2999, 2000, 110),  // between
            (9999, 3000, 120),  // after the last
            (999, -1, 100), (0, -1, 100), (-5, -1, 100),  // before the first: (NO_TIMESTAMP, base)
        ] as [(Int64, Int64, Int64)])
    func lookup(target: Int64, timestamp: Int64, offset: Int64) {
        #expect(
            sample().lookup(timestampMilliseconds: target)
                == TimestampOffset(timestampMilliseconds: timestamp, offset: Offset(offset)))
    }

    @Test("an entry is added only when the timestamp grows past the last one")
    func onlyGrowingTimestamps() {
        var index = TimeIndex(baseOffset: Offset(0), maxIndexBytes: 1200)
        #expect(index.lastEntry == TimestampOffset(timestampMilliseconds: -1, offset: Offset(0)))
        index.maybeAppend(timestampMilliseconds: 50, offset: Offset(3))
        index.maybeAppend(timestampMilliseconds: 50, offset: Offset(7))  // same timestamp: ignored
        index.maybeAppend(timestampMilliseconds: 50, offset: Offset(7))  // roll/close repeat: ignored
        index.maybeAppend(timestampMilliseconds: 60, offset: Offset(7))
        #expect(index.entries.map(\.offset.rawValue) == [3, 7])
        #expect(index.lastEntry == TimestampOffset(timestampMilliseconds: 60, offset: Offset(7)))
    }

    @Test("the last slot is kept for the roll entry, as Kafka does")
    func reservedSlot() {
        var index = TimeIndex(baseOffset: Offset(0), maxIndexBytes: 36)
        #expect(index.maxEntries == 3)
        index.maybeAppend(timestampMilliseconds: 1, offset: Offset(1))
        #expect(!index.isFull)
        index.maybeAppend(timestampMilliseconds: 2, offset: Offset(2))
        #expect(index.isFull)
        index.maybeAppend(timestampMilliseconds: 3, offset: Offset(3), skipFullCheck: true)
        #expect(index.count == 3)
    }

    @Test(
        "truncation removes the entries at and after the offset",
        arguments: [(120, [105, 110]), (111, [105, 110]), (110, [105]), (105, []), (121, [105, 110, 120])]
            as [(Int64, [Int64])])
    func truncate(to offset: Int64, remaining: [Int64]) {
        var index = sample()
        index.truncate(to: Offset(offset))
        #expect(index.entries.map(\.offset.rawValue) == remaining)
        index.checkInvariants()
    }

    @Test("the file format is a big-endian timestamp then relative offset, and round-trips")
    func roundTrip() throws {
        let bytes = sample().serialized()
        #expect(bytes.count == 36)
        #expect(Array(bytes[0..<12]) == [0, 0, 0, 0, 0, 0, 0x03, 0xE8, 0, 0, 0, 5])
        #expect(
            try TimeIndex(loading: bytes, baseOffset: Offset(100), maxIndexBytes: 120, endOffset: Offset(121))
                == sample())
    }

    @Test("corrupt time indexes are reported: torn, timestamps not increasing, offsets going back or past the end")
    func corruption() {
        let bytes = sample().serialized()
        #expect(throws: IndexCorruption.sizeNotMultipleOfEntrySize(sizeInBytes: 30, entrySize: 12)) {
            try TimeIndex(loading: Array(bytes.prefix(30)), baseOffset: Offset(100), maxIndexBytes: 120)
        }
        #expect(throws: IndexCorruption.timestampsNotIncreasing(slot: 1, previous: 0, timestamp: 0)) {
            try TimeIndex(loading: [UInt8](repeating: 0, count: 24), baseOffset: Offset(100), maxIndexBytes: 120)
        }
        var offsetBack = bytes
        offsetBack[23] = 1
        #expect(throws: IndexCorruption.offsetsOutOfOrder(slot: 1, previous: Offset(105), offset: Offset(101))) {
            try TimeIndex(loading: offsetBack, baseOffset: Offset(100), maxIndexBytes: 120)
        }
        #expect(throws: IndexCorruption.offsetBeyondSegment(slot: 1, offset: Offset(110), endOffset: Offset(110))) {
            try TimeIndex(loading: bytes, baseOffset: Offset(100), maxIndexBytes: 120, endOffset: Offset(110))
        }
    }
}
