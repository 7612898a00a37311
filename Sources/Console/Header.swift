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
        if state.narration?.isWaitingForKey == true {
            // The pause comes first: nothing moves until the user answers it.
            x += grid.put("PAUSED", x: x, y: rect.y, role: .warning, maxWidth: rect.maxX - x - 1)
            x += grid.put(" press Space to continue", x: x, y: rect.y, role: .key, maxWidth: rect.maxX - x - 1)
            x += grid.put("  │  ", x: x, y: rect.y, role: .border, maxWidth: rect.maxX - x - 1)
        } else if state.isTimePaused {
            x += grid.put("PAUSED", x: x, y: rect.y, role: .warning, maxWidth: rect.maxX - x - 1)
            x += grid.put(" Space resumes, . steps", x: x, y: rect.y, role: .key, maxWidth: rect.maxX - x - 1)
            x += grid.put("  │  ", x: x, y: rect.y, role: .border, maxWidth: rect.maxX - x - 1)
        }
        if let checks = snapshot.checks {
            x += drawChecks(checks, x: x, y: rect.y, maxX: rect.maxX, into: &grid)
        }
        guard snapshot.partitionCount > 0 else {
            let text = snapshot.brokers.isEmpty ? "no cluster running" : "starting: no partitions yet"
            grid.put(text, x: x, y: rect.y, role: .muted, maxWidth: rect.maxX - x - 1)
            return
        }
        for bucket in PartitionHealth.allCases.reversed() {
            let count = snapshot.healthCounts[bucket] ?? 0
            let role: StyleRole = count == 0 ? .muted : role(for: bucket)
            let text = "● \(count) \(bucket.label)  "
            guard CellWidth.of(text) <= rect.maxX - x else { break }
            x += grid.put(text, x: x, y: rect.y, role: role)
        }
        // Then, where there is room, the controller, virtual time, speed and seed (so a run can be
        // replayed); health comes first.
        let controller = snapshot.activeController.map { "controller \($0.rawValue)" } ?? "no controller"
        let right = "\(controller)  t=\(snapshot.now)  ×\(speedText(snapshot.speed))  seed \(snapshot.seed) "
        // The listeners' address goes before the rest, and stays when only one fits: it is what a
        // user types into a client.
        let listener = snapshot.listeners.map { ["\(listenerText($0))  \(right)", "\(listenerText($0)) "] } ?? []
        let candidates = listener + [right]
        if let text = candidates.first(where: { rect.maxX - CellWidth.of($0) >= x + 1 }) {
            grid.put(text, x: rect.maxX - CellWidth.of(text), y: rect.y, role: .muted)
        }
    }

    /// `checks ✓` in the healthy colour, or `checks ✗ 2 lost · 1 skipped` in the critical one;
    /// it comes before health: a lost record matters more than a partition's state.
    static func drawChecks(_ checks: CheckSummary, x: Int, y: Int, maxX: Int, into grid: inout CellGrid) -> Int {
        var width = grid.put("checks ", x: x, y: y, role: .muted, maxWidth: maxX - x - 1)
        if checks.isClean {
            width += grid.put("✓", x: x + width, y: y, role: .healthy, maxWidth: maxX - x - width - 1)
        } else {
            width += grid.put(
                "✗ \(checks.countsText)", x: x + width, y: y, role: .critical, maxWidth: maxX - x - width - 1)
        }
        width += grid.put("  │  ", x: x + width, y: y, role: .border, maxWidth: maxX - x - width - 1)
        return width
    }

    /// `kafka 127.0.0.1:9092 · 2 clients` (and malformed frames, if any), or `no listeners`.
    static func listenerText(_ listeners: ListenerSnapshot) -> String {
        guard let address = listeners.firstAddress else { return "kafka: no listeners" }
        let clients = listeners.connections
        var text = "kafka \(address) · \(clients) client\(clients == 1 ? "" : "s")"
        if listeners.malformedFrames > 0 { text += " · \(listeners.malformedFrames) malformed" }
        return text
    }

    /// `1`, `0.5`, `10`: the speed without a needless fraction.
    static func speedText(_ speed: Double) -> String {
        speed == speed.rounded() ? String(Int(speed)) : String(speed)
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

/// The bottom line: the keys that work on the screen showing.
enum Footer {
    static let listHints: [(key: String, label: String)] = [
        ("/", "filter"), ("s S", "sort"), ("Enter", "drill in"), ("Esc", "back"), ("^Z", "problems"),
    ]
    static let hints: [(key: String, label: String)] = [
        ("1-7", "views"), (":", "command"), ("?", "help"), ("q", "quit"),
    ]

    static func draw(for screen: Screen, in rect: Rect, into grid: inout CellGrid) {
        grid.fill(rect, role: .footer)
        var x = rect.x + 1
        // List keys come first, but give way (from the last) so that quit always shows.
        var list = screen.view.isList ? listHints : []
        func width(_ hints: [(key: String, label: String)]) -> Int {
            hints.reduce(0) { $0 + CellWidth.of($1.key) + CellWidth.of($1.label) + 3 }
        }
        while !list.isEmpty && width(list + hints) > rect.width - 1 { list.removeLast() }
        for hint in list + hints {
            x += grid.put(hint.key, x: x, y: rect.y, role: .key)
            x += grid.put(" \(hint.label)  ", x: x, y: rect.y, role: .footer)
        }
    }
}
