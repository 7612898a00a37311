import KafkaCluster
import KafkaCore
import Scenarios

extension ScenarioRun {
    /// Runs one timeline step: resolves its targets now, applies it, and schedules its healing.
    mutating func perform(_ step: TimelineStep) {
        let healAt = step.healsAfter.map { cluster.now + $0 }
        if !step.action.isNarration, !step.action.isTopicChange {
            lastFault = (step.line, Self.describe(step.action), elapsed)
            metrics.faultBegan(at: cluster.now)
        }
        switch step.action {
        case .say(let text, let waitForKey):
            note(text, line: step.line, kind: .narration(waitForKey: waitForKey))
        case .kill(let target):
            brokerFault(target, step: step, verb: "killed (kill -9)") { run, broker in run.cluster.kill(broker) }
            if let healAt, let broker = lastBroker(of: step) {
                schedule(.restartBroker(broker), at: healAt, line: step.line)
            }
        case .stop(let target):
            brokerFault(target, step: step, verb: "stopping (controlled shutdown)") { run, broker in
                run.cluster.stop(broker)
            }
            if let healAt, let broker = lastBroker(of: step) {
                schedule(.restartBroker(broker), at: healAt, line: step.line)
            }
        case .powerLoss(let target):
            brokerFault(target, step: step, verb: "lost power (unflushed writes gone)") { run, broker in
                run.cluster.powerLoss(broker)
            }
            if let healAt, let broker = lastBroker(of: step) {
                schedule(.restartBroker(broker), at: healAt, line: step.line)
            }
        case .restart(let target):
            guard let broker = resolve(target, step: step) else { return }
            guard !cluster.isUp(broker) else {
                // A running broker restarts as an operator restarts one: controlled shutdown
                // first, then start once the process has exited.
                cluster.stop(broker)
                note(
                    "\(broker)\(Self.role(of: target)) restarting: controlled shutdown first", line: step.line,
                    kind: .action)
                schedule(.startAfterStop(broker), at: cluster.now + Self.stopPollInterval, line: step.line)
                return
            }
            cluster.restart(broker)
            note("\(broker) restarting", line: step.line, kind: .action)
        case .pause(let target):
            let length = step.healsAfter ?? .seconds(1)
            brokerFault(target, step: step, verb: "paused for \(length)") { run, broker in
                run.cluster.pause(broker, for: length)
            }
        case .bounce(let target, let times, let every):
            guard let broker = resolve(target, step: step), times > 0 else { return }
            bounceKill(broker, remaining: times, every: every, line: step.line)
        case .isolate(let node):
            let nodes = resolve(node, step: step)
            for id in nodes {
                cluster.world.isolate(id)
                if let healAt {
                    isolationEnds[id] = max(isolationEnds[id] ?? healAt, healAt)
                } else {
                    isolatedUntilHeal.insert(id)
                }
            }
            guard !nodes.isEmpty else { return }
            note("isolated \(names(nodes))", line: step.line, kind: .action)
            if let healAt { for id in nodes { schedule(.rejoin(id), at: healAt, line: step.line) } }
        case .partition(let groupsOfNodes, let oneWay):
            var resolved = groupsOfNodes.map { $0.flatMap { resolve($0, step: step) } }
            if let others = groupsOfNodes.firstIndex(where: { $0.contains(.others) }) {
                let named = Set(resolved.joined())
                resolved[others] += everyNode.filter { !named.contains($0) }
            }
            if let overlap = Self.firstOverlap(resolved) {
                // Roles resolve when the step fires (`controller` may be broker 4): a node in two
                // groups would be cut off from its own group, which means nothing; refuse the step.
                let groupsText = resolved.map { "{\(names($0))}" }.joined(separator: " ")
                note(
                    "\(names([overlap.node])) would be in groups \(overlap.first) and \(overlap.second) "
                        + "(\(groupsText)); partition step refused", line: step.line, kind: .skipped)
                return
            }
            var pairs: [(NodeID, NodeID)] = []
            for (i, first) in resolved.enumerated() {
                for second in resolved[(i + 1)...] {
                    for a in first { for b in second where a != b { pairs.append((a, b)) } }
                }
            }
            for (a, b) in pairs { cluster.world.partition(a, b, oneWay: oneWay) }
            let description = resolved.map { "{\(names($0))}" }.joined(separator: oneWay ? " → " : " | ")
            note("network partitioned: \(description)", line: step.line, kind: .action)
            if let healAt { schedule(.healLinks(pairs), at: healAt, line: step.line) }
        case .heal:
            healEverything()
            note("network healed, links restored", line: step.line, kind: .action)
        case .latency(let delay, let jitter, let scope):
            degradeLinks(scope, step: step, healAt: healAt, what: "latency +\(delay) (jitter \(jitter))") { config in
                config.extraDelay = delay
                config.jitter = max(config.jitter, jitter)
            }
        case .packetLoss(let rate, let scope):
            degradeLinks(scope, step: step, healAt: healAt, what: "packet loss \(Int((rate * 100).rounded()))%") {
                $0.dropRate = rate
            }
        case .bandwidth(let bytesPerSecond, let scope):
            degradeLinks(scope, step: step, healAt: healAt, what: "bandwidth capped at \(bytesPerSecond) B/s") {
                $0.bandwidthBytesPerSecond = bytesPerSecond
            }
        case .slowDisk(let target, let delay):
            diskFault(target, step: step, verb: "disk slowed: +\(delay) per write and flush") { run, broker in
                run.cluster.slowDisk(broker, by: delay)
            }
            if let healAt, let broker = lastBroker(of: step) {
                schedule(.restoreDiskSpeed(broker), at: healAt, line: step.line)
            }
        case .diskFull(let target):
            diskFault(target, step: step, verb: "disk full: writes fail with No space left on device") { run, broker in
                run.cluster.fillDisk(broker)
            }
            if let healAt, let broker = lastBroker(of: step) {
                schedule(.freeDisk(broker), at: healAt, line: step.line)
            }
        case .ioErrors(let target):
            diskFault(target, step: step, verb: "disk fails: every operation returns an I/O error") { run, broker in
                run.cluster.failDisk(broker)
            }
            if let healAt, let broker = lastBroker(of: step) {
                schedule(.repairDisk(broker), at: healAt, line: step.line)
            }
        case .crashConsumer(let group, let member):
            clientFault(group: group, member: member, step: step, healAt: healAt, close: false)
        case .closeConsumer(let group, let member):
            clientFault(group: group, member: member, step: step, healAt: healAt, close: true)
        case .addConsumer(let group, let count):
            guard let index = groups.firstIndex(where: { $0.spec.name == group }) else { return }
            groups[index].started = true
            for _ in 0..<count { addMember(to: index) }
            note("\(count) member(s) added to \(group)", line: step.line, kind: .action)
        case .crashProducer(let name):
            guard let index = producers.firstIndex(where: { $0.spec.name == name }) else { return }
            crashProducer(index)
            note("producer \(name) crashed", line: step.line, kind: .action)
            if let healAt { schedule(.restartProducer(name), at: healAt, line: step.line) }
        case .restartProducer(let name):
            guard let index = producers.firstIndex(where: { $0.spec.name == name }), producers[index].isCrashed else {
                note("producer \(name) is not crashed", line: step.line, kind: .skipped)
                return
            }
            restartProducer(index)
            note("producer \(name) restarted", line: step.line, kind: .action)
        case .setRate(let name, let rate):
            guard let index = producers.firstIndex(where: { $0.spec.name == name }) else { return }
            let before = producers[index].recordsPerSecond
            producers[index].recordsPerSecond = rate
            note("producer \(name) rate \(Self.rate(before)) → \(Self.rate(rate))", line: step.line, kind: .action)
            if let healAt { schedule(.setRate(producer: name, recordsPerSecond: before), at: healAt, line: step.line) }
        case .setProcessingRate(let group, let rate):
            guard let index = groups.firstIndex(where: { $0.spec.name == group }) else { return }
            let before = groups[index].recordsPerSecondPerMember
            setProcessingRate(index, rate)
            note(
                "group \(group) processes \(rate.map(Self.rate) ?? "unlimited") per member", line: step.line,
                kind: .action)
            if let healAt {
                schedule(
                    .setProcessingRate(group: group, recordsPerSecondPerMember: before), at: healAt, line: step.line)
            }
        case .setAcks(let name, let acks):
            guard let index = producers.firstIndex(where: { $0.spec.name == name }) else { return }
            let before = producers[index].acks
            setAcks(index, acks)
            note("producer \(name) acks=\(before.keyword) → acks=\(acks.keyword)", line: step.line, kind: .action)
            if let healAt { schedule(.setAcks(producer: name, before), at: healAt, line: step.line) }
        case .electPreferred(let topic):
            let count = electPreferred(topic: topic)
            note(
                "preferred leader election for \(topic ?? "every topic"): \(count) partition(s) not led by "
                    + "their preferred replica",
                line: step.line, kind: .action)
        case .createTopic(let spec):
            createTopic(spec, step: step)
        }
    }

