import ClusterModel
import TerminalUI

/// The scenario banner under the header: the scenario's title, then its latest `say` line,
/// wrapped to at most two lines; at the end, that the drill finished and how to get its
/// scorecard.
enum NarrationBanner {
    /// The most lines a `say` line wraps to.
    static let narrationLinesLimit = 2

    /// The banner's lines and their roles, for `width` columns.
    static func lines(_ narration: ScenarioNarration, width: Int) -> [(text: String, role: StyleRole)] {
        let inner = max(1, width - 2)
        var lines = [
            (CellGrid.truncate("Scenario \(narration.name): \(narration.title)", toWidth: inner), StyleRole.title)
        ]
        let message: String?
        let role: StyleRole
        if let failure = narration.failure {
            message = "The drill could not start: \(failure)"
            role = .critical
        } else if narration.isFinished {
            message =
                "Drill finished. For its scorecard, run: flightdeck run \(narration.reference) --seed \(narration.seed)"
            role = .healthy
        } else {
            message = narration.text.map { "“\($0)”" }
            role = .accent
        }
        if let message {
            let wrapped = ConsoleRenderer.wrap(message, width: inner)
            lines += wrapped.prefix(narrationLinesLimit).map { ($0, role) }
        }
        return lines
    }

    /// How many rows the banner takes at `width`.
    static func height(_ narration: ScenarioNarration, width: Int) -> Int {
        lines(narration, width: width).count
    }

    static func draw(_ narration: ScenarioNarration, in rect: Rect, into grid: inout CellGrid) {
        for (index, line) in lines(narration, width: rect.width).enumerated() where index < rect.height {
            grid.put(line.text, x: rect.x + 1, y: rect.y + index, role: line.role, maxWidth: rect.width - 2)
        }
    }
}
