import KafkaCore

/// `at T ACTION [for D]` lines.
extension ScenarioReader {
    static let actions = [
        "say", "kill", "stop", "restart", "power-loss", "pause", "bounce", "isolate", "partition", "heal", "latency",
        "packet-loss", "bandwidth", "slow-disk", "disk-full", "io-errors", "crash-consumer", "close-consumer",
        "add-consumer", "crash-producer", "restart-producer", "set-rate", "set-acks", "elect-preferred",
        "create-topic",
    ]
    static let targetWords = ["broker", "leader", "follower", "controller", "random"]
    static let targetHint = "a broker is: broker N, leader of TOPIC-P, follower of TOPIC-P, controller, random broker"

    mutating func readStep(_ line: inout LineReader) throws(ScenarioDiagnostic) {
        let atToken = line.peek()
        let at = try line.duration("a time")
        if let atToken { try checkWithinRun(at, token: atToken, line: line, what: "the step happens") }
        steps.append(try readTimedAction(&line, at: at))
    }

    /// `ACTION [for D]` at `at`: the rest of an `at` line, or a whole operator command.
    mutating func readTimedAction(_ line: inout LineReader, at: Duration) throws(ScenarioDiagnostic) -> TimelineStep {
        guard let actionToken = line.peek(), actionToken.kind == .word else {
            throw line.expected("an action", hint: "actions: \(Self.actions.joined(separator: ", "))")
        }
        guard Self.actions.contains(actionToken.text) else {
            throw line.unknown(actionToken, what: "action", options: Self.actions, listName: "actions")
        }
        _ = line.next()
        readingAt = (commandAt ?? at, commandAt == nil ? line.line : Int.max)
        defer { readingAt = nil }
        let action = try readAction(actionToken.text, &line)
        var healsAfter: Duration?
        if let forToken = line.peek(), forToken.kind == .word, forToken.text == "for" {
            _ = line.next()
            guard action.canHeal else {
                throw line.problem(
                    at: forToken, "'\(actionToken.text)' takes no 'for': it does not undo itself",
                    hint: "faults that heal themselves: kill, stop, power-loss, pause, isolate, partition, latency, "
                        + "packet-loss, bandwidth, slow-disk, disk-full, io-errors, crash-consumer, close-consumer, "
                        + "crash-producer, set-rate, set-acks")
            }
            healsAfter = try positiveDuration(&line, "how long the fault lasts")
            try checkWithinRun(at + (healsAfter ?? .zero), token: forToken, line: line, what: "the fault heals")
        } else if action.requiresHealing {
            throw line.problem(
                at: line.peek(), "'\(actionToken.text)' needs 'for D': how long it lasts",
                hint: "like: at \(Quantities.text(at)) pause broker 2 for 10s")
        }
        try line.expectEnd(hint: line.isAtEnd ? nil : "one action per 'at' line; put the next one on its own line")
        let step = TimelineStep(at: at, action: action, healsAfter: healsAfter, line: line.line)
        if case .createTopic(let spec) = action { createdTopics.append((spec, at)) }
        if case .bounce = action {
            try checkWithinRun(step.end, token: actionToken, line: line, what: "the last bounce ends")
        }
        return step
    }

