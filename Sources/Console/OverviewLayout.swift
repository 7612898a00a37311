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

    static func frames(in body: Rect) -> [(panel: Panel, rect: Rect)] {
        let bands = Layout.split(body, .vertical, [.fill(weight: 2), .fill(weight: 2), .fill(weight: 1)])
        let top = Layout.split(bands[0], .horizontal, [.percent(45), .fill()])
        let middle = Layout.split(bands[1], .horizontal, [.percent(45), .fill()])
        return [
            (.brokers, top[0]), (.topics, top[1]), (.groups, middle[0]), (.throughput, middle[1]),
            (.events, bands[2]),
        ]
    }

    static func draw(_ snapshot: ClusterSnapshot, in body: Rect, into grid: inout CellGrid) {
        for (panel, rect) in frames(in: body) {
            grid.drawBox(rect, title: panel.rawValue)
            let inside = rect.inset(by: 1)
            guard !inside.isEmpty else { continue }
            let line = Rect(x: inside.x + 1, y: inside.y, width: inside.width - 2, height: 1)
            grid.put(truncating: panel.emptyText, in: line, role: .muted)
        }
    }
}