    /// Undoes what a step scheduled.
    mutating func undo(_ action: PendingAction) {
        switch action.undo {
        case .restartBroker(let broker):
            guard !cluster.isUp(broker) else { return }
            cluster.restart(broker)
            note("\(broker) restarting", line: action.line, kind: .heal)
        case .freeDisk(let broker):
            cluster.freeDisk(broker)
            note(healedDisk(broker, "has free space again"), line: action.line, kind: .heal)
        case .repairDisk(let broker):
            cluster.repairDisk(broker)
            note(healedDisk(broker, "works again"), line: action.line, kind: .heal)
        case .restoreDiskSpeed(let broker):
            cluster.restoreDiskSpeed(broker)
            note("\(broker)'s disk is fast again", line: action.line, kind: .heal)
        case .startAfterStop(let broker):
            guard !cluster.isUp(broker) else {
                schedule(.startAfterStop(broker), at: cluster.now + Self.stopPollInterval, line: action.line)
                return
            }
            cluster.restart(broker)
            note("\(broker) stopped cleanly and starts again", line: action.line, kind: .heal)
        case .rejoin(let node):
            // Overlapping isolations of one node: the node reconnects when the last one ends.
            guard !isolatedUntilHeal.contains(node), (isolationEnds[node] ?? cluster.now) <= cluster.now else {
                note(
                    "\(Self.names([node])) stays isolated (a later isolate still holds)", line: action.line, kind: .heal
                )
                return
            }
            isolationEnds[node] = nil
            cluster.world.rejoin(node)
            note("\(names([node])) reconnected", line: action.line, kind: .heal)
        case .healLinks(let pairs):
            for (a, b) in pairs { cluster.world.heal(a, b) }
            note("network partition healed", line: action.line, kind: .heal)
        case .restoreLinks(let links):
            for link in links {
                guard let original = changedLinks.removeValue(forKey: link) else { continue }
                cluster.world.configure(link, original)
            }
            note("links restored", line: action.line, kind: .heal)
        case .restoreDefaultLink:
            if let original = defaultLinkBeforeFault {
                cluster.world.setDefaultLink(original)
                defaultLinkBeforeFault = nil
            }
            note("links restored", line: action.line, kind: .heal)
        case .restartConsumer(let group, let member):
            guard let index = groups.firstIndex(where: { $0.spec.name == group }) else { return }
            groups[index].crashed.remove(member)
            cluster.restartClient(groups[index].members[member - 1])
            note("\(group)-\(member) restarted", line: action.line, kind: .heal)
        case .rejoinConsumer(let group, let member):
            guard let index = groups.firstIndex(where: { $0.spec.name == group }) else { return }
            groups[index].closed.remove(member)
            // A closed consumer is gone for good; its replacement is a new member.
            addMember(to: index)
            note("\(group): a new member replaces \(group)-\(member)", line: action.line, kind: .heal)
        case .restartProducer(let name):
            guard let index = producers.firstIndex(where: { $0.spec.name == name }), producers[index].isCrashed else {
                return
            }
            restartProducer(index)
            note("producer \(name) restarted", line: action.line, kind: .heal)
        case .setRate(let name, let rate):
            guard let index = producers.firstIndex(where: { $0.spec.name == name }) else { return }
            producers[index].recordsPerSecond = rate
            note("producer \(name) back to \(Self.rate(rate))", line: action.line, kind: .heal)
        case .setProcessingRate(let group, let rate):
            guard let index = groups.firstIndex(where: { $0.spec.name == group }) else { return }
            setProcessingRate(index, rate)
            note(
                "group \(group) back to \(rate.map(Self.rate) ?? "unlimited") per member", line: action.line,
                kind: .heal)
        case .setAcks(let name, let acks):
            guard let index = producers.firstIndex(where: { $0.spec.name == name }) else { return }
            setAcks(index, acks)
            note("producer \(name) back to acks=\(acks.keyword)", line: action.line, kind: .heal)
        case .bounceRestart(let broker, let remaining, let every):
            if !cluster.isUp(broker) {
                cluster.restart(broker)
                note("\(broker) restarting (bounce)", line: action.line, kind: .heal)
            }
            if remaining > 0 {
                schedule(
                    .bounceKill(broker, remaining: remaining, every: every),
                    at: cluster.now + Duration(microseconds: every.microseconds / 2), line: action.line)
            }
        case .bounceKill(let broker, let remaining, let every):
            bounceKill(broker, remaining: remaining, every: every, line: action.line)
        }
    }

