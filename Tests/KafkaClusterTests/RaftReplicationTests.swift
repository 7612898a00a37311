import KafkaCluster
import KafkaCore
import KafkaLog
import Testing

@Suite struct RaftReplicationTests {
    let one = RaftBench.voters[0]
    let two = RaftBench.voters[1]
    let three = RaftBench.voters[2]
    let observer = NodeID.broker(BrokerID(7))

    @Test("a proposal is committed once a majority of voters has fetched it, and followers learn the high watermark")
    func commitsOnMajority() throws {
        var bench = RaftBench()
        bench.elect(one)
        bench.isolate(three, from: [one])
        let offset = try bench.propose([42], on: one).get()
        #expect(offset == Offset(1))
        #expect(bench.member(one).highWatermark == Offset(1), "not committed before a follower has it")
        bench.tick(one)
        bench.deliver()
        #expect(bench.member(one).highWatermark == Offset(2))
        #expect(bench.member(two).highWatermark == Offset(2))
        #expect(bench.member(two).log.record(at: offset)?.body == .data([42]))
        #expect(bench.member(three).log.endOffset == Offset(1), "the cut-off voter has not fetched it")
    }

    @Test("a leader cut off from every follower appends proposals but its high watermark does not move")
    func minorityCannotCommit() throws {
        var bench = RaftBench()
        bench.elect(one)
        bench.isolate(one, from: [two, three])
        for payload in 0..<5 as Range<UInt8> {
            _ = try bench.propose([payload], on: one).get()
            bench.tick(one)
            bench.deliver()
        }
        #expect(bench.member(one).log.endOffset == Offset(6))
        #expect(bench.member(one).highWatermark == Offset(1))
    }

    @Test("proposing on a follower fails with the leader as a hint")
    func followerRefusesProposals() {
        var bench = RaftBench()
        bench.elect(one)
        var follower = bench.member(two)
        #expect(follower.propose([1], at: bench.now) == .failure(NotLeader(epoch: LeaderEpoch(1), leaderHint: one)))
        var unattached = RaftNode(id: three, voters: RaftBench.voters, seed: 3, log: InMemoryRaftLog())
        #expect(unattached.propose([1], at: .zero) == .failure(NotLeader(epoch: LeaderEpoch(0), leaderHint: nil)))
    }

    @Test("a follower whose log diverges truncates to where the leader's epoch ends and then catches up")
    func divergingFollowerTruncates() {
        let change = { (offset: Int64, epoch: Int32, leader: NodeID) in
            RaftRecord(
                offset: Offset(offset), epoch: LeaderEpoch(epoch),
                body: .leaderChange(leader: leader, voters: RaftBench.voters))
        }
        let data = { (offset: Int64, epoch: Int32, byte: UInt8) in
            RaftRecord(offset: Offset(offset), epoch: LeaderEpoch(epoch), body: .data([byte]))
        }
        // Two wrote epoch 2 records nobody else has; one led epoch 3 after them.
        let stale = InMemoryRaftLog([change(0, 1, one), data(1, 1, 1), change(2, 2, two), data(3, 2, 2), data(4, 2, 3)])
        let current = InMemoryRaftLog([change(0, 1, one), data(1, 1, 1), change(2, 3, one)])
        #expect(
            current.endOffset(forEpoch: LeaderEpoch(2)) == EpochEndOffset(epoch: LeaderEpoch(1), endOffset: Offset(2)))
        var bench = RaftBench()
        bench.members[one] = RaftNode(
            id: one, voters: RaftBench.voters, seed: 1, log: InMemoryRaftLog(Array(current.entries.prefix(2))),
            election: ElectionState(epoch: LeaderEpoch(2)))
        bench.members[two] = RaftNode(
            id: two, voters: RaftBench.voters, seed: 2, log: stale, election: ElectionState(epoch: LeaderEpoch(2)))
        bench.members[three] = RaftNode(
            id: three, voters: RaftBench.voters, seed: 3, log: InMemoryRaftLog(Array(current.entries.prefix(2))),
            election: ElectionState(epoch: LeaderEpoch(2)))
        bench.elect(one)
        let leader = bench.member(one)
        let follower = bench.member(two)
        #expect(leader.isLeader && leader.election.epoch == LeaderEpoch(3))
        #expect(follower.log == leader.log, "the follower dropped its epoch 2 records and fetched epoch 3")
        #expect(follower.highWatermark == Offset(3))
    }

    @Test("an observer finds the leader through any voter, replicates the log and learns the high watermark")
    func observerLearnsHighWatermark() throws {
        var bench = RaftBench(observers: [observer])
        bench.elect(one)
        _ = try bench.propose([9], on: one).get()
        bench.tick(one)
        bench.deliver()
        // The observer looks for the leader starting at the first voter.
        for _ in 0..<4 {
            bench.tick(observer)
            bench.deliver()
            bench.advance(to: bench.now + .milliseconds(20))
            bench.deliver()
        }
        let watcher = bench.member(observer)
        #expect(watcher.role.name == "follower")
        #expect(watcher.log == bench.member(one).log)
        #expect(watcher.highWatermark == Offset(2))
        #expect(bench.member(one).highWatermark == Offset(2), "observers do not count towards the majority")
    }

    @Test("the end offset for an epoch is where the largest epoch at most it ends")
    func endOffsetForEpoch() {
        let log = InMemoryRaftLog(
            [(0, 1), (1, 1), (2, 3), (3, 3), (4, 5)].map {
                RaftRecord(offset: Offset($0.0), epoch: LeaderEpoch($0.1), body: .data([]))
            })
        #expect(log.endOffset(forEpoch: LeaderEpoch(0)) == EpochEndOffset(epoch: LeaderEpoch(0), endOffset: Offset(0)))
        #expect(log.endOffset(forEpoch: LeaderEpoch(1)) == EpochEndOffset(epoch: LeaderEpoch(1), endOffset: Offset(2)))
        #expect(log.endOffset(forEpoch: LeaderEpoch(2)) == EpochEndOffset(epoch: LeaderEpoch(1), endOffset: Offset(2)))
        #expect(log.endOffset(forEpoch: LeaderEpoch(4)) == EpochEndOffset(epoch: LeaderEpoch(3), endOffset: Offset(4)))
        #expect(log.endOffset(forEpoch: LeaderEpoch(9)) == EpochEndOffset(epoch: LeaderEpoch(5), endOffset: Offset(5)))
    }
}
