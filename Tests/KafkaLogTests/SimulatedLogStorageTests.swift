import KafkaCore
import KafkaLog
import Testing

@Suite struct SimulatedLogStorageTests {
    /// A storage holding `a.log` with 100 flushed bytes followed by 50 written, unflushed ones.
    private func storageWithUnflushedTail(capacityBytes: Int = 1 << 20) throws -> (SimulatedLogStorage, any LogFile) {
        let storage = SimulatedLogStorage(capacityBytes: capacityBytes)
        let file = try storage.openFile("a.log")
        try file.append(bytes(100))
        try file.flush()
        try file.append(bytes(50, from: 100))
        return (storage, file)
    }

    @Test("a process kill keeps every written byte")
    func processKill() throws {
        let (storage, _) = try storageWithUnflushedTail()
        storage.crash(.processKill)
        let reopened = try storage.openFile("a.log")
        #expect(try reopened.read(at: 0, count: 1000) == bytes(150))
    }

    @Test("handles opened before a crash fail with an I/O error instead of touching the new state")
    func staleHandles() throws {
        let (storage, file) = try storageWithUnflushedTail()
        storage.crash(.processKill)
        #expect(throws: StorageError.self) { try file.append(bytes(1)) }
        #expect(throws: StorageError.self) { try file.read(at: 0, count: 1) }
        #expect(storage.contents(of: "a.log") == bytes(150))
    }

    @Test("power loss keeps only flushed bytes")
    func powerLoss() throws {
        let (storage, _) = try storageWithUnflushedTail()
        #expect(storage.flushedContents(of: "a.log") == bytes(100))
        storage.crash(.powerLoss())
        #expect(storage.contents(of: "a.log") == bytes(100))
        #expect(storage.usedBytes == 100)
    }

    @Test("a torn tail keeps exactly the requested prefix of the unflushed bytes")
    func tornTailBytes() throws {
        let (storage, _) = try storageWithUnflushedTail()
        storage.crash(.powerLoss(tornTail: .bytes(17)))
        #expect(storage.contents(of: "a.log") == bytes(117))
        // What survived a power loss is on disk now: a second one keeps it.
        storage.crash(.powerLoss())
        #expect(storage.contents(of: "a.log") == bytes(117))
    }

    @Test("a seeded torn tail is the same for the same seed and stays within the unflushed bytes")
    func tornTailSeeded() throws {
        var lengths: Set<Int> = []
        for seed: UInt64 in 0..<20 {
            var outcomes: [[UInt8]] = []
            for _ in 0..<2 {
                let (storage, _) = try storageWithUnflushedTail()
                storage.crash(.powerLoss(tornTail: .seeded(seed)))
                outcomes.append(try #require(storage.contents(of: "a.log")))
            }
            #expect(outcomes[0] == outcomes[1])
            #expect(outcomes[0].count >= 100 && outcomes[0].count <= 150)
            #expect(outcomes[0] == bytes(outcomes[0].count))
            lengths.insert(outcomes[0].count)
        }
        #expect(lengths.count > 5, "seeds should tear at different lengths, got \(lengths.sorted())")
    }

    @Test("power loss after truncating below the flushed size brings the flushed bytes back")
    func truncationIsNotDurableUntilFlushed() throws {
        let (storage, file) = try storageWithUnflushedTail()
        try file.truncate(to: 60)
        try file.append([0xEE, 0xEE])
        #expect(storage.flushedContents(of: "a.log") == bytes(100))
        storage.crash(.powerLoss(tornTail: .bytes(1000)))
        #expect(storage.contents(of: "a.log") == bytes(100))
    }

    @Test("a full disk fails the append with diskFull after writing what fits, and flushed bytes stay readable")
    func diskFull() throws {
        let (storage, file) = try storageWithUnflushedTail(capacityBytes: 160)
        #expect(throws: StorageError.diskFull(path: "a.log")) { try file.append(bytes(30, from: 150)) }
        #expect(file.sizeInBytes == 160)
        #expect(try file.read(at: 0, count: 100) == bytes(100))
        #expect(storage.flushedContents(of: "a.log") == bytes(100))
        // The log truncates back to its last complete batch and can go on once space is freed.
        try file.truncate(to: 150)
        storage.capacityBytes = 1000
        try file.append(bytes(30, from: 150))
        try file.flush()
        #expect(storage.flushedContents(of: "a.log") == bytes(180))
    }

    @Test("a checkpoint that does not fit leaves the old checkpoint in place")
    func diskFullWholeFile() throws {
        let storage = SimulatedLogStorage(capacityBytes: 10)
        try storage.writeWholeFileAtomically("cp", contents: bytes(6))
        #expect(throws: StorageError.diskFull(path: "cp")) {
            try storage.writeWholeFileAtomically("cp", contents: bytes(6, from: 9))
        }
        #expect(storage.flushedContents(of: "cp") == bytes(6))
        #expect(try storage.entries(in: .root).map(\.name) == ["cp"])
    }

