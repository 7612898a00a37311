import KafkaCore

/// `topic`, `producer` and `group` lines: a name, then options in any order.
extension ScenarioReader {
    static let topicOptions = ["partitions", "rf", "min.insync", "cleanup", "retention", "retention-bytes"]
    static let producerOptions = [
        "topic", "rate", "steady", "wave", "ramp", "burst", "keys", "value", "acks", "idempotence", "start",
    ]
    static let groupOptions = [
        "topic", "topics", "members", "assignor", "rate", "commit", "static", "offset", "start",
    ]

    /// `topic NAME [partitions N] [rf N] [min.insync N] [cleanup P] [retention D] [retention-bytes S]
    /// [NAME=VALUE …]`.
    mutating func readTopic(_ line: inout LineReader) throws(ScenarioDiagnostic) {
        let nameToken = try newTopicName(&line, example: "topic orders partitions 6 rf 3")
        var topic = TopicSpec(name: nameToken.text, replicationFactor: Int16(min(3, brokers)), line: line.line)
        let rfToken = try readTopicOptions(&line, into: &topic)
        // The checks below find a topic that cannot be created as written; it is still declared
        // (its name and partitions are known), so later lines are checked against it.
        defer { topics.append(topic) }
        try checkReplicationFactor(of: topic, at: rfToken ?? nameToken, line: line)
        if let minInsync = topic.minInsyncReplicas, Int(minInsync) > Int(topic.replicationFactor) {
            throw line.problem(
                at: nameToken,
                "topic '\(topic.name)' has min.insync \(minInsync) above its replication factor "
                    + "\(topic.replicationFactor): no write with acks=all could ever succeed",
                hint: "min.insync is at most rf (commonly rf - 1)")
        }
    }

    /// `create-topic NAME [topic options]` after `at T`: the options of a `topic` line, with
    /// Kafka's broker defaults where not written (`num.partitions`, `default.replication.factor`:
    /// the scenario's `broker-config` values, else 1 and 1). Kafka accepts min.insync above the
    /// replication factor (the run warns); a replication factor above the brokers is refused
    /// (INVALID_REPLICATION_FACTOR).
    mutating func readCreateTopic(_ line: inout LineReader) throws(ScenarioDiagnostic) -> TopicSpec {
        let nameToken = try newTopicName(&line, example: "create-topic payments partitions 3 rf 3")
        var topic = TopicSpec(
            name: nameToken.text, partitions: Int32(brokerDefault("num.partitions") ?? 1),
            replicationFactor: brokerDefault("default.replication.factor") ?? 1, line: line.line)
        let rfToken = try readTopicOptions(&line, into: &topic)
        try checkReplicationFactor(of: topic, at: rfToken ?? nameToken, line: line)
        return topic
    }

    /// A broker config the scenario sets, as a whole number that fits a topic's size.
    private func brokerDefault(_ name: String) -> Int16? {
        brokerConfigs.last { $0.name == name }.flatMap { Int16($0.value) }.map { max(1, $0) }
    }

    /// The name a `topic` or `create-topic` line gives a new topic: legal in Kafka, not `all`,
    /// not taken, and not colliding with another topic's name where '.' and '_' are the same
    /// (Kafka refuses those: they share metric names).
    private func newTopicName(_ line: inout LineReader, example: String) throws(ScenarioDiagnostic) -> ScenarioToken {
        let nameToken = try declaredName(&line, what: "topic", example: example)
        if nameToken.text == "all" {
            throw line.problem(
                at: nameToken, "'all' cannot name a topic: 'expect leader all' means every partition",
                hint: "pick another name")
        }
        // An operator's command names no line: the file it would point into may be a built-in one.
        let isCommand = commandAt != nil
        if let earlier = topics.first(where: { $0.name == nameToken.text }) {
            throw line.problem(
                at: nameToken,
                earlier.line > 0 && !isCommand
                    ? "topic '\(nameToken.text)' is already declared on line \(earlier.line)"
                    : "topic '\(nameToken.text)' already exists: Kafka answers TOPIC_ALREADY_EXISTS")
        }
        if let earlier = createdTopics.first(where: { $0.spec.name == nameToken.text }) {
            let place = isCommand ? "" : "on line \(earlier.spec.line) "
            throw line.problem(
                at: nameToken,
                "topic '\(nameToken.text)' is already created \(place)"
                    + "(at \(Quantities.text(earlier.at))): Kafka answers TOPIC_ALREADY_EXISTS",
                hint: "pick another name")
        }
        let collisionKey = Self.collisionKey(nameToken.text)
        let others = topics.map(\.name) + createdTopics.map(\.spec.name)
        if let other = others.first(where: { Self.collisionKey($0) == collisionKey }) {
            throw line.problem(
                at: nameToken,
                "topic '\(nameToken.text)' collides with topic '\(other)': Kafka treats '.' and '_' "
                    + "as the same in topic names (metric names) and refuses it",
                hint: "pick a name that differs in more than '.' and '_'")
        }
        return nameToken
    }

