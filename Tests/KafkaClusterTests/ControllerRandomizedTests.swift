import KafkaCluster
import KafkaCore
import Testing

/// Random register / heartbeat / fence / unfence / create / alter / elect / allocate operations
/// against one controller, with the invariants checked after every operation.
@Suite struct ControllerRandomizedTests {
    static let brokerCount: UInt64 = 5

    @Test("random operations keep every partition and epoch invariant", arguments: 1...20 as ClosedRange<UInt64>)
    func sweep(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed).stream("operations")
        var harness = ControllerHarness(seed: seed)
        var lastEpochs: [TopicPartition: (LeaderEpoch, Int32)] = [:]
        var brokerEpochs: [BrokerID: Int64] = [:]
        var topics = 0
        var previous = harness.image
        for step in 0..<300 {
            harness.now = harness.now + .milliseconds(Int64(random.next(below: 3000)))
            let broker = Int32(random.next(below: Self.brokerCount))
            switch random.next(below: 8) {
            case 0: _ = harness.register(broker, incarnation: random.next(below: 3))
            case 1, 2: _ = harness.heartbeat(broker)
            case 3: harness.fence(broker)
            case 4: _ = harness.record(harness.controller.fenceStaleBroker(now: harness.now))
            case 5:
                topics += 1
                _ = harness.createTopic(
                    "t\(topics)", partitions: Int32(1 + random.next(below: 4)),
                    replicationFactor: Int16(1 + random.next(below: 3)), unclean: random.chance(0.3))
            case 6: alter(&harness, random: &random)
            default:
                periodic(&harness, step: step)
            }
            harness.controller.checkInvariants()
            #expect(harness.image.nextProducerID >= previous.nextProducerID, "seed \(seed) step \(step)")
            checkLocalChanges(harness.image, since: previous, context: "seed \(seed) step \(step)")
            previous = harness.image
            #expect(harness.image == harness.replayed(), "seed \(seed) step \(step)")
            for registration in harness.image.sortedBrokers {
                #expect(registration.epoch >= brokerEpochs[registration.id] ?? -1, "seed \(seed) step \(step)")
                brokerEpochs[registration.id] = registration.epoch
            }
            for (tp, partition) in harness.image.sortedPartitions {
                #expect(partition.leader == .noLeader || partition.isr.contains(partition.leader))
                #expect(partition.isr.allSatisfy(partition.replicas.contains))
                #expect(partition.leader == .noLeader || harness.image.isActive(partition.leader))
                if let (leaderEpoch, partitionEpoch) = lastEpochs[tp] {
                    #expect(partition.leaderEpoch >= leaderEpoch, "seed \(seed) step \(step) \(tp)")
                    #expect(partition.partitionEpoch >= partitionEpoch, "seed \(seed) step \(step) \(tp)")
                }
                lastEpochs[tp] = (partition.leaderEpoch, partition.partitionEpoch)
            }
        }
        for record in harness.log {
            #expect(try MetadataRecord(decoding: record.encoded()) == record)
        }
        // A sweep that never moved a leader or shrank an ISR would check nothing interesting.
        let leaderMoves = harness.log.filter { record in
            if case .partitionChange(let change) = record { return change.leader != nil }
            return false
        }
        #expect(harness.image.partitions.count > 3, "seed \(seed)")
        #expect(leaderMoves.count > 3, "seed \(seed): only \(leaderMoves.count) leader changes")
    }

    /// One of the controller's other duties, in turn (no draw, so seeds keep their sequences):
    /// preferred election of everything, auto-balancing, periodic unclean election, and a
    /// producer-id block for the lowest registered broker.
    private func periodic(_ harness: inout ControllerHarness, step: Int) {
        switch step % 4 {
        case 0:
            let partitions = harness.image.sortedPartitions.map(\.0)
            _ = harness.record(harness.controller.electPreferredLeaders(partitions))
        case 1:
            let moved = harness.record(harness.controller.balancePartitionLeaders())
            for tp in moved {
                #expect(harness.image.partitions[tp]?.leader == harness.image.partitions[tp]?.replicas[0])
            }
        case 2:
            let elected = harness.record(harness.controller.electUncleanLeaders())
            for tp in elected { #expect(harness.image.partitions[tp]?.hasLeader == true) }
        default:
            guard let broker = harness.image.sortedBrokers.first else { return }
            let before = harness.image.nextProducerID
            let block = harness.record(harness.controller.allocateProducerIDs(broker.id, brokerEpoch: broker.epoch))
            #expect(block == ProducerIDAllocation(firstProducerID: before, count: ProducerIDAllocation.blockSize))
        }
    }

    /// Every partition whose registration changed shows up, for each of its replicas, as a
    /// leader change exactly when that replica leads it, and nothing else shows up.
    private func checkLocalChanges(_ image: MetadataImage, since old: MetadataImage, context: String) {
        for broker in image.sortedBrokers.map(\.id) {
            let changes = image.localChanges(since: old, for: broker)
            let changed = image.sortedPartitions.filter { tp, partition in
                partition.replicas.contains(broker) && old.partitions[tp] != partition
            }
            #expect(
                changes.leaders.map(\.topicPartition) == changed.filter { $0.1.leader == broker }.map(\.0), "\(context)"
            )
            #expect(
                changes.followers.map(\.topicPartition) == changed.filter { $0.1.leader != broker }.map(\.0),
                "\(context)")
            #expect(changes.deleted.isEmpty, "\(context)")
        }
    }

    /// A leader proposes adding or dropping one follower, sometimes with a stale partition epoch.
    private func alter(_ harness: inout ControllerHarness, random: inout SeededGenerator) {
        let led = harness.image.sortedPartitions.filter(\.1.hasLeader)
        guard !led.isEmpty else { return }
        let (tp, partition) = led[Int(random.next(below: UInt64(led.count)))]
        let other = partition.replicas[Int(random.next(below: UInt64(partition.replicas.count)))]
        var isr = partition.isr
        if other != partition.leader {
            if let index = isr.firstIndex(of: other) { isr.remove(at: index) } else { isr.append(other) }
        }
        let stale = random.chance(0.2)
        let request = AlterPartitionRequest(
            brokerID: partition.leader, brokerEpoch: harness.epochs[partition.leader] ?? -1, topicPartition: tp,
            leaderEpoch: partition.leaderEpoch, partitionEpoch: partition.partitionEpoch - (stale ? 1 : 0),
            newIsr: isr, leaderRecoveryState: isr.count > 1 ? .recovered : partition.leaderRecoveryState)
        let response = harness.record(harness.controller.alterPartition(request))
        if stale { #expect(response.error == .invalidUpdateVersion) }
    }
}
