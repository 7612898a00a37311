import ClusterModel
import Console
import KafkaCore
import TerminalUI
import Testing

/// `e`: why a row looks as it does, from the snapshot alone.
@Suite struct ExplainTests {
    let snapshot = Fixtures.cluster()

    func text(_ row: String, in snapshot: ClusterSnapshot? = nil) throws -> String {
        let lines = try #require(Explainer.lines(forRow: row, snapshot: snapshot ?? self.snapshot))
        return lines.map(\.text).joined(separator: "\n")
    }

    @Test("an out-of-sync replica: its LEO against the high watermark and replica.lag.time.max.ms")
    func outOfSync() throws {
        let text = try self.text("orders-5")
        #expect(text.contains("orders-5 is under-replicated"))
        #expect(text.contains("Leader: broker 3, leader epoch 1"))
        let hw = 6000 + 42 * 100 / 6
        #expect(text.contains("broker 2: out of sync, log end offset \(hw - 40), 40 behind the high watermark \(hw)"))
        #expect(text.contains("replica.lag.time.max.ms=30000"))
        #expect(text.contains("broker 1: offline — broker 1 is stopped (killed or shut down); still listed in the ISR"))
        #expect(text.contains("Effective minimum ISR = min(min.insync.replicas=2, replication factor 3) = 2."))
        #expect(text.contains("analytics: committed offset \(hw - 300), lag 300"))
    }

    @Test("the configs quoted are the cluster's own when the snapshot carries them")
    func quotesSnapshotConfigs() throws {
        var snapshot = self.snapshot
        snapshot.brokerConfigs = [
            ConfigEntry("replica.lag.time.max.ms", "10000"), ConfigEntry("broker.session.timeout.ms", "6000"),
        ]
        #expect(try text("orders-5", in: snapshot).contains("replica.lag.time.max.ms=10000"))
        #expect(try text("broker:1", in: snapshot).contains("broker.session.timeout.ms=6000"))
    }

