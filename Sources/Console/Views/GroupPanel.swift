import ClusterModel
import TerminalUI

/// The lower half of the groups screens: the group's members with their assignments, and its
/// rebalance history (newest first) with why each started and how long consumption paused.
enum GroupPanel {
    static func draw(_ group: GroupSnapshot?, in frame: Rect, into grid: inout CellGrid) {
        let halves = Layout.split(frame, .horizontal, [.percent(50), .fill()])
        guard let group else {
            grid.drawBox(frame, title: "Members")
            grid.put(
                truncating: "no group selected",
                in: Rect(
                    x: frame.x + 2, y: frame.y + 1, width: frame.width - 4,
                    height: 1), role: .muted)
            return
        }
        drawLines(
            memberLines(group), title: "Members of \(group.groupID) [\(group.members.count)]",
            empty: "no members", in: halves[0], into: &grid)
        drawLines(
            rebalanceLines(group), title: "Rebalances [\(group.rebalances.count)]", empty: "no rebalance seen yet",
            in: halves[1], into: &grid)
    }

    static func memberLines(_ group: GroupSnapshot) -> [[Span]] {
        var lines: [[Span]] = [
            [
                Span("\(group.state) · gen \(group.generation) · \(group.protocolName ?? "no assignor")", .muted),
                Span(" · coordinator \(group.coordinator.map { "\($0.rawValue)" } ?? "none")", .muted),
            ]
        ]
        lines.append([
            Span("consume \(Format.rate(group.consumeRate))/s  arrive \(Format.rate(group.arriveRate))/s", .muted)
        ])
        for member in group.members.sorted(by: { ($0.clientID, $0.memberID) < ($1.clientID, $1.memberID) }) {
            let name = member.groupInstanceID.map { "\(member.clientID) (\($0))" } ?? member.clientID
            lines.append([Span(name + "  ", .title), Span(assignmentText(member))])
        }
        return lines
    }

    /// `orders 0,1,2 · order-events 1`: partitions grouped by topic.
    static func assignmentText(_ member: GroupMemberSnapshot) -> String {
        let partitions = member.assignment
        guard !partitions.isEmpty else { return "no partitions" }
        var topics: [String] = []
        var numbers: [String: [Int32]] = [:]
        for partition in partitions.sorted() {
            if numbers[partition.topic] == nil { topics.append(partition.topic) }
            numbers[partition.topic, default: []].append(partition.partition)
        }
        return topics.map { topic in
            "\(topic) " + (numbers[topic] ?? []).map(String.init).joined(separator: ",")
        }.joined(separator: " · ")
    }

    static func rebalanceLines(_ group: GroupSnapshot) -> [[Span]] {
        var lines: [[Span]] = []
        // The coordinator's latest cause, unless the history already shows it.
        if let cause = group.rebalanceCause, group.rebalances.last?.cause != cause {
            lines.append([Span("last cause: \(cause)", .muted)])
        }
        for rebalance in group.rebalances.reversed() {
            var spans = [
                Span("gen \(rebalance.generation)  ", .title), Span("\(rebalance.startedAt)  ", .muted),
                Span(
                    rebalance.pause.map { "paused \($0)" } ?? "in progress", rebalance.pause == nil ? .warning : .text),
            ]
            if !rebalance.joined.isEmpty {
                spans.append(Span("  +" + rebalance.joined.joined(separator: " +"), .healthy))
            }
            if !rebalance.left.isEmpty { spans.append(Span("  −" + rebalance.left.joined(separator: " −"), .warning)) }
            if let moved = rebalance.assignmentChanges.map({ _ in rebalance.movedPartitions }) {
                spans.append(Span("  \(moved) moved", .muted))
            }
            lines.append(spans)
            if let cause = rebalance.cause { lines.append([Span("  " + cause, .muted)]) }
        }
        return lines
    }

    private static func drawLines(
        _ lines: [[Span]], title: String, empty: String, in frame: Rect, into grid: inout CellGrid
    ) {
        grid.drawBox(frame, title: title)
        let inside = frame.inset(by: 1)
        guard inside.width > 2 else { return }
        guard !lines.isEmpty else {
            grid.put(
                truncating: empty, in: Rect(x: inside.x + 1, y: inside.y, width: inside.width - 2, height: 1),
                role: .muted)
            return
        }
        for (index, line) in lines.prefix(inside.height).enumerated() {
            ListView.draw(line, x: inside.x + 1, y: inside.y + index, width: inside.width - 2, into: &grid)
        }
    }
}
