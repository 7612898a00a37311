import ClusterModel
import KafkaCore
import Scenarios

/// Turns a destructive action into the `Disruption` the blast-radius preview measures, resolving
/// its role targets (`leader of orders-0`, `controller`) against the snapshot the operator sees.
public enum OperatorPreview {
    /// Whether `action` needs the operator's confirmation first: it stops brokers or clients,
    /// cuts the network, or breaks a disk.
    public static func isDestructive(_ action: Action) -> Bool {
        switch action {
        case .kill, .stop, .powerLoss, .pause, .bounce, .isolate, .partition, .slowDisk, .diskFull, .ioErrors,
            .crashConsumer, .closeConsumer, .crashProducer:
            true
        case .say, .restart, .heal, .latency, .packetLoss, .bandwidth, .addConsumer, .restartProducer, .setRate,
            .setProcessingRate, .setAcks, .electPreferred, .createTopic:
            false
        }
    }

    /// The preview of `step` (its action and `for D`) in `snapshot`; nil when it is not destructive.
    public static func blastRadius(
        of step: TimelineStep, command: String, in snapshot: ClusterSnapshot
    ) -> BlastRadius? {
        guard isDestructive(step.action) else { return nil }
        return BlastRadius.preview(
            of: disruption(of: step, in: snapshot), command: command, in: snapshot)
    }

    /// What `step` takes away, as far as the snapshot can tell.
    public static func disruption(of step: TimelineStep, in snapshot: ClusterSnapshot) -> Disruption {
        var disruption = Disruption(lasts: step.healsAfter)
        func lose(_ target: BrokerTarget) {
            if let broker = resolve(target, in: snapshot) {
                disruption.brokersLost.append(broker)
            } else if case .randomBroker = target {
                disruption.notes.append("a running broker is drawn at random when it runs: any of them may be hit")
            } else {
                disruption.notes.append("no broker is \(ScenarioPrinter.text(of: target)) now: nothing happens")
            }
        }
        func lose(_ node: NetworkNode) {
            switch node {
            case .broker(let target): lose(target)
            case .producer(let name): disruption.producersLost.append(name)
            case .group(let name):
                disruption.membersLost.append(Disruption.MemberLoss(group: name, leavesCleanly: false))
            case .others:
                break
            }
        }
        switch step.action {
        case .kill(let target), .powerLoss(let target), .pause(let target):
            lose(target)
        case .stop(let target):
            disruption.isGraceful = true
            lose(target)
        case .bounce(let target, let times, _):
            lose(target)
            disruption.notes.append("killed and restarted \(times) time(s)")
        case .isolate(let node):
            lose(node)
        case .partition(let groups, _):
            // The side that keeps a majority of the quorum's voters keeps the controller; the
            // brokers on the other sides are fenced once their sessions expire.
            let voters = Set(snapshot.brokers.filter(\.isQuorumVoter).map(\.id))
            let sides = groups.map { side in
                side.compactMap { node -> BrokerID? in
                    if case .broker(let target) = node { return resolve(target, in: snapshot) }
                    return nil
                }
            }
            let allNamed = Set(sides.joined())
            // Brokers the command does not name stay together with the first group (or make up
            // the `others` group).
            var resolvedSides = sides
            let unnamed = snapshot.brokers.map(\.id).filter { !allNamed.contains($0) }
            let othersSide = groups.firstIndex { $0.contains(.others) } ?? 0
            if !resolvedSides.isEmpty { resolvedSides[othersSide] += unnamed }
            let majority = resolvedSides.firstIndex { side in side.filter(voters.contains).count * 2 > voters.count }
            for (index, side) in resolvedSides.enumerated() where index != majority { disruption.brokersLost += side }
            if majority == nil { disruption.notes.append("no side keeps a majority of the controller quorum") }
            for side in groups {
                for node in side {
                    if case .group(let name) = node {
                        disruption.membersLost.append(Disruption.MemberLoss(group: name, leavesCleanly: false))
                    }
                }
            }
        case .slowDisk(let target, let delay):
            disruption.notes.append(
                "\(ScenarioPrinter.text(of: target)): every disk write takes \(delay) longer (followers may fall out "
                    + "of the ISR)")
        case .diskFull(let target), .ioErrors(let target):
            lose(target)
            disruption.notes.append("its log directory goes offline: its replicas stop")
        case .crashConsumer(let group, _):
            disruption.membersLost.append(Disruption.MemberLoss(group: group, leavesCleanly: false))
        case .closeConsumer(let group, _):
            disruption.membersLost.append(Disruption.MemberLoss(group: group, leavesCleanly: true))
        case .crashProducer(let name):
            disruption.producersLost.append(name)
        case .say, .restart, .heal, .latency, .packetLoss, .bandwidth, .addConsumer, .restartProducer, .setRate,
            .setProcessingRate, .setAcks, .electPreferred, .createTopic:
            break
        }
        var seen = Set<BrokerID>()
        disruption.brokersLost = disruption.brokersLost.filter { seen.insert($0).inserted }.sorted()
        return disruption
    }

    /// The broker `target` names in the snapshot: the same rules as a running step's.
    static func resolve(_ target: BrokerTarget, in snapshot: ClusterSnapshot) -> BrokerID? {
        switch target {
        case .id(let id): return id
        case .leaderOf(let partition):
            return snapshot.partitions.first { $0.topicPartition == partition }?.leader
        case .followerOf(let partition):
            guard let found = snapshot.partitions.first(where: { $0.topicPartition == partition }) else { return nil }
            return found.replicas.map(\.broker).filter { $0 != found.leader }.min()
        case .activeController: return snapshot.activeController
        case .randomBroker: return nil
        }
    }
}
