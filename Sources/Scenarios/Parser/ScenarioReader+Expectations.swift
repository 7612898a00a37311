import KafkaCore

/// `expect …` lines.
extension ScenarioReader {
    static let expectations = [
        "no-loss", "loss", "no-duplicates", "leader", "lag", "producer-errors", "unavailable", "rebalances",
        "replicated", "isr-shrink",
    ]

    mutating func readExpectation(_ line: inout LineReader) throws(ScenarioDiagnostic) {
        guard let token = line.peek(), token.kind == .word else {
            throw line.expected("what to expect", hint: "expectations: \(Self.expectations.joined(separator: ", "))")
        }
        guard Self.expectations.contains(token.text) else {
            throw line.unknown(token, what: "expectation", options: Self.expectations, listName: "expectations")
        }
        _ = line.next()
        if let within = line.tokens.first(where: { $0.kind == .word && $0.text == "within" }) {
            withinColumns[line.line] = within.column
        }
        let kind = try readKind(token.text, &line)
        try line.expectEnd()
        try checkContradiction(kind, token: token, line: line)
        expectations.append(Expectation(kind, line: line.line))
    }

    private func readKind(_ keyword: String, _ line: inout LineReader) throws(ScenarioDiagnostic) -> Expectation.Kind {
        switch keyword {
        case "no-loss": return .noLoss(producer: try optionalProducer(&line))
        case "loss": return .loss(producer: try optionalProducer(&line))
        case "no-duplicates": return .noDuplicates(producer: try optionalProducer(&line))
        case "leader":
            let selector = try partitionSelector(&line)
            try line.require("within")
            return .leaderWithin(selector, try positiveDuration(&line, "how soon a leader is back"))
        case "lag":
            let group = try groupReference(&line)
            try line.require("below")
            let records = try line.count("the lag, in records", in: 1...Int(Int32.max))
            var within: Duration?
            if line.accept("within") { within = try line.duration("how soon the lag drains") }
            return .lagBelow(group: group.name, records: Int64(records), within: within)
        case "producer-errors":
            let producer = try producerReference(&line)
            return .producerErrorsAtMost(producer: producer.name, count: try atMostCount(&line, "errors"))
        case "unavailable":
            var selector = PartitionSelector.all
            if line.peekWord != "at" { selector = try partitionSelector(&line) }
            try line.require("at")
            try line.require("most")
            return .unavailableAtMost(selector, try line.duration("the partition-seconds without a leader"))
        case "rebalances":
            let group = try groupReference(&line)
            return .rebalancesAtMost(group: group.name, count: try atMostCount(&line, "rebalances"))
        case "replicated":
            let selector = try partitionSelector(&line)
            try line.require("within")
            return .replicatedWithin(selector, try line.duration("how soon replication is complete"))
        default:
            return .isrShrinks(try partitionSelector(&line))
        }
    }

    private func optionalProducer(_ line: inout LineReader) throws(ScenarioDiagnostic) -> String? {
        line.isAtEnd ? nil : try producerReference(&line).name
    }

    private func atMostCount(_ line: inout LineReader, _ what: String) throws(ScenarioDiagnostic) -> Int {
        try line.require("at")
        try line.require("most")
        return try line.count("the most \(what) allowed", in: 0...Int(Int32.max))
    }

    /// `expect loss` next to `expect no-loss` for the same producer can never pass.
    private func checkContradiction(
        _ kind: Expectation.Kind, token: ScenarioToken, line: LineReader
    ) throws(ScenarioDiagnostic) {
        let opposite: Expectation.Kind
        switch kind {
        case .loss(let producer): opposite = .noLoss(producer: producer)
        case .noLoss(let producer): opposite = .loss(producer: producer)
        default: return
        }
        if let earlier = expectations.first(where: { $0.kind == opposite }) {
            throw line.problem(
                at: token, "this contradicts the expectation on line \(earlier.line): the drill could never pass",
                hint: "'loss' is a negative control; keep one of the two")
        }
    }
}
