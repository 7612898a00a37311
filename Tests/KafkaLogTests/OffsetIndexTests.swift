import KafkaCore
import KafkaLog
import Testing

@Suite struct OffsetIndexTests {
    /// Base 100, entries 105@4096, 110@8192, 120@12288.
    private func sample() -> OffsetIndex {
        var index = OffsetIndex(baseOffset: Offset(100), maxIndexBytes: 80)
        index.append(offset: Offset(105), position: 4096)
        index.append(offset: Offset(110), position: 8192)
        index.append(offset: Offset(120), position: 12288)
        return index
    }

    @Test(
        "lookup finds the greatest indexed offset at or below the target",
        arguments: [
            (105, 105, 4096), (110, 110, 8192), (120, 120, 12288),  // exact entries
            (106, 105, 4096), (119, 110, 8192),  // between entries
            (121, 120, 12288), (1_000_000, 120, 12288),  // after the last entry
            (104, 100, 0), (100, 100, 0), (3, 100, 0),  // before the first entry: (base, 0)
        ] as [(Int64, Int64, Int)])
    func lookup(target: Int64, offset: Int64, position: Int) {
        #expect(sample().lookup(Offset(target)) == OffsetPosition(offset: Offset(offset), position: position))
    }

    @Test("an empty index answers every lookup with the base offset at position 0")
    func emptyLookup() {
        let index = OffsetIndex(baseOffset: Offset(500), maxIndexBytes: 4096)
        #expect(index.lookup(Offset(900)) == OffsetPosition(offset: Offset(500), position: 0))
        #expect(index.lastOffset == Offset(500))
        #expect(index.isEmpty && !index.isFull)
    }

    @Test("maxEntries comes from segment.index.bytes rounded down, and a full index forces a roll")
    func fullIndex() {
        var index = OffsetIndex(baseOffset: Offset(0), maxIndexBytes: 30)
        #expect(index.maxEntries == 3)
        for slot in 0..<3 {
            #expect(!index.isFull)
            index.append(offset: Offset(Int64(slot * 10)), position: slot * 4096)
        }
        #expect(index.isFull)
        #expect(index.sizeInBytes == 24)
    }

    @Test("offsets that do not fit an int32 relative to the base cannot be appended")
    func relativeOffsetBounds() {
        let index = OffsetIndex(baseOffset: Offset(1000), maxIndexBytes: 80)
        #expect(index.canAppend(Offset(1000)))
        #expect(index.canAppend(Offset(1000 + Int64(Int32.max))))
        #expect(!index.canAppend(Offset(1000 + Int64(Int32.max) + 1)))
        #expect(!index.canAppend(Offset(999)))
    }

    @Test(
        "truncation removes the entries at and after the offset",
        arguments: [
            (120, [105, 110]), (115, [105, 110]), (110, [105]), (106, [105]), (105, []), (50, []),
            (121, [105, 110, 120]), (9_999, [105, 110, 120]),
        ] as [(Int64, [Int64])])
    func truncate(to offset: Int64, remaining: [Int64]) {
        var index = sample()
        index.truncate(to: Offset(offset))
        #expect(index.entries.map(\.offset.rawValue) == remaining)
        index.checkInvariants()
        // Appends continue after the truncation point.
        index.append(offset: Offset(max(offset, 105) + 1), position: 20_000)
        index.checkInvariants()
    }

    @Test("the file format is big-endian relative offset then position, and round-trips")
    func roundTrip() throws {
        let index = sample()
        let bytes = index.serialized()
        #expect(bytes.count == 24)
        #expect(Array(bytes[0..<8]) == [0, 0, 0, 5, 0, 0, 0x10, 0x00])
        #expect(index.serialized(fromSlot: 2) == [0, 0, 0, 20, 0, 0, 0x30, 0x00])
        let loaded = try OffsetIndex(
            loading: bytes, baseOffset: Offset(100), maxIndexBytes: 80, logSizeInBytes: 20_000, endOffset: Offset(121))
        #expect(loaded == index)
    }

    @Test("a file with more entries than segment.index.bytes allows still loads, and is full")
    func oversizedFile() throws {
        let loaded = try OffsetIndex(loading: sample().serialized(), baseOffset: Offset(100), maxIndexBytes: 8)
        #expect(loaded.count == 3)
        #expect(loaded.isFull)
    }

    @Test("a torn index (size not a multiple of 8) is reported as corrupt")
    func tornFile() {
        let bytes = Array(sample().serialized().dropLast(3))
        #expect(throws: IndexCorruption.sizeNotMultipleOfEntrySize(sizeInBytes: 21, entrySize: 8)) {
            try OffsetIndex(loading: bytes, baseOffset: Offset(100), maxIndexBytes: 80)
        }
    }

    @Test("entries that do not increase are reported as corrupt, as zero padding would be")
    func notIncreasing() {
        #expect(throws: IndexCorruption.offsetsOutOfOrder(slot: 1, previous: Offset(100), offset: Offset(100))) {
            try OffsetIndex(loading: [UInt8](repeating: 0, count: 16), baseOffset: Offset(100), maxIndexBytes: 80)
        }
        var swapped = sample().serialized()
        swapped.replaceSubrange(8..<16, with: [0, 0, 0, 30, 0, 0, 0x20, 0])
        #expect(throws: IndexCorruption.offsetsOutOfOrder(slot: 2, previous: Offset(130), offset: Offset(120))) {
            try OffsetIndex(loading: swapped, baseOffset: Offset(100), maxIndexBytes: 80)
        }
        let backwards: [UInt8] = [0, 0, 0, 1, 0, 0, 0x20, 0, 0, 0, 0, 2, 0, 0, 0x10, 0]
        #expect(throws: IndexCorruption.positionsOutOfOrder(slot: 1, previous: 8192, position: 4096)) {
            try OffsetIndex(loading: backwards, baseOffset: Offset(0), maxIndexBytes: 80)
        }
    }

    @Test("entries beyond the segment's offsets or the log's bytes are reported as corrupt")
    func beyondSegment() {
        let bytes = sample().serialized()
        #expect(throws: IndexCorruption.offsetBeyondSegment(slot: 2, offset: Offset(120), endOffset: Offset(120))) {
            try OffsetIndex(loading: bytes, baseOffset: Offset(100), maxIndexBytes: 80, endOffset: Offset(120))
        }
        #expect(throws: IndexCorruption.positionBeyondLog(slot: 2, position: 12288, logSizeInBytes: 12288)) {
            try OffsetIndex(loading: bytes, baseOffset: Offset(100), maxIndexBytes: 80, logSizeInBytes: 12288)
        }
        #expect(throws: IndexCorruption.offsetBeforeBase(slot: 0, relativeOffset: -1)) {
            try OffsetIndex(loading: [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0], baseOffset: Offset(100), maxIndexBytes: 80)
        }
    }

    @Test("the fetch upper bound is the first entry at or past the end of the fetch")
    func fetchUpperBound() {
        let index = sample()
        #expect(
            index.fetchUpperBoundOffset(startPosition: 0, fetchSizeBytes: 5000)
                == OffsetPosition(offset: Offset(110), position: 8192))
        #expect(
            index.fetchUpperBoundOffset(startPosition: 4096, fetchSizeBytes: 4096)
                == OffsetPosition(offset: Offset(110), position: 8192))
        #expect(
            index.fetchUpperBoundOffset(startPosition: 0, fetchSizeBytes: 1)
                == OffsetPosition(offset: Offset(105), position: 4096))
        #expect(index.fetchUpperBoundOffset(startPosition: 12288, fetchSizeBytes: 1) == nil)
    }
}