    // MARK: - Brokers

    /// How often a restart checks whether the controlled shutdown has finished.
    static let stopPollInterval: Duration = .milliseconds(250)

    /// Resolves the step's broker target and applies `fault` to it when it is up.
    private mutating func brokerFault(
        _ target: BrokerTarget, step: TimelineStep, verb: String,
        _ fault: (inout ScenarioRun, BrokerID) -> Void
    ) {
        guard let broker = resolve(target, step: step) else { return }
        guard cluster.isUp(broker) else {
            note("\(broker) is already down", line: step.line, kind: .skipped)
            return
        }
        resolvedBrokers[step.line] = broker
        fault(&self, broker)
        note("\(broker)\(Self.role(of: target)) \(verb)", line: step.line, kind: .action)
    }

    private func lastBroker(of step: TimelineStep) -> BrokerID? { resolvedBrokers[step.line] }

    /// Resolves the step's broker target and applies a disk fault to its disk (up or down: the
    /// disk is there either way).
    private mutating func diskFault(
        _ target: BrokerTarget, step: TimelineStep, verb: String, _ fault: (inout ScenarioRun, BrokerID) -> Bool
    ) {
        guard let broker = resolve(target, step: step) else { return }
        guard fault(&self, broker) else {
            note("\(broker): disk faults need the simulated storage", line: step.line, kind: .skipped)
            return
        }
        resolvedBrokers[step.line] = broker
        note("\(broker)\(Self.role(of: target)) \(verb)", line: step.line, kind: .action)
    }

