import Foundation
import Testing

/// One thing that does not belong in a source file.
struct TidyRule: Sendable {
    var name: String
    /// A regular expression matched against each line with its `//` comment removed.
    var pattern: String
    /// Whether the rule applies to a file, by its path relative to the repository root.
    var applies: @Sendable (String) -> Bool

    static let engineTargets = ["KafkaCore", "KafkaLog", "KafkaCluster", "KafkaClients"]

    static func inEngine(_ path: String) -> Bool {
        engineTargets.contains { path.hasPrefix("Sources/\($0)/") }
    }

    /// The log's file-backed storage is the one place an engine may talk to the OS.
    static func isFileBackedStorage(_ path: String) -> Bool {
        path.hasPrefix("Sources/KafkaLog/Storage/File")
    }

    static let all: [TidyRule] = [
        TidyRule(
            name: "Foundation in an engine", pattern: #"^\s*(@\w+\s+)*import\s+(Foundation|FoundationEssentials)\b"#,
            applies: inEngine),
        TidyRule(name: "print in an engine", pattern: #"(^|[^\w.])print\("#, applies: inEngine),
        TidyRule(
            name: "wall clock in an engine",
            pattern:
                #"\bDate\(\)|\bContinuousClock\b|\bSuspendingClock\b|\bclock_gettime\b|\bgettimeofday\b|\bDispatchTime\b"#,
            applies: inEngine),
        TidyRule(
            name: "unseeded randomness in an engine",
            pattern:
                #"\bSystemRandomNumberGenerator\b|\barc4random|\.random\((?![^)]*using:)[^)]*\)|\.shuffled\(\)|\.randomElement\(\)"#,
            applies: inEngine),
        TidyRule(
            name: "concurrency in an engine", pattern: #"\bTask\s*\{|\bTask\.detached\b|\bDispatchQueue\b|\bThread\b"#,
            applies: inEngine),
        TidyRule(
            name: "Glibc in an engine outside the file-backed log storage", pattern: #"^\s*(@\w+\s+)*import\s+Glibc\b"#,
            applies: { inEngine($0) && !isFileBackedStorage($0) }),
        TidyRule(
            name: "ncurses outside CursesTerminal", pattern: #"^\s*(@\w+\s+)*import\s+CNcursesw\b"#,
            applies: { $0.hasPrefix("Sources/") && !$0.hasPrefix("Sources/CursesTerminal/") }),
        TidyRule(
            name: "standard-library random algorithm in an engine or the world",
            pattern: #"\.next\(upperBound:|\.random\(in:[^)]*using:|\.shuffled\(using:|\.randomElement\(using:"#,
            applies: { inEngine($0) || $0.hasPrefix("Sources/Simulation/") }),
        TidyRule(name: "silent try? in an engine", pattern: #"\btry\?"#, applies: inEngine),
        TidyRule(name: "FIXME", pattern: #"FIXME"#, applies: { _ in true }),
        TidyRule(name: "try! or as!", pattern: #"\btry!|\bas!"#, applies: { $0.hasPrefix("Sources/") }),
    ]

    /// The rule violations in one file's text.
    static func violations(in text: String, path: String, rules: [TidyRule] = all) -> [String] {
        var found: [String] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            for rule in rules where rule.applies(path) {
                // FIXME is looked for in comments too; everything else only in code.
                let subject = rule.name == "FIXME" ? String(line) : stripComment(String(line))
                if subject.range(of: rule.pattern, options: .regularExpression) != nil {
                    found.append("\(path):\(number + 1): \(rule.name): \(line.trimmingCharacters(in: .whitespaces))")
                }
            }
        }
        return found
    }

    /// The line without a trailing `//` comment (string literals containing `//` are rare
    /// enough in this code base that a simple cut is right more often than wrong).
    static func stripComment(_ line: String) -> String {
        guard let range = line.range(of: "//") else { return line }
        return String(line[..<range.lowerBound])
    }
}

@Suite struct TidyTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test("Sources/ holds nothing that breaks the layering rules")
    func sourcesAreTidy() throws {
        let sources = Self.root.appendingPathComponent("Sources")
        guard let walker = FileManager.default.enumerator(atPath: sources.path) else {
            Issue.record("cannot list \(sources.path)")
            return
        }
        var files: [String] = []
        while let relative = walker.nextObject() as? String {
            if relative.hasSuffix(".swift") || relative.hasSuffix(".c") || relative.hasSuffix(".h") {
                files.append("Sources/" + relative)
            }
        }
        #expect(files.count > 20, "expected to find the sources, found \(files.count)")
        var violations: [String] = []
        for path in files.sorted() {
            let text = try String(contentsOf: Self.root.appendingPathComponent(path), encoding: .utf8)
            violations += TidyRule.violations(in: text, path: path)
        }
        #expect(violations.isEmpty, "\n\(violations.joined(separator: "\n"))")
    }

    @Test(
        "each rule catches what it bans",
        arguments: [
            ("Sources/KafkaCluster/X.swift", "import Foundation", "Foundation in an engine"),
            ("Sources/KafkaCore/X.swift", "@preconcurrency import Foundation", "Foundation in an engine"),
            ("Sources/KafkaLog/X.swift", "    print(\"hi\")", "print in an engine"),
            ("Sources/KafkaClients/X.swift", "let now = Date()", "wall clock in an engine"),
            ("Sources/KafkaCluster/X.swift", "let clock = ContinuousClock()", "wall clock in an engine"),
            (
                "Sources/KafkaCluster/X.swift", "var g = SystemRandomNumberGenerator()",
                "unseeded randomness in an engine"
            ),
            ("Sources/KafkaCluster/X.swift", "let p = Int.random(in: 0..<3)", "unseeded randomness in an engine"),
            ("Sources/KafkaClients/X.swift", "Task { await work() }", "concurrency in an engine"),
            (
                "Sources/KafkaLog/PartitionLog.swift", "import Glibc",
                "Glibc in an engine outside the file-backed log storage"
            ),
            ("Sources/Console/X.swift", "import CNcursesw", "ncurses outside CursesTerminal"),
            ("Sources/Console/X.swift", "// FIXME: later", "FIXME"),
            ("Sources/Console/X.swift", "let x = try! f()", "try! or as!"),
            ("Sources/KafkaLog/X.swift", "let x = try? f()", "silent try? in an engine"),
            (
                "Sources/KafkaCluster/X.swift", "let j = generator.next(upperBound: 10)",
                "standard-library random algorithm in an engine or the world"
            ),
            (
                "Sources/Simulation/X.swift", "let k = Int.random(in: 0..<3, using: &g)",
                "standard-library random algorithm in an engine or the world"
            ),
        ])
    func rulesCatch(path: String, line: String, rule: String) {
        let found = TidyRule.violations(in: line, path: path)
        #expect(found.contains { $0.contains(": \(rule): ") }, "\(rule) missed \(line) in \(path): \(found)")
    }

    @Test(
        "the rules leave allowed code alone",
        arguments: [
            ("Sources/KafkaLog/Storage/FileLogStorage.swift", "import Glibc"),
            ("Sources/CursesTerminal/X.swift", "import CNcursesw"),
            ("Sources/FlightdeckApp/X.swift", "import Foundation"),
            ("Sources/KafkaCluster/X.swift", "let p = generator.next(below: 3)"),
            ("Sources/KafkaLog/X.swift", "func read(from offset: Offset, upperBound: Offset)"),
            ("Sources/KafkaCluster/X.swift", "/// Never call Date() here: time comes in as `now`."),
            ("Sources/KafkaCluster/X.swift", "let printed = describe(x) // print( is fine in a comment"),
            ("Sources/FlightdeckApp/X.swift", "let start = Date()"),
        ])
    func rulesAllow(path: String, line: String) {
        #expect(TidyRule.violations(in: line, path: path).isEmpty)
    }
}