    private mutating func readAction(_ keyword: String, _ line: inout LineReader) throws(ScenarioDiagnostic) -> Action {
        switch keyword {
        case "say":
            let text = try line.string("the text to say", example: "say \"The leader is gone.\"")
            guard text.contains(where: { !$0.isWhitespace }) else {
                throw line.problem(
                    at: line.previous, "'say' needs something to say", hint: "write the text in the quotes")
            }
            return .say(text: text, waitForKey: line.accept("wait"))
        case "kill": return .kill(try brokerTarget(&line))
        case "stop": return .stop(try brokerTarget(&line))
        case "restart": return .restart(try brokerTarget(&line))
        case "power-loss": return .powerLoss(try brokerTarget(&line))
        case "pause": return .pause(try brokerTarget(&line))
        case "bounce":
            let target = try brokerTarget(&line)
            let times = try line.count("how many times to bounce", in: 1...100)
            try line.require("times")
            try line.require("every")
            return .bounce(target, times: times, every: try positiveDuration(&line, "the time between bounces"))
        case "isolate": return .isolate(try networkNode(&line))
        case "partition": return try partition(&line)
        case "heal": return .heal
        case "latency":
            let latency = try line.duration("the added latency")
            var jitter = Duration.zero
            if line.accept("jitter") { jitter = try line.duration("the jitter") }
            return .latency(latency, jitter: jitter, scope: try linkScope(&line))
        case "packet-loss":
            return .packetLoss(rate: try line.percentage("the share of messages lost"), scope: try linkScope(&line))
        case "bandwidth":
            let token = line.peek()
            guard let text = line.peekWord, let bytes = Quantities.bandwidth(text), bytes > 0, bytes <= Int64(Int32.max)
            else {
                throw line.problem(
                    at: token,
                    "expected a bandwidth after 'bandwidth', like 1MiB/s\(token.map { " — got \($0.quoted)" } ?? "")",
                    hint: "a size per second: 500KB/s, 10MiB/s")
            }
            _ = line.next()
            return .bandwidth(bytesPerSecond: Int(bytes), scope: try linkScope(&line))
        case "slow-disk":
            let target = try brokerTarget(&line)
            return .slowDisk(target, delay: try positiveDuration(&line, "the added delay per disk operation"))
        case "disk-full": return .diskFull(try brokerTarget(&line))
        case "io-errors": return .ioErrors(try brokerTarget(&line))
        case "crash-consumer", "close-consumer":
            let group = try groupReference(&line)
            var member: Int?
            if line.accept("member") {
                memberColumns[line.line] = line.peek()?.column
                member = try line.count("the member number", in: 1...200)
            }
            return keyword == "crash-consumer"
                ? .crashConsumer(group: group.name, member: member) : .closeConsumer(group: group.name, member: member)
        case "add-consumer":
            let group = try groupReference(&line)
            var count = 1
            if line.accept("count") { count = try line.count("how many members to add", in: 1...100) }
            return .addConsumer(group: group.name, count: count)
        case "crash-producer": return .crashProducer(try producerReference(&line).name)
        case "restart-producer": return .restartProducer(try producerReference(&line).name)
        case "set-rate": return try setRate(&line)
        case "set-acks":
            let producer = try producerReference(&line)
            let acksToken = line.peek()
            let value = try acks(&line)
            if producer.idempotence == true, value != .all {
                throw line.problem(
                    at: acksToken, "producer '\(producer.name)' has idempotence on, which needs acks all",
                    hint: "declare it with idempotence off to change its acks (line \(producer.line))")
            }
            return .setAcks(producer: producer.name, value)
        case "create-topic": return .createTopic(try readCreateTopic(&line))
        default:
            guard let token = line.peek(), token.kind == .word else { return .electPreferred(topic: nil) }
            _ = line.next()
            if token.text == "all" { return .electPreferred(topic: nil) }
            return .electPreferred(topic: try topic(named: token.text, token: token, line: line).name)
        }
    }

    /// `set-rate PRODUCER R` or `set-rate GROUP R|unlimited`.
    private func setRate(_ line: inout LineReader) throws(ScenarioDiagnostic) -> Action {
        let token = try line.word("a producer or group name")
        if producers.contains(where: { $0.name == token.text }) {
            let rate = try line.rate("the new rate")
            guard rate > 0 else { throw line.problem(at: line.previous, "a producer's rate must be above 0") }
            return .setRate(producer: token.text, recordsPerSecond: rate)
        }
        if groups.contains(where: { $0.name == token.text }) {
            return .setProcessingRate(group: token.text, recordsPerSecondPerMember: try processingRate(&line))
        }
        if failedClients.contains(token.text) { throw Self.alreadyReported }
        throw unknownName(token, text: token.text, what: "producer or group", names: clientNames, line: line)
    }

