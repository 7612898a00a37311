import KafkaLog
import Testing

/// Behaviour both `LogStorage` implementations must share, run against each.
@Suite struct LogStorageContractTests {
    @Test("appended bytes are readable at once, across the write buffer boundary", arguments: StorageKind.allCases)
    func readAfterWrite(kind: StorageKind) throws {
        try withStorage(kind) { storage in
            try storage.createDirectory("orders-0")
            let file = try storage.openFile("orders-0/00000000000000000000.log")
            var expected: [UInt8] = []
            for chunk in 0..<50 {
                let piece = bytes(7 + chunk % 5, from: chunk)
                try file.append(piece)
                expected += piece
                #expect(try file.read(at: 0, count: expected.count) == expected)
            }
            #expect(file.sizeInBytes == expected.count)
            #expect(try file.read(at: 100, count: 30) == Array(expected[100..<130]))
            #expect(try file.read(at: expected.count - 3, count: 30) == Array(expected.suffix(3)))
            #expect(try file.read(at: expected.count, count: 10) == [])
            #expect(try file.read(at: expected.count + 5, count: 10) == [])
        }
    }

    @Test("closing writes buffered bytes, and reopening sees them", arguments: StorageKind.allCases)
    func closeAndReopen(kind: StorageKind) throws {
        try withStorage(kind) { storage in
            let file = try storage.openFile("a.log")
            try file.append(bytes(100))
            try file.close()
            let reopened = try storage.openFile("a.log", options: OpenOptions(createIfMissing: false))
            #expect(reopened.sizeInBytes == 100)
            #expect(try reopened.read(at: 0, count: 100) == bytes(100))
        }
    }

    @Test(
        "truncating cuts buffered and written bytes, and appends continue from there", arguments: StorageKind.allCases)
    func truncate(kind: StorageKind) throws {
        try withStorage(kind) { storage in
            let file = try storage.openFile("a.log")
            try file.append(bytes(200))
            try file.truncate(to: 190)
            #expect(file.sizeInBytes == 190)
            try file.truncate(to: 30)
            #expect(file.sizeInBytes == 30)
            try file.append([0xAA, 0xBB])
            #expect(try file.read(at: 0, count: 100) == bytes(30) + [0xAA, 0xBB])
            try file.close()
            #expect(try storage.readWholeFile("a.log", limitBytes: 1000) == bytes(30) + [0xAA, 0xBB])
        }
    }

    @Test(
        "opening a missing file without create is notFound, and so is a missing parent", arguments: StorageKind.allCases
    )
    func missing(kind: StorageKind) throws {
        try withStorage(kind) { storage in
            #expect(throws: StorageError.notFound(path: "x.log")) {
                try storage.openFile("x.log", options: OpenOptions(createIfMissing: false))
            }
            #expect(throws: StorageError.notFound(path: "nowhere/x.log")) { try storage.openFile("nowhere/x.log") }
            #expect(throws: StorageError.notFound(path: "x.log")) { try storage.deleteFile("x.log") }
            #expect(throws: StorageError.notFound(path: "x.log")) { try storage.readWholeFile("x.log", limitBytes: 10) }
            let kind = try storage.itemKind(at: "x.log")
            #expect(kind == nil)
        }
    }

    @Test("directories list their entries sorted by name with their kinds", arguments: StorageKind.allCases)
    func listing(kind: StorageKind) throws {
        try withStorage(kind) { storage in
            try storage.createDirectory("broker-1/orders-0")
            try storage.createDirectory("broker-1/orders-0")
            for name in ["00000000000000000100.log", "00000000000000000000.log", "leader-epoch-checkpoint"] {
                try storage.openFile(StoragePath("broker-1/orders-0").appending(name)).close()
            }
            try storage.createDirectory("broker-1/audit-3")
            #expect(
                try storage.entries(in: "broker-1")
                    == [
                        StorageEntry(name: "audit-3", kind: .directory),
                        StorageEntry(name: "orders-0", kind: .directory),
                    ])
            #expect(
                try storage.entries(in: "broker-1/orders-0").map(\.name)
                    == ["00000000000000000000.log", "00000000000000000100.log", "leader-epoch-checkpoint"])
            #expect(try storage.itemKind(at: "broker-1") == .directory)
            #expect(try storage.itemKind(at: "broker-1/orders-0/leader-epoch-checkpoint") == .file)
            try storage.deleteDirectory("broker-1/orders-0")
            #expect(try storage.entries(in: "broker-1").map(\.name) == ["audit-3"])
        }
    }

    @Test(
        "rename replaces the destination atomically and open handles follow the file", arguments: StorageKind.allCases)
    func rename(kind: StorageKind) throws {
        try withStorage(kind) { storage in
            let cleaned = try storage.openFile("00000000000000000000.log.cleaned")
            try cleaned.append(bytes(10))
            try storage.writeWholeFileAtomically("00000000000000000000.log", contents: [1, 2, 3])
            try storage.rename("00000000000000000000.log.cleaned", to: "00000000000000000000.log")
            try cleaned.append(bytes(5, from: 10))
            try cleaned.close()
            #expect(try storage.readWholeFile("00000000000000000000.log", limitBytes: 100) == bytes(15))
            #expect(try storage.itemKind(at: "00000000000000000000.log.cleaned") == nil)
            #expect(throws: StorageError.notFound(path: "gone")) { try storage.rename("gone", to: "there") }
        }
    }

    @Test("a whole-file write replaces the content and leaves no temporary file", arguments: StorageKind.allCases)
    func wholeFile(kind: StorageKind) throws {
        try withStorage(kind) { storage in
            try storage.createDirectory("d")
            try storage.writeWholeFileAtomically("d/recovery-point-offset-checkpoint", contents: Array("0\n0\n".utf8))
            try storage.writeWholeFileAtomically(
                "d/recovery-point-offset-checkpoint", contents: Array("0\n1\na 0 5\n".utf8))
            #expect(
                try storage.readWholeFile("d/recovery-point-offset-checkpoint", limitBytes: 100)
                    == Array("0\n1\na 0 5\n".utf8))
            #expect(try storage.entries(in: "d").map(\.name) == ["recovery-point-offset-checkpoint"])
            #expect(
                throws: StorageError.tooLarge(
                    path: "d/recovery-point-offset-checkpoint", sizeInBytes: 10, limitBytes: 4)
            ) { try storage.readWholeFile("d/recovery-point-offset-checkpoint", limitBytes: 4) }
            try storage.flushDirectory("d")
        }
    }

    @Test("a deleted file stays usable through a handle that has it open", arguments: StorageKind.allCases)
    func deleteWhileOpen(kind: StorageKind) throws {
        try withStorage(kind) { storage in
            let file = try storage.openFile("00000000000000000000.log.deleted")
            try file.append(bytes(20))
            try storage.deleteFile("00000000000000000000.log.deleted")
            #expect(try storage.itemKind(at: "00000000000000000000.log.deleted") == nil)
            #expect(try file.read(at: 5, count: 5) == bytes(5, from: 5))
        }
    }
}
