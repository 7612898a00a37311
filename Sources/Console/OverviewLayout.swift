import ClusterModel
import TerminalUI

/// The body of the overview: the panels that the cluster views fill, laid out so that every
/// panel keeps a readable size from 80×24 up.
enum OverviewLayout {
    /// The panels, named as their views will be.
    enum Panel: String, CaseIterable {
        case brokers = "Brokers"
        case topics = "Topics"
        case groups = "Consumer groups"
        case throughput = "Throughput"
        case events = "Events"

        var emptyText: String {
            switch self {
            case .brokers: "no brokers running"
            case .topics: "no topics"
            case .groups: "no consumer groups"
            case .throughput: "no traffic yet"
            case .events: "nothing has happened yet"
            }
        }
    }

    /// The panels' frames. Each band is as tall as its fullest panel needs (at least a few
    /// rows, at most two fifths of the body), and the events take every row left, so a small
    /// terminal keeps room for events and a large one fills with them instead of blank space.
    static func frames(in body: Rect, snapshot: ClusterSnapshot = .empty) -> [(panel: Panel, rect: Rect)] {
        let topics = snapshot.topics.filter { !$0.isInternal }.count
        let most = max(4, body.height * 2 / 5)
        let top = min(most, max(5, max(snapshot.brokers.count, topics) + 2))
        let middle = min(most, max(6, snapshot.groups.count + 2))
        let bands = Layout.split(body, .vertical, [.fixed(top), .fixed(middle), .fill()])
        let upper = Layout.split(bands[0], .horizontal, [.percent(45), .fill()])
        let lower = Layout.split(bands[1], .horizontal, [.percent(45), .fill()])
        return [
            (.brokers, upper[0]), (.topics, upper[1]), (.groups, lower[0]), (.throughput, lower[1]),
            (.events, bands[2]),
        ]
    }

    static func draw(
        _ snapshot: ClusterSnapshot, history: MetricHistory = MetricHistory(), in body: Rect, into grid: inout CellGrid
    ) {
        for (panel, rect) in frames(in: body, snapshot: snapshot) {
            grid.drawBox(rect, title: panel.rawValue)
            let inside = rect.inset(by: 1)
            guard !inside.isEmpty else { continue }
            let lines =
                panel == .throughput && !history.isEmpty
                ? ThroughputRows.lines(snapshot, history: history, width: inside.width - 2)
                : OverviewRows.lines(for: panel, snapshot: snapshot, rows: inside.height)
            guard !lines.isEmpty else {
                let line = Rect(x: inside.x + 1, y: inside.y, width: inside.width - 2, height: 1)
                grid.put(truncating: panel.emptyText, in: line, role: .muted)
                continue
            }
            for (index, line) in lines.prefix(inside.height).enumerated() {
                var x = inside.x + 1
                for span in line where x < inside.maxX - 1 {
                    let text = fitted(span.text, width: inside.maxX - 1 - x)
                    x += grid.put(text, x: x, y: inside.y + index, role: span.role, maxWidth: inside.maxX - 1 - x)
                }
            }
        }
    }
}

extension OverviewLayout {
    /// `text` within `width` columns: its padding dropped first, then cut with `…`, so a cut
    /// line reads as cut.
    static func fitted(_ text: String, width: Int) -> String {
        guard CellWidth.of(text) > width else { return text }
        let trimmed = String(text.reversed().drop(while: { $0 == " " }).reversed())
        return CellWidth.of(trimmed) <= width ? trimmed : CellGrid.truncate(trimmed, toWidth: width)
    }
}

/// A run of text in one style.
struct Span {
    var text: String
    var role: StyleRole

    init(_ text: String, _ role: StyleRole = .text) {
        self.text = text
        self.role = role
    }
}

/// The overview panels' rows, from the snapshot alone (the throughput panel's, until the
/// history has rates: see `ThroughputRows`).
enum OverviewRows {
    static func lines(for panel: OverviewLayout.Panel, snapshot: ClusterSnapshot, rows: Int) -> [[Span]] {
        switch panel {
        case .brokers: brokers(snapshot)
        case .topics: topics(snapshot)
        case .groups: groups(snapshot)
        case .throughput: throughput(snapshot)
        case .events: events(snapshot, rows: rows)
        }
    }

