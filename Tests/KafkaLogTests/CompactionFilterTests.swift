import KafkaCore
import Testing

@testable import KafkaLog

@Suite struct CompactionFilterTests {
    /// A record written by a test: key and value as strings (nil value = tombstone).
    struct Entry: Hashable {
        var key: String?
        var value: String?
    }

    static func batch(
        at base: Int64, _ entries: [Entry], producerID: Int64 = -1, baseTimestamp: Int64 = 1_000
    ) -> RecordBatch {
        var builder = RecordBatchBuilder(
            baseOffset: Offset(base), producerID: producerID, producerEpoch: producerID < 0 ? -1 : 0,
            baseSequence: producerID < 0 ? -1 : Int32(base))
        for (i, entry) in entries.enumerated() {
            builder.append(
                timestamp: baseTimestamp + Int64(i), key: entry.key.map { Array($0.utf8) },
                value: entry.value.map { Array($0.utf8) })
        }
        return builder.build()
    }

    static func map(over batches: [RecordBatch]) throws -> OffsetMap {
        var map = OffsetMap(dedupeBufferBytes: 1 << 20)
        for batch in batches {
            for record in try batch.records() {
                guard let key = record.key else { continue }
                map.put(key, offset: batch.offset(of: record))
            }
            map.updateLatestOffset(batch.lastOffset)
        }
        return map
    }

    static func survivors(_ outcome: CompactionFilter.Outcome, original: RecordBatch) throws -> [Entry] {
        let batch: RecordBatch
        switch outcome {
        case .unchanged: batch = original
        case .rewritten(let rewritten), .emptied(let rewritten): batch = rewritten
        case .removed: return []
        }
        return try batch.records().map { record in
            Entry(
                key: record.key.map { String(decoding: $0, as: UTF8.self) },
                value: record.value.map { String(decoding: $0, as: UTF8.self) })
        }
    }

    @Test("the latest record per key survives, with its offset, and the batch keeps its offset span")
    func latestPerKey() throws {
        let first = Self.batch(
            at: 0, [Entry(key: "a", value: "1"), Entry(key: "b", value: "1"), Entry(key: "a", value: "2")])
        let second = Self.batch(at: 3, [Entry(key: "b", value: "2")])
        let pass = CompactionFilter.Pass(
            map: try Self.map(over: [first, second]), nowMilliseconds: 5_000, deleteRetentionMilliseconds: 100)
        let outcome = CompactionFilter.filter(first, pass: pass, isLastBatchOfProducer: false)
        guard case .rewritten(let rewritten) = outcome else {
            Issue.record("expected a rewritten batch, got \(outcome)")
            return
        }
        #expect(try Self.survivors(outcome, original: first) == [Entry(key: "a", value: "2")])
        #expect(rewritten.baseOffset == Offset(0))
        #expect(rewritten.lastOffset == Offset(2))
        #expect(try rewritten.records().map { rewritten.offset(of: $0) } == [Offset(2)])
        #expect(try rewritten.records().map { rewritten.timestamp(of: $0) } == [1_002])
        #expect(throws: Never.self) { try rewritten.validate() }
        #expect(CompactionFilter.filter(second, pass: pass, isLastBatchOfProducer: false) == .unchanged)
    }

    @Test("records without a key are removed")
    func keyless() throws {
        let batch = Self.batch(at: 10, [Entry(key: nil, value: "x"), Entry(key: "k", value: "v")])
        let pass = CompactionFilter.Pass(
            map: try Self.map(over: [batch]), nowMilliseconds: 0, deleteRetentionMilliseconds: 0)
        let outcome = CompactionFilter.filter(batch, pass: pass, isLastBatchOfProducer: false)
        #expect(try Self.survivors(outcome, original: batch) == [Entry(key: "k", value: "v")])
    }

    @Test("a tombstone is kept and stamped with a delete horizon, then removed once the horizon passes")
    func tombstones() throws {
        let batch = Self.batch(at: 0, [Entry(key: "a", value: "1"), Entry(key: "a", value: nil)])
        let map = try Self.map(over: [batch])
        let first = CompactionFilter.filter(
            batch, pass: .init(map: map, nowMilliseconds: 10_000, deleteRetentionMilliseconds: 500),
            isLastBatchOfProducer: false)
        guard case .rewritten(let stamped) = first else {
            Issue.record("expected the tombstone's batch to be rewritten, got \(first)")
            return
        }
        #expect(stamped.hasDeleteHorizon)
        #expect(stamped.baseTimestamp == 10_500)
        #expect(try stamped.records().map { stamped.timestamp(of: $0) } == [1_001])
        #expect(try Self.survivors(first, original: batch) == [Entry(key: "a", value: nil)])
        let early = CompactionFilter.filter(
            stamped, pass: .init(map: map, nowMilliseconds: 10_499, deleteRetentionMilliseconds: 500),
            isLastBatchOfProducer: false)
        #expect(early == .unchanged)
        let late = CompactionFilter.filter(
            stamped, pass: .init(map: map, nowMilliseconds: 10_500, deleteRetentionMilliseconds: 500),
            isLastBatchOfProducer: false)
        #expect(late == .removed)
    }

