/// One file of a `SimulatedLogStorage` (an inode: handles keep it across renames and deletes).
///
/// Files only grow at the end or shrink, so the flushed content is always a prefix of the
/// written bytes plus, after a truncation below the last flush, the flushed bytes that
/// truncation cut off (`flushedOverhang`), which power loss brings back.
final class SimulatedFile {
    /// What reads see.
    var data = ExtentBytes()
    /// `data[0..<flushedPrefix]` is flushed.
    var flushedPrefix = 0
    /// Flushed bytes past `flushedPrefix` that a truncation removed from `data`.
    var flushedOverhang: [UInt8] = []
    /// Whether a directory still names this file.
    var isLinked = true

    init() {}

    /// A file whose bytes are all flushed.
    init(flushed: [UInt8]) {
        data = ExtentBytes(flushed)
        flushedPrefix = flushed.count
    }

    /// The bytes that would survive power loss.
    var flushedBytes: [UInt8] { data.bytes(in: 0..<flushedPrefix) + flushedOverhang }

    func truncate(to size: Int) {
        precondition(size >= 0 && size <= data.count, "truncate a \(data.count)-byte file to \(size)")
        if size < flushedPrefix {
            flushedOverhang = data.bytes(in: size..<flushedPrefix) + flushedOverhang
            flushedPrefix = size
        }
        data.removeLast(data.count - size)
    }

    func markFlushed() {
        flushedPrefix = data.count
        flushedOverhang = []
    }

    /// Power loss: back to the flushed bytes, plus up to `keptBytes` of a purely appended tail.
    func revertToFlushed(keepingUnflushedBytes keptBytes: Int) {
        if flushedOverhang.isEmpty {
            let kept = min(keptBytes, data.count - flushedPrefix)
            data.removeLast(data.count - flushedPrefix - kept)
        } else {
            data.removeLast(data.count - flushedPrefix)
            data.append(sharing: flushedOverhang)
        }
        markFlushed()
    }
}

/// One directory of a `SimulatedLogStorage`.
final class SimulatedDirectory {
    var children: [String: SimulatedNode] = [:]

    /// The node at `path` below this directory (`path` is relative to it).
    func node(at path: StoragePath) -> SimulatedNode? {
        var node = SimulatedNode.directory(self)
        for name in path.components {
            guard case .directory(let directory) = node, let child = directory.children[name] else { return nil }
            node = child
        }
        return node
    }

    /// Calls `body` for every file below this directory, in path order (never hash order).
    func forEachFile(at path: StoragePath, _ body: (StoragePath, SimulatedFile) -> Void) {
        for name in children.keys.sorted() {
            switch children[name] {
            case .file(let file): body(path.appending(name), file)
            case .directory(let directory): directory.forEachFile(at: path.appending(name), body)
            case .none: break
            }
        }
    }

    /// Written bytes of every file below this directory.
    func totalBytes() -> Int {
        var total = 0
        forEachFile(at: .root) { _, file in total += file.data.count }
        return total
    }
}

/// An entry of a simulated directory.
enum SimulatedNode {
    case file(SimulatedFile)
    case directory(SimulatedDirectory)
}
