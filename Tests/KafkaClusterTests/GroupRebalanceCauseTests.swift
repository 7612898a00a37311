import KafkaCluster
import KafkaCore
import Testing

/// The coordinator remembers why it last started a rebalance, in the words Kafka's coordinator
/// logs, and when it started.
@Suite struct GroupRebalanceCauseTests {
    @Test("the first join's cause names the new member and a null instance id, with no client reason")
    func firstJoin() {
        var harness = GroupCoordinatorHarness()
        let (member, _) = harness.joinDynamic()
        #expect(
            harness.group()?.rebalanceCause
                == "Adding new member \(member) with group instance id null; client reason: not provided")
        #expect(harness.group()?.rebalanceStartedAt == harness.now)
    }

    @Test("a LeaveGroup quotes the client's reason; a session expiry says heartbeat expiration")
    func leaveAndExpiry() {
        var harness = GroupCoordinatorHarness()
        let members = harness.stableGroup(count: 3)
        harness.advance(by: .seconds(1))
        _ = harness.leave([LeaveGroupMember(memberID: members[2], reason: "the consumer is being closed")])
        #expect(
            harness.group()?.rebalanceCause
                == "Removing member \(members[2]) on LeaveGroup; client reason: the consumer is being closed")
        #expect(harness.group()?.rebalanceStartedAt == harness.now)
        // Nobody rejoins: the rebalance timeout (30 s) removes the two silent dynamic members
        // and the group empties, without a new cause.
        let leftAt = harness.now
        harness.run(until: harness.now + .seconds(31))
        #expect(harness.group()?.state == .empty)
        #expect(harness.group()?.rebalanceStartedAt == leftAt)

        var expiring = GroupCoordinatorHarness()
        let pair = expiring.stableGroup(count: 2)
        // Only the first member heartbeats; the second's 10 s session runs out.
        for _ in 0..<12 {
            expiring.advance(by: .seconds(1))
            _ = expiring.heartbeat(generation: 1, memberID: pair[0])
        }
        #expect(expiring.group()?.rebalanceCause == "removing member \(pair[1]) on heartbeat expiration.")
        #expect(expiring.group()?.state == .preparingRebalance || expiring.group()?.state == .completingRebalance)
    }

    @Test("a pending member's leave starts no rebalance, and the leader's rejoin says so")
    func pendingLeaveAndLeaderRejoin() {
        var harness = GroupCoordinatorHarness()
        let members = harness.stableGroup(count: 2)
        let cause = harness.group()?.rebalanceCause
        let pending = harness.joinResponse(harness.join())?.memberID ?? ""
        _ = harness.leave([LeaveGroupMember(memberID: pending)])
        #expect(harness.group()?.state == .stable, "a pending member was never in the group")
        #expect(harness.group()?.rebalanceCause == cause)
        harness.join(memberID: members[0])
        #expect(
            harness.group()?.rebalanceCause
                == "Leader \(members[0]) re-joining group during Stable; client reason: not provided")
    }
}
