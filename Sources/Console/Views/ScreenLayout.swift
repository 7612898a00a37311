import TerminalUI

/// Where each screen's parts go; shared by the renderer and by the page-sized moves, so that
/// `PgDn` moves exactly one visible page.
enum ScreenLayout {
    /// The rows between the header and the status line.
    static func body(_ size: Size) -> Rect {
        Layout.split(Rect(size: size), .vertical, [.fixed(1), .fill(), .fixed(1), .fixed(1)])[1]
    }

    /// The frame of the screen's list, and the frame below it (group details), if any. The
    /// groups' list takes the rows it needs (at least a few, at most three fifths of the body)
    /// and the details take the rest.
    static func frames(for screen: Screen, in body: Rect, rowCount: Int) -> (list: Rect, detail: Rect?) {
        switch screen.view {
        case .groups:
            let most = body.height * 3 / 5
            let height = min(most, max(6, rowCount + 3))
            let parts = Layout.split(body, .vertical, [.fixed(height), .fill()])
            return (parts[0], parts[1])
        default:
            return (body, nil)
        }
    }

    /// Rows under the column headers (and above the legend, in the partitions view).
    static func listRows(for screen: Screen, size: Size, rowCount: Int) -> Int {
        let frame = frames(for: screen, in: body(size), rowCount: rowCount).list
        return max(0, frame.height - 3 - (screen.view == .partitions ? 1 : 0))
    }
}