    static func brokers(_ snapshot: ClusterSnapshot) -> [[Span]] {
        snapshot.brokers.map { broker in
            // Compact enough for the narrowest panel (80 columns); the Brokers view has the rest.
            var spans = [
                Span(pad("\(broker.id.rawValue)", 3), .title), Span("● ", role(for: broker.state)),
                Span(pad(broker.state.rawValue, 9), role(for: broker.state)),
            ]
            spans.append(broker.isActiveController ? Span(pad("controller", 11), .accent) : Span(pad("", 11)))
            spans.append(Span(pad("leads \(broker.partitionsLed)", 9), .muted))
            spans.append(Span(bytes(broker.logSizeBytes), .muted))
            return spans
        }
    }

    static func topics(_ snapshot: ClusterSnapshot) -> [[Span]] {
        snapshot.topics.filter { !$0.isInternal }.map { topic in
            var spans = [
                Span(pad(topic.name, 14), .title),
                Span(pad("\(topic.partitionCount)p RF\(topic.replicationFactor)", 9), .muted),
            ]
            for bucket in PartitionHealth.allCases.reversed() {
                guard let count = topic.healthCounts[bucket], count > 0 else { continue }
                spans.append(Span("● \(count) \(bucket.label)  ", Header.role(for: bucket)))
            }
            return spans
        }
    }

    /// Name, state, lag and status first (they fit the narrowest panel), members last; the
    /// state column is as wide as the longest state shown.
    static func groups(_ snapshot: ClusterSnapshot) -> [[Span]] {
        let stateWidth = (snapshot.groups.map(\.state.count).max() ?? 0) + 1
        let nameWidth = min(16, (snapshot.groups.map(\.groupID.count).max() ?? 0) + 2)
        let lagWidth = (snapshot.groups.map { "\($0.totalLag)".count }.max() ?? 0) + 2
        return snapshot.groups.map { group in
            let stable = group.state == "Stable"
            return [
                Span(pad(group.groupID, nameWidth), .title),
                Span(pad(group.state, stateWidth), stable ? .healthy : .warning),
                Span("lag ", .muted),
                Span(pad("\(group.totalLag)", lagWidth), group.totalLag > 1000 ? .warning : .text),
                Span(
                    pad(group.status.label, 7),
                    group.status == .ok ? .healthy : group.status == .warn ? .warning : .critical),
                Span("\(group.members.count) members", .muted),
            ]
        }
    }

    static func throughput(_ snapshot: ClusterSnapshot) -> [[Span]] {
        let bytesIn = snapshot.brokers.reduce(0) { $0 + $1.bytesIn }
        guard bytesIn > 0 else { return [] }
        let messages = snapshot.brokers.reduce(0) { $0 + $1.messagesIn }
        return [[Span("in ", .muted), Span("\(messages) messages, \(bytes(bytesIn))")]]
    }

    static func events(_ snapshot: ClusterSnapshot, rows: Int) -> [[Span]] {
        snapshot.events.suffix(max(0, rows)).map { event in
            [Span(pad(event.instant.description, 9), .muted), Span(event.text, role(for: event.kind))]
        }
    }

    static func role(for state: BrokerSnapshot.State) -> StyleRole {
        switch state {
        case .running: .healthy
        case .fenced, .starting, .shuttingDown, .paused, .isolated: .warning
        case .stopped: .offline
        }
    }

    static func role(for kind: ClusterEvent.Kind) -> StyleRole {
        switch kind {
        case .fault, .check: .critical
        case .leadership: .warning
        case .broker, .controller, .isr, .topic, .group: .text
        }
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }

    static func bytes(_ count: Int) -> String {
        switch count {
        case ..<1024: "\(count) B"
        case ..<(1 << 20): "\(count / 1024) KiB"
        default: "\(count >> 20) MiB"
        }
    }
}
