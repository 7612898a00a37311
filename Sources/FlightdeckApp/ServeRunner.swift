import KafkaCore
import Scenarios
import Simulation
import WireServer

/// `flightdeck serve`: a cluster headless, with every broker listening for real Kafka clients on
/// loopback, driven by operator commands on stdin. The cluster is the default one (its topics,
/// no simulated clients) or a scenario's (`--scenario`: its cluster, topics, workloads and
/// timeline, the narration printed as it fires).
enum ServeRunner {
    static func run(_ options: ServeOptions) -> Int32 {
        guard let reference = options.scenario else {
            var system = SystemRandomNumberGenerator()
            let seed = options.seed ?? system.next() % 1_000_000
            Flightdeck.writeOutput("seed: \(seed)\n")
            var announced = false
            return serve(QuietCluster(brokers: options.brokers, seed: seed), portBase: options.portBase) { cluster in
                guard !announced, cluster.topics.isDone else { return [] }
                announced = true
                return ["ready: topics orders, order-events created"]
            }
        }
        let scenario: Scenario
        switch ScenarioCommand.load(reference) {
        case .success(let loaded): scenario = loaded
        case .failure(let failure):
            Flightdeck.writeError(failure.description + "\n")
            return ExitCode.usage
        }
        var live = LiveScenario(scenario, reference: reference, seed: options.seed, realClients: true)
        Flightdeck.writeOutput("seed: \(live.run.seed)\nscenario: \(scenario.name) — \(scenario.title)\n")
        // The setup (controller, brokers, the declared topics) runs in virtual time as fast as it
        // can, before the listeners open; the timeline starts when the clients can connect.
        live.advance(wall: .zero)
        if let failure = live.run.setupFailure {
            Flightdeck.writeError("flightdeck serve: scenario \(scenario.name) could not be set up: \(failure)\n")
            return ExitCode.failure
        }
        let topics = scenario.topics.map(\.name).joined(separator: ", ")
        var announced = false
        var finished = false
        return serve(ServedScenario(live), portBase: options.portBase) { served in
            var lines = served.takeLog()
            if !announced {
                announced = true
                lines.insert("ready: scenario \(scenario.name) running, topics \(topics)", at: 0)
            }
            if !finished, served.run.isFinished {
                finished = true
                lines.append("scenario \(scenario.name) ended; the cluster keeps serving (quit to stop)")
            }
            return lines
        }
    }