    @Test("injected write failures fail before writing and leave flushed bytes intact")
    func failNextWrites() throws {
        let (storage, file) = try storageWithUnflushedTail()
        storage.failNext(2)
        #expect(throws: StorageError.ioError(path: "a.log", reason: "injected I/O error")) { try file.append(bytes(5)) }
        #expect(throws: StorageError.ioError(path: "a.log", reason: "injected I/O error")) { try file.flush() }
        #expect(file.sizeInBytes == 150)
        #expect(storage.flushedContents(of: "a.log") == bytes(100))
        try file.append(bytes(5, from: 150))
        try file.flush()
        #expect(storage.flushedContents(of: "a.log") == bytes(155))
        #expect(storage.statistics.injectedFailureCount == 2)
    }

    @Test("I/O errors under a directory fail every operation there and nowhere else")
    func failingDirectory() throws {
        let storage = SimulatedLogStorage()
        try storage.createDirectory("broker-1/orders-0")
        try storage.createDirectory("broker-2/orders-0")
        let failing = try storage.openFile("broker-1/orders-0/a.log")
        try failing.append(bytes(10))
        try failing.flush()
        storage.injectIOErrors(under: "broker-1")
        #expect(throws: StorageError.self) { try failing.read(at: 0, count: 10) }
        #expect(throws: StorageError.self) { try failing.append(bytes(1)) }
        #expect(throws: StorageError.self) { try storage.openFile("broker-1/orders-0/b.log") }
        #expect(throws: StorageError.self) { try storage.entries(in: "broker-1/orders-0") }
        let healthy = try storage.openFile("broker-2/orders-0/a.log")
        try healthy.append(bytes(10))
        storage.removeIOErrors(under: "broker-1")
        #expect(try failing.read(at: 0, count: 10) == bytes(10))
    }

    @Test("added latency is reported per operation and flush, never slept")
    func latency() throws {
        let storage = SimulatedLogStorage()
        storage.addedLatency = .milliseconds(2)
        storage.addedFlushLatency = .milliseconds(10)
        let file = try storage.openFile("a.log")
        try file.append(bytes(1))
        try file.flush()
        #expect(storage.takeAccumulatedLatency() == .milliseconds(16))
        #expect(storage.takeAccumulatedLatency() == .zero)
    }

    @Test("renaming a directory moves its files, and refuses to replace a non-empty directory")
    func renameDirectories() throws {
        let storage = SimulatedLogStorage()
        try storage.createDirectory("orders-0")
        try storage.createDirectory("orders-1/x")
        try storage.writeWholeFileAtomically("orders-0/leader-epoch-checkpoint", contents: [1])
        #expect(throws: StorageError.ioError(path: "orders-1", reason: "directory not empty")) {
            try storage.rename("orders-0", to: "orders-1")
        }
        try storage.rename("orders-0", to: "orders-0.abc-delete")
        #expect(storage.contents(of: "orders-0.abc-delete/leader-epoch-checkpoint") == [1])
        #expect(try storage.itemKind(at: "orders-0") == nil)
    }

    @Test("used bytes follow appends, truncations, deletions and replacements")
    func usedBytes() throws {
        let storage = SimulatedLogStorage()
        let file = try storage.openFile("a")
        try file.append(bytes(100))
        try storage.writeWholeFileAtomically("b", contents: bytes(10))
        #expect(storage.usedBytes == 110)
        try file.truncate(to: 40)
        #expect(storage.usedBytes == 50)
        try storage.rename("b", to: "a")
        #expect(storage.usedBytes == 10)
        try file.append(bytes(5))
        #expect(storage.usedBytes == 10)
        try storage.deleteFile("a")
        #expect(storage.usedBytes == 0)
    }
}
