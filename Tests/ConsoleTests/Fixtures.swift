import ClusterModel
import Console
import KafkaCore

/// A hand-built cluster for the view tests: four brokers (three controller voters), broker 1
/// was killed, so `orders` has partitions
/// under-replicated and at min ISR, `order-events` has one offline; two groups consume `orders`,
/// `analytics` falling behind.
enum Fixtures {
    static let seconds: Int64 = 1_000_000

    /// The cluster at `second` seconds; counters grow with time so rates come out the same each
    /// second (brokers 2 and 3 take 2 KiB/s and 1 KiB/s, `orders` grows 100 messages a second).
    static func cluster(at second: Int64 = 42, analyticsLag: Int64 = 300) -> ClusterSnapshot {
        let t = second
        return ClusterSnapshot(
            now: Instant(microseconds: t * seconds), seed: 7,
            healthCounts: [.healthy: 3, .underReplicated: 2, .atMinISR: 3, .offline: 1],
            activeController: BrokerID(2),
            brokers: [
                BrokerSnapshot(id: BrokerID(1), state: .stopped, isQuorumVoter: true),
                BrokerSnapshot(
                    id: BrokerID(2), state: .running, isQuorumVoter: true, isActiveController: true, partitionsLed: 5,
                    partitionsFollowed: 3, logSizeBytes: 3 << 20, bytesIn: Int(t) * 2048, bytesOut: Int(t) * 4096,
                    messagesIn: Int(t) * 60),
                BrokerSnapshot(
                    id: BrokerID(3), state: .running, isQuorumVoter: true, partitionsLed: 3, partitionsFollowed: 5,
                    logSizeBytes: 2 << 20, bytesIn: Int(t) * 1024, bytesOut: Int(t) * 1024, messagesIn: Int(t) * 40),
                BrokerSnapshot(
                    id: BrokerID(4), state: .running, partitionsFollowed: 3, logSizeBytes: 1 << 20,
                    bytesIn: Int(t) * 512, bytesOut: 0, messagesIn: 0),
            ],
            topics: [
                topic("__consumer_offsets", partitions: 50, isInternal: true, counts: [.healthy: 50]),
                topic(
                    "order-events", partitions: 3, counts: [.healthy: 1, .atMinISR: 1, .offline: 1], cleanup: "compact"),
                topic("orders", partitions: 6, counts: [.healthy: 2, .underReplicated: 2, .atMinISR: 2]),
            ],
            partitions: eventsPartitions() + ordersPartitions(at: t, analyticsLag: analyticsLag),
            groups: groups(at: t, analyticsLag: analyticsLag),
            events: [
                ClusterEvent(
                    instant: Instant(microseconds: 30 * seconds), kind: .fault, brokers: [BrokerID(1)],
                    text: "broker 1 killed (kill -9): no controlled shutdown"),
                ClusterEvent(
                    instant: Instant(microseconds: 39 * seconds), kind: .broker, brokers: [BrokerID(1)],
                    text: "broker 1 missed heartbeats for broker.session.timeout.ms=9s → fenced"),
                ClusterEvent(
                    instant: Instant(microseconds: 39_100_000), kind: .leadership, topics: ["orders"],
                    text: "orders-0: leader 1 → 2 (epoch 1), ISR [2,3]"),
                ClusterEvent(
                    instant: Instant(microseconds: 40 * seconds), kind: .group, groups: ["analytics"],
                    text: "analytics: rebalance to generation 4 (member analytics-2 left)"),
            ])
    }

    static func topic(
        _ name: String, partitions: Int, isInternal: Bool = false, counts: [PartitionHealth: Int],
        cleanup: String = "delete"
    ) -> TopicSnapshot {
        TopicSnapshot(
            name: name, partitionCount: partitions, replicationFactor: 3,
            configs: [
                ConfigEntry("cleanup.policy", cleanup), ConfigEntry("min.insync.replicas", "2"),
                ConfigEntry("retention.ms", "604800000"),
            ],
            isInternal: isInternal, sizeBytes: partitions * 100_000, healthCounts: counts)
    }

    static func replica(_ broker: Int32, _ standing: ReplicaSnapshot.Standing, _ leo: Int64?) -> ReplicaSnapshot {
        ReplicaSnapshot(broker: BrokerID(broker), standing: standing, logEndOffset: leo.map { Offset($0) })
    }

