import KafkaCore

/// Reads scenario text into a `Scenario`, or every problem in it (see `Docs/SCENARIOS.md`).
///
/// Lines are read in four phases, so a file may declare things in any order and every
/// reference is checked against the whole file: the header and the cluster first, then topics,
/// then producers and groups, then the timeline and expectations. Each line that fails adds one
/// diagnostic and the rest of the file is still read; diagnostics come back in file order.
public enum ScenarioParser {
    /// Parses `text`; `file` names it in diagnostics and becomes `Scenario.source`.
    /// Never traps: any input gives a scenario or diagnostics.
    public static func parse(_ text: String, file: String) throws(ScenarioErrors) -> Scenario {
        var reader = ScenarioReader(file: file)
        let (lines, lexical) = ScenarioLexer.tokenize(text, file: file)
        reader.diagnostics = lexical
        for phase in ScenarioReader.Phase.allCases {
            for tokens in lines where ScenarioReader.phase(of: tokens) == phase {
                var line = LineReader(file: file, tokens: tokens)
                do {
                    try reader.read(&line)
                } catch {
                    reader.noteFailedDeclaration(tokens)
                    if error != ScenarioReader.alreadyReported { reader.diagnostics.append(error) }
                }
            }
        }
        let scenario = reader.finish()
        guard reader.diagnostics.isEmpty, let scenario else {
            throw ScenarioErrors(
                reader.diagnostics.sorted { ($0.line, $0.column) < ($1.line, $1.column) }.uniqued())
        }
        return scenario
    }

    /// The directives a line may start with.
    public static let directives = [
        "scenario", "title", "description", "duration", "seed", "brokers", "broker-config", "topic", "producer",
        "group", "at", "expect",
    ]
}

extension Array where Element: Hashable {
    /// The elements without repeats, first occurrences kept in order.
    fileprivate func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}

/// The parser's state while it reads one file: what has been declared so far, and the problems.
struct ScenarioReader {
    enum Phase: Int, CaseIterable {
        /// `at T create-topic …` lines are read after the `topic` lines and before the clients:
        /// producers, groups and the timeline may name the topics they create.
        case header, topics, createdTopics, clients, timeline
    }

    let file: String
    var diagnostics: [ScenarioDiagnostic] = []
    var name: String?
    var title: String?
    var description: [String] = []
    var duration: Duration?
    var seed: UInt64?
    var brokers = 3
    var controllers: Int?
    var brokerConfigs: [ConfigSetting] = []
    var topics: [TopicSpec] = []
    var producers: [ProducerSpec] = []
    var groups: [GroupSpec] = []
    var steps: [TimelineStep] = []
    /// The topics `create-topic` steps create, with when.
    var createdTopics: [(spec: TopicSpec, at: Duration)] = []
    /// The time and line of the timeline step being read: a topic created by a `create-topic`
    /// step may be named from then on (nil on other lines).
    var readingAt: (at: Duration, line: Int)?
    /// Set for an operator command: it happens at this time of the run, after every step so far.
    var commandAt: Duration?
    var expectations: [Expectation] = []
    /// Names declared on lines that had a mistake: references to them are not reported again.
    var failedTopics: Set<String> = []
    /// Producer and group names declared on lines that had a mistake, with their lines.
    var failedProducers: [String: Int] = [:]
    var failedGroups: [String: Int] = [:]
    var failedClients: Set<String> { Set(failedProducers.keys).union(failedGroups.keys) }
    /// Thrown by a line that refers to a declaration whose own line was already reported: the
    /// line is abandoned without a second, misleading "unknown topic" diagnostic.
    static let alreadyReported = ScenarioDiagnostic(file: "", line: 0, column: 0, message: "")

    /// Remembers the name a failed `topic`, `producer` or `group` line declared.
    mutating func noteFailedDeclaration(_ tokens: [ScenarioToken]) {
        guard tokens.count >= 2, tokens[1].kind == .word else { return }
        switch tokens[0].text {
        case "topic": failedTopics.insert(tokens[1].text)
        case "at" where tokens.count > 3 && tokens[2].text == "create-topic" && tokens[3].kind == .word:
            let name = tokens[3].text
            if !topics.contains(where: { $0.name == name }) && !createdTopics.contains(where: { $0.spec.name == name })
            {
                failedTopics.insert(name)
            }
        case "producer", "group":
            let name = tokens[1].text
            // A name that clashed with an earlier declaration is not a second declaration.
            guard !clientNames.contains(name), failedClients.contains(name) == false else { return }
            if tokens[0].text == "producer" {
                failedProducers[name] = tokens[0].line
            } else {
                failedGroups[name] = tokens[0].line
            }
        default: break
        }
    }

    /// The column of `within` on each `expect` line that has one, for diagnostics found later.
    var withinColumns: [Int: Int] = [:]
    /// The column of the member number on each `crash-consumer`/`close-consumer … member N` line.
    var memberColumns: [Int: Int] = [:]
    /// Directives that may appear once, with the line that set them.
    var setOnLine: [String: Int] = [:]

    init(file: String) {
        self.file = file
    }

    static func phase(of tokens: [ScenarioToken]) -> Phase {
        switch tokens[0].text {
        case "topic": .topics
        case "at" where tokens.count > 2 && tokens[2].text == "create-topic": .createdTopics
        case "producer", "group": .clients
        case "at", "expect": .timeline
        default: .header
        }
    }

