import KafkaCore

/// `LogStorage` in memory: deterministic, inspectable, and able to fail on purpose.
///
/// Every file tracks which of its bytes are *written* (what reads see; survives a process kill)
/// and which are *flushed* (survives power loss). Handles write straight into the written bytes,
/// with no buffer of their own, so a write fault surfaces on the very append that hits it.
///
/// Faults, all deterministic:
/// - `crash(.processKill)`: every written byte survives; handles opened before the crash fail
///   with `.ioError` from then on (the process that held them is gone).
/// - `crash(.powerLoss(tornTail:))`: every file reverts to its flushed bytes. With a torn tail,
///   a file whose unflushed change was a pure append keeps a prefix of the appended bytes, its
///   length fixed by `TornTail` (an exact count, or a share derived from a seed and the path).
///   A file truncated below its flushed size since the last flush gets its flushed bytes back.
/// - `capacityBytes`: an append or whole-file write that does not fit fails with `.diskFull`.
///   An append writes the bytes that fit first, as a short `write(2)` before `ENOSPC` does;
///   `sizeInBytes` tells the caller how many. A whole-file write changes nothing (its temporary
///   file is removed), so a checkpoint is either replaced or untouched.
/// - `failNext(_:of:)` and `injectIOErrors(under:for:)`: operations fail with `.ioError` before
///   they change anything.
/// - `addedLatency` / `addedWriteLatency` / `addedFlushLatency`: charged per operation and reported through
///   `takeAccumulatedLatency()`; the storage never sleeps.
///
/// No fault ever changes flushed bytes: only an explicit `truncate(to:)`, `deleteFile` or
/// `rename` over a file does.
///
/// Simplifications, stated so nobody relies on them by accident: directory operations (create,
/// rename, delete) are durable at once, so `flushDirectory` only charges latency; a deleted file
/// frees its space at once, even while a handle still has it open; fault rules match the path a
/// handle was opened with, not where a later rename moved it.
///
/// Engines are single-threaded, so this shared directory tree is a plain reference type and
/// deliberately not `Sendable`.
public final class SimulatedLogStorage: LogStorage {
    /// Bytes all files may hold together; appends beyond it fail with `.diskFull`.
    public var capacityBytes: Int
    /// Latency charged to every operation.
    public var addedLatency: Duration = .zero
    /// Latency charged to every `flush()` and `flushDirectory` on top of `addedLatency`.
    public var addedFlushLatency: Duration = .zero
    /// Latency charged to every write (`append`, `truncate(to:)`, `writeWholeFileAtomically`) on
    /// top of `addedLatency`: a slow disk.
    public var addedWriteLatency: Duration = .zero
    /// Bytes the files hold now (written bytes of every linked file).
    public private(set) var usedBytes = 0
    /// How many crashes this storage went through; handles remember the value they were opened at.
    public private(set) var crashCount = 0
    /// Operation counters, for tests and metrics.
    public private(set) var statistics = Statistics()

    let root = SimulatedDirectory()
    private var accumulatedLatency: Duration = .zero
    private var failuresRemaining = 0
    private var failuresSkipped = 0
    private var failingKinds: Operations = []
    private var ioErrorRules: [(prefix: StoragePath, kinds: Operations)] = []

    /// A storage holding nothing, able to hold `capacityBytes` (default 1 GiB).
    public init(capacityBytes: Int = 1 << 30) {
        precondition(capacityBytes >= 0, "capacityBytes must not be negative, got \(capacityBytes)")
        self.capacityBytes = capacityBytes
    }

