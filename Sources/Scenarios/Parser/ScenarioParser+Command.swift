import KafkaCore

extension ScenarioParser {
    /// The actions an operator command may start with: the timeline's, less `say`.
    public static let commandActions = ScenarioReader.actions.filter { $0 != "say" }

    /// Reads one operator command, `kill leader of orders-0 for 30s`: a timeline step's action
    /// and its optional `for D`, without the `at T`, checked against what `scenario` declares
    /// (its brokers, topics, producers and groups), with the same diagnostics and "did you
    /// mean" suggestions as a file. The step comes back at time zero; the caller sets `at`.
    ///
    /// Topics that `create-topic` steps of `scenario`'s timeline create may be named when the
    /// command comes at or after them: `at` is the run's time (nil: after the whole timeline).
    ///
    /// Diagnostics name `source` as the file and line 1; columns count from the command's first
    /// character. Never traps: any text gives a step or diagnostics.
    public static func parseCommand(
        _ text: String, for scenario: Scenario, at: Duration? = nil, source: String = "command"
    ) throws(ScenarioErrors) -> TimelineStep {
        let firstLine = ScenarioLexer.lines(of: text).first.map(String.init) ?? ""
        let (lines, lexical) = ScenarioLexer.tokenize(firstLine, file: source)
        if !lexical.isEmpty { throw ScenarioErrors(lexical) }
        guard let tokens = lines.first else {
            throw ScenarioErrors([
                ScenarioDiagnostic(
                    file: source, line: 1, column: 1, message: "expected an action",
                    hint: "actions: \(commandActions.joined(separator: ", "))")
            ])
        }
        var reader = ScenarioReader(file: source, declaring: scenario)
        reader.commandAt = at ?? scenario.timeline.reduce(scenario.duration) { max($0, $1.at) }
        // The reader reads what follows a line's directive; the command has none, so it gets an
        // empty one in front.
        let directive = ScenarioToken(kind: .word, text: "", line: tokens[0].line, column: 1, width: 0)
        var line = LineReader(file: source, tokens: [directive] + tokens)
        if tokens[0].kind == .word, tokens[0].text == "say" {
            throw ScenarioErrors([
                line.problem(
                    at: tokens[0], "'say' belongs in a scenario file, not on the command line",
                    hint: "actions: \(commandActions.joined(separator: ", "))")
            ])
        }
        do throws(ScenarioDiagnostic) {
            return try reader.readTimedAction(&line, at: .zero)
        } catch {
            throw ScenarioErrors([error])
        }
    }
}

extension ScenarioReader {
    /// A reader that knows `scenario`'s declarations, for reading one more line against them.
    init(file: String, declaring scenario: Scenario) {
        self.init(file: file)
        brokers = scenario.cluster.brokers
        controllers = scenario.cluster.controllers
        topics = scenario.topics
        producers = scenario.producers
        groups = scenario.groups
        brokerConfigs = scenario.cluster.configs
        for step in scenario.timeline {
            if case .createTopic(let spec) = step.action { createdTopics.append((spec, step.at)) }
        }
    }
}
