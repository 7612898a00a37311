import KafkaCore

/// `scenario`, `title`, `description`, `duration`, `seed`, `brokers`, `broker-config`.
extension ScenarioReader {
    mutating func readSingleton(_ line: inout LineReader) throws(ScenarioDiagnostic) {
        switch line.directive.text {
        case "scenario":
            let token = try line.word("a scenario name", hint: "like: scenario leader-loss")
            guard Self.isScenarioName(token.text) else {
                throw line.problem(
                    at: token, "scenario name '\(token.text)' is not lowercase words joined by '-'",
                    hint: "like leader-loss or order-processing (letters a-z, digits, '-'; starting with a letter)")
            }
            name = token.text
        case "title":
            title = try line.string("the title", example: "\"Leader loss\"")
        case "duration":
            let token = line.peek()
            let value = try line.duration("how long the run lasts")
            // Up to the language's longest duration (a year, checked by `duration`): a console
            // session recorded with `--record` lasts as long as it ran, overnight included.
            guard value > .zero else {
                throw line.problem(at: token, "a run lasts more than 0s, not \(Quantities.text(value))")
            }
            duration = value
        case "seed":
            let token = try line.word("a seed", hint: "a whole number from 0 to \(UInt64.max)")
            guard let value = UInt64(token.text) else {
                throw line.problem(
                    at: token, "expected a seed after 'seed' — got \(token.quoted)",
                    hint: "a whole number from 0 to \(UInt64.max)")
            }
            seed = value
        default:
            try readBrokers(&line)
        }
        try line.expectEnd()
    }

    /// `brokers N [controllers N]`.
    private mutating func readBrokers(_ line: inout LineReader) throws(ScenarioDiagnostic) {
        brokers = try line.count("the number of brokers", in: 1...64)
        if line.accept("controllers") {
            controllers = try line.count("the number of controllers", in: 1...brokers)
        } else if let token = line.peek(), token.kind == .word, token.text.contains("=") {
            throw line.problem(
                at: token, "broker configs go on their own line",
                hint: "write: broker-config \(token.text)")
        } else if let token = line.peek(), token.kind == .word {
            throw line.unknown(token, what: "brokers option", options: ["controllers"])
        }
    }

    static func isScenarioName(_ text: String) -> Bool {
        guard let first = text.first, first.isASCII, first.isLowercase, text.count <= 64, !text.hasSuffix("-") else {
            return false
        }
        return text.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }
    }

    mutating func readDescription(_ line: inout LineReader) throws(ScenarioDiagnostic) {
        description.append(try line.string("a line of description", example: "\"What this drill shows.\""))
        try line.expectEnd(hint: "one quoted line per 'description'; add more 'description' lines for more")
    }

    /// `broker-config NAME=VALUE [NAME=VALUE …]`.
    mutating func readBrokerConfig(_ line: inout LineReader) throws(ScenarioDiagnostic) {
        guard !line.isAtEnd else {
            throw line.expected("NAME=VALUE", hint: "like: broker-config replica.lag.time.max.ms=10s")
        }
        while !line.isAtEnd {
            let token = try line.word("NAME=VALUE", hint: "like: broker-config replica.lag.time.max.ms=10s")
            let setting = try Self.config(token, names: BrokerConfigName.all, what: "broker config", line: line)
            if let earlier = brokerConfigs.first(where: { $0.name == setting.name }) {
                throw line.problem(
                    at: token, "\(setting.name) is already set on line \(earlier.line)", hint: "set each config once")
            }
            brokerConfigs.append(setting)
        }
    }

    /// Reads `NAME=VALUE` against `names`, normalizing the value to Kafka's form.
    static func config(
        _ token: ScenarioToken, names: [KafkaConfigName], what: String, line: LineReader
    ) throws(ScenarioDiagnostic) -> ConfigSetting {
        guard let equals = token.text.firstIndex(of: "=") else {
            throw line.problem(
                at: token, "expected NAME=VALUE — got \(token.quoted)",
                hint: "a \(what) is written with '=' and no spaces, like \(names[0].name)=\(names[0].kind.sample)")
        }
        let name = String(token.text[..<equals])
        let value = String(token.text[token.text.index(after: equals)...])
        guard let config = names.first(where: { $0.name == name }) else {
            let nameToken = ScenarioToken(
                kind: .word, text: name, line: token.line, column: token.column, width: name.count)
            throw line.unknown(
                nameToken, what: what, options: names.map(\.name), listName: "the \(what)s a scenario can set")
        }
        guard let normalized = config.normalize(value) else {
            throw line.problem(
                at: token, "\(name)=\(value): expected \(config.example)",
                hint: "like \(name)=\(config.kind.sample)")
        }
        return ConfigSetting(name, normalized, line: token.line)
    }
}

extension KafkaConfigName.Kind {
    /// A value of this kind, for examples in hints.
    var sample: String {
        switch self {
        case .milliseconds: "10s"
        case .seconds: "5m"
        case .minutes: "7d"
        case .bytes: "1MiB"
        case .integer: "2"
        case .boolean: "true"
        case .ratio: "0.5"
        case .cleanupPolicy: "compact"
        }
    }
}
