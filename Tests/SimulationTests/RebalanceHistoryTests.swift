import ClusterModel
import KafkaClients
import KafkaCluster
import KafkaCore
import Simulation
import Testing

/// The group read model's rebalance history: each rebalance carries the coordinator's cause in
/// Kafka's words and the per-member assignment diff, checked against the consumers' own
/// assignments before and after.
@Suite struct RebalanceHistoryTests {
    typealias Assignments = [String: Set<TopicPartition>]

    /// Runs in 100 ms steps, taking a snapshot after each (so the tracker sees every state),
    /// until `condition` holds; records an issue with the seed if it does not within `timeout`.
    @discardableResult
    static func watch(
        _ cluster: inout SimulatedCluster, _ what: String, within timeout: Duration,
        sourceLocation: SourceLocation = #_sourceLocation, until condition: (SimulatedCluster, GroupSnapshot?) -> Bool
    ) -> GroupSnapshot? {
        let deadline = cluster.now + timeout
        var group = cluster.snapshot().groups.first { $0.groupID == "billing" }
        while !condition(cluster, group) {
            guard cluster.now < deadline else {
                let last = group.map {
                    "\($0.state) generation \($0.generation), last \(String(describing: $0.rebalances.last))"
                }
                Issue.record(
                    "seed \(cluster.options.seed): \(what) did not happen within \(timeout): \(last ?? "no group")",
                    sourceLocation: sourceLocation)
                return group
            }
            cluster.run(for: .milliseconds(100), checking: true)
            group = cluster.snapshot().groups.first { $0.groupID == "billing" }
        }
        return group
    }

    /// Each running consumer's assignment, by member id, as the consumers themselves know it.
    static func assignments(_ cluster: SimulatedCluster, _ consumers: [NodeID]) -> Assignments {
        var result: Assignments = [:]
        for id in consumers where cluster.world.status(of: id) == .up {
            guard let client = cluster.consumerClient(id), !client.memberID.isEmpty else { continue }
            result[client.memberID] = Set(client.assignment)
        }
        return result
    }

    /// The diff the history should show, computed from the consumers' assignments.
    static func expectedChanges(
        from before: Assignments, to after: Assignments
    ) -> [String: (Set<TopicPartition>, Set<TopicPartition>)] {
        var changes: [String: (Set<TopicPartition>, Set<TopicPartition>)] = [:]
        for memberID in Set(before.keys).union(after.keys) {
            let old = before[memberID] ?? []
            let new = after[memberID] ?? []
            if old != new { changes[memberID] = (new.subtracting(old), old.subtracting(new)) }
        }
        return changes
    }

    /// The history entry for the group's current generation, once it has its diff and pause.
    static func settledEntry(_ group: GroupSnapshot?) -> RebalanceSnapshot? {
        guard let group, let last = group.rebalances.last, last.generation == group.generation,
            last.assignmentChanges != nil, last.pause != nil
        else { return nil }
        return last
    }

