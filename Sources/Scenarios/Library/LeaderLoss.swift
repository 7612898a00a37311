extension ScenarioLibrary {
    static let leaderLoss = Entry(
        name: "leader-loss",
        summary: "Leader loss: kill -9 the leader of orders-0 and watch a follower take over",
        text: #"""
            # The first drill every Kafka operator should see.
            scenario leader-loss
            title "Leader loss: kill -9 the leader of orders-0 and watch a follower take over"
            description "The broker leading orders-0 dies without a goodbye. The controller notices when"
            description "its heartbeats stop (broker.session.timeout.ms, 9s), fences it, and elects a"
            description "new leader from the in-sync replicas. Producers with acks=all lose nothing."
            duration 3m
            seed 1

            brokers 3
            topic orders partitions 6 rf 3 min.insync 2
            producer order-service topic orders rate 200/s keys uniform 1000 acks all
            group inventory topic orders members 3

            at 5s say "Three brokers, orders has 6 partitions with 3 replicas each; min.insync.replicas=2."
            at 20s say "The order service writes with acks=all: a write counts once 2 replicas have it."
            at 30s say "Now we kill -9 the leader of orders-0. Watch its ISR and the Events view." wait
            at 30s kill leader of orders-0 for 45s
            at 32s say "Producers get errors for orders-0 and retry; the controller waits for the heartbeat timeout."
            at 45s say "A follower from the ISR is leader now, with a new leader epoch. No acknowledged write is gone."
            at 75s say "The old leader restarts, truncates to the new leader's log by epoch, and catches up."
            at 100s elect-preferred orders
            at 100s say "A preferred leader election hands leadership back to the first replica."

            expect leader orders-0 within 15s
            expect no-loss
            expect no-duplicates
            expect replicated orders within 30s
            expect lag inventory below 500 within 30s
            """#)
}
