import Foundation
import TerminalUI
import Testing

/// Golden-file comparison for rendered frames. `FLIGHTDECK_RECORD_GOLDEN=1 swift test` rewrites
/// the files (review the diff before committing); otherwise a mismatch fails with both texts.
enum Golden {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static func check(_ grid: CellGrid, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let text =
            grid.lines.map { line in
                // Trailing spaces are invisible in review; keep them out of the files.
                String(line.reversed().drop(while: { $0 == " " }).reversed())
            }.joined(separator: "\n") + "\n"
        let url = directory.appendingPathComponent(name + ".txt")
        if ProcessInfo.processInfo.environment["FLIGHTDECK_RECORD_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record(
                "missing golden file \(url.path); record it with FLIGHTDECK_RECORD_GOLDEN=1 swift test",
                sourceLocation: sourceLocation)
            return
        }
        #expect(text == expected, "frame differs from \(name).txt", sourceLocation: sourceLocation)
    }
}