    mutating func read(_ line: inout LineReader) throws(ScenarioDiagnostic) {
        let directive = line.directive
        guard directive.kind == .word else {
            throw line.problem(
                at: directive, "a line starts with a directive, not \(directive.quoted)",
                hint: "directives: \(ScenarioParser.directives.joined(separator: ", "))")
        }
        switch directive.text {
        case "scenario", "title", "duration", "seed", "brokers":
            if let earlier = setOnLine[directive.text] {
                throw line.problem(
                    at: directive, "'\(directive.text)' is already set on line \(earlier)",
                    hint: "a scenario has one '\(directive.text)' line; remove one of them")
            }
            setOnLine[directive.text] = line.line
            try readSingleton(&line)
        case "description": try readDescription(&line)
        case "broker-config": try readBrokerConfig(&line)
        case "topic": try readTopic(&line)
        case "producer": try readProducer(&line)
        case "group": try readGroup(&line)
        case "at": try readStep(&line)
        case "expect": try readExpectation(&line)
        default:
            throw line.unknown(
                directive, what: "directive", options: ScenarioParser.directives, listName: "a line starts with one of")
        }
    }

    /// The scenario, when the required lines are there (diagnostics say what is missing).
    mutating func finish() -> Scenario? {
        // A `scenario` or `duration` line that had a mistake was reported on its own line.
        if name == nil && setOnLine["scenario"] == nil {
            diagnostics.append(
                ScenarioDiagnostic(
                    file: file, line: 1, column: 1, message: "missing the 'scenario NAME' line",
                    hint: "start the file with a name, like: scenario leader-loss"))
        }
        if duration == nil && setOnLine["duration"] == nil {
            diagnostics.append(
                ScenarioDiagnostic(
                    file: file, line: 1, column: 1, message: "missing the 'duration' line",
                    hint: "say how long the run lasts, like: duration 2m"))
        }
        guard let name, let duration else { return nil }
        checkChecksFitInRun(duration: duration)
        checkMembersExist()
        // Steps at the same time keep their source order (`create-topic` lines are read first).
        let timeline = steps.sorted { ($0.at, $0.line) < ($1.at, $1.line) }
        return Scenario(
            name: name, title: title ?? name, description: description, duration: duration, seed: seed,
            cluster: ClusterSpec(brokers: brokers, controllers: controllers, configs: brokerConfigs), topics: topics,
            producers: producers, groups: groups, timeline: timeline, expectations: expectations, source: file)
    }

    /// `within T` of lag and replication expectations counts from the end of the last fault;
    /// the run must last that long, or the expectation could never be checked.
    private mutating func checkChecksFitInRun(duration: Duration) {
        let lastFaultEnd = steps.reduce(Duration.zero) { $1.action.isNarration ? $0 : max($0, $1.end) }
        for expectation in expectations {
            let within: Duration?
            switch expectation.kind {
            case .lagBelow(_, _, let time): within = time
            case .replicatedWithin(_, let time): within = time
            default: within = nil
            }
            guard let within, lastFaultEnd + within > duration else { continue }
            diagnostics.append(
                ScenarioDiagnostic(
                    file: file, line: expectation.line, column: withinColumns[expectation.line] ?? 1,
                    message: "'within \(Quantities.text(within))' counts from the end of the last fault "
                        + "(\(Quantities.text(lastFaultEnd))), so it ends at \(Quantities.text(lastFaultEnd + within)), "
                        + "after the run (\(Quantities.text(duration)))",
                    hint: "make the run longer, end the faults earlier, or allow less time"))
        }
    }

    /// `member N` must name a member the group has: one it starts with or one `add-consumer` adds.
    private mutating func checkMembersExist() {
        for step in steps {
            let group: String
            let member: Int
            switch step.action {
            case .crashConsumer(let name, .some(let number)), .closeConsumer(let name, .some(let number)):
                (group, member) = (name, number)
            default: continue
            }
            guard let spec = groups.first(where: { $0.name == group }) else { continue }
            let added = steps.reduce(0) { total, other in
                if case .addConsumer(group, let count) = other.action { return total + count }
                return total
            }
            let most = spec.members + added
            guard member > most else { continue }
            diagnostics.append(
                ScenarioDiagnostic(
                    file: file, line: step.line, column: memberColumns[step.line] ?? 1,
                    message: "group '\(group)' never has a member \(member): it has at most \(most)",
                    hint:
                        "members are numbered from 1 (line \(spec.line) starts \(spec.members); add-consumer adds more)"
                ))
        }
    }

    // MARK: - Names

    /// Names of topics, producers and groups: Kafka's legal characters.
    static func isValidName(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 249 && text != "." && text != ".."
            && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "-") }
    }

    /// Words that mean something where a client name may stand (inside `{…}`, after `on`).
    static let reservedClientNames = [
        "broker", "leader", "follower", "controller", "random", "all", "unlimited", "for", "on", "between", "one-way",
        "others",
    ]

    /// The names of the declared clients (producers, then groups).
    var clientNames: [String] { producers.map(\.name) + groups.map(\.name) }

    /// Declared names for hints, those on lines with a mistake included (they are declared,
    /// only not usable until their line is fixed).
    var topicNamesForHints: [String] { topics.map(\.name) + createdTopics.map(\.spec.name) + failedTopics.sorted() }
    var producerNamesForHints: [String] { producers.map(\.name) + failedProducers.keys.sorted() }
    var groupNamesForHints: [String] { groups.map(\.name) + failedGroups.keys.sorted() }

    /// A time written in the timeline must lie within the run.
    func checkWithinRun(
        _ end: Duration, token: ScenarioToken, line: LineReader, what: String
    ) throws(ScenarioDiagnostic) {
        guard let duration, end > duration else { return }
        throw line.problem(
            at: token, "\(what) at \(Quantities.text(end)), after the run ends at \(Quantities.text(duration))",
            hint: "move it earlier or make the run longer ('duration' on line \(setOnLine["duration"] ?? 1))")
    }
}