    @Test("at, under and over the effective minimum ISR, in words an acks=all producer understands")
    func minISR() throws {
        #expect(try text("orders-2").contains("2 in sync = 2: acks=all writes still succeed, but one more replica"))
        #expect(try text("orders-0").contains("All 3 replicas are in sync"))
        var snapshot = self.snapshot
        let index = try #require(snapshot.partitions.firstIndex { $0.topicPartition.description == "orders-2" })
        snapshot.partitions[index].isr = [BrokerID(2)]
        snapshot.partitions[index].health = .underMinISR
        #expect(try text("orders-2", in: snapshot).contains("1 in sync < 2: the leader refuses acks=all writes"))
        // The effective minimum: a topic with RF 1 and min.insync.replicas=2 needs only 1.
        snapshot.partitions[index].replicas = [snapshot.partitions[index].replicas[0]]
        #expect(
            try text("orders-2", in: snapshot).contains(
                "min(min.insync.replicas=2, replication factor 1) = 1"))
    }

    @Test("an offline partition: no leader, and unclean.leader.election.enable decides what happens next")
    func offline() throws {
        let text = try self.text("order-events-2")
        #expect(text.contains("order-events-2 is offline"))
        #expect(text.contains("No live leader: nobody can produce to or consume from it."))
        #expect(text.contains("unclean.leader.election.enable=false: Kafka waits for an in-sync replica [1]"))
        var snapshot = self.snapshot
        let topic = try #require(snapshot.topics.firstIndex { $0.name == "order-events" })
        snapshot.topics[topic].configs.append(ConfigEntry("unclean.leader.election.enable", "true"))
        #expect(try self.text("order-events-2", in: snapshot).contains("records it lacks are lost"))
    }

    @Test("a broker: its state and the timeout behind it, what it leads and follows, its events")
    func broker() throws {
        let stopped = try text("broker:1")
        #expect(stopped.contains("broker 1 is stopped"))
        #expect(stopped.contains("after broker.session.timeout.ms=9000 the controller fenced it"))
        #expect(stopped.contains("missed heartbeats for broker.session.timeout.ms=9s → fenced"))
        let controller = try text("broker:2")
        #expect(controller.contains("active KRaft controller"))
        #expect(controller.contains("Leads 4: order-events-0, orders-0, orders-2, orders-4"))
    }

    @Test("a group: state, generation, lag per partition, the Burrow rule behind its status, the last rebalance")
    func group() throws {
        let text = try self.text("group:analytics")
        #expect(text.contains("group analytics is Stable, generation 4, status WARN"))
        #expect(text.contains("orders-0: committed"))
        #expect(text.contains("lag 300 — WARN"))
        #expect(text.contains("WARN: the consumer keeps committing, but the lag went up"))
        #expect(text.contains("Cause: member analytics-2 left (consumer closed)"))
        #expect(text.contains("consumption paused for 3.100s"))
    }

    @Test("a topic: health counts naming the partitions, and its configs with their meaning")
    func topic() throws {
        let text = try self.text("topic:orders")
        #expect(text.contains("topic orders: 6 partitions, replication factor 3"))
        #expect(text.contains("2 at-min-ISR: orders-2, orders-3"))
        #expect(text.contains("min.insync.replicas=2 — in-sync replicas an acks=all write needs"))
    }

    @Test("rows that are not brokers, topics, partitions or groups have no explanation")
    func nothing() {
        #expect(Explainer.lines(forRow: "orders-99", snapshot: snapshot) == nil)
        #expect(Explainer.lines(forRow: "broker:9", snapshot: snapshot) == nil)
    }

    @Test("e opens the explanation of the selected row over the list; e or Esc closes it; Esc then goes back")
    func keys() {
        var state = ConsoleState(version: "0.1.0")
        for key: Key in [.character("4"), .down, .down, .down, .down, .character("e")] {
            state.handle(.key(key), snapshot: snapshot)
        }
        #expect(state.isExplaining)
        let grid = ConsoleRenderer.render(state, snapshot: snapshot, size: Size(width: 100, height: 30))
        #expect(grid.find("Why — partition orders-1") != nil)
        state.handle(.key(.escape), snapshot: snapshot)
        #expect(!state.isExplaining)
        #expect(state.screen.view == .partitions)
        state.handle(.key(.character("e")), snapshot: snapshot)
        state.handle(.key(.character("e")), snapshot: snapshot)
        #expect(!state.isExplaining)
        state.handle(.key(.character("1")), snapshot: snapshot)
        state.handle(.key(.character("e")), snapshot: snapshot)
        #expect(!state.isExplaining)
        #expect(state.status?.text.hasPrefix("e explains the selected row") == true)
    }

    @Test("the explanation overlay renders as its golden frame")
    func golden() throws {
        var state = ConsoleState(version: "0.1.0")
        state.handle(.key(.character("4")), snapshot: snapshot)
        let selected = state.selectRow("orders-5", snapshot: snapshot)
        #expect(selected)
        state.handle(.key(.character("e")), snapshot: snapshot)
        try Golden.check(
            ConsoleRenderer.render(state, snapshot: snapshot, size: Size(width: 100, height: 30)),
            named: "explain-partition-100x30")
        var groups = ConsoleState(version: "0.1.0")
        groups.handle(.key(.character("5")), snapshot: snapshot)
        groups.handle(.key(.character("e")), snapshot: snapshot)
        try Golden.check(
            ConsoleRenderer.render(groups, snapshot: snapshot, size: Size(width: 120, height: 40)),
            named: "explain-group-120x40")
    }
}

@Suite struct ExplainScrollTests {
    @Test("at 80×24 a long explanation scrolls a page at a time with PgDn and back with PgUp")
    func scrolls() {
        let snapshot = Fixtures.cluster()
        var state = ConsoleState(version: "0.1.0")
        state.handle(.key(.character("4")), snapshot: snapshot)
        _ = state.selectRow("orders-5", snapshot: snapshot)
        state.handle(.key(.character("e")), snapshot: snapshot)
        let size = Size(width: 80, height: 24)
        let first = ConsoleRenderer.render(state, snapshot: snapshot, size: size)
        #expect(first.find("more lines: PgDn") != nil)
        #expect(first.find("orders-5 is under-replicated") != nil)
        state.handle(.key(.pageDown), snapshot: snapshot)
        state.handle(.key(.pageDown), snapshot: snapshot)
        state.handle(.key(.pageDown), snapshot: snapshot)
        let last = ConsoleRenderer.render(state, snapshot: snapshot, size: size)
        #expect(last.find("orders-5 is under-replicated") == nil)
        #expect(last.find("What changed it") != nil || last.find("analytics: committed offset") != nil)
        #expect(state.list(state.screen).selectedID == "orders-5", "PgDn scrolled the text, not the list")
        for _ in 0..<5 { state.handle(.key(.pageUp), snapshot: snapshot) }
        #expect(state.explanationPage == 0)
        let back = ConsoleRenderer.render(state, snapshot: snapshot, size: size)
        #expect(back.find("orders-5 is under-replicated") != nil)
    }
}
