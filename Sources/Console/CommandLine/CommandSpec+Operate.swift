import ClusterModel

/// The operator's commands: every action of the scenario language (`kill 2`,
/// `isolate 1 for 30s`, `crash-consumer analytics`), handed to the cluster as text
/// (`ConsoleAction.operate`), which parses them with the scenario grammar; and the controls of
/// virtual time (`pause`, `resume`, `step`, `speed X`), which the console answers itself.
extension CommandSpec {
    /// What completes an action's arguments.
    enum Vocabulary {
        /// A broker: an id, `leader of P`, `follower of P`, `controller`, `random broker`.
        case broker
        /// A broker or a client (producer, group).
        case node
        case group
        case producer
        /// A producer or a group (`set-rate`).
        case client
        case topic
        /// A new topic's name, then its options (`create-topic`).
        case newTopic
        case none
    }

    /// The action commands, in the scenario language's order, with their arguments as help shows them.
    static let actionCommands: [CommandSpec] = [
        action("kill", "<broker> [for D]", "kill -9 a broker (for D: it restarts after D)", .broker),
        action("stop", "<broker> [for D]", "stop a broker gracefully (leadership moves first)", .broker),
        action("restart", "<broker>", "start a stopped or killed broker again", .broker),
        action("power-loss", "<broker> [for D]", "kill a broker and lose what it had not flushed", .broker),
        action("bounce", "<broker> N times every D", "kill and restart a broker N times", .broker),
        action("isolate", "<broker|client> [for D]", "cut a broker or client off the network", .node),
        action("heal", nil, "lift every partition and isolation, restore links", .none),
        action("latency", "D [jitter D] [on X]", "add latency to the links", .node),
        action("packet-loss", "P% [on X]", "lose a share of the messages on the links", .node),
        action("bandwidth", "SIZE/s [on X]", "cap the links' bandwidth", .node),
        action("slow-disk", "<broker> D", "slow a broker's disk writes", .broker),
        action("disk-full", "<broker>", "fill a broker's disk", .broker),
        action("io-errors", "<broker>", "make a broker's disk fail", .broker),
        action("crash-consumer", "<group> [member N]", "crash a group member (no LeaveGroup)", .group),
        action("close-consumer", "<group> [member N]", "close a group member cleanly", .group),
        action("add-consumer", "<group> [count N]", "start more members in a group", .group),
        action("crash-producer", "<producer> [for D]", "crash a producer", .producer),
        action("restart-producer", "<producer>", "start a crashed producer again", .producer),
        action("set-rate", "<producer|group> N/s", "change a producer's rate or a group's pace", .client),
        action("set-acks", "<producer> all|1|0", "change a producer's acks", .producer),
        action("elect-preferred", "[topic]", "preferred leader election", .topic),
        action(
            "create-topic", "<name> [opts]",
            "create a topic (CreateTopics through the controller)", .newTopic),
    ]

    /// The options of `create-topic`, as the scenario language's `topic` line takes them.
    static let topicOptions = ["partitions", "rf", "min.insync", "cleanup", "retention", "retention-bytes"]

    /// `partition {1} {2 3}` cuts the network; alone, `:partition` shows the partitions view as
    /// it always did.
    static let partitionCommand = CommandSpec(
        name: "partition", argumentHint: "{A…} {B…} [one-way] [for D]",
        summary: "cut the network between node groups (alone: the partitions view)",
        arguments: { _, snapshot in brokerWords(snapshot) + ["{", "}", "for", "one-way"] }
    ) { arguments, _ in
        arguments.isEmpty ? .perform(.showView(.partitions)) : .perform(.operate(joined("partition", arguments)))
    }