    /// Kinds of operations, for fault rules.
    public struct Operations: OptionSet, Hashable, Sendable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }

        /// `read`, `readWholeFile`, `entries(in:)`, `itemKind(at:)`.
        public static let read = Operations(rawValue: 1 << 0)
        /// `append`, `truncate(to:)`, `writeWholeFileAtomically`.
        public static let write = Operations(rawValue: 1 << 1)
        /// `flush()`, `flushDirectory`.
        public static let flush = Operations(rawValue: 1 << 2)
        /// `openFile`, `createDirectory`, `deleteFile`, `deleteDirectory`, `rename`.
        public static let metadata = Operations(rawValue: 1 << 3)
        public static let all: Operations = [.read, .write, .flush, .metadata]
    }

    /// Counters of what the storage was asked to do.
    public struct Statistics: Hashable, Sendable {
        public var appendCount = 0
        public var appendedBytes = 0
        public var readCount = 0
        public var flushCount = 0
        public var injectedFailureCount = 0
    }

    /// How a simulated crash treats the bytes that were written but not flushed.
    public enum Crash: Hashable, Sendable {
        /// The process dies, the operating system does not: every written byte survives.
        case processKill
        /// The machine loses power: files revert to their flushed bytes, except for a torn tail.
        case powerLoss(tornTail: TornTail = .none)
    }

    /// How much of a file's unflushed appended bytes survive a power loss.
    public enum TornTail: Hashable, Sendable {
        /// None: the file is exactly what was flushed.
        case none
        /// The first `count` unflushed bytes (or all of them, when there are fewer).
        case bytes(Int)
        /// Between none and all of them, chosen from `seed` and the file's path, so the same seed
        /// tears the same files the same way in every run.
        case seeded(UInt64)
    }

    // MARK: Faults

    /// Makes the next `count` operations of `kinds` fail with `.ioError` (default: writes and flushes),
    /// after letting `skipping` of them succeed first (a fault at the Nth operation).
    public func failNext(_ count: Int, of kinds: Operations = [.write, .flush], skipping: Int = 0) {
        precondition(
            count >= 0 && skipping >= 0, "failNext count and skipping must not be negative, got \(count), \(skipping)")
        failuresRemaining = count
        failuresSkipped = skipping
        failingKinds = kinds
    }

    /// The most `injectIOErrors` rules held at once (one per failing directory).
    public static let maxIOErrorRules = 1024

    /// Makes every operation of `kinds` on a path inside `prefix` fail with `.ioError` until
    /// `removeIOErrors(under:)` or `clearIOErrors()`, as a failing disk behind one log directory
    /// would. Injecting again under the same prefix replaces that rule's kinds.
    public func injectIOErrors(under prefix: StoragePath, for kinds: Operations = .all) {
        if let index = ioErrorRules.firstIndex(where: { $0.prefix == prefix }) {
            ioErrorRules[index].kinds = kinds
            return
        }
        precondition(
            ioErrorRules.count < Self.maxIOErrorRules,
            "more than \(Self.maxIOErrorRules) I/O error rules; remove some before adding \(prefix)")
        ioErrorRules.append((prefix, kinds))
    }

    /// Heals the directory `prefix` (the rule injected for exactly that prefix).
    public func removeIOErrors(under prefix: StoragePath) {
        ioErrorRules.removeAll { $0.prefix == prefix }
    }

    /// Removes every fault rule (`failNext` and `injectIOErrors`).
    public func clearIOErrors() {
        ioErrorRules.removeAll()
        failuresRemaining = 0
        failuresSkipped = 0
        failingKinds = []
    }

    /// Simulates a crash of the process (and with `.powerLoss`, of the machine). Handles opened
    /// before it fail with `.ioError` afterwards; reopen files to go on.
    public func crash(_ kind: Crash) {
        crashCount += 1
        guard case .powerLoss(let tornTail) = kind else { return }
        root.forEachFile(at: .root) { path, file in
            let survivingBytes: Int
            switch tornTail {
            case .none: survivingBytes = 0
            case .bytes(let count): survivingBytes = max(0, count)
            case .seeded(let seed):
                let appended = file.data.count - file.flushedPrefix
                survivingBytes = appended <= 0 ? 0 : Int(Self.mix(seed, path) % UInt64(appended + 1))
            }
            file.revertToFlushed(keepingUnflushedBytes: survivingBytes)
        }
        usedBytes = root.totalBytes()
    }

    // MARK: Inspection

    /// The written bytes of the file at `path` (what reads see), or `nil` when there is none.
    public func contents(of path: StoragePath) -> [UInt8]? {
        guard case .file(let file) = root.node(at: path) else { return nil }
        return file.data.array
    }

    /// The bytes of the file at `path` that would survive power loss, or `nil` when there is none.
    public func flushedContents(of path: StoragePath) -> [UInt8]? {
        guard case .file(let file) = root.node(at: path) else { return nil }
        return file.flushedBytes
    }

    // MARK: LogStorage

    public func entries(in directory: StoragePath) throws(StorageError) -> [StorageEntry] {
        try begin(.read, directory)
        let parent = try self.directory(at: directory)
        return parent.children.map { name, node in
            switch node {
            case .file: StorageEntry(name: name, kind: .file)
            case .directory: StorageEntry(name: name, kind: .directory)
            }
        }.sorted()
    }

    public func itemKind(at path: StoragePath) throws(StorageError) -> StorageItemKind? {
        try begin(.read, path)
        switch root.node(at: path) {
        case .none: return nil
        case .file: return .file
        case .directory: return .directory
        }
    }

    public func createDirectory(_ path: StoragePath) throws(StorageError) {
        try begin(.metadata, path)
        var current = root
        for name in path.components {
            switch current.children[name] {
            case .directory(let next): current = next
            case .file: throw StorageError.alreadyExists(path: path)
            case .none:
                let next = SimulatedDirectory()
                current.children[name] = .directory(next)
                current = next
            }
        }
    }

    public func openFile(_ path: StoragePath, options: OpenOptions) throws(StorageError) -> any LogFile {
        try openHandle(path, options: options)
    }

    /// `openFile` with the concrete handle type.
    public func openHandle(
        _ path: StoragePath, options: OpenOptions = OpenOptions()
    ) throws(StorageError)
        -> SimulatedLogHandle
    {
        try begin(.metadata, path)
        guard let name = path.name else { throw StorageError.ioError(path: path, reason: "is a directory") }
        let parent = try parentDirectory(of: path)
        switch parent.children[name] {
        case .file(let file):
            return SimulatedLogHandle(storage: self, file: file, path: path)
        case .directory:
            throw StorageError.ioError(path: path, reason: "is a directory")
        case .none:
            guard options.createIfMissing else { throw StorageError.notFound(path: path) }
            let file = SimulatedFile()
            parent.children[name] = .file(file)
            return SimulatedLogHandle(storage: self, file: file, path: path)
        }
    }

    public func deleteFile(_ path: StoragePath) throws(StorageError) {
        try begin(.metadata, path)
        guard let name = path.name else { throw StorageError.ioError(path: path, reason: "is a directory") }
        let parent = try parentDirectory(of: path)
        switch parent.children[name] {
        case .file(let file):
            parent.children[name] = nil
            file.isLinked = false
            usedBytes -= file.data.count
        case .directory: throw StorageError.ioError(path: path, reason: "is a directory")
        case .none: throw StorageError.notFound(path: path)
        }
    }

    public func deleteDirectory(_ path: StoragePath) throws(StorageError) {
        try begin(.metadata, path)
        guard let name = path.name else { preconditionFailure("refusing to delete the storage root") }
        let parent = try parentDirectory(of: path)
        switch parent.children[name] {
        case .directory(let directory):
            parent.children[name] = nil
            usedBytes -= directory.totalBytes()
            directory.forEachFile(at: path) { _, file in file.isLinked = false }
        case .file: throw StorageError.ioError(path: path, reason: "not a directory")
        case .none: throw StorageError.notFound(path: path)
        }
    }

    public func rename(_ source: StoragePath, to destination: StoragePath) throws(StorageError) {
        try begin(.metadata, source)
        try check(.metadata, destination)
        guard let sourceName = source.name, let destinationName = destination.name else {
            throw StorageError.ioError(path: source, reason: "cannot rename the storage root")
        }
        let sourceParent = try parentDirectory(of: source)
        let destinationParent = try parentDirectory(of: destination)
        guard let moving = sourceParent.children[sourceName] else { throw StorageError.notFound(path: source) }
        if source == destination { return }
        if case .directory = moving, destination.isInside(source) {
            throw StorageError.ioError(path: source, reason: "cannot move a directory into itself (\(destination))")
        }
        switch (moving, destinationParent.children[destinationName]) {
        case (_, .none):
            break
        case (.file, .file(let replaced)):
            replaced.isLinked = false
            usedBytes -= replaced.data.count
        case (.directory, .directory(let replaced)) where replaced.children.isEmpty:
            break
        case (.directory, .directory):
            throw StorageError.ioError(path: destination, reason: "directory not empty")
        case (.file, .directory):
            throw StorageError.ioError(path: destination, reason: "is a directory")
        case (.directory, .file):
            throw StorageError.ioError(path: destination, reason: "not a directory")
        }
        sourceParent.children[sourceName] = nil
        destinationParent.children[destinationName] = moving
    }

    public func flushDirectory(_ path: StoragePath) throws(StorageError) {
        try begin(.flush, path)
        accumulatedLatency = accumulatedLatency + addedFlushLatency
        _ = try directory(at: path)
    }

    public func readWholeFile(_ path: StoragePath, limitBytes: Int) throws(StorageError) -> [UInt8] {
        try begin(.read, path)
        switch root.node(at: path) {
        case .file(let file):
            if file.data.count > limitBytes {
                throw StorageError.tooLarge(path: path, sizeInBytes: file.data.count, limitBytes: limitBytes)
            }
            statistics.readCount += 1
            return file.data.array
        case .directory: throw StorageError.ioError(path: path, reason: "is a directory")
        case .none: throw StorageError.notFound(path: path)
        }
    }

    public func writeWholeFileAtomically(_ path: StoragePath, contents: [UInt8]) throws(StorageError) {
        try begin(.write, path)
        guard let name = path.name else { throw StorageError.ioError(path: path, reason: "is a directory") }
        let parent = try parentDirectory(of: path)
        var replaced: SimulatedFile?
        switch parent.children[name] {
        case .file(let file): replaced = file
        case .directory: throw StorageError.ioError(path: path, reason: "is a directory")
        case .none: break
        }
        // The temporary file must fit next to the old one; when it does not, it is removed again
        // and the old content stays, which is the whole point of writing checkpoints this way.
        guard usedBytes + contents.count <= capacityBytes else { throw StorageError.diskFull(path: path) }
        parent.children[name] = .file(SimulatedFile(flushed: contents))
        replaced?.isLinked = false
        usedBytes += contents.count - (replaced?.data.count ?? 0)
        statistics.flushCount += 1
        accumulatedLatency = accumulatedLatency + addedFlushLatency
    }

    public func takeAccumulatedLatency() -> Duration {
        defer { accumulatedLatency = .zero }
        return accumulatedLatency
    }

    // MARK: Operations of handles

    func append(_ bytes: UnsafeRawBufferPointer, to handle: SimulatedLogHandle) throws(StorageError) {
        let fitting = try beginAppend(bytes.count, to: handle)
        handle.file.data.append(UnsafeRawBufferPointer(rebasing: bytes[0..<fitting]))
        try endAppend(fitting, of: bytes.count, to: handle)
    }

    /// `append(_:to:)` of an array with its front replaced by `prefix`, kept by reference when it
    /// all fits (see `ExtentBytes`); on a full disk the bytes that fit are copied.
    func append(
        _ bytes: [UInt8], overwritingPrefixWith prefix: UnsafeRawBufferPointer, to handle: SimulatedLogHandle
    ) throws(StorageError) {
        let fitting = try beginAppend(bytes.count, to: handle)
        let file = handle.file
        if fitting == bytes.count {
            file.data.append(bytes, overwritingPrefixWith: prefix)
        } else {
            file.data.append(UnsafeRawBufferPointer(rebasing: prefix[0..<min(fitting, prefix.count)]))
            if fitting > prefix.count {
                bytes.withUnsafeBytes { file.data.append(UnsafeRawBufferPointer(rebasing: $0[prefix.count..<fitting])) }
            }
        }
        try endAppend(fitting, of: bytes.count, to: handle)
    }

    /// What every append of `count` bytes starts with: the write's faults and latency (`begin`),
    /// then how many of the bytes fit on the disk, which the caller puts into the file before
    /// `endAppend`. The two halves are inlined into both appends (every log and index write):
    /// one function taking the store as a closure cost a call and a closure call per write.
    @inline(__always)
    private func beginAppend(_ count: Int, to handle: SimulatedLogHandle) throws(StorageError) -> Int {
        try begin(.write, handle)
        // A deleted file frees its space at once (see the type's summary), so it is not charged.
        return handle.file.isLinked ? min(count, max(0, capacityBytes - usedBytes)) : count
    }

    /// The space and statistics of an append of `count` bytes of which `fitting` were stored, and
    /// `diskFull` when not all of them fit.
    @inline(__always)
    private func endAppend(_ fitting: Int, of count: Int, to handle: SimulatedLogHandle) throws(StorageError) {
        if handle.file.isLinked { usedBytes += fitting }
        statistics.appendCount += 1
        statistics.appendedBytes += fitting
        if fitting < count { throw StorageError.diskFull(path: handle.path) }
    }

    func read(
        at position: Int, into target: UnsafeMutableRawBufferPointer, from handle: SimulatedLogHandle
    ) throws(StorageError) -> Int {
        try begin(.read, handle)
        statistics.readCount += 1
        guard position < handle.file.data.count else { return 0 }
        return Self.copyBytes(of: &handle.file.data, from: position, into: target)
    }

    /// `read(at:into:from:)` into an array of its own: up to `count` bytes from `position`.
    func read(at position: Int, count: Int, from handle: SimulatedLogHandle) throws(StorageError) -> [UInt8] {
        try begin(.read, handle)
        statistics.readCount += 1
        let end = min(position + count, handle.file.data.count)
        guard position < end else { return [] }
        return Self.bytes(of: &handle.file.data, in: position..<end)
    }

    /// `data.copyBytes(from:into:)`, with a file's bytes read in place through an `inout`
    /// access: calling the method on the handle's stored struct directly copied it first (a
    /// retain and a release of its extent list per read). Exclusivity is unchecked in release
    /// builds, so the access is free.
    private static func copyBytes(
        of data: inout ExtentBytes, from position: Int, into target: UnsafeMutableRawBufferPointer
    ) -> Int {
        data.copyBytes(from: position, into: target)
    }

    /// `data.bytes(in:)`, read in place as `copyBytes(of:from:into:)` reads.
    private static func bytes(of data: inout ExtentBytes, in range: Range<Int>) -> [UInt8] {
        data.bytes(in: range)
    }

    func truncate(_ handle: SimulatedLogHandle, to newSize: Int) throws(StorageError) {
        try begin(.write, handle)
        let removed = handle.file.data.count - newSize
        handle.file.truncate(to: newSize)
        if handle.file.isLinked { usedBytes -= removed }
    }

    func flush(_ handle: SimulatedLogHandle) throws(StorageError) {
        try begin(.flush, handle)
        accumulatedLatency = accumulatedLatency + addedFlushLatency
        statistics.flushCount += 1
        handle.file.markFlushed()
    }

    // MARK: Helpers

    /// Charges latency, then fails when the handle is stale or a fault rule matches. Inlined:
    /// every read and write of a handle starts here, and usually nothing fails.
    @inline(__always)
    private func begin(_ kind: Operations, _ handle: SimulatedLogHandle) throws(StorageError) {
        charge(kind)
        if handle.crashCount != crashCount {
            throw StorageError.ioError(
                path: handle.path, reason: "handle opened before a simulated crash; reopen the file")
        }
        try check(kind, handle.path)
    }

    /// Charges latency, then fails when a fault rule matches.
    private func begin(_ kind: Operations, _ path: StoragePath) throws(StorageError) {
        charge(kind)
        try check(kind, path)
    }

    private func charge(_ kind: Operations) {
        accumulatedLatency = accumulatedLatency + addedLatency
        if kind.contains(.write) { accumulatedLatency = accumulatedLatency + addedWriteLatency }
    }

    /// Fails when a fault rule matches. The usual case, no fault armed at all, is inlined into
    /// every operation (every log and index append passes here); the rules are looked at apart.
    @inline(__always)
    private func check(_ kind: Operations, _ path: StoragePath) throws(StorageError) {
        guard failuresRemaining > 0 || !ioErrorRules.isEmpty else { return }
        try checkFaults(kind, path)
    }

    private func checkFaults(_ kind: Operations, _ path: StoragePath) throws(StorageError) {
        if kind.isEmpty { return }
        if failuresRemaining > 0 && !failingKinds.isDisjoint(with: kind) {
            if failuresSkipped > 0 {
                failuresSkipped -= 1
                return
            }
            failuresRemaining -= 1
            statistics.injectedFailureCount += 1
            throw StorageError.ioError(path: path, reason: "injected I/O error")
        }
        if ioErrorRules.isEmpty { return }
        for rule in ioErrorRules where path.isInside(rule.prefix) && !rule.kinds.isDisjoint(with: kind) {
            statistics.injectedFailureCount += 1
            throw StorageError.ioError(path: path, reason: "injected I/O error under \(rule.prefix)")
        }
    }

    /// The directory holding `path`; failures name `path` itself, as POSIX calls on it would.
    private func parentDirectory(of path: StoragePath) throws(StorageError) -> SimulatedDirectory {
        switch root.node(at: path.parent) {
        case .directory(let directory): return directory
        case .file: throw StorageError.ioError(path: path, reason: "\(path.parent) is not a directory")
        case .none: throw StorageError.notFound(path: path)
        }
    }

    private func directory(at path: StoragePath) throws(StorageError) -> SimulatedDirectory {
        switch root.node(at: path) {
        case .directory(let directory): return directory
        case .file: throw StorageError.ioError(path: path, reason: "not a directory")
        case .none: throw StorageError.notFound(path: path)
        }
    }

    /// SplitMix64 over the seed and the path's bytes (FNV-1a): stable across processes, unlike
    /// `Hasher`.
    static func mix(_ seed: UInt64, _ path: StoragePath) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in path.description.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        var z = seed &+ hash &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

@available(*, unavailable)
extension SimulatedLogStorage: Sendable {}
