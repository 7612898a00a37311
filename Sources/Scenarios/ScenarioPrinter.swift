import KafkaCore

/// Writes a `Scenario` back as scenario text, in the canonical form `Docs/SCENARIOS.md` uses:
/// header, cluster, topics, producers, groups, timeline, expectations, one declaration per line
/// and defaults left out. Parsing the text gives the same scenario (line numbers aside), so a
/// console session can be recorded as a scenario file and replayed.
public enum ScenarioPrinter {
    public static func text(of scenario: Scenario) -> String {
        var lines = ["scenario \(scenario.name)"]
        if scenario.title != scenario.name { lines.append("title \(quoted(scenario.title))") }
        lines += scenario.description.map { "description \(quoted($0))" }
        lines.append("duration \(Quantities.text(scenario.duration))")
        if let seed = scenario.seed { lines.append("seed \(seed)") }
        lines.append("")
        var brokers = "brokers \(scenario.cluster.brokers)"
        if scenario.cluster.controllers != min(3, scenario.cluster.brokers) {
            brokers += " controllers \(scenario.cluster.controllers)"
        }
        lines.append(brokers)
        lines += scenario.cluster.configs.map { "broker-config \($0.name)=\($0.value)" }
        lines += scenario.topics.map(line(for:))
        lines += scenario.producers.map(line(for:))
        lines += scenario.groups.map(line(for:))
        if !scenario.timeline.isEmpty { lines.append("") }
        lines += scenario.timeline.map(line(for:))
        if !scenario.expectations.isEmpty { lines.append("") }
        lines += scenario.expectations.map { line(for: $0.kind) }
        return lines.joined(separator: "\n") + "\n"
    }

    static func line(for topic: TopicSpec) -> String {
        var words = ["topic", topic.name, "partitions", "\(topic.partitions)", "rf", "\(topic.replicationFactor)"]
        if let minInsync = topic.minInsyncReplicas { words += ["min.insync", "\(minInsync)"] }
        if let policy = topic.cleanupPolicy { words += ["cleanup", policy.rawValue] }
        if let retention = topic.retention { words += ["retention", Quantities.text(retention)] }
        if let bytes = topic.retentionBytes { words += ["retention-bytes", Quantities.text(bytes: bytes)] }
        words += topic.configs.map { "\($0.name)=\($0.value)" }
        return words.joined(separator: " ")
    }

    static func line(for producer: ProducerSpec) -> String {
        var words = [
            "producer", producer.name, "topic", producer.topic, "rate",
            Quantities.text(recordsPerSecond: producer.recordsPerSecond),
        ]
        switch producer.shape {
        case .steady: break
        case .wave(let period, let amplitude):
            words += ["wave", Quantities.text(period), Quantities.text(fraction: amplitude)]
        case .ramp(let target, let over):
            words += ["ramp", Quantities.text(recordsPerSecond: target), "over", Quantities.text(over)]
        case .burst(let factor, let every, let lasting):
            words += [
                "burst", "\(Quantities.number(factor))x", "every", Quantities.text(every), "for",
                Quantities.text(lasting),
            ]
        }
        switch producer.keys {
        case .uniform(keys: 1000): break
        case .none: words += ["keys", "none"]
        case .uniform(let keys): words += ["keys", "uniform", "\(keys)"]
        case .zipf(let keys, let exponent):
            words += ["keys", "zipf", "\(keys)"] + (exponent == 1 ? [] : ["exponent", Quantities.number(exponent)])
        case .hot(let key, let share, let others):
            words +=
                ["keys", "hot", key, Quantities.text(fraction: share)]
                + (others == 1000 ? [] : ["others", "\(others)"])
        }
        if producer.valueBytes != 100 { words += ["value", Quantities.text(bytes: Int64(producer.valueBytes))] }
        if producer.acks != .all { words += ["acks", producer.acks.keyword] }
        if let idempotence = producer.idempotence { words += ["idempotence", idempotence ? "on" : "off"] }
        if producer.start != .zero { words += ["start", Quantities.text(producer.start)] }
        return words.joined(separator: " ")
    }

    static func line(for group: GroupSpec) -> String {
        var words = ["group", group.name, "topic", group.topics.joined(separator: ","), "members", "\(group.members)"]
        if group.assignor != .range { words += ["assignor", group.assignor.rawValue] }
        if let rate = group.recordsPerSecondPerMember { words += ["rate", Quantities.text(recordsPerSecond: rate)] }
        switch group.commit {
        case .auto(interval: .seconds(5)): break
        case .auto(let interval): words += ["commit", "auto", "every", Quantities.text(interval)]
        case .manual: words += ["commit", "manual"]
        }
        if group.staticMembership { words.append("static") }
        if group.offsetReset != .earliest { words += ["offset", group.offsetReset.rawValue] }
        if group.start != .zero { words += ["start", Quantities.text(group.start)] }
        return words.joined(separator: " ")
    }

    /// `at 30s kill leader of orders-0 for 20s`.
    public static func line(for step: TimelineStep) -> String {
        var text = "at \(Quantities.text(step.at)) \(text(of: step.action))"
        if let healsAfter = step.healsAfter { text += " for \(Quantities.text(healsAfter))" }
        return text
    }