    /// Serves `cluster` until `quit`, the end of stdin's commands or a stop signal; `progress`
    /// says what to print after each turn.
    private static func serve<Cluster: ConsoleCluster>(
        _ cluster: Cluster, portBase: Int, progress: (inout Cluster) -> [String]
    ) -> Int32 {
        var server = WireServer(plan: ListenerPlan(portBase: portBase))
        var cluster = cluster
        cluster.withSimulatedCluster { server.syncListeners(with: $0) }
        report(server.takeNotices())
        guard !server.listeningPorts.isEmpty else {
            Flightdeck.writeError("flightdeck serve: no broker could listen; pick another --port-base\n")
            return ExitCode.failure
        }
        Flightdeck.writeOutput("bootstrap: \(server.bootstrapServers)\n")
        var loop = WireRunLoop(cluster: cluster, server: server)
        ServeInput.trapStopSignals()
        var input = ServeInput()
        while ServeInput.stopSignal == nil {
            loop.turn()
            report(loop.server.takeNotices())
            report(progress(&loop.cluster))
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
    private static func execute<Cluster: ConsoleCluster>(_ line: String, loop: inout WireRunLoop<Cluster>) -> Bool {
        let command: ServeCommand
        let brokers = loop.cluster.withSimulatedCluster { $0.brokerIDs }
        let topics = loop.cluster.withSimulatedCluster { cluster in
            cluster.snapshot().topics.filter { !$0.isInternal }.map { ($0.name, Int32($0.partitionCount)) }
        }
        switch ServeCommand.parse(line, brokers: brokers, topics: topics) {
        case .success(let parsed): command = parsed
        case .failure(let error):
            Flightdeck.writeOutput("error: \(error.message)\n")
            return true
        }
        if command == .quit {
            Flightdeck.writeOutput("ok: bye\n")
            return false
        }
        // A served scenario's run creates topics itself, at its own boundaries (the answer comes
        // with its log); a cluster without a scenario waits for the controller's answer here.
        if case .action(let step) = command, case .createTopic = step.action,
            var served = loop.cluster as? ServedScenario
        {
            let answer = served.operate(line)
            if let cluster = served as? Cluster { loop.cluster = cluster }
            Flightdeck.writeOutput(answer)
            return true
        }
        var server = loop.server
        let answer = loop.cluster.withSimulatedCluster { cluster in
            let answer = apply(command, to: &cluster, server: server)
            // Listeners follow at once, so that the next line already sees a killed broker's port closed.
            server.syncListeners(with: cluster)
            return answer
        }
        loop.server = server
        Flightdeck.writeOutput(answer)
        report(loop.server.takeNotices())
        return true
    }

    /// What `command` (anything but `quit`) did to `cluster`, as the line(s) to print.
    private static func apply(_ command: ServeCommand, to cluster: inout SimulatedCluster, server: WireServer) -> String
    {
        switch command {
        case .kill(let broker):
            cluster.kill(broker)
            return "ok: \(broker) killed\n"
        case .restart(let broker):
            guard !cluster.isUp(broker) else { return "error: \(broker) is already up\n" }
            cluster.restart(broker)
            return "ok: \(broker) restarting\n"
        case .stop(let broker):
            cluster.stop(broker)
            return "ok: \(broker) stopping (controlled shutdown)\n"
        case .isolate(let broker):
            cluster.isolate(broker)
            return "ok: \(broker) isolated\n"
        case .rejoin(let broker):
            cluster.rejoin(broker)
            return "ok: \(broker) reconnected\n"
        case .pause(let broker, let seconds):
            guard cluster.world.status(of: .broker(broker)) != .down else {
                return "error: \(broker) is down and cannot be paused\n"
            }
            cluster.pause(broker, for: .seconds(Int64(seconds)))
            return "ok: \(broker) paused for \(seconds)s\n"
        case .heal:
            cluster.healNetwork()
            return "ok: network healed\n"
        case .action(let step):
            switch cluster.operate(step) {
            case .success(let text): return "ok: \(text)\n"
            case .failure(let refusal): return "error: \(refusal)\n"
            }
        case .status: return status(of: cluster, server: server)
        case .describe(let topic): return describe(topic, in: &cluster)
        case .help: return "commands: \(ServeCommand.words.joined(separator: ", "))\n"
        case .quit: return "ok: bye\n"
        }
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

    private static func status(of cluster: SimulatedCluster, server: WireServer) -> String {
        let ports = Dictionary(uniqueKeysWithValues: server.listeningPorts.map { ($0.broker, $0.port) })
        var lines = ["time: \(cluster.now)"]
        for broker in cluster.brokerIDs {
            let state = cluster.world.status(of: .broker(broker))?.description ?? "unknown"
            let controller = cluster.activeController == broker ? "  (active controller)" : ""
            let listener = ports[broker].map { "\(ListenerPlan.host):\($0)" } ?? "no listener"
            lines.append("  \(broker): \(state), \(listener)\(controller)")
        }
        let stats = server.statistics
        lines.append(
            "connections: \(server.openConnections) open, \(stats.connectionsAccepted) accepted, "
                + "\(stats.connectionsRefused) refused, \(stats.connectionsDropped) dropped by broker failures")
        lines.append(
            "requests: \(stats.requests), responses: \(stats.responses), malformed frames: \(stats.malformedFrames), "
                + "unsupported requests: \(stats.unsupportedRequests)")
        return lines.joined(separator: "\n") + "\n"
    }
}
