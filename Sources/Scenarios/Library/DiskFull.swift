extension ScenarioLibrary {
    static let diskFull = Entry(
        name: "disk-full",
        summary: "Disk full on one broker: its log directory goes offline and leadership moves away",
        text: #"""
            scenario disk-full
            title "Disk full on one broker: its log directory goes offline and leadership moves away"
            description "When a write fails with no space left, Kafka marks the log directory offline;"
            description "with a single directory the broker stops serving its partitions and the"
            description "controller moves their leadership to other in-sync replicas."
            duration 3m
            seed 11

            brokers 3
            topic orders partitions 6 rf 3 min.insync 2
            producer order-service topic orders rate 200/s value 512B acks all
            group inventory topic orders members 3

            at 5s say "Three brokers, each with one log directory."
            at 30s say "Broker 2's disk fills up." wait
            at 30s disk-full broker 2 for 40s
            at 35s say "Its next append fails: the directory goes offline and its replicas with it."
            at 45s say "The controller elects new leaders from the remaining in-sync replicas."
            at 70s say "Space is freed. A failed log directory stays offline until the broker restarts."
            at 72s restart broker 2
            at 80s say "Broker 2 recovered its logs from disk and is catching up with the leaders."

            expect leader all within 20s
            expect no-loss
            expect replicated all within 60s
            """#)
}