    // MARK: - Targets

    /// `broker N`, `N`, `leader of T-P`, `follower of T-P`, `controller`, `random broker`.
    func brokerTarget(_ line: inout LineReader) throws(ScenarioDiagnostic) -> BrokerTarget {
        guard let token = line.peek(), token.kind == .word else {
            throw line.expected("a broker", hint: Self.targetHint)
        }
        if Quantities.looksNumeric(token.text) {
            _ = line.next()
            return .id(try brokerID(token, line: line))
        }
        switch token.text {
        case "broker":
            _ = line.next()
            guard let number = line.peek(), number.kind == .word else {
                throw line.expected("a broker id", hint: "brokers are numbered 1 to \(brokers)")
            }
            _ = line.next()
            return .id(try brokerID(number, line: line))
        case "leader", "follower":
            _ = line.next()
            try line.require("of")
            let partition = try topicPartition(&line)
            return token.text == "leader" ? .leaderOf(partition) : .followerOf(partition)
        case "controller":
            _ = line.next()
            return .activeController
        case "random":
            _ = line.next()
            try line.require("broker")
            return .randomBroker
        default:
            let suggestion = closestMatch(to: token.text, in: Self.targetWords).map { " — did you mean '\($0)'?" } ?? ""
            throw line.problem(at: token, "expected a broker — got \(token.quoted)\(suggestion)", hint: Self.targetHint)
        }
    }

    private func brokerID(_ token: ScenarioToken, line: LineReader) throws(ScenarioDiagnostic) -> BrokerID {
        guard let id = Quantities.integer(token.text), id >= 1, id <= brokers else {
            throw line.problem(
                at: token, "there is no broker \(token.text): the cluster has brokers 1 to \(brokers)",
                hint: brokers < 64 ? "raise 'brokers' to use more" : nil)
        }
        return BrokerID(Int32(id))
    }

    /// `orders-0`: a declared topic and one of its partitions.
    func topicPartition(_ line: inout LineReader) throws(ScenarioDiagnostic) -> TopicPartition {
        let token = try line.word("a partition, like orders-0")
        return try resolvePartition(token, line: line)
    }

    private func resolvePartition(_ token: ScenarioToken, line: LineReader) throws(ScenarioDiagnostic) -> TopicPartition
    {
        guard let dash = token.text.lastIndex(of: "-"),
            let number = Quantities.integer(String(token.text[token.text.index(after: dash)...]))
        else {
            if let topic = topics.first(where: { $0.name == token.text }) {
                throw line.problem(
                    at: token, "'\(token.text)' is a topic; name one of its partitions",
                    hint: "like \(topic.name)-0 (partitions 0 to \(topic.partitions - 1))")
            }
            if failedTopics.contains(token.text) {
                throw line.problem(
                    at: token, "'\(token.text)' is a topic; name one of its partitions", hint: "like \(token.text)-0")
            }
            throw line.problem(
                at: token, "expected a partition like orders-0 — got \(token.quoted)",
                hint: "a partition is a topic name, '-', and the partition number")
        }
        let name = String(token.text[..<dash])
        let topicToken = ScenarioToken(
            kind: .word, text: name, line: token.line, column: token.column, width: name.count)
        let topic = try topic(named: name, token: topicToken, line: line)
        guard number < Int(topic.partitions) else {
            throw line.problem(
                at: token, "topic '\(name)' has no partition \(number): it has partitions 0 to \(topic.partitions - 1)")
        }
        return TopicPartition(name, Int32(number))
    }