    /// A healed disk's line: a broker that halted on it stays down until restarted.
    private func healedDisk(_ broker: BrokerID, _ what: String) -> String {
        guard !cluster.isUp(broker) else { return "\(broker)'s disk \(what)" }
        let reason = cluster.haltReason(of: broker).map { " (halted: \($0))" } ?? ""
        return "\(broker)'s disk \(what); the broker stays down\(reason) until it is restarted"
    }

    /// A bounce's next kill, now; its restart comes half a period after it, and the next kill
    /// half a period after that.
    private mutating func bounceKill(_ broker: BrokerID, remaining: Int, every: Duration, line: Int) {
        if cluster.isUp(broker) {
            cluster.kill(broker)
            note("\(broker) killed (bounce, \(remaining) to go)", line: line, kind: .action)
        }
        schedule(
            .bounceRestart(broker, remaining: remaining - 1, every: every),
            at: cluster.now + Duration(microseconds: every.microseconds / 2), line: line)
    }

    private mutating func electPreferred(topic: String?) -> Int {
        let known = scenario.topics + createdTopics
        let topics = topic.map { [$0] } ?? known.map(\.name)
        var eligible: [TopicPartition] = []
        for name in topics {
            guard let spec = known.first(where: { $0.name == name }) else { continue }
            for partition in spec.topicPartitions {
                guard let registration = cluster.registration(partition), let preferred = registration.replicas.first,
                    registration.leader != preferred, registration.isr.contains(preferred), cluster.isUp(preferred)
                else { continue }
                eligible.append(partition)
            }
        }
        guard !eligible.isEmpty, cluster.electPreferredLeaders(eligible) else { return 0 }
        return eligible.count
    }