    /// The name with '.' read as '_': two topics with the same key collide in Kafka.
    static func collisionKey(_ name: String) -> String { String(name.map { $0 == "." ? "_" : $0 }) }

    /// Reads a topic line's options into `topic`; the token of the replication factor, if given.
    private func readTopicOptions(
        _ line: inout LineReader, into topic: inout TopicSpec
    ) throws(ScenarioDiagnostic) -> ScenarioToken? {
        var rfToken: ScenarioToken?
        try readOptions(&line, options: Self.topicOptions, what: "topic option", acceptsConfigs: true) {
            option, line throws(ScenarioDiagnostic) in
            switch option.text {
            case "partitions":
                topic.partitions = Int32(try line.count("the number of partitions", in: 1...1000))
            case "rf":
                rfToken = line.peek()
                topic.replicationFactor = Int16(try line.count("the replication factor", in: 1...64))
            case "min.insync":
                topic.minInsyncReplicas = Int32(try line.count("min.insync.replicas", in: 1...64))
            case "cleanup":
                let policy = try line.keyword(
                    TopicSpec.CleanupPolicy.allCases.map(\.rawValue) + ["delete,compact"], what: "cleanup policy")
                topic.cleanupPolicy =
                    policy == "delete,compact" ? .compactAndDelete : TopicSpec.CleanupPolicy(rawValue: policy)
            case "retention":
                topic.retention = try line.duration("the retention time")
            case "retention-bytes":
                topic.retentionBytes = try line.size("the retention size per partition")
            default:
                let setting = try Self.config(option, names: TopicConfigName.all, what: "topic config", line: line)
                if let keyword = TopicConfigName.keywords[setting.name] {
                    throw line.problem(
                        at: option, "\(setting.name) has its own keyword on a topic line",
                        hint:
                            "write: \(keyword) \(option.text.split(separator: "=").dropFirst().joined(separator: "="))")
                }
                if let earlier = topic.configs.first(where: { $0.name == setting.name }) {
                    throw line.problem(
                        at: option, "\(setting.name) is already set on this line (\(earlier.name)=\(earlier.value))",
                        hint: "set each config once")
                }
                topic.configs.append(setting)
            }
        }
        return rfToken
    }

    /// A replication factor above the brokers cannot be placed (INVALID_REPLICATION_FACTOR).
    private func checkReplicationFactor(
        of topic: TopicSpec, at token: ScenarioToken, line: LineReader
    ) throws(ScenarioDiagnostic) {
        guard Int(topic.replicationFactor) > brokers else { return }
        throw line.problem(
            at: token,
            "topic '\(topic.name)' has replication factor \(topic.replicationFactor) but the cluster has only "
                + "\(brokers) broker\(brokers == 1 ? "" : "s")",
            hint: "lower 'rf' or raise 'brokers'")
    }

