import ClusterModel
import Console
import Foundation
import KafkaCore
import Scenarios
import Simulation
import TerminalUI

/// `flightdeck bench render`: the console's CPU time per frame at 200×60 — folding the snapshot
/// into the history, rendering the view into a grid, and diffing it against the previous frame
/// (what the ncurses backend then draws) — for the default 3-broker cluster and for a
/// hand-built cluster of 30 brokers × 3,000 partitions; and the bytes a frame sends to the
/// terminal when nothing changed (the idle frame) and when the default cluster moves on.
enum RenderBenchmark {
    static let size = Size(width: 200, height: 60)
    /// Frames measured per view (after as many to warm up).
    static let frames = 300

    static func run(_ options: BenchOptions) throws -> [BenchFigure] {
        var figures: [BenchFigure] = []
        let small = defaultClusterFrames()
        let large = (0..<20).map { largeCluster(frame: $0) }
        for (name, snapshots) in [("default_cluster", small), ("large_cluster", large)] {
            var worst = 0.0
            for view in [ConsoleView.overview, .brokers, .topics, .partitions, .groups, .events] {
                let micros = medianFrameMicroseconds(snapshots, view: view)
                worst = max(worst, micros)
                figures.append(BenchFigure(name: "render.\(name).\(view.name)_us", value: micros, unit: "us/frame"))
            }
            figures.append(BenchFigure(name: "render.\(name).worst_view_us", value: worst, unit: "us/frame"))
            figures.append(
                BenchFigure(
                    name: "render.\(name).idle_frame_bytes", value: Double(idleFrameBytes(snapshots)),
                    unit: "bytes/frame"))
        }
        figures.append(
            BenchFigure(
                name: "render.default_cluster.live_frame_bytes", value: liveFrameBytes(small), unit: "bytes/frame"))
        return figures
    }

    /// The default cluster's snapshots at 10 frames a second from 30 s of virtual time on,
    /// exactly as the console takes them.
    static func defaultClusterFrames() -> [ClusterSnapshot] {
        var live = LiveScenario(ScenarioLibrary.consoleCluster(brokers: 3), seed: 1)
        var snapshots: [ClusterSnapshot] = []
        for frame in 0..<350 {
            live.advance(wall: .milliseconds(100), eventBudget: 10_000_000)
            if frame >= 300 { snapshots.append(live.snapshot()) }
        }
        return snapshots
    }

    /// The median wall time of one frame (observe + render + diff), cycling through `snapshots`.
    static func medianFrameMicroseconds(_ snapshots: [ClusterSnapshot], view: ConsoleView) -> Double {
        var state = ConsoleState(version: "bench")
        state.terminalSize = size
        state.handle(.key(.character(view.digit)), snapshot: snapshots[0])
        var previous: CellGrid?
        var samples: [Double] = []
        var drawn = 0
        let start = snapshots[0].now
        for frame in 0..<(2 * frames) {
            // Time moves on as in the console (10 frames a second, a history sample every tenth
            // frame) while the cluster cycles through its recorded states.
            var snapshot = snapshots[frame % snapshots.count]
            snapshot.now = start + .milliseconds(100 * Int64(frame))
            let began = threadCPUNanoseconds()
            state.observe(snapshot)
            let grid = ConsoleRenderer.render(state, snapshot: snapshot, size: size)
            drawn += grid.runs(since: previous).count
            let elapsed = threadCPUNanoseconds() - began
            previous = grid
            if frame >= frames { samples.append(Double(elapsed) / 1000) }
        }
        precondition(drawn > 0, "the benchmark drew nothing")
        samples.sort()
        return samples[samples.count / 2]
    }

    /// The CPU time this thread has used: unlike the wall clock, it does not count the time other
    /// processes on a busy machine take the CPU away.
    static func threadCPUNanoseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    /// Bytes sent to the terminal for a frame identical to the one before.
    static func idleFrameBytes(_ snapshots: [ClusterSnapshot]) -> Int {
        var state = ConsoleState(version: "bench")
        state.terminalSize = size
        let snapshot = snapshots[snapshots.count - 1]
        state.observe(snapshot)
        let first = ConsoleRenderer.render(state, snapshot: snapshot, size: size)
        state.observe(snapshot)
        let second = ConsoleRenderer.render(state, snapshot: snapshot, size: size)
        return estimatedBytes(second.runs(since: first))
    }

    /// The mean bytes per frame while the default cluster runs (the overview, 10 frames a second).
    static func liveFrameBytes(_ snapshots: [ClusterSnapshot]) -> Double {
        var state = ConsoleState(version: "bench")
        state.terminalSize = size
        var previous: CellGrid?
        var total = 0
        for (index, snapshot) in snapshots.enumerated() {
            state.observe(snapshot)
            let grid = ConsoleRenderer.render(state, snapshot: snapshot, size: size)
            if index > 0 { total += estimatedBytes(grid.runs(since: previous)) }
            previous = grid
        }
        return Double(total) / Double(max(1, snapshots.count - 1))
    }