    // MARK: - Network

    private mutating func healEverything() {
        cluster.healNetwork()
        isolationEnds = [:]
        isolatedUntilHeal = []
        cluster.healDisks()
        for link in changedLinks.keys.sorted() {
            if let original = changedLinks[link] { cluster.world.configure(link, original) }
        }
        changedLinks = [:]
        if let original = defaultLinkBeforeFault {
            cluster.world.setDefaultLink(original)
            defaultLinkBeforeFault = nil
        }
        pending.removeAll {
            switch $0.undo {
            case .rejoin, .healLinks, .restoreLinks, .restoreDefaultLink, .freeDisk, .repairDisk, .restoreDiskSpeed:
                true
            default: false
            }
        }
    }

    private mutating func degradeLinks(
        _ scope: LinkScope, step: TimelineStep, healAt: Instant?, what: String, _ change: (inout LinkConfig) -> Void
    ) {
        let links: [Link]
        switch scope {
        case .everywhere:
            if defaultLinkBeforeFault == nil { defaultLinkBeforeFault = cluster.world.network.defaultLink }
            var config = cluster.world.network.defaultLink
            change(&config)
            cluster.world.setDefaultLink(config)
            note("every link: \(what)", line: step.line, kind: .action)
            if let healAt { schedule(.restoreDefaultLink, at: healAt, line: step.line) }
            return
        case .node(let node):
            let ends = resolve(node, step: step)
            let others = allNodes.filter { !ends.contains($0) }
            links = ends.flatMap { end in others.flatMap { [Link(from: end, to: $0), Link(from: $0, to: end)] } }
        case .between(let first, let second):
            let a = first.flatMap { resolve($0, step: step) }
            let b = second.flatMap { resolve($0, step: step) }
            links = a.flatMap { x in b.filter { $0 != x }.flatMap { [Link(from: x, to: $0), Link(from: $0, to: x)] } }
        }
        for link in links.sorted() {
            if changedLinks[link] == nil {
                let network = cluster.world.network
                changedLinks[link] = .some(network.hasOverride(link) ? network.config(for: link) : nil)
            }
            var config = cluster.world.network.config(for: link)
            change(&config)
            cluster.world.configure(link, config)
        }
        note("\(links.count) link(s): \(what)", line: step.line, kind: .action)
        if let healAt { schedule(.restoreLinks(links.sorted()), at: healAt, line: step.line) }
    }

    /// Every broker and client node of the run, in a fixed order.
    var allNodes: [NodeID] {
        cluster.brokerIDs.map { NodeID.broker($0) } + producers.compactMap(\.node) + groups.flatMap(\.members)
    }

    // MARK: - Clients

    private mutating func clientFault(group: String, member: Int?, step: TimelineStep, healAt: Instant?, close: Bool) {
        guard let index = groups.firstIndex(where: { $0.spec.name == group }) else { return }
        let live = (1...max(1, groups[index].members.count)).filter {
            $0 <= groups[index].members.count && !groups[index].crashed.contains($0)
                && !groups[index].closed.contains($0)
        }
        guard let number = member ?? live.last, live.contains(number) else {
            note("\(group) has no live member \(member.map(String.init) ?? "")", line: step.line, kind: .skipped)
            return
        }
        let node = groups[index].members[number - 1]
        if close {
            groups[index].closed.insert(number)
            cluster.closeConsumerClient(node)
            note("\(group)-\(number) closed (leaves the group)", line: step.line, kind: .action)
            if let healAt { schedule(.rejoinConsumer(group: group, member: number), at: healAt, line: step.line) }
        } else {
            groups[index].crashed.insert(number)
            cluster.crashClient(node)
            note("\(group)-\(number) crashed (no LeaveGroup)", line: step.line, kind: .action)
            if let healAt { schedule(.restartConsumer(group: group, member: number), at: healAt, line: step.line) }
        }
    }