    /// `producer NAME topic T rate R [SHAPE] [keys …] [value S] [acks A] [idempotence on|off] [start T]`.
    mutating func readProducer(_ line: inout LineReader) throws(ScenarioDiagnostic) {
        let nameToken = try clientName(
            &line, what: "producer", example: "producer order-service topic orders rate 200/s")
        var topic: String?
        var rate: Double?
        var spec = ProducerSpec(name: nameToken.text, topic: "", recordsPerSecond: 1, line: line.line)
        var acksToken: ScenarioToken?
        var idempotenceToken: ScenarioToken?
        let shapes = ["steady", "wave", "ramp", "burst"]
        try readOptions(
            &line, options: Self.producerOptions, what: "producer option", sameGroup: shapes
        ) { option, line throws(ScenarioDiagnostic) in
            switch option.text {
            case "topic":
                topic = try topicName(&line)
            case "rate":
                rate = try line.rate("the producer's rate")
                guard let rate, rate > 0 else {
                    throw line.problem(at: line.previous, "a producer's rate must be above 0")
                }
            case "steady":
                spec.shape = .steady
            case "wave":
                let period = try positiveDuration(&line, "the wave's period")
                let amplitude = try line.percentage("the wave's amplitude")
                spec.shape = .wave(period: period, amplitude: amplitude)
            case "ramp":
                let target = try line.rate("the rate the ramp ends at")
                try line.require("over")
                spec.shape = .ramp(
                    recordsPerSecond: target, over: try positiveDuration(&line, "how long the ramp lasts"))
            case "burst":
                let factor = try line.factor("how many times the rate a burst sends")
                try line.require("every")
                let every = try positiveDuration(&line, "how often bursts come")
                try line.require("for")
                let lasting = try positiveDuration(&line, "how long a burst lasts")
                guard lasting <= every else {
                    throw line.problem(
                        at: line.previous, "a burst lasts at most as long as its period (\(Quantities.text(every)))")
                }
                spec.shape = .burst(factor: factor, every: every, lasting: lasting)
            case "keys":
                spec.keys = try keyDistribution(&line)
            case "value":
                let bytes = try line.size("the value size")
                guard bytes <= 1_000_000 else {
                    throw line.problem(at: line.previous, "a value is at most 1MB (the broker's max.message.bytes)")
                }
                spec.valueBytes = Int(bytes)
            case "acks":
                acksToken = option
                spec.acks = try acks(&line)
            case "idempotence":
                idempotenceToken = option
                spec.idempotence = try line.keyword(["on", "off"], what: "idempotence setting") == "on"
            default:
                spec.start = try line.duration("when the producer starts")
            }
        }
        guard let topic else {
            throw line.problem(
                at: nil, "producer '\(spec.name)' needs a topic",
                hint: "add: topic NAME (like: producer \(spec.name) topic orders rate 200/s)")
        }
        guard let rate else {
            throw line.problem(at: nil, "producer '\(spec.name)' needs a rate", hint: "add: rate 200/s")
        }
        spec.topic = topic
        spec.recordsPerSecond = rate
        try checkCreatedBefore(start: spec.start, topics: [topic], what: "producer '\(spec.name)'", line: line)
        // Declared even when the check below fails, so later lines can refer to it.
        defer { producers.append(spec) }
        if spec.idempotence == true, spec.acks != .all {
            throw line.problem(
                at: idempotenceToken ?? acksToken,
                "idempotence needs acks all (Kafka refuses acks \(spec.acks.keyword))",
                hint: "use acks all, or idempotence off")
        }
        try checkStart(spec.start, line: line)
    }

    /// `group NAME topic T[,T…] [members N] [assignor A] [rate R|unlimited] [commit auto [every D]|manual]
    /// [static] [offset earliest|latest] [start T]`.
    mutating func readGroup(_ line: inout LineReader) throws(ScenarioDiagnostic) {
        let nameToken = try clientName(&line, what: "group", example: "group inventory topic orders members 3")
        var spec = GroupSpec(name: nameToken.text, topics: [], line: line.line)
        try readOptions(
            &line, options: Self.groupOptions, what: "group option", sameGroup: ["topic", "topics"]
        ) { option, line throws(ScenarioDiagnostic) in
            switch option.text {
            case "topic", "topics":
                spec.topics = try topicList(&line)
            case "members":
                spec.members = try line.count("the number of members", in: 0...100)
            case "assignor":
                let name = try line.keyword(GroupSpec.Assignor.allCases.map(\.rawValue), what: "assignor")
                spec.assignor = GroupSpec.Assignor(rawValue: name) ?? .range
            case "rate":
                spec.recordsPerSecondPerMember = try processingRate(&line)
            case "commit":
                if try line.keyword(["auto", "manual"], what: "commit mode") == "manual" {
                    spec.commit = .manual
                } else if line.accept("every") {
                    spec.commit = .auto(interval: try positiveDuration(&line, "the auto-commit interval"))
                }
            case "static":
                spec.staticMembership = true
            case "offset":
                let reset = try line.keyword(GroupSpec.OffsetReset.allCases.map(\.rawValue), what: "offset reset")
                spec.offsetReset = GroupSpec.OffsetReset(rawValue: reset) ?? .earliest
            default:
                spec.start = try line.duration("when the members start")
            }
        }
        guard !spec.topics.isEmpty else {
            throw line.problem(
                at: nil, "group '\(spec.name)' needs a topic to subscribe to",
                hint: "add: topic NAME (like: group \(spec.name) topic orders members 3)")
        }
        defer { groups.append(spec) }
        try checkStart(spec.start, line: line)
        try checkCreatedBefore(start: spec.start, topics: spec.topics, what: "group '\(spec.name)'", line: line)
    }

