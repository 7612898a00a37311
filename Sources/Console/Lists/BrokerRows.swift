import ClusterModel
import TerminalUI

/// The Brokers view: one row per broker.
enum BrokerRows {
    static let sparkWidth = 8

    static func content(_ snapshot: ClusterSnapshot, history: MetricHistory) -> ListContent {
        var columns = [
            Column("ID", alignRight: true), Column("STATE"), Column("CONTROLLER", dropOrder: 3),
            Column("LEADS", alignRight: true), Column("FOLLOWS", alignRight: true, dropOrder: 4),
            Column("IN/s", alignRight: true), Column("", width: sparkWidth, dropOrder: 2),
            Column("OUT/s", alignRight: true), Column("", width: sparkWidth, dropOrder: 2),
            Column("MSG/s", alignRight: true, dropOrder: 5), Column("LOG SIZE", alignRight: true),
            Column("NOTICE", flexible: true, dropOrder: 6),
        ]
        var rows = snapshot.brokers.map { row($0, history: history) }
        if let listeners = snapshot.listeners {
            // Before NOTICE: where real clients connect, how many are, and frames that made no sense.
            let at = columns.count - 1
            columns.insert(
                contentsOf: [
                    Column("PORT", alignRight: true, dropOrder: 4), Column("CLIENTS", alignRight: true),
                    Column("MALFORMED", alignRight: true, dropOrder: 5),
                ], at: at)
            for index in rows.indices {
                let listener = listeners.broker(snapshot.brokers[index].id)
                rows[index].cells.insert(contentsOf: cells(listener), at: at)
                rows[index].sortKeys.insert(
                    contentsOf: [
                        .number(Double(listener?.port ?? 0)), .number(Double(listener?.connections ?? 0)),
                        .number(Double(listener?.malformedFrames ?? 0)),
                    ], at: at)
            }
        }
        return ListContent(columns: columns, rows: rows, emptyText: "no brokers running")
    }

    static func row(_ broker: BrokerSnapshot, history: MetricHistory) -> ListRow {
        let id = broker.id.rawValue
        let bytesIn = history.latest(.brokerBytesIn(id))
        let bytesOut = history.latest(.brokerBytesOut(id))
        let messages = history.latest(.brokerMessagesIn(id))
        let role = OverviewRows.role(for: broker.state)
        let controller =
            broker.isActiveController ? Span("active", .accent) : Span(broker.isQuorumVoter ? "voter" : "—", .muted)
        let notice = broker.notices.last ?? ""
        return ListRow(
            id: "broker:\(id)",
            cells: [
                [Span("\(id)", .title)], [Span("\(glyph(for: broker.state)) \(broker.state.rawValue)", role)],
                [controller], [Span("\(broker.partitionsLed)")], [Span("\(broker.partitionsFollowed)")],
                [Span(Format.bytesRate(bytesIn))],
                [Span(Sparkline.render(history.values(.brokerBytesIn(id)), width: sparkWidth), .healthy)],
                [Span(Format.bytesRate(bytesOut))],
                [Span(Sparkline.render(history.values(.brokerBytesOut(id)), width: sparkWidth), .follower)],
                [Span(Format.rate(messages))], [Span(Format.bytes(broker.logSizeBytes))], [Span(notice, .muted)],
            ],
            sortKeys: [
                .number(Double(id)), .text(broker.state.rawValue), .number(broker.isActiveController ? 2 : 0),
                .number(Double(broker.partitionsLed)), .number(Double(broker.partitionsFollowed)),
                .number(bytesIn ?? 0), .number(bytesIn ?? 0), .number(bytesOut ?? 0), .number(bytesOut ?? 0),
                .number(messages ?? 0), .number(Double(broker.logSizeBytes)), .text(notice),
            ],
            isProblem: broker.state != .running,
            searchText: "broker \(id) \(broker.state.rawValue) \(broker.isActiveController ? "controller" : "")",
            drill: Screen(.partitions, scope: .broker(id)))
    }

    /// A broker's listener cells: its port (`—` without a listener), connected clients, and
    /// malformed frames (highlighted when there were any).
    static func cells(_ listener: ListenerSnapshot.Broker?) -> [[Span]] {
        let port = listener?.port.map { Span(String($0)) } ?? Span("—", .muted)
        let clients = listener?.connections ?? 0
        let malformed = listener?.malformedFrames ?? 0
        return [
            [port], [Span(String(clients), clients > 0 ? .accent : .muted)],
            [Span(String(malformed), malformed > 0 ? .warning : .muted)],
        ]
    }

    /// A glyph per state, so the state reads without colour.
    static func glyph(for state: BrokerSnapshot.State) -> String {
        switch state {
        case .running: "●"
        case .fenced: "◐"
        case .starting, .shuttingDown: "◌"
        case .stopped: "✕"
        case .paused: "‖"
        case .isolated: "⊘"
        }
    }
}
