extension ScenarioLibrary {
    static let rollingRestart = Entry(
        name: "rolling-restart",
        summary: "Rolling restart: stop and restart each broker in turn without losing a write",
        text: #"""
            scenario rolling-restart
            title "Rolling restart: stop and restart each broker in turn without losing a write"
            description "How upgrades are done: one broker at a time, a controlled shutdown that moves"
            description "leadership away first, and a wait until every partition is fully replicated"
            description "before the next broker goes."
            duration 4m
            seed 8

            brokers 3
            topic orders partitions 6 rf 3 min.insync 2
            producer order-service topic orders rate 200/s acks all
            group inventory topic orders members 3

            at 10s say "Controlled shutdown: the broker asks the controller to move its leaderships first." wait
            at 20s stop broker 1 for 30s
            at 50s say "Broker 1 is back. Wait for the ISR to be full before touching broker 2."
            at 80s stop broker 2 for 30s
            at 140s stop broker 3 for 30s
            at 200s say "All three restarted. Leadership is skewed; a preferred election evens it out."
            at 200s elect-preferred
            at 210s say "The consumers followed their group coordinator as it moved; their offsets were never at risk."

            expect leader all within 5s
            expect no-loss
            expect no-duplicates
            expect replicated all within 30s
            expect lag inventory below 500 within 30s
            """#)
}
