import KafkaCore
import Simulation
import WireServer

/// `flightdeck serve`: the default cluster headless, with every broker listening for real Kafka
/// clients on loopback, driven by operator commands on stdin.
enum ServeRunner {
    static func run(_ options: ServeOptions) -> Int32 {
        var system = SystemRandomNumberGenerator()
        let seed = options.seed ?? system.next() % 1_000_000
        Flightdeck.writeOutput("seed: \(seed)\n")
        let cluster = SimulatedCluster(.realClients(brokers: options.brokers, seed: seed))
        var server = WireServer(plan: ListenerPlan(portBase: options.portBase))
        server.syncListeners(with: cluster)
        report(server.takeNotices())
        guard !server.listeningPorts.isEmpty else {
            Flightdeck.writeError("flightdeck serve: no broker could listen; pick another --port-base\n")
            return ExitCode.failure
        }
        Flightdeck.writeOutput("bootstrap: \(server.bootstrapServers)\n")
        var loop = WireRunLoop(
            cluster: cluster, server: server, topics: TopicBootstrap.defaultTopics(brokers: options.brokers))
        ServeInput.trapStopSignals()
        var input = ServeInput()
        var announcedTopics = false
        while ServeInput.stopSignal == nil {
            loop.turn()
            report(loop.server.takeNotices())
            if !announcedTopics, loop.topics.isDone {
                announcedTopics = true
                Flightdeck.writeOutput("ready: topics orders, order-events created\n")
            }
            for line in input.takeLines() where !line.allSatisfy(\.isWhitespace) {
                guard execute(line, loop: &loop) else {
                    loop.server.shutdown()
                    return ExitCode.success
                }
            }
        }
        loop.server.shutdown()
        Flightdeck.writeOutput("stopped by signal \(ServeInput.stopSignal ?? 0)\n")
        return ExitCode.success
    }

    private static func report(_ notices: [String]) {
        for notice in notices { Flightdeck.writeOutput(notice + "\n") }
    }

    /// Runs one command line and prints its result; false for `quit`.
    private static func execute(_ line: String, loop: inout WireRunLoop) -> Bool {
        let command: ServeCommand
        switch ServeCommand.parse(line, brokers: loop.cluster.brokerIDs) {
        case .success(let parsed): command = parsed
        case .failure(let error):
            Flightdeck.writeOutput("error: \(error.message)\n")
            return true
        }
        switch command {
        case .kill(let broker):
            loop.cluster.kill(broker)
            Flightdeck.writeOutput("ok: \(broker) killed\n")
        case .restart(let broker):
            guard !loop.cluster.isUp(broker) else {
                Flightdeck.writeOutput("error: \(broker) is already up\n")
                return true
            }
            loop.cluster.restart(broker)
            Flightdeck.writeOutput("ok: \(broker) restarting\n")
        case .stop(let broker):
            loop.cluster.stop(broker)
            Flightdeck.writeOutput("ok: \(broker) stopping (controlled shutdown)\n")
        case .isolate(let broker):
            loop.cluster.isolate(broker)
            Flightdeck.writeOutput("ok: \(broker) isolated\n")
        case .rejoin(let broker):
            loop.cluster.rejoin(broker)
            Flightdeck.writeOutput("ok: \(broker) reconnected\n")
        case .pause(let broker, let seconds):
            guard loop.cluster.world.status(of: .broker(broker)) != .down else {
                Flightdeck.writeOutput("error: \(broker) is down and cannot be paused\n")
                return true
            }
            loop.cluster.pause(broker, for: .seconds(Int64(seconds)))
            Flightdeck.writeOutput("ok: \(broker) paused for \(seconds)s\n")
        case .heal:
            loop.cluster.healNetwork()
            Flightdeck.writeOutput("ok: network healed\n")
        case .action(let step):
            switch loop.cluster.operate(step) {
            case .success(let text): Flightdeck.writeOutput("ok: \(text)\n")
            case .failure(let refusal): Flightdeck.writeOutput("error: \(refusal)\n")
            }
        case .status:
            Flightdeck.writeOutput(status(of: loop))
        case .describe(let topic):
            Flightdeck.writeOutput(describe(topic, in: &loop.cluster))
        case .help:
            Flightdeck.writeOutput("commands: \(ServeCommand.words.joined(separator: ", "))\n")
        case .quit:
            Flightdeck.writeOutput("ok: bye\n")
            return false
        }
        // Listeners follow at once, so that the next line already sees a killed broker's port closed.
        loop.server.syncListeners(with: loop.cluster)
        report(loop.server.takeNotices())
        return true
    }

    private static func describe(_ topic: String, in cluster: inout SimulatedCluster) -> String {
        let partitions = cluster.snapshot().partitions.filter { $0.topicPartition.topic == topic }
        guard !partitions.isEmpty else { return "error: no topic '\(topic)'\n" }
        func offset(_ value: Offset?) -> String { value.map { String($0.rawValue) } ?? "-" }
        return partitions.map { partition in
            let replicas = partition.replicas.map { "\($0.broker.rawValue)@\(offset($0.logEndOffset))" }
            return "\(partition.topicPartition)  leader \(partition.leader.map { String($0.rawValue) } ?? "none") "
                + "epoch \(partition.leaderEpoch.rawValue)  isr \(partition.isr.map { String($0.rawValue) }) "
                + "hw \(offset(partition.highWatermark))  leo \(replicas.joined(separator: " "))  \(partition.health)"
        }.joined(separator: "\n") + "\n"
    }

    private static func status(of loop: WireRunLoop) -> String {
        let cluster = loop.cluster
        let ports = Dictionary(uniqueKeysWithValues: loop.server.listeningPorts.map { ($0.broker, $0.port) })
        var lines = ["time: \(cluster.now)  behind wall clock: \(loop.behind)"]
        for broker in cluster.brokerIDs {
            let state = cluster.world.status(of: .broker(broker))?.description ?? "unknown"
            let controller = cluster.activeController == broker ? "  (active controller)" : ""
            let listener = ports[broker].map { "\(ListenerPlan.host):\($0)" } ?? "no listener"
            lines.append("  \(broker): \(state), \(listener)\(controller)")
        }
        let stats = loop.server.statistics
        lines.append(
            "connections: \(loop.server.openConnections) open, \(stats.connectionsAccepted) accepted, "
                + "\(stats.connectionsRefused) refused, \(stats.connectionsDropped) dropped by broker failures")
        lines.append(
            "requests: \(stats.requests), responses: \(stats.responses), malformed frames: \(stats.malformedFrames), "
                + "unsupported requests: \(stats.unsupportedRequests)")
        return lines.joined(separator: "\n") + "\n"
    }
}