    /// A client of a topic that a `create-topic` step creates starts at or after that step.
    private func checkCreatedBefore(
        start: Duration, topics names: [String], what: String, line: LineReader
    ) throws(ScenarioDiagnostic) {
        for name in names {
            guard let created = createdTopics.first(where: { $0.spec.name == name }), start < created.at else {
                continue
            }
            throw line.problem(
                at: line.tokens.first { $0.text == "start" } ?? line.tokens.first { $0.text == name },
                "\(what) starts at \(Quantities.text(start)), before topic '\(name)' is created (line "
                    + "\(created.spec.line), at \(Quantities.text(created.at)))",
                hint: "add: start \(Quantities.text(created.at))")
        }
    }

    // MARK: - Pieces

    /// Reads `OPTION …` pairs until the end of the line, handing each option word to `read`;
    /// options from `sameGroup` exclude each other; a word with `=` goes to `read` as well.
    func readOptions(
        _ line: inout LineReader, options: [String], what: String, sameGroup: [String] = [],
        acceptsConfigs: Bool = false, read: (ScenarioToken, inout LineReader) throws(ScenarioDiagnostic) -> Void
    ) throws(ScenarioDiagnostic) {
        var seen: [String: ScenarioToken] = [:]
        while let token = line.next() {
            guard token.kind == .word else {
                throw line.problem(at: token, "unexpected \(token.quoted) on a '\(line.directive.text)' line")
            }
            let isConfig = token.text.contains("=")
            if isConfig && !acceptsConfigs {
                let parts = token.text.split(separator: "=", maxSplits: 1).map(String.init)
                throw line.problem(
                    at: token, "\(what)s are written with a space, not '='",
                    hint: parts.count == 2 ? "write: \(parts[0]) \(parts[1])" : nil)
            }
            guard isConfig || options.contains(token.text) else {
                throw line.unknown(token, what: what, options: options, listName: "\(what)s")
            }
            let key = sameGroup.contains(token.text) ? sameGroup.joined(separator: "/") : token.text
            if !isConfig, let earlier = seen[key] {
                throw line.problem(
                    at: token, "'\(token.text)' conflicts with '\(earlier.text)' at column \(earlier.column)",
                    hint: "each option appears once on a line")
            }
            seen[key] = token
            try read(token, &line)
        }
    }

    /// The name after `topic`, `producer` or `group`.
    private func declaredName(
        _ line: inout LineReader, what: String, example: String
    ) throws(ScenarioDiagnostic)
        -> ScenarioToken
    {
        let token = try line.word("a \(what) name", hint: "like: \(example)")
        guard Self.isValidName(token.text) else {
            throw line.problem(
                at: token, "'\(token.text)' is not a valid \(what) name",
                hint: "use letters, digits, '.', '_' and '-' (at most 249)")
        }
        return token
    }

    /// A producer or group name: valid, not a keyword, not a number, not taken by another client.
    private func clientName(
        _ line: inout LineReader, what: String, example: String
    ) throws(ScenarioDiagnostic)
        -> ScenarioToken
    {
        let token = try declaredName(&line, what: what, example: example)
        if Self.reservedClientNames.contains(token.text) {
            throw line.problem(
                at: token,
                "'\(token.text)' is a reserved word (it has a meaning where the timeline names nodes), so it cannot "
                    + "name a \(what)",
                hint: "pick a name like order-service or inventory; reserved: "
                    + Self.reservedClientNames.joined(separator: ", "))
        }
        if Quantities.integer(token.text) != nil {
            throw line.problem(
                at: token, "'\(token.text)' cannot name a \(what): a number reads as a broker id in the timeline",
                hint: "pick a name like order-service or inventory")
        }
        if let earlier = producers.first(where: { $0.name == token.text })?.line ?? failedProducers[token.text] {
            throw line.problem(at: token, "'\(token.text)' already names the producer on line \(earlier)")
        }
        if let earlier = groups.first(where: { $0.name == token.text })?.line ?? failedGroups[token.text] {
            throw line.problem(at: token, "'\(token.text)' already names the group on line \(earlier)")
        }
        return token
    }

    /// A topic's name on a `producer` or `group` line: a declared topic, or one whose own line
    /// had a mistake (already reported; the rest of this line is still checked).
    func topicName(_ line: inout LineReader) throws(ScenarioDiagnostic) -> String {
        let token = try line.word("a topic name")
        if failedTopics.contains(token.text) { return token.text }
        return try topic(named: token.text, token: token, line: line).name
    }

    /// A declared topic's name.
    func topicReference(_ line: inout LineReader) throws(ScenarioDiagnostic) -> TopicSpec {
        let token = try line.word("a topic name")
        return try topic(named: token.text, token: token, line: line)
    }

