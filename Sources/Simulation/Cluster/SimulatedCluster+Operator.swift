import KafkaCore
import Scenarios

extension SimulatedCluster {
    /// Performs an operator's command (a scenario action, `kill leader of orders-0`) on a cluster
    /// that runs no scenario (`flightdeck serve`): the broker and network actions, now. Client
    /// actions need a scenario's clients, and `for D` a scenario's timeline; both are refused.
    /// Returns what it did, or why it could not.
    public mutating func operate(_ step: TimelineStep) -> Result<String, OperatorRefusal> {
        if step.healsAfter != nil, !step.action.requiresHealing {
            return .failure(OperatorRefusal("'for D' needs a scenario's timeline; undo it with a later command"))
        }
        switch step.action {
        case .kill(let target), .stop(let target), .restart(let target), .powerLoss(let target), .pause(let target):
            guard let broker = resolve(target) else {
                return .failure(OperatorRefusal("no broker is \(ScenarioPrinter.text(of: target)) now"))
            }
            switch step.action {
            case .kill:
                kill(broker)
                return .success("\(broker) killed")
            case .stop:
                stop(broker)
                return .success("\(broker) stopping (controlled shutdown)")
            case .restart:
                guard !isUp(broker) else { return .failure(OperatorRefusal("\(broker) is already up")) }
                restart(broker)
                return .success("\(broker) restarting")
            case .powerLoss:
                powerLoss(broker)
                return .success("\(broker) lost power (unflushed writes gone)")
            default:
                guard world.status(of: .broker(broker)) != .down else {
                    return .failure(OperatorRefusal("\(broker) is down and cannot be paused"))
                }
                let length = step.healsAfter ?? .seconds(1)
                pause(broker, for: length)
                let text =
                    length.microseconds % 1_000_000 == 0
                    ? "\(length.microseconds / 1_000_000)s" : "\(length.microseconds / 1000)ms"
                return .success("\(broker) paused for \(text)")
            }
        case .isolate(.broker(let target)):
            guard let broker = resolve(target) else {
                return .failure(OperatorRefusal("no broker is \(ScenarioPrinter.text(of: target)) now"))
            }
            isolate(broker)
            return .success("\(broker) isolated")
        case .partition(let groups, let oneWay):
            var sides: [[BrokerID]] = []
            for group in groups {
                var side: [BrokerID] = []
                for node in group {
                    guard case .broker(let target) = node, let broker = resolve(target) else {
                        return .failure(OperatorRefusal("serve partitions brokers only"))
                    }
                    side.append(broker)
                }
                sides.append(side)
            }
            for (index, first) in sides.enumerated() {
                for second in sides[(index + 1)...] {
                    for a in first {
                        for b in second where a != b { world.partition(.broker(a), .broker(b), oneWay: oneWay) }
                    }
                }
            }
            return .success(
                "network partitioned: "
                    + sides.map { "{\($0.map { String($0.rawValue) }.joined(separator: " "))}" }.joined(
                        separator: " | "))
        case .heal:
            healNetwork()
            return .success("network healed")
        case .createTopic(let spec):
            // As kafka-topics --create: CreateTopics through a running broker, waiting for the
            // controller's answer only (the brokers elect the leaders right after), so that the
            // world runs ahead of the wall clock by no more than the round trip.
            guard let broker = brokerIDs.first(where: { isUp($0) && server($0)?.brokerState == .running }) else {
                return .failure(OperatorRefusal("create-topic \(spec.name) failed: no broker is running"))
            }
            let topic = NewTopic(
                name: spec.name, partitions: spec.partitions, replicationFactor: spec.replicationFactor,
                configs: spec.kafkaConfigs.map { ConfigEntry($0.name, $0.value) })
            let id = send(.createTopics(CreateTopicsRequest(topics: [topic])), to: broker)
            guard case .createTopics(let response)? = awaitResponse(id, timeout: .seconds(30)),
                let created = response.topics.first
            else {
                return .failure(
                    OperatorRefusal("create-topic \(spec.name) failed: REQUEST_TIMED_OUT (no answer in 30s)"))
            }
            guard created.error == .none else {
                return .failure(
                    OperatorRefusal(
                        "create-topic \(spec.name) failed: \(created.error.name)"
                            + (created.message.map { " (\($0))" } ?? "")))
            }
            return .success(
                "topic \(spec.name) created: \(spec.partitions) partition(s), rf \(spec.replicationFactor)")
        default:
            return .failure(
                OperatorRefusal(
                    "'\(step.action.keyword)' needs a scenario's clients or links; serve takes broker and network "
                        + "commands (kill, stop, restart, power-loss, pause, isolate, partition, heal)"))
        }
    }

    /// The broker a target names now; nil for `random broker` (serve draws nothing) or a role
    /// nobody holds.
    private func resolve(_ target: BrokerTarget) -> BrokerID? {
        switch target {
        case .id(let id): return id
        case .leaderOf(let partition): return registration(partition).flatMap { $0.hasLeader ? $0.leader : nil }
        case .followerOf(let partition):
            guard let found = registration(partition) else { return nil }
            return found.replicas.filter { !found.hasLeader || $0 != found.leader }.min()
        case .activeController: return activeController
        case .randomBroker: return nil
        }
    }
}

/// Why an operator's command could not run, in one line.
public struct OperatorRefusal: Error, Hashable, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
