import Foundation
import Testing

@testable import Scenarios

/// The examples in `Docs/SCENARIOS.md` are what newcomers copy: each whole scenario in it must parse.
@Suite struct ScenarioDocsTests {
    static func documentedScenarios() throws -> [String] {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Docs/SCENARIOS.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        var blocks: [String] = []
        var current: [Substring]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") {
                if let block = current {
                    blocks.append(block.joined(separator: "\n"))
                    current = nil
                } else {
                    current = []
                }
            } else {
                current?.append(line)
            }
        }
        return blocks.filter { block in block.split(separator: "\n").contains { $0.hasPrefix("scenario ") } }
    }

    @Test("every whole scenario in Docs/SCENARIOS.md parses")
    func examplesParse() throws {
        let examples = try Self.documentedScenarios()
        #expect(examples.count >= 3)
        for example in examples {
            do {
                _ = try ScenarioParser.parse(example, file: "SCENARIOS.md")
            } catch {
                Issue.record("\(error.rendered(source: example))")
            }
        }
    }
}