    /// A broker target or a client (producer or group) name.
    func networkNode(_ line: inout LineReader) throws(ScenarioDiagnostic) -> NetworkNode {
        guard let token = line.peek(), token.kind == .word else {
            throw line.expected("a broker or a client", hint: Self.targetHint + "; or a producer or group name")
        }
        if Quantities.looksNumeric(token.text) || Self.targetWords.contains(token.text) {
            return .broker(try brokerTarget(&line))
        }
        _ = line.next()
        if producers.contains(where: { $0.name == token.text }) { return .producer(token.text) }
        if groups.contains(where: { $0.name == token.text }) { return .group(token.text) }
        if failedClients.contains(token.text) { throw Self.alreadyReported }
        if let dash = token.text.lastIndex(of: "-"),
            Quantities.integer(String(token.text[token.text.index(after: dash)...])) != nil,
            topicNamesForHints.contains(String(token.text[..<dash]))
        {
            throw line.problem(
                at: token, "'\(token.text)' is a partition, not a broker or client",
                hint: "to act on the broker that leads it, write: leader of \(token.text)")
        }
        let suggestion =
            closestMatch(to: token.text, in: clientNames + Self.targetWords).map { " — did you mean '\($0)'?" } ?? ""
        throw line.problem(
            at: token, "unknown broker or client '\(token.text)'\(suggestion)",
            hint: Self.targetHint + (clientNames.isEmpty ? "" : "; clients: \(clientNames.joined(separator: ", "))"))
    }

    /// `{A …} {B …} [{C …} …] [one-way]`.
    private func partition(_ line: inout LineReader) throws(ScenarioDiagnostic) -> Action {
        var groups: [[NetworkNode]] = []
        var seen: [NetworkNode: Int] = [:]
        while let open = line.peek(), open.kind == .openBrace {
            _ = line.next()
            groups.append(try nodeGroup(&line, seen: &seen, number: groups.count + 1))
        }
        guard groups.count >= 2 else {
            throw line.expected(
                groups.isEmpty ? "node groups in braces" : "a second group in braces",
                hint: "like: partition {1} {2 3}, or partition {leader of orders-0} {order-service}")
        }
        let oneWay = line.accept("one-way")
        if oneWay, groups.count != 2 {
            throw line.problem(
                at: line.previous, "'one-way' needs exactly two groups (from the first to the second)",
                hint: "split it into several partition steps")
        }
        return .partition(groups: groups, oneWay: oneWay)
    }

    private func nodeGroup(
        _ line: inout LineReader, seen: inout [NetworkNode: Int], number: Int
    ) throws(ScenarioDiagnostic) -> [NetworkNode] {
        var nodes: [NetworkNode] = []
        while true {
            guard let token = line.peek() else {
                throw line.expected("'}' to close the group", hint: "like: partition {1} {2 3}")
            }
            if token.kind == .closeBrace {
                _ = line.next()
                break
            }
            if token.kind == .word && token.text == "others" {
                try othersGroup(&line, token: token, alone: nodes.isEmpty, seen: &seen, number: number)
                return [.others]
            }
            let node = try networkNode(&line)
            if let earlier = seen[node] {
                throw line.problem(
                    at: token, "\(token.quoted) is already in group \(earlier)", hint: "a node belongs to one group")
            }
            seen[node] = number
            nodes.append(node)
        }
        guard !nodes.isEmpty else {
            throw line.problem(at: line.previous, "an empty group", hint: "put at least one broker or client in it")
        }
        return nodes
    }

    /// `{others}`: alone in its group, once per step.
    private func othersGroup(
        _ line: inout LineReader, token: ScenarioToken, alone: Bool, seen: inout [NetworkNode: Int], number: Int
    ) throws(ScenarioDiagnostic) {
        _ = line.next()
        if let earlier = seen[.others] {
            throw line.problem(
                at: token, "'others' is already group \(earlier)", hint: "one group of a partition can be 'others'")
        }
        guard alone, let close = line.peek(), close.kind == .closeBrace else {
            throw line.problem(
                at: token, "'others' is a whole group on its own: every node the other groups do not name",
                hint: "like: partition {controller} {others}")
        }
        _ = line.next()
        seen[.others] = number
    }