    /// `pause` (virtual time), `pause <broker> for D` (a broker), `resume`, `step`, `speed X`.
    static let timeCommands: [CommandSpec] = [
        CommandSpec(
            name: "pause", argumentHint: "[<broker> for D]",
            summary: "pause virtual time; with a broker: pause that broker for D",
            arguments: { before, snapshot in completions(.broker, before: before, snapshot: snapshot) }
        ) { arguments, _ in
            arguments.isEmpty ? .perform(.pauseTime) : .perform(.operate(joined("pause", arguments)))
        },
        CommandSpec(name: "resume", summary: "let virtual time run again") { arguments, _ in
            arguments.isEmpty ? .perform(.resumeTime) : .failed(":resume takes no argument (got '\(arguments[0])')")
        },
        CommandSpec(name: "step", summary: "advance virtual time by one slice (100 ms) while paused") { arguments, _ in
            arguments.isEmpty ? .perform(.stepTime) : .failed(":step takes no argument (got '\(arguments[0])')")
        },
        CommandSpec(
            name: "speed", argumentHint: "X", summary: "virtual seconds per wall second, 0.1 to 100",
            completions: { _ in ["0.1", "0.5", "1", "2", "5", "10", "100"] }
        ) { arguments, _ in
            guard arguments.count == 1, let speed = speed(arguments[0]) else {
                return .failed(
                    ":speed takes one number from 0.1 to 100, like :speed 10 (got '\(arguments.joined(separator: " "))')"
                )
            }
            return .perform(.setSpeed(speed))
        },
    ]

    /// `10`, `x10`, `10x`, `0.5`: a speed within 0.1…100.
    static func speed(_ text: String) -> Double? {
        var text = Substring(text)
        if text.hasPrefix("x") || text.hasPrefix("×") { text = text.dropFirst() }
        if text.hasSuffix("x") { text = text.dropLast() }
        guard let value = Double(text), value.isFinite, value >= 0.1, value <= 100 else { return nil }
        return value
    }

    private static func action(
        _ name: String, _ hint: String?, _ summary: String, _ vocabulary: Vocabulary
    ) -> CommandSpec {
        CommandSpec(
            name: name, argumentHint: hint, summary: summary,
            arguments: { before, snapshot in completions(vocabulary, before: before, snapshot: snapshot) }
        ) { arguments, _ in
            .perform(.operate(joined(name, arguments)))
        }
    }

    private static func joined(_ name: String, _ arguments: [String]) -> String {
        ([name] + arguments).joined(separator: " ")
    }

    /// What may come next after `before` (the arguments already typed).
    static func completions(_ vocabulary: Vocabulary, before: [String], snapshot: ClusterSnapshot) -> [String] {
        let topics = snapshot.topics.filter { !$0.isInternal }.map(\.name)
        let groups = snapshot.groups.map(\.groupID)
        if vocabulary == .newTopic { return newTopicCompletions(before: before, snapshot: snapshot) }
        switch before.last {
        case "leader", "follower": return ["of"]
        case "of":
            return snapshot.partitions.filter { topics.contains($0.topicPartition.topic) }.map(
                \.topicPartition.description)
        case "random": return ["broker"]
        case "broker": return snapshot.brokers.map { String($0.id.rawValue) }
        case "on": return brokerWords(snapshot) + snapshot.producerNames + groups
        case "set-acks": return []
        default: break
        }
        if !before.isEmpty {
            if vocabulary == .producer, snapshot.producerNames.contains(before[0]), before.count == 1 {
                return ["all", "1", "0", "for"]
            }
            if vocabulary == .group { return before.count == 1 ? ["member", "count", "for"] : [] }
            return ["for"]
        }
        switch vocabulary {
        case .broker: return brokerWords(snapshot)
        case .node: return brokerWords(snapshot) + snapshot.producerNames + groups
        case .group: return groups
        case .producer: return snapshot.producerNames
        case .client: return snapshot.producerNames + groups
        case .topic: return ["all"] + topics
        case .newTopic, .none: return []
        }
    }

    /// Broker ids and the role words (`leader`, `follower`, `controller`, `random`).
    static func brokerWords(_ snapshot: ClusterSnapshot) -> [String] {
        snapshot.brokers.map { String($0.id.rawValue) } + ["leader", "follower", "controller", "random"]
    }

    /// `create-topic NAME …`: no name is offered (it is a new one), then the options not yet
    /// given, and the values of the one just typed.
    private static func newTopicCompletions(before: [String], snapshot: ClusterSnapshot) -> [String] {
        guard let last = before.last, before.count >= 1 else { return [] }
        switch last {
        case "partitions": return ["1", "3", "6", "12"]
        case "rf", "min.insync": return (1...max(1, min(5, snapshot.brokers.count))).map(String.init)
        case "cleanup": return ["delete", "compact", "compact,delete"]
        case "retention": return ["1h", "1d", "7d"]
        case "retention-bytes": return ["1GiB", "10GiB"]
        default: return topicOptions.filter { !before.dropFirst().contains($0) }
        }
    }
}
