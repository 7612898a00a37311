import KafkaCore
import Testing

@testable import KafkaLog

@Suite struct CheckpointFileTests {
    private let path: StoragePath = "orders-0/leader-epoch-checkpoint"

    private func decodeEpochs(_ text: String) throws(CheckpointError) -> [EpochEntry] {
        try LeaderEpochCheckpointFile.decode(Array(text.utf8), path: path)
    }

    @Test("the leader-epoch checkpoint is Kafka's text: version, count, then 'epoch startOffset' lines")
    func epochFormat() throws {
        let entries = [
            EpochEntry(epoch: LeaderEpoch(0), startOffset: Offset(0)),
            EpochEntry(epoch: LeaderEpoch(3), startOffset: Offset(1200)),
        ]
        #expect(String(decoding: LeaderEpochCheckpointFile.encode(entries), as: UTF8.self) == "0\n2\n0 0\n3 1200\n")
        #expect(try decodeEpochs("0\n2\n0 0\n3 1200\n") == entries)
        #expect(try decodeEpochs("0\r\n2\r\n0\t0\r\n3  1200 \r\n") == entries)
    }

    @Test("empty and version-only checkpoints hold no entries, as in Kafka")
    func emptyFiles() throws {
        #expect(try decodeEpochs("") == [])
        #expect(try decodeEpochs("0\n") == [])
        #expect(try decodeEpochs("0\n0\n") == [])
    }

    @Test(
        "a malformed leader-epoch checkpoint names the offending line",
        arguments: [
            ("x\n0\n", 1), ("0\ntwo\n", 2), ("0\n-1\n", 2), ("0\n1\n5\n", 3), ("0\n1\n5 6 7\n", 3),
            ("0\n2\n1 5\nfoo 6\n", 4), ("0\n1\n -1 5\n", 3), ("0\n1\n-1 5\n", 3), ("0\n1\n1 -5\n", 3),
            ("0\n2\n1 5\n\n", 4),
        ])
    func malformed(text: String, line: Int) {
        #expect {
            try decodeEpochs(text)
        } throws: { error in
            guard case .malformedLine(let errorPath, let errorLine, _, _) = error as? CheckpointError else {
                return false
            }
            return errorPath == path && errorLine == line
        }
    }

    @Test("an unknown version and a count that does not match the entries are refused")
    func versionAndCount() {
        #expect(throws: CheckpointError.unsupportedVersion(path: path, version: 1, expected: 0)) {
            try decodeEpochs("1\n0\n")
        }
        #expect(throws: CheckpointError.entryCountMismatch(path: path, expected: 3, found: 2)) {
            try decodeEpochs("0\n3\n1 5\n2 9\n")
        }
    }

    @Test("the leader-epoch checkpoint round-trips through storage and reads as empty when missing")
    func epochThroughStorage() throws {
        let storage = SimulatedLogStorage()
        try storage.createDirectory("orders-0")
        let file = LeaderEpochCheckpointFile(storage: storage, partitionDirectory: "orders-0")
        #expect(file.path == path)
        #expect(try file.read() == [])
        var cache = LeaderEpochCache()
        cache.assign(epoch: LeaderEpoch(0), startOffset: Offset(0))
        cache.assign(epoch: LeaderEpoch(5), startOffset: Offset(77))
        try file.write(cache.entries)
        #expect(LeaderEpochCache(restoring: try file.read()) == cache)
        storage.crash(.powerLoss())
        #expect(try file.read() == cache.entries)
    }

    @Test("a checkpoint read that fails in storage is a storage error")
    func storageFailure() {
        let storage = SimulatedLogStorage()
        storage.injectIOErrors(under: .root)
        let file = LeaderEpochCheckpointFile(storage: storage, partitionDirectory: "orders-0")
        #expect(throws: CheckpointError.storage(.ioError(path: path, reason: "injected I/O error under ."))) {
            try file.read()
        }
    }

    @Test("offset checkpoints list partitions in topic-then-partition order, never hash order")
    func offsetFormat() throws {
        let offsets: [TopicPartition: Offset] = [
            TopicPartition("orders", 10): Offset(5), TopicPartition("audit", 0): Offset(0),
            TopicPartition("orders", 2): Offset(1200), TopicPartition("orders", 0): Offset(977),
        ]
        let text = String(decoding: OffsetCheckpointFile.encode(offsets), as: UTF8.self)
        #expect(text == "0\n4\naudit 0 0\norders 0 977\norders 2 1200\norders 10 5\n")
        #expect(try OffsetCheckpointFile.decode(Array(text.utf8), path: "recovery-point-offset-checkpoint") == offsets)
    }

    @Test("offset checkpoint lines spell offsets as decimal text, negative and extreme ones too")
    func offsetFormatEdges() throws {
        let offsets: [TopicPartition: Offset] = [
            TopicPartition("café-ü", 2_147_483_647): Offset(Int64.max), TopicPartition("a", 0): Offset(-1),
            TopicPartition("a", 9): Offset(10), TopicPartition("a", 1): Offset(Int64.min),
        ]
        let text = String(decoding: OffsetCheckpointFile.encode(offsets), as: UTF8.self)
        #expect(
            text
                == "0\n4\na 0 -1\na 1 -9223372036854775808\na 9 10\ncafé-ü 2147483647 9223372036854775807\n")
        #expect(try OffsetCheckpointFile.decode(Array(text.utf8), path: "log-start-offset-checkpoint") == offsets)
        #expect(String(decoding: OffsetCheckpointFile.encode([:]), as: UTF8.self) == "0\n0\n")
    }

    @Test(
        "a topic is one checkpoint field when it is not empty and has no Unicode whitespace",
        arguments: [
            ("orders", true), ("__consumer_offsets", true), ("café", true), ("\u{1C}x", true), ("", false),
            ("a b", false), ("a\tb", false), ("a\r\nb", false), ("a\u{0B}", false), ("a\u{00A0}b", false),
            ("é\u{2028}", false), ("\u{3000}", false),
        ])
    func checkpointField(topic: String, isField: Bool) {
        #expect(CheckpointText.isField(topic) == isField)
        #expect(CheckpointText.isField(topic) == (!topic.isEmpty && !topic.contains(where: \.isWhitespace)))
    }

    @Test("offset checkpoints round-trip through storage, and a bad line is named")
    func offsetThroughStorage() throws {
        let storage = SimulatedLogStorage()
        let file = OffsetCheckpointFile(storage: storage, path: StoragePath(OffsetCheckpointFile.replicationFileName))
        #expect(try file.read() == [:])
        try file.write([TopicPartition("orders", 1): Offset(42)])
        #expect(try file.read() == [TopicPartition("orders", 1): Offset(42)])
        #expect {
            try OffsetCheckpointFile.decode(Array("0\n1\norders x 5\n".utf8), path: file.path)
        } throws: { error in
            guard case .malformedLine(_, let line, let text, _) = error as? CheckpointError else { return false }
            return line == 3 && text == "orders x 5"
        }
    }
}
