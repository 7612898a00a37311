import ClusterModel
import TerminalUI

/// The top line: product and version, then cluster health in its five buckets.
enum Header {
    static func draw(_ state: ConsoleState, snapshot: ClusterSnapshot, in rect: Rect, into grid: inout CellGrid) {
        grid.fill(rect, role: .header)
        var x = rect.x + 1
        x += grid.put("Flightdeck", x: x, y: rect.y, role: .accent)
        x += grid.put(" \(state.version)", x: x, y: rect.y, role: .muted)
        x += grid.put("  │  ", x: x, y: rect.y, role: .border)
        let healthWidth = rect.maxX - x - 1
        guard snapshot.partitionCount > 0 else {
            grid.put("no cluster running", x: x, y: rect.y, role: .muted, maxWidth: healthWidth)
            return
        }
        for bucket in PartitionHealth.allCases.reversed() {
            let count = snapshot.healthCounts[bucket] ?? 0
            let role: StyleRole = count == 0 ? .muted : role(for: bucket)
            let text = "● \(count) \(bucket.label)  "
            guard CellWidth.of(text) <= rect.maxX - x else { break }
            x += grid.put(text, x: x, y: rect.y, role: role)
        }
    }

    static func role(for health: PartitionHealth) -> StyleRole {
        switch health {
        case .healthy: .healthy
        case .underReplicated, .atMinISR: .warning
        case .underMinISR: .critical
        case .offline: .offline
        }
    }
}

/// The bottom line: the keys that work everywhere.
enum Footer {
    static let hints: [(key: String, label: String)] = [("?", "help"), ("q", "quit")]

    static func draw(in rect: Rect, into grid: inout CellGrid) {
        grid.fill(rect, role: .footer)
        var x = rect.x + 1
        for hint in hints {
            x += grid.put(hint.key, x: x, y: rect.y, role: .key)
            x += grid.put(" \(hint.label)   ", x: x, y: rect.y, role: .footer)
        }
    }
}