    private mutating func crashProducer(_ index: Int) {
        guard let node = producers[index].node else { return }
        retire(index)
        cluster.crashClient(node)
        producers[index].isCrashed = true
        producers[index].node = nil
    }

    private mutating func restartProducer(_ index: Int) {
        producers[index].isCrashed = false
        startProducer(index, at: cluster.now)
    }

    /// `set-acks`: Kafka reads `acks` once, so the application restarts its producer: the old
    /// client closes (sending what it holds), a new one takes over the schedule.
    private mutating func setAcks(_ index: Int, _ acks: Acks) {
        producers[index].acks = acks
        guard let node = producers[index].node else { return }
        drainClients()
        retire(index)
        let until = producers[index].scheduledUntil ?? cluster.now
        cluster.closeProducerClient(node)
        producers[index].closing.append(node)
        startProducer(index, at: until)
    }

    /// Folds the client's counters into the producer's totals before the client goes away.
    private mutating func retire(_ index: Int) {
        guard let node = producers[index].node, let client = cluster.producerClient(node) else { return }
        producers[index].retiredRetries += client.counters.retries
        producers[index].retiredTimeouts += client.counters.requestTimeouts
    }

    private mutating func setProcessingRate(_ index: Int, _ rate: Double?) {
        groups[index].recordsPerSecondPerMember = rate
        for node in groups[index].members {
            cluster.setProcessingRate(of: node, recordsPerSecond: rate.map { max(1, Int($0.rounded())) })
        }
    }

    // MARK: - Words

    /// The action as the scenario wrote it (`kill leader of orders-0`), for findings.
    static func describe(_ action: Action) -> String { ScenarioPrinter.text(of: action) }

    static func targetWords(_ target: BrokerTarget) -> String { ScenarioPrinter.text(of: target) }

    private static func role(of target: BrokerTarget) -> String {
        switch target {
        case .id: ""
        case .leaderOf(let partition): " (leader of \(partition))"
        case .followerOf(let partition): " (follower of \(partition))"
        case .activeController: " (active controller)"
        case .randomBroker: " (drawn at random)"
        }
    }

    static func rate(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value))/s" : "\(value)/s"
    }

    /// Nodes as the simulation names them (`client 2`); `names(_:)` is what the timeline shows.
    static func names(_ nodes: [NodeID]) -> String { nodes.map(\.description).joined(separator: ", ") }

    /// Nodes as the scenario names them: brokers by id, clients by their client id
    /// (`payment-service`, `ledger-3`) rather than the simulation's `client N`.
    func names(_ nodes: [NodeID]) -> String { nodes.map(name(of:)).joined(separator: ", ") }

    func name(of node: NodeID) -> String {
        if let producer = producers.first(where: { $0.node == node || $0.closing.contains(node) }) {
            return producer.spec.name
        }
        for group in groups {
            if let index = group.members.firstIndex(of: node) { return "\(group.spec.name)-\(index + 1)" }
        }
        return node.description
    }

    /// The first node that two groups of a `partition` step both hold, with the groups' numbers
    /// (from 1).
    static func firstOverlap(_ groups: [[NodeID]]) -> (node: NodeID, first: Int, second: Int)? {
        for (i, group) in groups.enumerated() {
            for node in group {
                if let j = groups[(i + 1)...].firstIndex(where: { $0.contains(node) }) {
                    return (node, i + 1, j + 1)
                }
            }
        }
        return nil
    }
}
