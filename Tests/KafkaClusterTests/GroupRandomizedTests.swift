import KafkaCluster
import KafkaCore
import Testing

/// Clients that join, sync, heartbeat, commit, leave, crash and restart at random against one
/// coordinator, with the invariants checked after every step.
@Suite struct GroupRandomizedTests {
    /// One simulated consumer's view of its membership.
    struct Client {
        var instance: String?
        var memberID = ""
        var generation: Int32 = -1
        var join: GroupRequestToken?
        var sync: GroupRequestToken?
    }

    @Test(
        "random joins, leaves, heartbeats and ticks keep every group invariant",
        arguments: 1...25 as ClosedRange<UInt64>)
    func sweep(seed: UInt64) {
        var random = SeededGenerator(seed: seed).stream("group-operations")
        var harness = GroupCoordinatorHarness(seed: seed)
        var clients = (0..<5).map { Client(instance: $0 < 2 ? "static-\($0)" : nil) }
        var generationsSeen: [Int32] = []
        var lastGeneration: Int32 = 0
        var groupDeletions = 0
        var stableGenerations = 0
        let context = "seed \(seed); replay with swift test --filter GroupRandomizedTests"
        for step in 0..<400 {
            harness.advance(by: .milliseconds(Int64(random.next(below: 4000))))
            let index = Int(random.next(below: UInt64(clients.count)))
            var client = clients[index]
            settle(&client, harness: &harness, generations: &generationsSeen)
            switch random.next(below: 10) {
            case 0, 1, 2:
                if client.join == nil && client.sync == nil {
                    client.join = harness.join(memberID: client.memberID, instance: client.instance)
                }
            case 3, 4, 5:
                guard client.join == nil, client.sync == nil, !client.memberID.isEmpty else { break }
                switch harness.heartbeat(
                    generation: client.generation, memberID: client.memberID, instance: client.instance)
                {
                case .none: break
                case .rebalanceInProgress:
                    client.join = harness.join(memberID: client.memberID, instance: client.instance)
                default: client.memberID = client.instance == nil ? "" : client.memberID
                }
            case 6:
                if !client.memberID.isEmpty && client.join == nil {
                    let errors = harness.commit(
                        [(TopicPartition("t", Int32(index)), Int64(step))], generation: client.generation,
                        memberID: client.memberID)
                    if errors == [KafkaError.none], let group = harness.group() {
                        #expect(group.generation == client.generation, "\(context) step \(step): stale commit accepted")
                    }
                }
            case 7:
                if client.instance == nil && !client.memberID.isEmpty {
                    _ = harness.leave([LeaveGroupMember(memberID: client.memberID)])
                    client = Client(instance: client.instance)
                }
            case 8:
                // Crash: forget everything; a static member restarts with its instance id only.
                client = Client(instance: client.instance)
            default:
                harness.advance(by: .seconds(Int64(random.next(below: 15))))
            }
            clients[index] = client
            let deletions = harness.log.filter { $0 == .groupMetadata(groupID: "g", nil) }.count
            if deletions != groupDeletions {
                // An Empty group without offsets is deleted at the retention check; a later
                // join starts a new group from generation 0, as in Kafka.
                groupDeletions = deletions
                lastGeneration = 0
                generationsSeen = []
            }
            harness.coordinator.checkInvariants()
            if let group = harness.group() {
                if group.state == .stable { stableGenerations += 1 }
                #expect(group.generation >= lastGeneration, "\(context) step \(step): generation went backwards")
                #expect(group.generation >= (generationsSeen.max() ?? 0), "\(context) step \(step)")
                lastGeneration = group.generation
            }
        }
        #expect(stableGenerations > 0, "\(context): the group never became Stable, so little was checked")
        var successor = GroupCoordinator(partition: 0, config: harness.coordinator.config, seed: seed)
        successor.load(records: harness.log, now: harness.now)
        successor.checkInvariants()
        #expect(successor.groups["g"]?.offsets == harness.group()?.offsets, "\(context): replay lost offsets")
    }

    /// Reads the answers to the client's parked requests and takes the next protocol step.
    private func settle(_ client: inout Client, harness: inout GroupCoordinatorHarness, generations: inout [Int32]) {
        if let token = client.join, let response = harness.joinResponse(token) {
            client.join = nil
            switch response.error {
            case .memberIDRequired:
                client.memberID = response.memberID
                client.join = harness.join(memberID: client.memberID, instance: client.instance)
            case .none:
                client.memberID = response.memberID
                client.generation = response.generationID
                generations.append(response.generationID)
                let assignments = response.members.enumerated().map { position, member in
                    SyncGroupAssignment(memberID: member.memberID, assignment: [UInt8(position)])
                }
                client.sync = harness.sync(
                    generation: client.generation, memberID: client.memberID, instance: client.instance,
                    assignments: response.skipAssignment ? [] : assignments)
            default:
                client = Client(instance: client.instance)
            }
        }
        if let token = client.sync, let response = harness.syncResponse(token) {
            client.sync = nil
            if response.error != .none && response.error != .rebalanceInProgress {
                client = Client(instance: client.instance)
            }
        }
    }
}
