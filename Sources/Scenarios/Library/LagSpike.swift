extension ScenarioLibrary {
    static let lagSpike = Entry(
        name: "lag-spike",
        summary: "Lag spike and catch-up: a traffic surge outruns the consumers, then the lag drains",
        text: #"""
            scenario lag-spike
            title "Lag spike and catch-up: a traffic surge outruns the consumers, then the lag drains"
            description "Consumers that keep up on a normal day fall behind during a surge. Lag is a"
            description "queue: it grows by (in - out) per second and drains at the spare capacity."
            duration 4m
            seed 10

            brokers 3
            topic orders partitions 6 rf 3 min.insync 2
            producer order-service topic orders rate 300/s acks all
            group fulfilment topic orders members 3 rate 300/s

            at 5s say "300 orders/s in; three members can process 900/s together: lag stays near zero."
            at 30s say "A flash sale: the order rate jumps to 2000/s for 30 seconds." wait
            at 30s set-rate order-service 2000/s for 30s
            at 45s say "Lag grows by about 1100 records a second. Watch the Groups view and the lag trend."
            at 60s say "The sale ends. The spare 600 records/s drain the backlog in about a minute."
            at 150s say "Lag is back to zero: time to drain is what to alert on, not lag alone."

            expect lag fulfilment below 500 within 2m
            expect no-loss
            expect no-duplicates
            """#)
}