    func topic(named name: String, token: ScenarioToken, line: LineReader) throws(ScenarioDiagnostic) -> TopicSpec {
        if let created = createdTopics.first(where: { $0.spec.name == name }) {
            // A timeline step may name it from its `create-topic` step on (a later line at the same time).
            if let reading = readingAt, (reading.at, reading.line) < (created.at, created.spec.line) {
                throw line.problem(
                    at: token,
                    "topic '\(name)' does not exist yet: line \(created.spec.line) creates it at "
                        + "\(Quantities.text(created.at))",
                    hint: "name it from a step after its create-topic")
            }
            return created.spec
        }
        guard let topic = topics.first(where: { $0.name == name }) else {
            if failedTopics.contains(name) { throw Self.alreadyReported }
            throw unknownName(token, text: name, what: "topic", names: topicNamesForHints, line: line)
        }
        return topic
    }

    /// "unknown topic 'order' — did you mean 'orders'?", listing what is declared.
    func unknownName(
        _ token: ScenarioToken, text: String, what: String, names: [String], line: LineReader
    ) -> ScenarioDiagnostic {
        let suggestion = closestMatch(to: text, in: names).map { " — did you mean '\($0)'?" } ?? ""
        let hint =
            names.isEmpty
            ? "no \(what) is declared; add a '\(what)' line"
            : "declared \(what)s: \(names.joined(separator: ", "))"
        return line.problem(at: token, "unknown \(what) '\(text)'\(suggestion)", hint: hint)
    }

    /// `orders` or `orders,payments`.
    private func topicList(_ line: inout LineReader) throws(ScenarioDiagnostic) -> [String] {
        let token = try line.word("a topic name (or several, separated by commas)")
        var names: [String] = []
        var column = token.column
        for part in token.text.split(separator: ",", omittingEmptySubsequences: false) {
            let name = String(part)
            let partToken = ScenarioToken(kind: .word, text: name, line: token.line, column: column, width: name.count)
            if !failedTopics.contains(name) { _ = try topic(named: name, token: partToken, line: line) }
            if !names.contains(name) { names.append(name) }
            column += name.count + 1
        }
        return names
    }

    /// `N/s` or `unlimited`.
    func processingRate(_ line: inout LineReader) throws(ScenarioDiagnostic) -> Double? {
        if line.accept("unlimited") { return nil }
        let rate = try line.rate("the records each member processes per second (or 'unlimited')")
        guard rate > 0 else { throw line.problem(at: line.previous, "a processing rate must be above 0") }
        return rate
    }

    func acks(_ line: inout LineReader) throws(ScenarioDiagnostic) -> Acks {
        switch try line.keyword(["all", "1", "0", "-1"], what: "acks value") {
        case "1": .leader
        case "0": .none
        default: .all
        }
    }

    /// `none`, `uniform N`, `zipf N [exponent X]`, `hot KEY P% [others N]`.
    private func keyDistribution(_ line: inout LineReader) throws(ScenarioDiagnostic) -> KeyDistribution {
        switch try line.keyword(["none", "uniform", "zipf", "hot"], what: "key distribution") {
        case "none":
            return .none
        case "uniform":
            return .uniform(keys: try line.count("the number of keys", in: 1...10_000_000))
        case "zipf":
            let keys = try line.count("the number of keys", in: 1...KeySampler.zipfKeyLimit)
            var exponent = 1.0
            if line.accept("exponent") {
                exponent = try line.decimal("the zipf exponent")
                guard exponent > 0, exponent <= 10 else {
                    throw line.problem(at: line.previous, "the zipf exponent must be above 0 and at most 10")
                }
            }
            return .zipf(keys: keys, exponent: exponent)
        default:
            let key = try line.word("the hot key", hint: "like: keys hot customer-42 80%")
            let share = try line.percentage("the hot key's share of the records")
            var others = 1000
            if line.accept("others") { others = try line.count("the number of other keys", in: 1...10_000_000) }
            return .hot(key: key.text, share: share, otherKeys: others)
        }
    }

    func positiveDuration(_ line: inout LineReader, _ what: String) throws(ScenarioDiagnostic) -> Duration {
        let value = try line.duration(what)
        guard value > .zero else { throw line.problem(at: line.previous, "\(what) must be longer than 0s") }
        return value
    }

    private func checkStart(_ start: Duration, line: LineReader) throws(ScenarioDiagnostic) {
        guard let duration, start >= duration else { return }
        let token = line.tokens.first { $0.text == "start" }
        throw line.problem(
            at: token, "starts at \(Quantities.text(start)), when the run has ended (\(Quantities.text(duration)))",
            hint: "start it earlier or make the run longer")
    }
}