    /// Nothing (every link), `on NODE`, or `between {…} {…}`.
    private func linkScope(_ line: inout LineReader) throws(ScenarioDiagnostic) -> LinkScope {
        if line.accept("on") { return .node(try networkNode(&line)) }
        guard line.accept("between") else { return .everywhere }
        var seen: [NetworkNode: Int] = [:]
        var sides: [[NetworkNode]] = []
        for number in 1...2 {
            guard let open = line.peek(), open.kind == .openBrace else {
                throw line.expected("a group in braces", hint: "like: between {1} {2 3}")
            }
            _ = line.next()
            sides.append(try nodeGroup(&line, seen: &seen, number: number))
        }
        return .between(sides[0], sides[1])
    }

    func producerReference(_ line: inout LineReader) throws(ScenarioDiagnostic) -> ProducerSpec {
        let token = try line.word("a producer name")
        guard let producer = producers.first(where: { $0.name == token.text }) else {
            if failedProducers[token.text] != nil { throw Self.alreadyReported }
            if groups.contains(where: { $0.name == token.text }) || failedGroups[token.text] != nil {
                throw line.problem(
                    at: token, "'\(token.text)' is a group, not a producer",
                    hint: producers.isEmpty
                        ? "no producer is declared; add a 'producer' line"
                        : "declared producers: \(producerNamesForHints.joined(separator: ", "))")
            }
            throw unknownName(token, text: token.text, what: "producer", names: producerNamesForHints, line: line)
        }
        return producer
    }

    func groupReference(_ line: inout LineReader) throws(ScenarioDiagnostic) -> GroupSpec {
        let token = try line.word("a group name")
        guard let group = groups.first(where: { $0.name == token.text }) else {
            if failedGroups[token.text] != nil { throw Self.alreadyReported }
            if producers.contains(where: { $0.name == token.text }) || failedProducers[token.text] != nil {
                throw line.problem(
                    at: token, "'\(token.text)' is a producer, not a consumer group",
                    hint: groupNamesForHints.isEmpty
                        ? "lag and rebalances are a consumer group's; add a 'group' line (like: group billing topic "
                            + "orders members 2)"
                        : "declared groups: \(groupNamesForHints.joined(separator: ", "))")
            }
            throw unknownName(token, text: token.text, what: "group", names: groupNamesForHints, line: line)
        }
        return group
    }

    /// `all`, a topic, or a topic's partition (a declared topic's exact name wins).
    func partitionSelector(_ line: inout LineReader) throws(ScenarioDiagnostic) -> PartitionSelector {
        let token = try line.word("partitions: all, a topic, or one partition like orders-0")
        if token.text == "all" { return .all }
        // A topic a `create-topic` step creates counts too: expectations are judged at the end.
        func isTopic(_ name: String) -> Bool {
            topics.contains { $0.name == name } || createdTopics.contains { $0.spec.name == name }
        }
        if isTopic(token.text) { return .topic(token.text) }
        if let dash = token.text.lastIndex(of: "-"),
            Quantities.integer(String(token.text[token.text.index(after: dash)...])) != nil,
            isTopic(String(token.text[..<dash]))
        {
            return .partition(try resolvePartition(token, line: line))
        }
        let topicName = token.text.lastIndex(of: "-").map { String(token.text[..<$0]) }
        if token.text.hasSuffix("*"), let topicName, isTopic(topicName) || failedTopics.contains(topicName) {
            throw line.problem(
                at: token, "there are no wildcards in partition names",
                hint: "'\(topicName)' alone means all its partitions")
        }
        if failedTopics.contains(token.text) || topicName.map(failedTopics.contains) == true {
            throw Self.alreadyReported
        }
        throw unknownName(token, text: token.text, what: "topic", names: topicNamesForHints, line: line)
    }
}
