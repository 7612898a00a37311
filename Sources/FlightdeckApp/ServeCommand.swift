import KafkaCore
import Scenarios

/// One operator command of `flightdeck serve`, read from stdin one per line (the console's
/// command words: `kill 2`, `restart 2`, `isolate 1`, …).
enum ServeCommand: Hashable, Sendable {
    /// `kill N`: kill -9, no controlled shutdown; its listener and connections close.
    case kill(BrokerID)
    /// `restart N`: starts a stopped broker; its listener reopens.
    case restart(BrokerID)
    /// `stop N`: controlled shutdown, then the process exits.
    case stop(BrokerID)
    /// `isolate N`: cut off from every node (clients too); it stops answering.
    case isolate(BrokerID)
    /// `rejoin N`: undoes `isolate N`.
    case rejoin(BrokerID)
    /// `pause N SECONDS`: the broker process stops (a GC pause, SIGSTOP) for that long; its
    /// port stays open and requests wait.
    case pause(BrokerID, seconds: Int)
    /// `heal`: every network fault is lifted.
    case heal
    /// `describe TOPIC`: each partition's leader, epoch, ISR, high watermark and every
    /// replica's log end offset (like `kafka-topics --describe`, with offsets).
    case describe(topic: String)
    /// Any other broker or network action of the scenario language (`kill leader of orders-0`,
    /// `partition {1} {2 3}`, `pause controller for 5s`), as the console's command line takes it.
    case action(TimelineStep)
    case status
    case help
    case quit

    /// The command words, for `help` and error messages.
    static let words = [
        "kill N", "restart N", "stop N", "isolate N", "rejoin N", "pause N SECONDS", "heal", "describe TOPIC", "status",
        "help", "quit",
        "and the console's actions: kill|stop|restart|power-loss BROKER, pause BROKER for D, isolate BROKER, "
            + "partition {…} {…} (BROKER: N, leader of TOPIC-P, follower of TOPIC-P, controller), "
            + "create-topic NAME [partitions N] [rf N] [min.insync N] [cleanup P] [retention D]",
    ]

    /// Parses one line; a message saying what is wrong otherwise. `brokers` are the valid ids;
    /// `topics` the cluster's topics now with their partition counts (created ones included),
    /// which the scenario language's actions may name.
    static func parse(
        _ line: String, brokers: [BrokerID], topics: [(name: String, partitions: Int32)] = []
    ) -> Result<ServeCommand, UsageError> {
        let words = line.split(whereSeparator: \.isWhitespace).map(String.init)
        guard let verb = words.first?.lowercased() else { return .failure(UsageError("empty command")) }
        let simple: [String: ServeCommand] = ["heal": .heal, "status": .status, "help": .help, "quit": .quit]
        if let command = simple[verb] {
            guard words.count == 1 else { return .failure(UsageError("'\(verb)' takes no argument")) }
            return .success(command)
        }
        if verb == "describe" {
            guard words.count == 2 else { return .failure(UsageError("'describe' needs a topic name")) }
            return .success(.describe(topic: words[1]))
        }
        let ids = brokers.map { String($0.rawValue) }.joined(separator: ", ")
        if verb == "pause", !words.contains("for") {
            guard words.count == 3, let number = Int32(words[1]), brokers.contains(BrokerID(number)),
                let seconds = Int(words[2]), (1...3600).contains(seconds)
            else { return .failure(UsageError("'pause' needs a broker id (\(ids)) and 1 to 3600 seconds")) }
            return .success(.pause(BrokerID(number), seconds: seconds))
        }
        let withBroker: [String: (BrokerID) -> ServeCommand] = [
            "kill": ServeCommand.kill, "restart": ServeCommand.restart, "stop": ServeCommand.stop,
            "isolate": ServeCommand.isolate, "rejoin": ServeCommand.rejoin,
        ]
        // The short forms above; everything else in the scenario language's words.
        let isShortForm = words.count == 2 && Int32(words[1]) != nil
        if withBroker[verb] == nil || !isShortForm {
            guard ScenarioParser.commandActions.contains(verb) else {
                return .failure(
                    UsageError("unknown command '\(verb)'; commands: \(Self.words.joined(separator: ", "))"))
            }
            do {
                return .success(
                    .action(
                        try ScenarioParser.parseCommand(line, for: context(brokers: brokers.count, topics: topics))))
            } catch {
                let first = error.diagnostics.first
                return .failure(UsageError((first?.message ?? "bad command") + (first?.hint.map { " (\($0))" } ?? "")))
            }
        }
        guard let make = withBroker[verb] else { return .failure(UsageError("unknown command '\(verb)'")) }
        guard words.count == 2, let number = Int32(words[1]), brokers.contains(BrokerID(number)) else {
            return .failure(UsageError("'\(verb)' needs a broker id (\(ids))"))
        }
        return .success(make(BrokerID(number)))
    }

    /// The default cluster's scenario, with the cluster's other topics declared as they are.
    private static func context(brokers: Int, topics: [(name: String, partitions: Int32)]) -> Scenario {
        var scenario = ScenarioLibrary.consoleCluster(brokers: brokers)
        for topic in topics where scenario.topic(named: topic.name) == nil {
            scenario.topics.append(
                TopicSpec(name: topic.name, partitions: topic.partitions, replicationFactor: 1))
        }
        return scenario
    }
}