    @Test("an emptied batch stays as an empty header when it is its producer's last, else disappears")
    func producerContinuity() throws {
        let old = Self.batch(at: 0, [Entry(key: "a", value: "1"), Entry(key: "b", value: "1")], producerID: 7)
        let newer = Self.batch(at: 2, [Entry(key: "a", value: "2"), Entry(key: "b", value: "2")], producerID: 8)
        let pass = CompactionFilter.Pass(
            map: try Self.map(over: [old, newer]), nowMilliseconds: 0, deleteRetentionMilliseconds: 0)
        #expect(CompactionFilter.filter(old, pass: pass, isLastBatchOfProducer: false) == .removed)
        guard case .emptied(let empty) = CompactionFilter.filter(old, pass: pass, isLastBatchOfProducer: true) else {
            Issue.record("expected an empty batch for the producer's last batch")
            return
        }
        #expect(empty.recordCount == 0)
        #expect(empty.baseOffset == Offset(0) && empty.lastOffset == Offset(1))
        #expect(
            empty.producerID == 7 && empty.baseSequence == old.baseSequence && empty.lastSequence == old.lastSequence)
        #expect(throws: Never.self) { try empty.validate() }
        let keyless = Self.batch(at: 0, [Entry(key: nil, value: "1")])
        #expect(CompactionFilter.filter(keyless, pass: pass, isLastBatchOfProducer: true) == .removed)
    }

    @Test("records past the map's last offset are not deduplicated yet")
    func pastTheMap() throws {
        let mapped = Self.batch(at: 0, [Entry(key: "a", value: "1")])
        let later = Self.batch(at: 1, [Entry(key: "a", value: "0"), Entry(key: "a", value: "2")])
        let pass = CompactionFilter.Pass(
            map: try Self.map(over: [mapped]), nowMilliseconds: 0, deleteRetentionMilliseconds: 0)
        #expect(CompactionFilter.filter(later, pass: pass, isLastBatchOfProducer: false) == .unchanged)
    }

    @Test("a full offset map refuses new keys but updates known ones")
    func mapCapacity() {
        var map = OffsetMap(dedupeBufferBytes: 48, loadFactor: 1)
        #expect(map.capacity == 2)
        map.put(Array("a".utf8), offset: Offset(0))
        map.put(Array("b".utf8), offset: Offset(1))
        #expect(map.isFull)
        #expect(!map.canPut(Array("c".utf8)))
        #expect(map.canPut(Array("a".utf8)))
        map.put(Array("a".utf8), offset: Offset(2))
        #expect(map.offset(of: Array("a".utf8)) == Offset(2))
        #expect(map.latestOffset == Offset(2))
        map.updateLatestOffset(Offset(5))
        #expect(map.latestOffset == Offset(5))
    }

    @Test("compaction keeps exactly the model's survivors for random logs", arguments: 1...40)
    func model(seed: UInt64) throws {
        var random = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        func next(_ bound: Int) -> Int {
            random ^= random << 13
            random ^= random >> 7
            random ^= random << 17
            return Int(random % UInt64(bound))
        }
        var batches: [RecordBatch] = []
        var offset: Int64 = 0
        var all: [(offset: Int64, entry: Entry)] = []
        for _ in 0..<(1 + next(8)) {
            let entries = (0..<(1 + next(6))).map { _ -> Entry in
                let key: String? = next(10) == 0 ? nil : "k\(next(5))"
                return Entry(key: key, value: next(4) == 0 ? nil : "v\(next(100))")
            }
            batches.append(Self.batch(at: offset, entries))
            for entry in entries {
                all.append((offset, entry))
                offset += 1
            }
        }
        let map = try Self.map(over: batches)
        let pass = CompactionFilter.Pass(map: map, nowMilliseconds: 0, deleteRetentionMilliseconds: 1)
        var latest: [String: Int64] = [:]
        for (offset, entry) in all { if let key = entry.key { latest[key] = offset } }
        let expected = all.filter { item in item.entry.key.map { latest[$0] == item.offset } ?? false }.map(\.entry)
        var survivors: [Entry] = []
        for batch in batches {
            survivors += try Self.survivors(
                CompactionFilter.filter(batch, pass: pass, isLastBatchOfProducer: false), original: batch)
        }
        #expect(survivors == expected, "seed \(seed)")
    }
}
