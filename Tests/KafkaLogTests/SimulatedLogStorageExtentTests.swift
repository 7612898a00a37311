import KafkaCore
import Testing

@testable import KafkaLog

/// The simulated storage keeps appended arrays by reference (`ExtentBytes`): reads of exactly one
/// append share its buffer, and every file semantic (power loss, torn tails, truncation, a full
/// disk) still sees exactly the bytes of a flat file.
@Suite struct SimulatedLogStorageExtentTests {
    static func pattern(_ count: Int, from start: Int = 0) -> [UInt8] {
        (start..<start + count).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ $0 >> 8) }
    }

    static func address(_ bytes: [UInt8]) -> UnsafeRawPointer? {
        bytes.withUnsafeBytes { $0.baseAddress }
    }

    @Test("a read of exactly one appended array returns its buffer; reads across or inside appends copy")
    func sharedReads() throws {
        let storage = SimulatedLogStorage()
        let file = try storage.openFile("a.log")
        let first = Self.pattern(1_000)
        let second = Self.pattern(1_000, from: 1_000)
        try file.append(first)
        try file.append(second)
        let readSecond = try file.read(at: 1_000, count: 1_000)
        #expect(readSecond == second && Self.address(readSecond) == Self.address(second))
        #expect(try file.read(at: 1_000, count: 5_000) == second)
        #expect(try file.read(at: 999, count: 2) == [first[999], second[0]])
        #expect(try file.read(at: 0, count: 2_000) == first + second)
        #expect(try file.read(at: 10, count: 20) == Array(first[10..<30]))
    }

    @Test("an append with an overwritten prefix stores one patched copy and leaves the array alone")
    func overwrittenPrefix() throws {
        let storage = SimulatedLogStorage()
        let file = try storage.openFile("a.log")
        let batch = Self.pattern(500)
        let prefix: [UInt8] = Array(repeating: 0xAB, count: 16)
        try prefix.withUnsafeBytes { try file.append(batch, overwritingPrefixWith: $0) }
        #expect(storage.contents(of: "a.log") == prefix + batch[16...])
        #expect(batch == Self.pattern(500))
        #expect(file.sizeInBytes == 500 && storage.usedBytes == 500 && storage.statistics.appendedBytes == 500)
    }

    @Test("power loss with a torn tail inside a kept array keeps exactly its first bytes")
    func tornTailInsideAnExtent() throws {
        let storage = SimulatedLogStorage()
        let file = try storage.openFile("a.log")
        try file.append(Self.pattern(300))
        try file.flush()
        try file.append(Self.pattern(400, from: 300))
        try file.append(Self.pattern(400, from: 700))
        let held = try file.read(at: 300, count: 400)
        storage.crash(.powerLoss(tornTail: .bytes(550)))
        #expect(storage.contents(of: "a.log") == Self.pattern(850))
        #expect(storage.usedBytes == 850)
        let reopened = try storage.openFile("a.log")
        try reopened.append(Self.pattern(100, from: 5_000))
        #expect(storage.contents(of: "a.log") == Self.pattern(850) + Self.pattern(100, from: 5_000))
        #expect(held == Self.pattern(400, from: 300))
    }

    @Test("truncating inside a flushed array, appending, then power loss brings the flushed bytes back")
    func truncateInsideFlushedExtent() throws {
        let storage = SimulatedLogStorage()
        let file = try storage.openFile("a.log")
        try file.append(Self.pattern(1_000))
        try file.append(Self.pattern(1_000, from: 1_000))
        try file.flush()
        let held = try file.read(at: 1_000, count: 1_000)
        try file.truncate(to: 1_234)
        try file.append([UInt8](repeating: 0xEE, count: 300))
        #expect(storage.contents(of: "a.log") == Self.pattern(1_234) + [UInt8](repeating: 0xEE, count: 300))
        #expect(storage.flushedContents(of: "a.log") == Self.pattern(2_000))
        #expect(held == Self.pattern(1_000, from: 1_000))
        storage.crash(.powerLoss())
        #expect(storage.contents(of: "a.log") == Self.pattern(2_000))
        #expect(storage.usedBytes == 2_000)
    }

    @Test("an array that does not fit the disk writes the bytes that fit, its prefix patched")
    func diskFull() throws {
        let storage = SimulatedLogStorage(capacityBytes: 1_010)
        let file = try storage.openFile("a.log")
        try file.append(Self.pattern(1_000))
        let prefix: [UInt8] = [1, 2, 3, 4, 5, 6]
        #expect(throws: StorageError.diskFull(path: "a.log")) {
            try prefix.withUnsafeBytes { try file.append(Self.pattern(200), overwritingPrefixWith: $0) }
        }
        #expect(file.sizeInBytes == 1_010 && storage.usedBytes == 1_010)
        #expect(storage.contents(of: "a.log") == Self.pattern(1_000) + prefix + Self.pattern(200)[6..<10])
        storage.capacityBytes = 1_003
        try file.truncate(to: 1_000)
        #expect(throws: StorageError.diskFull(path: "a.log")) {
            try prefix.withUnsafeBytes { try file.append(Self.pattern(200), overwritingPrefixWith: $0) }
        }
        #expect(storage.contents(of: "a.log") == Self.pattern(1_000) + prefix[0..<3])
    }

    @Test("a follower appending the leader's fetched batch stores the leader's buffer, stamped once")
    func leaderAndFollowerShareTheBatch() throws {
        let storage = SimulatedLogStorage()
        let (leader, _) = try openLog(storage, config: smallConfig(segmentBytes: 1 << 20))
        let (follower, _) = try PartitionLog.open(
            storage: storage, directory: "broker-2/orders-0", topicPartition: testPartition,
            config: smallConfig(segmentBytes: 1 << 20), now: instant(), recoveryPoint: nil, logStartOffset: nil)
        let produced = producerBatch(records: 5, valueBytes: 40)
        _ = try leader.appendAsLeader([produced], leaderEpoch: LeaderEpoch(3), now: instant())
        let fromLeader = try leader.read(from: Offset(0), maxBytes: 1 << 20, upperBound: Offset(5), minOneMessage: true)
        #expect(fromLeader.records == produced.withPartitionLeaderEpoch(LeaderEpoch(3)).bytes)
        #expect(produced.partitionLeaderEpoch == LeaderEpoch(-1))
        _ = try follower.appendAsFollower(fromLeader.batches(), now: instant())
        let fromFollower = try follower.read(
            from: Offset(0), maxBytes: 1 << 20, upperBound: Offset(5), minOneMessage: true)
        #expect(fromFollower.records == fromLeader.records)
        #expect(Self.address(fromFollower.records) == Self.address(fromLeader.records))
        leader.checkInvariants()
        follower.checkInvariants()
    }
}