    /// `orders-p` led by broker 2 (even) or 3 (odd); broker 1 is offline in every ISR shown;
    /// partitions 4 and 5 still list broker 1 in the ISR (not yet shrunk: under-replicated).
    static func ordersPartitions(at t: Int64, analyticsLag: Int64) -> [PartitionSnapshot] {
        (0..<6).map { p -> PartitionSnapshot in
            let leader: Int32 = p % 2 == 0 ? 2 : 3
            let follower: Int32 = leader == 2 ? 3 : 2
            let hw = Int64(p + 1) * 1000 + t * 100 / 6
            let health: PartitionHealth = p < 2 ? .healthy : p < 4 ? .atMinISR : .underReplicated
            let replicas =
                p < 2
                ? [replica(leader, .leader, hw), replica(follower, .inSync, hw), replica(4, .inSync, hw)]
                : [
                    replica(leader, .leader, hw), replica(follower, p == 5 ? .outOfSync : .inSync, hw - 40),
                    replica(1, .offline, nil),
                ]
            return PartitionSnapshot(
                topicPartition: TopicPartition("orders", Int32(p)), leader: BrokerID(leader),
                leaderEpoch: LeaderEpoch(p < 2 ? 0 : 1), replicas: replicas,
                isr: p < 2
                    ? [BrokerID(leader), BrokerID(follower), BrokerID(4)]
                    : p < 4
                        ? [BrokerID(leader), BrokerID(follower)] : [BrokerID(leader), BrokerID(follower), BrokerID(1)],
                highWatermark: Offset(hw), logStartOffset: Offset(0), health: health,
                committedOffsets: [
                    GroupOffset(groupID: "analytics", committedOffset: Offset(hw - analyticsLag)),
                    GroupOffset(groupID: "inventory", committedOffset: Offset(hw - 5)),
                ])
        }
    }

    static func eventsPartitions() -> [PartitionSnapshot] {
        [
            PartitionSnapshot(
                topicPartition: TopicPartition("order-events", 0), leader: BrokerID(2), leaderEpoch: LeaderEpoch(0),
                replicas: [replica(2, .leader, 120), replica(3, .inSync, 120), replica(4, .inSync, 120)],
                isr: [BrokerID(2), BrokerID(3), BrokerID(4)], highWatermark: Offset(120), logStartOffset: Offset(0),
                health: .healthy),
            PartitionSnapshot(
                topicPartition: TopicPartition("order-events", 1), leader: BrokerID(3), leaderEpoch: LeaderEpoch(2),
                replicas: [replica(3, .leader, 80), replica(2, .inSync, 80), replica(1, .offline, nil)],
                isr: [BrokerID(3), BrokerID(2)], highWatermark: Offset(80), logStartOffset: Offset(10),
                health: .atMinISR),
            PartitionSnapshot(
                topicPartition: TopicPartition("order-events", 2), leader: nil, leaderEpoch: LeaderEpoch(3),
                replicas: [replica(1, .offline, nil)], isr: [BrokerID(1)], highWatermark: nil, logStartOffset: nil,
                health: .offline),
        ]
    }

    static func groups(at t: Int64, analyticsLag: Int64) -> [GroupSnapshot] {
        let orders = (0..<6).map { TopicPartition("orders", Int32($0)) }
        func lags(_ behind: Int64) -> [GroupPartitionLag] {
            orders.enumerated().map { p, topicPartition in
                let hw = Int64(p + 1) * 1000 + t * 100 / 6
                return GroupPartitionLag(
                    topicPartition: topicPartition, committedOffset: Offset(hw - behind), highWatermark: Offset(hw))
            }
        }
        var analytics = GroupSnapshot(
            groupID: "analytics", state: "Stable", generation: 4, protocolName: "range", coordinator: BrokerID(2),
            members: [
                GroupMemberSnapshot(
                    memberID: "analytics-1-0a1b", clientID: "analytics-1", groupInstanceID: nil,
                    assignment: Array(orders.prefix(6)))
            ],
            partitions: lags(analyticsLag), status: .warn, consumeRate: 50, arriveRate: 100,
            rebalances: [
                RebalanceSnapshot(
                    generation: 4, startedAt: Instant(microseconds: 37 * seconds), pause: .milliseconds(3100),
                    joined: [], left: ["analytics-2"], cause: "member analytics-2 left (consumer closed)")
            ])
        analytics.partitions = analytics.partitions.map { lag in
            var lag = lag
            lag.status = .warn
            return lag
        }
        let inventory = GroupSnapshot(
            groupID: "inventory", state: "Stable", generation: 2, protocolName: "range", coordinator: BrokerID(3),
            members: (1...3).map { n in
                GroupMemberSnapshot(
                    memberID: "inventory-\(n)-77", clientID: "inventory-\(n)", groupInstanceID: nil,
                    assignment: Array(orders[(n - 1) * 2..<n * 2]))
            },
            partitions: lags(5), status: .ok, consumeRate: 100, arriveRate: 100)
        return [analytics, inventory]
    }

    /// A console state that has watched the fixture for `seconds` seconds, so rates and
    /// sparklines have history.
    static func watchedState(seconds count: Int64 = 12, growingLag: Bool = true) -> ConsoleState {
        var state = ConsoleState(version: "0.1.0")
        for second in (42 - count)...42 {
            state.observe(cluster(at: second, analyticsLag: growingLag ? 300 - (42 - second) * 10 : 300))
        }
        return state
    }
}
