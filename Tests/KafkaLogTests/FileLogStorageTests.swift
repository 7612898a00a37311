import Foundation
import KafkaLog
import Testing

@Suite struct FileLogStorageTests {
    @Test("appending many small records issues one write per buffer fill, not one per record")
    func coalescedWrites() throws {
        try withTemporaryDirectory { root in
            let storage = FileLogStorage(rootDirectory: root)
            let file = try storage.openHandle("a.log", options: OpenOptions(writeBufferBytes: 64 * 1024))
            let record = bytes(100)
            for _ in 0..<10_000 { try file.append(record) }
            // 1,000,000 bytes through a 64 KiB buffer: 15 full buffers.
            #expect(file.writeCallCount == 1_000_000 / (64 * 1024))
            #expect(file.sizeInBytes == 1_000_000)
            try file.flush()
            #expect(file.writeCallCount == 16)
            #expect(file.fsyncCallCount == 1)
            let onDisk = try #require(FileManager.default.contents(atPath: root + "/a.log"))
            #expect(onDisk.count == 1_000_000)
            #expect(Array(onDisk.suffix(100)) == record)
        }
    }

    @Test("reads see buffered bytes without forcing a write")
    func readsServeTheBuffer() throws {
        try withTemporaryDirectory { root in
            let storage = FileLogStorage(rootDirectory: root)
            let file = try storage.openHandle("a.log", options: OpenOptions(writeBufferBytes: 1000))
            try file.append(bytes(600))
            try file.append(bytes(600, from: 600))
            #expect(file.writeCallCount == 1)
            #expect(file.bufferedByteCount == 600)
            // A read across the file/buffer boundary.
            #expect(try file.read(at: 500, count: 200) == bytes(200, from: 500))
            #expect(file.writeCallCount == 1)
        }
    }

    @Test("an append larger than the buffer is written straight through after the buffered bytes")
    func largeAppend() throws {
        try withTemporaryDirectory { root in
            let storage = FileLogStorage(rootDirectory: root)
            let file = try storage.openHandle("a.log", options: OpenOptions(writeBufferBytes: 100))
            try file.append(bytes(10))
            try file.append(bytes(500, from: 10))
            #expect(file.writeCallCount == 2)
            #expect(file.bufferedByteCount == 0)
            #expect(try file.read(at: 0, count: 510) == bytes(510))
        }
    }

    @Test("flush without changes since the last flush issues no fsync")
    func flushIsIdempotent() throws {
        try withTemporaryDirectory { root in
            let file = try FileLogStorage(rootDirectory: root).openHandle("a.log")
            try file.append(bytes(10))
            try file.flush()
            try file.flush()
            #expect(file.fsyncCallCount == 1)
            try file.truncate(to: 5)
            try file.flush()
            #expect(file.fsyncCallCount == 2)
        }
    }

    @Test("a handle dropped without close still writes its buffered bytes, as a killed process would")
    func droppedHandleKeepsWrittenBytes() throws {
        try withTemporaryDirectory { root in
            let storage = FileLogStorage(rootDirectory: root)
            do {
                let file = try storage.openFile("a.log")
                try file.append(bytes(42))
            }
            #expect(try storage.readWholeFile("a.log", limitBytes: 100) == bytes(42))
        }
    }

    @Test("truncating below the written part shrinks the real file")
    func truncateOnDisk() throws {
        try withTemporaryDirectory { root in
            let storage = FileLogStorage(rootDirectory: root)
            let file = try storage.openHandle("a.log", options: OpenOptions(writeBufferBytes: 16))
            try file.append(bytes(100))
            try file.truncate(to: 40)
            let size = try FileManager.default.attributesOfItem(atPath: root + "/a.log")[.size] as? Int
            #expect(size == 40)
        }
    }

    @Test("createDirectory makes the root and every missing level, and refuses to replace a file")
    func createDirectoryLevels() throws {
        try withTemporaryDirectory { root in
            let storage = FileLogStorage(rootDirectory: root + "/data/broker-1")
            try storage.createDirectory("orders-0")
            var isDirectory: ObjCBool = false
            #expect(FileManager.default.fileExists(atPath: root + "/data/broker-1/orders-0", isDirectory: &isDirectory))
            #expect(isDirectory.boolValue)
            try storage.openFile("orders-0/file").close()
            #expect(throws: StorageError.alreadyExists(path: "orders-0/file")) {
                try storage.createDirectory("orders-0/file")
            }
        }
    }

    @Test("a device with no space left reports diskFull and keeps the unwritten bytes buffered")
    func diskFull() throws {
        // /dev/full answers every write with ENOSPC.
        let storage = FileLogStorage(rootDirectory: "/dev")
        let file = try storage.openHandle("full", options: OpenOptions(createIfMissing: false, writeBufferBytes: 16))
        try file.append(bytes(10))
        #expect(throws: StorageError.diskFull(path: "full")) { try file.append(bytes(10)) }
        #expect(file.sizeInBytes == 10)
        #expect(throws: StorageError.diskFull(path: "full")) { try file.flush() }
        #expect(try file.read(at: 0, count: 10) == bytes(10))
        try file.truncate(to: 0)
        try file.close()
    }

    @Test("a failed whole-file write leaves the old file untouched")
    func wholeFileWriteFailure() throws {
        try withTemporaryDirectory { root in
            let storage = FileLogStorage(rootDirectory: root)
            try storage.writeWholeFileAtomically("checkpoint", contents: [1, 2, 3])
            // The temporary file cannot be created inside a directory that does not exist.
            #expect(throws: StorageError.notFound(path: "missing/checkpoint")) {
                try storage.writeWholeFileAtomically("missing/checkpoint", contents: [9])
            }
            #expect(try storage.readWholeFile("checkpoint", limitBytes: 10) == [1, 2, 3])
        }
    }

    @Test("errors name the failing call and path when errno has no closer match")
    func ioErrorNamesTheCall() throws {
        try withTemporaryDirectory { root in
            let storage = FileLogStorage(rootDirectory: root)
            try storage.createDirectory("dir")
            #expect {
                try storage.openFile("dir")
            } throws: { error in
                guard case .ioError(let path, let reason) = error as? StorageError else { return false }
                return path == "dir" && reason.contains("open")
            }
        }
    }
}