    /// The action as the language writes it (`kill leader of orders-0`).
    public static func text(of action: Action) -> String {
        switch action {
        case .say(let text, let wait): return "say \(quoted(text))\(wait ? " wait" : "")"
        case .kill(let target), .stop(let target), .restart(let target), .powerLoss(let target), .pause(let target),
            .diskFull(let target), .ioErrors(let target):
            return "\(action.keyword) \(text(of: target))"
        case .bounce(let target, let times, let every):
            return "bounce \(text(of: target)) \(times) times every \(Quantities.text(every))"
        case .isolate(let node): return "isolate \(text(of: node))"
        case .partition(let groups, let oneWay):
            return "partition \(groups.map(braced).joined(separator: " "))\(oneWay ? " one-way" : "")"
        case .heal: return "heal"
        case .latency(let latency, let jitter, let scope):
            let jitterText = jitter == .zero ? "" : " jitter \(Quantities.text(jitter))"
            return "latency \(Quantities.text(latency))\(jitterText)\(text(of: scope))"
        case .packetLoss(let rate, let scope): return "packet-loss \(Quantities.text(fraction: rate))\(text(of: scope))"
        case .bandwidth(let bytes, let scope):
            return "bandwidth \(Quantities.text(bytes: Int64(bytes)))/s\(text(of: scope))"
        case .slowDisk(let target, let delay): return "slow-disk \(text(of: target)) \(Quantities.text(delay))"
        case .crashConsumer(let group, let member), .closeConsumer(let group, let member):
            return "\(action.keyword) \(group)\(member.map { " member \($0)" } ?? "")"
        case .addConsumer(let group, let count): return "add-consumer \(group)\(count == 1 ? "" : " count \(count)")"
        case .crashProducer(let name): return "crash-producer \(name)"
        case .restartProducer(let name): return "restart-producer \(name)"
        case .setRate(let producer, let rate): return "set-rate \(producer) \(Quantities.text(recordsPerSecond: rate))"
        case .setProcessingRate(let group, let rate):
            return "set-rate \(group) \(rate.map(Quantities.text(recordsPerSecond:)) ?? "unlimited")"
        case .setAcks(let producer, let acks): return "set-acks \(producer) \(acks.keyword)"
        case .electPreferred(let topic): return "elect-preferred\(topic.map { " \($0)" } ?? "")"
        case .createTopic(let topic): return "create-" + line(for: topic)
        }
    }

    public static func text(of target: BrokerTarget) -> String {
        switch target {
        case .id(let id): "broker \(id.rawValue)"
        case .leaderOf(let partition): "leader of \(partition)"
        case .followerOf(let partition): "follower of \(partition)"
        case .activeController: "controller"
        case .randomBroker: "random broker"
        }
    }

    public static func text(of node: NetworkNode) -> String {
        switch node {
        case .broker(let target): text(of: target)
        case .producer(let name), .group(let name): name
        case .others: "others"
        }
    }

    static func text(of scope: LinkScope) -> String {
        switch scope {
        case .everywhere: ""
        case .node(let node): " on \(text(of: node))"
        case .between(let a, let b): " between \(braced(a)) \(braced(b))"
        }
    }

    /// The expectation as the language writes it, without `expect` (`leader orders-0 within 15s`).
    public static func text(of kind: Expectation.Kind) -> String {
        switch kind {
        case .noLoss(let producer): "no-loss\(producer.map { " \($0)" } ?? "")"
        case .loss(let producer): "loss\(producer.map { " \($0)" } ?? "")"
        case .noDuplicates(let producer): "no-duplicates\(producer.map { " \($0)" } ?? "")"
        case .leaderWithin(let selector, let within): "leader \(text(of: selector)) within \(Quantities.text(within))"
        case .lagBelow(let group, let records, let within):
            "lag \(group) below \(records)\(within.map { " within \(Quantities.text($0))" } ?? "")"
        case .producerErrorsAtMost(let producer, let count): "producer-errors \(producer) at most \(count)"
        case .unavailableAtMost(let selector, let total):
            "unavailable \(selector == .all ? "" : text(of: selector) + " ")at most \(Quantities.text(total))"
        case .rebalancesAtMost(let group, let count): "rebalances \(group) at most \(count)"
        case .replicatedWithin(let selector, let within):
            "replicated \(text(of: selector)) within \(Quantities.text(within))"
        case .isrShrinks(let selector): "isr-shrink \(text(of: selector))"
        }
    }

    static func line(for kind: Expectation.Kind) -> String { "expect \(text(of: kind))" }

    public static func text(of selector: PartitionSelector) -> String {
        switch selector {
        case .all: "all"
        case .topic(let name): name
        case .partition(let partition): partition.description
        }
    }

    private static func braced(_ nodes: [NetworkNode]) -> String {
        "{" + nodes.map { text(of: $0) }.joined(separator: " ") + "}"
    }

    private static func quoted(_ text: String) -> String {
        "\"" + text.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"") + "\""
    }
}

extension String {
    /// Every occurrence of `target` replaced (the standard library's `replacing` needs macOS 13
    /// availability annotations on some toolchains; this is plain and portable).
    fileprivate func replacingAll(_ target: Character, with replacement: String) -> String {
        var result = ""
        for character in self {
            if character == target { result += replacement } else { result.append(character) }
        }
        return result
    }
}

extension Expectation: CustomStringConvertible {
    /// `expect leader orders-0 within 15s`.
    public var description: String { ScenarioPrinter.line(for: kind) }
}

extension TimelineStep: CustomStringConvertible {
    /// `at 30s kill leader of orders-0 for 20s`.
    public var description: String { ScenarioPrinter.line(for: self) }
}
