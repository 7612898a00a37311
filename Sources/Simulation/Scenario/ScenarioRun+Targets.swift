import KafkaCore
import Scenarios

extension ScenarioRun {
    /// The broker a target names when the step fires; nil (with a skipped line) when the role
    /// has no holder now: a partition without a leader or followers, no active controller.
    mutating func resolve(_ target: BrokerTarget, step: TimelineStep) -> BrokerID? {
        let broker: BrokerID?
        switch target {
        case .id(let id):
            broker = id
        case .leaderOf(let partition):
            broker = cluster.registration(partition).flatMap { $0.hasLeader ? $0.leader : nil }
        case .followerOf(let partition):
            guard let registration = cluster.registration(partition) else {
                broker = nil
                break
            }
            // The lowest-numbered replica that is not the leader, so a run repeats.
            broker = registration.replicas.filter { !registration.hasLeader || $0 != registration.leader }.min()
        case .activeController:
            broker = cluster.activeController
        case .randomBroker:
            let up = cluster.brokerIDs.filter(cluster.isUp)
            broker = up.isEmpty ? nil : up[Int(random.next(below: UInt64(up.count)))]
        }
        if broker == nil {
            note("no broker is \(Self.targetWords(target)) now; step skipped", line: step.line, kind: .skipped)
        }
        return broker
    }

    /// Every broker and every running client node (producers, then group members), in that
    /// order: what `others` draws from.
    var everyNode: [NodeID] {
        cluster.brokerIDs.map { NodeID.broker($0) } + producers.compactMap(\.node) + groups.flatMap(\.members)
    }

    /// The network nodes a node names: one broker, a producer's client, or a group's members.
    mutating func resolve(_ node: NetworkNode, step: TimelineStep) -> [NodeID] {
        switch node {
        case .broker(let target):
            return resolve(target, step: step).map { [NodeID.broker($0)] } ?? []
        case .producer(let name):
            return producers.first { $0.spec.name == name }?.node.map { [$0] } ?? []
        case .group(let name):
            return groups.first { $0.spec.name == name }?.members ?? []
        case .others:
            // Only meaningful within a `partition` step, which resolves it against its groups.
            return []
        }
    }
}