    static func expectEntry(
        _ entry: RebalanceSnapshot?, cause: String, before: Assignments, after: Assignments, seed: UInt64,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard let entry else {
            Issue.record("seed \(seed): no settled rebalance entry", sourceLocation: sourceLocation)
            return
        }
        #expect(entry.cause == cause, "seed \(seed)", sourceLocation: sourceLocation)
        let shown = (entry.assignmentChanges ?? []).map { ($0.memberID, (Set($0.gained), Set($0.lost))) }
        let expected = expectedChanges(from: before, to: after)
        #expect(shown.count == expected.count, "seed \(seed): \(shown) vs \(expected)", sourceLocation: sourceLocation)
        for (memberID, (gained, lost)) in shown {
            #expect(expected[memberID]?.0 == gained, "seed \(seed): \(memberID) gained", sourceLocation: sourceLocation)
            #expect(expected[memberID]?.1 == lost, "seed \(seed): \(memberID) lost", sourceLocation: sourceLocation)
        }
        // Every partition that moved is gained by exactly one member (nothing is dropped: all
        // six partitions stay owned by the survivors).
        let gained = (entry.assignmentChanges ?? []).flatMap(\.gained)
        #expect(
            Set(gained).count == gained.count, "seed \(seed): a partition gained twice", sourceLocation: sourceLocation)
        #expect((entry.pause ?? .zero) > .zero, "seed \(seed): no pause recorded", sourceLocation: sourceLocation)
    }

    static func config(_ cluster: SimulatedCluster, client: String) -> ConsumerConfig {
        var config = ConsumerClientTests.config(cluster)
        config.clientID = client
        return config
    }

    @Test(
        "a join, a leave and a crash each add a rebalance with Kafka's cause and the exact assignment diff",
        arguments: [501, 502] as [UInt64])
    func joinLeaveCrash(seed: UInt64) throws {
        var cluster = ConsumerClientTests.filledCluster(seed: seed, perPartition: 10)
        var consumers = [
            cluster.addConsumerClient(
                Self.config(cluster, client: "c2"), client: 2, subscribe: [ConsumerClientTests.topic]),
            cluster.addConsumerClient(
                Self.config(cluster, client: "c3"), client: 3, subscribe: [ConsumerClientTests.topic]),
        ]
        var group = Self.watch(&cluster, "two consumers stable", within: .seconds(30)) { cluster, group in
            ConsumerClientTests.stable(cluster, consumers) && Self.settledEntry(group) != nil
        }
        let first = try #require(group?.rebalances.first)
        let firstCause = first.cause ?? ""
        #expect(
            firstCause.hasPrefix("Adding new member c")
                && firstCause.hasSuffix(" with group instance id null; client reason: not provided"),
            "seed \(seed): \(firstCause)")
        #expect(Set((first.assignmentChanges ?? []).flatMap(\.gained)).count == 6, "seed \(seed): \(first)")

        // A member joins.
        var before = Self.assignments(cluster, consumers)
        let generation = group?.generation ?? -1
        consumers.append(
            cluster.addConsumerClient(
                Self.config(cluster, client: "c4"), client: 4, subscribe: [ConsumerClientTests.topic]))
        group = Self.watch(&cluster, "three consumers stable", within: .seconds(30)) { cluster, group in
            ConsumerClientTests.stable(cluster, consumers) && (group?.generation ?? -1) > generation
                && Self.settledEntry(group) != nil
        }
        let joiner = try #require(cluster.consumerClient(consumers[2])?.memberID)
        Self.expectEntry(
            Self.settledEntry(group),
            cause: "Adding new member \(joiner) with group instance id null; client reason: not provided",
            before: before, after: Self.assignments(cluster, consumers), seed: seed)
        #expect(Self.settledEntry(group)?.joined == ["c4"], "seed \(seed)")

        // A member leaves (close: LeaveGroup with the consumer's reason).
        before = Self.assignments(cluster, consumers)
        let leaver = try #require(cluster.consumerClient(consumers[2])?.memberID)
        cluster.closeConsumerClient(consumers[2])
        var survivors = [consumers[0], consumers[1]]
        let afterJoin = group?.generation ?? -1
        group = Self.watch(&cluster, "stable after the leave", within: .seconds(30)) { cluster, group in
            ConsumerClientTests.stable(cluster, survivors) && (group?.generation ?? -1) > afterJoin
                && Self.settledEntry(group) != nil
        }
        Self.expectEntry(
            Self.settledEntry(group),
            cause: "Removing member \(leaver) on LeaveGroup; client reason: the consumer is being closed",
            before: before, after: Self.assignments(cluster, survivors), seed: seed)
        #expect(Self.settledEntry(group)?.left == ["c4"], "seed \(seed)")
        #expect(Self.settledEntry(group)?.assignmentChanges?.first { $0.memberID == leaver }?.lost.count == 2)

        // A member crashes: removed after session.timeout.ms (10 s).
        before = Self.assignments(cluster, survivors)
        let victim = try #require(cluster.consumerClient(survivors[1])?.memberID)
        cluster.crashClient(survivors[1])
        let crashedAt = cluster.now
        survivors = [consumers[0]]
        let afterLeave = group?.generation ?? -1
        group = Self.watch(&cluster, "stable after the crash", within: .seconds(40)) { cluster, group in
            ConsumerClientTests.stable(cluster, survivors) && (group?.generation ?? -1) > afterLeave
                && Self.settledEntry(group) != nil
        }
        Self.expectEntry(
            Self.settledEntry(group), cause: "removing member \(victim) on heartbeat expiration.",
            before: before, after: Self.assignments(cluster, survivors), seed: seed)
        #expect(Self.settledEntry(group)?.left == ["c3"], "seed \(seed)")
        // The coordinator learns of the crash only when the session expires.
        let startedAfter = (Self.settledEntry(group)?.startedAt ?? crashedAt) - crashedAt
        #expect(startedAfter >= .seconds(9), "seed \(seed): rebalance started \(startedAfter) after the crash")
        #expect(group?.rebalanceCause == Self.settledEntry(group)?.cause, "seed \(seed)")
        // The read model's members carry the coordinator's assignment, matching the consumer's.
        let members = group?.members ?? []
        #expect(
            members.map { Set($0.assignment) } == [
                Self.assignments(cluster, survivors)[members.first?.memberID ?? ""] ?? []
            ])
        cluster.expectHealthy(seed)
    }
}