    /// What a diffing backend writes for `runs`: per run a cursor move (`ESC[row;colH`, 8 bytes)
    /// and an attribute/colour change (`ESC[0;1;38;5;nm`, about 12 bytes), then the run's UTF-8.
    static func estimatedBytes(_ runs: [CellRun]) -> Int {
        runs.reduce(0) { total, run in
            total + 8 + 12 + run.scalars.reduce(0) { $0 + String($1).utf8.count }
        }
    }

    /// A cluster of 30 brokers, 30 topics of 100 partitions (RF 3, min ISR 2), 20 groups of 5
    /// members each reading one topic, and a full events window; broker 7 is down, so a tenth of
    /// the partitions are under-replicated. Counters grow with `frame` (100 ms apart).
    static func largeCluster(frame: Int) -> ClusterSnapshot {
        let brokers = 30
        let now = Instant(microseconds: 600_000_000 + Int64(frame) * 100_000)
        let tick = Int64(frame)
        var partitions: [PartitionSnapshot] = []
        var topics: [TopicSnapshot] = []
        var counts: [PartitionHealth: Int] = [:]
        for topicIndex in 0..<30 {
            let name = "topic-\(topicIndex)"
            var topicCounts: [PartitionHealth: Int] = [:]
            for partition in 0..<100 {
                let replicaIDs = (0..<3).map { Int32((topicIndex + partition + $0 * 7) % brokers + 1) }
                let down = replicaIDs.contains(7)
                let highWatermark = Offset(Int64(partition * 1000) + tick * 10)
                let replicas = replicaIDs.enumerated().map { index, id in
                    ReplicaSnapshot(
                        broker: BrokerID(id),
                        standing: id == 7 ? .offline : index == 0 ? .leader : .inSync,
                        logEndOffset: id == 7 ? nil : highWatermark)
                }
                let health: PartitionHealth = down ? .atMinISR : .healthy
                topicCounts[health, default: 0] += 1
                counts[health, default: 0] += 1
                partitions.append(
                    PartitionSnapshot(
                        topicPartition: TopicPartition(name, Int32(partition)), leader: BrokerID(replicaIDs[0]),
                        leaderEpoch: LeaderEpoch(down ? 3 : 1), replicas: replicas,
                        isr: replicaIDs.filter { $0 != 7 }.map(BrokerID.init), highWatermark: highWatermark,
                        logStartOffset: Offset(0), health: health,
                        committedOffsets: [GroupOffset(groupID: "group-\(topicIndex % 20)", committedOffset: Offset(0))]
                    ))
            }
            topics.append(
                TopicSnapshot(
                    name: name, partitionCount: 100, replicationFactor: 3,
                    configs: [ConfigEntry("min.insync.replicas", "2"), ConfigEntry("cleanup.policy", "delete")],
                    isInternal: false, sizeBytes: 1 << 30, healthCounts: topicCounts))
        }
        let groups = (0..<20).map { index -> GroupSnapshot in
            let topic = "topic-\(index)"
            let lags = (0..<100).map { partition in
                GroupPartitionLag(
                    topicPartition: TopicPartition(topic, Int32(partition)),
                    committedOffset: Offset(Int64(partition * 1000) + tick * 9),
                    highWatermark: Offset(Int64(partition * 1000) + tick * 10))
            }
            let members = (0..<5).map { member in
                GroupMemberSnapshot(
                    memberID: "member-\(index)-\(member)", clientID: "group-\(index)-\(member + 1)",
                    groupInstanceID: nil,
                    assignment: lags.map(\.topicPartition).filter { Int($0.partition) % 5 == member })
            }
            return GroupSnapshot(
                groupID: "group-\(index)", state: "Stable", generation: 3, protocolName: "range",
                coordinator: BrokerID(Int32(index % brokers + 1)), members: members, partitions: lags,
                consumeRate: 900, arriveRate: 1000)
        }
        let events = (0..<500).map { index in
            ClusterEvent(
                instant: Instant(microseconds: Int64(index) * 1_000_000), kind: .isr, brokers: [BrokerID(7)],
                topics: ["topic-\(index % 30)"],
                text: "topic-\(index % 30)-\(index % 100): ISR [1,7,14] → [1,14] (shrink: [7] fell behind)")
        }
        return ClusterSnapshot(
            now: now, seed: 1, healthCounts: counts, activeController: BrokerID(1),
            brokers: (1...brokers).map { id in
                BrokerSnapshot(
                    id: BrokerID(Int32(id)), state: id == 7 ? .stopped : .running, isQuorumVoter: id <= 3,
                    isActiveController: id == 1, partitionsLed: 100, partitionsFollowed: 200,
                    logSizeBytes: 1 << 30, bytesIn: Int(tick) * 100_000 * id, bytesOut: Int(tick) * 200_000,
                    messagesIn: Int(tick) * 1000)
            }, topics: topics, partitions: partitions, groups: groups, events: events)
    }
}
